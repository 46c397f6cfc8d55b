"""Withdrawal is immediate and complete; expiry withdraws on its own; leaders are told."""

import datetime
import os

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Locale, ModelLogEntry, Page, PageLogEntry

from consent.lifecycle import pages_using
from consent.models import ConsentRecord
from tests.support import frontend_cache, people
from tests.support.story_factories import (
    image_body,
    make_consent,
    make_image,
    make_story,
    publish_translation,
    story_index,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorded_purges(settings):
    settings.WAGTAILFRONTENDCACHE = {
        "recorder": {"BACKEND": "tests.support.frontend_cache.RecordingBackend"}
    }
    frontend_cache.PURGED.clear()
    return frontend_cache.PURGED


@pytest.fixture
def published_story():
    consent = make_consent(photo=True)
    image = make_image()
    story = make_story(
        consent,
        title="Zebra-token story of the bus stop",
        pseudonym="Kesar",
        body=image_body(image),
        publish=True,
    )
    gujarati = publish_translation(story, "gu", "ઝેબ્રા વાર્તા")
    hindi = publish_translation(story, "hi", "ज़ेबरा कहानी")
    return consent, image, [story, gujarati, hindi]


def test_withdrawal_takes_every_language_offline_in_the_same_call(published_story, client):
    consent, _image, pages = published_story
    for page in pages:
        assert client.get(page.url).status_code == 200
    urls = [page.url for page in pages]
    assert consent.withdraw() == 3
    for page in pages:
        assert not Page.objects.get(pk=page.pk).live
    for url in urls:
        response = client.get(url)
        assert response.status_code == 410
        body = response.content.decode()
        assert "Zebra" not in body and "Kesar" not in body and "ઝેબ્રા" not in body
        assert "no longer available" in body.lower() or response.headers["Content-Language"] != "en"
        assert not response.cookies


def test_withdrawn_story_leaves_the_menu_of_translations_and_listings(published_story, client):
    consent, _image, _pages = published_story
    consent.withdraw()
    index_html = client.get(story_index("en").url).content.decode()
    assert "Zebra-token" not in index_html


def test_withdrawal_purges_the_front_end_cache(published_story, recorded_purges):
    consent, _image, pages = published_story
    consent.withdraw()
    for page in pages:
        assert any(url.endswith(page.url) for url in recorded_purges), (page.url, recorded_purges)


def test_withdrawal_deletes_renditions_of_its_images(
    published_story, django_capture_on_commit_callbacks
):
    consent, image, _pages = published_story
    rendition = image.get_rendition("width-800")
    stored = rendition.file.path
    assert os.path.exists(stored)
    with django_capture_on_commit_callbacks(execute=True):
        consent.withdraw()
    assert not image.renditions.exists()
    assert not os.path.exists(stored)  # the file is gone from media storage too


def test_withdrawal_is_logged_without_the_story(published_story, leader_member):
    consent, _image, pages = published_story
    consent.withdraw(by=leader_member)
    entry = ModelLogEntry.objects.get(action="samvedna.consent.withdraw")
    assert entry.user_id == leader_member.pk
    assert "Zebra" not in entry.label and "Kesar" not in entry.label
    unpublish_entries = PageLogEntry.objects.filter(
        action="wagtail.unpublish", page_id__in=[p.pk for p in pages]
    )
    assert unpublish_entries.count() == 3
    assert all("Zebra" not in e.label for e in unpublish_entries)


def test_withdrawal_cancels_scheduled_publishing_and_blocks_republishing(published_story):
    consent, _image, pages = published_story
    consent.withdraw()
    from consent.guard import ConsentGuardError

    with pytest.raises(ConsentGuardError, match="withdrawn"):
        pages[0].get_latest_revision().publish()


def test_withdraw_consent_command(published_story):
    consent, _image, pages = published_story
    call_command("withdraw_consent", str(consent.pk))
    consent.refresh_from_db()
    assert consent.status == ConsentRecord.Status.WITHDRAWN
    assert not Page.objects.filter(pk__in=[p.pk for p in pages], live=True).exists()


def test_a_user_with_only_admin_access_cannot_withdraw(published_story, client, django_user_model):
    from django.contrib.auth.models import Permission

    consent, _image, pages = published_story
    someone = django_user_model.objects.create_user("someone", password="x" * 12)
    someone.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(someone)
    response = client.post(reverse("consent_withdraw", args=[consent.pk]))
    # A clear refusal, back on the consent records list (tests/consent/test_actions_by_people.py
    # covers leaders, staff and administrators).
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailsnippets_consent_consentrecord:list")
    assert Page.objects.get(pk=pages[0].pk).live
    assert ConsentRecord.objects.get(pk=consent.pk).status == ConsentRecord.Status.ACTIVE


def test_narrowing_a_consent_takes_uncovered_pages_offline(published_story):
    consent, _image, pages = published_story
    consent.covers_photo = False
    consent.save()
    assert not Page.objects.filter(pk__in=[p.pk for p in pages], live=True).exists()


def test_removing_a_language_takes_that_translation_offline(published_story):
    consent, _image, (english, gujarati, hindi) = published_story
    consent.languages.remove(Locale.objects.get(language_code="hi"))
    assert Page.objects.get(pk=english.pk).live
    assert Page.objects.get(pk=gujarati.pk).live
    assert not Page.objects.get(pk=hindi.pk).live


def test_expired_consent_is_withdrawn_by_the_daily_job(published_story):
    consent, _image, pages = published_story
    ConsentRecord.objects.filter(pk=consent.pk).update(
        review_by=datetime.date.today() - datetime.timedelta(days=1)
    )
    call_command("review_consents")
    consent.refresh_from_db()
    assert consent.status == ConsentRecord.Status.EXPIRED
    assert not Page.objects.filter(pk__in=[p.pk for p in pages], live=True).exists()


def test_a_lapsed_consent_hides_the_story_even_before_the_daily_job(published_story, client):
    consent, _image, pages = published_story
    ConsentRecord.objects.filter(pk=consent.pk).update(
        review_by=datetime.date.today() - datetime.timedelta(days=1)
    )
    assert client.get(pages[0].url).status_code == 410


def test_leaders_are_told_30_days_before_review_without_story_details(published_story):
    consent, _image, _pages = published_story
    leader = people.leader(email="leader@example.org")  # in Gujarati, as leaders are by default
    ConsentRecord.objects.filter(pk=consent.pk).update(
        review_by=datetime.date.today() + datetime.timedelta(days=20)
    )
    call_command("review_consents")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [leader.email]
    text = message.subject + message.body
    for secret in ["Zebra", "Kesar", consent.storyteller]:
        assert secret not in text
    assert "/admin/" in message.body


def test_dashboard_panel_lists_consents_due_for_review(published_story, leader_client):
    consent, _image, _pages = published_story
    ConsentRecord.objects.filter(pk=consent.pk).update(
        review_by=datetime.date.today() + datetime.timedelta(days=10)
    )
    html = leader_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Consents due for review within 30 days" in html
    assert consent.storyteller in html


def test_pages_using_finds_every_language(published_story):
    consent, _image, pages = published_story
    assert {p.pk for p in pages_using(consent)} == {p.pk for p in pages}


def test_withdrawn_images_cannot_be_chosen_or_shown_again(
    published_story, staff_client, leader_member
):
    from home.models import StandardPage

    consent, image, _pages = published_story
    chooser = reverse("wagtailimages_chooser:choose")
    assert image.title in staff_client.get(chooser).content.decode()
    # The same photo reused on another page disappears from it too, even where an editor
    # wrongly said it shows nobody (so no consent of that page's own hides it).
    about = StandardPage.objects.filter(locale__language_code="en").first()
    about.body = [
        {
            "type": "image",
            "value": {"image": image.pk, "caption": "Reused", "shows_people": False},
        }
    ]
    about.save_revision().publish()
    assert b"<img" in staff_client.get(about.url).content
    consent.withdraw(by=leader_member)
    image.refresh_from_db()
    assert image.is_withdrawn
    assert image.title not in staff_client.get(chooser).content.decode()
    assert b"<img" not in staff_client.get(about.url).content
    assert not image.renditions.exists()

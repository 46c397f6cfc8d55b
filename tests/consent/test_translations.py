"""A story's consent is the same in every language (safety rules 2 and 4).

A translation keeps a copy of the original's consent link (wagtail-localize synchronises it only
when the translation is updated). These tests plant the situation the copy allowed: the
English story's record corrected to another one while the Gujarati translation still named the
first. Withdrawal and erasure reach every translation by its translation key; a translation is
never published with another record than its original; and correcting the original's record
takes the translations still naming the old one offline.
"""

import pytest
from django.urls import reverse
from wagtail.models import Page

from consent.guard import ConsentGuardError
from consent.models import ConsentRecord
from stories.models import StoryPage
from tests.support.story_factories import make_consent, make_story, publish_translation

pytestmark = pytest.mark.django_db


@pytest.fixture
def story_in_two_languages():
    """A live English story under a first record and its live Gujarati translation."""
    first = make_consent(storyteller="Member T-1")
    english = make_story(first, title="Walking to the clinic together", publish=True)
    gujarati = publish_translation(english, "gu", "દવાખાને સાથે")
    return english, gujarati


def is_live(page) -> bool:
    return Page.objects.get(pk=page.pk).live


def corrected_as_before(english: StoryPage, record: ConsentRecord) -> None:
    """The English story now names ``record``; the Gujarati translation still names the old
    one (what publishing the corrected original left behind before translations followed)."""
    StoryPage.objects.filter(pk=english.pk).update(consent=record)


def test_withdrawing_the_corrected_record_takes_every_language_offline(
    story_in_two_languages, leader_client, client
):
    english, gujarati = story_in_two_languages
    english_url, gujarati_url = english.url, gujarati.url
    corrected = make_consent(storyteller="Member T-2")
    corrected_as_before(english, corrected)
    assert client.get(gujarati_url).status_code == 200

    response = leader_client.post(reverse("consent_withdraw", args=[corrected.pk]))

    assert response.status_code == 302
    assert ConsentRecord.objects.get(pk=corrected.pk).status == ConsentRecord.Status.WITHDRAWN
    assert not is_live(english) and not is_live(gujarati)
    assert client.get(english_url).status_code == 410
    assert client.get(gujarati_url).status_code in (404, 410)
    assert "દવાખાને" not in client.get(gujarati_url).content.decode()


def test_erasing_the_corrected_record_deletes_every_translation(
    story_in_two_languages, leader_client
):
    english, gujarati = story_in_two_languages
    corrected = make_consent(storyteller="Member T-2")
    corrected_as_before(english, corrected)

    response = leader_client.post(
        reverse("consent_erase", args=[corrected.pk]), {"understood": "yes"}
    )

    assert response.status_code == 302
    assert not Page.objects.filter(pk__in=[english.pk, gujarati.pk]).exists()


def test_a_translation_is_not_published_with_another_record_than_its_original(
    story_in_two_languages,
):
    english, gujarati = story_in_two_languages
    corrected = make_consent(storyteller="Member T-2")
    corrected_as_before(english, corrected)
    with pytest.raises(ConsentGuardError) as refused:
        StoryPage.objects.get(pk=gujarati.pk).save_revision().publish()
    reasons = " ".join(refused.value.reasons)
    assert "not the one of the original story in English" in reasons

    # Updated from the original (as "Sync translated pages" does), it may be published again.
    synced = StoryPage.objects.get(pk=gujarati.pk)
    synced.consent = corrected
    synced.save_revision().publish()
    assert is_live(gujarati)


def test_correcting_the_originals_record_takes_translations_naming_the_old_one_offline(
    story_in_two_languages, client
):
    english, gujarati = story_in_two_languages
    gujarati_url = gujarati.url
    corrected = make_consent(storyteller="Member T-2")

    english = StoryPage.objects.get(pk=english.pk)
    english.consent = corrected
    english.save_revision().publish()

    assert is_live(english)
    assert not is_live(gujarati)
    assert client.get(gujarati_url).status_code == 404
    assert client.get(english.url).status_code == 200


def test_publishing_the_original_again_with_the_same_record_keeps_translations_live(
    story_in_two_languages,
):
    english, gujarati = story_in_two_languages
    english = StoryPage.objects.get(pk=english.pk)
    english.summary = "A corrected summary."
    english.save_revision().publish()
    assert is_live(gujarati)


def test_a_story_first_written_in_gujarati_is_the_original_whose_record_translations_follow(
    django_capture_on_commit_callbacks,
):
    """The original is the language wagtail-localize translated from, not the site's default:
    correcting the Gujarati original's record is published, and its English translation still
    naming the old record goes offline."""
    from wagtail.models import Locale
    from wagtail_localize.models import Translation, TranslationSource

    from tests.support.story_factories import story_index

    story_index("en")
    first = make_consent(storyteller="Member T-3")
    first.languages.add(*Locale.objects.all().values_list("pk", flat=True))
    gujarati = make_story(first, language="gu", title="દવાખાને સાથે", publish=True)
    source, _created = TranslationSource.get_or_create_from_instance(gujarati)
    english_locale = Locale.objects.get(language_code="en")
    translation = Translation.objects.create(source=source, target_locale=english_locale)
    with django_capture_on_commit_callbacks(execute=True):  # its publish waits for the commit
        translation.save_target(publish=True)
    english = StoryPage.objects.get(translation_key=gujarati.translation_key, locale=english_locale)
    assert english.live and english.consent_id == first.pk

    corrected = make_consent(storyteller="Member T-4")
    gujarati = StoryPage.objects.get(pk=gujarati.pk)
    gujarati.consent = corrected
    gujarati.save_revision().publish()

    assert is_live(gujarati)
    assert not is_live(english)
    with pytest.raises(ConsentGuardError) as refused:
        StoryPage.objects.get(pk=english.pk).save_revision().publish()
    assert "not the one of the original story in Gujarati" in " ".join(refused.value.reasons)

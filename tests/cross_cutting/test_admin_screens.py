"""The editors' screens for every page type and setting open without errors, for the group
that uses them (never a superuser)."""

import pytest
from django.urls import reverse
from wagtail.models import Page, Site

from home.models import HomePage, StandardPage

pytestmark = pytest.mark.django_db

EVERY_GROUP = pytest.mark.parametrize("who", ["staff", "leader", "administrator"])
# Staff and leaders write pages, upload photos and record consent.
WRITERS = pytest.mark.parametrize("who", ["staff", "leader"])


@pytest.fixture
def member_client(request, who):
    return request.getfixturevalue(f"{who}_client")


@EVERY_GROUP
def test_edit_screens_of_every_page_type_open(member_client):
    for model in (HomePage, StandardPage):
        for page in model.objects.all():
            response = member_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
            assert response.status_code == 200, page
            response = member_client.get(reverse("wagtailadmin_explore", args=[page.pk]))
            assert response.status_code == 200, page


@pytest.mark.parametrize(("who", "published"), [("staff", False), ("administrator", True)])
def test_standard_page_can_be_created_under_a_home_page(member_client, published):
    # Staff write it; site administrators publish standard pages directly.
    home = HomePage.objects.get(locale__language_code="en")
    url = reverse("wagtailadmin_pages:add", args=["home", "standardpage", home.pk])
    assert member_client.get(url).status_code == 200
    response = member_client.post(
        url,
        {
            "title": "Our history",
            "slug": "our-history",
            "intro": "Since 2016.",
            "body-count": "0",
            "action-publish": "action-publish",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    page = StandardPage.objects.get(slug="our-history")
    assert page.live is published
    assert page.get_parent().pk == home.pk


@pytest.mark.parametrize("who", ["administrator"])
def test_safety_settings_screen_opens_and_refuses_a_bad_destination(member_client):
    site = Site.objects.get(is_default_site=True)
    url = reverse("wagtailsettings:edit", args=["home", "sitesafetysettings", site.pk])
    assert member_client.get(url).status_code == 200
    response = member_client.post(url, {"quick_exit_url": "http://example.org/"})
    assert response.status_code == 200
    assert (
        "Use a full https:// address of an ordinary website, such as a weather page."
        in response.content.decode()
    )


@WRITERS
def test_only_administrators_open_the_safety_settings(member_client):
    site = Site.objects.get(is_default_site=True)
    url = reverse("wagtailsettings:edit", args=["home", "sitesafetysettings", site.pk])
    response = member_client.post(url, {"quick_exit_url": "https://example.org/"})
    # Wagtail's refusal: back to the dashboard with "you do not have permission".
    assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))


@WRITERS
def test_image_screens_open(member_client):
    assert member_client.get(reverse("wagtailimages:index")).status_code == 200
    assert member_client.get(reverse("wagtailimages:add")).status_code == 200
    assert member_client.get(reverse("wagtailimages:add_multiple")).status_code == 200


@EVERY_GROUP
def test_dashboard_opens(member_client):
    assert member_client.get(reverse("wagtailadmin_home")).status_code == 200
    assert Page.objects.count() > 1


@WRITERS
def test_consent_record_screens_open_and_create_a_record(member_client):
    from wagtail.models import Locale

    from consent.models import ConsentRecord

    assert (
        member_client.get(reverse("wagtailsnippets_consent_consentrecord:list")).status_code == 200
    )
    add_url = reverse("wagtailsnippets_consent_consentrecord:add")
    assert member_client.get(add_url).status_code == 200
    response = member_client.post(
        add_url,
        {
            "storyteller": "Member S-555",
            "given_on": "2026-01-10",
            "method": "thumbprint",
            "covers_text": "on",
            "covers_voice": "on",
            "languages": [str(Locale.objects.get(language_code="gu").pk)],
            "review_by": "",
            "verified_by": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    record = ConsentRecord.objects.get(storyteller="Member S-555")
    assert record.review_by.isoformat() == "2027-01-10"  # a year after it was given
    assert record.scopes() == {"text", "voice"}
    edit_url = reverse("wagtailsnippets_consent_consentrecord:edit", args=[record.pk])
    assert member_client.get(edit_url).status_code == 200


@WRITERS
def test_story_screens_open(member_client):
    from stories.models import StoryIndexPage, StoryPage

    index = StoryIndexPage.objects.get(locale__language_code="en")
    for page in [index, *StoryPage.objects.filter(locale__language_code="gu")[:2]]:
        response = member_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        assert response.status_code == 200
    add_url = reverse("wagtailadmin_pages:add", args=["stories", "storypage", index.pk])
    assert member_client.get(add_url).status_code == 200

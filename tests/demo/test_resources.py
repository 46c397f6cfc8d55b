"""The demo guides: eight guides and their index in English, Gujarati and Hindi, translations
of each other, labelled as examples to check, free of personal details, and built idempotently."""

import pytest
from django.core.management import call_command
from wagtail.models import Page

from consent.scanning import scan_page
from demo.home import DEMO_NOTE
from demo.resources import EXAMPLE_CALLOUT, GUIDES, HELPLINES, SUMMARY_PREFIX
from resources.helplines import Helpline
from resources.models import ResourceIndexPage, ResourcePage
from tests.support.helpers import parse

pytestmark = pytest.mark.django_db

LANGUAGES = ("en", "gu", "hi")
SLUGS = [spec["slug"] for spec in GUIDES]


def test_the_eight_guides_exist_live_in_three_languages_as_translations(demo_pages):
    assert SLUGS == [
        "ration-card",
        "aadhaar",
        "voter-id",
        "hiv-testing-and-treatment",
        "widow-pension",
        "old-age-pension",
        "school-admission",
        "police-rights",
    ]
    for slug in ["resources", *SLUGS]:
        pages = [demo_pages[(language, slug)] for language in LANGUAGES]
        assert all(page.live for page in pages), slug
        assert len({page.translation_key for page in pages}) == 1, slug
        assert len({page.title for page in pages}) == 3, f"{slug} is not translated"
    for language in LANGUAGES:
        index = demo_pages[(language, "resources")]
        assert isinstance(index, ResourceIndexPage) and index.show_in_menus
        assert index.get_parent().pk == demo_pages[(language, "home")].pk
        assert ResourcePage.objects.child_of(index).live().count() == 8


def test_translations_keep_the_facts_and_show_their_own_languages_helplines(demo_pages):
    for spec in GUIDES:
        english = demo_pages[("en", spec["slug"])]
        for language in LANGUAGES:
            page = demo_pages[(language, spec["slug"])]
            assert page.category == english.category == spec["category"]
            assert page.needs == english.needs
            assert (page.last_reviewed, page.review_by) == (
                english.last_reviewed,
                english.review_by,
            )
            helplines = [block.value for block in page.helplines]
            assert [h.number for h in helplines] == spec["helplines"]
            assert {h.locale.language_code for h in helplines} <= {language}


def test_every_demo_guide_says_it_is_an_example_to_be_checked(client, demo_pages):
    for language in LANGUAGES:
        for slug in SLUGS:
            page = demo_pages[(language, slug)]
            content = client.get(page.url).content.decode()
            assert page.summary.startswith(SUMMARY_PREFIX[language]), page.url
            assert EXAMPLE_CALLOUT[language] in content, page.url
            assert DEMO_NOTE[language] in content, page.url
        index = client.get(demo_pages[(language, "resources")].url).content.decode()
        assert DEMO_NOTE[language] in index


def test_demo_guides_are_in_their_language_on_the_page(client, demo_pages):
    response = client.get("/gu/resources/ration-card/")
    content = response.content.decode()
    assert '<html lang="gu"' in content
    assert "રેશન કાર્ડ મેળવવું" in content
    assert "Getting a ration card" not in content
    assert "મહિલા હેલ્પલાઇન" in client.get("/gu/resources/police-rights/").content.decode()


def test_demo_text_has_no_identifying_details_and_no_personal_numbers(demo_pages):
    for page in ResourcePage.objects.all():
        assert scan_page(page) == [], page.url_path
    for helpline in Helpline.objects.all():
        helpline.full_clean()  # refuses personal mobile numbers and details in its texts
    numbers = {row.number for row in Helpline.objects.all()}
    assert numbers == {spec["number"] for spec in HELPLINES}
    assert numbers <= {"112", "181", "1097", "1098", "1947", "1950", "14567"}


def test_every_category_filter_and_need_has_demo_guides_or_an_empty_state(client):
    from resources.choices import Category, Need

    for category in Category.values:
        response = client.get("/en/resources/", {"category": category})
        assert response.status_code == 200
        has_cards = bool(parse(response.content).find("a", **{"class": "resource-card__link"}))
        assert has_cards or "No guide matches this choice yet." in response.content.decode()
    for need in Need.values:
        response = client.get("/hi/resources/", {"need": need})
        assert parse(response.content).find("a", **{"class": "resource-card__link"}), need


def test_the_guide_index_is_in_the_main_menu_of_every_language(client):
    for language, title in (
        ("en", "Know your rights"),
        ("gu", "તમારા અધિકારો જાણો"),
        ("hi", "अपने अधिकार जानें"),
    ):
        menu = client.get(f"/{language}/").content.decode()
        assert f'href="/{language}/resources/"' in menu and title in menu


def test_one_demo_guide_is_due_for_review_soon_so_the_panel_has_something_to_show():
    from resources.due_for_check import resources_due_for_check

    due = {page.slug for page in resources_due_for_check()}
    assert due == {"voter-id"}


def test_loading_the_demo_again_creates_nothing_and_changes_nothing():
    def snapshot():
        return (
            sorted(Page.objects.values_list("id", "title", "live", "latest_revision_id")),
            sorted(Helpline.objects.values_list("id", "name", "number", "locale_id")),
        )

    before = snapshot()
    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)
    assert snapshot() == before


def test_the_demo_does_not_overwrite_an_editors_guide(demo_pages):
    page = demo_pages[("hi", "aadhaar")]
    page.title = "संपादित"
    page.save_revision().publish()
    call_command("load_demo", verbosity=0)
    page.refresh_from_db()
    assert page.title == "संपादित"


def test_demo_helplines_exist_in_each_language_with_the_same_number():
    from wagtail.models import Locale

    for number in ("112", "181", "1097", "1098"):
        rows = Helpline.objects.filter(number=number)
        assert {row.locale.language_code for row in rows} == {"en", "gu", "hi"}
        assert len({row.translation_key for row in rows}) == 1
    assert Locale.objects.count() == 3

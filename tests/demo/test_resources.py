"""The demo guides: eight guides and their index in English, Gujarati and Hindi, translations
of each other, labelled as examples to check, free of personal details, and built idempotently."""

import datetime
import re
from urllib.parse import urlsplit

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
    assert numbers <= {"112", "108", "181", "1097", "1098", "1947", "1950", "14567", "15100"}


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

    for number in ("112", "108", "181", "1097", "1098", "15100"):
        rows = Helpline.objects.filter(number=number)
        assert {row.locale.language_code for row in rows} == {"en", "gu", "hi"}
        assert len({row.translation_key for row in rows}) == 1
    assert Locale.objects.count() == 3


# --- Facts corrected after the review of December 2026 (translations-2026-12.md, section 4) ---


def main_text(client, page) -> str:
    """The words a reader sees in the page's main part (tags removed)."""
    html = client.get(page.url).content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


SUPREME_COURT_TIP = {
    "en": "Samvedna can help you use the Supreme Court order.",
    "gu": "સુપ્રીમ કોર્ટના હુકમનો ઉપયોગ કરવામાં સંવેદના તમને મદદ કરી શકે છે.",
    "hi": "सुप्रीम कोर्ट के आदेश का इस्तेमाल करने में संवेदना आपकी मदद कर सकती है।",
}
CASE_NAME = {
    "en": "Budhadev Karmaskar v. State of West Bengal",
    "gu": "બુધદેવ કર્મસ્કર વિરુદ્ધ પશ્ચિમ બંગાળ રાજ્ય",
    "hi": "बुद्धदेव कर्मस्कर बनाम पश्चिम बंगाल राज्य",
}


# How far Gujarat follows each order is hedged, in every language.
NOT_EVERYWHERE_YET = {
    ("en", "ration-card"): "Not every office in Gujarat follows it yet.",
    ("en", "voter-id"): "How far this is followed in Gujarat varies.",
    ("en", "aadhaar"): "Not every Aadhaar centre knows this yet.",
    ("gu", "ration-card"): "ગુજરાતમાં દરેક કચેરી હજી તેનું પાલન કરતી નથી.",
    ("gu", "voter-id"): "ગુજરાતમાં તેનું પાલન કેટલું થાય છે તે જગ્યા પ્રમાણે જુદું છે.",
    ("gu", "aadhaar"): "દરેક આધાર કેન્દ્રને હજી આની ખબર નથી.",
    ("hi", "ration-card"): "गुजरात में हर दफ़्तर अभी इसका पालन नहीं करता।",
    ("hi", "voter-id"): "गुजरात में इसका पालन कितना होता है, यह जगह-जगह अलग है।",
    ("hi", "aadhaar"): "हर आधार केंद्र को अभी यह पता नहीं है।",
}


def test_ration_voter_and_aadhaar_guides_tell_her_about_the_supreme_court_orders(
    client, demo_pages
):
    for language in LANGUAGES:
        for slug, order_date in (
            ("ration-card", "2021-12-14"),
            ("voter-id", "2021-12-14"),
            ("aadhaar", "2022-05-19"),
        ):
            page = demo_pages[(language, slug)]
            text = main_text(client, page)
            assert SUPREME_COURT_TIP[language] in text, (language, slug)
            assert CASE_NAME[language] in text, (language, slug)
            assert NOT_EVERYWHERE_YET[(language, slug)] in text, (language, slug)
            # The order is listed among the guide's sources, with its date.
            html = client.get(page.url).content.decode()
            sources = html[html.index('id="resource-sources"') :]
            assert f'datetime="{order_date}"' in sources and CASE_NAME[language] in sources
        # Aadhaar: a NACO / State AIDS Control Society certificate, and no code marking her.
        aadhaar = main_text(client, demo_pages[(language, "aadhaar")])
        assert "NACO" in aadhaar and "UIDAI" in aadhaar
        assert {"en": "any code", "gu": "કોઈ કોડ", "hi": "कोई कोड"}[language] in aadhaar


# Per language: the corrected wording, and the wording it replaced (which must be gone).
CORRECTED = {
    "en": {
        "free grain": (
            "free on priority (NFSA) and Antyodaya cards since January 2023",
            "buy grain at low",
        ),
        "months": ("February and April", "spring"),
        "hiv": ("whether you have HIV", "your status"),
        "partners": ("the people you have sex with", "partners"),
        "iris": ("a photo of your eyes (iris scan)", "eye test"),
        "ration card": ("Proof of address", "ration card"),
        "touch": ("touch", None),
    },
    "gu": {
        "free grain": ("જાન્યુઆરી 2023થી અગ્રતા (NFSA) અને અંત્યોદય કાર્ડ પર મફત", "ઓછા ભાવે અનાજ ખરીદી"),
        "months": ("ફેબ્રુઆરીથી એપ્રિલ", "વસંત"),
        "hiv": ("HIV છે કે નહીં", "સ્થિતિ"),
        "partners": ("(ગ્રાહક કે સાથી)", "સાથીઓનું"),
        "iris": ("આંખની કીકીનો ફોટો (સ્કૅન)", "આંખની તપાસ"),
        "ration card": ("સરનામાનો પુરાવો", "રેશન કાર્ડ"),
        "touch": ("અડવું", None),
    },
    "hi": {
        "free grain": ("2023 से प्राथमिकता (NFSA) और अंत्योदय कार्ड पर मुफ़्त", "कम दाम पर अनाज ले"),
        "months": ("फ़रवरी से अप्रैल", "वसंत"),
        "hiv": ("HIV है या नहीं", "स्थिति"),
        "partners": ("(ग्राहक या साथी)", "साथियों की"),
        "iris": ("आँख की पुतली की फ़ोटो (स्कैन)", "आँखों की जाँच"),
        "ration card": ("पते का सबूत", "राशन कार्ड"),
        "touch": ("छूना", None),
    },
}


def test_the_facts_the_review_found_wrong_are_corrected_in_three_languages(client, demo_pages):
    for language in LANGUAGES:
        fixes = CORRECTED[language]
        pages = {slug: demo_pages[(language, slug)] for slug in SLUGS}

        right, old = fixes["free grain"]
        ration = main_text(client, pages["ration-card"])
        assert right in ration and old not in ration, language

        # School admissions: months, and no "spring" in any guide.
        right, old = fixes["months"]
        for slug in SLUGS:
            assert old not in main_text(client, pages[slug]).lower(), (language, slug)
        assert main_text(client, pages["school-admission"]).count(right) == 2, language

        # HIV: "whether you have HIV", not "status"; the people she has sex with, not "partners".
        hiv = main_text(client, pages["hiv-testing-and-treatment"])
        for fix in ("hiv", "partners"):
            right, old = fixes[fix]
            assert right in hiv and old not in hiv, (language, fix)
        assert hiv.count(fixes["hiv"][0]) == 2, language

        # Aadhaar: the iris photo is a photo, not an eye test.
        right, old = fixes["iris"]
        titles = [block.value["title"] for block in pages["aadhaar"].steps]
        assert any(right in title for title in titles), language
        assert not any(old in title for title in titles), language

        # Voter ID: the address proofs of today's Form 6, without the ration card.
        right, old = fixes["ration card"]
        items = [block.value for block in pages["voter-id"].documents_needed]
        (proofs,) = [item for item in items if item.startswith(right)]
        assert old not in proofs.lower() and (
            "passbook" in proofs or "પાસબુક" in proofs or "पासबुक" in proofs
        )

        # Police: a male officer should not touch a woman to arrest her; legal aid on 15100.
        steps = " ".join(block.value["text"].source for block in pages["police-rights"].steps)
        assert fixes["touch"][0] in steps and "15100" in steps, language


def test_the_police_guide_gives_the_legal_aid_helpline_15100_and_the_ambulance_108(
    client, demo_pages
):
    for language in LANGUAGES:
        page = demo_pages[(language, "police-rights")]
        html = parse(client.get(page.url).content)
        calls = [link["href"] for link in html.find("a", **{"class": "helpline__link"})]
        assert calls == ["tel:112", "tel:108", "tel:181", "tel:15100"], language
        legal_aid = Helpline.objects.get(number="15100", locale__language_code=language)
        assert "NALSA" in legal_aid.name
        assert legal_aid.name in main_text(client, page)


def test_pensions_are_named_so_she_can_ask_for_them(demo_pages):
    for language, widow, old_age in (
        ("en", "Ganga Swarupa", "Indira Gandhi National Old Age Pension Scheme"),
        ("gu", "ગંગા સ્વરૂપા", "ઇન્દિરા ગાંધી રાષ્ટ્રીય વૃદ્ધાવસ્થા પેન્શન યોજના"),
        ("hi", "गंगा स्वरूपा", "इंदिरा गांधी राष्ट्रीय वृद्धावस्था पेंशन योजना"),
    ):
        assert widow in demo_pages[(language, "widow-pension")].title
        assert old_age in demo_pages[(language, "old-age-pension")].summary
        # Amounts are hedged: a year and "check with KMVS".
        summary = demo_pages[(language, "widow-pension")].summary
        assert "₹1,250" in summary and "2025" in summary and "KMVS" in summary


# --- Sources ------------------------------------------------------------------------------------

OFFICIAL_SITES = {
    "main.sci.gov.in",
    "nfsa.gov.in",
    "uidai.gov.in",
    "voters.eci.gov.in",
    "nalsa.gov.in",
}


def test_every_demo_guide_lists_its_sources_in_its_language_with_the_same_dates_and_links(
    client, demo_pages
):
    for slug in SLUGS:
        pages = {language: demo_pages[(language, slug)] for language in LANGUAGES}
        sources = {
            language: [block.value for block in page.sources] for language, page in pages.items()
        }
        assert sources["en"], f"{slug} has no source"
        assert len({len(values) for values in sources.values()}) == 1, slug
        for en, gu, hi in zip(sources["en"], sources["gu"], sources["hi"], strict=True):
            assert len({en["title"], gu["title"], hi["title"]}) == 3, en["title"]
            assert en["date"] == gu["date"] == hi["date"]
            assert en["link"] == gu["link"] == hi["link"]
            assert not en["link"] or (
                urlsplit(en["link"]).scheme == "https"
                and urlsplit(en["link"]).hostname in OFFICIAL_SITES
            ), en["link"]
        for language, page in pages.items():
            text = main_text(client, page)
            assert all(source["title"] in text for source in sources[language]), (language, slug)
    dated = [
        block.value["date"]
        for block in demo_pages[("en", "aadhaar")].sources
        if block.value["date"]
    ]
    assert datetime.date(2022, 5, 19) in dated

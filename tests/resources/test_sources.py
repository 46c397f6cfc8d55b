"""A guide's sources: where its facts come from, shown to readers under the guide, filled in by
editors, carried into translations, and published through the identifying-detail scanner."""

import datetime
import re

import pytest
from django.urls import reverse
from wagtail.models import Locale, Page

from consent.guard import ConsentGuardError
from consent.scanning import scan_page
from resources.blocks import SourcesBlock
from resources.models import ResourcePage
from tests.support.helpers import form_data, parse
from tests.support.resource_factories import (
    helpline_blocks,
    make_helpline,
    make_resource,
    new_index,
)

pytestmark = pytest.mark.django_db

ORDER = "Supreme Court order, Budhadev Karmaskar v. State of West Bengal"
ACT = "National Food Security Act, 2013"
FORM = "Election Commission of India, Form 6"
# Official addresses as editors paste them, digits included: none may look like a phone number.
COURT_PAGE = (
    "https://main.sci.gov.in/supremecourt/2010/5386/5386_2010_2_1501_35183_Order_19-May-2022.pdf"
)
GOVERNMENT_SITES = [
    "https://main.sci.gov.in/",
    COURT_PAGE,
    "https://nfsa.gov.in/",
    "https://uidai.gov.in/",
    "https://voters.eci.gov.in/",
    "https://nalsa.gov.in/",
    "https://www.indiacode.nic.in/handle/123456789/2184",
]


def source(title: str, date: datetime.date | None = None, link: str = "") -> dict:
    return {"type": "source", "value": {"title": title, "date": date, "link": link}}


def sourced_guide(**fields) -> ResourcePage:
    fields.setdefault(
        "sources",
        [
            source(ORDER, datetime.date(2022, 5, 19), "https://main.sci.gov.in/"),
            source(ACT),
            source(FORM, link="https://voters.eci.gov.in/"),
        ],
    )
    fields.setdefault("guide", [{"type": "paragraph", "value": "<p>Ask for the reason.</p>"}])
    if "helplines" not in fields:
        fields["helplines"] = helpline_blocks(make_helpline("1097"))
    return make_resource(new_index(), "Getting a ration card", **fields)


def main_of(response) -> str:
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


# --- Readers ----------------------------------------------------------------------------------


def test_a_guide_shows_its_sources_in_order_with_title_date_and_link(client):
    main = main_of(client.get(sourced_guide().url))
    assert '<h2 id="resource-sources">Sources</h2>' in main
    items = re.findall(r'<li class="source">(.*?)</li>', main, re.S)
    titles = [re.search(r'class="source__(?:link|title)"[^>]*>([^<]*)<', item)[1] for item in items]
    assert titles == [ORDER, ACT, FORM]
    order, act, form = items
    assert '<time class="source__date" datetime="2022-05-19">19 May 2022</time>' in order
    assert "<time" not in act and "<a" not in act and "<time" not in form
    assert 'href="https://voters.eci.gov.in/"' in form


def test_sources_come_after_the_guide_and_its_helplines_and_the_review_dates_stay(client):
    main = main_of(client.get(sourced_guide().url))
    positions = [
        main.index(text) for text in ("Review by", "Ask for the reason.", "National AIDS", ORDER)
    ]
    assert positions == sorted(positions)


def test_a_source_link_is_a_plain_link_that_fetches_nothing_until_she_clicks(client):
    response = client.get(sourced_guide().url)
    html = parse(response.content)
    links = html.find("a", **{"class": "source__link"})
    assert [link["href"] for link in links] == [
        "https://main.sci.gov.in/",
        "https://voters.eci.gov.in/",
    ]
    assert all(link["rel"] == "noopener noreferrer" for link in links)
    # The court's and the commission's addresses appear in those two links and nowhere else:
    # no preview image, embed, prefetch or script that the browser would load by itself.
    content = response.content.decode()
    assert content.count("sci.gov.in") == 1 and content.count("eci.gov.in") == 1
    assert "sci.gov.in" not in response.headers.get("Content-Security-Policy", "")


def test_a_guide_without_sources_shows_no_empty_heading(client):
    content = client.get(sourced_guide(sources=[]).url).content.decode()
    assert "resource-sources" not in content
    assert '<ul class="sources">' not in content


def test_the_sources_block_preview_shows_a_dated_linked_source_and_a_plain_one():
    block = SourcesBlock()
    html = block.render(block.get_preview_value())
    assert '<time class="source__date" datetime="2022-05-19">19 May 2022</time>' in html
    assert 'class="source__link"' in html and 'class="source__title"' in html


# --- Editors ----------------------------------------------------------------------------------


def edit_form_with_one_source(editor_html: bytes, date: str, link: str) -> dict[str, str]:
    """The guide's edit form as the browser sends it, with one source filled in."""
    form = form_data(editor_html, "page-edit-form")
    # Wagtail's JS builds the StreamFields' inputs; the empty ones send just their count.
    for stream in ("steps", "documents_needed", "guide", "downloads", "helplines"):
        form[f"{stream}-count"] = "0"
    form.update(
        {
            "sources-count": "1",
            "sources-0-type": "source",
            "sources-0-deleted": "",
            "sources-0-order": "0",
            "sources-0-value-title": FORM,
            "sources-0-value-date": date,
            "sources-0-value-link": link,
        }
    )
    return form


def test_staff_add_a_source_in_the_guides_editor(staff_client, client):
    guide = make_resource(new_index(), "Voter ID")
    url = reverse("wagtailadmin_pages:edit", args=[guide.pk])
    editor = staff_client.get(url)
    assert editor.status_code == 200
    assert "Sources" in editor.content.decode()
    form = edit_form_with_one_source(editor.content, "2022-06-17", "https://voters.eci.gov.in/")
    response = staff_client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    draft = ResourcePage.objects.get(pk=guide.pk).get_latest_revision_as_object()
    (block,) = draft.sources
    assert block.value["title"] == FORM
    assert block.value["date"] == datetime.date(2022, 6, 17)
    assert block.value["link"] == "https://voters.eci.gov.in/"


def test_a_source_link_must_be_a_web_address(staff_client):
    guide = make_resource(new_index(), "Voter ID")
    url = reverse("wagtailadmin_pages:edit", args=[guide.pk])
    editor = staff_client.get(url).content
    form = edit_form_with_one_source(editor, "", "javascript:alert(1)")
    response = staff_client.post(url, form)
    assert response.status_code == 200
    assert "Enter a valid URL." in response.content.decode()
    assert not ResourcePage.objects.get(pk=guide.pk).get_latest_revision_as_object().sources


# --- The identifying-detail scanner -----------------------------------------------------------


@pytest.mark.parametrize("link", GOVERNMENT_SITES)
def test_official_addresses_and_titles_in_sources_pass_the_scanner(link):
    guide = sourced_guide(
        live=False,
        sources=[
            source(f"{ORDER}, Criminal Appeal No. 135 of 2010", datetime.date(2022, 5, 19), link),
            source("Bharatiya Nagarik Suraksha Sanhita, 2023 (sections 43, 47, 48, 49)"),
        ],
    )
    assert scan_page(guide) == []
    guide.save_revision().publish()
    assert Page.objects.get(pk=guide.pk).live


@pytest.mark.parametrize(
    ("title", "link"),
    [
        ("Letter from Meena, phone 98765 43210", ""),
        (ACT, "https://wa.me/919876543210"),
    ],
)
def test_a_personal_detail_in_a_source_is_still_refused(title, link):
    guide = sourced_guide(live=False, sources=[source(title, link=link)])
    with pytest.raises(ConsentGuardError, match=r"(?i)sources"):
        guide.save_revision().publish()
    assert not Page.objects.get(pk=guide.pk).live


# --- Translations -----------------------------------------------------------------------------


def test_a_translation_copies_the_sources_and_translators_get_their_titles():
    from wagtail_localize.models import TranslationSource

    guide = sourced_guide()
    gujarati = guide.copy_for_translation(Locale.objects.get(language_code="gu"), copy_parents=True)
    assert [block.value["title"] for block in gujarati.sources] == [ORDER, ACT, FORM]
    assert gujarati.sources[0].value["date"] == datetime.date(2022, 5, 19)
    assert gujarati.sources[0].value["link"] == "https://main.sci.gov.in/"

    source_, _created = TranslationSource.get_or_create_from_instance(guide)
    strings = {
        segment.string.data
        for segment in source_.stringsegment_set.all()
        if segment.context.path.startswith("sources.")
    }
    assert strings == {ORDER, ACT, FORM}
    # The links are kept as they are unless the translator chooses another; dates are copied.
    links = [
        segment.data_json
        for segment in source_.overridablesegment_set.all()
        if segment.context.path.startswith("sources.")
    ]
    assert links == ['"https://main.sci.gov.in/"', '"https://voters.eci.gov.in/"']


def test_a_translated_guide_shows_the_translated_titles_with_the_same_dates_and_links(
    client, django_capture_on_commit_callbacks
):
    from wagtail_localize.models import StringTranslation, Translation, TranslationSource

    guide = sourced_guide(helplines=[])
    gujarati = Locale.objects.get(language_code="gu")
    guide.get_parent().specific.copy_for_translation(gujarati).save_revision().publish()
    source_, _created = TranslationSource.get_or_create_from_instance(guide)
    for segment in source_.stringsegment_set.all():
        StringTranslation.objects.create(
            translation_of=segment.string,
            locale=gujarati,
            context=segment.context,
            data="સુપ્રીમ કોર્ટનો હુકમ"
            if segment.string.data == ORDER
            else f"gu {segment.string.data}",
        )
    translation = Translation.objects.create(source=source_, target_locale=gujarati)
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(publish=True)
    translated = guide.get_translation(gujarati)
    main = main_of(client.get(translated.url))
    assert "સુપ્રીમ કોર્ટનો હુકમ" in main and ORDER not in main
    assert '<time class="source__date" datetime="2022-05-19">' in main
    assert 'href="https://main.sci.gov.in/"' in main

"""The public side of the rights guides: the index (order, filters as plain GET forms, pages,
bad input), a guide page, the home page's key guides and the site search."""

import datetime
import itertools
import re

import pytest
from django.template.loader import render_to_string
from wagtail.models import PageViewRestriction

from home.models import HomePage
from resources.choices import Category, Need
from resources.listing import key_resources
from tests.support.helpers import parse
from tests.support.resource_factories import (
    TODAY,
    download_blocks,
    helpline_blocks,
    make_document,
    make_helpline,
    make_resource,
    new_index,
)

pytestmark = pytest.mark.django_db

URL = "/en/test-guides/"


@pytest.fixture
def index():
    return new_index()


def slugs(response) -> list[str]:
    """The slugs of the guides listed, in order."""
    links = parse(response.content).find("a", **{"class": "resource-card__link"})
    return [link["href"].rstrip("/").rsplit("/", 1)[-1] for link in links]


def selected(response, name: str) -> list[str]:
    """The value of the selected <option> of the <select name=...>."""
    html = response.content.decode()
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"no select named {name}"
    return re.findall(r'<option value="([^"]*)"\s+selected', select.group(1))


# --- The index ----------------------------------------------------------------------------


def test_index_lists_live_public_guides_of_that_index_in_tree_order(client, index):
    make_resource(index, "Ration card")
    make_resource(index, "Aadhaar")
    make_resource(index, "Draft guide", live=False)
    restricted = make_resource(index, "Members only")
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    make_resource(new_index("gu"), "Gujarati guide")
    make_resource(new_index("en", slug="other-guides"), "Other index")

    response = client.get(URL)
    assert response.status_code == 200
    assert slugs(response) == ["ration-card", "aadhaar"]
    assert "Number of guides: 2" in response.content.decode()


def test_each_card_shows_category_summary_and_when_it_was_reviewed(client, index):
    make_resource(
        index,
        "Widow pension",
        category=Category.PENSIONS_AND_BENEFITS,
        summary="Apply at the taluka office.",
        last_reviewed=datetime.date(2025, 3, 4),
    )
    response = client.get(URL)
    content = response.content.decode()
    assert "Pensions and benefits" in content
    assert "Apply at the taluka office." in content
    assert '<time datetime="2025-03-04">4 March 2025</time>' in content


def test_filter_by_category(client, index):
    make_resource(index, "Ration card", category=Category.IDENTITY_DOCUMENTS)
    make_resource(
        index, "HIV testing", category=Category.HEALTH_AND_HIV, needs=["tested-or-treated"]
    )
    make_resource(index, "Police", category=Category.LEGAL_RIGHTS, needs=["police"])

    response = client.get(URL, {"category": "health-and-hiv"})
    assert slugs(response) == ["hiv-testing"]
    assert selected(response, "category") == ["health-and-hiv"]
    assert selected(response, "need") == []  # the first option, "Anything"


def test_filter_by_what_the_reader_needs_to_do_matches_whole_values(client, index):
    make_resource(index, "Widow pension", needs=[Need.PENSION, Need.BANK_OR_LOAN])
    make_resource(index, "Old age pension", needs=[Need.PENSION])
    make_resource(index, "Bank account", needs=[Need.BANK_OR_LOAN])
    make_resource(index, "School", needs=[Need.SCHOOL])

    assert slugs(client.get(URL, {"need": "pension"})) == ["widow-pension", "old-age-pension"]
    assert slugs(client.get(URL, {"need": "bank-or-loan"})) == ["widow-pension", "bank-account"]
    response = client.get(URL, {"need": "school"})
    assert slugs(response) == ["school"]
    assert selected(response, "need") == ["school"]


def test_both_filters_together_and_the_empty_result(client, index):
    make_resource(index, "Ration card", category=Category.IDENTITY_DOCUMENTS)
    make_resource(
        index, "Widow pension", category=Category.PENSIONS_AND_BENEFITS, needs=["pension"]
    )
    response = client.get(URL, {"category": "pensions-and-benefits", "need": "pension"})
    assert slugs(response) == ["widow-pension"]
    assert selected(response, "category") == ["pensions-and-benefits"]
    assert selected(response, "need") == ["pension"]

    empty = client.get(URL, {"category": "livelihood-and-loans", "need": "pension"})
    assert empty.status_code == 200
    assert slugs(empty) == []
    assert "No guide matches this choice yet." in empty.content.decode()
    assert parse(empty.content).find("a", href="?")  # back to every guide


def test_filters_are_a_plain_get_form_with_labelled_controls_and_a_button(client, index):
    make_resource(index, "Ration card")
    html = parse(client.get(URL).content)
    (form,) = html.find("form", **{"class": "resource-filters"})
    assert form["method"] == "get"
    assert "action" not in form or form["action"] in ("", None)  # submits to this page
    selects = html.tags_with_attr("select", "name")
    assert {select["name"] for select in selects} == {"category", "need"}
    for select in selects:
        assert html.find("label", **{"for": select["id"]}), f"no label for {select['name']}"
    assert html.find("button", type="submit")
    assert not html.find("input", type="hidden", name="csrfmiddlewaretoken")
    # Every value the form offers is one the index accepts.
    content = client.get(URL).content.decode()
    for value in [*Category.values, *Need.values]:
        assert f'<option value="{value}"' in content
        field = "category" if value in Category.values else "need"
        assert client.get(URL, {field: value}).status_code == 200


def test_index_is_paginated_ten_guides_a_page_keeping_the_filters(client, index):
    for number in range(23):
        make_resource(index, f"Guide {number:02d}", needs=["pension"])
    make_resource(index, "Other", needs=["school"])

    first = client.get(URL, {"need": "pension"})
    assert slugs(first) == [f"guide-{n:02d}" for n in range(10)]
    assert "Page 1 of 3" in first.content.decode()
    assert parse(first.content).find("a", rel="next")[0]["href"] == "?need=pension&page=2"
    second = client.get(URL, {"need": "pension", "page": "2"})
    assert slugs(second) == [f"guide-{n:02d}" for n in range(10, 20)]
    assert parse(second.content).find("a", rel="prev")[0]["href"] == "?need=pension"
    third = client.get(URL, {"need": "pension", "page": "3"})
    assert slugs(third) == ["guide-20", "guide-21", "guide-22"]
    assert not parse(third.content).find("a", rel="next")
    assert client.get(URL, {"need": "pension", "page": "4"}).status_code == 404


def test_filtered_and_later_pages_are_not_indexed_by_search_engines(client, index):
    make_resource(index, "Ration card")
    noindex = {"name": "robots", "content": "noindex, follow"}
    assert not parse(client.get(URL).content).find("meta", **noindex)
    assert parse(client.get(URL, {"need": "pension"}).content).find("meta", **noindex)


@pytest.mark.parametrize(
    "query",
    [
        "page=abc",
        "page=-1",
        "page=0",
        "page=1.5",
        "page=99999999999999999999",
        "page=%ff",
        "page=%00",
        "page=%e0%a5%a8",  # a Devanagari 2
        "category=unknown",
        "category=%ff",
        "category=Legal-Rights",
        "need=unknown",
        "need=%ff%fe",
        "need=pension,school",
        "need=,pension,",
        "need=pension&need=nothing",
    ],
)
def test_bad_query_values_are_a_404_never_a_500(client, index, query):
    make_resource(index, "Ration card")
    assert client.get(f"{URL}?{query}").status_code == 404


@pytest.mark.parametrize("query", ["", "page=", "page=1", "category=&need=", "unknown=1", "q=%ff"])
def test_empty_or_unrelated_values_show_the_first_page(client, index, query):
    make_resource(index, "Ration card")
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert slugs(response) == ["ration-card"]


def test_an_empty_index_shows_its_empty_state(client, index):
    response = client.get(URL)
    assert response.status_code == 200
    assert "Guides to your rights will appear here soon." in response.content.decode()


# --- A guide ------------------------------------------------------------------------------


@pytest.fixture
def full_guide(index):
    helplines = [
        make_helpline("1097", "National AIDS helpline"),
        make_helpline("1800-11-0031", "State helpline", hours="10 to 6"),
    ]
    return make_resource(
        index,
        "Getting a ration card",
        category=Category.IDENTITY_DOCUMENTS,
        needs=[Need.IDENTITY_DOCUMENT, Need.BANK_OR_LOAN],
        summary="Apply at the taluka office with your papers.",
        steps=[
            {"type": "step", "value": {"title": "Collect your papers", "text": "<p>One.</p>"}},
            {"type": "step", "value": {"title": "Go to the office", "text": "<p>Two.</p>"}},
        ],
        documents_needed=[
            {"type": "item", "value": "Aadhaar card"},
            {"type": "item", "value": "Two photos"},
        ],
        guide=[
            {"type": "heading", "value": "If the office says no"},
            {"type": "paragraph", "value": "<p>Ask for the reason in writing.</p>"},
            {"type": "callout", "value": {"kind": "warning", "text": "<p>Never pay.</p>"}},
        ],
        downloads=download_blocks(make_document("Application form"), title="The form"),
        helplines=helpline_blocks(*helplines),
        last_reviewed=datetime.date(2025, 1, 15),
        review_by=datetime.date(2099, 1, 15),
    )


def test_guide_page_shows_every_part_in_order(client, full_guide):
    response = client.get("/en/test-guides/getting-a-ration-card/")
    assert response.status_code == 200
    content = response.content.decode()
    parts = [
        "Getting a ration card",
        "Apply at the taluka office with your papers.",
        "Collect your papers",
        "Go to the office",
        "Aadhaar card",
        "If the office says no",
        "Ask for the reason in writing.",
        "Never pay.",
        "The form",
        "National AIDS helpline",
        "State helpline",
    ]
    positions = [content.index(part) for part in parts]
    assert positions == sorted(positions)
    html = parse(response.content)
    assert len(html.find("li", **{"class": "step"})) == 2
    assert len(html.find("li", **{"class": "checklist__item"})) == 2


def test_review_dates_are_shown_as_time_elements(client, full_guide):
    content = client.get(full_guide.url).content.decode()
    assert "Last reviewed" in content and "Review by" in content
    assert '<time datetime="2025-01-15">15 January 2025</time>' in content
    assert '<time datetime="2099-01-15">15 January 2099</time>' in content
    assert "due for a check" not in content


def test_a_guide_past_its_review_date_warns_the_reader(client, index):
    guide = make_resource(
        index,
        "Old guide",
        last_reviewed=TODAY - datetime.timedelta(days=400),
        review_by=TODAY - datetime.timedelta(days=1),
    )
    assert "due for a check" in client.get(guide.url).content.decode()


def test_helpline_numbers_are_tel_links(client, full_guide):
    html = parse(client.get(full_guide.url).content)
    hrefs = [link["href"] for link in html.find("a", **{"class": "helpline__link"})]
    assert hrefs == ["tel:1097", "tel:1800110031"]


def test_downloads_link_to_the_file_and_carry_its_full_address_for_print(client, full_guide):
    html = parse(client.get(full_guide.url).content)
    (link,) = html.find("a", **{"class": "download__link"})
    # Stored documents get random names (privacy/documents/): nothing of "form.pdf" is left.
    assert re.fullmatch(r"/documents/\d+/[0-9a-f]{32}\.pdf", link["href"])
    assert link["data-print-url"] == "http://testserver" + link["href"]
    assert client.get(link["href"]).status_code == 200


def test_guide_links_back_to_its_category_and_tasks(client, full_guide):
    html = parse(client.get(full_guide.url).content)
    hrefs = {link["href"] for link in html.tags_with_attr("a", "href")}
    assert "/en/test-guides/?category=identity-documents" in hrefs
    assert "/en/test-guides/?need=identity-document" in hrefs
    assert "/en/test-guides/?need=bank-or-loan" in hrefs
    assert "/en/test-guides/" in hrefs


def test_headings_go_down_one_level_at_a_time(client, full_guide):
    for url in (full_guide.url, URL):
        html = client.get(url).content.decode()
        main = html[html.index("<main") : html.index("</main>")]
        levels = [int(level) for level in re.findall(r"<h([1-6])", main)]
        assert levels[0] == 1 and levels.count(1) == 1, url
        assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), (url, levels)


def test_sections_are_labelled_by_their_headings(client, full_guide):
    html = parse(client.get(full_guide.url).content)
    for section in html.find("section"):
        heading_id = section["aria-labelledby"]
        assert html.find("h2", id=heading_id), heading_id


def test_guide_pages_set_no_cookie_and_do_not_vary_on_cookie(client, full_guide):
    for url in (full_guide.url, URL, f"{URL}?need=pension"):
        response = client.get(url)
        assert not response.cookies, url
        assert "Cookie" not in response.get("Vary", ""), url


# --- Print ------------------------------------------------------------------------------------


def print_rules() -> str:
    """The body of the @media print block of resources.css."""
    from django.contrib.staticfiles import finders

    with open(finders.find("css/resources.css"), encoding="utf-8") as css:
        text = css.read()
    start = text.index("@media print")
    depth, position = 0, text.index("{", start)
    for position in range(text.index("{", start), len(text)):
        depth += {"{": 1, "}": -1}.get(text[position], 0)
        if depth == 0:
            break
    return text[text.index("{", start) + 1 : position]


def test_index_and_guide_link_the_resources_stylesheet(client, full_guide):
    for url in (URL, full_guide.url):
        html = parse(client.get(url).content)
        sheets = [link["href"] for link in html.find("link", rel="stylesheet")]
        assert "/static/css/resources.css" in sheets, url


def test_print_rules_hide_the_site_chrome_and_keep_steps_and_boxes_whole():
    rules = " ".join(print_rules().split())
    hidden = rules[: rules.index("{")]
    for selector in (
        ".quick-exit-bar",
        ".site-header",
        ".main-menu",
        ".language-switcher",
        ".site-footer",
        ".resource-filters",
    ):
        assert selector in hidden, selector
    assert "display: none" in rules
    assert re.search(r"\.step[^{]*\{[^}]*break-inside: avoid", rules)
    assert "attr(data-print-url)" in rules
    assert re.search(r"\.checklist__item::before \{[^}]*border: 2px solid #000", rules)
    assert "color: #000" in rules and "background: #fff" in rules


# --- Home page and search -------------------------------------------------------------------


def test_key_resources_are_featured_first_then_most_recently_reviewed(index):
    home = HomePage.objects.get(locale__language_code="en")
    # The demo guides are under the same home page: push them out of the first places.
    from resources.models import ResourcePage

    ResourcePage.objects.filter(locale__language_code="en").update(
        featured=False, last_reviewed=datetime.date(2020, 1, 1)
    )
    make_resource(index, "Old", last_reviewed=datetime.date(2024, 1, 1))
    make_resource(index, "Featured", featured=True, last_reviewed=datetime.date(2023, 1, 1))
    make_resource(index, "Recent", last_reviewed=datetime.date(2025, 6, 1))
    make_resource(index, "Draft", live=False, featured=True)
    hidden = make_resource(index, "Hidden", featured=True)
    PageViewRestriction.objects.create(page=hidden, restriction_type="login")
    make_resource(new_index("gu"), "Gujarati", featured=True)

    titles = [page.title for page in key_resources(home, count=3)]
    assert titles == ["Featured", "Recent", "Old"]


def test_key_resources_teaser_include_links_each_guide_and_the_index(client, index, rf):
    make_resource(index, "Ration card", featured=True, summary="Grain at low prices.")
    home = HomePage.objects.get(locale__language_code="en")
    resources = [page for page in key_resources(home) if page.get_parent().pk == index.pk]
    html = render_to_string(
        "resources/includes/key_resources.html", {"resources": resources, "request": rf.get("/")}
    )
    assert 'href="/en/test-guides/ration-card/"' in html
    assert "Grain at low prices." in html
    assert 'href="/en/test-guides/"' in html
    empty = render_to_string("resources/includes/key_resources.html", {"resources": []})
    assert "are being prepared" in empty


def test_site_search_finds_a_guide_in_its_language_only(client, index):
    make_resource(index, "Marigold papers", summary="How to get zinnia certificates.")
    gu_index = new_index("gu")
    make_resource(gu_index, "ગલગોટા", slug="galgota", summary="ઝિનિયા પ્રમાણપત્ર કેવી રીતે મેળવવું.")

    def found(query: str, language: str) -> list[str]:
        response = client.get(f"/{language}/search/", {"q": query})
        links = parse(response.content).find("a")
        return [link["href"] for link in links if "test-guides" in (link.get("href") or "")]

    assert found("zinnia", "en") == ["/en/test-guides/marigold-papers/"]
    assert found("zinnia", "gu") == []
    assert found("ઝિનિયા", "gu") == ["/gu/test-guides/galgota/"]
    assert found("ઝિનિયા", "en") == []

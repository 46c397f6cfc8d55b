"""Rights guides in a real browser: axe-core finds nothing on the guide index (filtered too) and
on a guide, the filters work without JavaScript, and a printed guide is the guide alone."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import DESKTOP, LANGUAGES, PHONE
from .test_accessibility import describe

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PATHS = (
    "resources/",
    "resources/?need=identity-document",
    "resources/?category=livelihood-and-loans",  # the empty state
    "resources/getting-a-ration-card/",  # steps, checklist, callout, helpline, download
)

PRINT_STATE = """() => {
    const shown = (selector) => {
        const el = document.querySelector(selector);
        return el !== null && getComputedStyle(el).display !== "none";
    };
    const box = getComputedStyle(document.querySelector(".checklist__item"), "::before");
    const step = getComputedStyle(document.querySelector(".step"));
    const body = getComputedStyle(document.body);
    return {
        header: shown(".site-header"),
        quickExit: shown(".quick-exit-bar"),
        footer: shown(".site-footer"),
        guide: shown(".steps"),
        boxBorder: box.borderTopStyle + " " + box.borderTopWidth + " " + box.borderTopColor,
        stepBreak: step.breakInside,
        ink: body.color,
        paper: body.backgroundColor,
    };
}"""


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_axe_violations_on_guide_pages(site, open_page, axe, language):
    page, _guard = open_page()
    failures = []
    for viewport_name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(viewport)
        for path in PATHS:
            url = f"{site}/{language}/{path}"
            assert page.goto(url).status == 200, url
            violations = axe.run(page).response["violations"]
            if violations:
                failures.append(f"{url} at {viewport_name} width:\n{describe(violations)}")
    assert not failures, "axe-core violations:\n" + "\n".join(failures)


def test_filters_work_without_javascript_and_keep_the_choice(site, open_page):
    from resources.models import ResourceIndexPage
    from tests.support.resource_factories import make_resource

    index = ResourceIndexPage.objects.get(locale__language_code="en", slug="resources")
    for title in ("Widow pension", "Old-age pension"):
        make_resource(index, title, category="pensions-and-benefits", needs=["pension"])
    page, _guard = open_page(java_script_enabled=False)
    page.goto(f"{site}/en/resources/")
    page.select_option("select[name=need]", "pension")
    page.click("button[type=submit]")
    assert page.url.endswith("/en/resources/?need=pension&category=")
    titles = page.locator(".resource-card__link").all_inner_texts()
    assert titles == ["Widow pension", "Old-age pension"]
    assert page.locator("select[name=need]").input_value() == "pension"


def test_a_printed_guide_is_the_guide_alone_black_on_white(site, open_page):
    page, _guard = open_page()
    page.goto(f"{site}/en/resources/getting-a-ration-card/")
    on_screen = page.evaluate(PRINT_STATE)
    assert on_screen["header"] and on_screen["quickExit"]
    page.emulate_media(media="print")
    printed = page.evaluate(PRINT_STATE)
    assert not printed["header"] and not printed["quickExit"] and not printed["footer"]
    assert printed["guide"]
    assert printed["boxBorder"] == "solid 2px rgb(0, 0, 0)"
    assert printed["stepBreak"] == "avoid"
    assert printed["ink"] == "rgb(0, 0, 0)"
    assert printed["paper"] == "rgb(255, 255, 255)"
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")

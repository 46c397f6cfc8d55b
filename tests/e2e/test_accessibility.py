"""WCAG 2.2 AA in a real browser: axe-core finds no violation of any impact on any page type.

axe-core comes bundled with axe-playwright-python (axe.min.js, injected with page.evaluate), so
running it fetches nothing; the network guard would fail the test if it did.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import DESKTOP, LANGUAGES, PHONE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Every page type: home, standard, story, event and guide pages, the press room and its pages
# (quotable voices with a voice on it), their indexes, search and
# the 404 page (the snapshot holds the tests' site and a page of each kind, tests/support/site.py).
# At phone width (the readers' device) every page is checked; at desktop width one of each type.
STORY = "stories/we-learnt-our-rights-together/"
EVENT = "events/rights-meeting-in-bhuj/"
GUIDE = "resources/getting-a-ration-card/"
RELEASE = "press/samvedna-marks-international-sex-workers-day/"
PHONE_PATHS = (
    "",
    "about/",
    "for-the-media/",
    "online-safety/",
    "stories/",
    STORY,
    "events/",
    EVENT,
    "resources/",
    "resources/?category=identity-documents",
    GUIDE,
    "search/?q=rights",
    "press/",
    RELEASE,
    "press/quotable-voices/",
    "press/fact-sheet/",
    "press/reporting-guidance/",
    "no-such-page/",
)
DESKTOP_PATHS = (
    "",
    "about/",
    "stories/",
    STORY,
    "events/",
    EVENT,
    "resources/",
    GUIDE,
    "press/",
    RELEASE,
    "no-such-page/",
)


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} "
            f"[{violation['helpUrl'].split('?')[0]}]"
        )
        for node in violation["nodes"][:5]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {node['target']}: {node['html'][:160]}\n      {summary}")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_axe_violations_on_any_page_type(site, open_page, axe, language):
    page, _guard = open_page()
    failures = []
    checked = 0
    for viewport_name, viewport, paths in (
        ("phone", PHONE, PHONE_PATHS),
        ("desktop", DESKTOP, DESKTOP_PATHS),
    ):
        page.set_viewport_size(viewport)
        for path in paths:
            url = f"{site}/{language}/{path}"
            response = page.goto(url)
            expected = 404 if path == "no-such-page/" else 200
            assert response.status == expected, url
            # All rules axe runs by default (WCAG 2.0-2.2 A/AA and best practices), all impacts.
            violations = axe.run(page).response["violations"]
            checked += 1
            if violations:
                failures.append(f"{url} at {viewport_name} width:\n{describe(violations)}")
    assert checked == len(PHONE_PATHS) + len(DESKTOP_PATHS)
    assert not failures, "axe-core violations:\n" + "\n".join(failures)

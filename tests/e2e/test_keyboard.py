"""Keyboard use: the skip link comes first and works; keyboard focus is visible on quick exit."""

import pytest

from .conftest import DESKTOP

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ACTIVE = """() => {
    const el = document.activeElement;
    const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    const style = getComputedStyle(el);
    return {
        tag: el.tagName.toLowerCase(),
        id: el.id,
        className: el.className,
        quickExit: el.hasAttribute("data-quick-exit"),
        inMain: document.querySelector("main").contains(el),
        afterMain: Boolean(
            document.querySelector("main").compareDocumentPosition(el)
            & Node.DOCUMENT_POSITION_FOLLOWING
        ),
        focusVisible: el.matches(":focus-visible"),
        outlineStyle: style.outlineStyle,
        outlineWidth: style.outlineWidth,
        boxShadow: style.boxShadow,
        inViewport: r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth,
        onTop: hit !== null && (hit === el || el.contains(hit)),
    };
}"""


HEADING_CLEAR = """() => {
    const h1 = document.querySelector("main h1");
    const r = h1.getBoundingClientRect();
    const bar = document.querySelector(".quick-exit-bar").getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + 2, r.top + 2);
    return {
        top: r.top, barBottom: bar.bottom, scrollY: window.scrollY,
        visible: hit !== null && h1.contains(hit), hit: hit && hit.outerHTML.slice(0, 80),
    };
}"""


@pytest.mark.parametrize("viewport", [None, DESKTOP], ids=["phone", "desktop"])
def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(site, open_page, viewport):
    page, _guard = open_page(**({"viewport": viewport} if viewport else {}))
    for path in ("/en/about/", "/gu/online-safety/", "/hi/", "/hi/no-such-page/"):
        page.goto(f"{site}{path}")
        page.keyboard.press("Tab")
        active = page.evaluate(ACTIVE)
        assert active["tag"] == "a" and "skip-link" in active["className"], (path, active)
        assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"
        # Shown when focused (it sits off-screen otherwise), on top of the quick-exit bar.
        assert active["inViewport"] and active["onTop"], (path, active)
        assert active["focusVisible"], (path, active)

        page.keyboard.press("Enter")
        active = page.evaluate(ACTIVE)
        assert (active["tag"], active["id"]) == ("main", "main"), (path, active)
        # The jump stops below the sticky quick-exit bar: the page heading is not hidden under it.
        heading = page.evaluate(HEADING_CLEAR)
        assert heading["top"] >= heading["barBottom"] and heading["visible"], (path, heading)
        # The next Tab continues from the main content, not from the header again.
        page.keyboard.press("Tab")
        active = page.evaluate(ACTIVE)
        assert active["inMain"] or active["afterMain"], (path, active)


@pytest.mark.parametrize("language", ["en", "gu"])
def test_keyboard_focus_on_quick_exit_is_visible(site, open_page, language):
    page, guard = open_page()
    page.goto(f"{site}/{language}/about/")
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")
    active = page.evaluate(ACTIVE)
    assert active["quickExit"], f"second Tab stop is {active}, not quick exit"
    assert active["focusVisible"], active
    has_outline = active["outlineStyle"] != "none" and active["outlineWidth"] not in ("0px", "")
    has_ring = active["boxShadow"] not in ("none", "")
    assert has_outline or has_ring, f"no visible focus indicator: {active}"
    assert active["inViewport"] and active["onTop"], active
    # Enter on the focused link leaves, like a click.
    exit_url = guard.allow_exit_from(page)
    page.keyboard.press("Enter")
    page.wait_for_url(exit_url)

"""Quick exit (safety rule 5) in a real browser: link, history, Esc shortcut, placement, language.

The destination is whatever the admin-editable setting says; tests read it from the page's
[data-quick-exit] link and the network guard answers that one navigation with a stub page.
"""

import pytest

from .conftest import DESKTOP, LANGUAGES, PHONE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

QUICK_EXIT = "[data-quick-exit]"
LABELS = {"en": "Quick exit", "gu": "તરત બહાર નીકળો", "hi": "तुरंत बाहर निकलें"}


def history_length(page) -> int:
    return page.evaluate("history.length")


def test_without_javascript_quick_exit_is_a_plain_link_that_leaves(site, open_page):
    page, guard = open_page(java_script_enabled=False)
    page.goto(f"{site}/en/about/")
    link = page.locator(f"a{QUICK_EXIT}[href]")
    assert link.count() == 1
    exit_url = guard.allow_exit_from(page)

    link.click()
    page.wait_for_url(exit_url)
    assert page.url == exit_url
    assert page.text_content("body") == "weather"
    assert [e["url"] for e in guard.exits] == [exit_url]
    assert guard.exits[0]["referer"] is None, "the neutral site must not learn where we came from"

    # Without JavaScript the link is an ordinary navigation, so the site stays in the history:
    # this is the known limitation the script removes (and the control for the next test).
    page.go_back()
    assert page.url == f"{site}/en/about/"


def test_quick_exit_replaces_the_page_so_back_does_not_return_to_the_site(site, open_page):
    page, guard = open_page()
    page.goto("about:blank")
    page.goto(f"{site}/gu/online-safety/")
    assert history_length(page) == 2  # about:blank, then the site
    exit_url = guard.allow_exit_from(page)

    page.click(QUICK_EXIT)
    page.wait_for_url(exit_url)
    assert page.text_content("body") == "weather"
    assert history_length(page) == 2, "quick exit added a history entry instead of replacing"
    assert guard.exits and all(e["referer"] is None for e in guard.exits), guard.exits

    page.go_back()
    assert page.url == "about:blank", f"Back returned to {page.url}"


def test_control_a_plain_navigation_would_leave_the_site_in_the_history(site, open_page):
    # Proves the previous test's Back check can fail: the same journey with an ordinary
    # navigation (location.href instead of location.replace) does land back on the site.
    page, guard = open_page()
    page.goto("about:blank")
    page.goto(f"{site}/gu/online-safety/")
    exit_url = guard.allow_exit_from(page)
    page.evaluate("url => { location.href = url; }", exit_url)
    page.wait_for_url(exit_url)
    assert history_length(page) == 3
    page.go_back()
    assert page.url == f"{site}/gu/online-safety/"


def test_escape_three_times_leaves_the_site(site, open_page):
    page, guard = open_page()
    page.goto("about:blank")
    page.goto(f"{site}/hi/")
    exit_url = guard.allow_exit_from(page)
    page.wait_for_load_state("load")  # the script is deferred

    for _ in range(3):
        page.keyboard.press("Escape")
    page.wait_for_url(exit_url)
    page.go_back()
    assert page.url == "about:blank", f"Back returned to {page.url}"


def test_escape_twice_or_three_times_spread_out_does_not_leave(site, open_page):
    page, guard = open_page()
    page.clock.install()  # Date.now() under the test's control: no real waiting
    page.goto(f"{site}/en/")
    exit_url = guard.allow_exit_from(page)
    page.wait_for_load_state("load")

    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_timeout(300)  # give a wrongly triggered navigation time to start
    assert page.url == f"{site}/en/" and not guard.exits, "two presses were enough"

    # Three presses, but the first two are more than 2 s old by the third: no exit.
    page.clock.fast_forward(2_100)
    page.keyboard.press("Escape")
    page.clock.fast_forward(1_100)
    page.keyboard.press("Escape")
    page.clock.fast_forward(1_100)
    page.keyboard.press("Escape")
    page.wait_for_timeout(300)
    assert page.url == f"{site}/en/" and not guard.exits, "presses over 2 s apart counted"

    # The same page still reacts to a proper triple press (so the checks above are meaningful).
    page.clock.fast_forward(2_100)
    for _ in range(3):
        page.keyboard.press("Escape")
    page.wait_for_url(exit_url)
    assert [e["url"] for e in guard.exits] == [exit_url]


def _covering_element(page):
    """Where the control is, and whether it is the topmost element at its centre."""
    return page.eval_on_selector(
        QUICK_EXIT,
        """el => {
            const r = el.getBoundingClientRect();
            const x = r.left + r.width / 2, y = r.top + r.height / 2;
            const hit = document.elementFromPoint(x, y);
            return {
                top: r.top, bottom: r.bottom, left: r.left, right: r.right,
                width: r.width, height: r.height,
                onTop: hit !== null && (hit === el || el.contains(hit)),
                hit: hit ? hit.outerHTML.slice(0, 120) : null,
                vw: window.innerWidth, vh: window.innerHeight,
                scrollY: window.scrollY, docHeight: document.documentElement.scrollHeight,
            };
        }""",
    )


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_quick_exit_stays_visible_and_uncovered_at_the_bottom_of_a_long_page(
    site, open_page, viewport
):
    page, _guard = open_page(viewport=viewport)
    for language in LANGUAGES:
        page.goto(f"{site}/{language}/about/")
        # Make the page long, as a long testimony would be.
        page.eval_on_selector(
            "main", "m => m.insertAdjacentHTML('beforeend', '<p>Lorem ipsum.</p>'.repeat(300))"
        )
        for position, scroll_to in (("top", "0"), ("bottom", "document.body.scrollHeight")):
            page.evaluate(f"window.scrollTo(0, {scroll_to})")
            box = _covering_element(page)
            where = f"{language} {viewport} scrolled to {position}: {box}"
            if position == "bottom":
                assert box["scrollY"] > 3 * box["vh"], f"page not long enough: {where}"
            assert box["top"] >= 0 and box["left"] >= 0, where
            assert box["bottom"] <= box["vh"] and box["right"] <= box["vw"], where
            assert box["onTop"], f"quick exit is covered by {box['hit']}: {where}"
            assert box["height"] >= 44 and box["width"] >= 44, f"target too small: {where}"
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], f"{language} page scrolls sideways ({width}px)"


@pytest.mark.parametrize("language", LANGUAGES)
def test_quick_exit_is_labelled_in_the_page_language(site, open_page, language):
    page, _guard = open_page()
    for path in ("", "about/", "no-such-page/"):
        url = f"{site}/{language}/{path}"
        page.goto(url)
        assert page.get_attribute("html", "lang") == language, url
        label = page.locator(QUICK_EXIT).inner_text().strip()
        assert label == LABELS[language], f"{url}: quick exit says {label!r}"
        # The accessible name is the visible text (nothing overrides it in another language).
        assert page.get_by_role("link", name=LABELS[language], exact=True).count() == 1, url


# A visit: several pages read through links, a filter form, the search box and an in-page jump,
# then quick exit. The script keeps the whole visit in ONE history entry, so after the exit Back
# and Forward show only the page before the site (about:blank here, a search engine for a reader)
# and the neutral page. Run with the back-forward cache off (Playwright's default) and on (a
# second Chromium), since a page kept in that cache could otherwise come back on Back or Forward.

# Records, on every page, whether it was shown again from the back-forward cache. Playwright runs
# init scripts outside the page's CSP, so this needs no change to the site's script-src.
RECORD_PAGESHOW = """
window.addEventListener("pageshow", (event) => { window.__fromCache = event.persisted; });
"""
BEFORE_THE_SITE = "about:blank"


def _is_site(url: str, site: str) -> bool:
    return url.startswith(site)


def _open_visit(site, new_context, bfcache_browser):
    context, guard = new_context(in_browser=bfcache_browser)
    context.add_init_script(RECORD_PAGESHOW)
    page = context.new_page()
    page.goto(BEFORE_THE_SITE)
    return page, guard


def _read_and_stay_one_entry(page, site, step, action) -> None:
    """Does what a reader does on a page and checks the visit still has one history entry."""
    before = page.url
    action()
    page.wait_for_load_state("load")
    assert _is_site(page.url, site), f"{step}: left the site for {page.url}"
    assert history_length(page) == 2, f"{step}: {before} -> {page.url} added a history entry"


def _read_several_pages(page, site) -> list[str]:
    """Home -> stories (search box) -> a story -> guides (filter form) -> a guide -> language
    switch -> skip link; returns the URLs seen, each checked to keep one history entry."""
    seen = []

    def go(step, action, expect_url_part):
        _read_and_stay_one_entry(page, site, step, action)
        assert expect_url_part in page.url, f"{step}: at {page.url}"
        seen.append(page.url)

    page.goto(f"{site}/en/")
    assert history_length(page) == 2  # the page before the site, then the site
    page.wait_for_load_state("load")  # the script is deferred
    seen.append(page.url)
    go("menu link", lambda: page.click("nav.main-menu a[href='/en/stories/']"), "/en/stories/")
    go(
        "search box",
        lambda: (page.fill("#search-q", "rights"), page.click(".search-form__button")),
        "q=rights",
    )
    assert page.locator("main a[href*='/stories/']").count(), "the search found no story"
    story = page.locator("main a[href*='/stories/we-learnt']").first
    go("a story", story.click, "/stories/we-learnt")
    go("menu link", lambda: page.click("nav.main-menu a[href='/en/resources/']"), "/resources/")
    category = "identity-documents"  # the guide's topic
    go(
        "filter form",
        lambda: (
            page.select_option("#filter-category", category),
            page.click(".resource-filters__button"),
        ),
        f"category={category}",
    )
    guide = page.locator("main a[href*='getting-a-ration-card']").first
    go("a guide", guide.click, "getting-a-ration-card")
    go("language switcher", page.locator("a[hreflang='gu']").first.click, "/gu/")
    # The skip link: an in-page jump, which would otherwise add an entry of this very page.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    assert history_length(page) == 2, "the skip link added a history entry"
    return seen


def _history(page, direction: str) -> None:
    """Back or Forward, waiting until the page shown is complete. A page restored from the
    back-forward cache fires no load event (which go_back/go_forward wait for by default)."""
    move = page.go_back if direction == "back" else page.go_forward
    move(wait_until="commit")
    page.wait_for_function("() => document.readyState === 'complete'")


def _check_no_site_page_in_back_or_forward(page, site, exit_url) -> None:
    assert history_length(page) == 2, "the exit added a history entry instead of replacing"
    for step in range(2):
        _history(page, "back")
        assert page.url == BEFORE_THE_SITE, f"Back {step + 1} showed {page.url}"
        assert page.go_back() is None and page.url == BEFORE_THE_SITE, "more history than expected"
        _history(page, "forward")
        assert page.url == exit_url, f"Forward {step + 1} showed {page.url}"
        assert page.text_content("body") == "weather"
        assert page.go_forward() is None and page.url == exit_url, "Forward past the exit"


@pytest.mark.parametrize("bfcache", ["bfcache-off", "bfcache-on"])
@pytest.mark.parametrize("how", ["button", "escape"])
def test_after_a_visit_of_several_pages_quick_exit_leaves_no_site_page_in_back_or_forward(
    site, browser_with_bfcache, new_context, bfcache, how
):
    with_cache = bfcache == "bfcache-on"
    page, guard = _open_visit(site, new_context, browser_with_bfcache if with_cache else None)
    _read_several_pages(page, site)

    # Back to the page before the site and Forward again: with the cache on, the page comes back
    # from memory (the control that the cache is really on or off), and the script still works.
    _history(page, "back")
    assert page.url == BEFORE_THE_SITE
    _history(page, "forward")
    assert _is_site(page.url, site)
    if with_cache:
        # Times out (fails) unless the page was restored from memory.
        page.wait_for_function("() => window.__fromCache === true")
    else:
        assert page.evaluate("window.__fromCache") is False, "restored from the cache"
    _read_and_stay_one_entry(
        page, site, "after Forward", lambda: page.click("nav.main-menu a[href='/gu/about/']")
    )

    exit_url = guard.allow_exit_from(page)
    if how == "button":
        page.click(QUICK_EXIT)
    else:
        for _ in range(3):
            page.keyboard.press("Escape")
    page.wait_for_url(exit_url)
    _check_no_site_page_in_back_or_forward(page, site, exit_url)
    # (Forward may load the neutral page again when the cache is off.)
    assert {e["url"] for e in guard.exits} == {exit_url}
    assert all(e["referer"] is None for e in guard.exits), "the neutral site learnt where from"


def test_control_without_the_script_the_same_visit_leaves_site_pages_in_back(site, new_context):
    # Proves the test above can fail: the same links followed as plain navigations (the script
    # blocked) put every page in the history, and Back after the exit shows the site.
    context, guard = new_context()
    context.route("**/quick-exit*.js", lambda route: route.abort())
    page = context.new_page()
    page.goto(BEFORE_THE_SITE)
    page.goto(f"{site}/en/")
    page.click("nav.main-menu a[href='/en/stories/']")
    page.wait_for_url(f"{site}/en/stories/")
    assert history_length(page) == 3
    exit_url = guard.allow_exit_from(page)
    page.click(QUICK_EXIT)
    page.wait_for_url(exit_url)
    page.go_back()
    assert page.url == f"{site}/en/stories/"


def test_links_to_other_hosts_new_tabs_and_downloads_are_left_to_the_browser(site, open_page):
    page, _guard = open_page()
    page.goto(f"{site}/en/")
    page.wait_for_load_state("load")
    page.evaluate(
        """() => {
            window.__leftAlone = [];
            document.addEventListener("click", (e) => {
                window.__leftAlone.push(e.defaultPrevented);
                e.preventDefault();  // keep the test on this page
            });
            const main = document.querySelector("main");
            main.insertAdjacentHTML("beforeend",
                '<a id="other" href="https://example.org/">other</a>' +
                '<a id="tab" href="/en/about/" target="_blank">tab</a>' +
                '<a id="download" href="/en/about/" download>download</a>' +
                '<a id="pdf" href="/documents/1/guide.pdf">pdf</a>' +
                '<a id="inside" href="/en/about/">inside</a>');
        }"""
    )
    for link in ("other", "tab", "download", "pdf"):
        page.click(f"#{link}")
    page.click("#inside", modifiers=["Control"])
    assert page.evaluate("window.__leftAlone") == [False] * 5
    # The control: a plain link inside the site is taken over (and replaces this entry).
    length = history_length(page)
    page.click("#inside")
    page.wait_for_url(f"{site}/en/about/")
    assert history_length(page) == length


def test_without_javascript_the_page_says_what_quick_exit_does_not_do(site, open_page):
    sentence = "Back will still show this site"
    page, _guard = open_page(java_script_enabled=False)
    page.goto(f"{site}/en/about/")
    note = page.locator("[data-quick-exit-without-js]")
    assert note.is_visible() and sentence in note.inner_text()
    # It is right: Esc does nothing without JavaScript (and the plain link's Back is tested above).
    for _ in range(3):
        page.keyboard.press("Escape")
    page.wait_for_timeout(300)
    assert page.url == f"{site}/en/about/"

    page, _guard = open_page()
    page.goto(f"{site}/en/about/")
    assert sentence in page.content()  # in the page, inside <noscript>, but not shown
    assert not page.get_by_text(sentence).is_visible()

"""Reading an admin screen as a leader meets it: its words, and whether it fits her phone.

Used by test_leader_admin_language.py. A screen's words are its text (also text hidden until
she opens a menu, a dialog or a panel), the accessible names and hints screen readers speak
(aria-label, title, placeholder, alt, button values, tooltips) and the page title. Words in
Latin letters there are English interface words, unless they are content (what people typed:
names, titles; see content_strings) or on the short ALLOWED list below.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

from django.contrib.auth import get_user_model
from django.urls import Resolver404, resolve
from wagtail.models import Page, Site

from consent.models import ConsentRecord


def latin_name(name: str) -> str:
    """A name bounded by Latin letters only: Gujarati and Hindi join endings to it ("KMVSનાં")."""
    return rf"(?<![A-Za-z]){re.escape(name)}(?![A-Za-z])"


# Latin-script words allowed on a Gujarati or Hindi screen, and why. Longer names first: the
# first pattern that matches at a place wins.
ALLOWED: list[tuple[str, str]] = [
    (
        r"\b(?:Google|Microsoft) Authenticator\b|\bFreeOTP\b|\bPlay Store\b",
        "authenticator apps and the app store, named as she will find them on her phone",
    ),
    (r"\"time based\"|\(setup key\)", "the words her authenticator app shows, in English"),
    (latin_name("QR"), "the QR code: the name her authenticator app and phone camera use"),
    (r"\bABCD-EFGH\b", "the pattern of a recovery code"),
    (latin_name("Samvedna"), "the collective's name, as the site's record holds it"),
    (latin_name("KMVS"), "the NGO's name, written in Latin letters in Gujarati and Hindi too"),
    (latin_name("English"), "the English language's own name, among the language choices"),
    (latin_name("Google"), "the search engine's name, in the page editor's hints"),
    (r"https?://\S+", "a web address, in the page editor's example of a page address"),
    (
        r"\b(?:Ctrl|Cmd|Alt|Shift|Esc)\b(?: \+ (?:Ctrl|Cmd|Alt|Shift|[A-Za-z.,]))*",
        "keys as printed on a keyboard, in the keyboard shortcuts list",
    ),
]
_ALLOWED = re.compile("|".join(pattern for pattern, _reason in ALLOWED))
LATIN_WORD = re.compile(r"[A-Za-z]+")

# Elements whose text is not words in any language, or never shown to anyone, and why.
NOT_READ = {
    "[data-two-factor-secret]": "the secret key she types into her app: random letters",
    "ol.recovery-codes code": "recovery codes: random letters",
    ".xdsoft_save_selected": "the date picker's apply button, which Wagtail never turns on",
    "[data-side-panel-toggle-counter][hidden]": "an empty issue counter ('None') until checks ran",
}
# Elements outside the screen's width on purpose: a drawer that slides in when opened.
OFF_CANVAS = {".w-minimap": "the editor's section map, a drawer whose toggle stays visible"}

READ_SCREEN = """(notRead) => {
  const found = [];
  const skipped = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'IFRAME', 'TEXTAREA']);
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, parent = node.parentElement;
    const text = node.textContent.trim();
    if (!text || skipped.has(parent.tagName) || parent.closest(notRead)) continue;
    found.push(['text', text]);
  }
  const attributes = ['aria-label', 'aria-description', 'title', 'placeholder', 'alt',
                      'data-w-tooltip-content-value', 'data-w-progress-active-value'];
  for (const element of document.body.querySelectorAll('*')) {
    if (element.closest(notRead)) continue;
    for (const name of attributes) {
      const value = element.getAttribute(name);
      if (value && value.trim()) found.push([name, value.trim()]);
    }
    if (element.matches('input[type=submit], input[type=button]') && element.value) {
      found.push(['button', element.value]);
    }
  }
  found.push(['<title>', document.title]);
  return found;
}"""

# Anything wider than the phone: the page itself, or an element cut off at either edge (the
# admin hides sideways overflow, so content past the edge cannot even be scrolled to).
MEASURE_WIDTH = """(offCanvas) => {
  const width = window.innerWidth, cut = [];
  for (const element of document.body.querySelectorAll('*')) {
    const box = element.getBoundingClientRect();
    const cutRight = box.left < width && box.right > width + 1;
    const cutLeft = box.left < -1 && box.right > 0;
    if (!box.width || !box.height || !(cutRight || cutLeft)) continue;
    if (getComputedStyle(element).visibility === 'hidden' || element.closest(offCanvas)) continue;
    const name = `${element.tagName.toLowerCase()}.${String(element.getAttribute('class'))}`;
    cut.push(`${name.slice(0, 70)} spans ${Math.round(box.left)}..${Math.round(box.right)}px`);
  }
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: width,
          cut: cut.slice(0, 5)};
}"""


def content_strings() -> list[str]:
    """Words people typed that the admin shows as they are: titles, names. (The site's own
    workflow and task names are shown translated: moderation/workflow_names.py.)"""
    users = get_user_model().objects.all()
    strings = {
        *Page.objects.values_list("title", flat=True),
        *ConsentRecord.objects.values_list("storyteller", flat=True),
        *Site.objects.values_list("site_name", flat=True),
        *users.values_list("username", flat=True),
        *users.values_list("email", flat=True),
        *(user.get_full_name() for user in users),
    }
    # Longest first, so that a title containing a shorter name is removed whole.
    return sorted((s for s in strings if s and len(s) > 1), key=len, reverse=True)


def english_words(found: Iterable[tuple[str, str]], content: list[str]) -> list[str]:
    """Each text still holding a Latin word once content and allowed words are taken out."""
    problems = []
    for kind, text in found:
        rest = text
        for typed in content:
            rest = rest.replace(typed, " ")
        rest = _ALLOWED.sub(" ", rest)
        if LATIN_WORD.search(rest):
            problems.append(f"{kind}: {text[:120]!r}")
    return sorted(set(problems))


def read_screen(page) -> list[tuple[str, str]]:
    return [tuple(item) for item in page.evaluate(READ_SCREEN, ", ".join(NOT_READ))]


def width_problems(page) -> list[str]:
    measured = page.evaluate(MEASURE_WIDTH, ", ".join(OFF_CANVAS))
    problems = [f"cut off: {cut}" for cut in measured["cut"]]
    if measured["scrollWidth"] > measured["innerWidth"]:
        problems.append(f"scrolls sideways: {measured['scrollWidth']}px wide")
    return problems


# --- Walking the admin by its links ------------------------------------------------------------

# Links that end the session or lead to Wagtail's bulk-action endpoints (forms that need the
# rows ticked in a listing; the links themselves answer 404).
NOT_FOLLOWED = re.compile(r"/admin/(?:logout|bulk)/")


def screen_kind(url: str) -> str | None:
    """One visit per kind of screen: the view, plus which query parameters it was given."""
    parts = urlsplit(url)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    keys = sorted({key for key, _value in parse_qsl(parts.query)})
    return f"{match.view_name}?{'&'.join(keys)}"


def wait_for_the_menu(page) -> None:
    """The sidebar's menu links are drawn by script after the page loads: wait for them, so the
    walk follows her menu (not only the links in the page)."""
    if page.locator("#wagtail-sidebar-props").count():
        page.wait_for_selector("a.sidebar-menu-item__link", state="attached")


@dataclass
class Walk:
    site: str
    cap: int
    visited: list[str] = field(default_factory=list)
    problems: dict[str, list[str]] = field(default_factory=dict)

    def check(self, page, label: str, content: list[str]) -> None:
        found = english_words(read_screen(page), content) + width_problems(page)
        if found:
            self.problems[label] = found

    def run(self, page, start: str, content: list[str]) -> None:
        """Breadth-first over the admin links of each screen, from ``start``."""
        queue, kinds = [start], set()
        while queue and len(self.visited) < self.cap:
            path = queue.pop(0)
            kind = screen_kind(path)
            if kind is None or kind in kinds:
                continue
            kinds.add(kind)
            page.goto(self.site + path, wait_until="domcontentloaded")
            wait_for_the_menu(page)
            self.visited.append(path)
            self.check(page, path, content)
            for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
                link = urlsplit(href)
                if self.is_followed(link):
                    queue.append(link.path + (f"?{link.query}" if link.query else ""))

    def is_followed(self, link) -> bool:
        in_the_admin = link.netloc == urlsplit(self.site).netloc and link.path.startswith("/admin/")
        return in_the_admin and not NOT_FOLLOWED.match(link.path)

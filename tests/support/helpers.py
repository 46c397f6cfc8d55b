"""Small helpers for reading pages the way a browser would."""

from html.parser import HTMLParser
from pathlib import Path
from typing import Any


class TagCollector(HTMLParser):
    """Collects (tag, attributes) pairs from an HTML document."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def find(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [
            found
            for name, found in self.tags
            if name == tag and all(found.get(k) == v for k, v in attrs.items())
        ]

    def tags_with_attr(self, tag: str, attr: str) -> list[dict[str, str | None]]:
        return [found for name, found in self.tags if name == tag and found.get(attr)]


class FormReader(HTMLParser):
    """The controls of one form and their values, as the browser's FormData collects them
    (one value per name, no multiple choices; options carry a value attribute)."""

    def __init__(self, form_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.fields: dict[str, str] = {}
        self._inside = False
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self._inside = attributes.get("id") == self.form_id
            return
        if not (self._inside or attributes.get("form") == self.form_id):
            return
        name = attributes.get("name")
        if tag == "option" and self._select:
            if "selected" in attributes or self._select not in self.fields:
                self.fields[self._select] = attributes.get("value") or ""
            return
        if not name or "disabled" in attributes:
            return
        if tag == "input":
            kind = attributes.get("type", "text")
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attributes:
                    self.fields[name] = attributes.get("value") or "on"
                return
            self.fields[name] = attributes.get("value") or ""
        elif tag == "textarea":
            self._textarea = name
            self.fields[name] = ""
        elif tag == "select":
            self._select = name

    def handle_endtag(self, tag):
        if tag == "form":
            self._inside = False
        elif tag == "textarea" and self._textarea:
            # Browsers drop the newline that follows <textarea>.
            self.fields[self._textarea] = self.fields[self._textarea].removeprefix("\n")
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data


def form_data(html: bytes | str, form_id: str) -> dict[str, str]:
    """What the browser would send from the form ``form_id`` (no button pressed)."""
    reader = FormReader(form_id)
    reader.feed(html.decode() if isinstance(html, bytes) else html)
    return reader.fields


def parse(html: bytes | str) -> TagCollector:
    collector = TagCollector()
    collector.feed(html.decode() if isinstance(html, bytes) else html)
    return collector


def public_page_urls() -> list[str]:
    """Every live page's URL, plus a missing page (the 404 is a public page too).

    Refuses to answer unless every page type of the project has a live page in each language:
    a suite that visits "every page" must not quietly check fewer kinds than it says (the
    ``pages_of_each_kind`` fixture adds a story, an event and a guide)."""
    from django.conf import settings
    from wagtail.models import Page, get_page_models

    pages = list(Page.objects.live().filter(depth__gte=2).select_related("locale").specific())
    present = {(type(page), page.locale.language_code) for page in pages}
    expected = {
        (model, code)
        for model in get_page_models()
        if model is not Page
        for code, _name in settings.LANGUAGES
    }
    missing = sorted(f"{model.__name__} ({code})" for model, code in expected - present)
    assert not missing, f"No live page of: {', '.join(missing)}; use pages_of_each_kind"
    return [*(page.url for page in pages), "/en/this-page-does-not-exist/"]


PUBLIC_MEDIA_URL = "https://media.example.org/"


def use_two_storages(settings, tmp_path: Path) -> tuple[Path, Path]:
    """A private and a public storage on disk, as production has two buckets."""
    from privacy.storage import PUBLIC_MEDIA_STORAGE_ALIAS

    private, public = tmp_path / "private", tmp_path / "public"
    settings.MEDIA_ROOT = str(private)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(private), "base_url": "/private-media/"},
        },
        PUBLIC_MEDIA_STORAGE_ALIAS: {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(public), "base_url": PUBLIC_MEDIA_URL},
        },
    }
    return private, public


def pages_by_language_and_slug() -> dict[tuple[str, str], Any]:
    """Every page below the root by (language, slug), specific; home pages have the slug "home"."""
    from wagtail.models import Page

    pages = {}
    for page in Page.objects.filter(depth__gte=2).select_related("locale").specific():
        slug = "home" if page.depth == 2 else page.slug
        pages[(page.locale.language_code, slug)] = page
    return pages


def rows_containing(token: str) -> list[str]:
    """Every row of every table that holds ``token`` in any column (as text), shortened."""
    from django.db import connection

    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                if any(token in str(value) for value in row if value is not None):
                    found.append(f"{table}: {str(row)[:200]}")
    return found

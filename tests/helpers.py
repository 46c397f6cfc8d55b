"""Small helpers for reading pages the way a browser would."""

from html.parser import HTMLParser


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


def parse(html: bytes | str) -> TagCollector:
    collector = TagCollector()
    collector.feed(html.decode() if isinstance(html, bytes) else html)
    return collector


def public_page_urls() -> list[str]:
    """Every live page's URL, plus a missing page (the 404 is a public page too)."""
    from wagtail.models import Page

    urls = [page.url for page in Page.objects.live().filter(depth__gte=2).specific()]
    return [*urls, "/en/this-page-does-not-exist/"]

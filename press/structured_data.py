"""schema.org ``NewsArticle`` JSON-LD for a press release or statement.

Safe inside ``<script>`` (base/json_ld.py). No author person (the collective speaks, never a
named member) and no image: a share image may show people, and the face rule decides that on
the page itself, so the structured data simply leaves it out.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.safestring import SafeString

from base.json_ld import absolute_url, script_safe_json

PUBLISHER = {"@type": "Organization", "name": "Samvedna"}


def news_article_data(page, url: str) -> dict[str, Any]:
    """The schema.org description of one release (dates as ISO 8601)."""
    modified = page.last_published_at or page.latest_revision_created_at
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": page.title,
        # The summary is plain text (the page escapes it): nothing to strip.
        "description": " ".join(page.summary.split()),
        "datePublished": page.date.isoformat(),
        "inLanguage": page.locale.language_code,
        "url": url,
        "mainEntityOfPage": url,
        "publisher": PUBLISHER,
        "author": PUBLISHER,
    }
    if modified is not None:
        data["dateModified"] = modified.isoformat()
    return data


def news_article_json_ld(page, request: HttpRequest | None) -> SafeString:
    return script_safe_json(news_article_data(page, absolute_url(page, request)))

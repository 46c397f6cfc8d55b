"""JSON-LD that is safe to put inside ``<script>`` (events and the press room use it).

Built as a Python dict and serialised with ``json.dumps``; then ``<``, ``>`` and ``&`` become
``\\u003c``, ``\\u003e`` and ``\\u0026`` (still the same JSON), so a title containing
``</script>`` or ``<!--`` can never end the script element or start a comment in it.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

_SCRIPT_SAFE = str.maketrans(
    {
        "<": "\\u003c",
        ">": "\\u003e",
        "&": "\\u0026",
        "\u2028": "\\u2028",  # line separators end a line in old JavaScript parsers
        "\u2029": "\\u2029",
    }
)


def script_safe_json(data: Any) -> SafeString:
    """JSON that cannot break out of a ``<script>`` element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return mark_safe(text.translate(_SCRIPT_SAFE))  # noqa: S308 (escaped just above)


def absolute_url(page, request: HttpRequest | None) -> str:
    """The page's address on the host the reader used (like the page's og:url)."""
    if request is None:
        return page.get_full_url() or ""
    return request.build_absolute_uri(page.get_url(request) or "/")

"""When a file may be public: only while a live page without view restrictions is served to a
reader. The rule image renditions (privacy/images/renditions.py) and voice clips
(privacy/audio/publication.py) share.

While Wagtail serves a live page to a reader (``before_serve_page``, which previews never run:
privacy/wagtail_hooks.py calls ``mark_public_render``), ``PublicRenderMiddleware`` keeps the
page for the rest of the request; ``serving_live_public_page`` says whether a file asked for
now may become public. ``on_live_public_pages`` answers, from Wagtail's reference index, which
files live public pages still show, so the others stop being public.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Model
from django.db.models.functions import Cast
from django.http import HttpRequest, HttpResponse
from wagtail.models import Page, ReferenceIndex


@dataclass
class _PublicRender:
    page: Page
    page_is_public: bool | None = None

    def allows_public_files(self) -> bool:
        # Asked only when a rendition is made or moved, so served pages pay no query for it.
        if self.page_is_public is None:
            self.page_is_public = not self.page.get_view_restrictions().exists()
        return self.page_is_public


_public_render: ContextVar[_PublicRender | None] = ContextVar("public_render", default=None)


class PublicRenderMiddleware:
    """Starts every request outside a public render and ends it there again."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _public_render.set(None)
        try:
            # Template responses are rendered inside get_response, so still in this request.
            return self.get_response(request)
        finally:
            _public_render.reset(token)


def mark_public_render(page: Page) -> None:
    """Called by the ``before_serve_page`` hook: this request serves ``page`` live to a reader."""
    _public_render.set(_PublicRender(page))


@contextlib.contextmanager
def serving_public_page(page: Page) -> Iterator[None]:
    """Renditions asked for inside this block are those a reader sees on ``page``
    (management commands and tests; requests use the middleware and hook)."""
    token = _public_render.set(_PublicRender(page))
    try:
        yield
    finally:
        _public_render.reset(token)


def serving_live_public_page() -> bool:
    """Whether what is rendered now is a live page without view restrictions, served to a
    reader: the only time a file may become public (renditions, voice clips)."""
    render = _public_render.get()
    return render is not None and render.allows_public_files()


def on_live_public_pages(model: type[Model]) -> set[int]:
    """Ids of the ``model`` objects that live pages without view restrictions refer to (share
    images, photo and voice blocks, in every language), from Wagtail's reference index. For a
    live page with a draft, the index holds the published version, which readers see."""
    # The index keeps object ids as text.
    page_ids = Page.objects.live().public().annotate(id_text=Cast("pk", CharField()))
    references = ReferenceIndex.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id__in=page_ids.values("id_text"),
        to_content_type=ContentType.objects.get_for_model(model),
    ).values_list("to_object_id", flat=True)
    return {int(object_id) for object_id in references}

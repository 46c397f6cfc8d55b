"""The index page of a section (stories, events, guides): an introduction and a listing of the
section's pages, filtered by the query string. Each section's index adds its listing
(``get_listing``), its child page type and, if it has them, its feeds.

A demo site labels its example text with ``demo_note``, written by ``load_demo`` (``demo/``) and
shown after the introduction; it is empty on the real site."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField


class SectionIndexMixin(models.Model):
    intro = models.TextField(blank=True, verbose_name=_("introduction"))
    # Data, not code: the demo writes its label here, the template shows it after the
    # introduction; an editor can change or empty it like the introduction.
    demo_note = models.TextField(
        blank=True,
        verbose_name=_("demo note"),
        help_text=_(
            "Shown after the introduction on a demo site, to say the content is made up. "
            "Leave empty on the real site."
        ),
    )

    # Fetched with the page by base/routing.py: feeds name the language, meta tags the image.
    route_select_related = ("og_image", "locale")
    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("demo_note")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("demo_note"),
        index.FilterField("locale_id"),
    ]
    # Each index page adds its share image's fields (consent.share_image).
    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("seo_title"),
        TranslatableField("search_description"),
        TranslatableField("intro"),
        TranslatableField("demo_note"),
        SynchronizedField("slug"),
    ]
    parent_page_types = ["home.HomePage"]

    class Meta:
        abstract = True

    def get_listing(self, query: Mapping[str, str]) -> Any:
        """This section's pages for the query string; raises Http404 for a bad filter or page."""
        raise NotImplementedError

    def get_description_fallback(self) -> str:
        # The demo note followed the introduction here too, as when it was part of it.
        return "\n\n".join(text for text in (self.intro, self.demo_note) if text)

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context["listing"] = self.get_listing(request.GET)
        return context

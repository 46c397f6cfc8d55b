"""The index page of a section (stories, events, guides): an introduction and a listing of the
section's pages, filtered by the query string. Each section's index adds its listing
(``get_listing``), its child page type and, if it has them, its feeds."""

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

from demo.sections import split_demo_note

from .metadata import ShareImageConsentMixin


class SectionIndexMixin(models.Model):
    intro = models.TextField(blank=True, verbose_name=_("introduction"))

    # Fetched with the page by base/routing.py: feeds name the language, meta tags the image.
    route_select_related = ("og_image", "locale")
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.FilterField("locale_id"),
    ]
    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("seo_title"),
        TranslatableField("search_description"),
        TranslatableField("intro"),
        SynchronizedField("slug"),
        *ShareImageConsentMixin.synchronized_share_fields,
    ]
    parent_page_types = ["home.HomePage"]

    class Meta:
        abstract = True

    def get_listing(self, query: Mapping[str, str]) -> Any:
        """This section's pages for the query string; raises Http404 for a bad filter or page."""
        raise NotImplementedError

    def get_description_fallback(self) -> str:
        return self.intro

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context["listing"] = self.get_listing(request.GET)
        context["intro"], context["demo_note"] = split_demo_note(self.intro)
        return context

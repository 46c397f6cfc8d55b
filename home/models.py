"""Home page and standard pages (About, For the media, Online safety).

Their photos (body and share image) each say whether they show people and name the consent
that covers them; a photo of people is published and shown only under a consent in force.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from base.blocks import PageBodyBlock
from consent.share_image import ShareImageConsentMixin
from consent.shown_photos import stream_items
from events.listing import upcoming_events
from resources.listing import key_resources
from stories.listing import latest_stories

from .site_settings import SiteSafetySettings

__all__ = ["HomePage", "SiteSafetySettings", "StandardPage"]


class HomePage(ShareImageConsentMixin, Page):
    intro = models.TextField(
        verbose_name=_("who we are"),
        help_text=_("A few sentences in the collective's own voice."),
    )
    body = StreamField(PageBodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]

    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("locale_id"),
    ]
    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("seo_title"),
        TranslatableField("search_description"),
        TranslatableField("intro"),
        TranslatableField("body"),
        SynchronizedField("slug"),
        *ShareImageConsentMixin.synchronized_share_fields,
    ]

    # Each photo of the body names its own consent (consent.guard.PerPhotoConsentMixin).
    photo_stream_fields = ("body",)

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.StandardPage",
        "stories.StoryIndexPage",
        "events.EventIndexPage",
        "resources.ResourceIndexPage",
        "press.PressIndexPage",
    ]

    class Meta:
        verbose_name = _("home page")

    def get_description_fallback(self) -> str:
        return self.intro

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Photos of people only under a consent in force (one query, none without photos).
        context["body_items"] = stream_items(self, "body")
        # One query each.
        context["latest_stories"] = latest_stories(self)
        context["upcoming_events"] = upcoming_events(self)
        context["key_resources"] = key_resources(self)
        return context


class StandardPage(ShareImageConsentMixin, Page):
    intro = models.TextField(blank=True, verbose_name=_("introduction"))
    body = StreamField(PageBodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]

    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("locale_id"),
    ]
    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("seo_title"),
        TranslatableField("search_description"),
        TranslatableField("intro"),
        TranslatableField("body"),
        SynchronizedField("slug"),
        *ShareImageConsentMixin.synchronized_share_fields,
    ]

    # Each photo of the body names its own consent (consent.guard.PerPhotoConsentMixin).
    photo_stream_fields = ("body",)

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("standard page")

    def get_description_fallback(self) -> str:
        return self.intro

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Photos of people only under a consent in force (one query, none without photos).
        context["body_items"] = stream_items(self, "body")
        return context

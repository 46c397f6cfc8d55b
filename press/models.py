"""The press room (under the home page, one per language).

- ``PressIndexPage``: press releases and statements, newest first, with an RSS feed
  (``feed/``) and the media kit (``media-kit/``, a ZIP built from consented parts only:
  press/media_kit.py); it shows the press e-mail address from the site settings for interview
  requests (no form: nothing a journalist types is stored here).
- ``PressReleasePage``: one release or statement (date, headline, summary, body, contact), with
  ``NewsArticle`` JSON-LD; published through the leaders' one-step review, like events.
- ``QuotableVoicesPage``: stories whose consent covers the press, each with the excerpts an
  editor marked as quotable, the pseudonym and how to credit it (press/quotable.py).
- ``FactSheetPage``: the collective in figures, kept current by staff; also in the media kit.
- ``ReportingGuidancePage``: how to write about sex workers without harm.
"""

from __future__ import annotations

from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.contrib.routable_page.models import path as subpage_path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from base.blocks import PageBodyBlock
from base.section_index import SectionIndexMixin
from consent.share_image import ShareImageConsentMixin
from consent.shown_photos import stream_items

from .blocks import KeyEventBlock

__all__ = [
    "FactSheetPage",
    "MediaKitImage",
    "PressIndexPage",
    "PressReleasePage",
    "QuotableVoicesPage",
    "ReportingGuidancePage",
]

_PAGE_TEXT = [
    TranslatableField("title"),
    TranslatableField("seo_title"),
    TranslatableField("search_description"),
    SynchronizedField("slug"),
]


class PressIndexPage(RoutablePageMixin, ShareImageConsentMixin, SectionIndexMixin, Page):
    subpage_types = [
        "press.PressReleasePage",
        "press.QuotableVoicesPage",
        "press.FactSheetPage",
        "press.ReportingGuidancePage",
    ]
    max_count_per_parent = 1
    content_panels = [
        *SectionIndexMixin.content_panels,
        InlinePanel(
            "media_kit_images",
            label=_("media kit: logos and photos"),
            help_text=_(
                "Only photos whose every face is hidden, or shown with a consent that covers the "
                "press, go into the media kit; the others are left out."
            ),
        ),
    ]
    translatable_fields = [
        *SectionIndexMixin.translatable_fields,
        *ShareImageConsentMixin.synchronized_share_fields,
        SynchronizedField("media_kit_images"),
    ]

    class Meta:
        verbose_name = _("press room")

    def get_listing(self, query: Any) -> Any:
        from .listing import release_listing

        return release_listing(self, query)  # a bad ?page= raises Http404

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        from .listing import press_room_links

        context = super().get_context(request, *args, **kwargs)
        url = self.get_url(request) or ""
        context["feed_url"] = url + "feed/"
        context["media_kit_url"] = url + "media-kit/"
        context["press_room_links"] = press_room_links(self)
        return context

    @subpage_path("feed/")
    def feed(self, request: HttpRequest) -> HttpResponse:
        from .feeds import PressFeed

        return PressFeed(self)(request)

    @subpage_path("media-kit/")
    def media_kit(self, request: HttpRequest) -> HttpResponse:
        from .media_kit import media_kit_response

        return media_kit_response(self, request)


class MediaKitImage(Orderable):
    """A logo or photo offered in the media kit (the same for every language of the room)."""

    page = ParentalKey(PressIndexPage, on_delete=models.CASCADE, related_name="media_kit_images")
    image = models.ForeignKey(
        "privacy.PrivateImage", on_delete=models.CASCADE, related_name="+", verbose_name=_("image")
    )
    is_logo = models.BooleanField(default=False, verbose_name=_("logo"))
    credit = models.CharField(
        max_length=120,
        blank=True,
        verbose_name=_("credit"),
        help_text=_("How to credit the photo, e.g. “Photo: Samvedna”. Never a person's name."),
    )

    panels = [FieldPanel("image"), FieldPanel("is_logo"), FieldPanel("credit")]

    class Meta(Orderable.Meta):
        verbose_name = _("media kit image")


class PressReleasePage(ShareImageConsentMixin, Page):
    class Kind(models.TextChoices):
        RELEASE = "release", _("press release")
        STATEMENT = "statement", _("statement")

    kind = models.CharField(
        max_length=20, choices=Kind.choices, default=Kind.RELEASE, verbose_name=_("kind")
    )
    date = models.DateField(verbose_name=_("date"))
    summary = models.TextField(
        verbose_name=_("summary"),
        help_text=_("Two or three sentences: shown in the list, the feed and search results."),
    )
    body = StreamField(PageBodyBlock(), blank=True, verbose_name=_("body"))
    contact = models.TextField(
        blank=True,
        verbose_name=_("press contact"),
        help_text=_(
            "Who journalists may contact: a role and the press e-mail address, never a member's "
            "name or phone number. Left empty, the press e-mail of the site settings is shown."
        ),
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel([FieldPanel("kind"), FieldPanel("date")], heading=_("release")),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("contact"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("locale_id"),
        index.FilterField("date"),
    ]
    translatable_fields = [
        *_PAGE_TEXT,
        TranslatableField("summary"),
        TranslatableField("body"),
        TranslatableField("contact"),
        SynchronizedField("kind"),
        SynchronizedField("date"),
        *ShareImageConsentMixin.synchronized_share_fields,
    ]
    photo_stream_fields = ("body",)
    # Fetched with the page by base/routing.py: the share image and the language (JSON-LD).
    route_select_related = ("og_image", "locale")

    parent_page_types = ["press.PressIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("press release or statement")

    def get_description_fallback(self) -> str:
        return self.summary

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        from .structured_data import news_article_json_ld

        context = super().get_context(request, *args, **kwargs)
        context["body_items"] = stream_items(self, "body")
        context["json_ld"] = news_article_json_ld(self, request)
        return context


class OneOfTheRoomMixin:
    """A page the press room has one of (quotable voices, fact sheet, reporting guidance): its
    place in the tree, its description (the introduction) and its body's photos as they may be
    shown now (consent/shown_photos.py)."""

    parent_page_types = ["press.PressIndexPage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1
    # Fetched with the page by base/routing.py: the share image and the language.
    route_select_related = ("og_image", "locale")

    def get_description_fallback(self) -> str:
        return self.intro

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        if "body" in getattr(self, "photo_stream_fields", ()):
            # Photos of people only under a consent in force (one query, none without photos).
            context["body_items"] = stream_items(self, "body")
        return context


class QuotableVoicesPage(OneOfTheRoomMixin, ShareImageConsentMixin, Page):
    intro = models.TextField(blank=True, verbose_name=_("introduction"))
    # As on the section indexes (base/section_index.py): the demo writes its label here; the
    # voices themselves come from the stories, which carry their own.
    demo_note = SectionIndexMixin._meta.get_field("demo_note").clone()

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("demo_note")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.FilterField("locale_id"),
    ]
    translatable_fields = [
        *_PAGE_TEXT,
        TranslatableField("intro"),
        TranslatableField("demo_note"),
        *ShareImageConsentMixin.synchronized_share_fields,
    ]

    class Meta:
        verbose_name = _("quotable voices")

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        from .quotable import quotable_voices

        context = super().get_context(request, *args, **kwargs)
        context["voices"] = quotable_voices(self.locale_id, request)
        return context


class FactSheetPage(OneOfTheRoomMixin, ShareImageConsentMixin, Page):
    intro = models.TextField(blank=True, verbose_name=_("introduction"))
    members = models.PositiveIntegerField(
        validators=[MinValueValidator(1)],
        verbose_name=_("members"),
        help_text=_("About how many women are members of the collective."),
    )
    blocks_of_kutch = models.TextField(
        verbose_name=_("blocks of Kutch"),
        help_text=_("The blocks (talukas) where members live and meet, separated by commas."),
    )
    drop_in_centres = models.PositiveIntegerField(
        verbose_name=_("drop-in centres"),
        help_text=_("How many drop-in centres the collective runs or shares."),
    )
    working_since = models.PositiveIntegerField(
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
        verbose_name=_("working since (year)"),
    )
    key_events = StreamField([("event", KeyEventBlock())], blank=True, verbose_name=_("key events"))
    body = StreamField(PageBodyBlock(), blank=True, verbose_name=_("more about us"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("members"),
                FieldPanel("blocks_of_kutch"),
                FieldPanel("drop_in_centres"),
                FieldPanel("working_since"),
            ],
            heading=_("figures"),
        ),
        FieldPanel("key_events"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("blocks_of_kutch"),
        index.SearchField("key_events"),
        index.SearchField("body"),
        index.FilterField("locale_id"),
    ]
    translatable_fields = [
        *_PAGE_TEXT,
        TranslatableField("intro"),
        TranslatableField("blocks_of_kutch"),
        TranslatableField("key_events"),
        TranslatableField("body"),
        SynchronizedField("members"),
        SynchronizedField("drop_in_centres"),
        SynchronizedField("working_since"),
        *ShareImageConsentMixin.synchronized_share_fields,
    ]
    photo_stream_fields = ("body",)

    class Meta:
        verbose_name = _("fact sheet")


class ReportingGuidancePage(OneOfTheRoomMixin, ShareImageConsentMixin, Page):
    intro = models.TextField(blank=True, verbose_name=_("introduction"))
    body = StreamField(PageBodyBlock(), blank=True, verbose_name=_("body"))
    # Data, not code: load_demo writes it; the page shows it first, boxed, until emptied.
    example_note = models.TextField(
        blank=True,
        verbose_name=_("example note"),
        help_text=_(
            "Shown at the top while this page is the example text the site started with. "
            "Empty it once Samvedna has rewritten the page in its own words."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("example_note"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("locale_id"),
    ]
    translatable_fields = [
        *_PAGE_TEXT,
        TranslatableField("intro"),
        TranslatableField("body"),
        TranslatableField("example_note"),
        *ShareImageConsentMixin.synchronized_share_fields,
    ]
    photo_stream_fields = ("body",)

    class Meta:
        verbose_name = _("reporting guidance")

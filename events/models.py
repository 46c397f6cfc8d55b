"""Events: an event index per language and event pages (announcement before, recap after).

Places are towns only, never an address. Times are stored in UTC and always shown in India's
time (``events.timezones``), whatever time zone is active. Photos of people each name their own
consent record (``consent.guard.PerPhotoConsentMixin``, ``events.photos``), and so does the
share image (``consent.share_image.ShareImageConsentMixin``).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.contrib.routable_page.models import path as subpage_path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from base.section_index import SectionIndexMixin
from consent.share_image import ShareImageConsentMixin

from .blocks import RecapBlock

if TYPE_CHECKING:
    from .listing import EventListing


class Town(models.TextChoices):
    """Where an event is held: a town of Kutch (never a street, venue or village), or online."""

    BHUJ = "bhuj", _("Bhuj")
    GANDHIDHAM = "gandhidham", _("Gandhidham")
    ANJAR = "anjar", _("Anjar")
    MANDVI = "mandvi", _("Mandvi")
    MUNDRA = "mundra", _("Mundra")
    BHACHAU = "bhachau", _("Bhachau")
    RAPAR = "rapar", _("Rapar")
    NAKHATRANA = "nakhatrana", _("Nakhatrana")
    ABDASA = "abdasa-naliya", _("Abdasa (Naliya)")
    LAKHPAT = "lakhpat", _("Lakhpat")
    ONLINE = "online", _("Online")


class EventStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")
    POSTPONED = "postponed", _("Postponed")


class EventIndexPage(RoutablePageMixin, ShareImageConsentMixin, SectionIndexMixin, Page):
    subpage_types = ["events.EventPage"]
    translatable_fields = [
        *SectionIndexMixin.translatable_fields,
        *ShareImageConsentMixin.synchronized_share_fields,
    ]

    class Meta:
        verbose_name = _("event index")

    def get_listing(self, query: Mapping[str, str]) -> EventListing:
        from .listing import event_listing

        return event_listing(self, query)  # a bad ?page= or ?town= raises Http404

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        url = self.get_url(request) or ""
        context["feed_url"] = url + "feed/"
        context["calendar_url"] = url + "calendar/"
        return context

    @subpage_path("feed/")
    def feed(self, request: HttpRequest) -> HttpResponse:
        from .feeds import EventFeed

        return EventFeed(self)(request)

    # Not "calendar.ics": the site's URL pattern (samvedna/urls.py) accepts no dot in a path.
    @subpage_path("calendar/")
    def calendar(self, request: HttpRequest) -> HttpResponse:
        from .calendar import index_calendar_response

        return index_calendar_response(self, request)


class EventPage(RoutablePageMixin, ShareImageConsentMixin, Page):
    start = models.DateTimeField(verbose_name=_("starts"))
    end = models.DateTimeField(verbose_name=_("ends"))
    town = models.CharField(
        max_length=20,
        choices=Town.choices,
        verbose_name=_("town"),
        help_text=_("The town only. Never a street, a venue or a village."),
    )
    status = models.CharField(
        max_length=20,
        choices=EventStatus.choices,
        default=EventStatus.SCHEDULED,
        verbose_name=_("status"),
    )
    announcement = models.TextField(
        verbose_name=_("announcement"),
        help_text=_("What the event is and who it is for. Shown in listings, feeds and calendars."),
    )
    recap = StreamField(
        RecapBlock(),
        blank=True,
        verbose_name=_("recap"),
        help_text=_("After the event: what happened. Photos of people need each person's consent."),
    )
    attendance = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        verbose_name=_("attendance"),
        help_text=_("About how many people came (after the event)."),
    )
    guests = models.TextField(
        blank=True,
        verbose_name=_("guests and speakers"),
        help_text=_("Speakers by pseudonym or role; guests by their office, never a home address."),
    )
    departments = models.TextField(
        blank=True,
        verbose_name=_("government departments that took part"),
        help_text=_("One department per line."),
    )

    # Fetched with the page by base/routing.py: the share image and the language (JSON-LD).
    route_select_related = ("og_image", "locale")
    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldRowPanel([FieldPanel("town"), FieldPanel("status")]),
            ],
            heading=_("When and where (India time)"),
        ),
        FieldPanel("announcement"),
        FieldPanel("recap"),
        MultiFieldPanel(
            [FieldPanel("attendance"), FieldPanel("guests"), FieldPanel("departments")],
            heading=_("Who took part"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("announcement"),
        index.SearchField("recap"),
        index.SearchField("guests"),
        index.SearchField("departments"),
        index.FilterField("locale_id"),
        index.FilterField("start"),
        index.FilterField("end"),
    ]
    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("seo_title"),
        TranslatableField("search_description"),
        TranslatableField("announcement"),
        TranslatableField("recap"),
        TranslatableField("guests"),
        TranslatableField("departments"),
        SynchronizedField("slug"),
        SynchronizedField("start"),
        SynchronizedField("end"),
        SynchronizedField("town"),
        SynchronizedField("status"),
        SynchronizedField("attendance"),
        *ShareImageConsentMixin.synchronized_share_fields,
    ]

    parent_page_types = ["events.EventIndexPage"]
    subpage_types: list[str] = []

    # Its photos each name their own consent (consent.guard.PerPhotoConsentMixin).
    photo_stream_fields = ("recap",)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def clean(self) -> None:
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError(
                {"end": _("The event cannot end before it starts. Check the end date and time.")}
            )

    def get_description_fallback(self) -> str:
        return self.announcement

    # --- Time and place ---------------------------------------------------------------------

    def has_ended(self, now: datetime.datetime | None = None) -> bool:
        """An event stays "upcoming" (also while it is on) until its end time."""
        return self.end < (now or timezone.now())

    @property
    def is_online(self) -> bool:
        return self.town == Town.ONLINE

    # --- Public pages -------------------------------------------------------------------------

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        from .photos import recap_items
        from .structured_data import event_json_ld

        context = super().get_context(request, *args, **kwargs)
        items, _valid = recap_items(self)
        context["recap_items"] = items
        context["has_ended"] = self.has_ended()
        context["json_ld"] = event_json_ld(self, request)
        context["department_list"] = [
            line.strip() for line in self.departments.splitlines() if line.strip()
        ]
        # No query: an event always sits directly under its index.
        url = self.get_url(request) or ""
        index_url = url.rstrip("/").rsplit("/", 1)[0] + "/"
        context["index_url"] = index_url
        context["feed_url"] = index_url + "feed/"
        context["calendar_url"] = url + "calendar/"
        return context

    # Not "event.ics": the site's URL pattern (samvedna/urls.py) accepts no dot in a path.
    @subpage_path("calendar/")
    def calendar(self, request: HttpRequest) -> HttpResponse:
        from .calendar import event_calendar_response

        return event_calendar_response(self, request)


__all__ = ["EventIndexPage", "EventPage", "EventStatus", "Town"]

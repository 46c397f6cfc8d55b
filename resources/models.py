"""Rights guides: an index per language and the guides under it, plus the helpline snippets."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from base.section_index import SectionIndexMixin
from consent.share_image import ShareImageConsentMixin

from .blocks import (
    ChecklistBlock,
    DownloadsBlock,
    GuideBlock,
    HelplinesBlock,
    SourcesBlock,
    StepsBlock,
)
from .choices import CATEGORY_LABELS, NEED_LABELS, Category, Need
from .fields import ChoiceListField, ChoiceListPanel
from .helplines import Helpline

if TYPE_CHECKING:
    from .listing import ResourceListing

__all__ = ["Helpline", "ResourceIndexPage", "ResourcePage"]

# Read in under a minute: about 100 words (Gujarati and Hindi words are longer in letters).
SUMMARY_MAX_LENGTH = 600
# A new guide is due for its next check a year after it was last checked.
DEFAULT_REVIEW_DAYS = 365


def _today() -> datetime.date:
    return timezone.localdate()


def _in_a_year() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=DEFAULT_REVIEW_DAYS)


class ResourceIndexPage(ShareImageConsentMixin, SectionIndexMixin, Page):
    subpage_types = ["resources.ResourcePage"]
    translatable_fields = [
        *SectionIndexMixin.translatable_fields,
        *ShareImageConsentMixin.synchronized_share_fields,
    ]

    class Meta:
        verbose_name = _("guide index")

    def get_listing(self, query: Mapping[str, str]) -> ResourceListing:
        from .listing import resource_listing

        return resource_listing(self, query)  # a bad ?page=, ?category= or ?need= raises Http404


class ResourcePage(ShareImageConsentMixin, Page):
    category = models.CharField(max_length=40, choices=Category.choices, verbose_name=_("category"))
    needs = ChoiceListField(
        choices=Need.choices,
        blank=False,
        verbose_name=_("what this helps a reader do"),
        help_text=_("Readers find guides by what they need to do. Choose one or more."),
    )
    summary = models.TextField(
        max_length=SUMMARY_MAX_LENGTH,
        validators=[MaxLengthValidator(SUMMARY_MAX_LENGTH)],
        verbose_name=_("summary in plain words"),
        help_text=_(
            "What a reader must know, readable in under a minute: at most 600 characters "
            "(about 100 words). Shown first on the page, in listings and in link previews."
        ),
    )
    guide = StreamField(GuideBlock(), blank=True, verbose_name=_("full guide"))
    steps = StreamField(StepsBlock(), blank=True, verbose_name=_("steps"))
    documents_needed = StreamField(
        ChecklistBlock(),
        blank=True,
        verbose_name=_("documents needed"),
        help_text=_("A checklist the reader can print and tick."),
    )
    downloads = StreamField(DownloadsBlock(), blank=True, verbose_name=_("downloads"))
    helplines = StreamField(
        HelplinesBlock(),
        blank=True,
        verbose_name=_("helplines"),
        help_text=_("Public helplines, in the order readers should try them."),
    )
    sources = StreamField(
        SourcesBlock(),
        blank=True,
        verbose_name=_("sources"),
        help_text=_(
            "Where the facts of this guide come from (law, court order, scheme notice, form), "
            "so that readers and KMVS can check them. Shown at the end of the guide."
        ),
    )
    last_reviewed = models.DateField(default=_today, verbose_name=_("last reviewed"))
    review_by = models.DateField(
        default=_in_a_year,
        verbose_name=_("review by"),
        help_text=_("When KMVS must check this guide again. It appears on the dashboard."),
    )
    featured = models.BooleanField(
        default=False,
        verbose_name=_("show on the home page"),
        help_text=_("Featured guides come first in the home page's “Know your rights”."),
    )

    # Fetched with the page by base/routing.py: the share image and the language switcher.
    route_select_related = ("og_image", "locale")
    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("category"),
                ChoiceListPanel("needs"),
                FieldPanel("featured"),
            ],
            heading=_("Where readers find it"),
        ),
        FieldPanel("summary"),
        FieldPanel("steps"),
        FieldPanel("documents_needed"),
        FieldPanel("guide"),
        FieldPanel("downloads"),
        FieldPanel("helplines"),
        FieldPanel("sources"),
        FieldRowPanel([FieldPanel("last_reviewed"), FieldPanel("review_by")], heading=_("Checked")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("steps"),
        index.SearchField("guide"),
        index.SearchField("documents_needed"),
        index.FilterField("locale_id"),
        index.FilterField("category"),
        index.FilterField("featured"),
        index.FilterField("review_by"),
    ]
    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("seo_title"),
        TranslatableField("search_description"),
        TranslatableField("summary"),
        TranslatableField("steps"),
        TranslatableField("documents_needed"),
        TranslatableField("guide"),
        TranslatableField("downloads"),
        TranslatableField("helplines"),
        # Titles are translated; a link is kept as it is unless the translator overrides it
        # (wagtail-localize's rule for URL blocks); dates are copied unchanged.
        TranslatableField("sources"),
        SynchronizedField("slug"),
        SynchronizedField("category"),
        SynchronizedField("needs"),
        SynchronizedField("featured"),
        SynchronizedField("last_reviewed"),
        SynchronizedField("review_by"),
        *ShareImageConsentMixin.synchronized_share_fields,
    ]

    parent_page_types = ["resources.ResourceIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("guide")
        verbose_name_plural = _("guides")

    def clean(self) -> None:
        super().clean()
        if self.last_reviewed and self.review_by and self.review_by <= self.last_reviewed:
            raise ValidationError(
                {
                    "review_by": _(
                        "The next review must come after the last one: choose a date after "
                        "%(date)s."
                    )
                    % {"date": date_format(self.last_reviewed, "j F Y")}
                }
            )

    def get_description_fallback(self) -> str:
        return self.summary

    @property
    def category_label(self) -> str:
        return str(CATEGORY_LABELS.get(self.category, self.category))

    @property
    def need_labels(self) -> list[tuple[str, str]]:
        """(value, label) of the tasks this guide helps with, in the fixed order."""
        chosen = set(self.needs)
        return [(need, str(label)) for need, label in NEED_LABELS.items() if need in chosen]

    @property
    def review_overdue(self) -> bool:
        return self.review_by is not None and self.review_by < timezone.localdate()

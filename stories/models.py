"""Testimonies: a story index per language and story pages gated by consent."""

from collections.abc import Mapping
from typing import TYPE_CHECKING

from django import forms
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.contrib.routable_page.models import path as subpage_path
from wagtail.fields import StreamField
from wagtail.models import Page, PagePermissionTester
from wagtail.search import index
from wagtail.url_routing import RouteResult
from wagtail_localize.fields import SynchronizedField, TranslatableField

from base.metadata import SocialMetadataMixin
from base.section_index import SectionIndexMixin
from consent.faces import face_problem, face_verdicts
from consent.guard import ConsentGatedPageMixin
from consent.photos import as_int
from consent.share_image import ShareImageConsentMixin

from .blocks import QuotableExcerptBlock, StoryBodyBlock

if TYPE_CHECKING:
    from .listing import StoryListing


class Topic(models.Model):
    """The fixed list of story topics, created by a data migration; labels come from gettext."""

    LABELS = {
        "work-and-dignity": _("Work and dignity"),
        "violence-and-police": _("Violence and police"),
        "identity-documents": _("Identity documents"),
        "health": _("Health"),
        "children-and-schooling": _("Children and schooling"),
        "collective-and-solidarity": _("Collective and solidarity"),
    }

    slug = models.SlugField(unique=True, choices=list(LABELS.items()))
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order"]
        verbose_name = _("topic")

    def __str__(self) -> str:
        return str(self.label)

    @property
    def label(self) -> str:
        return self.LABELS.get(self.slug, self.slug)


class StoryIndexPage(RoutablePageMixin, ShareImageConsentMixin, SectionIndexMixin, Page):
    subpage_types = ["stories.StoryPage"]
    translatable_fields = [
        *SectionIndexMixin.translatable_fields,
        *ShareImageConsentMixin.synchronized_share_fields,
    ]

    class Meta:
        verbose_name = _("story index")

    def permissions_for_user(self, user):
        # Its children are stories: publishing one as it is created, copied or aliased is a
        # direct publish too, which only a superuser may do (see StoryPage).
        return StoryIndexPermissionTester(user, self)

    # --- Public pages: the listing and its feed (queries in stories/listing.py) -----------

    def get_listing(self, query: Mapping[str, str]) -> "StoryListing":
        from .listing import story_listing

        return story_listing(self, query)  # a bad ?page=, ?topic= or ?has= raises Http404

    @subpage_path("feed/")
    def feed(self, request: HttpRequest) -> HttpResponse:
        from .feeds import StoryFeed

        return StoryFeed(self)(request)


class StoryPage(ConsentGatedPageMixin, SocialMetadataMixin, Page):
    class Teller(models.TextChoices):
        FIELD_WORKER = "field-worker", _("a KMVS field worker")
        PROGRAMME_STAFF = "programme-staff", _("KMVS programme staff")
        LEADER = "leader", _("a Samvedna leader")
        COUNSELLOR = "counsellor", _("a counsellor")

    pseudonym = models.CharField(
        max_length=60,
        verbose_name=_("pseudonym"),
        help_text=_(
            "The only name shown with the story. Never a real name or a nickname used at home."
        ),
    )
    consent = models.ForeignKey(
        "consent.ConsentRecord",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="stories",
        verbose_name=_("consent record"),
        help_text=_("Required before the story can be published."),
    )
    summary = models.TextField(
        max_length=300,
        verbose_name=_("summary"),
        help_text=_("One or two sentences shown in listings and link previews."),
    )
    body = StreamField(StoryBodyBlock(), verbose_name=_("story"))
    topics = ParentalManyToManyField(Topic, blank=True, related_name="+", verbose_name=_("topics"))
    told_on = models.DateField(verbose_name=_("date the story was told"))
    as_told_to = models.CharField(
        max_length=30, choices=Teller.choices, verbose_name=_("as told to")
    )
    press_use = models.BooleanField(
        default=False,
        verbose_name=_("journalists may quote this story"),
        help_text=_("Only if the consent covers use by the media and press."),
    )
    quotable_excerpts = StreamField(
        [("excerpt", QuotableExcerptBlock())],
        blank=True,
        verbose_name=_("quotable excerpts"),
        help_text=_(
            "A few sentences of the story, in her words, that journalists may quote. They reach "
            "the press room only while this story may be quoted and its consent covers use by "
            "the media and press."
        ),
    )
    # Derived from the body on save, for the "what is in the story" filters.
    has_photo = models.BooleanField(default=False, editable=False)
    has_voice = models.BooleanField(default=False, editable=False)

    # Fetched with the page by base/routing.py: serve() checks the consent, meta tags the image.
    route_select_related = ("consent", "og_image", "locale")
    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("pseudonym"), FieldPanel("consent")]),
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
                FieldRowPanel([FieldPanel("told_on"), FieldPanel("as_told_to")]),
                FieldPanel("press_use"),
                FieldPanel("quotable_excerpts"),
            ],
            heading=_("About the story"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("pseudonym"),
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("locale_id"),
        index.FilterField("has_photo"),
        index.FilterField("has_voice"),
        index.FilterField("told_on"),
    ]
    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("seo_title"),
        TranslatableField("search_description"),
        TranslatableField("pseudonym"),
        TranslatableField("summary"),
        TranslatableField("body"),
        TranslatableField("quotable_excerpts"),
        SynchronizedField("slug"),
        SynchronizedField("consent"),
        SynchronizedField("topics"),
        SynchronizedField("told_on"),
        SynchronizedField("as_told_to"),
        SynchronizedField("press_use"),
        SynchronizedField("og_image"),
    ]

    parent_page_types = ["stories.StoryIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")

    def get_description_fallback(self) -> str:
        return self.summary

    def _block_types(self) -> set[str]:
        return {block.block_type for block in self.body}

    def consent_scopes_used(self) -> set[str]:
        kinds = self._block_types()
        scopes = {"text"}
        if self.og_image_id or kinds & set(StoryBodyBlock.PHOTO_BLOCKS):
            scopes.add("photo")
        if kinds & set(StoryBodyBlock.VOICE_BLOCKS):
            scopes.add("voice")
        if self.press_use:
            scopes.add("press")
        return scopes

    def permissions_for_user(self, user):
        # Stories are published by the leaders' workflow; only a superuser may publish one
        # directly (and that override is logged, see stories/wagtail_hooks.py).
        return StoryPermissionTester(user, self)

    def route(self, request: HttpRequest, path_components: list[str]) -> RouteResult:
        # A story taken offline because consent ended answers 410 Gone instead of 404.
        if not path_components and not self.live and self._consent_has_ended():
            return RouteResult(self)
        return super().route(request, path_components)

    def _consent_has_ended(self) -> bool:
        return self.consent_id is not None and not self.consent.is_in_force()

    def serve(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        # Checked again when serving, so a consent that lapsed before the daily job ran, or
        # was withdrawn a moment ago, never shows the story.
        if not self.live or self.consent_id is None or not self.consent.is_in_force():
            return gone_response(request)
        return super().serve(request, *args, **kwargs)

    def get_share_image(self):
        # A share preview shows a photo only when the consent covers photos and the image's
        # faces allow it in this language (consent.faces).
        if not (self.consent_id and self.consent.covers_photo and self.og_image_id):
            return None
        verdict = self.photo_faces_now().get(self.og_image_id)
        if verdict is None or not verdict.passes:
            return None
        return self.og_image if self._meta.get_field("og_image").is_cached(self) else verdict.image

    # --- Faces (consent.faces: the one rule of every image on a public page) ----------------

    def photo_image_ids(self) -> dict[int, str]:
        """The images of the body's photos and the share image, from raw data (no query), with
        where each one is (for the publication guard's message)."""
        label = capfirst(str(self._meta.get_field("body").verbose_name))
        found: dict[int, str] = {}
        for position, block in enumerate(self.body.raw_data, start=1):
            if block.get("type") in StoryBodyBlock.PHOTO_BLOCKS:
                value = block.get("value")
                image_id = as_int(value.get("image")) if isinstance(value, dict) else None
                if image_id is not None:
                    found.setdefault(
                        image_id, _("%(field)s › %(n)s (photo)") % {"field": label, "n": position}
                    )
        if self.og_image_id:
            found.setdefault(self.og_image_id, str(_("Share image")))
        return found

    def photo_faces_now(self) -> dict:
        """The faces verdict of each image of the story: one query, once per page object."""
        cached = self.__dict__.get("_photo_faces_now")
        if cached is None:
            cached = face_verdicts(set(self.photo_image_ids()), self.locale_id)
            self._photo_faces_now = cached
        return cached

    def photo_face_problems(self) -> list[str]:
        images = self.photo_image_ids()
        if not images:
            return []
        locale = self.locale if self.locale_id else self.get_default_locale()
        faces = face_verdicts(set(images), locale.pk)
        problems = [
            face_problem(where, faces.get(image_id), locale.pk, image_id)
            for image_id, where in images.items()
        ]
        return [problem for problem in problems if problem]

    def publication_problems(self) -> list[str]:
        return super().publication_problems() + self.photo_face_problems()

    def save(self, *args, **kwargs):
        kinds = self._block_types()
        self.has_photo = bool(kinds & set(StoryBodyBlock.PHOTO_BLOCKS))
        self.has_voice = bool(kinds & set(StoryBodyBlock.VOICE_BLOCKS))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "has_photo", "has_voice"}
        return super().save(*args, **kwargs)


class StoryPermissionTester(PagePermissionTester):
    def can_publish(self) -> bool:
        return self.user.is_active and self.user.is_superuser


class StoryIndexPermissionTester(PagePermissionTester):
    def can_publish_subpage(self) -> bool:
        return super().can_publish_subpage() and self.user.is_superuser


def gone_response(request: HttpRequest) -> HttpResponse:
    """A neutral 410 page: it says nothing about what was here."""
    return TemplateResponse(request, "410.html", {}, status=410)


__all__ = ["StoryIndexPage", "StoryPage", "Topic", "gone_response"]

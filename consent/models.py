"""Consent records: what a storyteller agreed to, for how long, and its withdrawal and erasure."""

from __future__ import annotations

import datetime
import uuid
from typing import TYPE_CHECKING

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

if TYPE_CHECKING:
    from .ledger import LedgerEntry

SCOPES = ("text", "photo", "voice", "press")
SCOPE_LABELS = {
    "text": _("the written story"),
    "photo": _("photos"),
    "voice": _("voice recordings"),
    "press": _("use by the media and press"),
}


def one_year_after(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day + datetime.timedelta(days=365)


class ConsentRecord(index.Indexed, models.Model):
    class Method(models.TextChoices):
        WRITTEN = "written", _("Written and signed")
        VERBAL = "verbal", _("Given verbally and recorded")
        THUMBPRINT = "thumbprint", _("Thumbprint")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        EXPIRED = "expired", _("Expired")
        ERASED = "erased", _("Erased")

    storyteller = models.CharField(
        max_length=60,
        verbose_name=_("storyteller's pseudonym or member code"),
        help_text=_(
            "A pseudonym or Samvedna member code. Never write a legal name, a phone number or an "
            "address here."
        ),
    )
    given_on = models.DateField(verbose_name=_("consent given on"), default=datetime.date.today)
    method = models.CharField(
        max_length=20, choices=Method.choices, verbose_name=_("how consent was given")
    )
    covers_text = models.BooleanField(default=True, verbose_name=_("the written story"))
    covers_photo = models.BooleanField(default=False, verbose_name=_("photos"))
    covers_voice = models.BooleanField(default=False, verbose_name=_("voice recordings"))
    covers_press = models.BooleanField(default=False, verbose_name=_("use by media and press"))
    languages = models.ManyToManyField(
        "wagtailcore.Locale",
        related_name="+",
        verbose_name=_("languages the story may appear in"),
    )
    review_by = models.DateField(
        blank=True,
        verbose_name=_("review by"),
        help_text=_(
            "Leaders check the consent again by this date. Default: a year after it was given."
        ),
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("verifying leader"),
    )
    status = models.CharField(
        max_length=20,
        choices=Status.choices,
        default=Status.ACTIVE,
        editable=False,
        verbose_name=_("status"),  # the listing's column and filter, in the admin's language
    )
    status_changed_at = models.DateTimeField(default=timezone.now, editable=False)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldPanel("storyteller"),
        FieldRowPanel([FieldPanel("given_on"), FieldPanel("method")]),
        MultiFieldPanel(
            [
                FieldPanel("covers_text"),
                FieldPanel("covers_photo"),
                FieldPanel("covers_voice"),
                FieldPanel("covers_press"),
            ],
            heading=_("What the consent covers"),
        ),
        FieldPanel("languages", widget=forms.CheckboxSelectMultiple),
        FieldRowPanel([FieldPanel("review_by"), FieldPanel("verified_by")]),
    ]
    search_fields = [index.SearchField("storyteller"), index.FilterField("status")]

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        ordering = ["-given_on", "-pk"]
        permissions = [
            ("withdraw_consentrecord", "Can withdraw consent (takes its stories offline)"),
            ("erase_consentrecord", "Can erase a consent's stories, files and history"),
        ]

    def __str__(self) -> str:
        return f"{self.storyteller} ({self.get_status_display()}, {self.given_on:%Y-%m-%d})"

    def save(self, *args, **kwargs) -> None:
        if self.review_by is None and self.given_on is not None:
            self.review_by = one_year_after(self.given_on)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.review_by and self.given_on and self.review_by < self.given_on:
            raise ValidationError({"review_by": _("The review date cannot be before consent.")})

    # --- What the consent allows ----------------------------------------------------------------

    def scopes(self) -> set[str]:
        return {scope for scope in SCOPES if getattr(self, f"covers_{scope}")}

    def is_in_force(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.status == self.Status.ACTIVE and self.review_by >= today

    def language_codes(self) -> set[str]:
        # Uses prefetched languages when the caller prefetched them.
        return {locale.language_code for locale in self.languages.all()}

    def missing_for(self, scopes: set[str], language_code: str) -> list[str]:
        """Plain-language reasons why this consent does not cover a use; empty if it does."""
        problems = []
        if self.status != self.Status.ACTIVE:
            problems.append(
                _("the consent record is %(status)s")
                % {"status": str(self.get_status_display()).lower()}
            )
        elif self.review_by < timezone.localdate():
            problems.append(
                _("the consent passed its review date (%(date)s) and must be renewed")
                % {"date": date_format(self.review_by, "j M Y")}
            )
        for scope in sorted(scopes - self.scopes(), key=SCOPES.index):
            problems.append(_("it does not cover %(scope)s") % {"scope": SCOPE_LABELS[scope]})
        if language_code not in self.language_codes():
            problems.append(
                _("it does not allow the story in %(language)s")
                % {"language": dict(settings.LANGUAGES).get(language_code, language_code)}
            )
        return problems

    # --- Lifecycle (implemented in consent/lifecycle.py) -----------------------------------------

    def withdraw(self, by=None) -> int:
        from .lifecycle import withdraw_consent

        return withdraw_consent(self, by=by)

    def erase(self, by=None) -> None:
        from .lifecycle import erase_consent

        erase_consent(self, by=by)


class IdentifyingDetailOverride(models.Model):
    """A leader's decision that a detail the scanner flagged may be published on a page.

    Only a keyed hash of the detail is stored, never the number or address itself.
    """

    translation_key = models.UUIDField(db_index=True)
    fingerprint = models.CharField(max_length=64)
    kind = models.CharField(max_length=20)
    reason = models.TextField(verbose_name=_("reason"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("identifying-detail override")
        constraints = [
            models.UniqueConstraint(
                fields=["translation_key", "fingerprint"], name="one_override_per_detail"
            )
        ]

    def __str__(self) -> str:
        return f"Override #{self.pk} ({self.kind})"


class ShownFace(models.Model):
    """A face of a photo that a consent allows to be shown: its area is left as it is when the
    photo is uploaded again (``privacy.images.faces.shown``) and the photo is shown on a page
    only while this consent is in force, covers photos and allows the page's language
    (``consent.faces``). When the consent ends, the face is hidden again (``consent.lifecycle``).
    """

    region = models.OneToOneField(
        "privacy.FaceRegion", on_delete=models.CASCADE, related_name="shown_face"
    )
    consent = models.ForeignKey(
        ConsentRecord,
        on_delete=models.PROTECT,
        related_name="shown_faces",
        verbose_name=_("consent record"),
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    linked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("shown face")
        verbose_name_plural = _("shown faces")

    def __str__(self) -> str:
        return f"Face area #{self.region_id} under consent record #{self.consent_id}"


class PendingLedgerEntry(models.Model):
    """An erasure ledger entry (consent/ledger.py) not yet written to the media storage.

    Created inside the erasure's or withdrawal's transaction, so it commits or rolls back with
    it; deleted once its object is stored. A row left behind (the process died after the commit,
    the storage refused the write) is written by the next flush (``ledger.flush_pending``).
    Holds the entry's JSON: identifiers and dates only, never a name, title or text.
    """

    # Names the stored object, so writing one row twice gives one object.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    at = models.DateTimeField()
    entry = models.TextField()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"Pending ledger entry {self.id}"

    def ledger_entry(self) -> LedgerEntry:
        from .ledger import LedgerEntry  # ledger imports this module

        return LedgerEntry.from_json(self.entry)

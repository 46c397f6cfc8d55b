"""The publication guard: a page carrying a person's story, photo or voice is live only while a
consent record covers it, and only when no identifying detail is left in its text (unless a
leader allowed that detail).

The check sits in ``save()``: every publish path in Wagtail (the Publish button, workflow
approval, ``Revision.publish()``, ``PublishPageRevisionAction``, scheduled publishing, bulk
actions, copying with keep-live, aliases, management commands) ends by saving the page with
``live=True``, so none can go around it. The admin form checks the same rule first so that the
editor sees the reasons next to the form instead of an error page.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from .forms import PublicationGuardForm


def _language_name(code: str) -> str:
    """The language's name in the reader's admin language ("Gujarati", "ગુજરાતી")."""
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return str(dict(settings.LANGUAGES).get(code, code))


# Saves that only touch these fields do not publish anything (draft saves, tree bookkeeping).
_PUBLISHING_FIELDS = {"live", "live_revision"}


class PublicationRefused(ValidationError):
    """Publishing was refused; ``reasons`` says exactly what is missing.

    Raised for a missing or insufficient consent and for identifying details alike.
    """

    def __init__(self, page, reasons: list[str]):
        self.page_id = page.pk
        self.reasons = reasons
        message = format_lazy(
            "{intro} {reasons}",
            intro=_("This page cannot be published because"),
            reasons="; ".join(str(reason) for reason in reasons) + ".",
        )
        # A non-field error dictionary: callers that read ``error_dict`` (wagtail-localize's
        # publish of a translation) see it as a form-wide error, not a crash.
        super().__init__({NON_FIELD_ERRORS: [ValidationError(message, code="consent")]})


# The error's first name, from when the guard checked consent only.
ConsentGuardError = PublicationRefused


class PublicationGuardMixin(models.Model):
    """Every page type of the site: nothing with an identifying detail in its text is published
    unless a leader allowed that detail. Subclasses add their own reasons."""

    # The editor sees the reasons beside the form instead of an error page.
    base_form_class = PublicationGuardForm

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        publishing = update_fields is None or bool(_PUBLISHING_FIELDS & set(update_fields))
        if self.live and publishing:
            self.check_publication()
        return super().save(*args, **kwargs)

    def identifying_detail_problems(self) -> list[str]:
        from .scanning import unresolved_findings

        return [
            str(
                _("%(where)s contains what looks like %(what)s (a leader can allow it)")
                % {"where": found.where, "what": found.finding.label}
            )
            for found in unresolved_findings(self)
        ]

    def publication_problems(self) -> list[str]:
        return self.identifying_detail_problems()

    def check_publication(self) -> None:
        problems = self.publication_problems()
        if problems:
            raise PublicationRefused(self, problems)


class ConsentGatedPageMixin(PublicationGuardMixin):
    """For page types that carry a person's story, photo or voice.

    Subclasses have a ``consent`` foreign key and say which scopes their content uses.
    """

    class Meta:
        abstract = True

    def consent_scopes_used(self) -> set[str]:
        raise NotImplementedError

    def consent_problems(self) -> list[str]:
        record = getattr(self, "consent", None)
        if record is None:
            return [str(_("no consent record is linked to it"))]
        # A page being created has no locale yet: it will take its parent's.
        locale = self.locale if self.locale_id else self.get_default_locale()
        return [
            str(problem)
            for problem in record.missing_for(self.consent_scopes_used(), locale.language_code)
        ] + self.translation_consent_problems(locale)

    def original_locale_id(self) -> int:
        """The language the story was first written in: the source locale wagtail-localize
        translated it from, or the site's default language when it has no translations."""
        from wagtail.models import Locale
        from wagtail_localize.models import TranslationSource

        first_source = (
            TranslationSource.objects.filter(object_id=self.translation_key)
            .order_by("created_at")
            .values_list("locale_id", flat=True)
            .first()
        )
        return first_source or Locale.get_default().pk

    def translation_source(self, locale=None):
        """The original version that this page translates, as stored (its published consent);
        ``None`` for the original itself or a page with none."""
        locale = locale or (self.locale if self.locale_id else self.get_default_locale())
        original = self.original_locale_id()
        if locale.pk == original:
            return None
        source = type(self).objects.filter(translation_key=self.translation_key, locale=original)
        return source.exclude(pk=self.pk).select_related("locale").first()

    def translation_consent_problems(self, locale=None) -> list[str]:
        """A story's consent is the same in every language: a translation is published only
        with the consent record of the version it translates."""
        source = self.translation_source(locale)
        if source is None or source.consent_id == self.consent_id:
            return []
        return [
            str(
                _(
                    "its consent record is not the one of the original story in %(language)s "
                    "(update this translation from the original, or choose the same record)"
                )
                % {"language": _language_name(source.locale.language_code)}
            )
        ]

    def publication_problems(self) -> list[str]:
        return self.consent_problems() + self.identifying_detail_problems()


# --- Per-photo consent (every page type but stories) -------------------------------------------


@dataclass(frozen=True)
class PhotoUse:
    """One photo on a page, as its raw data says: no image or consent is loaded to know this."""

    where: str
    image_id: int | None
    shows_people: bool
    consent_id: int | None


class PerPhotoConsentMixin(PublicationGuardMixin):
    """For page types whose photos each name their own consent record (an event's recap shows
    many people, each with her own consent; a standard page's photo or share image shows
    someone who is not a storyteller), instead of one record for the whole page.

    Every photo passes the faces rule (``consent.faces``: its faces hidden, or linked to a
    consent for the page's language; never an image whose faces were not checked). A photo of
    people that names a record may be published only while that record is in force, covers
    photos and allows the page's language; one that names none (a group photo) needs its
    faces hidden. The photos are those of the StreamFields named in
    ``photo_stream_fields`` (see ``consent.photos``) and whatever subclasses add to
    ``photo_uses()`` (the share image: ``consent.share_image.ShareImageConsentMixin``);
    ``consent.lifecycle`` finds them on withdrawal (the photos are withheld, the page stays).
    """

    # Names of the StreamFields whose photo and gallery blocks are checked.
    photo_stream_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def photo_uses(self) -> list[PhotoUse]:
        from .photos import stream_photo_uses

        uses = []
        for name in self.photo_stream_fields:
            stream = getattr(self, name)
            label = self._meta.get_field(name).verbose_name
            uses.extend(stream_photo_uses(stream.raw_data, stream.stream_block, label))
        return uses

    def photo_faces_now(self) -> dict:
        """The faces verdict of every image of this page (``consent.faces``): one query, once
        per page object (``get_context`` reads the page afresh for every view)."""
        cached = self.__dict__.get("_photo_faces_now")
        if cached is None:
            from .faces import face_verdicts

            cached = face_verdicts({use.image_id for use in self.photo_uses()}, self.locale_id)
            self._photo_faces_now = cached
        return cached

    def photo_consent_problems(self) -> list[str]:
        from .faces import face_problem, face_verdicts
        from .models import ConsentRecord
        from .photos import contradiction

        all_uses = self.photo_uses()
        # A page being created has no locale yet: it will take its parent's.
        locale = self.locale if self.locale_id else self.get_default_locale()
        # Every image, of people or not: an image whose faces were not checked is never shown.
        faces = face_verdicts({use.image_id for use in all_uses}, locale.pk)
        problems = []
        for use in all_uses:
            if use.image_id is None:
                continue
            problem = face_problem(use.where, faces.get(use.image_id), locale.pk, use.image_id)
            if problem:
                problems.append(problem)
            elif contradiction(use, faces):
                problems.append(
                    str(
                        _(
                            "%(where)s is marked as showing people, but its image is marked as "
                            "showing nobody, so no face was hidden: choose a consent record for "
                            "it or correct the image"
                        )
                        % {"where": use.where}
                    )
                )
        # A photo of people that names a consent record needs that record in force; one
        # without (a group photo) is shown on the strength of its hidden faces (above).
        uses = [use for use in all_uses if use.shows_people and use.consent_id is not None]
        wanted = {use.consent_id for use in uses}
        records = (
            {
                record.pk: record
                for record in ConsentRecord.objects.filter(pk__in=wanted).prefetch_related(
                    "languages"
                )
            }
            if wanted
            else {}
        )
        for use in uses:
            record = records.get(use.consent_id)
            if record is None:
                problems.append(
                    str(_("%(where)s: its consent record no longer exists") % {"where": use.where})
                )
                continue
            for reason in record.missing_for({"photo"}, locale.language_code):
                problems.append(f"{use.where}: {reason}")
        return problems

    def publication_problems(self) -> list[str]:
        return self.photo_consent_problems() + super().publication_problems()

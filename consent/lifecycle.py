"""Withdrawal, erasure and expiry of consent: the single entry points behind the admin buttons
and the management commands.

Withdrawal takes every page using the record offline at once, in every language; erasure then
removes the pages, their revisions, translations' source text, files and index rows, keeping
only audit entries whose labels say nothing about the story.

Pages whose single photos name the record (``PerPhotoConsentMixin``: event recaps, photos and
share images of home, standard, guide and index pages) stay online:
withdrawal withholds those photos only (renditions deleted, ``withdrawn_at`` set) and purges
the pages from the front-end cache; erasure deletes the photos' files.

Faces linked to the record (``ShownFace``: a face left shown in a group photo) are filled in
the stored photo at once, inside the withdrawal's or erasure's transaction, before the request
returns (``consent.faces.hide_faces_shown_under``); erasure deletes the links too.
"""

import datetime

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Model, Q
from django.utils import timezone
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.log_actions import log
from wagtail.models import Page, PageLogEntry, Revision, WorkflowState

from . import ledger
from .erasure_traces import ERASE_ACTION, leave_no_trace_in_the_database
from .faces import hide_faces_shown_under
from .guard import ConsentGatedPageMixin, PerPhotoConsentMixin
from .models import ConsentRecord, IdentifyingDetailOverride, ShownFace
from .press_kits import delete_stored_kits_now_and_after_commit

NEUTRAL_PAGE_LABEL = "Withdrawn story"
ERASED_PAGE_LABEL = "Erased story"
ERASED_STORYTELLER = "(erased)"


WITHDRAW_PERMISSION = "consent.withdraw_consentrecord"
ERASE_PERMISSION = "consent.erase_consentrecord"


class ConsentActionRefused(PermissionDenied):
    """The person may not withdraw or erase consent; nothing was changed."""


def may_withdraw(user) -> bool:
    return user.has_perm(WITHDRAW_PERMISSION)


def may_erase(user) -> bool:
    return user.has_perm(ERASE_PERMISSION)


def _refuse_unless(allowed: bool, action: str) -> None:
    if not allowed:
        raise ConsentActionRefused(f"Not allowed to {action} consent.")


def gated_page_models() -> list[type[Page]]:
    return [
        model
        for model in apps.get_models()
        if issubclass(model, ConsentGatedPageMixin) and not model._meta.abstract
    ]


def pages_using(record: ConsentRecord) -> list[Page]:
    """Every page (any language, live or not, aliases included) that carries this consent.

    A story's consent is the same for all its translations: every page sharing a translation
    key with a page that names the record counts too, even one that still names an older
    record (a translation not yet updated after the original's record was corrected).
    """
    keys = set()
    for model in gated_page_models():
        keys.update(model.objects.filter(consent=record).values_list("translation_key", flat=True))
    return pages_with_translation_keys(keys)


def pages_with_translation_keys(keys: set) -> list[Page]:
    """The pages with these translation keys (any language, live or not) and their aliases."""
    pages = list(Page.objects.filter(translation_key__in=keys).specific()) if keys else []
    ids = {page.pk for page in pages}
    for alias in Page.objects.filter(alias_of_id__in=ids).exclude(pk__in=ids).specific():
        pages.append(alias)
    return pages


def media_used_by(pages: list[Page]) -> list[Model]:
    """Images and audio referenced by these pages in any revision, not only the current one."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ReferenceIndex

    media_models = set(_media_models())
    wanted: dict[type[Model], set[str]] = {}
    objects: list[Model] = list(pages)
    objects += [
        revision.as_object()
        for revision in Revision.objects.filter(
            base_content_type_id__in=_page_base_type(),
            object_id__in=[str(page.pk) for page in pages],
        )
    ]
    for obj in objects:
        # Wagtail's own reference extraction: fields, StreamField blocks, rich text, children.
        for (
            content_type_id,
            object_id,
            _model_path,
            _content_path,
        ) in ReferenceIndex._extract_references_from_object(obj):
            model = ContentType.objects.get_for_id(content_type_id).model_class()
            if model in media_models:
                wanted.setdefault(model, set()).add(str(object_id))
    found: list[Model] = []
    for model, ids in wanted.items():
        found.extend(model.objects.filter(pk__in=ids))
    return found


def _page_base_type() -> set[int]:
    from django.contrib.contenttypes.models import ContentType

    return {ContentType.objects.get_for_model(Page).pk}


def _media_models() -> list[type[Model]]:
    from wagtail.images import get_image_model
    from wagtailmedia import get_media_model

    return [get_image_model(), get_media_model()]


def per_photo_page_models() -> list[type[Page]]:
    return [
        model
        for model in apps.get_models()
        if issubclass(model, PerPhotoConsentMixin) and not model._meta.abstract
    ]


def pages_with_photos_under(record: ConsentRecord) -> list[tuple[Page, set[int]]]:
    """Pages (any language, live or not) with a photo tied to this record, and those images.

    Every revision counts, not only the current one: a photo removed from the page but still in
    its history was published under this consent too. Withdrawal is rare, so the pages and
    revisions are read in Python rather than through a JSON query each database spells
    differently.
    """
    from django.contrib.contenttypes.models import ContentType

    found: dict[int, tuple[Page, set[int]]] = {}
    for model in per_photo_page_models():
        pages = {page.pk: page for page in model.objects.all()}
        if not pages:
            continue
        revisions = Revision.objects.filter(
            base_content_type_id__in=_page_base_type(),
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=[str(pk) for pk in pages],
        )
        versions = [*pages.values(), *(revision.as_object() for revision in revisions)]
        for version in versions:
            image_ids = {
                use.image_id
                for use in version.photo_uses()
                if use.consent_id == record.pk and use.image_id is not None
            }
            if image_ids:
                page = pages[version.pk]
                found.setdefault(page.pk, (page, set()))[1].update(image_ids)
    return list(found.values())


def live_pages_with_photos_under(record: ConsentRecord) -> list[Page]:
    """Live pages whose published version shows a photo tied to this record (to purge them
    from the front-end cache when the record is edited)."""
    return [
        page
        for model in per_photo_page_models()
        for page in model.objects.live()
        if any(use.consent_id == record.pk for use in page.photo_uses())
    ]


def photos_under(photo_pages: list[tuple[Page, set[int]]]) -> list[Model]:
    from wagtail.images import get_image_model

    image_ids = set().union(*(ids for _page, ids in photo_pages)) if photo_pages else set()
    return list(get_image_model().objects.filter(pk__in=image_ids))


def _purge_after_commit(photo_pages: list[tuple[Page, set[int]]]) -> None:
    """Purge the pages that showed the photos, once the withdrawal is committed (a request in
    between would still read the old consent and cache the photo again)."""
    live = [page for page, _ids in photo_pages if page.live]
    if not live:
        return

    def purge() -> None:
        from wagtail.contrib.frontend_cache.utils import purge_pages_from_cache

        purge_pages_from_cache(live)

    transaction.on_commit(purge)


def _withhold_media(media: list[Model], now: datetime.datetime) -> None:
    """Delete renditions and mark media withdrawn so it can no longer be chosen or rendered."""
    for item in media:
        renditions = getattr(item, "renditions", None)
        if renditions is not None:
            for rendition in renditions.all():
                rendition.delete()
        if hasattr(item, "withdrawn_at") and item.withdrawn_at is None:
            item.withdrawn_at = now
            item.save(update_fields=["withdrawn_at"])


@transaction.atomic
def withdraw_consent(record: ConsentRecord, by=None) -> int:
    """Take every page using this consent offline now. Returns how many pages were live.

    ``by`` is the person who asked (logged as the actor); ``None`` is the site itself (the
    daily expiry job, an operator's command). Withdrawal is a consent action, not a publishing
    one: it needs the withdraw permission and nothing else, so a leader who may not publish,
    a locked page or a page in a workflow never keeps a story online.
    """
    if by is not None:
        _refuse_unless(may_withdraw(by), "withdraw")
    record = ConsentRecord.objects.select_for_update().get(pk=record.pk)
    if record.status == ConsentRecord.Status.ERASED:
        return 0
    now = timezone.now()
    record.status = ConsentRecord.Status.WITHDRAWN
    record.status_changed_at = now
    record.status_changed_by = by
    record.save(update_fields=["status", "status_changed_at", "status_changed_by"])
    pages = pages_using(record)
    taken_offline = take_offline(pages, by)
    media = media_used_by(pages)
    _withhold_media(media, now)
    # Pages that name this record on single photos (events) stay online without those photos.
    photo_pages = pages_with_photos_under(record)
    photos = photos_under(photo_pages)
    _withhold_media(photos, now)
    _purge_after_commit(photo_pages)
    # Faces linked to this record are filled in their stored photos now (consent.faces).
    hide_faces_shown_under(record)
    log(instance=record, action="samvedna.consent.withdraw", user=by, title=_record_label(record))
    # Outside the database, so that a restored backup withdraws it again (consent/ledger.py).
    ledger.append_after_commit(
        ledger.WITHDRAW,
        record.pk,
        page_ids=[page.pk for page in pages],
        translation_keys=[page.translation_key for page in pages],
        files=ledger.files_by_model([*media, *photos]),
    )
    return taken_offline


def take_offline(pages: list[Page], by) -> int:
    """Unpublish, cancel workflows and scheduled publishing; the page log gets a neutral label.

    Page permissions and locks are not consulted (the caller checked the consent permission):
    Wagtail's own unpublish would refuse a leader, who may not publish stories, and anyone but
    the locker of a locked page.
    """
    count = 0
    ids = [page.pk for page in pages]
    Revision.objects.filter(
        base_content_type_id__in=_page_base_type(), object_id__in=[str(i) for i in ids]
    ).update(approved_go_live_at=None)
    for state in WorkflowState.objects.active().filter(
        base_content_type_id__in=_page_base_type(), object_id__in=[str(i) for i in ids]
    ):
        state.cancel(user=by)
    for page in pages:
        if page.live:
            # The unpublished signal also purges the page's URLs from the front-end cache.
            UnpublishPageAction(page, user=by, log_action=False).execute(
                skip_permission_checks=True
            )
            log(instance=page, action="wagtail.unpublish", user=by, title=NEUTRAL_PAGE_LABEL)
            count += 1
    return count


def translations_left_behind(source: Page) -> list[Page]:
    """Live translations of ``source`` (the original version) that name another
    consent record than the one ``source`` now names."""
    if not isinstance(source, ConsentGatedPageMixin) or source.translation_source() is not None:
        return []
    return list(
        type(source)
        .objects.live()
        .filter(translation_key=source.translation_key)
        .exclude(pk=source.pk)
        .exclude(consent_id=source.consent_id)
    )


def take_translations_offline_with_old_consent(source: Page, by=None) -> int:
    """When the original's consent record changes, its translations do not follow silently.

    They are taken offline rather than re-pointed at the new record: the new record was not
    checked for their language or what they show, and their text was approved under the old
    one. They are published again once updated from the original (the guard then sees the same
    record and checks it for their language).
    """
    stale = translations_left_behind(source)
    return take_offline(stale, by) if stale else 0


def _record_label(record: ConsentRecord) -> str:
    return f"Consent record #{record.pk}"


@transaction.atomic
def erase_consent(record: ConsentRecord, by=None) -> None:
    """Delete the pages, revisions, translation sources, media and index rows of this consent.

    Like withdrawal, it needs the erase permission only (``by=None``: the site itself).
    """
    if by is not None:
        _refuse_unless(may_erase(by), "erase")
    record = ConsentRecord.objects.select_for_update().get(pk=record.pk)
    pages, media_ids = _erase(record, by)
    # Outside the database, so that a restored backup erases it again (consent/ledger.py).
    ledger.append_after_commit(
        ledger.ERASE,
        record.pk,
        page_ids=[page.pk for page in pages],
        translation_keys=[page.translation_key for page in pages],
        files=media_ids,
    )


def _erase(
    record: ConsentRecord | None,
    by,
    also_translation_keys: set | None = None,
    also_media: list[Model] | None = None,
) -> tuple[list[Page], dict[str, list[int]]]:
    """Erasure itself; returns the pages and the media's ids (``ledger.files_by_model``).

    ``record`` is None when a restore repeats the erasure of a record the restored database
    does not hold; ``also_*`` are the ledger's pages and files (they may have been tied to
    another record in that database)."""
    pages = pages_using(record) if record is not None else []
    known = {page.pk for page in pages}
    pages += [
        page
        for page in pages_with_translation_keys(also_translation_keys or set())
        if page.pk not in known
    ]
    media = media_used_by(pages)
    photo_pages = pages_with_photos_under(record) if record is not None else []
    for item in [*photos_under(photo_pages), *(also_media or [])]:
        if item not in media:
            media.append(item)
    if record is not None:
        # Faces linked to this record are filled in the photos that stay (group photos), and
        # the links go: nothing is left that ties a face to the erased record.
        hide_faces_shown_under(record)
        ShownFace.objects.filter(consent=record).delete()
    take_offline(pages, by)
    page_ids = [page.pk for page in pages]
    object_ids = [str(i) for i in page_ids]
    translation_keys = {page.translation_key for page in pages}

    _delete_translation_sources(translation_keys)
    IdentifyingDetailOverride.objects.filter(translation_key__in=translation_keys).delete()
    WorkflowState.objects.filter(
        base_content_type_id__in=_page_base_type(), object_id__in=object_ids
    ).delete()
    _delete_editing_sessions(object_ids)
    # Aliases first, then the pages themselves (Page.delete removes revisions, comments,
    # search-index and reference-index rows through cascades and signals).
    for page in sorted(pages, key=lambda p: p.alias_of_id is None):
        if Page.objects.filter(pk=page.pk).exists():
            Page.objects.get(pk=page.pk).specific.delete()
    PageLogEntry.objects.filter(page_id__in=page_ids).update(
        label=ERASED_PAGE_LABEL, data={}, revision=None
    )
    media_ids = ledger.files_by_model(media)
    # Neutralised first: a deleted object has no pk left to find its entries by.
    _neutralise_media_log_entries(media)
    for item in media:
        item.delete()
    _purge_after_commit(photo_pages)

    if record is not None:
        _erase_record(record, by)
    leave_no_trace_in_the_database()
    return pages, media_ids


def _erase_record(record: ConsentRecord, by) -> None:
    record.storyteller = ERASED_STORYTELLER
    record.status = ConsentRecord.Status.ERASED
    record.status_changed_at = timezone.now()
    record.status_changed_by = by
    record.save()
    log(instance=record, action=ERASE_ACTION, user=by, title=_record_label(record))
    from wagtail.models import ModelLogEntry

    ModelLogEntry.objects.filter(
        content_type__app_label="consent", object_id=str(record.pk)
    ).update(label=_record_label(record), data={})


# --- A restore repeats what the erasure ledger holds (consent/ledger.py, manage.py restore) -----


def _ledger_media(entry: ledger.LedgerEntry) -> list[Model]:
    found: list[Model] = []
    for label, ids in entry.files.items():
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        found.extend(model.objects.filter(pk__in=ids))
    return found


@transaction.atomic
def replay_erasure(entry: ledger.LedgerEntry) -> bool:
    """Erase again what a ledger entry erased, by the same code as ``erase_consent`` (the site
    itself as actor). True when the restored database still held something of it."""
    # The media kits the backup brought back may hold what was erased since (consent/press_kits).
    delete_stored_kits_now_and_after_commit()
    record = ConsentRecord.objects.select_for_update().filter(pk=entry.consent_id).first()
    if record is not None and record.status == ConsentRecord.Status.ERASED:
        record = None
    keys = set(entry.translation_keys)
    media = _ledger_media(entry)
    if record is None and not media and not Page.objects.filter(translation_key__in=keys).exists():
        return False
    _erase(record, None, keys, media)
    return True


@transaction.atomic
def replay_withdrawal(entry: ledger.LedgerEntry) -> bool:
    """Withdraw again what a ledger entry withdrew. True when something was still published."""
    # The media kits the backup brought back may hold a face withdrawn since (consent/press_kits).
    delete_stored_kits_now_and_after_commit()
    record = ConsentRecord.objects.filter(pk=entry.consent_id).first()
    changed = False
    if record is not None and record.status == ConsentRecord.Status.ACTIVE:
        withdraw_consent(record)
        changed = True
    # Pages and files the entry names, even if the restored database ties them to another record.
    live = [page for page in pages_with_translation_keys(set(entry.translation_keys)) if page.live]
    if live:
        take_offline(live, None)
        changed = True
    media = [m for m in _ledger_media(entry) if getattr(m, "withdrawn_at", True) is None]
    if media:
        _withhold_media(media, timezone.now())
        changed = True
    return changed


def _delete_translation_sources(translation_keys: set) -> None:
    """wagtail-localize keeps the source text of translated pages; remove it with its strings."""
    try:
        from wagtail_localize.models import String, TranslationSource
    except ImportError:  # pragma: no cover - wagtail-localize is a dependency
        return
    sources = TranslationSource.objects.filter(object_id__in=translation_keys)
    string_ids = set(
        String.objects.filter(segments__source__in=sources).values_list("pk", flat=True)
    )
    sources.delete()
    # Strings are shared between sources: delete only those no other source uses.
    String.objects.filter(pk__in=string_ids, segments__isnull=True).delete()


def _delete_editing_sessions(object_ids: list[str]) -> None:
    try:
        from wagtail.admin.models import EditingSession
    except ImportError:  # pragma: no cover
        return
    EditingSession.objects.filter(
        content_type_id__in=_page_base_type() | _specific_page_types(), object_id__in=object_ids
    ).delete()


def _specific_page_types() -> set[int]:
    from django.contrib.contenttypes.models import ContentType

    return {ContentType.objects.get_for_model(m).pk for m in gated_page_models()}


def _neutralise_media_log_entries(media: list[Model]) -> None:
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ModelLogEntry

    for item in media:
        content_type = ContentType.objects.get_for_model(item)
        ModelLogEntry.objects.filter(content_type=content_type, object_id=str(item.pk)).update(
            label="Erased file", data={}
        )


def consents_due_for_renewal(within_days: int = 30, today: datetime.date | None = None):
    """Active records whose renewal date (the ``review_by`` field) comes within the days."""
    today = today or timezone.localdate()
    return ConsentRecord.objects.filter(
        status=ConsentRecord.Status.ACTIVE,
        review_by__gte=today,
        review_by__lte=today + datetime.timedelta(days=within_days),
    )


def expire_overdue_consents(today: datetime.date | None = None) -> list[ConsentRecord]:
    """Withdraw every active consent past its renewal date; returns the records expired."""
    today = today or timezone.localdate()
    expired = []
    for record in ConsentRecord.objects.filter(
        Q(status=ConsentRecord.Status.ACTIVE) & Q(review_by__lt=today)
    ):
        withdraw_consent(record)
        ConsentRecord.objects.filter(pk=record.pk).update(status=ConsentRecord.Status.EXPIRED)
        record.refresh_from_db()
        expired.append(record)
    return expired

"""Event receivers.

When a consent record is edited (it stops covering photos or a language), the pages showing a
photo under it (events, and every other page type with per-photo consent) are purged from the
front-end cache: the page already hides the photo on its next render (consent/shown_photos.py), the
cache must not keep serving it. Withdrawal and erasure purge through consent/lifecycle.py.

(Every event index gets the leaders' one-step "Leader review" workflow: registered in apps.py.)
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from consent.models import ConsentRecord


def purge_events_showing(record: ConsentRecord) -> None:
    """Purge every live page showing a photo under ``record`` (events, and the home, standard,
    guide and index pages whose photos or share image name it)."""
    from consent.lifecycle import live_pages_with_photos_under

    pages = live_pages_with_photos_under(record)
    if not pages:
        return
    _withhold_public_copies_no_longer_allowed(record, pages)

    def purge() -> None:
        from wagtail.contrib.frontend_cache.utils import purge_pages_from_cache

        purge_pages_from_cache(pages)

    transaction.on_commit(purge)


def _withhold_public_copies_no_longer_allowed(record: ConsentRecord, pages: list) -> None:
    """Delete the public resized copies of the photos ``record`` no longer allows on a page
    (it stopped covering photos or that page's language): the page no longer shows them, and
    the reference index would keep them public. They are made again where a page may show
    them."""
    from wagtail.images import get_image_model

    from consent.photos import valid_photo_consents
    from privacy.images.renditions import PUBLIC_RENDITION_FOLDER

    image_ids = set()
    for page in pages:
        if record.pk not in valid_photo_consents({record.pk}, page.locale_id):
            image_ids |= {u.image_id for u in page.photo_uses() if u.consent_id == record.pk}
    renditions = (
        get_image_model()
        .get_rendition_model()
        .objects.filter(image_id__in=image_ids, file__startswith=PUBLIC_RENDITION_FOLDER + "/")
    )
    for rendition in renditions:
        rendition.delete()  # Wagtail's signal deletes the file and the cache entry


@receiver(post_save, sender=ConsentRecord)
def consent_edited(sender, instance: ConsentRecord, created: bool, raw: bool = False, **kwargs):
    # New records show nothing yet; withdrawal, expiry and erasure purge in consent/lifecycle.py.
    if created or raw or instance.status != ConsentRecord.Status.ACTIVE:
        return
    purge_events_showing(instance)


@receiver(m2m_changed, sender=ConsentRecord.languages.through)
def consent_languages_changed(sender, instance, action: str, **kwargs):
    if action in {"post_remove", "post_clear"} and isinstance(instance, ConsentRecord):
        purge_events_showing(instance)

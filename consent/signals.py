"""Editing a consent record never leaves a live page that it no longer covers, nor a face shown
that it no longer covers (unticking photos fills its linked faces in the stored photos at
once); changing the record of an original story never leaves its translations live under the
old one. Any change to a record, or a face's link to it going, deletes every stored media kit
(consent/press_kits.py)."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from .models import ConsentRecord, ShownFace
from .press_kits import delete_stored_kits_now_and_after_commit


def take_uncovered_pages_offline(record: ConsentRecord) -> int:
    from .lifecycle import pages_using, take_offline

    uncovered = [page for page in pages_using(record) if page.live and page.consent_problems()]
    return take_offline(uncovered, by=None) if uncovered else 0


@receiver(post_save, sender=ConsentRecord)
def consent_saved(sender, instance: ConsentRecord, created: bool, raw: bool = False, **kwargs):
    if created or raw:
        return
    # Withdrawal, erasure, expiry or any edit: a kit may hold a face this record let be shown.
    delete_stored_kits_now_and_after_commit()
    # Withdrawal, erasure and expiry change the status themselves and take pages offline.
    if instance.status != ConsentRecord.Status.ACTIVE:
        return
    # Scopes and dates are on the row; removed languages are handled by the m2m receiver below.
    take_uncovered_pages_offline(instance)
    if not instance.covers_photo or not instance.is_in_force():
        # It no longer lets faces be shown: fill them in the stored photos now. (A language
        # removed leaves the faces: the photo leaves that language's pages when next shown.)
        from .faces import hide_faces_shown_under

        hide_faces_shown_under(instance)


@receiver(m2m_changed, sender=ConsentRecord.languages.through)
def consent_languages_changed(sender, instance, action: str, **kwargs):
    if action in {"post_remove", "post_clear"} and isinstance(instance, ConsentRecord):
        delete_stored_kits_now_and_after_commit()
        take_uncovered_pages_offline(instance)
        from .faces import purge_pages_showing_faces_under

        purge_pages_showing_faces_under(instance)


@receiver(post_delete, sender=ShownFace)
def face_link_deleted(sender, instance: ShownFace, **kwargs):
    # Unlinked or erased: a stored kit may still hold the face as it was shown.
    delete_stored_kits_now_and_after_commit()


@receiver(post_save)
def translations_follow_the_originals_consent(sender, instance, raw: bool = False, **kwargs):
    """The original story's consent record changed: its live translations still naming the
    old record go offline (see ``lifecycle.take_translations_offline_with_old_consent``)."""
    from .guard import ConsentGatedPageMixin

    if raw or not isinstance(instance, ConsentGatedPageMixin):
        return
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and "consent" not in update_fields:
        return
    from .lifecycle import take_translations_offline_with_old_consent

    take_translations_offline_with_old_consent(instance)

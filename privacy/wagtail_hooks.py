"""Withdrawn images and recordings cannot be chosen for new content; public renditions are
only made while a live page is served; private renditions and voice clips have an admin URL;
image upload forms say they are working while faces are found and hidden."""

from typing import Any

from django.templatetags.static import static
from django.urls import URLPattern, path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from .audio import views as audio_views
from .images import views as image_views
from .images.faces import admin_urls as face_admin_urls
from .images.faces.checking import SHOWS_NOBODY_ACTION, SHOWS_PEOPLE_ACTION
from .public_pages import mark_public_render


@hooks.register("construct_image_chooser_queryset")
def hide_withdrawn_images(images, request):
    return images.filter(withdrawn_at__isnull=True)


@hooks.register("construct_media_chooser_queryset")
def hide_withdrawn_media(media, request):
    return media.filter(withdrawn_at__isnull=True)


@hooks.register("before_serve_page")
def renditions_for_readers(page, request, serve_args, serve_kwargs) -> None:
    # Runs for live pages served to readers only, never for previews.
    mark_public_render(page)


@hooks.register("register_admin_urls")
def private_rendition_urls() -> list[URLPattern]:
    return [
        path(
            "private-images/<str:name>",
            image_views.private_rendition,
            name="privacy_private_rendition",
        ),
    ]


@hooks.register("register_admin_urls")
def face_area_urls() -> list[URLPattern]:
    # The Faces screen: an image's face areas, and the form that hides one more.
    return face_admin_urls.urlpatterns


@hooks.register("register_admin_urls")
def private_voice_clip_urls() -> list[URLPattern]:
    return [
        path(
            "private-voice-clips/<str:name>",
            audio_views.private_voice_clip,
            name="privacy_private_voice_clip",
        ),
    ]


@hooks.register("register_log_actions")
def register_face_check_log_actions(actions: Any) -> None:
    # Skipping the face check is a choice someone answers for (privacy/images/faces/checking.py).
    actions.register_action(
        SHOWS_NOBODY_ACTION,
        _("Marked as showing nobody"),
        _("Marked as showing nobody: faces are not looked for or hidden"),
    )
    actions.register_action(
        SHOWS_PEOPLE_ACTION,
        _("Marked as showing people"),
        _("Marked as showing people: faces are found and hidden"),
    )


FACE_CHECK_WORKING = _("Finding and hiding faces… this can take a few seconds.")


@hooks.register("insert_global_admin_js")
def face_check_notice_js() -> str:
    # On every admin page: image upload forms also appear in the choosers of the page editor.
    # The script only acts on forms with an image file input (static/js/face-check-notice.js).
    return format_html(
        '<script src="{}" data-working-message="{}" defer></script>',
        static("js/face-check-notice.js"),
        FACE_CHECK_WORKING,
    )

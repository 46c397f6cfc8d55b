"""Withdrawn images and recordings cannot be chosen for new content; public renditions are
only made while a live page is served; private renditions and voice clips have an admin URL."""

from django.urls import URLPattern, path
from wagtail import hooks

from .audio import views as audio_views
from .images import views as image_views
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
def private_voice_clip_urls() -> list[URLPattern]:
    return [
        path(
            "private-voice-clips/<str:name>",
            audio_views.private_voice_clip,
            name="privacy_private_voice_clip",
        ),
    ]

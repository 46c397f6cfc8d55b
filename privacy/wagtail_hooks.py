"""Withdrawn images and recordings cannot be chosen for new content."""

from wagtail import hooks


@hooks.register("construct_image_chooser_queryset")
def hide_withdrawn_images(images, request):
    return images.filter(withdrawn_at__isnull=True)


@hooks.register("construct_media_chooser_queryset")
def hide_withdrawn_media(media, request):
    return media.filter(withdrawn_at__isnull=True)

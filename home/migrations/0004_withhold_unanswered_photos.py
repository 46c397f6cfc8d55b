"""Existing pages: their share images and body photos were published before anyone said whether
they show people. What is safe for them:

- The pages stay live. Their text needs no one's consent, and taking the home page or a guide
  offline would take the site down for the women who use it; the photos are what may need a
  consent.
- The unanswered photos are treated as showing people (the new fields' default, and a body photo
  without the answer reads the same): they are no longer shown, the share image is no longer in
  the meta tags, and the page cannot be published again until an editor answers and, where the
  photo shows people, names a consent covering photos in the page's language.
- Their public resized copies are deleted now (files and rows): they were public files at known
  addresses, and the page no longer shows them. A copy is made again, privately or publicly,
  when a page may show the photo.
"""

from django.db import migrations

# Page types with a share image of their own consent (home.metadata.ShareImageConsentMixin).
SHARE_IMAGE_PAGES = [
    ("home", "HomePage"),
    ("home", "StandardPage"),
    ("events", "EventIndexPage"),
    ("events", "EventPage"),
    ("resources", "ResourceIndexPage"),
    ("resources", "ResourcePage"),
    ("stories", "StoryIndexPage"),
]
# Page types whose body photo blocks ("image") gained the "shows people" question.
BODY_PHOTO_PAGES = [("home", "HomePage"), ("home", "StandardPage")]
PUBLIC_RENDITION_FOLDER = "images/"  # privacy.images.renditions.PUBLIC_RENDITION_FOLDER


def unanswered_image_ids(apps) -> set[int]:
    """Images shown by live pages without an answer: every share image (none was answered),
    and body photos stored without "shows_people"."""
    ids = set()
    for app_label, model_name in SHARE_IMAGE_PAGES:
        model = apps.get_model(app_label, model_name)
        ids.update(
            model.objects.filter(live=True, og_image__isnull=False).values_list(
                "og_image_id", flat=True
            )
        )
    for app_label, model_name in BODY_PHOTO_PAGES:
        model = apps.get_model(app_label, model_name)
        for page in model.objects.filter(live=True):
            for block in page.body.raw_data:
                value = block.get("value") if isinstance(block, dict) else None
                if block.get("type") != "image" or not isinstance(value, dict):
                    continue
                if "shows_people" not in value and isinstance(value.get("image"), int):
                    ids.add(value["image"])
    return ids


def withhold_unanswered_photos(apps, schema_editor) -> None:
    ids = unanswered_image_ids(apps)
    if not ids:
        return
    rendition_model = apps.get_model("privacy", "PrivateRendition")
    public = rendition_model.objects.filter(
        image_id__in=ids, file__startswith=PUBLIC_RENDITION_FOLDER
    )
    for rendition in public:
        name = rendition.file.name
        rendition.delete()
        rendition.file.storage.delete(name)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0003_share_image_and_body_photo_consent"),
        ("events", "0003_share_image_consent"),
        ("resources", "0003_share_image_consent"),
        ("stories", "0004_share_image_consent"),
        ("privacy", "0005_privatedocument_public_media"),
    ]

    operations = [migrations.RunPython(withhold_unanswered_photos, migrations.RunPython.noop)]

"""Image and voice-clip permissions that Wagtail really checks.

0002 granted the permissions of our own models (``privacy.PrivateImage``,
``privacy.PrivateMedia``), but Wagtail's and wagtailmedia's permission policies check
``wagtailimages.Image`` and ``wagtailmedia.Media`` whatever the custom model is, so staff and
leaders could not upload photos or voice clips. Given on the root collection:

- KMVS staff and Samvedna leaders: add and choose photos, add voice clips. As uploaders they may
  edit (and so delete: Wagtail treats delete as change) their own files, not colleagues' files;
- Site administrators: also change and delete any photo or voice clip.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

LEADERS = "Samvedna leaders"
STAFF = "KMVS staff"
ADMINISTRATORS = "Site administrators"

EDITOR = [
    ("wagtailimages", "image", "add_image"),
    ("wagtailimages", "image", "choose_image"),
    ("wagtailmedia", "media", "add_media"),
]
PERMISSIONS = {
    LEADERS: EDITOR,
    STAFF: EDITOR,
    ADMINISTRATORS: [
        *EDITOR,
        ("wagtailimages", "image", "change_image"),
        ("wagtailimages", "image", "delete_image"),
        ("wagtailmedia", "media", "change_media"),
        ("wagtailmedia", "media", "delete_media"),
    ],
}


def _permissions(apps, wanted):
    Permission = apps.get_model("auth", "Permission")
    found = []
    for app_label, model, codename in wanted:
        permission = Permission.objects.filter(
            content_type__app_label=app_label, content_type__model=model, codename=codename
        ).first()
        if permission is not None:
            found.append(permission)
    return found


def grant(apps, schema_editor):
    # Permissions are normally created after migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection is None:
        return
    for name, wanted in PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for permission in _permissions(apps, wanted):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission
            )


def revoke(apps, schema_editor):
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    every = {item for wanted in PERMISSIONS.values() for item in wanted}
    GroupCollectionPermission.objects.filter(
        group__name__in=list(PERMISSIONS),
        collection__depth=1,
        permission__in=_permissions(apps, every),
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0003_document_permissions"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailmedia", "0005_alter_media_options"),
    ]

    operations = [migrations.RunPython(grant, revoke)]

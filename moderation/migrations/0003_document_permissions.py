"""Document permissions for the three groups, now that uploaded PDFs are cleaned.

Every PDF loses its metadata, scripts and attachments and gets a random name on upload
(privacy/documents.py), so staff and leaders may add downloads to rights guides.

Wagtail checks document permissions against ``wagtaildocs.Document`` whatever the document
model is (``wagtail.documents.get_permission_policy``), so those are the permissions given,
on the root collection:

- KMVS staff and Samvedna leaders: add, change, choose;
- Site administrators: add, change, choose and delete.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

LEADERS = "Samvedna leaders"
STAFF = "KMVS staff"
ADMINISTRATORS = "Site administrators"

DOCUMENT_PERMISSIONS = {
    LEADERS: ["add_document", "change_document", "choose_document"],
    STAFF: ["add_document", "change_document", "choose_document"],
    ADMINISTRATORS: ["add_document", "change_document", "choose_document", "delete_document"],
}


def _ensure_permissions(apps):
    # Permissions are normally created after migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def _document_permissions(apps, codenames):
    Permission = apps.get_model("auth", "Permission")
    return list(
        Permission.objects.filter(
            content_type__app_label="wagtaildocs",
            content_type__model="document",
            codename__in=codenames,
        )
    )


def grant(apps, schema_editor):
    _ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection is None:
        return
    for name, codenames in DOCUMENT_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for permission in _document_permissions(apps, codenames):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission
            )


def revoke(apps, schema_editor):
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    all_codenames = {c for codenames in DOCUMENT_PERMISSIONS.values() for c in codenames}
    GroupCollectionPermission.objects.filter(
        group__name__in=list(DOCUMENT_PERMISSIONS),
        collection__depth=1,
        permission__in=_document_permissions(apps, all_codenames),
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0002_groups_permissions_workflows"),
        ("privacy", "0005_privatedocument_public_media"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]

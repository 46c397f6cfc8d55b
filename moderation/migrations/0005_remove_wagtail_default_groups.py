"""Remove Wagtail's default "Editors" and "Moderators" groups when nobody is in them.

Wagtail's migrations create both, with page permissions on the whole tree (Moderators may
publish) and image and document permissions. This site's groups are "KMVS staff", "Samvedna
leaders" and "Site administrators" (0002); a user put into a default group by mistake would get
rights outside the leaders' workflow. A group with members is left alone: an operator who uses
it decides.
"""

from django.db import migrations

WAGTAIL_DEFAULT_GROUPS = ("Editors", "Moderators")


def remove_unused_default_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS, user__isnull=True).delete()


class Migration(migrations.Migration):
    # After every migration that gives these groups permissions, so none recreates them.
    dependencies = [
        ("moderation", "0004_image_and_audio_permissions"),
        ("wagtailcore", "0005_add_page_lock_permission_to_moderators"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0002_initial_data"),
        ("wagtaildocs", "0002_initial_data"),
        ("wagtailmedia", "0002_initial_data"),
        ("wagtail_localize", "0006_create_submit_translation_permission"),
    ]

    operations = [migrations.RunPython(remove_unused_default_groups, migrations.RunPython.noop)]

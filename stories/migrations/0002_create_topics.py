"""The fixed list of story topics; their labels are translated through gettext."""

from django.db import migrations

TOPICS = [
    "work-and-dignity",
    "violence-and-police",
    "identity-documents",
    "health",
    "children-and-schooling",
    "collective-and-solidarity",
]


def create_topics(apps, schema_editor):
    Topic = apps.get_model("stories", "Topic")
    for order, slug in enumerate(TOPICS):
        Topic.objects.update_or_create(slug=slug, defaults={"sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("stories", "0001_initial")]

    operations = [migrations.RunPython(create_topics, migrations.RunPython.noop)]

import uuid

from django.db import migrations, models


def first_token(apps, schema_editor):
    apps.get_model("caching", "PageCacheToken").objects.create(id=1, token=uuid.uuid4().hex)


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="PageCacheToken",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("token", models.CharField(max_length=32)),
            ],
            options={"db_table": "caching_pagecachetoken"},
        ),
        migrations.RunPython(first_token, migrations.RunPython.noop),
    ]

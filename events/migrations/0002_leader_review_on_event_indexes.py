"""Event indexes that already exist get the one-step "Leader review" workflow (created by
moderation's migration 0002). New indexes get it from events/apps.py."""

from django.db import migrations

EVENT_WORKFLOW = "Leader review"  # moderation.groups.EVENT_WORKFLOW, frozen for this migration


def give_event_indexes_the_leader_review(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")

    workflow = Workflow.objects.filter(name=EVENT_WORKFLOW).first()
    index_type = ContentType.objects.filter(app_label="events", model="eventindexpage").first()
    if workflow is None or index_type is None:
        return
    for page in Page.objects.filter(content_type=index_type):
        WorkflowPage.objects.get_or_create(page=page, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_initial"),
        ("moderation", "0002_groups_permissions_workflows"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(give_event_indexes_the_leader_review, migrations.RunPython.noop)
    ]

"""Groups, their permissions and the two workflows, so a fresh database is ready to moderate.

- Samvedna leaders: review, approve, send back, withdraw and erase; edit pages (no direct
  publish: stories are published by the workflow).
- KMVS staff: create and edit pages and media, record consent; never publish, never withdraw.
- Site administrators: everything in the admin, including direct publishing of non-story pages.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

LEADERS = "Samvedna leaders"
STAFF = "KMVS staff"
ADMINISTRATORS = "Site administrators"

PAGE_PERMISSIONS = {
    LEADERS: ["add_page", "change_page", "lock_page", "unlock_page"],
    STAFF: ["add_page", "change_page"],
    ADMINISTRATORS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page",
                     "bulk_delete_page"],
}
MEDIA_PERMISSIONS = {
    LEADERS: ["add_privateimage", "change_privateimage", "choose_privateimage",
              "add_privatemedia", "change_privatemedia"],
    STAFF: ["add_privateimage", "change_privateimage", "choose_privateimage",
            "add_privatemedia", "change_privatemedia"],
    ADMINISTRATORS: ["add_privateimage", "change_privateimage", "delete_privateimage",
                     "choose_privateimage", "add_privatemedia", "change_privatemedia",
                     "delete_privatemedia"],
}
MODEL_PERMISSIONS = {
    LEADERS: [
        ("wagtailadmin", "access_admin"),
        ("consent", "add_consentrecord"),
        ("consent", "change_consentrecord"),
        ("consent", "view_consentrecord"),
        ("consent", "withdraw_consentrecord"),
        ("consent", "erase_consentrecord"),
        ("consent", "add_identifyingdetailoverride"),
    ],
    STAFF: [
        ("wagtailadmin", "access_admin"),
        ("consent", "add_consentrecord"),
        ("consent", "change_consentrecord"),
        ("consent", "view_consentrecord"),
    ],
    ADMINISTRATORS: [
        ("wagtailadmin", "access_admin"),
        ("consent", "add_consentrecord"),
        ("consent", "change_consentrecord"),
        ("consent", "view_consentrecord"),
        ("home", "change_sitesafetysettings"),
        ("wagtailcore", "add_workflow"),
        ("wagtailcore", "change_workflow"),
        ("wagtailcore", "add_task"),
        ("wagtailcore", "change_task"),
        ("auth", "add_user"),
        ("auth", "change_user"),
    ],
}


def _permission(apps, app_label, codename):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(
        content_type__app_label=app_label, codename=codename
    ).first()


def _task(apps, app_label, model_name, name, **fields):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Model = apps.get_model(app_label, model_name)
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model_name.lower())
    task = Model.objects.filter(name=name).first()
    if task is None:
        task = Model.objects.create(name=name, content_type=content_type, active=True, **fields)
    return task


def setup(apps, schema_editor):
    # Permissions are normally created after migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root_page = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()

    groups = {}
    for name in (LEADERS, STAFF, ADMINISTRATORS):
        group, _ = Group.objects.get_or_create(name=name)
        groups[name] = group
        for app_label, codename in MODEL_PERMISSIONS[name]:
            permission = _permission(apps, app_label, codename)
            if permission is not None:
                group.permissions.add(permission)
        for codename in PAGE_PERMISSIONS[name]:
            permission = _permission(apps, "wagtailcore", codename)
            if permission is not None and root_page is not None:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=root_page, permission=permission
                )
        for codename in MEDIA_PERMISSIONS[name]:
            permission = _permission(apps, "privacy", codename)
            if permission is not None and root_collection is not None:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission
                )

    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    Task = apps.get_model("wagtailcore", "Task")

    leaders = groups[LEADERS]
    confirm = _task(apps, "moderation", "ConsentConfirmedTask", "Consent confirmed")
    approve = _task(
        apps, "moderation", "LeadersApproveTask", "Leaders approve", required_approvals=2
    )
    review = _task(apps, "wagtailcore", "GroupApprovalTask", "Leader review")
    for task in (confirm, approve, review):
        task.groups.add(leaders)

    story, _ = Workflow.objects.get_or_create(name="Story approval", defaults={"active": True})
    for order, task in enumerate((confirm, approve)):
        WorkflowTask.objects.get_or_create(
            workflow=story, task=Task.objects.get(pk=task.pk), defaults={"sort_order": order}
        )
    event, _ = Workflow.objects.get_or_create(name="Leader review", defaults={"active": True})
    WorkflowTask.objects.get_or_create(
        workflow=event, task=Task.objects.get(pk=review.pk), defaults={"sort_order": 0}
    )

    # Story indexes that already exist get the story workflow (new ones: stories/apps.py).
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    ContentType = apps.get_model("contenttypes", "ContentType")
    index_type = ContentType.objects.filter(app_label="stories", model="storyindexpage").first()
    if index_type is not None:
        for page in Page.objects.filter(content_type=index_type):
            WorkflowPage.objects.get_or_create(page=page, defaults={"workflow": story})


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0001_initial"),
        ("consent", "0003_identifyingdetailoverride"),
        ("privacy", "0004_privateimage_withdrawn_at_privatemedia_withdrawn_at"),
        ("stories", "0003_alter_storypage_body"),
        ("home", "0002_create_locales"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(setup, migrations.RunPython.noop)]

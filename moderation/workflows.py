"""What happens when the leaders' workflow finishes.

Imported by wagtail.models while it loads (WAGTAIL_FINISH_WORKFLOW_ACTION): import nothing from
Wagtail's models at module level.
"""


def publish_approved_revision(workflow_state, user=None) -> None:
    """Publish exactly the revision the leaders approved.

    Leaders have no direct publish permission (nobody may publish a story outside the
    workflow), so the approval itself is the authority here; the consent guard still runs.
    """
    from wagtail.actions.publish_revision import PublishRevisionAction

    task_state = workflow_state.current_task_state
    revision = (
        task_state.revision
        if task_state is not None
        else workflow_state.content_object.get_latest_revision()
    )
    PublishRevisionAction(revision, user=user).execute(skip_permission_checks=True)

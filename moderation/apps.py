from django.apps import AppConfig


class ModerationConfig(AppConfig):
    """Leaders' workflow tasks, groups and permissions, notifications."""

    name = "moderation"
    verbose_name = "Moderation"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the receivers)
        from .notifications import install as install_notifications
        from .workflow_names import connect as translate_workflow_names

        # Replace Wagtail's workflow and comment e-mails (they carry the page title) with ours.
        install_notifications()
        # "Story approval", "Consent confirmed"... in each person's admin language.
        translate_workflow_names()

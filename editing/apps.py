from django.apps import AppConfig


class EditingConfig(AppConfig):
    """The page editor's saves: overlapping autosave and Save from one form land on one page."""

    name = "editing"
    verbose_name = "Page editing"

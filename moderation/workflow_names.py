"""The names of this site's workflows and tasks, shown in each person's admin language.

Wagtail shows a workflow's or task's name as it is stored: in the page editor's status panel,
its history and the workflow screens. The data migration stores them in English (they are also
looked up by those names). So when a Workflow or Task with one of these names is loaded, the
name it carries is translated into the language active at that moment (the admin activates the
person's language before its views run); saving it stores the English name again, so the
database never holds a translation. A name an administrator changes is kept as she typed it.
The page history's workflow messages carry the names as they were logged; they are translated
when the history is shown.
"""

from django.db.models import Model
from django.db.models.signals import post_init, pre_save
from django.utils.translation import gettext, gettext_noop

SITE_NAMES = frozenset(
    {
        gettext_noop("Story approval"),  # STORY_WORKFLOW
        gettext_noop("Leader review"),  # EVENT_WORKFLOW, and its one task
        gettext_noop("Consent confirmed"),
        gettext_noop("Leaders approve"),
        # Wagtail's own default workflow on the root page (its group was removed with Wagtail's
        # default groups, moderation/migrations/0005): shown when a page outside the story and
        # event sections is submitted.
        gettext_noop("Moderators approval"),
    }
)
WORKFLOW_LOG_ACTIONS = (
    "wagtail.workflow.start",
    "wagtail.workflow.approve",
    "wagtail.workflow.reject",
    "wagtail.workflow.resume",
    "wagtail.workflow.cancel",
)


def show_translated(sender: type[Model], instance: Model, **kwargs) -> None:
    stored = instance.__dict__.get("name")  # absent when the field was deferred
    if stored in SITE_NAMES:
        instance._stored_name = stored
        instance.name = instance._shown_name = gettext(stored)


def store_english(sender: type[Model], instance: Model, **kwargs) -> None:
    stored = getattr(instance, "_stored_name", None)
    if stored is not None and instance.name == instance._shown_name:
        instance.name = stored


def translated_titles(data: object) -> object:
    """A workflow log entry's data with the site's names in the active language."""
    workflow = data.get("workflow") if isinstance(data, dict) else None
    if not isinstance(workflow, dict):
        return data
    workflow = dict(workflow)
    if workflow.get("title") in SITE_NAMES:
        workflow["title"] = gettext(workflow["title"])
    for step in ("task", "next"):
        part = workflow.get(step)
        if isinstance(part, dict) and part.get("title") in SITE_NAMES:
            workflow[step] = {**part, "title": gettext(part["title"])}
    return {**data, "workflow": workflow}


class _TitlesTranslated:
    """A log entry as Wagtail's formatters read it, with its workflow titles translated."""

    def __init__(self, entry: Model) -> None:
        self._entry = entry
        self.data = translated_titles(entry.data)

    def __getattr__(self, name: str) -> object:
        return getattr(self._entry, name)


def translate_workflow_messages(actions) -> None:
    """``register_log_actions`` hook, run after Wagtail's: wraps its workflow formatters."""
    for action in WORKFLOW_LOG_ACTIONS:
        formatter = actions.formatters.get(action)
        if formatter is None or getattr(formatter, "_titles_translated", False):
            continue
        original = formatter.format_message
        formatter.format_message = lambda entry, original=original: original(
            _TitlesTranslated(entry)
        )
        formatter._titles_translated = True


def _with_subclasses(model: type[Model]) -> list[type[Model]]:
    found = [model]
    for subclass in model.__subclasses__():
        found += _with_subclasses(subclass)
    return found


def connect() -> None:
    """Called once the apps are ready: every concrete Task class is known then."""
    from wagtail.models import Task, Workflow

    for model in [Workflow, *_with_subclasses(Task)]:
        post_init.connect(show_translated, sender=model, dispatch_uid=f"name-{model.__name__}")
        pre_save.connect(store_english, sender=model, dispatch_uid=f"name-save-{model.__name__}")

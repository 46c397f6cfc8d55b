from django.apps import AppConfig


class BaseConfig(AppConfig):
    """The shared page kit: what every page app builds on (metadata and section-index mixins,
    blocks, photos, pagination, feeds, routing, cached sites, navigation tags), and sending
    notification e-mails (mail.py, with its one model, MailFailure: no page content)."""

    name = "base"
    verbose_name = "Shared page kit"

    def ready(self) -> None:
        # Connects the receivers that empty the cached list of sites when a Site changes, in
        # every process (management commands too), not only where the middleware runs.
        from . import sites  # noqa: F401

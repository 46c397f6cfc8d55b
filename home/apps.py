from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Home and standard pages"

    def ready(self) -> None:
        # Connects the receivers that empty the cached list of sites when a Site changes, in
        # every process (management commands too), not only where the middleware runs.
        from . import sites  # noqa: F401

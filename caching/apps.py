from django.apps import AppConfig


class CachingConfig(AppConfig):
    name = "caching"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from caching import frontend, generation  # noqa: F401 - frontend registers its check

        generation.connect()

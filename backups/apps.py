from django.apps import AppConfig


class BackupsConfig(AppConfig):
    """``manage.py backup`` and ``manage.py restore``: database and media, and the erasure
    ledger replayed after a restore (consent/ledger.py)."""

    name = "backups"
    verbose_name = "Backups"

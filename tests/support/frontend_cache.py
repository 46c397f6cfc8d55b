"""A front-end cache backend for tests: records the URLs it is asked to purge."""

from wagtail.contrib.frontend_cache.backends import BaseBackend

PURGED: list[str] = []


class RecordingBackend(BaseBackend):
    def purge(self, url: str) -> None:
        PURGED.append(url)

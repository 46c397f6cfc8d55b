"""A front-end cache backend for tests: records the URLs it is asked to purge."""

from wagtail.contrib.frontend_cache.backends import BaseBackend

PURGED: list[str] = []
# Each time it was emptied as a whole (caching/frontend.py, after every page-changing commit).
EMPTIED: list[bool] = []


class RecordingBackend(BaseBackend):
    def purge(self, url: str) -> None:
        PURGED.append(url)

    def purge_everything(self) -> None:
        EMPTIED.append(True)

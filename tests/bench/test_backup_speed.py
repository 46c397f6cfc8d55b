"""How long ``manage.py backup`` and ``manage.py restore`` take for a site with 2,000 stories,
and how long the restore's ledger replay adds for one erasure (prints figures; no timed
assertions). ``RUN_BENCHMARKS=1 pytest tests/bench/test_backup_speed.py -s``."""

import time
from pathlib import Path

import pytest
from django.core.management import call_command

from consent.ledger import read_entries
from consent.lifecycle import erase_consent
from tests.support.many_stories import add_published_stories
from tests.support.story_factories import make_consent, make_image, make_story

pytestmark = pytest.mark.django_db

STORIES = 2000


def test_backup_and_restore_figures(database_copy, settings, tmp_path, capsys):
    settings.MEDIA_ROOT = tmp_path / "media"
    add_published_stories(STORIES)
    consent = make_consent(photo=True)
    image = make_image()
    make_story(
        consent, body=[{"type": "image", "value": {"image": image.pk, "caption": ""}}], publish=True
    )
    quiet = open("/dev/null", "w")  # noqa: SIM115
    started = time.perf_counter()
    call_command("backup", str(tmp_path / "backup"), stdout=quiet)
    backup_seconds = time.perf_counter() - started
    size = sum(path.stat().st_size for path in Path(tmp_path / "backup").iterdir())
    erase_consent(consent)
    assert len(list(read_entries())) == 1
    started = time.perf_counter()
    call_command("restore", str(tmp_path / "backup"), "--yes", stdout=quiet)
    restore_seconds = time.perf_counter() - started
    with capsys.disabled():
        print(
            f"\nbackup/restore, {STORIES + 1} stories: backup {backup_seconds:.2f} s "
            f"({size / 1e6:.1f} MB), restore with one erasure replayed {restore_seconds:.2f} s"
        )

"""Interface strings are fully translated into Gujarati and Hindi, and the catalogues compiled."""

from pathlib import Path

import polib
import pytest
from django.utils import translation

LOCALE_DIR = Path(__file__).resolve().parents[2] / "locale"


@pytest.mark.parametrize("language", ["gu", "hi"])
def test_every_message_is_translated_and_the_compiled_catalogue_is_current(language):
    po = polib.pofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.po"))
    entries = [e for e in po if not e.obsolete]
    assert len(entries) > 40

    def translated(entry) -> bool:
        if entry.msgid_plural:
            return all(entry.msgstr_plural.values()) and len(entry.msgstr_plural) == 2
        return bool(entry.msgstr)

    untranslated = [e.msgid for e in entries if not translated(e) or "fuzzy" in e.flags]
    assert not untranslated, f"untranslated in {language}: {untranslated}"
    # The .mo the site loads must match the .po (run `make messages` after editing a .po).
    with translation.override(language):
        stale = [
            e.msgid
            for e in entries
            if (
                [translation.ngettext(e.msgid, e.msgid_plural, n) for n in (1, 2)]
                != [e.msgstr_plural[0], e.msgstr_plural[1]]
                if e.msgid_plural
                else translation.gettext(e.msgid) != e.msgstr
            )
        ]
    assert not stale, f"{language} .mo is out of date for: {stale}"


@pytest.mark.parametrize("language", ["gu", "hi"])
def test_translations_are_in_the_right_script(language):
    ranges = {"gu": (0x0A80, 0x0AFF), "hi": (0x0900, 0x097F)}
    low, high = ranges[language]
    with translation.override(language):
        label = translation.gettext("Quick exit")
    assert any(low <= ord(ch) <= high for ch in label)


def test_every_interface_string_in_the_code_is_in_the_catalogues(settings, tmp_path, monkeypatch):
    """A string added to a template or module without `make messages` would show in English."""
    import shutil

    from django.core.management import call_command

    if shutil.which("xgettext") is None:
        pytest.fail("GNU gettext (xgettext) is needed: install Debian's gettext package")
    # makemessages writes next to the sources it reads: run it on a copy of them, so the real
    # catalogues are never touched.
    project = LOCALE_DIR.parent
    copy = tmp_path / "project"
    skip = {".venv", ".git", "locale", "tests", "static_collected", ".test-media", "node_modules"}
    for item in project.iterdir():
        if item.is_dir() and item.name not in skip and not item.name.startswith("."):
            shutil.copytree(item, copy / item.name, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "locale").mkdir()
    monkeypatch.chdir(copy)
    settings.LOCALE_PATHS = [str(copy / "locale")]
    call_command("makemessages", locale=["gu"], verbosity=0)
    fresh = polib.pofile(str(copy / "locale" / "gu" / "LC_MESSAGES" / "django.po"))
    committed = polib.pofile(str(LOCALE_DIR / "gu" / "LC_MESSAGES" / "django.po"))
    known = {(e.msgctxt, e.msgid) for e in committed if not e.obsolete}
    missing = sorted(e.msgid for e in fresh if (e.msgctxt, e.msgid) not in known)
    assert len(fresh) > 100  # the copy really was read
    assert not missing, f"run `make messages` and translate: {missing}"


def test_translation_functions_are_imported_under_names_makemessages_knows():
    """xgettext only extracts calls to _, gettext, gettext_lazy, ngettext...: a string wrapped
    in an alias such as _lazy() would never reach the catalogues (and the test above could not
    notice, as it uses the same extraction)."""
    import re

    project = LOCALE_DIR.parent
    alias = re.compile(r"import\s+(\w*gettext\w*)\s+as\s+(?!_\b)(\w+)")
    offenders = []
    for path in project.rglob("*.py"):
        parts = set(path.relative_to(project).parts)
        if parts & {".venv", "node_modules", ".observatory", "migrations"}:
            continue
        for match in alias.finditer(path.read_text(encoding="utf-8")):
            offenders.append(f"{path.relative_to(project)}: {match.group(0)}")
    assert not offenders, offenders

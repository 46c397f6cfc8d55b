"""Interface strings are fully translated into Gujarati and Hindi, and the catalogues compiled."""

from pathlib import Path

import polib
import pytest
from django.utils import translation

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


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

"""The Gujarati and Hindi catalogues for the admin's own strings (locale_admin/) are complete,
keep every placeholder, are compiled, use the right script, agree with the project's own
catalogues, and only hold strings the installed Wagtail, Django and other packages still use."""

import re
from functools import cache
from pathlib import Path

import django
import django_filters
import polib
import pytest
from django.apps import apps
from django.contrib import humanize

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = [(language, domain) for language in ("gu", "hi") for domain in ("django", "djangojs")]
PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|%[sd]|\{\w*\}")
NOT_LANGUAGE = re.compile(r"%\(\w+\)[sdr]|%[sd]|\{\w*\}|<[^>]*>|https?://\S+")  # code, not words
SCRIPTS = {"gu": (0x0A80, 0x0AFF), "hi": (0x0900, 0x097F)}


def catalogue(language: str, domain: str) -> polib.POFile:
    return polib.pofile(str(ROOT / "locale_admin" / language / "LC_MESSAGES" / f"{domain}.po"))


def translations(entry: polib.POEntry) -> list[str]:
    return [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)] or [entry.msgstr]


@pytest.mark.parametrize(("language", "domain"), CATALOGUES)
def test_every_entry_is_translated_with_its_placeholders(language, domain):
    entries = [entry for entry in catalogue(language, domain) if not entry.obsolete]
    assert len(entries) > (80 if domain == "djangojs" else 500)
    problems = []
    for entry in entries:
        forms = translations(entry)
        if (
            "fuzzy" in entry.flags
            or not all(forms)
            or len(forms) != (2 if entry.msgid_plural else 1)
        ):
            problems.append(f"untranslated: {entry.msgid!r}")
            continue
        wanted = set(PLACEHOLDER.findall(entry.msgid))
        if entry.msgid_plural:
            # The "one" form may say "a minute" instead of "%(count)s minute", never more.
            plural_wanted = set(PLACEHOLDER.findall(entry.msgid_plural))
            if set(PLACEHOLDER.findall(forms[1])) != plural_wanted or not set(
                PLACEHOLDER.findall(forms[0])
            ) <= (wanted | plural_wanted):
                problems.append(f"placeholders: {entry.msgid!r}")
        elif set(PLACEHOLDER.findall(forms[0])) != wanted:
            problems.append(f"placeholders: {entry.msgid!r}")
    assert not problems, f"{language}/{domain}: {problems}"


@pytest.mark.parametrize(("language", "domain"), CATALOGUES)
def test_each_translation_is_in_the_languages_script(language, domain):
    low, high = SCRIPTS[language]
    wrong = []
    for entry in catalogue(language, domain):
        for text in translations(entry):
            letters = [ch for ch in NOT_LANGUAGE.sub("", text) if ch.isalpha()]
            native = sum(low <= ord(ch) <= high for ch in letters)
            if letters and native < len(letters) / 2:
                wrong.append(text)
    assert not wrong, f"{language}/{domain} not in its script: {wrong}"


@pytest.mark.parametrize(("language", "domain"), CATALOGUES)
def test_the_compiled_catalogue_matches_its_source(language, domain):
    folder = ROOT / "locale_admin" / language / "LC_MESSAGES"
    source = {
        (e.msgctxt, e.msgid): translations(e)
        for e in polib.pofile(str(folder / f"{domain}.po"))
        if not e.obsolete
    }
    compiled = {
        (e.msgctxt, e.msgid): translations(e)
        for e in polib.mofile(str(folder / f"{domain}.mo"))
        if e.msgid
    }
    assert compiled == source, "run `make messages` (compilemessages) after editing a .po"


@pytest.mark.parametrize("language", ["gu", "hi"])
def test_a_string_in_both_catalogues_is_translated_the_same_way(language):
    """The project's catalogue wins where both have a string; they must not disagree."""
    project = {
        (e.msgctxt, e.msgid): translations(e)
        for e in polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))
        if not e.obsolete
    }
    differing = [
        entry.msgid
        for entry in catalogue(language, "django")
        if project.get((entry.msgctxt, entry.msgid), translations(entry)) != translations(entry)
    ]
    assert not differing, f"{language}: translated differently in locale/: {differing}"


@cache
def package_strings() -> frozenset[tuple[str | None, str, str]]:
    """(context, msgid, domain) of every string the installed apps and Django translate, and
    the packages Wagtail uses without installing them (humanize's "5 minutes ago", filters)."""
    folders = [Path(django.__file__).parent / "conf" / "locale"]
    folders += [Path(app.path) / "locale" for app in apps.get_app_configs()]
    folders += [
        Path(humanize.__file__).parent / "locale",
        Path(django_filters.__file__).parent / "locale",
    ]
    found = set()
    for folder in folders:
        for path in sorted(folder.glob("*/LC_MESSAGES/*.po")):
            found |= {(e.msgctxt, e.msgid, path.stem) for e in polib.pofile(str(path))}
    return frozenset(found)


@pytest.mark.parametrize(("language", "domain"), CATALOGUES)
def test_every_string_is_still_used_by_an_installed_package(language, domain):
    """After upgrading Wagtail or Django, strings they changed show up here, to translate anew."""
    unused = [
        entry.msgid
        for entry in catalogue(language, domain)
        if (entry.msgctxt, entry.msgid, domain) not in package_strings()
    ]
    assert not unused, f"{language}/{domain}: no installed package uses {unused}"

"""The key terms are translated with the glossary's words (locale/glossary.toml) in every catalogue
entry that uses them, and no translation uses a word the glossary rules out.

The project catalogues (locale/) are checked for every term; the admin catalogues (locale_admin/:
Wagtail's and Django's own strings) only for the terms marked `admin = true`, the ones that mean
the same thing there (Wagtail's "moderation" is the leaders' review; its "guide" is not ours).
"""

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = ROOT / "locale" / "glossary.toml"
LANGUAGES = ("gu", "hi")


@dataclass(frozen=True)
class Term:
    key: str
    english: tuple[re.Pattern, ...]
    words: dict[str, tuple[str, ...]]
    avoid: dict[str, tuple[str, ...]]
    exceptions: frozenset[str]
    admin: bool


def load_terms(text: str) -> list[Term]:
    return [
        Term(
            key=term["key"],
            english=tuple(re.compile(pattern, re.IGNORECASE) for pattern in term["english"]),
            words={language: tuple(term[language]) for language in LANGUAGES},
            avoid={language: tuple(term.get(f"avoid_{language}", ())) for language in LANGUAGES},
            exceptions=frozenset(item["msgid"] for item in term.get("exceptions", ())),
            admin=term.get("admin", False),
        )
        for term in tomllib.loads(text)["term"]
    ]


def translations(entry: polib.POEntry) -> list[str]:
    return [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)] or [entry.msgstr]


def glossary_problems(po: polib.POFile, language: str, terms: list[Term]) -> list[str]:
    """Every entry that breaks the glossary, one line each, saying what to use instead."""
    problems = []
    for entry in po:
        if entry.obsolete or not entry.msgid:
            continue
        english = f"{entry.msgid}\n{entry.msgid_plural or ''}"
        for term in terms:
            for text in translations(entry):
                for word in term.avoid[language]:
                    if word in text:
                        problems.append(
                            f"{entry.msgid!r}: says {word!r}, which the glossary rules out for "
                            f"{term.key!r}; use {term.words[language][0]!r} -> {text!r}"
                        )
            if entry.msgid in term.exceptions or not any(p.search(english) for p in term.english):
                continue
            missing = [
                text
                for text in translations(entry)
                if text and not any(word in text for word in term.words[language])
            ]
            if missing:
                problems.append(
                    f"{entry.msgid!r}: {term.key!r} should be {term.words[language][0]!r} "
                    f"(or {', '.join(term.words[language][1:]) or 'no other form'})"
                    f" -> {missing[0]!r}"
                )
    return problems


def terms() -> list[Term]:
    return load_terms(GLOSSARY.read_text(encoding="utf-8"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_project_catalogue_uses_the_glossary_words(language):
    po = polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))
    problems = glossary_problems(po, language, terms())
    assert not problems, (
        f"{len(problems)} {language} string(s) to update in "
        f"locale/{language}/LC_MESSAGES/django.po (or change locale/glossary.toml):\n"
        + "\n".join(problems)
    )


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_the_admin_catalogues_use_the_glossary_words_for_admin_terms(language, domain):
    po = polib.pofile(str(ROOT / "locale_admin" / language / "LC_MESSAGES" / f"{domain}.po"))
    problems = glossary_problems(po, language, [term for term in terms() if term.admin])
    assert not problems, (
        f"{len(problems)} string(s) to update in locale_admin/{language}/LC_MESSAGES/{domain}.po:\n"
        + "\n".join(problems)
    )


def test_every_term_has_both_languages_a_note_and_no_word_it_also_rules_out():
    raw = tomllib.loads(GLOSSARY.read_text(encoding="utf-8"))["term"]
    keys = [term["key"] for term in raw]
    assert len(keys) == len(set(keys)), "a term is listed twice"
    wanted = {"consent", "story", "leader", "withdraw", "erase", "quick exit", "guide"}
    wanted |= {"helpline", "pseudonym", "two-step sign-in", "backup code", "review"}
    assert wanted <= set(keys)
    for term in raw:
        assert term["note"].strip() and term["english"], term["key"]
        for language in LANGUAGES:
            assert term[language], f"{term['key']}: no {language} word"
            clash = [
                word
                for word in term[language]
                for avoided in term.get(f"avoid_{language}", ())
                if avoided in word
            ]
            assert not clash, f"{term['key']}: {clash} is both chosen and ruled out"


def test_every_exception_still_names_a_string_in_the_catalogues():
    msgids = {
        entry.msgid
        for entry in polib.pofile(str(ROOT / "locale" / "gu" / "LC_MESSAGES" / "django.po"))
    }
    stale = [(t.key, msgid) for t in terms() for msgid in t.exceptions if msgid not in msgids]
    assert not stale, f"remove these exceptions from locale/glossary.toml: {stale}"


SMALL_GLOSSARY = r"""
[[term]]
key = "leader"
english = ['\bleaders?\b']
gu = ["આગેવાન"]
hi = ["लीडर"]
avoid_hi = ["नेता"]
note = "test"

[[term]]
key = "review"
english = ['\breview\w*']
gu = ["તપાસ"]
hi = ["जाँच"]
avoid_hi = ["समीक्षा"]
note = "test"
exceptions = [{ msgid = "Reviewed by a court", reason = "not the leaders' review" }]
"""


def small_catalogue(*entries: tuple[str, str]) -> polib.POFile:
    po = polib.POFile()
    for msgid, msgstr in entries:
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    return po


def test_a_new_string_with_a_ruled_out_word_fails_and_is_named():
    small = load_terms(SMALL_GLOSSARY)
    good = small_catalogue(("Ask a leader", "किसी लीडर से पूछें"))
    assert glossary_problems(good, "hi", small) == []
    bad = small_catalogue(
        ("Ask a leader", "किसी लीडर से पूछें"),
        ("Open stories to review", "समीक्षा के लिए कहानियाँ खोलें"),
        ("Thank the volunteers", "नेता जी को धन्यवाद"),  # ruled out even where the term is absent
    )
    problems = glossary_problems(bad, "hi", small)
    assert len(problems) == 3
    assert "'Open stories to review': says 'समीक्षा'" in problems[0]
    assert "'review' should be 'जाँच'" in problems[1]
    assert "'Thank the volunteers': says 'नेता'" in problems[2]


def test_a_string_without_the_chosen_word_fails_unless_it_is_an_exception():
    small = load_terms(SMALL_GLOSSARY)
    po = small_catalogue(
        ("Leaders decide", "આગેવાનો નક્કી કરે છે"),
        ("a leader", "એક વ્યક્તિ"),
        ("Reviewed by a court", "કોર્ટે જોયું"),
    )
    problems = glossary_problems(po, "gu", small)
    assert problems == ["'a leader': 'leader' should be 'આગેવાન' (or no other form) -> 'એક વ્યક્તિ'"]


def test_plural_entries_are_checked_in_every_form():
    small = load_terms(SMALL_GLOSSARY)
    po = polib.POFile()
    po.append(
        polib.POEntry(
            msgid="%(n)s leader",
            msgid_plural="%(n)s leaders",
            msgstr_plural={0: "%(n)s लीडर", 1: "%(n)s नेताओं"},
        )
    )
    problems = glossary_problems(po, "hi", small)
    assert any("says 'नेता'" in problem for problem in problems)

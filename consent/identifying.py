"""Find identifying details in free text: phone, Aadhaar, PAN and vehicle numbers, e-mail.

Why: safety rule 1 of the design brief. A phone or Aadhaar number left in a published testimony can
get a woman identified, harassed or hurt, so text is scanned before it can be published. Stories
are written in English, Gujarati and Hindi, and numbers come in Latin, Gujarati or Devanagari
digits (often mixed), so every pattern runs on a copy of the text in which each decimal digit is
ASCII; digits are single code points, so offsets in the copy are offsets in the original.

The scanner favours recall for the shapes that identify a person and stays quiet on the numbers
found in every story and resource page: dates, years, counts, money, times, PIN codes and public
helplines (none of which has the shape of a mobile, landline, Aadhaar, PAN or vehicle number).
Quantifiers are bounded or atomic, so a scan takes time roughly linear in the text length.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

__all__ = [
    "AADHAAR",
    "EMAIL",
    "KINDS",
    "MOBILE",
    "PAN",
    "PHONE",
    "VEHICLE",
    "Finding",
    "find_identifying_details",
    "normalise_digits",
    "verhoeff_check_digit",
    "verhoeff_is_valid",
]

MOBILE = "mobile"
PHONE = "phone"
AADHAAR = "aadhaar"
PAN = "pan"
VEHICLE = "vehicle"
EMAIL = "email"
KINDS = (MOBILE, PHONE, AADHAAR, PAN, VEHICLE, EMAIL)

_LABELS: dict[str, Promise] = {
    MOBILE: _("a mobile phone number"),
    PHONE: _("a phone number"),
    AADHAAR: _("an Aadhaar number"),
    PAN: _("a PAN card number"),
    VEHICLE: _("a vehicle registration number"),
    EMAIL: _("an e-mail address"),
}


@dataclass(frozen=True)
class Finding:
    """One identifying detail: its kind and where it is in the original text."""

    kind: str
    start: int
    end: int
    text: str

    @property
    def label(self) -> Promise:
        """What was found, in words for editors and leaders (translated lazily)."""
        return _LABELS[self.kind]


# --- Digits ---------------------------------------------------------------------------------


class _DecimalDigits(dict[int, int]):
    """A str.translate table sending every Unicode decimal digit to ASCII, filled on demand."""

    def __missing__(self, codepoint: int) -> int:
        value = unicodedata.decimal(chr(codepoint), None)
        mapped = codepoint if value is None else ord("0") + value
        self[codepoint] = mapped
        return mapped


_DIGITS = _DecimalDigits()


def normalise_digits(text: str) -> str:
    """Return text with Gujarati, Devanagari (any Unicode decimal) digits as ASCII; same length."""
    return text if text.isascii() else text.translate(_DIGITS)


# --- Verhoeff (the Aadhaar check digit) -------------------------------------------------------

_VERHOEFF_D = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 2, 3, 4, 0, 6, 7, 8, 9, 5),
    (2, 3, 4, 0, 1, 7, 8, 9, 5, 6),
    (3, 4, 0, 1, 2, 8, 9, 5, 6, 7),
    (4, 0, 1, 2, 3, 9, 5, 6, 7, 8),
    (5, 9, 8, 7, 6, 0, 4, 3, 2, 1),
    (6, 5, 9, 8, 7, 1, 0, 4, 3, 2),
    (7, 6, 5, 9, 8, 2, 1, 0, 4, 3),
    (8, 7, 6, 5, 9, 3, 2, 1, 0, 4),
    (9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
)
_VERHOEFF_P = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 5, 7, 6, 2, 8, 3, 0, 9, 4),
    (5, 8, 0, 3, 7, 9, 6, 1, 4, 2),
    (8, 9, 1, 6, 0, 4, 3, 5, 2, 7),
    (9, 4, 5, 3, 1, 2, 6, 8, 7, 0),
    (4, 2, 8, 6, 5, 7, 3, 9, 0, 1),
    (2, 7, 9, 3, 8, 0, 6, 4, 1, 5),
    (7, 0, 4, 6, 9, 1, 3, 2, 5, 8),
)
_VERHOEFF_INV = (0, 4, 3, 2, 1, 5, 6, 7, 8, 9)


def _verhoeff_digits(number: str) -> list[int]:
    digits = normalise_digits(number)
    if not digits or not (digits.isascii() and digits.isdigit()):
        raise ValueError(f"not a string of decimal digits: {number!r}")
    return [int(d) for d in reversed(digits)]


def verhoeff_check_digit(number: str) -> str:
    """The Verhoeff check digit to append to number (a string of decimal digits)."""
    check = 0
    for i, digit in enumerate(_verhoeff_digits(number)):
        check = _VERHOEFF_D[check][_VERHOEFF_P[(i + 1) % 8][digit]]
    return str(_VERHOEFF_INV[check])


def verhoeff_is_valid(number: str) -> bool:
    """Whether number (its last digit being the check digit) passes the Verhoeff checksum."""
    check = 0
    for i, digit in enumerate(_verhoeff_digits(number)):
        check = _VERHOEFF_D[check][_VERHOEFF_P[i % 8][digit]]
    return check == 0


# --- Pattern pieces (all applied to the digit-normalised text) --------------------------------

# Spaces between digit groups: ordinary, no-break, thin, zero-width (ZWJ/ZWNJ are common in
# Indic typing), soft hyphen, and the no-break space entity left in rich text.
_SP = r"(?:[ \t\u00a0\u00ad\u2000-\u200d\u202f\u2060\ufeff]|&nbsp;|&#160;)"
_DASH = r"[-.\u2010-\u2015\u2212]"
# One separator between digit groups; atomic, so a failed match never backtracks into it.
_SEP = rf"(?>{_SP}{{1,3}}(?:{_DASH}{_SP}{{0,3}})?|{_DASH}{_SP}{{0,3}})"
_INTL = rf"(?:\({_SP}?(?:\+{_SP}?|00)91{_SP}?\)|(?:\+{_SP}?|00)91)"

_MOBILE_RE = re.compile(
    rf"(?<![0-9])"
    rf"(?:(?:{_INTL}{_SP}?\(0\)|{_INTL}|\({_SP}?91{_SP}?\)|91|\(0\)|0){_SEP}?)?"
    rf"(?P<national>[6-9](?:{_SEP}?[0-9]){{9}})"
    rf"(?![0-9])"
)
# Landlines need an STD code: 0 + ten digits, (0STD) + subscriber number, or +91 + ten digits
# not starting 6-9. Local numbers alone ("250123") look like PIN codes and are not reported.
_LANDLINE_RE = re.compile(
    rf"(?<![0-9])(?:"
    rf"{_INTL}{_SEP}?(?P<intl>[1-5](?:{_SEP}?[0-9]){{9}})"
    rf"|\((?P<std>0[1-9][0-9]{{1,3}})\){_SP}{{0,3}}(?:{_DASH}{_SP}{{0,3}})?"
    rf"(?P<sub>[1-9](?:{_SEP}?[0-9]){{4,7}})"
    rf"|(?P<trunk>0[1-9](?:{_SEP}?[0-9]){{9}})"
    rf")(?![0-9])"
)
# Aadhaar: 12 digits, first 2-9, written whole or as 4-4-4 (also 4-8, 8-4, 6-6).
_AADHAAR_RE = re.compile(
    rf"(?<![0-9])(?:"
    rf"[2-9][0-9]{{3}}(?:{_SEP}?[0-9]{{4}}){{2}}"
    rf"|[2-9][0-9]{{5}}{_SEP}[0-9]{{6}}"
    rf")(?![0-9])"
)
_PAN_HOLDER = "[PCHFATBLJG]"
_PAN_RE = re.compile(
    rf"(?<![A-Za-z0-9])(?:"
    rf"(?i:[A-Z]{{3}}{_PAN_HOLDER}[A-Z][0-9]{{4}}[A-Z])"
    rf"|[A-Z]{{3}}{_PAN_HOLDER}[A-Z](?:{_SP}|-)?[0-9]{{4}}(?:{_SP}|-)?[A-Z]"
    rf")(?![A-Za-z0-9])"
)

# Current state/UT codes and former ones still on older plates (OR, TS, UA, DN).
_STATE_CODES = (
    *("AN", "AP", "AR", "AS", "BR", "CG", "CH", "DD", "DL", "DN", "GA", "GJ", "HP", "HR"),
    *("JH", "JK", "KA", "KL", "LA", "LD", "MH", "ML", "MN", "MP", "MZ", "NL", "OD", "OR"),
    *("PB", "PY", "RJ", "SK", "TG", "TN", "TR", "TS", "UA", "UK", "UP", "WB"),
)
# Codes that are also common words ("as 15-20 women", "up to 5") count only in capitals.
_WORDLIKE_CODES = {"AN", "AS", "CH", "DD", "GA", "KA", "LA", "ML", "OR", "UK", "UP"}
_INDIC_LETTERS = r"[\u0900-\u0963\u0a81-\u0ae3]"


def _plate_body(letter: str) -> str:
    # RTO code (Delhi adds a category letter: "DL 3C"), then 1-3 series letters and a 1-4 digit
    # number, or (old plates) no series and a 3-4 digit number.
    return (
        rf"{_SEP}?[0-9]{{1,2}}{letter}?"
        rf"(?:{_SEP}?{letter}{{1,3}}{_SEP}?[0-9]{{1,4}}|{_SEP}[0-9]{{3,4}})"
        rf"(?![A-Za-z0-9])"
    )


_VEHICLE_RE = re.compile(
    rf"(?<![A-Za-z0-9])(?:"
    # State code in capitals: series in capitals too ("GJ 12 to MH 04" is not a plate).
    rf"(?:{'|'.join(_STATE_CODES)}){_plate_body('[A-Z]')}"
    # In lower or mixed case ("gj 12 ab 1234"), only codes that are not also words.
    rf"|(?![A-Z]{{2}})(?i:{'|'.join(c for c in _STATE_CODES if c not in _WORDLIKE_CODES)})"
    rf"{_plate_body('[A-Za-z]')}"
    rf"|(?i:[0-9]{{2}}{_SEP}?BH{_SEP}?[0-9]{{4}}{_SEP}?[A-Z]{{1,2}})(?![A-Za-z0-9])"
    rf")"
    # GJ written in Gujarati or Devanagari letters, series letters in any of the three scripts.
    rf"|(?<!{_INDIC_LETTERS})(?:\u0a9c\u0ac0{_SP}?\u0a9c\u0ac7|\u091c\u0940{_SP}?\u091c\u0947)"
    rf"{_SEP}?[0-9]{{1,2}}(?:{_SEP}?(?:[A-Za-z]{{1,3}}|{_INDIC_LETTERS}{{1,8}})"
    rf"{_SEP}?[0-9]{{1,4}}|{_SEP}[0-9]{{3,4}})(?![A-Za-z0-9])"
)

# E-mail: unicode local parts and domains (letters plus Indic vowel signs, which are not \w).
_MAIL_CH = r"[\w\u0900-\u0963\u0966-\u0dff]"
_LOCAL_CH = r"[\w.+%'\-\u0900-\u0963\u0966-\u0dff]"
_EMAIL_RE = re.compile(
    rf"(?<![\w.+\-\u0900-\u0963\u0966-\u0dff])"
    rf"{_MAIL_CH}{_LOCAL_CH}{{0,63}}+@"
    rf"(?:[\w\-\u0900-\u0963\u0966-\u0dff]{{1,63}}+\.){{1,8}}"
    rf"(?P<tld>{_MAIL_CH}{{2,63}}+)"
    rf"(?![\w\-\u0900-\u0963\u0966-\u0dff])"
)
# Spelled-out addresses: "radha [at] gmail [dot] com", "radha at the rate gmail dot com".
_WORD_SP = r"[ \t\u00a0]"
_OBFUSCATED_EMAIL_RE = re.compile(
    rf"(?<![\w.+\-])[\w][\w.+\-]{{0,63}}+"
    rf"(?P<at>{_WORD_SP}{{0,3}}[\[({{]{_WORD_SP}{{0,2}}(?:at|@){_WORD_SP}{{0,2}}[\])}}]"
    rf"{_WORD_SP}{{0,3}}"
    rf"|{_WORD_SP}{{1,3}}at{_WORD_SP}{{1,3}}the{_WORD_SP}{{1,3}}rate(?:{_WORD_SP}{{1,3}}of)?"
    rf"{_WORD_SP}{{1,3}}"
    rf"|{_WORD_SP}?@{_WORD_SP}?|{_WORD_SP}{{1,3}}at{_WORD_SP}{{1,3}})"
    rf"(?P<domain>[\w\-]{{1,63}}+)"
    rf"(?:(?:{_WORD_SP}{{0,3}}[\[({{]{_WORD_SP}{{0,2}}dot{_WORD_SP}{{0,2}}[\])}}]{_WORD_SP}{{0,3}}"
    rf"|{_WORD_SP}{{1,3}}dot{_WORD_SP}{{1,3}}|\.)[\w\-]{{1,63}}+){{1,4}}"
    rf"(?![\w\-])",
    re.IGNORECASE,
)
# With a bare "at" or a spaced "@", only well-known mail providers count ("us at samvedna dot
# org" is a web site, "radha at gmail dot com" is a person).
_WEBMAIL = {
    "gmail",
    "googlemail",
    "yahoo",
    "ymail",
    "rediffmail",
    "hotmail",
    "outlook",
    "live",
    "icloud",
    "protonmail",
    "proton",
    "zoho",
    "aol",
}
_MONTHS = {"MARCH"}  # the only 5-letter month name whose 4th letter is a PAN holder type


# --- Candidates -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Candidate:
    kind: str
    start: int
    end: int
    rank: int  # tie-break between equal spans: lower is more specific


def _scan(
    pattern: re.Pattern[str], norm: str, accept: Callable[[re.Match[str]], tuple[str, int] | None]
) -> Iterator[_Candidate]:
    """Yield accepted matches; after a rejected one, retry from the next character."""
    pos = 0
    while (match := pattern.search(norm, pos)) is not None:
        verdict = accept(match)
        if verdict is None:
            pos = match.start() + 1
            continue
        kind, rank = verdict
        yield _Candidate(kind, match.start(), match.end(), rank)
        pos = max(match.end(), match.start() + 1)


def _group_lengths(digits_and_separators: str) -> list[int]:
    return [len(group) for group in re.findall(r"[0-9]+", digits_and_separators)]


def _well_grouped(lengths: list[int]) -> bool:
    # "98765 43210", "98 765 432 10", digit by digit; not "6 8 10 12 14 16" (counts, ISBNs).
    return all(n >= 2 for n in lengths) or all(n == 1 for n in lengths)


def _accept_mobile(match: re.Match[str]) -> tuple[str, int] | None:
    return (MOBILE, 2) if _well_grouped(_group_lengths(match["national"])) else None


def _accept_landline(match: re.Match[str]) -> tuple[str, int] | None:
    if match["intl"] is not None:
        lengths = _group_lengths(match["intl"])
    elif match["std"] is not None:
        lengths = _group_lengths(match["sub"])
        if len(match["std"]) + sum(lengths) != 11:
            return None
    else:
        lengths = _group_lengths(match["trunk"])
        if 3 <= lengths[0] <= 5 and all(n >= 2 for n in lengths):
            # "079-26581234", "079 2658 1234": an STD code first. STD codes 06x-08xx exist, so
            # this beats reading it as a 0-prefixed mobile (written "098250 12345").
            return PHONE, 1
        if lengths[0] == 1:  # "0 2832 250123": a lone trunk 0 is fine
            lengths = lengths[1:]
    return (PHONE, 3) if lengths and all(n >= 2 for n in lengths) and len(lengths) <= 4 else None


def _accept_aadhaar(match: re.Match[str]) -> tuple[str, int] | None:
    lengths = _group_lengths(match[0])
    digits = "".join(re.findall(r"[0-9]+", match[0]))
    if not verhoeff_is_valid(digits):
        return None
    if lengths == [4, 4, 4]:
        if all(1900 <= int(digits[i : i + 4]) <= 2099 for i in (0, 4, 8)):
            return None  # "2016 2017 2018": a list of years
        return AADHAAR, 0
    return AADHAAR, 4


def _accept_pan(match: re.Match[str]) -> tuple[str, int] | None:
    text = match[0]
    if len(text) > 10 and text[:5] in _MONTHS:  # "MARCH 2023 A..."
        return None
    return PAN, 1


def _accept_vehicle(match: re.Match[str]) -> tuple[str, int] | None:
    return VEHICLE, 1


def _accept_email(match: re.Match[str]) -> tuple[str, int] | None:
    tld = match["tld"]
    if any(c.isdigit() for c in tld) and not tld.lower().startswith("xn--"):
        return None
    return EMAIL, 1


def _accept_obfuscated_email(match: re.Match[str]) -> tuple[str, int] | None:
    at = match["at"]
    strong = at == "@" or any(c in at for c in "[({") or "rate" in at.lower()
    if not strong and match["domain"].lower() not in _WEBMAIL:
        return None
    return EMAIL, 1


_DETECTORS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], tuple[str, int] | None]], ...]
_DETECTORS = (
    (_MOBILE_RE, _accept_mobile),
    (_LANDLINE_RE, _accept_landline),
    (_AADHAAR_RE, _accept_aadhaar),
    (_PAN_RE, _accept_pan),
    (_VEHICLE_RE, _accept_vehicle),
    (_EMAIL_RE, _accept_email),
    (_OBFUSCATED_EMAIL_RE, _accept_obfuscated_email),
)


def _keys(text: str) -> set[str]:
    """Comparison keys for the allow-list: letters and digits, and a phone's last ten digits."""
    norm = normalise_digits(text)
    keys = {"".join(c for c in norm if c.isalnum()).upper()}
    digits = "".join(c for c in norm if c.isascii() and c.isdigit())
    if len(digits) >= 10:
        keys.add("#" + digits[-10:])
    keys.discard("")
    return keys


def find_identifying_details(text: str, *, allowed: Iterable[str] = ()) -> list[Finding]:
    """Find identifying details in text, sorted by position and never overlapping.

    When matches overlap the longest wins (then the most specific kind). ``allowed`` lists
    public numbers or addresses not to report (say, the collective's office line); they are
    compared on their letters and digits, phone numbers on their last ten digits.
    """
    if not text:
        return []
    norm = normalise_digits(text)
    candidates = [cand for pattern, accept in _DETECTORS for cand in _scan(pattern, norm, accept)]
    candidates.sort(key=lambda c: (c.start - c.end, c.rank, c.start))
    # Chosen spans never overlap, so sorted starts and ends let a neighbour check decide.
    starts: list[int] = []
    ends: list[int] = []
    chosen: list[_Candidate] = []
    for cand in candidates:
        i = bisect.bisect_right(starts, cand.start)
        if (i and ends[i - 1] > cand.start) or (i < len(starts) and starts[i] < cand.end):
            continue
        starts.insert(i, cand.start)
        ends.insert(i, cand.end)
        chosen.append(cand)
    allowed_keys = set().union(*(_keys(item) for item in allowed))
    findings = []
    for cand in sorted(chosen, key=lambda c: c.start):
        found = text[cand.start : cand.end]
        if allowed_keys and _keys(found) & allowed_keys:
            continue
        findings.append(Finding(cand.kind, cand.start, cand.end, found))
    return findings

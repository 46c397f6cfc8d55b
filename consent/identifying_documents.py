"""Numbers of identity papers, vehicles and bank accounts, in their issuers' formats.

PAN (five letters with the holder type, four digits, a letter), vehicle plates and driving
licences (state code + RTO), voter IDs (EPIC: three capitals + seven digits), passports (a
letter + seven digits, next to the word passport), Gujarat ration cards (digits next to "ration
card") and bank accounts (9-18 digits next to an IFSC code or the words "A/c", "account").
Shapes that also occur in ordinary text count only next to the word that names them.
"""

from __future__ import annotations

import re

from .identifying_text import (
    BANK_ACCOUNT,
    DRIVING_LICENCE,
    INDIC_LETTERS,
    PAN,
    PASSPORT,
    RATION_CARD,
    SEP,
    SP,
    VEHICLE,
    VOTER_ID,
    Detector,
    Verdict,
    digits_of,
    near,
)

_PAN_HOLDER = "[PCHFATBLJG]"
_PAN_RE = re.compile(
    rf"(?<![A-Za-z0-9])(?:"
    rf"(?i:[A-Z]{{3}}{_PAN_HOLDER}[A-Z][0-9]{{4}}[A-Z])"
    rf"|[A-Z]{{3}}{_PAN_HOLDER}[A-Z](?:{SP}|-)?[0-9]{{4}}(?:{SP}|-)?[A-Z]"
    rf")(?![A-Za-z0-9])"
)
_MONTHS = {"MARCH"}  # the only 5-letter month name whose 4th letter is a PAN holder type

# Current state/UT codes and former ones still on older plates (OR, TS, UA, DN).
_STATE_CODES = (
    *("AN", "AP", "AR", "AS", "BR", "CG", "CH", "DD", "DL", "DN", "GA", "GJ", "HP", "HR"),
    *("JH", "JK", "KA", "KL", "LA", "LD", "MH", "ML", "MN", "MP", "MZ", "NL", "OD", "OR"),
    *("PB", "PY", "RJ", "SK", "TG", "TN", "TR", "TS", "UA", "UK", "UP", "WB"),
)
_STATES = "|".join(_STATE_CODES)
# Codes that are also common words ("as 15-20 women", "up to 5") count only in capitals.
_WORDLIKE_CODES = {"AN", "AS", "CH", "DD", "GA", "KA", "LA", "ML", "OR", "UK", "UP"}
_GAP = r"[ \-]?"  # within a plate or licence only a space or a dash


def _plate_body(letter: str) -> str:
    # RTO code (Delhi adds a category letter: "DL 3C"), then 1-3 series letters and a 1-4 digit
    # number, or (old plates) no series and a 3-4 digit number.
    return (
        rf"{SEP}?[0-9]{{1,2}}{letter}?"
        rf"(?:{SEP}?{letter}{{1,3}}{SEP}?[0-9]{{1,4}}|{SEP}[0-9]{{3,4}})"
        rf"(?![A-Za-z0-9])"
    )


_VEHICLE_RE = re.compile(
    rf"(?<![A-Za-z0-9])(?:"
    # State code in capitals: series in capitals too ("GJ 12 to MH 04" is not a plate).
    rf"(?:{_STATES}){_plate_body('[A-Z]')}"
    # In lower or mixed case ("gj 12 ab 1234"), only codes that are not also words.
    rf"|(?![A-Z]{{2}})(?i:{'|'.join(c for c in _STATE_CODES if c not in _WORDLIKE_CODES)})"
    rf"{_plate_body('[A-Za-z]')}"
    rf"|(?i:[0-9]{{2}}{SEP}?BH{SEP}?[0-9]{{4}}{SEP}?[A-Z]{{1,2}})(?![A-Za-z0-9])"
    rf")"
    # GJ written in Gujarati or Devanagari letters, series letters in any of the three scripts.
    rf"|(?<!{INDIC_LETTERS})(?:\u0a9c\u0ac0{SP}?\u0a9c\u0ac7|\u091c\u0940{SP}?\u091c\u0947)"
    rf"{SEP}?[0-9]{{1,2}}(?:{SEP}?(?:[A-Za-z]{{1,3}}|{INDIC_LETTERS}{{1,8}})"
    rf"{SEP}?[0-9]{{1,4}}|{SEP}[0-9]{{3,4}})(?![A-Za-z0-9])"
)
# Driving licence (Sarathi format): state code, RTO number, year of issue, seven digits.
_LICENCE_RE = re.compile(
    rf"(?<![A-Za-z0-9])(?i:{_STATES}){_GAP}[0-9]{{2}}{_GAP}(?:19|20)[0-9]{{2}}{_GAP}[0-9]{{7}}"
    rf"(?![A-Za-z0-9])"
)
# Voter ID (EPIC): three capital letters and seven digits.
_EPIC_RE = re.compile(r"(?<![A-Za-z0-9])[A-Z]{3}[0-9]{7}(?![A-Za-z0-9])")
_PASSPORT_RE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z][ \-]?[0-9]{7}(?![A-Za-z0-9])")
_PASSPORT_WORDS = re.compile(r"(?i:passport)|પાસપોર્ટ|पासपोर्ट")
# Gujarat ration cards: a number of 8-15 digits written after the words "ration card".
_RATION_RE = re.compile(
    r"(?:(?i:ration\s{1,3}card|rationcard)|રેશન\s{0,3}કાર્ડ|રેશનકાર્ડ|राशन\s{0,3}कार्ड)"
    rf"[^0-9\n]{{0,30}}?(?P<hit>(?<![0-9A-Za-z])[0-9](?:{SEP}?[0-9]){{7,14}}(?![0-9]))"
)

_IFSC_RE = re.compile(r"(?<![A-Za-z0-9])[A-Z]{4}0[A-Z0-9]{6}(?![A-Za-z0-9])")
_ACCOUNT_WORDS = re.compile(
    r"(?i:\ba/c\b|\bac(?:ct)?\.?\s{0,2}no\b|\baccount|\bkhata\b|\bifsc\b)"
    r"|ખાતા|ખાતું|खाता|खाते"
)
_ACCOUNT_RE = re.compile(
    r"(?<![0-9A-Za-z])(?:[0-9]{9,18}|[0-9]{3,6}(?:[ \-][0-9]{3,6}){1,4})(?![0-9A-Za-z])"
)
_TOLL_FREE = ("1800", "1860")


def _accept_pan(match: re.Match[str]) -> Verdict:
    text = match[0]
    if len(text) > 10 and text[:5] in _MONTHS:  # "MARCH 2023 A..."
        return None
    return PAN, 1


def _accept_vehicle(match: re.Match[str]) -> Verdict:
    return VEHICLE, 1


def _accept_licence(match: re.Match[str]) -> Verdict:
    return DRIVING_LICENCE, 0


def _accept_epic(match: re.Match[str]) -> Verdict:
    return VOTER_ID, 1


def _accept_passport(match: re.Match[str]) -> Verdict:
    if not near(match.string, match.start(), match.end(), _PASSPORT_WORDS, reach=30):
        return None
    return PASSPORT, 1


def _accept_ration(match: re.Match[str]) -> Verdict:
    # The number follows the words within a short phrase ("ration card no. 2400123456").
    return RATION_CARD, 1


def _accept_account(match: re.Match[str]) -> Verdict:
    digits = digits_of(match[0])
    if not 9 <= len(digits) <= 18 or digits.startswith(_TOLL_FREE):
        return None
    text, start, end = match.string, match.start(), match.end()
    if near(text, start, end, _IFSC_RE, reach=60) or near(text, start, end, _ACCOUNT_WORDS):
        return BANK_ACCOUNT, 1
    return None


DETECTORS: tuple[Detector, ...] = (
    (_PAN_RE, _accept_pan),
    (_VEHICLE_RE, _accept_vehicle),
    (_LICENCE_RE, _accept_licence),
    (_EPIC_RE, _accept_epic),
    (_PASSPORT_RE, _accept_passport),
    (_RATION_RE, _accept_ration),
    (_ACCOUNT_RE, _accept_account),
)

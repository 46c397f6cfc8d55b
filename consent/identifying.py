"""Find identifying details in free text: phone, Aadhaar, PAN, vehicle, licence, voter ID,
passport, ration card and bank account numbers, e-mail, UPI IDs, social media and chat links,
and full names with a common Kutch surname.

Why: safety rule 1 of the design brief. A phone or Aadhaar number left in a published testimony can
get a woman identified, harassed or hurt, so text is scanned before it can be published. Stories
are written in English, Gujarati and Hindi, and numbers come in Latin, Gujarati or Devanagari
digits (often mixed) or as HTML entities, so every pattern runs on a prepared copy of the text
(``identifying_text.prepare``) whose offsets map back to the original.

The scanner favours recall for the shapes that identify a person and stays quiet on the numbers
found in every story and resource page: dates, years, counts, money, times, PIN codes, form and
section numbers and public helplines. Quantifiers are bounded or atomic, so a scan takes time
roughly linear in the text length. The detectors live in ``identifying_numbers`` (phones,
Aadhaar), ``identifying_documents`` (papers, plates, bank accounts), ``identifying_accounts``
(e-mail, UPI, social and chat links) and ``identifying_names``.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import identifying_accounts, identifying_documents, identifying_names, identifying_numbers
from .identifying_text import (
    AADHAAR,
    BANK_ACCOUNT,
    CHAT_LINK,
    DRIVING_LICENCE,
    EMAIL,
    KINDS,
    MOBILE,
    NAME,
    PAN,
    PASSPORT,
    PHONE,
    RATION_CARD,
    SOCIAL,
    UPI,
    VEHICLE,
    VOTER_ID,
    Candidate,
    Detector,
    normalise_digits,
    prepare,
    scan,
    verhoeff_check_digit,
    verhoeff_is_valid,
)

__all__ = [
    "AADHAAR",
    "BANK_ACCOUNT",
    "CHAT_LINK",
    "DRIVING_LICENCE",
    "EMAIL",
    "KINDS",
    "MOBILE",
    "NAME",
    "PAN",
    "PASSPORT",
    "PHONE",
    "RATION_CARD",
    "SOCIAL",
    "UPI",
    "VEHICLE",
    "VOTER_ID",
    "Finding",
    "find_identifying_details",
    "normalise_digits",
    "verhoeff_check_digit",
    "verhoeff_is_valid",
]

_LABELS: dict[str, Promise] = {
    MOBILE: _("a mobile phone number"),
    PHONE: _("a phone number"),
    AADHAAR: _("an Aadhaar number"),
    PAN: _("a PAN card number"),
    VEHICLE: _("a vehicle registration number"),
    EMAIL: _("an e-mail address"),
    UPI: _("a UPI payment ID"),
    SOCIAL: _("a social media account or profile link"),
    CHAT_LINK: _("a WhatsApp chat link (it contains a phone number)"),
    BANK_ACCOUNT: _("a bank account number"),
    VOTER_ID: _("a voter ID (EPIC) number"),
    PASSPORT: _("a passport number"),
    DRIVING_LICENCE: _("a driving licence number"),
    RATION_CARD: _("a ration card number"),
    NAME: _("a full name (first name and family name)"),
}

_DETECTORS: tuple[Detector, ...] = (
    *identifying_numbers.DETECTORS,
    *identifying_documents.DETECTORS,
    *identifying_accounts.DETECTORS,
    *identifying_names.DETECTORS,
)


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


def _keys(text: str) -> set[str]:
    """Comparison keys for the allow-list: letters and digits, and a phone's last ten digits."""
    norm = normalise_digits(text)
    keys = {"".join(c for c in norm if c.isalnum()).upper()}
    digits = "".join(c for c in norm if c.isascii() and c.isdigit())
    if len(digits) >= 10:
        keys.add("#" + digits[-10:])
    keys.discard("")
    return keys


def _choose(candidates: list[Candidate]) -> list[Candidate]:
    """The longest candidates (then the most specific kind) that do not overlap, by position."""
    candidates.sort(key=lambda c: (c.start - c.end, c.rank, c.start))
    # Chosen spans never overlap, so sorted starts and ends let a neighbour check decide.
    starts: list[int] = []
    ends: list[int] = []
    chosen: list[Candidate] = []
    for cand in candidates:
        i = bisect.bisect_right(starts, cand.start)
        if (i and ends[i - 1] > cand.start) or (i < len(starts) and starts[i] < cand.end):
            continue
        starts.insert(i, cand.start)
        ends.insert(i, cand.end)
        chosen.append(cand)
    return sorted(chosen, key=lambda c: c.start)


def find_identifying_details(text: str, *, allowed: Iterable[str] = ()) -> list[Finding]:
    """Find identifying details in text, sorted by position and never overlapping.

    When matches overlap the longest wins (then the most specific kind). ``allowed`` lists
    public numbers or addresses not to report (say, the collective's office line); they are
    compared on their letters and digits, phone numbers on their last ten digits.
    """
    if not text:
        return []
    prepared = prepare(text)
    candidates = [
        cand for pattern, accept in _DETECTORS for cand in scan(pattern, prepared.text, accept)
    ]
    allowed_keys = set().union(*(_keys(item) for item in allowed))
    findings = []
    for cand in _choose(candidates):
        start, end = prepared.span(cand.start, cand.end)
        found = text[start:end]
        if allowed_keys and _keys(prepare(found).text) & allowed_keys:
            continue
        findings.append(Finding(cand.kind, start, end, found))
    return findings

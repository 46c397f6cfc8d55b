"""Safety rule 1: text is scanned for identifying details before it can be published.

The scanner must find phone, Aadhaar, PAN and vehicle numbers and e-mail addresses written in
Latin, Gujarati or Devanagari digits (and mixed), and stay quiet on the dates, years, counts,
money, times, PIN codes and helplines that fill our stories and resources. No database needed.
"""

from __future__ import annotations

import itertools
import random
import time

import pytest
from django.utils.functional import Promise

from consent.identifying import (
    KINDS,
    Finding,
    find_identifying_details,
    normalise_digits,
    verhoeff_check_digit,
    verhoeff_is_valid,
)
from tests.support.identifying_corpus import NEGATIVES, POSITIVES

# What this module tests happens in Python, not in the database: CI runs it once, on SQLite.
pytestmark = pytest.mark.file_processing


def found(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in find_identifying_details(text)]


def short_id(text: str) -> str:
    return text[:40]


# --- Corpus -------------------------------------------------------------------------------------


def test_the_corpus_is_large_and_covers_every_kind_and_script():
    assert len(POSITIVES) + len(NEGATIVES) >= 80
    kinds = {kind for _, expected in POSITIVES for kind, _ in expected}
    assert kinds == set(KINDS)
    for low, high in ((0x0AE6, 0x0AEF), (0x0966, 0x096F)):  # Gujarati and Devanagari digits
        in_script = [t for t, _ in POSITIVES if any(low <= ord(c) <= high for c in t)]
        assert len(in_script) >= 8
        assert sum(any(low <= ord(c) <= high for c in t) for t in NEGATIVES) >= 5


@pytest.mark.parametrize(("text", "expected"), POSITIVES, ids=[short_id(t) for t, _ in POSITIVES])
def test_identifying_details_are_found_with_their_kind_and_exact_span(text, expected):
    findings = find_identifying_details(text)
    assert [(f.kind, f.text) for f in findings] == expected
    for finding in findings:
        assert text[finding.start : finding.end] == finding.text


@pytest.mark.parametrize("text", NEGATIVES, ids=[short_id(t) for t in NEGATIVES])
def test_ordinary_numbers_and_words_are_not_flagged(text):
    assert found(text) == []


# --- Shape of the result ------------------------------------------------------------------------


def test_findings_are_sorted_non_overlapping_and_index_the_original_text():
    text = " ".join(t for t, _ in POSITIVES) + " " + " ".join(NEGATIVES)
    findings = find_identifying_details(text)
    expected = [pair for _, pairs in POSITIVES for pair in pairs]
    assert [(f.kind, f.text) for f in findings] == expected
    for before, after in itertools.pairwise(findings):
        assert before.end <= after.start
    for finding in findings:
        assert text[finding.start : finding.end] == finding.text


def test_a_prefixed_number_is_one_finding_not_two():
    assert found("+91 98765 43210") == [("mobile", "+91 98765 43210")]
    assert found("0 98765 43210") == [("mobile", "0 98765 43210")]


def test_a_number_inside_a_longer_number_is_not_reported():
    assert found("98765432101") == []  # 11 digits not starting with 0
    assert found("1234567890123456") == []
    assert found("A1B2C3 98765432109876") == []


def test_finding_is_frozen_and_labelled_lazily():
    finding = find_identifying_details("Call 98765 43210")[0]
    assert finding == Finding("mobile", 5, 16, "98765 43210")
    with pytest.raises(AttributeError):
        finding.kind = "email"  # type: ignore[misc]
    assert isinstance(finding.label, Promise)
    assert str(finding.label) == "a mobile phone number"
    labels = {str(Finding(kind, 0, 0, "").label) for kind in KINDS}
    assert len(labels) == len(KINDS) and all(labels)


def test_empty_and_plain_text():
    assert find_identifying_details("") == []
    assert find_identifying_details("Radhaben leads the Bhuj block meeting.") == []


def test_allowed_public_numbers_and_addresses_are_not_reported():
    text = (
        "Office 02832-250123 (+91 2832 250123), info@kmvs.org.in; "
        "her own number 98765 43210 and radha@gmail.com."
    )
    allowed = ["02832 250123", "INFO@KMVS.ORG.IN"]
    assert found(text) and len(found(text)) == 5
    assert [(f.kind, f.text) for f in find_identifying_details(text, allowed=allowed)] == [
        ("mobile", "98765 43210"),
        ("email", "radha@gmail.com"),
    ]
    assert find_identifying_details("૦૨૮૩૨-૨૫૦૧૨૩", allowed=["02832-250123"]) == []


# --- Digits -------------------------------------------------------------------------------------


def test_normalising_digits_keeps_every_offset():
    text = "મો. ૯૮૭૬૫ ४३२१० and 12, ০১২ (Bengali), ０１ (full width)"
    norm = normalise_digits(text)
    assert len(norm) == len(text)
    assert norm == "મો. 98765 43210 and 12, 012 (Bengali), 01 (full width)"
    assert normalise_digits("plain ASCII 123") == "plain ASCII 123"


def test_superscripts_are_not_digits():
    assert normalise_digits("x²") == "x²"


# --- Verhoeff -----------------------------------------------------------------------------------


def _reference_verhoeff_valid(number: str) -> bool:
    """Independent Verhoeff: dihedral group D5 and the permutation, from their definitions."""

    def d(j: int, k: int) -> int:
        if j < 5:
            return (j + k) % 5 if k < 5 else 5 + (j + k) % 5
        return 5 + (j - k) % 5 if k < 5 else (j - k) % 5

    step = [1, 5, 7, 6, 2, 8, 3, 0, 9, 4]

    def p(i: int, n: int) -> int:
        for _ in range(i % 8):
            n = step[n]
        return n

    check = 0
    for i, digit in enumerate(int(c) for c in reversed(number)):
        check = d(check, p(i, digit))
    return check == 0


@pytest.mark.parametrize(
    ("number", "check"),
    [
        ("236", "3"),  # Wikipedia's worked example
        ("1456789", "4"),  # Perl Algorithm::CheckDigits (MXX_006) documentation
        ("12345", "1"),
        ("123456789012", "0"),
    ],
)
def test_verhoeff_published_vectors(number, check):
    assert verhoeff_check_digit(number) == check
    assert verhoeff_is_valid(number + check)
    assert _reference_verhoeff_valid(number + check)
    assert not verhoeff_is_valid(number + str((int(check) + 1) % 10))


def test_verhoeff_generated_numbers_agree_with_the_reference_and_catch_typos():
    rng = random.Random(1969)  # noqa: S311 - reproducible test data; 1969: Verhoeff's paper
    for _ in range(500):
        base = str(rng.randint(2, 9)) + "".join(rng.choice("0123456789") for _ in range(10))
        number = base + verhoeff_check_digit(base)
        assert verhoeff_is_valid(number) and _reference_verhoeff_valid(number)
        # Every single-digit error and every adjacent transposition is detected.
        i = rng.randrange(12)
        wrong = number[:i] + str((int(number[i]) + rng.randint(1, 9)) % 10) + number[i + 1 :]
        assert not verhoeff_is_valid(wrong)
        j = rng.randrange(11)
        if number[j] != number[j + 1]:
            swapped = number[:j] + number[j + 1] + number[j] + number[j + 2 :]
            assert not verhoeff_is_valid(swapped)
        found_kinds = {
            f.kind
            for f in find_identifying_details(f"UID {number[:4]} {number[4:8]} {number[8:]}.")
        }
        assert found_kinds == {"aadhaar"} or int(number[:4]) in range(1900, 2100)


def test_the_corpus_aadhaar_numbers_are_valid_by_the_reference():
    numbers = [
        normalise_digits("".join(c for c in text if c.isdigit()))
        for _, expected in POSITIVES
        for kind, text in expected
        if kind == "aadhaar"
    ]
    assert len(numbers) >= 10
    assert all(_reference_verhoeff_valid(n) and verhoeff_is_valid(n) for n in numbers)


def test_verhoeff_accepts_indic_digits_and_refuses_non_digits():
    assert verhoeff_is_valid("૨૩૬૩") and verhoeff_is_valid("२३६३")
    assert verhoeff_check_digit("૨૩૬") == "3"
    for bad in ("", "23a", "2 3 6", "²³"):
        with pytest.raises(ValueError):
            verhoeff_is_valid(bad)


def test_twelve_digits_failing_verhoeff_are_not_aadhaar():
    base = "23456789012"
    good = base + verhoeff_check_digit(base)
    for digit in "0123456789":
        number = base + digit
        expected = [("aadhaar", number)] if number == good else []
        assert found(number) == expected


# --- Catastrophic backtracking ------------------------------------------------------------------
# Each input below takes about a second on a 2-core machine (linear in its length: `make bench`
# prints the figures, tests/bench/test_scanner_speed.py). A regex that backtracks
# quadratically or worse on them takes minutes, so a ceiling far above the normal time catches
# it without failing when the machine is busy.
BACKTRACKING_CEILING_S = 20.0


def _timed(text: str) -> tuple[float, list[Finding]]:
    started = time.perf_counter()
    findings = find_identifying_details(text)
    return time.perf_counter() - started, findings


def test_a_100_kb_story_scans_quickly():
    sample = " ".join(t for t, _ in POSITIVES) + " " + " ".join(NEGATIVES) + "\n"
    text = (sample * (100_000 // len(sample) + 1))[:100_000]
    elapsed, findings = _timed(text)
    assert len(findings) > 500
    assert elapsed < BACKTRACKING_CEILING_S, f"{elapsed:.2f}s for 100 KB"


PATHOLOGICAL_INPUTS = [
    "1 " * 50_000,
    "7 " * 50_000,
    "2 " * 50_000,
    "૧ " * 50_000,
    "9" * 100_000,
    "0-" * 50_000,
    "9." * 50_000,
    "(+91) " * 20_000,
    "98765 " * 20_000,
    "2345 " * 25_000,
    "a" * 100_000,
    "a'" * 50_000,
    "a." * 50_000,
    "a@" * 50_000,
    "@" * 100_000,
    "a@b." * 25_000,
    "x at " * 20_000,
    "x [at] y [dot] " * 7_000,
    "GJ" * 50_000,
    "GJ 1 " * 20_000,
    "GJ12AB" * 20_000,
    "ABCPE" * 20_000,
    "જીજે ૧" * 20_000,
    "&nbsp;9" * 15_000,
    "\u200c9" * 50_000,
    "&#57;" * 20_000,
    "&#" * 50_000,
    "9\n" * 50_000,
    "(9" * 50_000,
    "9/" * 50_000,
    "a @ b . " * 12_000,
    "x@ybl" * 20_000,
    "insta @" * 15_000,
    "@a on fb " * 10_000,
    "instagram.com/" * 7_000,
    "wa.me/9" * 14_000,
    "A/c 1234 " * 10_000,
    "IFSC SBIN0001234 " * 6_000,
    "ration card 1 " * 7_000,
    "passport A" * 10_000,
    "Meena " * 16_000,
    "Meena Patel " * 8_000,
    "મીના " * 20_000,
    "Ab" * 50_000,
]


@pytest.mark.parametrize(
    "text",
    PATHOLOGICAL_INPUTS,
    ids=lambda t: repr(t[:12]),
)
def test_pathological_input_scans_quickly(text):
    elapsed, _ = _timed(text)
    assert elapsed < BACKTRACKING_CEILING_S, f"{elapsed:.2f}s"


def test_a_run_of_ones_has_no_findings():
    assert find_identifying_details("1 " * 50_000) == []

"""Phone and Aadhaar numbers, however they are written.

Mobiles (ten digits from 6-9, any prefix), landlines (with or without the trunk 0 of the STD
code) and Aadhaar numbers (twelve digits passing Verhoeff). Digit groups may be split by spaces,
line breaks, dashes, dots, slashes, underscores or brackets; the accept functions look at the
sizes of the groups so that lists of counts, dates, times, ISBNs and toll-free numbers stay quiet.
"""

from __future__ import annotations

import re

from .identifying_text import (
    AADHAAR,
    MOBILE,
    PHONE,
    SEP,
    SP,
    Detector,
    Verdict,
    digits_of,
    group_lengths,
    verhoeff_is_valid,
)

_INTL = rf"(?:\({SP}?(?:\+{SP}?|00)91{SP}?\)|(?:\+{SP}?|00)91)"

_MOBILE_RE = re.compile(
    rf"(?<![0-9])"
    rf"(?:(?:{_INTL}{SP}?\(0\)|{_INTL}|\({SP}?91{SP}?\)|91|\(0\)|0){SEP}?|\()?"
    rf"(?P<national>[6-9](?:{SEP}?[0-9]){{9}})"
    rf"(?![0-9])"
)
# Landlines: +91 + ten digits not starting 6-9, (0STD) + subscriber number, 0 + ten digits, or
# the ten digits alone in STD + subscriber groups ("2832 250123"). Local numbers alone
# ("250123") look like PIN codes and are not reported.
_LANDLINE_RE = re.compile(
    rf"(?<![0-9])(?:"
    rf"{_INTL}{SEP}?(?P<intl>[1-5](?:{SEP}?[0-9]){{9}})"
    rf"|\((?P<std>0[1-9][0-9]{{1,3}})\){SP}{{0,3}}(?:[-\u2010-\u2015]{SP}{{0,3}})?"
    rf"(?P<sub>[1-9](?:{SEP}?[0-9]){{4,7}})"
    rf"|(?P<trunk>0[1-9](?:{SEP}?[0-9]){{9}})"
    rf"|(?P<bare>[1-5][0-9]{{1,3}}(?:{SEP}[0-9]{{3,8}}){{1,2}}|[2-5][0-9]{{9}})"
    rf")(?![0-9])"
)
# Aadhaar: 12 digits, first 2-9, written whole or as 4-4-4 (also 4-8, 8-4, 6-6).
_AADHAAR_RE = re.compile(
    rf"(?<![0-9])(?:"
    rf"[2-9][0-9]{{3}}(?:{SEP}?[0-9]{{4}}){{2}}"
    rf"|[2-9][0-9]{{5}}{SEP}[0-9]{{6}}"
    rf")(?![0-9])"
)
_TOLL_FREE = ("1800", "1860", "1600")


def _well_grouped(lengths: list[int]) -> bool:
    # "98765 43210", "98 765 432 10", digit by digit, "9 8250 12345"; not "6 8 10 12 14 16"
    # (counts) or "81-7371-146-6" (ISBNs).
    return (
        all(n >= 2 for n in lengths)
        or all(n == 1 for n in lengths)
        or (lengths[0] == 1 and all(n >= 3 for n in lengths[1:]))
    )


def _accept_mobile(match: re.Match[str]) -> Verdict:
    return (MOBILE, 2) if _well_grouped(group_lengths(match["national"])) else None


def _accept_bare_landline(digits_and_separators: str) -> Verdict:
    lengths = group_lengths(digits_and_separators)
    digits = digits_of(digits_and_separators)
    if len(digits) != 10 or digits.startswith(_TOLL_FREE):
        return None
    if len(lengths) == 1:
        return (PHONE, 3) if digits[0] != "1" else None
    # STD code of 2-4 digits that is not a year ("2016 250123"), then the subscriber number.
    if not 2 <= lengths[0] <= 4 or (lengths[0] == 4 and 1900 <= int(digits[:4]) <= 2099):
        return None
    return (PHONE, 3) if len(lengths) <= 3 and all(n >= 3 for n in lengths[1:]) else None


def _accept_landline(match: re.Match[str]) -> Verdict:
    if match["bare"] is not None:
        return _accept_bare_landline(match["bare"])
    if match["intl"] is not None:
        lengths = group_lengths(match["intl"])
    elif match["std"] is not None:
        lengths = group_lengths(match["sub"])
        if len(match["std"]) + sum(lengths) != 11:
            return None
    else:
        lengths = group_lengths(match["trunk"])
        if 3 <= lengths[0] <= 5 and all(n >= 2 for n in lengths):
            # "079-26581234", "079 2658 1234": an STD code first. STD codes 06x-08xx exist, so
            # this beats reading it as a 0-prefixed mobile (written "098250 12345").
            return PHONE, 1
        if lengths[0] == 1:  # "0 2832 250123": a lone trunk 0 is fine
            lengths = lengths[1:]
    return (PHONE, 3) if lengths and all(n >= 2 for n in lengths) and len(lengths) <= 4 else None


def _accept_aadhaar(match: re.Match[str]) -> Verdict:
    lengths = group_lengths(match[0])
    digits = digits_of(match[0])
    if not verhoeff_is_valid(digits):
        return None
    if lengths == [4, 4, 4]:
        if all(1900 <= int(digits[i : i + 4]) <= 2099 for i in (0, 4, 8)):
            return None  # "2016 2017 2018": a list of years
        return AADHAAR, 0
    return AADHAAR, 4


DETECTORS: tuple[Detector, ...] = (
    (_MOBILE_RE, _accept_mobile),
    (_LANDLINE_RE, _accept_landline),
    (_AADHAAR_RE, _accept_aadhaar),
)

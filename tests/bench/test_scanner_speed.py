"""Benchmark: how long the identifying-detail scanner takes on hostile and ordinary text.

Run with `make bench`. Prints figures and the ratio between an input and the same input twice
as long (about 2 when the scan is linear); asserts nothing about time (machines differ). The
unit tests only keep a ceiling that catches catastrophic backtracking.
"""

import time

from consent.identifying import find_identifying_details
from tests.consent.test_identifying import PATHOLOGICAL_INPUTS


def best_of_three(text: str) -> float:
    times = []
    for _ in range(3):
        started = time.perf_counter()
        find_identifying_details(text)
        times.append(time.perf_counter() - started)
    return min(times)


def test_scanner_time_grows_linearly_with_the_input():
    print()
    for text in PATHOLOGICAL_INPUTS:
        once, twice = best_of_three(text), best_of_three(text + text)
        print(f"{text[:14]!r:18} {len(text):7d} chars {once:6.2f}s  doubled ×{twice / once:4.2f}")

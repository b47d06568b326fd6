"""Exact single-unit scoring: `ruleset.score(answers)` on the full 90/2021 LKE.

Scores 2,000 different random units (each once per pass, after a warm-up pass) and
reports the mean time per unit of the fastest pass. Target: <= 200 microseconds.
"""

from __future__ import annotations

import time

from common import random_units, report, ruleset

UNITS = 2000


def main() -> None:
    rules = ruleset()
    units = random_units(rules, UNITS)
    for answers in units:  # warm-up: the scoring plan is built once per ruleset
        rules.score(answers)
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for answers in units:
            rules.score(answers)
        best = min(best, (time.perf_counter() - start) / UNITS)
    micro = best * 1e6
    report({"exact_unit_us": micro, "units": UNITS},
           [f"exact scoring: {micro:.0f} us per unit ({UNITS} random units; target <= 200 us)"])


if __name__ == "__main__":
    main()

"""Exact single-unit scoring on the full 90/2021 LKE: `ruleset.score(answers)`, then the
unit's total and every predicate's verdict read, as a portal does.

Scores 2,000 different random units (each once per pass, after a warm-up pass) and
reports the mean time per unit of the fastest of 7 passes. Target: <= 200 microseconds. Also
reported: the time when the whole Result is read (every node with its contribution,
every view, every condition with its margin), as explain and the report do.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from common import random_units, report, ruleset

UNITS = 2000


def verdicts(rules: Any, answers: dict[str, object]) -> None:
    """Score, then read the total and every verdict."""
    result = rules.score(answers)
    result.total.score  # noqa: B018
    for predicate in result.predicates.values():
        predicate.passed  # noqa: B018


def everything(rules: Any, answers: dict[str, object]) -> None:
    """Score, then read every part of the Result."""
    result = rules.score(answers)
    for node in result.nodes.values():
        node.contribution  # noqa: B018
    result.views  # noqa: B018
    for predicate in result.predicates.values():
        for condition in predicate.conditions:
            for leaf in condition.leaves():
                leaf.margin  # noqa: B018


def per_unit(rules: Any, units: list[dict[str, object]],
             work: Callable[[Any, dict[str, object]], None]) -> float:
    """The fastest of 7 passes over the units, in microseconds per unit (the fastest pass
    is the one least disturbed by whatever else the machine does)."""
    for answers in units:  # warm-up: the scoring plan is built once per ruleset
        work(rules, answers)
    best = float("inf")
    for _ in range(7):
        start = time.perf_counter()
        for answers in units:
            work(rules, answers)
        best = min(best, (time.perf_counter() - start) / UNITS)
    return best * 1e6


def main() -> None:
    rules = ruleset()
    units = random_units(rules, UNITS)
    micro = per_unit(rules, units, verdicts)
    whole = per_unit(rules, units, everything)
    report({"exact_unit_us": micro, "exact_unit_whole_result_us": whole, "units": UNITS},
           [f"exact scoring: {micro:.0f} us per unit, total and verdicts read "
            f"({UNITS} random units; target <= 200 us)",
            f"the whole Result read (every node, view and condition): {whole:.0f} us per unit"])


if __name__ == "__main__":
    main()

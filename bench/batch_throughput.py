"""Batch throughput on the full 90/2021 LKE, next to a plain numpy reduction over the
same answers in the same run.

zona: `score_table` on an Arrow table of N random units (choices dictionary-encoded,
counts int64, indices float64 with two decimals), giving every node's and view's score,
the four predicates and the problems column. The reference: `matrix.sum(axis=1)` over
the same answers as an N x 127 float64 matrix, the memory-bound limit of touching every
answer once. Targets: >= 2 million units/s, and within 5x of the reduction.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from common import best_of, random_table, report, ruleset


def matrix_sum(matrix: object) -> Callable[[], object]:
    """The reference: one numpy reduction over every answer."""
    return lambda: matrix.sum(axis=1)  # type: ignore[attr-defined]


def main() -> None:
    count = int(next((a.split("=")[1] for a in sys.argv if a.startswith("--units=")),
                     1_000_000))
    rules = ruleset()
    from zona.batch import score_arrays, score_table

    table, matrix = random_table(rules, count)
    score_table(rules, table.slice(0, 2000))  # warm-up: plans are built once per ruleset
    reduction = best_of(matrix_sum(matrix), 5)
    del matrix
    arrays = best_of(lambda: score_arrays(rules, table), 3)
    whole = best_of(lambda: score_table(rules, table), 3)
    found = score_arrays(rules, table)
    one = best_of(lambda: score_arrays(rules, table, workers=1), 2)
    results = {
        "units": count, "score_table_s": whole, "score_arrays_s": arrays,
        "score_arrays_one_thread_s": one, "reduction_s": reduction,
        "score_table_per_s": count / whole, "score_arrays_per_s": count / arrays,
        "reduction_per_s": count / reduction, "ratio": whole / reduction,
        "exact_rows": found.exact_rows, "exact_checks": found.exact_checks,
    }
    report(results, [
        f"{count:,} units",
        f"score_table:  {whole:.3f} s = {count / whole / 1e6:.2f} million units/s "
        f"(target >= 2)",
        f"score_arrays: {arrays:.3f} s = {count / arrays / 1e6:.2f} million units/s "
        f"(one thread: {count / one / 1e6:.2f})",
        f"numpy sum over the {count:,} x {len(rules.inputs)} answers: {reduction:.3f} s = "
        f"{count / reduction / 1e6:.1f} million units/s",
        f"zona / reduction: {whole / reduction:.1f}x (target <= 5x)",
        f"decided by the exact path: {found.exact_checks:,} comparisons, "
        f"{found.exact_rows:,} whole rows"])


if __name__ == "__main__":
    main()

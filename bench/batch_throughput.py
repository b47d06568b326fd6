"""Batch throughput on the full 90/2021 LKE, next to two numpy references over the same
answers in the same run.

zona: `score_table` on an Arrow table of N random units (choices dictionary-encoded,
counts int64, indices float64 with two decimals), giving every node's and view's score,
the four predicates and the problems column. The references: `matrix.sum(axis=1)` over
the same answers as an N x 127 float64 matrix (touching every answer once, writing one
number per unit), and the memory-bound limit of zona's own output: reading the same
answers once and writing as many float64 columns as zona returns (183: every node and
view), into a fresh block as zona does (`nodes="all"`: every score; the analyst's default
outputs, first call and warm, are measured by batch_fresh.py). Also
`score_arrays(conditions=True)`, which
decides every condition of every predicate exactly (cohort analytics needs them), not
only those a predicate's verdict depends on. Targets: >= 2 million units/s, and within 5x
of the reduction. Times are the best of several runs (`--repeat=N`, default 5): another
process may share the cores, and memory the process has not touched before is slow to
fault in on this machine, so single runs vary.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

from common import best_of, machine, random_table, report, ruleset


def matrix_sum(matrix: object) -> Callable[[], object]:
    """The reference: one numpy reduction over every answer."""
    return lambda: matrix.sum(axis=1)  # type: ignore[attr-defined]


def copy_out(matrix: object, columns: int) -> Callable[[], object]:
    """The memory-bound limit of zona's output: the answers read once, column by column,
    and written into a fresh block of `columns` float64 columns of one row per unit."""
    import numpy as np

    by_column = np.asfortranarray(matrix)  # one contiguous column per answer
    count, inputs = by_column.shape

    def run() -> object:
        block = np.empty((columns, count))
        for j in range(columns):
            np.copyto(block[j], by_column[:, j % inputs])
        return block

    return run


def main() -> None:
    count = int(next((a.split("=")[1] for a in sys.argv if a.startswith("--units=")),
                     1_000_000))
    repeat = int(next((a.split("=")[1] for a in sys.argv if a.startswith("--repeat=")), 5))
    rules = ruleset()
    from zona.batch import score_arrays, score_table

    table, matrix = random_table(rules, count)
    outputs = len(rules.nodes) + sum(1 for top in rules.views for _ in top.walk())
    score_table(rules, table.slice(0, 2000))  # warm-up: plans are built once per ruleset
    reduction = best_of(matrix_sum(matrix), repeat)
    limit = best_of(copy_out(matrix, outputs), repeat)
    del matrix
    whole = best_of(lambda: score_table(rules, table, nodes="all"), repeat)
    arrays = best_of(lambda: score_arrays(rules, table, nodes="all"), repeat)
    one = best_of(lambda: score_arrays(rules, table, workers=1, nodes="all"), max(2, repeat // 2))
    every = best_of(lambda: score_arrays(rules, table, conditions=True), max(2, repeat // 2))
    found = score_arrays(rules, table)
    checked = score_arrays(rules, table, conditions=True)
    results = {
        "units": count, "score_table_s": whole, "score_arrays_s": arrays,
        "score_arrays_one_thread_s": one, "reduction_s": reduction, "limit_s": limit,
        "output_columns": outputs, "score_table_per_s": count / whole,
        "score_arrays_per_s": count / arrays, "reduction_per_s": count / reduction,
        "limit_per_s": count / limit, "ratio": whole / reduction,
        "ratio_to_limit": whole / limit, "limit_ratio": limit / reduction,
        "exact_rows": found.exact_rows, "exact_checks": found.exact_checks,
        "conditions_s": every, "conditions_exact_checks": checked.exact_checks,
        "conditions_exact_rows": checked.exact_rows,
        "cores": os.cpu_count(), "machine": machine(),
    }
    report(results, [
        f"{count:,} units ({machine()})",
        f"score_table:  {whole:.3f} s = {count / whole / 1e6:.2f} million units/s "
        f"(target >= 2)",
        f"score_arrays: {arrays:.3f} s = {count / arrays / 1e6:.2f} million units/s "
        f"(one thread: {count / one / 1e6:.2f})",
        f"numpy sum over the {count:,} x {len(rules.inputs)} answers: {reduction:.3f} s = "
        f"{count / reduction / 1e6:.1f} million units/s",
        f"memory-bound limit (answers read once, {outputs} float64 columns written): "
        f"{limit:.3f} s = {count / limit / 1e6:.1f} million units/s "
        f"({limit / reduction:.1f}x the reduction)",
        f"zona / reduction: {whole / reduction:.1f}x (target <= 5x); "
        f"zona / memory-bound limit: {whole / limit:.1f}x",
        f"decided by the exact path: {found.exact_checks:,} comparisons, "
        f"{found.exact_rows:,} whole rows",
        f"with every condition's verdict (conditions=True, as cohort analytics asks): "
        f"{every:.3f} s = {count / every / 1e6:.2f} million units/s; "
        f"{checked.exact_checks:,} comparisons and {checked.exact_rows:,} whole rows "
        f"decided by the exact path"])


if __name__ == "__main__":
    main()

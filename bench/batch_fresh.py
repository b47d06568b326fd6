"""The analyst's call: `score_table(ruleset, table)` on the full 90/2021 LKE, once in a
fresh process (as a notebook makes it) and warm, for pandas, polars and Arrow tables, beside
the numpy reduction over the same answers in the same process.

Each kind runs in its own new Python process: the table is built (choices as categoricals /
dictionary, counts int64, indices float64 with two decimals), then timed, in this order:
the first `score_table` call (its plans are built then: nothing was scored before in that
process), three more calls (warm: the best is reported), the same with `nodes="all"` (every
node's score, 183 columns), and `matrix.sum(axis=1)` over the same answers as an N x 127
float64 matrix. Default outputs: total, components, areas, views (28 columns), the four
predicates, problems. `--units=N` (default 1,000,000), `--json`.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

from common import ROOT, machine, report

KINDS = ("pandas", "polars", "arrow")


def child(kind: str, count: int) -> dict[str, float | int]:
    """In a fresh process: build the table, then time the calls."""
    import numpy as np
    from common import random_table, ruleset

    started = time.perf_counter()
    import zona.batch  # noqa: F401  (what a notebook imports)

    rules = ruleset()
    loaded = time.perf_counter() - started
    arrow, matrix = random_table(rules, count)
    table = _as(kind, arrow)
    del arrow
    from zona.batch import score_table

    start = time.perf_counter()
    scored = score_table(rules, table)
    first = time.perf_counter() - start
    warm = min(_time(lambda: score_table(rules, table)) for _ in range(3))
    every = min(_time(lambda: score_table(rules, table, nodes="all")) for _ in range(2))
    reduction = min(_time(lambda: matrix.sum(axis=1)) for _ in range(3))
    assert len(scored) == count and np.isfinite(np.asarray(scored["total"])).all()
    return {"import_and_load_s": loaded, "first_s": first, "warm_s": warm, "all_nodes_s": every,
            "reduction_s": reduction, "columns": len(scored.columns)}


def _time(run: object) -> float:
    start = time.perf_counter()
    run()  # type: ignore[operator]
    return time.perf_counter() - start


def _as(kind: str, arrow: object) -> object:
    """The Arrow table as the analyst holds it: pandas (categoricals, int64, float64),
    polars (categoricals, Int64, Float64) or Arrow itself."""
    if kind == "pandas":
        return arrow.to_pandas()  # type: ignore[attr-defined]
    if kind == "polars":
        import polars as pl

        return pl.from_arrow(arrow)
    return arrow


def main() -> None:
    count = int(next((a.split("=")[1] for a in sys.argv if a.startswith("--units=")),
                     1_000_000))
    if "--child" in sys.argv:
        print(json.dumps(child(sys.argv[sys.argv.index("--child") + 1], count)))
        return
    results: dict[str, object] = {"units": count, "machine": machine()}
    lines = [f"{count:,} units of the 90/2021 LKE, score_table, default outputs ({machine()})",
             "table    first call (fresh process)   warm (best of 3)   every node (183)   "
             "numpy sum"]
    for kind in KINDS:
        found = json.loads(subprocess.run(
            [sys.executable, __file__, "--child", kind, f"--units={count}"], check=True,
            capture_output=True, text=True, cwd=ROOT / "bench").stdout)
        results[kind] = found
        lines.append(f"{kind:8} {found['first_s']:.3f} s = {count / found['first_s'] / 1e6:.2f} M/s"
                     f"        {found['warm_s']:.3f} s = {count / found['warm_s'] / 1e6:.2f} M/s"
                     f"   {count / found['all_nodes_s'] / 1e6:.2f} M/s"
                     f"          {count / found['reduction_s'] / 1e6:.1f} M/s")
    report(results, lines)


if __name__ == "__main__":
    main()

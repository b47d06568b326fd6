"""Reading a polars table of `Categorical` answers: the 103 choice columns of the 90/2021
LKE read by zona.batch.polars_columns as score_table reads them (one query for the ids,
then each column narrowed to byte codes), in a fresh process each time, as a first call
meets it: the CPU time and the wall time, the range and the median over `--runs=N`
processes (default 6).

polars gives names ids in the order the whole frame first sees them, which the threads of
`pl.from_arrow` decide, so a column's ids may have other names' ids between them (absent
ids, which the reading closes). `--absent` first makes the names of the scales' options
in an order with other names between them, so that every column has absent ids;
otherwise each process gets what `from_arrow` gives (the count of columns with absent ids
is reported). `--units=N` (default 1,000,000), `--json`.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from typing import Any

from common import ROOT, machine, random_table, report, ruleset

#: names made before the table with `--absent`: the options' names with others between
INTERLEAVED = ["A", "zz1", "B", "zz2", "C", "zz3", "D", "zz4", "E", "Ya", "zz5", "Tidak"]


def child(count: int, absent: bool) -> dict[str, float | int]:
    """In a fresh process: build the frame, then read its categorical columns once."""
    import numpy as np
    import polars as pl

    rules = ruleset()
    arrow, _ = random_table(rules, count, matrix=False)
    kept = pl.Series(INTERLEAVED, dtype=pl.Categorical) if absent else None
    frame = pl.from_arrow(arrow)
    del arrow
    names = [n for n, kind in frame.schema.items() if isinstance(kind, pl.Categorical)]
    with_absent = 0
    for name in names:
        ids = np.unique(frame.get_column(name).to_physical().to_numpy()[:5000])
        with_absent += int(ids.max() - ids.min() + 1 != len(ids))
    from zona.batch.polars_columns import physical_ids, polars_column

    start, cpu = time.perf_counter(), time.process_time()
    physical = physical_ids(frame)
    columns = [polars_column(n, frame.get_column(n), physical[n]) for n in names]
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    assert len(columns) == len(names)
    return {"wall_s": wall, "cpu_s": cpu, "columns": len(names),
            "with_absent_ids": with_absent,
            "names_made_first": 0 if kept is None else len(kept)}  # (kept alive till here)


def main() -> None:
    count = int(next((a.split("=")[1] for a in sys.argv if a.startswith("--units=")),
                     1_000_000))
    runs = int(next((a.split("=")[1] for a in sys.argv if a.startswith("--runs=")), 6))
    absent = "--absent" in sys.argv
    if "--child" in sys.argv:
        print(json.dumps(child(count, absent)))
        return
    found: list[dict[str, Any]] = []
    for _ in range(runs):
        done = subprocess.run([sys.executable, __file__, "--child", f"--units={count}",
                               *(["--absent"] if absent else [])],
                              check=True, capture_output=True, text=True, cwd=ROOT / "bench")
        found.append(json.loads(done.stdout))
    wall = [f["wall_s"] * 1e3 for f in found]
    cpu = [f["cpu_s"] * 1e3 for f in found]
    lines = [f"reading {found[0]['columns']} Categorical columns of {count:,} rows, "
             f"{runs} fresh processes ({machine()})",
             f"wall {min(wall):.0f}-{max(wall):.0f} ms (median {statistics.median(wall):.0f}), "
             f"CPU {min(cpu):.0f}-{max(cpu):.0f} ms (median {statistics.median(cpu):.0f})",
             "columns with absent ids: " + ", ".join(str(f["with_absent_ids"]) for f in found)]
    report({"units": count, "runs": runs, "absent": absent, "machine": machine(),
            "processes": found}, lines)


if __name__ == "__main__":
    main()

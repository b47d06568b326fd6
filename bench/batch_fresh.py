"""The analyst's call: `score_table(ruleset, table)` on the full 90/2021 LKE, once in a
fresh process (as a notebook makes it) and warm, for pandas, polars and Arrow tables, beside
the numpy reduction over the same answers in the same process.

Each measurement is its own new Python process (`--runs=N` of them per table kind, default
3, the kinds taking turns so that the machine's drift falls on each alike; ranges are
reported): the table is built (choices as categoricals / dictionary, counts int64, indices
float64 with two decimals; `polars-enum`: the choices as polars Enums of the scale's
options in order, which are read without renumbering; `arrow-csv`: the table written as
CSV and read back by `pyarrow.csv.read_csv` with `auto_dict_encode`, a chunk and a
dictionary per block of rows; `pandas-text`, `polars-text`: the choices as text, as
`read_csv` gives them), then timed, in this order: the first
`score_table` call (the batch modules are imported and its plans built then: nothing was
scored before in that process), three more calls (warm: the best is reported), the same
with `nodes="all"` (every node's score, 183 columns; best of 2), and `matrix.sum(axis=1)`
over the same answers as an N x 127 float64 matrix (best of 3). The first call's CPU time
is reported with the part the kernel spent (mostly giving the process fresh memory).
Default outputs: total, components, areas, views (28 columns), the four predicates,
problems.

Every child runs with the bytecode of zona and of the libraries cached, as an installed
wheel has it (this environment sets PYTHONDONTWRITEBYTECODE; the cache goes to a temporary
folder, which Python then reads instead of the libraries' own: a child of each kind writes
it first, so that no measured child compiles polars' sources). Two
references, in fresh processes too: writing a block the size of the default output
(28 x N float64) into new memory (what the first call cannot avoid), and the first pandas
call with zona's sources compiled in the process (no bytecode cache at all). Each run's
CPU time stolen by the hypervisor (/proc/stat) is reported where the machine has it.
`--units=N` (default 1,000,000), `--runs=N`, `--json`.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any

from common import ROOT, machine, report

KINDS = ("pandas", "polars", "polars-enum", "arrow", "arrow-csv", "pandas-text", "polars-text")
OUTPUTS = 28  # the default outputs' score columns on the 90/2021 LKE


def child(kind: str, count: int) -> dict[str, float | int]:
    """In a fresh process: build the table, then time the calls."""
    import numpy as np

    if kind == "memory":  # the reference: the default output's size, in new memory
        start = time.perf_counter()
        np.ones((OUTPUTS, count))
        return {"memory_s": time.perf_counter() - start}
    from common import random_table, ruleset

    started = time.perf_counter()
    import zona.batch  # (what a notebook imports)

    rules = ruleset()
    loaded = time.perf_counter() - started
    arrow, matrix = random_table(rules, count)
    table = _as(kind, arrow, rules)
    del arrow
    stolen, before, start = _stolen(), os.times(), time.perf_counter()
    scored = zona.batch.score_table(rules, table)
    first, after = time.perf_counter() - start, os.times()
    end = _stolen()
    stolen = None if stolen is None or end is None else end - stolen
    warm = min(_time(lambda: zona.batch.score_table(rules, table)) for _ in range(3))
    every = min(_time(lambda: zona.batch.score_table(rules, table, nodes="all"))
                for _ in range(2))
    reduction = min(_time(lambda: matrix.sum(axis=1)) for _ in range(3))
    assert len(scored) == count and np.isfinite(np.asarray(scored["total"])).all()
    return {"import_and_load_s": loaded, "first_s": first,
            "first_cpu_s": after.user - before.user + after.system - before.system,
            "first_kernel_s": after.system - before.system, "warm_s": warm,
            "all_nodes_s": every, "reduction_s": reduction, "columns": len(scored.columns),
            "load": os.getloadavg()[0], **({} if stolen is None else {"stolen_s": stolen})}


def _stolen() -> float | None:
    """Seconds of CPU the hypervisor has taken from this machine since boot (Linux)."""
    try:
        with open("/proc/stat") as found:
            fields = found.readline().split()
        return int(fields[8]) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def _time(run: Any) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def _as(kind: str, arrow: Any, rules: Any) -> Any:
    """The Arrow table as the analyst holds it: pandas (categoricals, int64, float64),
    polars (categoricals, or Enums of each scale's options, Int64, Float64) or Arrow;
    `-text`: the choices as text, as `read_csv` gives them."""
    if kind == "arrow-csv":  # as pyarrow's CSV reader gives it: a chunk per block of rows
        return _from_csv(arrow)
    if kind.endswith("-text"):
        arrow = _as_text(arrow)
        kind = kind.removesuffix("-text")
    if kind == "pandas":
        return arrow.to_pandas()
    if kind.startswith("polars"):
        import polars as pl

        frame = pl.from_arrow(arrow)
        if kind == "polars-enum":
            frame = frame.with_columns(pl.col(spec.name).cast(pl.Enum(list(spec.scale.names)))
                                       for spec in rules.inputs if spec.kind == "choice")
        return frame
    return arrow


def _as_text(arrow: Any) -> Any:
    """The table with its choices as text (their dictionaries decoded)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    return pa.table({name: pc.cast(column, pa.string())
                     if pa.types.is_dictionary(column.type) else column
                     for name, column in zip(arrow.column_names, arrow.columns, strict=True)})


def _from_csv(arrow: Any) -> Any:
    """The table written as CSV text (in memory) and read back by pyarrow's CSV reader with
    the text in dictionaries, one of the readings docs/batch.md measures (not its advice):
    int32 indices, a chunk (and a dictionary, in the order its block first sees the
    values) per block of about 1 MB."""
    import io

    import pyarrow.csv as pacsv

    buffer = io.BytesIO()
    pacsv.write_csv(_as_text(arrow), buffer)
    buffer.seek(0)
    return pacsv.read_csv(buffer, convert_options=pacsv.ConvertOptions(auto_dict_encode=True))


def _fresh(kind: str, count: int, env: dict[str, str] | None = None) -> dict[str, Any]:
    found = subprocess.run([sys.executable, __file__, "--child", kind, f"--units={count}"],
                           check=True, capture_output=True, text=True, cwd=ROOT / "bench",
                           env=env)
    return json.loads(found.stdout)  # type: ignore[no-any-return]


def _span(values: list[float], count: int | None = None) -> str:
    """`low-high s` (with `= low-high M/s` for a count of units)."""
    low, high = min(values), max(values)
    text = f"{low:.2f}-{high:.2f} s" if high - low >= 0.005 else f"{low:.2f} s"
    if count:
        fast, slow = count / low / 1e6, count / high / 1e6
        text += f" = {slow:.2f}-{fast:.2f} M/s" if fast - slow >= 0.005 else f" = {fast:.2f} M/s"
    return text


def main() -> None:
    count = int(next((a.split("=")[1] for a in sys.argv if a.startswith("--units=")),
                     1_000_000))
    runs = int(next((a.split("=")[1] for a in sys.argv if a.startswith("--runs=")), 3))
    if "--child" in sys.argv:
        print(json.dumps(child(sys.argv[sys.argv.index("--child") + 1], count)))
        return
    results: dict[str, Any] = {"units": count, "runs": runs, "machine": machine()}
    lines = [f"{count:,} units of the 90/2021 LKE, score_table, default outputs; {runs} fresh "
             f"processes each ({machine()} at the start)",
             "table       first call (fresh process)  (median M/s)  its CPU (kernel)    "
             "warm (best of 3)"
             "             every node (183)   numpy sum"]
    with tempfile.TemporaryDirectory() as cache:
        cached_env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        cached_env["PYTHONPYCACHEPREFIX"] = cache
        for kind in KINDS:  # writes the bytecode once: zona's and each library's
            _fresh(kind, min(count, 1000), cached_env)
        for _ in range(runs):
            for kind in KINDS:
                results.setdefault(kind, []).append(_fresh(kind, count, cached_env))
        for kind in KINDS:
            found = results[kind]
            lines.append(
                f"{kind:11} {_span([f['first_s'] for f in found], count):31} "
                f"(median {count / statistics.median(f['first_s'] for f in found) / 1e6:.2f}) "
                f"{_span([f['first_cpu_s'] for f in found]):9} "
                f"({_span([f['first_kernel_s'] for f in found])})   "
                f"{_span([f['warm_s'] for f in found], count):28} "
                f"{_span([count / f['all_nodes_s'] / 1e6 for f in found])[:-2]}M/s   "
                f"{_span([count / f['reduction_s'] / 1e6 for f in found])[:-2]}M/s")
    memory = [_fresh("memory", count)["memory_s"] for _ in range(runs)]
    results["fresh_memory_s"] = memory
    lines.append(f"writing {OUTPUTS} x {count:,} float64 ({OUTPUTS * count * 8 / 1e6:,.0f} MB, "
                 f"the default output) into new memory, fresh process: {_span(memory)}")
    compiled = [_fresh("pandas", count) for _ in range(runs)]
    results["pandas_compiled_in_process"] = compiled
    stolen = [f["stolen_s"] for kind in KINDS for f in results[kind] if "stolen_s" in f]
    lines.append(f"pandas, zona's sources compiled in the process (no bytecode cache): first "
                 f"call {_span([f['first_s'] for f in compiled], count)}, import and load "
                 f"{_span([f['import_and_load_s'] for f in compiled])}; load average "
                 f"{min(f['load'] for f in compiled):.1f}-{max(f['load'] for f in compiled):.1f}"
                 f" at the end" + (f"; CPU stolen by the hypervisor during a first call: "
                                   f"{_span(stolen)}" if stolen else ""))
    report(results, lines)


if __name__ == "__main__":
    main()

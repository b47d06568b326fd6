"""Shared by the bench scripts: random 90/2021 units, timing, and JSON output.

Run any script from the repository root (`python bench/run.py` runs them all); each
prints a human summary, or one JSON object with --json.
"""

from __future__ import annotations

import json
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

RULESET = "permenpan-90-2021"
WORKBOOK = ROOT.parent / "shared" / "reference" / "lke-permenpan-90-2021-filled.xlsx"


def ruleset() -> Any:
    import zona

    return zona.load_builtin(RULESET)


def random_units(rules: Any, count: int, seed: int = 1) -> list[dict[str, object]]:
    """Answer sheets as a portal sends them: option names, whole counts, indices as text
    with two decimals (3.60 is as likely as any other index)."""
    rng = random.Random(seed)
    units = []
    for _ in range(count):
        answers: dict[str, object] = {}
        for spec in rules.inputs:
            if spec.kind == "choice":
                answers[spec.name] = rng.choice(spec.scale.names)
            elif spec.kind == "count":
                answers[spec.name] = rng.randint(0, 20)
            else:
                answers[spec.name] = f"{rng.randint(250, 400) / 100:.2f}"
        units.append(answers)
    return units


def random_table(rules: Any, count: int, seed: int = 1, matrix: bool = True) -> tuple[Any, Any]:
    """The same kind of units as an Arrow table (choices dictionary-encoded, counts int64,
    indices float64 with two decimals) and as a matrix of answer values (rows x inputs,
    float64): the choices' option values, the counts and the indices."""
    import numpy as np
    import pyarrow as pa

    generator = np.random.default_rng(seed)
    columns: dict[str, Any] = {}
    values_of = np.empty((count, len(rules.inputs))) if matrix else None
    for j, spec in enumerate(rules.inputs):
        if spec.kind == "choice":
            names = list(spec.scale.names)
            codes = generator.integers(0, len(names), count).astype(np.int8)
            columns[spec.name] = pa.DictionaryArray.from_arrays(codes, pa.array(names))
            values = np.array([float(o.value) for o in spec.scale.options])
            if values_of is not None:
                values_of[:, j] = values[codes]
        elif spec.kind == "count":
            counts = generator.integers(0, 21, count)
            columns[spec.name] = pa.array(counts)
            if values_of is not None:
                values_of[:, j] = counts
        else:
            indices = generator.integers(250, 401, count) / 100
            columns[spec.name] = pa.array(indices)
            if values_of is not None:
                values_of[:, j] = indices
    return pa.table(columns), values_of


def best_of(run: Callable[[], object], repeat: int = 3) -> float:
    """The fastest of `repeat` runs, in seconds."""
    found = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        found = min(found, time.perf_counter() - start)
    return found


def report(results: dict[str, Any], lines: list[str]) -> None:
    """Print JSON (--json) or the lines."""
    if "--json" in sys.argv:
        print(json.dumps(results))
    else:
        print("\n".join(lines))


def machine() -> str:
    import os
    import platform

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"CPython {platform.python_version()}, {os.cpu_count()} cores{_processor()}, "
            f"load average {load:.1f} when measured")


def _processor() -> str:
    """` of <model name> (family F, model M)` from /proc/cpuinfo (Linux), or nothing: hosts
    of one name differ, so two runs' figures compare only beside each run's numpy sum."""
    fields: dict[str, str] = {}
    try:
        with open("/proc/cpuinfo") as found:
            for line in found:
                key, _, value = line.partition(":")
                if not key.strip():
                    break  # the first processor's fields end at the first blank line
                fields.setdefault(key.strip(), value.strip())
    except OSError:
        return ""
    name = fields.get("model name")
    if not name:
        return ""
    return f" of {name} (family {fields.get('cpu family', '?')}, model " \
           f"{fields.get('model', '?')})"


def timed(run: Callable[[], Any], repeat: int) -> tuple[float, float, Any]:
    """The first call's time, the best of `repeat` more (warm), and the first call's result."""
    start = time.perf_counter()
    found = run()
    first = time.perf_counter() - start
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return first, best, found

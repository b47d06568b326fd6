"""How long gap analysis (and bounds, sensitivity) take on the full 90/2021 LKE.

    PYTHONPATH=src python bench/bench_gap.py            # print the figures
    PYTHONPATH=src python bench/bench_gap.py --write    # and put them in docs/performance.md

Units: zona's example unit (examples/unit-90-2021.portalrb.json), a unit failing WBK
only on IPKP, a weak unit, the worst possible unit, and 20 random units (seeded). Each is
planned for WBK and WBBM, minimising answers and steps, with survey indices frozen and
free: 8 plans per unit, each timed as the best of 3 runs. The whole call is timed,
including the re-scoring of `after` and of each change's points.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import zona
from zona.analysis.bounds import bounds
from zona.analysis.gap import gap
from zona.analysis.sensitivity import sensitivity

ROOT = Path(__file__).resolve().parents[1]
PERFORMANCE = ROOT / "docs" / "performance.md"
HEADING = "## Gap analysis"


def best_of(runs: int, call: Callable[[], object]) -> tuple[float, object]:
    times, found = [], None
    for _ in range(runs):
        start = time.perf_counter()
        found = call()
        times.append(time.perf_counter() - start)
    return min(times), found


def units(ruleset: zona.Ruleset) -> dict[str, dict[str, object]]:
    by_soal = ruleset.by_soal()
    rows = json.loads((ROOT / "examples" / "unit-90-2021.portalrb.json").read_text("utf-8"))
    sample = {by_soal[r["soal_id"]].name: r["jawaban_unit"] for r in rows}

    def extreme(best: bool) -> dict[str, object]:
        found: dict[str, object] = {}
        for spec in ruleset.inputs:
            if spec.scale is not None:
                found[spec.name] = (spec.scale.best if best else spec.scale.worst).name
            elif spec.kind == "decimal":
                found[spec.name] = str(spec.high if best else spec.low)
            else:
                found[spec.name] = 1 if best else 0
        return found

    found = {
        "example unit": sample,
        "fails only on IPKP": {**extreme(True), "q127": "3.00"},
        "weak unit": {**extreme(False), "q125": "3.7", "q127": "3.3", "q126": "A"},
        "worst unit": extreme(False),
    }
    rng = random.Random(2021)
    for n in range(20):
        answers: dict[str, object] = {}
        for spec in ruleset.inputs:
            if spec.scale is not None:
                answers[spec.name] = rng.choice(spec.scale.options).name
            elif spec.kind == "count":
                answers[spec.name] = rng.randint(0, 40)
            else:
                answers[spec.name] = f"{rng.randint(250, 400) / 100:.2f}"
        found[f"random {n + 1}"] = answers
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", action="store_true", help="update docs/performance.md")
    args = parser.parse_args()
    ruleset = zona.load_builtin("permenpan-90-2021")
    rows = []
    times: list[float] = []
    for name, answers in units(ruleset).items():
        result = ruleset.score(answers)
        unit_times = []
        changes = []
        for target in ("WBK", "WBBM"):
            for minimise in ("answers", "steps"):
                for surveys in (False, True):
                    took, plan = best_of(3, lambda r=result, t=target, mi=minimise,
                                         s=surveys: gap(r, t, minimise=mi, surveys=s))
                    unit_times.append(took)
                    if target == "WBK" and minimise == "answers" and surveys:
                        changes.append(len(plan.changes))  # type: ignore[attr-defined]
        times.extend(unit_times)
        rows.append((name, changes[0], statistics.median(unit_times), max(unit_times)))
    random_rows = [r for r in rows if r[0].startswith("random")]
    fixed_rows = [r for r in rows if not r[0].startswith("random")]
    unknown = [i.name for i in ruleset.inputs][::12]
    sample = units(ruleset)["example unit"]
    bounds_time, _ = best_of(5, lambda: bounds(ruleset, {k: v for k, v in sample.items()
                                                         if k not in unknown}))
    sensitivity_time, _ = best_of(5, lambda: sensitivity(ruleset.score(sample)))
    score_time, _ = best_of(20, lambda: ruleset.score(sample))

    lines = [HEADING, "",
             "`bench/bench_gap.py` plans the fewest answer changes (`zona.analysis.gap.gap`) on "
             "the full "
             "Permenpan RB 90/2021 LKE (127 inputs). Each unit is planned 8 ways: WBK and WBBM, "
             "minimising answers and grade steps, survey indices frozen and free (0.01 steps). "
             "A time is the best of 3 runs of the whole call, including re-scoring `after` and "
             "each change's points through `ruleset.score`.", "",
             "| unit | changes for WBK (surveys free) | median of 8 plans | slowest of 8 |",
             "|---|---:|---:|---:|"]
    for name, count, median, slowest in fixed_rows:
        lines.append(f"| {name} | {count} | {median * 1000:.0f} ms | {slowest * 1000:.0f} ms |")
    lines.append(f"| 20 random units | {min(r[1] for r in random_rows)}-"
                 f"{max(r[1] for r in random_rows)} | "
                 f"{statistics.median(r[2] for r in random_rows) * 1000:.0f} ms | "
                 f"{max(r[3] for r in random_rows) * 1000:.0f} ms |")
    lines += ["",
              f"Over all {len(times)} plans: median {statistics.median(times) * 1000:.0f} ms, "
              f"slowest {max(times) * 1000:.0f} ms (the target is under 1 s). For scale, one "
              f"`ruleset.score` of the example unit takes {score_time * 1000:.1f} ms; "
              f"`zona.analysis.bounds.bounds` with {len(unknown)} of 127 answers unknown takes "
              f"{bounds_time * 1000:.0f} ms, and `zona.analysis.sensitivity.sensitivity` "
              f"{sensitivity_time * 1000:.0f} ms.", "",
              f"Measured on {platform.python_implementation()} {platform.python_version()}, "
              f"{os.cpu_count()} cores (load average {os.getloadavg()[0]:.1f} while measured; "
              f"other work shared the machine).", ""]
    text = "\n".join(lines)
    print(text)
    if args.write:
        write_section(text)
        print(f"wrote {PERFORMANCE.relative_to(ROOT)}", file=sys.stderr)


def write_section(section: str) -> None:
    """Replace this benchmark's section of docs/performance.md (or add it), atomically."""
    from zona.io.atomic import write_text_atomic

    old = PERFORMANCE.read_text("utf-8") if PERFORMANCE.exists() else "# Performance\n"
    lines = old.split("\n")
    if HEADING in lines:
        start = lines.index(HEADING)
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")),
                   len(lines))
        lines[start:end] = [*section.rstrip("\n").split("\n"), ""]
        new = "\n".join(lines)
    else:
        new = old.rstrip("\n") + "\n\n" + section
    write_text_atomic(PERFORMANCE, new.rstrip("\n") + "\n")


if __name__ == "__main__":
    main()

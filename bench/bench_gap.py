"""How long gap analysis (and bounds, sensitivity) take, and that it answers in time.

    PYTHONPATH=src python bench/bench_gap.py            # print the figures
    PYTHONPATH=src python bench/bench_gap.py --write    # and put them in docs/performance.md

1. The full 90/2021 LKE: zona's example unit (examples/unit-90-2021.portalrb.json), a
   unit failing WBK only on IPKP, a weak unit, the worst possible unit, and 20 random
   units (seeded). Each is planned for WBK and WBBM, minimising answers and steps, with
   survey indices frozen and free: 8 plans per unit, each timed as the best of 3 runs.
   The whole call is timed, including the re-scoring of `after` and of each change's
   points.
2. Every built-in ruleset and the example ruleset, every predicate, on extreme, example
   and random units, the 4 ways (steps or answers, surveys frozen or free), warm; and the
   first call in a fresh process (`zona gap` as a command, and `gap()` after import).
3. Grade targets: every level (but the lowest) of every grade of the three example
   rulesets (examples/sakip-88-2021.zona, spbe-59-2020.zona, spip-maturity.zona), as
   `GRADE>=LEVEL`, on the example sheet, the extreme units and 5 random units, the 4 ways,
   warm; and the first call in a fresh process and `zona gap` as a command, per target.
4. The time limit: tiny limits on the weakest 90/2021 unit, and how long past the limit
   the answer came; the heuristic (greedy) search alone against the exact one.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import zona
from zona.analysis.bounds import bounds
from zona.analysis.gap import gap
from zona.analysis.gap.clock import Clock
from zona.analysis.gap.goal import Goal
from zona.analysis.gap.greedy import Greedy
from zona.analysis.sensitivity import sensitivity

ROOT = Path(__file__).resolve().parents[1]
PERFORMANCE = ROOT / "docs" / "performance.md"
HEADING = "## Gap analysis"
EXAMPLE = ROOT / "examples" / "example.zona"
BUILTIN = ("permenpan-90-2021", "permenpan-52-2014", "portalrb-2026")
GRADED = tuple(str(ROOT / "examples" / f"{n}.zona")
               for n in ("sakip-88-2021", "spbe-59-2020", "spip-maturity"))


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
    lines = lke_section(ruleset)
    lines += every_target_section()
    lines += grade_section()
    lines += limit_section(ruleset)
    lines += [f"Measured on {platform.python_implementation()} {platform.python_version()}, "
              f"{os.cpu_count()} cores (load average {os.getloadavg()[0]:.1f} while measured; "
              f"other work shared the machine).", ""]
    text = "\n".join(lines)
    print(text)
    if args.write:
        write_section(text)
        print(f"wrote {PERFORMANCE.relative_to(ROOT)}", file=sys.stderr)


def lke_section(ruleset: zona.Ruleset) -> list[str]:
    """Part 1: 8 plans for each 90/2021 unit, warm, best of 3."""
    rows = []
    times: list[float] = []
    for name, answers in units(ruleset).items():
        result = ruleset.score(answers)
        unit_times = []
        changes = []
        for target in ("WBK", "WBBM"):
            for minimise in ("answers", "steps"):
                for surveys in (False, True):
                    took, plan = best_of(3, functools.partial(gap, result, target,
                                                              minimise=minimise, surveys=surveys))
                    unit_times.append(took)
                    assert plan.proven_minimal  # type: ignore[attr-defined]
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
             "each change's points through `ruleset.score`. Every one of these plans is "
             "proven minimal (the exact search finished well within the default time limit "
             "of 5 s).", "",
             "| unit | changes for WBK (surveys free) | median of 8 plans | slowest of 8 |",
             "|---|---:|---:|---:|"]
    for name, count, median, slowest in fixed_rows:
        lines.append(f"| {name} | {count} | {_ms(median)} | {_ms(slowest)} |")
    lines.append(f"| 20 random units | {min(r[1] for r in random_rows)}-"
                 f"{max(r[1] for r in random_rows)} | "
                 f"{_ms(statistics.median(r[2] for r in random_rows))} | "
                 f"{_ms(max(r[3] for r in random_rows))} |")
    lines += ["",
              f"Over all {len(times)} plans: median {_ms(statistics.median(times))}, "
              f"slowest {_ms(max(times))}. For scale, one "
              f"`ruleset.score` of the example unit takes {score_time * 1000:.1f} ms; "
              f"`zona.analysis.bounds.bounds` with {len(unknown)} of 127 answers unknown takes "
              f"{_ms(bounds_time)}, and `zona.analysis.sensitivity.sensitivity` "
              f"{_ms(sensitivity_time)}.", ""]
    return lines


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def sweep_units(ruleset: zona.Ruleset) -> dict[str, dict[str, object]]:
    """Extreme units, the example sheet where there is one, and 5 random units."""
    found: dict[str, dict[str, object]] = {}
    if ruleset.id == "permenpan-90-2021":
        found.update(units(ruleset))
        return {k: v for k, v in found.items() if not k.startswith("random") or
                int(k.split()[1]) <= 5}
    if ruleset.id == "example":
        sheet = json.loads((ROOT / "examples" / "example-answers.json").read_text("utf-8"))
        found["example-answers.json"] = sheet["answers"]
    own = ROOT / "examples" / f"{ruleset.id}.answers.json"
    if own.exists():
        found[own.name] = json.loads(own.read_text("utf-8"))["answers"]
    for best in (True, False):
        answers: dict[str, object] = {}
        for spec in ruleset.inputs:
            if spec.scale is not None:
                answers[spec.name] = (spec.scale.best if best else spec.scale.worst).name
            elif spec.kind == "decimal":
                answers[spec.name] = str(spec.high if best else spec.low)
            else:
                answers[spec.name] = 1 if best else 0
        found["best unit" if best else "worst unit"] = answers
    rng = random.Random(2014)
    for n in range(5):
        answers = {}
        for spec in ruleset.inputs:
            if spec.scale is not None:
                answers[spec.name] = rng.choice(spec.scale.options).name
            elif spec.kind == "count":
                answers[spec.name] = rng.randint(0, 40)
            else:
                low, high = spec.low or 0, spec.high if spec.high is not None else 4
                answers[spec.name] = f"{rng.uniform(float(low), float(high)):.2f}"
        found[f"random {n + 1}"] = answers
    return found


def every_target_section() -> list[str]:
    """Part 2: every built-in and example target, warm and in a fresh process."""
    lines = ["### Every built-in and example target", "",
             "Every predicate of every built-in ruleset and of `examples/example.zona`, on "
             "the extreme units (best and worst answer everywhere), the example sheets and "
             "5 random units, planned 4 ways (answers or grade steps, surveys frozen or "
             "free), with the default time limit. Warm: the best of 2 calls in one process. "
             "Fresh: the first `gap()` call in a new process (after `import zona`, loading "
             "and scoring), and the whole `zona gap` command (interpreter start to exit), "
             "each on the ruleset's worst unit, surveys free, grade steps.", "",
             "| ruleset | plans | proven minimal | heuristic (refused shape) | median | "
             "slowest (warm) | first call, fresh process | `zona gap` command |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    slowest_all = 0.0
    for name in (*BUILTIN, str(EXAMPLE)):
        ruleset = zona.load(name) if name.endswith(".zona") else zona.load_builtin(name)
        times: list[float] = []
        proven = heuristic = 0
        for answers in sweep_units(ruleset).values():
            result = ruleset.score(answers)
            for target in ruleset.predicates_by_name:
                for minimise in ("answers", "steps"):
                    for surveys in (False, True):
                        took, plan = best_of(2, functools.partial(
                            gap, result, target, minimise=minimise, surveys=surveys))
                        times.append(took)
                        proven += plan.proven_minimal  # type: ignore[attr-defined]
                        heuristic += plan.method == "heuristic"  # type: ignore[attr-defined]
        first = max(fresh_call(name, t) for t in ruleset.predicates_by_name)
        command = max(fresh_command(name, ruleset, t) for t in ruleset.predicates_by_name)
        slowest_all = max(slowest_all, max(times), first, command)
        label = "example.zona" if name.endswith(".zona") else name
        lines.append(f"| {label} | {len(times)} | {proven} | {heuristic} | "
                     f"{_ms(statistics.median(times))} | {_ms(max(times))} | {_ms(first)} | "
                     f"{_ms(command)} |")
    lines += ["", f"The slowest of all (warm, fresh or command): {_ms(slowest_all)}, within "
                  f"the 5 s budget. The fresh figures are the slowest over the ruleset's "
                  f"predicates.", ""]
    return lines


def grade_targets(ruleset: zona.Ruleset) -> list[str]:
    """`GRADE>=LEVEL` for every level but the lowest of every grade."""
    return [f"{g.name}>={v.name}" for g in ruleset.grades for v in g.levels[1:]]


def grade_section() -> list[str]:
    """Part 3: every level of every grade of the three example rulesets."""
    lines = ["### Grade targets", "",
             "Every level but the lowest of every grade of the three example rulesets, as a "
             "target `GRADE>=LEVEL`, on the example sheet, the extreme units and 5 random "
             "units (some answers \"not applicable\"), planned 4 ways (answers or grade "
             "steps, surveys frozen or free), with the default time limit. Warm: the best of "
             "2 calls in one process. Fresh: the first `gap()` call in a new process and the "
             "whole `zona gap` command, each on the ruleset's worst unit, surveys free, grade "
             "steps, the slowest over the ruleset's targets. The built-in 90/2021 targets "
             "(WBK, WBBM) are in the table above.", "",
             "| ruleset | targets | plans | proven minimal | heuristic | median | "
             "slowest (warm) | first call, fresh process | `zona gap` command |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    slowest_all = 0.0
    for name in GRADED:
        ruleset = zona.load(name)
        targets = grade_targets(ruleset)
        times: list[float] = []
        proven = heuristic = 0
        for answers in sweep_units(ruleset).values():
            result = ruleset.score(answers)
            for target in targets:
                for minimise in ("answers", "steps"):
                    for surveys in (False, True):
                        took, plan = best_of(2, functools.partial(
                            gap, result, target, minimise=minimise, surveys=surveys))
                        times.append(took)
                        proven += plan.proven_minimal  # type: ignore[attr-defined]
                        heuristic += plan.method == "heuristic"  # type: ignore[attr-defined]
        first = max(fresh_call(name, t) for t in targets)
        command = max(fresh_command(name, ruleset, t) for t in targets)
        slowest_all = max(slowest_all, max(times), first, command)
        lines.append(f"| {Path(name).name} | {len(targets)} | {len(times)} | {proven} | "
                     f"{heuristic} | {_ms(statistics.median(times))} | {_ms(max(times))} | "
                     f"{_ms(first)} | {_ms(command)} |")
    lines += ["", f"The slowest of all (warm, fresh or command): {_ms(slowest_all)}, within "
                  f"the 5 s budget.", ""]
    return lines


_FRESH = """
import json, sys, time
start = time.perf_counter()
import zona
from zona.analysis.gap import gap
name, target, answers = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
ruleset = zona.load(name) if name.endswith(".zona") else zona.load_builtin(name)
result = ruleset.score(answers)
ready = time.perf_counter()
gap(result, target, minimise="steps", surveys=True)
print(json.dumps({"first": time.perf_counter() - ready, "before": ready - start}))
"""


def _worst(name: str) -> dict[str, object]:
    ruleset = zona.load(name) if name.endswith(".zona") else zona.load_builtin(name)
    return units(ruleset)["worst unit"] if name == "permenpan-90-2021" \
        else sweep_units(ruleset)["worst unit"]


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    return env


def fresh_call(name: str, target: str) -> float:
    """The first gap() call in a new process."""
    done = subprocess.run([sys.executable, "-c", _FRESH, name, target, json.dumps(_worst(name))],
                          capture_output=True, text=True, check=True, env=_environment())
    return float(json.loads(done.stdout)["first"])


def fresh_command(name: str, ruleset: zona.Ruleset, target: str) -> float:
    """`zona gap` as a command, from the interpreter's start to its exit."""
    with tempfile.TemporaryDirectory() as folder:
        sheet = Path(folder) / "unit.json"
        sheet.write_text(json.dumps({"ruleset": ruleset.id, "answers": _worst(name)}),
                         encoding="utf-8")
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "zona", "gap", str(sheet), "-r", name,
                        "--target", target, "--steps", "--surveys", "--json"],
                       capture_output=True, check=True, env=_environment())
        return time.perf_counter() - start


def limit_section(ruleset: zona.Ruleset) -> list[str]:
    """Part 3: tiny time limits, and the greedy search alone against the exact one."""
    answers = units(ruleset)["weak unit"]
    result = ruleset.score(answers)
    lines = ["### The time limit", "",
             "`gap(..., time_limit=SECONDS)` (`zona gap --time-limit`, default 5 s) stops the "
             "exact search at 70 % of the limit and answers with the heuristic (greedy) "
             "search's verified plan, marked `proven_minimal: false`, or says that no plan "
             "was found in time. On the weak 90/2021 unit, WBK, surveys free, grade steps "
             "(exact: about 0.1 s), each limit run 5 times:", "",
             "| limit | answers | slowest call | past the limit |", "|---:|---|---:|---:|"]
    for limit in (0.001, 0.01, 0.05, 0.2, 1.0):
        outcomes: list[str] = []
        took: list[float] = []
        for _ in range(5):
            start = time.perf_counter()
            plan = gap(result, "WBK", minimise="steps", surveys=True, time_limit=limit)
            took.append(time.perf_counter() - start)
            outcomes.append("proven minimal" if plan.proven_minimal else
                            "no plan in time" if plan.out_of_time else "heuristic plan")
        shown = ", ".join(f"{outcomes.count(o)}x {o}" for o in dict.fromkeys(outcomes))
        lines.append(f"| {limit:g} s | {shown} | {_ms(max(took))} | "
                     f"{_ms(max(0.0, max(took) - limit))} |")
    lines += ["", "The greedy search alone (what answers when the exact search cannot, or not "
                  "in time), against the exact plan, on the 90/2021 units of the first table "
                  "(WBK and WBBM, surveys free):", "",
              "| unit | minimise | exact: cost | greedy: cost | greedy: time |",
              "|---|---|---:|---:|---:|"]
    for name, unit in list(units(ruleset).items())[:7]:
        scored = ruleset.score(unit)
        free = [i.name for i in ruleset.inputs]
        for minimise in ("answers", "steps"):
            costs, greedy_costs, greedy_times = [], [], []
            for target in ("WBK", "WBBM"):
                costs.append(gap(scored, target, minimise=minimise, surveys=True).cost)
                start = time.perf_counter()
                greedy = Greedy(Goal(scored, target), scored, free, minimise == "steps", Clock())
                changes, met = greedy.search()
                changes = greedy.tidy(changes) if met else changes
                greedy_times.append(time.perf_counter() - start)
                greedy_costs.append(greedy.cost(changes) if met else None)
            lines.append(f"| {name} | {minimise} | {' / '.join(map(str, costs))} | "
                         f"{' / '.join(str(c) if c is not None else '-' for c in greedy_costs)}"
                         f" | {_ms(max(greedy_times))} |")
    lines += ["", "(costs for WBK / WBBM; the greedy search's time includes tidying its plan: "
                  "taking back the changes not needed and lowering each to the least that "
                  "passes.)", ""]
    return lines


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

"""Ties against OpenFisca: bench/scorecard.zona (24 questions in 6 pillars, 5-step answers,
WBK at 75, WBBM at 85, 60 % per pillar) on N units in one process, scored by zona, by the
same model in OpenFisca, and by numpy.

The units' answers are step answers drawn towards the top (E 2 %, D 5 %, C 15 %, B 38 %,
A 40 %), so that about 3 % of totals land exactly on 75 or 85: the rows whose float total
no float comparison can decide (a float sum of exact values carries an error bound that is
never 0). zona must decide them exactly at the cost of any other row.

Timed, each the first call in this process and then warm (best of `--repeat`, default 3):
- zona: `score_table(ruleset, frame)` on a pandas DataFrame (the answers as Categorical
  columns q1..q24), default outputs (total, the six pillars, WBK, WBBM, problems);
- OpenFisca (bench/scorecard_openfisca.py; the `bench-openfisca` extra): a simulation
  built, the 24 answers set as float32 arrays, WBK and WBBM calculated (its system of
  variables is built once before, and timed apart); zona's first call includes importing
  its batch modules and building its plans;
- numpy: `matrix.sum(axis=1)` over the same answers as an N x 24 float64 matrix, and the
  scorecard written by hand in float64 over the answers' columns (pillar sums, weights,
  comparisons; exact here only because every value is a multiple of 1/16).

Checked: zona's verdicts against the exact verdicts worked out in integers for every unit
(total x 16 = the weighted sum of the steps), against OpenFisca's for every unit, and
against `ruleset.score` (zona's exact path, Fractions) on a sample of `--sample` units (half
of them ties). Reported: how many units the exact path scored whole or compared (0 and 0:
ties are decided in vectorised integer arithmetic, zona.batch.denominators), and how many
calls into zona.scoring or zona.batch.exact a profiler (threading.setprofile) saw during one
more call.

    python bench/scorecard.py [--units=N] [--repeat=N] [--sample=N] [--json]
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from importlib.metadata import version
from importlib.util import find_spec
from typing import Any

from common import ROOT, machine, report, timed

SCORECARD = ROOT / "bench" / "scorecard.zona"
STEPS = ("E", "D", "C", "B", "A")  # step s (0..4) is worth s / 4
LIKELY = (0.02, 0.05, 0.15, 0.38, 0.40)
WEIGHTS = (20, 20, 15, 15, 15, 15)


def _arg(name: str, default: int) -> int:
    return int(next((a.split("=")[1] for a in sys.argv if a.startswith(f"--{name}=")),
                    default))


def units(count: int, seed: int = 1) -> Any:
    """Each unit's steps (count x 24, int8, 0 = E ... 4 = A)."""
    import numpy as np

    return np.random.default_rng(seed).choice(5, size=(count, 24), p=LIKELY).astype(np.int8)


def frame(steps: Any) -> Any:
    """The units as an analyst holds them: pandas, one Categorical column per question with
    the scale's options in its order (A, B, C, D, E)."""
    import pandas as pd

    options = pd.Index(list(reversed(STEPS)))
    return pd.DataFrame({f"q{j + 1}": pd.Categorical.from_codes(4 - steps[:, j], options)
                         for j in range(steps.shape[1])})


def exact_verdicts(steps: Any) -> tuple[Any, Any, Any]:
    """WBK and WBBM in integers (a pillar scores weight x its steps / 16, so the total is
    the weighted sum of the steps / 16; a pillar reaches 60 % with 10 of its 16 steps),
    and where the total is exactly 75 or 85."""
    import numpy as np

    pillars = steps.reshape(len(steps), 6, 4).sum(axis=2, dtype=np.int64)
    total16 = pillars @ np.array(WEIGHTS)
    every = (pillars >= 10).all(axis=1)
    return (total16 >= 75 * 16) & every, (total16 >= 85 * 16) & every, \
        (total16 == 75 * 16) | (total16 == 85 * 16)


def numpy_model(values: Any) -> Callable[[], Any]:
    """The scorecard in float64 numpy, written by hand over the answers' columns."""
    import numpy as np

    columns = np.asfortranarray(values)  # one contiguous column per question

    def run() -> Any:
        every = np.ones(len(columns), dtype=bool)
        total = np.zeros(len(columns))
        for i, weight in enumerate(WEIGHTS):
            pillar = columns[:, 4 * i] + columns[:, 4 * i + 1]
            pillar += columns[:, 4 * i + 2]
            pillar += columns[:, 4 * i + 3]
            pillar *= weight / 4
            every &= pillar >= 0.6 * weight
            total += pillar
        return (total >= 75) & every, (total >= 85) & every

    return run


def exact_calls(run: Callable[[], Any]) -> dict[str, int]:
    """Python functions of zona's exact path (zona.scoring, zona.batch.exact) called while
    `run` runs, in every thread, by name (a profiler's call events)."""
    import threading
    from collections import Counter

    found: Counter[str] = Counter()
    places = (os.sep + os.path.join("zona", "scoring") + os.sep,
              os.path.join("zona", "batch", "exact.py"))

    def profile(frame: Any, event: str, arg: Any) -> None:
        if event == "call" and any(p in frame.f_code.co_filename for p in places):
            found[frame.f_code.co_qualname] += 1

    threading.setprofile(profile)
    sys.setprofile(profile)
    try:
        run()
    finally:
        sys.setprofile(None)
        threading.setprofile(None)
    return dict(found)


def sample_rows(ties: Any, size: int) -> Any:
    """Half random units, half ties (as many as there are)."""
    import numpy as np

    rng = np.random.default_rng(2)
    tied = np.flatnonzero(ties)
    picked = rng.choice(tied, size=min(size // 2, len(tied)), replace=False)
    others = rng.choice(len(ties), size=size - len(picked), replace=False)
    return np.unique(np.concatenate([picked, others]))


def main() -> None:
    import numpy as np

    import zona
    from zona.batch import score_arrays, score_table

    count, repeat, size = _arg("units", 1_000_000), _arg("repeat", 3), _arg("sample", 2000)
    start = time.perf_counter()
    rules = zona.load(SCORECARD)
    compiled = time.perf_counter() - start
    steps = units(count)
    table = frame(steps)
    values = steps / 4.0
    wbk, wbbm, ties = exact_verdicts(steps)

    z_first, z_warm, scored = timed(lambda: score_table(rules, table), repeat)
    arrays = score_arrays(rules, table)
    calls = exact_calls(lambda: score_table(rules, table))
    z_wbk = scored["WBK"].to_numpy(dtype=bool)
    z_wbbm = scored["WBBM"].to_numpy(dtype=bool)

    rows = sample_rows(ties, size)
    sheets = [{f"q{j + 1}": STEPS[s] for j, s in enumerate(steps[row].tolist())}
              for row in rows.tolist()]
    start = time.perf_counter()
    exact = [rules.score(sheet) for sheet in sheets]
    per_unit = (time.perf_counter() - start) / len(sheets)
    e_wbk = np.array([r.predicates["WBK"].passed for r in exact])
    e_wbbm = np.array([r.predicates["WBBM"].passed for r in exact])

    of: dict[str, Any] = {}
    if find_spec("openfisca_core") is not None:
        import scorecard_openfisca as model

        start = time.perf_counter()
        tbs = model.system()
        of["system_s"] = time.perf_counter() - start
        answers = model.columns(values)
        of["first_s"], of["warm_s"], (o_wbk, o_wbbm) = timed(
            lambda: model.run(tbs, answers), repeat)
        of["wbk_disagree"] = int((o_wbk != wbk).sum())
        of["wbbm_disagree"] = int((o_wbbm != wbbm).sum())
        of["sample_disagree"] = int((o_wbk[rows] != e_wbk).sum()
                                    + (o_wbbm[rows] != e_wbbm).sum())
        of["version"] = version("openfisca-core")
        del answers

    matrix = np.ascontiguousarray(values)
    r_first, r_warm, _ = timed(lambda: matrix.sum(axis=1), repeat)
    n_first, n_warm, (n_wbk, n_wbbm) = timed(numpy_model(values), repeat)

    results: dict[str, Any] = {
        "units": count, "machine": machine(), "ties": int(ties.sum()),
        "tie_share": float(ties.mean()),
        "zona_compile_s": compiled, "zona_first_s": z_first, "zona_warm_s": z_warm,
        "zona_exact_rows": arrays.exact_rows, "zona_exact_checks": arrays.exact_checks,
        "zona_exact_calls": calls, "exact_path_per_unit_s": per_unit,
        "zona_wbk_disagree": int((z_wbk != wbk).sum()),
        "zona_wbbm_disagree": int((z_wbbm != wbbm).sum()),
        "sample": len(rows), "sample_ties": int(ties[rows].sum()),
        "zona_sample_disagree": int((z_wbk[rows] != e_wbk).sum()
                                    + (z_wbbm[rows] != e_wbbm).sum()),
        "integers_sample_disagree": int((wbk[rows] != e_wbk).sum()
                                        + (wbbm[rows] != e_wbbm).sum()),
        "reduction_first_s": r_first, "reduction_warm_s": r_warm,
        "numpy_model_first_s": n_first, "numpy_model_warm_s": n_warm,
        "numpy_model_disagree": int((n_wbk != wbk).sum() + (n_wbbm != wbbm).sum()),
        "passes": {"WBK": int(wbk.sum()), "WBBM": int(wbbm.sum())},
        "openfisca": of,
    }

    def rate(seconds: float) -> str:
        return f"{seconds:.3f} s = {count / seconds / 1e6:.2f} M/s"

    lines = [f"{count:,} units of bench/scorecard.zona, one process ({machine()}); "
             f"the ruleset compiled in {compiled:.3f} s",
             f"ties (total exactly 75 or 85): {int(ties.sum()):,} ({ties.mean():.1%}); "
             f"WBK {int(wbk.sum()):,}, WBBM {int(wbbm.sum()):,}",
             "                         first call            warm (best of "
             f"{repeat})",
             f"zona score_table (pandas) {rate(z_first):24} {rate(z_warm)}"]
    if of:
        lines.append(f"OpenFisca {of['version']:15} {rate(of['first_s']):24} "
                     f"{rate(of['warm_s'])}   (system built in {of['system_s']:.3f} s)")
    else:
        lines.append("OpenFisca: not installed (pip install 'zona-rb[bench-openfisca]')")
    lines += [f"numpy scorecard (float64)  {rate(n_first):24} {rate(n_warm)}",
              f"numpy sum over the answers {rate(r_first):24} {rate(r_warm)}",
              f"exact path: {arrays.exact_rows} rows scored whole, {arrays.exact_checks} "
              f"comparisons; a profiler saw {sum(calls.values())} calls into zona.scoring "
              f"or zona.batch.exact during a call ({', '.join(sorted(calls)) or 'none'}): "
              "ties are decided in vectorised integers",
              f"the exact path alone (ruleset.score, the sample below): "
              f"{per_unit * 1e6:.0f} µs a unit = {1 / per_unit / 1e3:.0f} k units/s",
              f"verdicts differing from the exact ones in integers, all units: zona "
              f"{results['zona_wbk_disagree'] + results['zona_wbbm_disagree']}"
              + (f", OpenFisca {of['wbk_disagree'] + of['wbbm_disagree']}" if of else "")
              + f", numpy {results['numpy_model_disagree']}",
              f"verdicts differing from ruleset.score on {len(rows):,} units "
              f"({int(ties[rows].sum()):,} ties): zona {results['zona_sample_disagree']}"
              + (f", OpenFisca {of['sample_disagree']}" if of else "")
              + f", integers {results['integers_sample_disagree']}"]
    report(results, lines)


if __name__ == "__main__":
    main()

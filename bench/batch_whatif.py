"""What-if studies over many units (zona.batch.whatif) on the full 90/2021 LKE.

A pandas table of N synthetic units (`--units=N`, default 1,000,000) drawn as
batch_sample.py draws examples/units-90-2021.csv, vectorised: each unit's quality q ~
Beta(5, 1.6), each choice its best option with probability q, else any option; counts
0..30; survey indices N(2.9 + q, 0.2) with two decimals, 8 % exactly 3.60 (IPAK) or 3.20
(IPKP); `fact:prior_predicate` WBK for 2 units in 5. Choices, indices and the fact are
categoricals, counts int64, as an analyst holds them. (Uniformly random answers, as in
batch_throughput.py, almost never pass WBK: nothing would flip.) It is scored as it is and
under scenarios, one `compare` call each, in this process:
- "amend": WBK at 80 instead of 75 (`{"WBK.total": "80"}`): two scorings;
- "ruleset": under PortalRB 2026: two scorings;
- "step +1": every choice one option up (the perturbed table built, then scored);
- "shift +0.05": the survey indices (IPAK, IPKP) moved by 0.05 (exact decimals);
- "all four" in one call: five scorings;
then the tables an analyst reads of that last study (`to_frame()`: N x 4 rows, `"summary"`,
`"flips"`). Beside them, one plain `score_table` of the same table (default outputs) and
`score_arrays(nodes=[])` (total, verdicts: what a what-if scoring computes). The first call
of each study in the process is timed, then the best of `--repeat=N` (default 2) more.
A scoring is one unit under one scenario (or as it is): N units under k scenarios are
N x (k + 1) scorings. `--json`.
"""

from __future__ import annotations

import sys
from typing import Any

from common import machine, report, ruleset, timed


def synthetic(rules: Any, count: int, seed: int = 2026) -> Any:
    """The units as a pandas DataFrame (see the module)."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    quality = rng.beta(5, 1.6, count)
    columns: dict[str, Any] = {}
    for spec in rules.inputs:
        if spec.kind == "choice":
            names = list(spec.scale.names)
            best = names.index(spec.scale.best.name)
            codes = np.where(rng.random(count) < quality, best,
                             rng.integers(0, len(names), count))
            columns[spec.name] = pd.Categorical.from_codes(codes, categories=names)
        elif spec.kind == "count":
            columns[spec.name] = rng.integers(0, 31, count)
        else:
            value = np.clip(rng.normal(2.9 + quality, 0.2), 0, 4).round(2)
            exact = 3.60 if spec.name == "q125" else 3.20
            value = np.where(rng.random(count) < 0.08, exact, value)
            columns[spec.name] = pd.Categorical([f"{v:.2f}" for v in value.tolist()])
    columns["fact:prior_predicate"] = pd.Categorical.from_codes(
        (rng.random(count) < 0.4).astype(np.int8), categories=["none", "WBK"])
    return pd.DataFrame(columns)


def main() -> None:
    count = int(next((a.split("=")[1] for a in sys.argv if a.startswith("--units=")),
                     1_000_000))
    repeat = int(next((a.split("=")[1] for a in sys.argv if a.startswith("--repeat=")), 2))
    import zona
    from zona.batch import score_arrays, score_table
    from zona.batch.whatif import compare, shift, step

    rules = ruleset()
    table = synthetic(rules, count)
    portal = zona.load_builtin("portalrb-2026")
    studies: dict[str, Any] = {
        "amend": {"WBK at 80": {"WBK.total": "80"}},
        "ruleset": {"PortalRB 2026": portal},
        "step +1": [step(+1)],
        "shift +0.05": [shift("0.05")],
        "all four": {"WBK at 80": {"WBK.total": "80"}, "PortalRB 2026": portal,
                     "step +1": step(+1), "shift +0.05": shift("0.05")}}
    results: dict[str, Any] = {"units": count, "machine": machine()}
    lines = [f"{count:,} units of the 90/2021 LKE (pandas), what-if studies ({machine()})",
             f"{'':24} {'first call':>12} {'best of ' + str(repeat):>12} {'scorings/s':>12}"]

    def line(name: str, first: float, best: float, scorings: int) -> None:
        results[name] = {"first_s": first, "best_s": best, "scorings": scorings,
                         "scorings_per_s": scorings / best}
        lines.append(f"{name:24} {first:10.2f} s {best:10.2f} s "
                     f"{scorings / best / 1e6:9.2f} M")

    first, best, _ = timed(lambda: score_table(rules, table), repeat)
    line("score_table", first, best, count)
    first, best, _ = timed(lambda: score_arrays(rules, table, nodes=[]), repeat)
    line("score_arrays(nodes=[])", first, best, count)
    study: Any = None
    for name, against in studies.items():
        first, best, study = timed(lambda against=against: compare(rules, table, against),
                                   repeat)
        line(name, first, best, count * (len(study.scenarios) + 1))
    for part in ("units", "summary", "flips"):
        first, best, found = timed(lambda part=part: study.to_frame(part), repeat)
        results[f"to_frame({part})"] = {"first_s": first, "best_s": best, "rows": len(found)}
        lines.append(f"{'to_frame(' + repr(part) + ')':24} {first:10.2f} s {best:10.2f} s "
                     f"{len(found):>10,} rows")
    summary = study.to_frame("summary")
    results["summary"] = summary.to_dict("records")
    lines.append("")
    lines.append(summary.to_string(index=False))
    report(results, lines)


if __name__ == "__main__":
    main()

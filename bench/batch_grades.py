"""Batch throughput on the constructs beyond the first language: the SAKIP 88/2021, SPBE
59/2020 and SPIP examples (grades by bands over a rounded value and by rules, `= na` answers,
ranged scales, weighted means), N random units each (every option as likely as any other,
"not applicable" ones included), next to the exact path (`ruleset.score`) on a sample of
the same units.

Reported per ruleset: `score_arrays` time and units/s, how many comparisons and whole rows
the exact path decided (values on a rounding boundary or a band's end go there), and the
exact path's units/s. Times are the best of several runs (`--repeat=N`, default 3).
"""

from __future__ import annotations

import sys
import time

from common import ROOT, best_of, machine, random_table, report

EXAMPLES = ("sakip-88-2021", "spbe-59-2020", "spip-maturity")
SAMPLE = 2000  # units scored one by one by the exact path


def main() -> None:
    count = int(next((a.split("=")[1] for a in sys.argv if a.startswith("--units=")),
                     1_000_000))
    repeat = int(next((a.split("=")[1] for a in sys.argv if a.startswith("--repeat=")), 3))
    import zona
    from zona.batch import score_arrays

    results: dict[str, object] = {"units": count, "machine": machine()}
    lines = [f"{count:,} units per ruleset ({machine()})"]
    for name in EXAMPLES:
        rules = zona.load(ROOT / "examples" / f"{name}.zona")
        table, _ = random_table(rules, count, matrix=False)
        score_arrays(rules, table.slice(0, 2000))  # plans are built once per ruleset
        seconds = best_of(lambda rules=rules, table=table: score_arrays(rules, table), repeat)
        found = score_arrays(rules, table)
        sample = table.slice(0, SAMPLE).to_pylist()
        start = time.perf_counter()
        for row in sample:
            rules.score(row)
        exact = (time.perf_counter() - start) / len(sample)
        results[name] = {"score_arrays_s": seconds, "per_s": count / seconds,
                         "exact_rows": found.exact_rows, "exact_checks": found.exact_checks,
                         "exact_per_s": 1 / exact, "features": sorted(rules.features)}
        lines.append(f"{name} ({', '.join(sorted(rules.features))}; {len(rules.nodes)} "
                     f"nodes): {seconds:.3f} s = {count / seconds / 1e6:.2f} million units/s; "
                     f"exact path decided {found.exact_checks:,} comparisons and "
                     f"{found.exact_rows:,} whole rows; the exact path alone: "
                     f"{1 / exact:,.0f} units/s")
    report(results, lines)


if __name__ == "__main__":
    main()

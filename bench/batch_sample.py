"""Write examples/units-90-2021.csv: 200 synthetic 90/2021 units (no real unit's data),
as an analyst's wide table: `unit`, `instansi`, `soal_1` ... `soal_127`, and the fact
column `fact:prior_predicate`.

Each unit has a quality q (drawn once): each question takes its best option with
probability q and a random option otherwise; counts are random whole numbers 0..30 (a
ratio above 1 is capped by the ruleset's own min(1, ...)); survey indices depend on q, with
two decimals, some exactly on the thresholds 3.60 and 3.20; about one answer in 200 is left
blank. Deterministic (seed 2026):
`python bench/batch_sample.py` rewrites the same file.
"""

from __future__ import annotations

import csv
import random

from common import ROOT, ruleset

INSTANSI = ("Kementerian A", "Kementerian B", "Pemda C", "Pemda D", "Lembaga E")
PRIOR = ("none", "WBK", "none", "none", "WBK")
OUT = ROOT / "examples" / "units-90-2021.csv"


def main(count: int = 200, seed: int = 2026) -> None:
    rules = ruleset()
    rng = random.Random(seed)
    inputs = sorted(rules.inputs, key=lambda s: s.soal or 0)
    header = ["unit", "instansi", *(f"soal_{s.soal}" for s in inputs), "fact:prior_predicate"]
    rows = []
    for number in range(1, count + 1):
        quality = rng.betavariate(5, 1.6)
        row: list[str] = [f"Unit {number:03d}", rng.choice(INSTANSI)]
        counts: dict[str, int] = {}
        for spec in inputs:
            if rng.random() < 0.005:
                row.append("")
                continue
            if spec.kind == "choice":
                scale = spec.scale
                assert scale is not None
                option = scale.best if rng.random() < quality else rng.choice(scale.options)
                row.append(option.name)
            elif spec.kind == "count":
                whole = rng.randint(0, 30)
                counts[spec.name] = whole
                row.append(str(whole))
            else:
                centre = 2.9 + quality * 1.0
                value = min(4.0, max(0.0, rng.gauss(centre, 0.2)))
                if rng.random() < 0.08:
                    value = 3.60 if spec.name == "q125" else 3.20
                row.append(f"{value:.2f}")
        row.append(rng.choice(PRIOR))
        rows.append(row)
    with OUT.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    print(f"wrote {OUT.relative_to(ROOT)}: {count} units, {len(header)} columns")


if __name__ == "__main__":
    main()

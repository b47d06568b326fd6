"""Import of one official workbook: `zona.io.lke.read_lke` on the filled 90/2021 LKE
(../shared/reference), matched to the ruleset by structure and text. Cold: a fresh
process (openpyxl imported on the way); warm: again in the same process. Medians of 5.
Target: <= 100 ms.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys

from common import ROOT, RULESET, WORKBOOK, report

PROBE = f"""
import json, sys, time
sys.path.insert(0, {str(ROOT / 'src')!r})
import zona
from zona.io.lke import read_lke
rules = zona.load_builtin({RULESET!r})
start = time.perf_counter()
read_lke({str(WORKBOOK)!r}, rules)
cold = time.perf_counter() - start
start = time.perf_counter()
read_lke({str(WORKBOOK)!r}, rules)
print(json.dumps({{"cold": cold, "warm": time.perf_counter() - start}}))
"""


def main() -> None:
    if not WORKBOOK.exists():
        report({"skipped": f"{WORKBOOK} is absent"}, [f"skipped: {WORKBOOK} is absent"])
        return
    runs = [json.loads(subprocess.run([sys.executable, "-c", PROBE], capture_output=True,
                                      text=True, check=True).stdout) for _ in range(5)]
    cold = statistics.median(r["cold"] for r in runs) * 1000
    warm = statistics.median(r["warm"] for r in runs) * 1000
    report({"workbook_cold_ms": cold, "workbook_warm_ms": warm},
           [f"read the official workbook: {warm:.0f} ms warm, {cold:.0f} ms as the first "
            f"read in a fresh process (target <= 100 ms)"])


if __name__ == "__main__":
    main()

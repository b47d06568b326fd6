"""Compile time of the 90/2021 ruleset, cold: each measurement is a fresh Python process
that imports zona and compiles the ruleset from its text (parser built, nothing cached).
Reports the median of 5 processes: the import, the compile, and both. Target: compile
<= 150 ms cold.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys

from common import ROOT, RULESET, report

PROBE = f"""
import json, sys, time
sys.path.insert(0, {str(ROOT / 'src')!r})
start = time.perf_counter()
import zona
from zona import builtin
imported = time.perf_counter()
zona.load(builtin.path({RULESET!r}))
compiled = time.perf_counter()
zona.load(builtin.path({RULESET!r}))
warm = time.perf_counter() - compiled
print(json.dumps({{"import": imported - start, "compile": compiled - imported, "warm": warm}}))
"""


def main() -> None:
    runs = []
    for _ in range(5):
        found = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                               check=True)
        runs.append(json.loads(found.stdout))
    imported = statistics.median(r["import"] for r in runs) * 1000
    compiled = statistics.median(r["compile"] for r in runs) * 1000
    warm = statistics.median(r["warm"] for r in runs) * 1000
    report({"import_ms": imported, "compile_ms": compiled, "warm_compile_ms": warm},
           [f"import zona: {imported:.0f} ms; compile {RULESET} cold: {compiled:.0f} ms "
            f"(target <= 150 ms); again in the same process: {warm:.0f} ms"])


if __name__ == "__main__":
    main()

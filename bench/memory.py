"""Peak memory for one million units: a fresh process builds the Arrow table of random
90/2021 units, then `score_table` scores it (`nodes="all"`: every node's and view's score,
the predicates, the problems; and, in another process, only `total` and `pengungkit`).
Reports the process's peak resident memory (resource.getrusage) before and after scoring.
Target: <= 2 GB.
"""

from __future__ import annotations

import json
import subprocess
import sys

from common import ROOT, report

PROBE = f"""
import json, resource, sys
sys.path.insert(0, {str(ROOT / 'src')!r})
sys.path.insert(0, {str(ROOT / 'bench')!r})
from common import random_table, ruleset
from zona.batch import score_table
rules = ruleset()
count = int(sys.argv[1])
table, _ = random_table(rules, count, matrix=False)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
scored = score_table(rules, table, nodes="all" if sys.argv[2] == "all" else ["pengungkit"])
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"before_mb": before / 1024, "peak_mb": after / 1024,
                  "input_mb": table.nbytes / 2**20, "output_mb": scored.nbytes / 2**20}}))
"""


def measure(count: int, nodes: str) -> dict[str, float]:
    found = subprocess.run([sys.executable, "-c", PROBE, str(count), nodes],
                           capture_output=True, text=True, check=True)
    return json.loads(found.stdout)  # type: ignore[no-any-return]


def main() -> None:
    count = int(next((a.split("=")[1] for a in sys.argv if a.startswith("--units=")),
                     1_000_000))
    every = measure(count, "all")
    some = measure(count, "some")
    report({"units": count, "peak_mb": every["peak_mb"], "before_mb": every["before_mb"],
            "input_mb": every["input_mb"], "output_mb": every["output_mb"],
            "peak_mb_total_only": some["peak_mb"]},
           [f"{count:,} units: peak {every['peak_mb']:.0f} MB (the table of answers alone: "
            f"{every['before_mb']:.0f} MB; input {every['input_mb']:.0f} MB, output "
            f"{every['output_mb']:.0f} MB; target <= 2048 MB); with only total and "
            f"pengungkit kept: peak {some['peak_mb']:.0f} MB"])


if __name__ == "__main__":
    main()

"""What zona is measured against: LibreOffice recalculating the official workbook for
the same kind of units. Each random unit's answers are written into a copy of the filled
90/2021 workbook (the answer cells zona's reader finds); one headless LibreOffice
process then opens every copy, recalculates it (recalculation on load is forced through
a temporary profile) and saves it. Reports seconds per unit, and checks that the
workbook's recalculated total moved with the answers. Skipped, with a note, where
LibreOffice (soffice) is not installed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import WORKBOOK, random_units, report, ruleset

# OOXMLRecalcMode 0: always recalculate an .xlsx on load
PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
           xmlns:xs="http://www.w3.org/2001/XMLSchema"
           xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def main() -> None:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None or not WORKBOOK.exists():
        why = "LibreOffice (soffice) is not installed" if office is None else \
            f"{WORKBOOK} is absent"
        report({"skipped": why}, [f"skipped: {why}"])
        return
    import openpyxl

    from zona.io.lke import read_lke

    count = int(next((a.split("=")[1] for a in sys.argv if a.startswith("--units=")), 20))
    rules = ruleset()
    cells = read_lke(WORKBOOK, rules).cells
    units = random_units(rules, count, seed=5)
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        (base / "profile" / "user").mkdir(parents=True)
        (base / "profile" / "user" / "registrymodifications.xcu").write_text(PROFILE)
        (base / "in").mkdir()
        for i, answers in enumerate(units):
            book = openpyxl.load_workbook(WORKBOOK)
            for name, where in cells.items():
                sheet, cell = where.split("!")
                value = answers[name]
                decimal = rules.inputs_by_name[name].kind == "decimal"
                book[sheet][cell] = float(value) if decimal else value  # type: ignore
            book.save(base / "in" / f"unit{i:03d}.xlsx")
        files = sorted(str(p) for p in (base / "in").glob("*.xlsx"))
        start = time.perf_counter()
        subprocess.run([office, f"-env:UserInstallation=file://{base / 'profile'}",
                        "--headless", "--calc", "--convert-to", "xlsx", "--outdir",
                        str(base / "out"), *files], capture_output=True, check=True)
        seconds = time.perf_counter() - start
        totals = set()
        for path in sorted((base / "out").glob("*.xlsx")):
            sheet = openpyxl.load_workbook(path, data_only=True)["LKE ZI"]
            totals.add(sheet["L208"].value)
    each = seconds / count
    report({"libreoffice_s_per_unit": each, "units": count, "distinct_totals": len(totals)},
           [f"LibreOffice: {seconds:.1f} s for {count} units = {each:.2f} s per unit "
            f"(one process, recalculation forced; {len(totals)} distinct totals)"])


if __name__ == "__main__":
    main()

"""docs/warnings.md is current, and every code zona gives is documented."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import zona
from tests.conftest import DATA, ROOT
from zona.lint.codes import CODES

ERROR_CODES = {"syntax", "duplicate", "reserved", "unknown", "weights", "shape", "scale-value",
               "input-type", "range", "effective", "expression", "predicate", "grade", "cycle",
               "extends", "chain"}


def test_warnings_md_is_current(tmp_path: Path) -> None:
    fresh = tmp_path / "warnings.md"
    subprocess.run([sys.executable, ROOT / "docs" / "tools" / "generate_warnings.py", fresh],
                   cwd=ROOT, check=True, timeout=120, capture_output=True)
    current = (ROOT / "docs" / "warnings.md").read_text(encoding="utf-8")
    assert fresh.read_text(encoding="utf-8") == current, (
        "docs/warnings.md is out of date: run python docs/tools/generate_warnings.py "
        "docs/warnings.md")


def test_every_warning_code_has_a_section() -> None:
    text = (ROOT / "docs" / "warnings.md").read_text(encoding="utf-8")
    assert [c.code for c in CODES] == re.findall(r"^### (W\d{3}) ", text, re.MULTILINE)


def test_every_error_has_a_documented_code() -> None:
    """Each error of the invalid corpus carries one of the codes errors.md lists."""
    listed = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    assert all(f"`{code}`" in listed for code in ERROR_CODES)
    for path in sorted((DATA / "invalid").glob("*.zona")):
        for diagnostic in zona.check(path.read_text(encoding="utf-8"), path.name):
            assert diagnostic.code in ERROR_CODES, (path.name, diagnostic)

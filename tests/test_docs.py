"""The documentation stays true: its examples compile and run, errors.md is current."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import zona
from tests.conftest import ROOT

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def _blocks(path: Path, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", path.read_text(encoding="utf-8"), re.S)


@pytest.mark.parametrize("path", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_zona_examples_compile(path: Path) -> None:
    """Every ```zona block compiles (a fragment is read after a `ruleset "demo" { }` header)."""
    for index, body in enumerate(_blocks(path, "zona")):
        if "error" in body.split("\n", 1)[0].lower() or "# error" in body:
            continue  # a block that shows a mistake on purpose
        text = body if body.lstrip().startswith(("ruleset", "#")) and "ruleset" in body \
            else 'ruleset "demo" { }\n' + body
        try:
            zona.loads(text, f"{path.name} block {index}")
        except zona.ZonaError as error:
            if path.name != "errors.md":
                pytest.fail(f"{path.name} block {index} does not compile:\n{error}")


def test_readme_python_example_runs() -> None:
    (example,) = _blocks(ROOT / "README.md", "python")
    subprocess.run([sys.executable, "-c", example], cwd=ROOT, check=True, timeout=60)


def test_errors_md_is_current(tmp_path: Path) -> None:
    """docs/errors.md is what docs/tools/generate_errors.py writes today."""
    fresh = tmp_path / "errors.md"
    subprocess.run([sys.executable, ROOT / "docs" / "tools" / "generate_errors.py", fresh],
                   cwd=ROOT, check=True, timeout=120, capture_output=True)
    current = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    assert fresh.read_text(encoding="utf-8") == current, (
        "docs/errors.md is out of date: run python docs/tools/generate_errors.py docs/errors.md")

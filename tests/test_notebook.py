"""docs/notebooks/tutorial.ipynb runs from top to bottom without an error (nbclient), and
gives the outputs saved in it.

The notebook is saved with its outputs (docs/tools/run_notebook.py writes them, beside
../shared); running it again must give the same stdout, the same text of every display
and the same HTML of zona's own displays (a DataFrame's HTML is compared through its text;
an image is checked for presence, not pixels). The kernel is this interpreter
(sys.executable), through a kernelspec written to a temporary folder, so it finds zona
wherever the tests find it; the notebook runs twice: beside ../shared (the official
workbook; every cell compared) and in a copy of the layout without it (zona's example unit:
the cells tagged `unit` give other outputs, every other cell is compared).
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

import pytest

import zona
from tests.conftest import ROOT, WORKBOOK

NOTEBOOK = ROOT / "docs" / "notebooks" / "tutorial.ipynb"
KERNEL = "zona-tutorial-test"
_SPEC = importlib.util.spec_from_file_location("run_notebook",
                                               ROOT / "docs" / "tools" / "run_notebook.py")
assert _SPEC is not None and _SPEC.loader is not None
runner = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(runner)


@pytest.fixture
def kernel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A kernelspec for this interpreter, found through JUPYTER_PATH; runtime files in tmp;
    zona's messages in English, as the saved outputs have them."""
    pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    jupyter = tmp_path / "jupyter"
    spec = jupyter / "kernels" / KERNEL
    spec.mkdir(parents=True)
    path = os.pathsep.join(p for p in (str(ROOT / "src"), os.environ.get("PYTHONPATH")) if p)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "zona tests", "language": "python",
        "env": {"PYTHONPATH": path, **runner.LANG}}), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(jupyter))
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "runtime"))
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    monkeypatch.setenv("MPLCONFIGDIR", str(tmp_path / "matplotlib"))
    return KERNEL


def _saved() -> Any:
    import nbformat

    return nbformat.read(NOTEBOOK, as_version=4)


def _run(folder: Path, kernel: str) -> tuple[Any, list[dict[str, object]]]:
    """Execute the notebook with `folder` as its working directory; the executed notebook
    and its outputs."""
    notebook = runner.execute(folder, kernel)  # CellExecutionError on the first failure
    outputs = _outputs(notebook)
    errors = [o for o in outputs if o.get("output_type") == "error"]
    assert not errors, errors
    return notebook, outputs


def _outputs(notebook: Any) -> list[dict[str, object]]:
    return [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]


def _same_as_saved(executed: Any, every: bool) -> int:
    """Every code cell gives the outputs saved for it (comparable()); with `every` False,
    cells tagged `unit` are left out. The number of cells compared."""
    saved = {c.id: c for c in _saved().cells if c.cell_type == "code"}
    ran = [c for c in executed.cells if c.cell_type == "code"]
    assert [c.id for c in ran] == list(saved)
    compared = 0
    for cell in ran:
        if not every and runner.UNIT_TAG in cell.metadata.get("tags", []):
            continue
        expected, found = runner.comparable(saved[cell.id]), runner.comparable(cell)
        assert found == expected, (
            f"cell {cell.id} gives other outputs than saved (rerun "
            f"docs/tools/run_notebook.py if the change is meant):\n{cell.source}")
        compared += 1
    return compared


def _text(outputs: list[dict[str, object]]) -> str:
    found = []
    for output in outputs:
        found.append(str(output.get("text", "")))
        data = output.get("data")
        if isinstance(data, dict):
            found.append(str(data.get("text/plain", "")))
    return "\n".join(found)


def _many_units(outputs: list[dict[str, object]]) -> None:
    """The batch, cohort, DuckDB and wide template cells on examples/units-90-2021.csv
    (tests/batch/test_views.py checks these counts against the exact path)."""
    text = _text(outputs)
    assert "200 units: WBK 95 passed, WBBM 10 passed" in text
    assert "DuckDB: WBK 95 passed, WBBM 10 passed; the same verdicts as batch on every " \
           "unit: True" in text
    assert "<Cohort permenpan-90-2021: 200 units, 5 groups by instansi>" in text
    assert "142 columns: unit, unit_id, instansi, soal_1, soal_2 ... fact:kkn_case, " \
           "fact:revoked_recently" in text
    assert "the same totals and verdicts as the CSV: True" in text
    html = [str(o["data"]["text/html"]) for o in outputs  # type: ignore[index]
            if isinstance(o.get("data"), dict) and "text/html" in o["data"]]  # type: ignore[operator]
    assert any("zona-cohort" in h and "instansi = Pemda C" in h for h in html)
    images = [o for o in outputs if isinstance(o.get("data"), dict)
              and "image/png" in o["data"]]  # type: ignore[operator]
    assert len(images) >= 4  # areas, the cohort of one unit, the 200 units, what blocks WBK


def test_the_saved_notebook_has_its_outputs_and_nothing_of_the_machine() -> None:
    """Saved by docs/tools/run_notebook.py: run in order from the top, every output there,
    no timings, Python version, stderr, absolute path or memory address."""
    notebook = _saved()
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1))
    assert all(c.outputs for c in code)
    assert not any("execution" in c.metadata for c in notebook.cells)
    assert notebook.metadata.get("language_info") == {"name": "python"}
    outputs = _outputs(notebook)
    assert not [o for o in outputs if o.get("name") == "stderr"]
    raw = NOTEBOOK.read_text(encoding="utf-8")
    assert not re.search(r" at 0x[0-9a-f]+|/home/|/tmp/|/work/|/Users/|[A-Z]:\\\\", raw)
    _many_units(outputs)
    assert "261077/2730" in _text(outputs)  # the official workbook's unit
    (place,) = [i for i, c in enumerate(notebook.cells)
                if c.cell_type == "markdown" and c.source.startswith("## What-if study")]
    assert notebook.cells[place + 1].cell_type == "code"
    # the what-if study (tests/batch/test_whatif.py checks these counts against the exact path)
    whatif = _text(notebook.cells[place + 1].outputs)
    assert re.search(r"WBK at 80 +WBK +95 +94 +1 +0 +0", whatif)
    assert re.search(r"IPAK -0.05 +WBK +95 +76 +19 +0 +0", whatif)


@pytest.mark.slow
def test_tutorial_runs_beside_shared(kernel: str) -> None:
    if not WORKBOOK.exists():
        pytest.skip(f"reference workbook not found at {WORKBOOK} (../shared is absent)")
    executed, outputs = _run(NOTEBOOK.parent, kernel)
    assert _same_as_saved(executed, every=True) >= 20
    _many_units(outputs)
    text = _text(outputs)
    assert "261077/2730" in text
    assert "Score explanation" in text
    assert "feasible: True" in text
    assert any("image/png" in o.get("data", {}) for o in outputs if isinstance(o, dict))
    if hasattr(zona.Result, "_repr_html_"):  # a Ruleset and a Result display as HTML
        html = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
        assert len(html) >= 2 and any("data-predicate" in h for h in html)


@pytest.mark.slow
def test_tutorial_runs_without_shared(kernel: str, tmp_path: Path) -> None:
    """The same notebook in a checkout with no ../shared beside it uses the example unit;
    the cells that do not read the unit give the saved outputs."""
    checkout = tmp_path / "checkout"
    folder = checkout / "docs" / "notebooks"
    folder.mkdir(parents=True)
    (checkout / "examples").symlink_to(ROOT / "examples", target_is_directory=True)
    assert not (checkout.parent / "shared").exists()
    executed, outputs = _run(folder, kernel)
    assert _same_as_saved(executed, every=False) >= 10
    _many_units(outputs)
    text = _text(outputs)
    assert "../shared is absent" in text
    assert "625060859/7224000" in text
    assert "feasible: True" in text

"""docs/notebooks/tutorial.ipynb runs from top to bottom without an error (nbclient).

The kernel is this interpreter (sys.executable), through a kernelspec written to a
temporary folder, so it finds zona wherever the tests find it; the notebook runs twice:
beside ../shared (the official workbook) and in a copy of the layout without it.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

import zona
from tests.conftest import ROOT, WORKBOOK

NOTEBOOK = ROOT / "docs" / "notebooks" / "tutorial.ipynb"
KERNEL = "zona-tutorial-test"

pytestmark = pytest.mark.slow


@pytest.fixture
def kernel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A kernelspec for this interpreter, found through JUPYTER_PATH; runtime files in tmp."""
    pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    jupyter = tmp_path / "jupyter"
    spec = jupyter / "kernels" / KERNEL
    spec.mkdir(parents=True)
    path = os.pathsep.join(p for p in (str(ROOT / "src"), os.environ.get("PYTHONPATH")) if p)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "zona tests", "language": "python",
        "env": {"PYTHONPATH": path}}), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(jupyter))
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "runtime"))
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    monkeypatch.setenv("MPLCONFIGDIR", str(tmp_path / "matplotlib"))
    return KERNEL


def _run(folder: Path, kernel: str) -> list[dict[str, object]]:
    """Execute the notebook with `folder` as its working directory; return its outputs."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(notebook, timeout=600, kernel_name=kernel,
                            resources={"metadata": {"path": str(folder)}})
    client.execute()  # raises CellExecutionError on the first cell that fails
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    errors = [o for o in outputs if o.get("output_type") == "error"]
    assert not errors, errors
    return outputs


def _text(outputs: list[dict[str, object]]) -> str:
    found = []
    for output in outputs:
        found.append(str(output.get("text", "")))
        data = output.get("data")
        if isinstance(data, dict):
            found.append(str(data.get("text/plain", "")))
    return "\n".join(found)


def _many_units(outputs: list[dict[str, object]]) -> None:
    """The batch, cohort and DuckDB cells on examples/units-90-2021.csv (tests/batch/
    test_views.py checks these counts against the exact path)."""
    text = _text(outputs)
    assert "200 units: WBK 95 passed, WBBM 10 passed" in text
    assert "DuckDB: WBK 95 passed, WBBM 10 passed; the same verdicts as batch on every " \
           "unit: True" in text
    html = [str(o["data"]["text/html"]) for o in outputs  # type: ignore[index]
            if isinstance(o.get("data"), dict) and "text/html" in o["data"]]  # type: ignore[operator]
    assert any("zona-cohort" in h and "instansi = Pemda C" in h for h in html)
    images = [o for o in outputs if isinstance(o.get("data"), dict)
              and "image/png" in o["data"]]  # type: ignore[operator]
    assert len(images) >= 4  # areas, the cohort of one unit, the 200 units, what blocks WBK


def test_tutorial_runs_beside_shared(kernel: str) -> None:
    if not WORKBOOK.exists():
        pytest.skip(f"reference workbook not found at {WORKBOOK} (../shared is absent)")
    outputs = _run(NOTEBOOK.parent, kernel)
    _many_units(outputs)
    text = _text(outputs)
    assert "261077/2730" in text
    assert "Score explanation" in text
    assert "feasible: True" in text
    assert any("image/png" in o.get("data", {}) for o in outputs if isinstance(o, dict))
    if hasattr(zona.Result, "_repr_html_"):  # a Ruleset and a Result display as HTML
        html = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
        assert len(html) >= 2 and any("data-predicate" in h for h in html)


def test_tutorial_runs_without_shared(kernel: str, tmp_path: Path) -> None:
    """The same notebook in a checkout with no ../shared beside it uses the example unit."""
    checkout = tmp_path / "checkout"
    folder = checkout / "docs" / "notebooks"
    folder.mkdir(parents=True)
    (checkout / "examples").symlink_to(ROOT / "examples", target_is_directory=True)
    assert not (checkout.parent / "shared").exists()
    outputs = _run(folder, kernel)
    _many_units(outputs)
    text = _text(outputs)
    assert "../shared is absent" in text
    assert "625060859/7224000" in text
    assert "feasible: True" in text

"""Run docs/notebooks/tutorial.ipynb and save it with its outputs.

    .venv/bin/python docs/tools/run_notebook.py

Run it in a checkout with ../shared beside it (the saved outputs are the official filled
workbook's; without ../shared it stops, unless given --without-shared). The kernel is
this interpreter, through a kernelspec in a temporary folder, with src/ on its path.

The saved outputs are kept deterministic, so that tests/test_notebook.py can run the
notebook again and compare (comparable()): no execution timings or Python version in
the metadata, output on stderr dropped (printed here instead: matplotlib's font cache
notice, warnings), every cell given a stable id, execution counts 1, 2, 3, ...
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "docs" / "notebooks" / "tutorial.ipynb"
WORKBOOK = ROOT.parent / "shared" / "reference" / "lke-permenpan-90-2021-filled.xlsx"
KERNEL = "zona-tutorial"
#: the tag of a cell whose outputs depend on the unit read (the official workbook or, when
#: ../shared is absent, zona's example unit)
UNIT_TAG = "unit"
#: zona's messages in the outputs (a reader's warnings) in English, whatever the locale
LANG = {"ZONA_LANG": "en"}


@contextmanager
def kernel(folder: Path) -> Iterator[str]:
    """A kernelspec for this interpreter in `folder`, found through JUPYTER_PATH, with the
    kernel's runtime, IPython and matplotlib files there too; yields its name."""
    spec = folder / "jupyter" / "kernels" / KERNEL
    spec.mkdir(parents=True, exist_ok=True)
    path = os.pathsep.join(p for p in (str(ROOT / "src"), os.environ.get("PYTHONPATH")) if p)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "zona", "language": "python", "env": {"PYTHONPATH": path, **LANG}}),
        encoding="utf-8")
    settings = {"JUPYTER_PATH": str(folder / "jupyter"),
                "JUPYTER_RUNTIME_DIR": str(folder / "runtime"),
                "IPYTHONDIR": str(folder / "ipython"), "MPLCONFIGDIR": str(folder / "mpl")}
    before = {k: os.environ.get(k) for k in settings}
    os.environ.update(settings)
    try:
        yield KERNEL
    finally:
        for key, value in before.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def execute(folder: Path, kernel_name: str, source: Path = NOTEBOOK) -> Any:
    """The notebook at `source`, run from top to bottom with `folder` as its working
    directory (CellExecutionError on the first cell that fails)."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(source, as_version=4)
    NotebookClient(notebook, timeout=600, kernel_name=kernel_name, record_timing=False,
                   coalesce_streams=True,
                   resources={"metadata": {"path": str(folder)}}).execute()
    return notebook


def clean(notebook: Any, metadata: dict[str, Any]) -> list[str]:
    """Make an executed notebook deterministic (see the module); the stderr text dropped."""
    dropped = []
    notebook.metadata = metadata
    notebook.nbformat_minor = max(notebook.nbformat_minor, 5)  # cells have ids
    used: set[str] = set()
    for index, cell in enumerate(notebook.cells):
        cell.metadata.pop("execution", None)
        name = cell.get("id")
        if not name or name in used:
            name = f"cell-{index:02d}"
            while name in used:
                name += "-"
            cell["id"] = name
        used.add(name)
        if cell.cell_type != "code":
            continue
        kept = []
        for output in cell.outputs:
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                dropped.append(output.get("text", ""))
            else:
                kept.append(output)
        cell.outputs = kept
    return dropped


def comparable(cell: Any) -> list[tuple[str, str]]:
    """What of a code cell's outputs must be the same on every run: stdout, each display's
    text, zona's own HTML (a DataFrame's HTML is left to its text, which holds the same
    numbers), and that an image is there (not its pixels). stderr is not compared."""
    found: list[tuple[str, str]] = []
    for output in cell.get("outputs", []):
        kind = output.get("output_type")
        if kind == "stream":
            if output.get("name") == "stdout":
                text = output.get("text", "")
                if found and found[-1][0] == "stdout":
                    found[-1] = ("stdout", found[-1][1] + text)
                else:
                    found.append(("stdout", text))
        elif kind == "error":
            found.append(("error", f"{output.get('ename')}: {output.get('evalue')}"))
        else:
            for mime, value in sorted(output.get("data", {}).items()):
                text = "".join(value) if isinstance(value, list) else str(value)
                if mime.startswith("image/"):
                    found.append((mime, "an image"))
                elif not (mime == "text/html" and 'class="dataframe"' in text):
                    found.append((mime, text))
    return found


def main() -> int:
    import nbformat

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--without-shared", action="store_true",
                        help="save the outputs of zona's example unit when ../shared is absent")
    args = parser.parse_args()
    if not WORKBOOK.exists() and not args.without_shared:
        print(f"{WORKBOOK} is absent: the saved outputs are the official workbook's "
              "(give --without-shared to save the example unit's instead)", file=sys.stderr)
        return 1
    original = nbformat.read(NOTEBOOK, as_version=4)
    with tempfile.TemporaryDirectory() as folder, kernel(Path(folder)) as name:
        notebook = execute(NOTEBOOK.parent, name)
    for text in clean(notebook, dict(original.metadata)):
        print("stderr (not saved):", text.rstrip(), file=sys.stderr)
    nbformat.write(notebook, NOTEBOOK)
    cells = sum(1 for c in notebook.cells if c.cell_type == "code")
    print(f"{NOTEBOOK.relative_to(ROOT)}: {cells} code cells run, outputs saved")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""A missing optional library is a one-line hint naming the extra of `zona-rb`, never a
traceback: each test hides one module (as if it were not installed) and runs what needs it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import zona
from tests.conftest import ROOT
from zona.cli.main import main
from zona.extras import DISTRIBUTION, install_hint

EXAMPLE = ROOT / "examples" / "example.zona"
SHEET = ROOT / "examples" / "example-answers.json"


def _hide(monkeypatch: pytest.MonkeyPatch, *modules: str) -> None:
    for name in modules:
        monkeypatch.setitem(sys.modules, name, None)  # `import name` now raises ImportError


def _run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str]:
    code = main([str(a) for a in argv])
    err = capsys.readouterr().err
    return code, err


def _one_line_hint(err: str, extra: str) -> None:
    assert "Traceback" not in err
    assert err.count("\n") == 1, err
    assert f'pip install "zona-rb[{extra}]"' in err


def test_the_distribution_is_not_the_unrelated_zona() -> None:
    assert DISTRIBUTION == "zona-rb"
    assert install_hint("batch") == 'pip install "zona-rb[batch]"'


@pytest.mark.parametrize(("module", "extra", "argv"), [
    ("numpy", "batch", ["batch", "{csv}", "-r", str(EXAMPLE)]),
    ("pyarrow", "batch", ["batch", "{csv}", "-r", str(EXAMPLE)]),
    ("numpy", "batch", ["score", "--table", "{csv}", "-r", str(EXAMPLE)]),
    ("numpy", "batch", ["cohort", "{csv}", "-r", str(EXAMPLE)]),
    ("yaml", "yaml", ["score", "-r", str(EXAMPLE), "{yaml}"]),
    ("openpyxl", "xlsx", ["score", "{xlsx}"]),
    ("openpyxl", "xlsx", ["template", "-r", str(EXAMPLE), "-o", "{out_xlsx}"]),
])
def test_commands_name_the_extra(module: str, extra: str, argv: list[str], tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    files = {"csv": tmp_path / "units.csv", "yaml": tmp_path / "unit.yaml",
             "xlsx": tmp_path / "unit.xlsx", "out_xlsx": tmp_path / "template.xlsx"}
    files["csv"].write_text("unit,q1\nA,Ya\n", encoding="utf-8")
    files["yaml"].write_text("answers:\n  q1: Ya\n", encoding="utf-8")
    files["xlsx"].write_bytes(b"PK\x03\x04 not really a workbook")
    _hide(monkeypatch, module)
    code, err = _run(capsys, *[a.format(**files) for a in argv])
    assert code == 1
    _one_line_hint(err, extra)
    assert not files["out_xlsx"].exists()


def test_parquet_tables_name_the_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from zona.io import read_table

    table = tmp_path / "units.parquet"
    table.write_bytes(b"PAR1")
    _hide(monkeypatch, "pyarrow.parquet")
    with pytest.raises(zona.ZonaError, match=r'^reading Parquet tables needs pyarrow: '
                                             r'pip install "zona-rb\[tables\]"$'):
        read_table(table, zona.load(EXAMPLE))


def test_batch_api_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    from zona.batch import score_table

    _hide(monkeypatch, "numpy")
    with pytest.raises(zona.ZonaError, match=r'^batch scoring needs numpy: '
                                             r'pip install "zona-rb\[batch\]"$'):
        score_table(zona.load(EXAMPLE), {"q1": ["Ya"]})


def test_plots_name_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    from zona.io import read_answers
    from zona.render.plots import plot_areas

    result = read_answers(SHEET).score(zona.load(EXAMPLE))
    _hide(monkeypatch, "matplotlib")
    with pytest.raises(zona.ZonaError, match=r'^drawing plots needs matplotlib: '
                                             r'pip install "zona-rb\[notebook\]"$'):
        plot_areas(result)


def test_version_is_the_distribution_version(capsys: pytest.CaptureFixture[str]) -> None:
    from importlib.metadata import version

    assert zona.__version__ == version("zona-rb")
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out == f"zona {zona.__version__}\n"

"""Outputs an attacker aims at: a carried text column of `zona batch -o scored.csv` that
starts like a formula is written with a leading `'` (CSV injection), in every row; numbers
are untouched; and the target must be a regular file or a new path."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from zona.cli.main import main

pytest.importorskip("pyarrow")
pytest.importorskip("numpy")


def test_batch_csv_neutralises_formula_prefixes(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    table = tmp_path / "units.csv"
    table.write_text('unit,note,q1\n"=HYPERLINK(""http://x"",""y"")",@SUM(A1),Ya\n'
                     "Unit B,-2+3,Tidak\nUnit C,plain,Ya\n", encoding="utf-8")
    ruleset = tmp_path / "r.zona"
    ruleset.write_text('ruleset "r" { maximum 100 }\nscale s "S" { Ya = 1, Tidak = 0 }\n'
                       'component c "C" { weight 100 question q1 "Q" { scale s } }\n',
                       encoding="utf-8")
    out = tmp_path / "scored.csv"
    assert main(["batch", str(table), "-r", str(ruleset), "-o", str(out)]) == 0
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["unit"], r["note"]) for r in rows] == [
        ("'=HYPERLINK(\"http://x\",\"y\")", "'@SUM(A1)"), ("Unit B", "'-2+3"),
        ("Unit C", "plain")]
    assert [r["total"] for r in rows] == ["100", "0", "100"]


def test_batch_never_writes_over_a_device(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    table = tmp_path / "units.csv"
    table.write_text("unit,q1\nA,Ya\n", encoding="utf-8")
    ruleset = tmp_path / "r.zona"
    ruleset.write_text('ruleset "r" { maximum 100 }\nscale s "S" { Ya = 1, Tidak = 0 }\n'
                       'component c "C" { weight 100 question q1 "Q" { scale s } }\n',
                       encoding="utf-8")
    folder = tmp_path / "out.csv"
    folder.mkdir()
    assert main(["batch", str(table), "-r", str(ruleset), "-o", str(folder)]) == 1
    assert capsys.readouterr().err == f"{folder}: is a folder; give a file name to write to\n"

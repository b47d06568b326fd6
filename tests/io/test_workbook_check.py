"""The workbook's own total beside zona's, explained cell by cell (zona.io.workbook_check)."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest

import zona
from tests.io.test_io_lke import tiny
from zona.cli.main import main
from zona.io.lke import read_lke
from zona.io.workbook_check import check_workbook, saved


@pytest.fixture
def lke() -> zona.Ruleset:
    return zona.load_builtin("permenpan-90-2021")


def test_the_reference_workbooks_difference_is_two_cells(shared_workbook: Path,
                                                         lke: zona.Ruleset) -> None:
    sheet = read_lke(shared_workbook, lke).answers
    assert sheet.computed is not None
    check = check_workbook(sheet.computed, sheet.score(lke))
    assert (check.total_cell, check.workbook_total, check.zona_total) == (
        "LKE ZI!L208", Fraction(20071, 210), Fraction(261077, 2730))
    assert check.difference == check.explained == Fraction(11, 195)
    sources = [(c.cell, c.node, c.workbook, c.zona, c.on_total) for c in check.cells if c.own]
    assert sources == [
        ("LKE ZI!L175", "ref_was_lhk", Fraction(26, 15), Fraction(349, 195), Fraction(2, 15)),
        ("LKE ZI!L184", "ref_lhkasn_lapor", Fraction(1), Fraction(12, 13), Fraction(-1, 13)),
    ]
    assert [c.cell for c in check.cells if not c.own] == [
        "LKE ZI!L4", "LKE ZI!L125", "LKE ZI!L167", "LKE ZI!L183"]


def test_zona_score_prints_both_totals(shared_workbook: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", "--depth", "0", str(shared_workbook)]) == 0
    out = capsys.readouterr().out
    assert out.endswith(
        "workbook total (LKE ZI!L208): 95.576190; zona: 95.632601; difference "
        "+11/195 = 0.056410, from these cells:\n"
        "  LKE ZI!L175 ref_was_lhk (Penyampaian Laporan Harta Kekayaan): workbook 1.7333, "
        "zona 1.7897; moves the total +2/15 = 0.133333\n"
        "  LKE ZI!L184 ref_lhkasn_lapor (Persentase penyampaian LHKASN): workbook 1.0000, "
        "zona 0.9231; moves the total -1/13 = -0.076923\n"
        "  (carried up to LKE ZI!L4, LKE ZI!L125, LKE ZI!L167, LKE ZI!L183)\n")
    assert main(["score", "--json", str(shared_workbook)]) == 0
    document = json.loads(capsys.readouterr().out)["workbook"]
    assert document["difference"] == {"value": float(Fraction(11, 195)), "exact": "11/195"}
    assert [c["cell"] for c in document["cells"]][:1] == ["LKE ZI!L4"]


def _with_scores(path: Path, scores: dict[str, float], total: float | None) -> Path:
    book = openpyxl.load_workbook(path)
    page = book["LKE ZI"]
    for cell, value in scores.items():
        page[cell] = value
    if total is not None:
        page["B30"] = "NILAI EVALUASI ZONA INTEGRITAS"
        page["L30"] = total
    book.save(path)
    return path


def test_a_workbook_that_agrees_says_so(tmp_path: Path, lke: zona.Ruleset) -> None:
    path = tiny(tmp_path, lke)
    result = read_lke(path, lke).answers.score(lke)
    path = _with_scores(path, {"L7": float(result.nodes["pem_mp_tim"].score)},
                        float(result.total.score))
    sheet = read_lke(path, lke).answers
    assert sheet.computed is not None and sheet.computed.cells == {"pem_mp_tim": "LKE ZI!L7"}
    check = check_workbook(sheet.computed, sheet.score(lke))
    assert (check.difference, check.cells) == (0, ())


def test_a_workbook_without_saved_scores_compares_nothing(tmp_path: Path,
                                                          lke: zona.Ruleset) -> None:
    sheet = read_lke(tiny(tmp_path, lke), lke).answers
    assert sheet.computed is not None
    check = check_workbook(sheet.computed, sheet.score(lke))
    assert (check.total_cell, check.workbook_total, check.cells) == (None, None, ())


@pytest.mark.parametrize(("value", "fraction"), [
    (1.7333333333333334, Fraction(26, 15)), (95.57619047619048, Fraction(20071, 210)),
    (0.1, Fraction(1, 10)), (2.0, Fraction(2)), (1e-13, Fraction(1e-13)),
])
def test_saved_doubles_read_as_the_fraction_they_stand_for(value: float,
                                                           fraction: Fraction) -> None:
    assert saved(value) == fraction

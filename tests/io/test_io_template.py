"""Reading a filled zona template: answers by their ids, whatever rows or columns were
inserted; a bad answer, a merged cell, a repeated or foreign row, the wrong sheet, a
formula without its saved result: each an error (or warning) at its cell."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

import zona
from tests.conftest import ROOT
from tests.io.test_template import SOFFICE, fill, recalculate
from zona.errors import AnswerProblem, ZonaAnswerError
from zona.io import read_lke
from zona.io.template import write_template

openpyxl = pytest.importorskip("openpyxl", reason="openpyxl writes and reads templates")

EXAMPLE = ROOT / "examples" / "example.zona"


# --- reading a template: errors at their cells ---------------------------------------


@pytest.fixture
def example_template(tmp_path: Path) -> Path:
    path = tmp_path / "example.xlsx"
    write_template(zona.load(EXAMPLE), path)
    return path


def _row_of(path: Path, key: str, column: int = 0) -> int:
    sheet = openpyxl.load_workbook(path)["Jawaban"]
    return next(r[column].row for r in sheet.iter_rows() if r[column].value == key)


def test_bad_answers_in_a_template_are_errors_at_their_cells(example_template: Path,
                                                             tmp_path: Path) -> None:
    ruleset = zona.load(EXAMPLE)
    path = fill(example_template, tmp_path / "bad.xlsx",
                {"q1": "Mungkin", "q2": "b", "n_agen": "tiga", "n_ubah": -1,
                 "ipak_index": 4.5})
    with pytest.raises(ZonaAnswerError) as caught:
        read_lke(path, ruleset)
    rows = {k: _row_of(path, k) for k in ("q1", "n_agen", "n_ubah", "ipak_index")}
    assert caught.value.problems == (
        AnswerProblem(f"Jawaban!H{rows['q1']}", "q1: 'Mungkin' is not on the scale Ya/Tidak "
                      "(Ya, Tidak)"),
        AnswerProblem(f"Jawaban!H{rows['n_agen']}", "n_agen: 'tiga' is not a whole number; a "
                      "count is 0, 1, 2, ..."),
        AnswerProblem(f"Jawaban!H{rows['n_ubah']}", "n_ubah: -1 is negative; a count is 0, 1, "
                      "2, ..."),
        AnswerProblem(f"Jawaban!H{rows['ipak_index']}", "ipak_index: 4.5 is outside 0..4"))


def test_a_fractional_count_and_a_bad_fact(example_template: Path, tmp_path: Path) -> None:
    ruleset = zona.load(EXAMPLE)
    path = fill(example_template, tmp_path / "bad.xlsx", {"n_agen": 2.5},
                {"prior_predicate": "WBBX"})
    with pytest.raises(ZonaAnswerError) as caught:
        read_lke(path, ruleset)
    assert caught.value.problems == (AnswerProblem(
        f"Jawaban!H{_row_of(path, 'n_agen')}", "n_agen: 2.5 is not a whole number; a count is "
        "0, 1, 2, ..."),)
    path = fill(example_template, tmp_path / "fact.xlsx", {}, {"prior_predicate": "WBBX"})
    sheet = read_lke(path, ruleset).answers
    with pytest.raises(ZonaAnswerError) as caught:
        sheet.score(ruleset)
    assert caught.value.problems == (AnswerProblem(
        f"Jawaban!H{_row_of(path, 'prior_predicate')}", "facts.prior_predicate: 'WBBX' is not "
        "one of none, WBK, WBBM"),)


def test_merged_answer_cells_are_an_error(example_template: Path, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(example_template)
    sheet = book["Jawaban"]
    row = _row_of(example_template, "q1")
    sheet[f"H{row}"] = "Ya"
    sheet.merge_cells(f"H{row}:H{row + 1}")
    book.save(tmp_path / "merged.xlsx")
    with pytest.raises(ZonaAnswerError) as caught:
        read_lke(tmp_path / "merged.xlsx", zona.load(EXAMPLE))
    assert caught.value.problems == (
        AnswerProblem(f"Jawaban!H{row}", f"q1: the answer cell is merged with others "
                      f"(H{row}:H{row + 1}); unmerge the cells"),
        AnswerProblem(f"Jawaban!H{row + 1}", f"q2: the answer cell is merged with others "
                      f"(H{row}:H{row + 1}); unmerge the cells"))


def test_shifted_rows_and_columns_still_read(example_template: Path, tmp_path: Path) -> None:
    ruleset = zona.load(EXAMPLE)
    answers = {"q1": "Ya", "q2": "B", "n_agen": 3, "n_ubah": 2, "q5": "A",
               "ipak_index": "3.6"}
    filled = fill(example_template, tmp_path / "filled.xlsx", answers)
    book = openpyxl.load_workbook(filled)
    sheet = book["Jawaban"]
    sheet.insert_rows(12, 3)
    sheet.insert_cols(1)
    sheet.insert_rows(1)
    book.save(tmp_path / "shifted.xlsx")
    found = read_lke(tmp_path / "shifted.xlsx", ruleset)
    assert found.answers.answers == {k: v if k != "ipak_index" else 3.6
                                     for k, v in answers.items()}
    assert found.cells["q1"] == f"Jawaban!I{_row_of(tmp_path / 'shifted.xlsx', 'q1', 1)}"
    assert found.answers.score(ruleset).total.score == Fraction(5261, 60)


def test_a_missing_row_and_a_foreign_row_are_warnings(example_template: Path,
                                                      tmp_path: Path) -> None:
    book = openpyxl.load_workbook(example_template)
    sheet = book["Jawaban"]
    row = _row_of(example_template, "q2")
    sheet.delete_rows(row)
    sheet[f"A{row}"], sheet[f"B{row}"] = "q99", "question"
    book.save(tmp_path / "edited.xlsx")
    found = read_lke(tmp_path / "edited.xlsx", zona.load(EXAMPLE))
    assert found.warnings == (
        AnswerProblem(f"Jawaban!A{row}", "example has no question or input 'q99'; the row is "
                      "ignored"),
        AnswerProblem("Jawaban!A8", "no row has the id q2; it is read as unanswered"))


def test_a_repeated_row_is_an_error(example_template: Path, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(example_template)
    sheet = book["Jawaban"]
    first, second = _row_of(example_template, "q1"), _row_of(example_template, "q2")
    sheet[f"A{second}"] = "q1"
    book.save(tmp_path / "twice.xlsx")
    with pytest.raises(ZonaAnswerError) as caught:
        read_lke(tmp_path / "twice.xlsx", zona.load(EXAMPLE))
    assert caught.value.problems == (AnswerProblem(
        f"Jawaban!A{second}", f"q1: a second row for it (the first answer is "
        f"Jawaban!H{first})"),)


def test_the_wrong_sheet(example_template: Path, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(example_template)
    book["Jawaban"]["H8"], book["Jawaban"]["H9"] = "Answers", "Jawab"
    book["Jawaban"].title = "Lain"
    book.save(tmp_path / "renamed.xlsx")
    with pytest.raises(ZonaAnswerError) as caught:
        read_lke(tmp_path / "renamed.xlsx", zona.load(EXAMPLE))
    assert caught.value.problems == (AnswerProblem(
        str(tmp_path / "renamed.xlsx"), "no sheet has the template's header row (Id, Jenis, "
        '..., Jawaban); sheet "Jawaban" is missing or changed (sheets found: "Lain", '
        '"Petunjuk")'),)


def test_a_formula_answer_needs_its_saved_result(example_template: Path,
                                                 tmp_path: Path) -> None:
    path = fill(example_template, tmp_path / "formula.xlsx", {"q1": '=IF(1=1,"Ya","Tidak")'})
    with pytest.raises(ZonaAnswerError) as caught:
        read_lke(path, zona.load(EXAMPLE))
    (problem,) = caught.value.problems
    assert problem.location == f"Jawaban!H{_row_of(path, 'q1')}"
    assert problem.message.startswith('q1: the answer is a formula (=IF(1=1,"Ya","Tidak")) '
                                      "with no saved result")
    if SOFFICE is not None:
        (saved,) = recalculate([path], tmp_path / "saved")
        assert read_lke(saved, zona.load(EXAMPLE)).answers.answers == {"q1": "Ya"}


def test_a_template_of_a_ruleset_file_needs_the_ruleset(example_template: Path) -> None:
    with pytest.raises(ZonaAnswerError) as caught:
        read_lke(example_template)
    assert caught.value.problems == (AnswerProblem(
        "zona!B2", "the template is for ruleset 'example', which is not built in; pass the "
        "ruleset to read it with (--ruleset)"),)
    found = read_lke(example_template, zona.load_builtin("permenpan-90-2021"))
    assert found.warnings[0] == AnswerProblem(
        "zona!B2", "the template is for example; read as permenpan-90-2021")


def test_numbered_and_not_applicable_answers_read_back_and_bad_ones_are_errors(
        tmp_path: Path) -> None:
    """A numbered level as a number, a float or a text, and "not applicable" in any case,
    read back; a level off the scale and a near miss of "TR" are errors at their cells."""
    levels = zona.load(ROOT / "tests" / "data" / "valid" / "levels_scale.zona")
    write_template(levels, tmp_path / "levels.xlsx")
    good = fill(tmp_path / "levels.xlsx", tmp_path / "good.xlsx",
                {"i1": 3, "i2": "4", "i3": 2.0, "i4": "3", "i5": 5})
    found = read_lke(good, levels).answers
    assert found.score(levels).total.score == 20
    bad = fill(tmp_path / "levels.xlsx", tmp_path / "bad.xlsx", {"i1": 6, "i2": "X"})
    with pytest.raises(ZonaAnswerError) as caught:
        read_lke(bad, levels)
    assert caught.value.problems == (
        AnswerProblem(f"Jawaban!H{_row_of(bad, 'i1')}", "i1: 6 is not on the scale Tingkat "
                      "kematangan (1, 2, 3, 4, 5)"),
        AnswerProblem(f"Jawaban!H{_row_of(bad, 'i2')}", "i2: 'X' is not on the scale Tingkat "
                      "kematangan (1, 2, 3, 4, 5)"))
    na = zona.load(ROOT / "tests" / "data" / "valid" / "not_applicable.zona")
    write_template(na, tmp_path / "na.xlsx")
    answers = {"e1": "Y", "e2": "T", "e3": "TR", "d1": "Y", "d2": "TR", "r1": "Y", "r2": "TR",
               "z1": "Y", "z2": "TR", "s1": "TR", "s2": "tr", "c1": "TR", "c2": "TR"}
    filled = fill(tmp_path / "na.xlsx", tmp_path / "na-filled.xlsx", answers)
    result = read_lke(filled, na).answers.score(na)
    assert (result.total.score, result.not_applicable) == (Fraction(341, 19), (
        "e3", "d2", "r2", "z2", "s1", "s2", "c1", "c2"))
    typo = fill(tmp_path / "na.xlsx", tmp_path / "typo.xlsx", {**answers, "e3": "TX"})
    with pytest.raises(ZonaAnswerError) as caught:
        read_lke(typo, na)
    assert caught.value.problems == (AnswerProblem(
        f"Jawaban!H{_row_of(typo, 'e3')}", "e3: 'TX' is not on the scale Y/T/TR (Y, T, TR)"),)

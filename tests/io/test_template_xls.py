"""Templates and workbooks as a user's spreadsheet meets them: labels that a spreadsheet
could run as formulas are written as text (CSV injection), old .xls workbooks are read
(or refused with what to do), and a decimal comma typed in a text cell is a number."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import zona
from tests.conftest import ROOT
from tests.io.test_template import SOFFICE, fill
from tests.io.test_template_remarks import remarked
from zona.errors import AnswerProblem, ZonaAnswerError
from zona.io import read_answers, read_lke
from zona.io.formulas_text import PREFIXES, neutralise, restore, risky
from zona.io.template import template_text, write_template

openpyxl = pytest.importorskip("openpyxl", reason="openpyxl writes and reads templates")

EXAMPLE = ROOT / "examples" / "example.zona"
HOSTILE = """
ruleset "bahaya" { maximum 10 }
scale yt "Ya/Tidak" { Ya = 1, Tidak = 0 }
component k "=HYPERLINK(\\"http://evil.example\\",\\"klik\\")" {
    weight 10
    question q1 "=1+1" { scale yt  criteria "+62 811 000" }
    question q2 "-2 poin" { scale yt  criteria "@SUM(A1:A9)" }
    question q3 "\ttab di depan" { scale yt }
    question q4 "Aman" { scale yt  criteria "biasa" }
}
"""
LABELS = {"q1": ("=1+1", "+62 811 000"), "q2": ("-2 poin", "@SUM(A1:A9)"),
          "q3": ("\ttab di depan", ""), "q4": ("Aman", "biasa")}
PATH = '=HYPERLINK("http://evil.example","klik")'


# --- formula prefixes ------------------------------------------------------------------


@given(st.text() | st.builds(str.__add__, st.text("'", max_size=3),
                              st.text(alphabet="=+-@\t\r'x1", min_size=1)))
def test_neutralised_text_is_never_a_formula_and_restores(text: str) -> None:
    safe = neutralise(text)
    assert not risky(safe)
    assert restore(safe) == text
    if text[:1] in PREFIXES and text:
        assert safe == "'" + text


def test_quotes_before_a_formula_prefix() -> None:
    assert [neutralise(t) for t in ("=1", "'=1", "''+1", "'a", "a=1", "")] == [
        "'=1", "''=1", "'''+1", "'a", "a=1", ""]
    assert [restore(t) for t in ("'=1", "''=1", "'a", "'", "=1")] == [
        "=1", "'=1", "'a", "'", "=1"]


def test_hostile_labels_in_the_csv_template() -> None:
    ruleset = zona.loads(HOSTILE, "bahaya")
    rows = {r[0]: r for r in csv.reader(io.StringIO(template_text(ruleset, "csv")))}
    shown = {key: (rows[key][8], rows[key][9], rows[key][10]) for key in LABELS}
    assert shown == {"q1": ("'=1+1", "'+62 811 000", "'" + PATH),
                     "q2": ("'-2 poin", "'@SUM(A1:A9)", "'" + PATH),
                     "q3": ("'\ttab di depan", "", "'" + PATH),
                     "q4": ("Aman", "biasa", "'" + PATH)}
    assert {key: (restore(a), restore(b)) for key, (a, b, _) in shown.items()} == LABELS


def test_a_filled_hostile_csv_template_reads_back(tmp_path: Path) -> None:
    ruleset = zona.loads(HOSTILE, "bahaya")
    lines = template_text(ruleset, "csv", {}).splitlines()
    answer = {"q1": "Ya", "q2": "Tidak"}
    filled = [line.replace(f"{line[:2]},,,", f"{line[:2]},{answer[line[:2]]},'-catatan,'=bukti")
              if line[:2] in answer else line for line in lines]
    path = tmp_path / "unit.csv"
    path.write_text("\n".join(filled) + "\n", encoding="utf-8")
    sheet = read_answers(path, ruleset)
    assert (sheet.ruleset, sheet.answers) == ("bahaya", {"q1": "Ya", "q2": "Tidak", "q3": "",
                                                         "q4": ""})
    assert (sheet.notes, sheet.evidence) == ({"q1": "-catatan", "q2": "-catatan"},
                                             {"q1": "=bukti", "q2": "=bukti"})
    assert sheet.score(ruleset).total.score == 5


def test_hostile_labels_in_the_xlsx_template_are_text(tmp_path: Path) -> None:
    ruleset = zona.loads(HOSTILE, "bahaya")
    write_template(ruleset, tmp_path / "bahaya.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "bahaya.xlsx")["Jawaban"]
    rows = {r[0].value: r for r in sheet.iter_rows() if r[0].value}
    for key, (label, criteria) in LABELS.items():
        text, about = rows[key][3], rows[key][5]
        assert (text.value, text.data_type, text.quotePrefix) == (label, "s", key != "q4")
        assert (about.value or "", about.quotePrefix) == (criteria, key in ("q1", "q2"))
    assert (rows["k"][3].value, rows["k"][3].data_type) == (PATH, "s")
    filled = fill(tmp_path / "bahaya.xlsx", tmp_path / "filled.xlsx", {"q1": "Ya", "q4": "Tidak"})
    assert read_lke(filled, ruleset).answers.score(ruleset).total.score == 5


# --- old .xls workbooks ----------------------------------------------------------------


def test_an_xls_without_xlrd_says_what_to_do(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "lke.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    monkeypatch.setitem(sys.modules, "xlrd", None)
    with pytest.raises(ZonaAnswerError) as caught:
        read_answers(path)
    assert caught.value.problems == (AnswerProblem(str(path), (
        "an old .xls workbook: open it in Excel or LibreOffice and save it as .xlsx, or install "
        'xlrd to read it (pip install "zona-rb[xls]")')),)


def test_a_damaged_or_encrypted_xls_says_what_to_do(tmp_path: Path) -> None:
    pytest.importorskip("xlrd")
    path = tmp_path / "lke.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    with pytest.raises(ZonaAnswerError) as caught:
        read_answers(path)
    (problem,) = caught.value.problems
    assert problem.location == str(path)
    assert problem.message.startswith("cannot be read as an old .xls workbook (")
    assert problem.message.endswith("); if it is encrypted, open it in Excel or LibreOffice "
                                    "and save it as .xlsx without a password; else open it in "
                                    "Excel or LibreOffice and save it as .xlsx")


def _as_xls(files: list[Path], folder: Path) -> list[Path]:
    """The workbooks saved as .xls by LibreOffice."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed: it writes the .xls files")
    pytest.importorskip("xlrd")
    profile = (folder / "profile").resolve().as_uri()
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless",
                    "--convert-to", "xls", "--outdir", str(folder), *map(str, files)],
                   check=True, capture_output=True, timeout=300)
    return [folder / f"{f.stem}.xls" for f in files]


def test_a_template_saved_as_xls_reads_the_same(tmp_path: Path) -> None:
    ruleset = zona.load_builtin("permenpan-90-2021")
    write_template(ruleset, tmp_path / "lke.xlsx")
    answers = {"q1": "Ya", "q2": "B", "q88": 7, "q125": "3,72"}
    path = remarked(tmp_path / "lke.xlsx", tmp_path / "unit.xlsx", answers, {
        "q1": ("SK Tim", "https://x.example/sk.pdf"),
        "q2": ("naik 3,5 persen", ("lihat", "https://x.example/2"))})
    (old,) = _as_xls([path], tmp_path / "xls")
    found = read_answers(old)
    assert (found.ruleset, found.answers) == ("permenpan-90-2021", answers)
    assert (found.notes, found.evidence) == (
        {"q1": "SK Tim", "q2": "naik 3,5 persen"},
        {"q1": "https://x.example/sk.pdf", "q2": "https://x.example/2"})
    assert found.score(ruleset).total.score == ruleset.score(
        {**answers, "q125": "3.72"}).total.score


def test_the_official_workbook_saved_as_xls_reads_the_same(shared_workbook: Path,
                                                           tmp_path: Path) -> None:
    source = tmp_path / "lke.xlsx"
    shutil.copy(shared_workbook, source)
    (old,) = _as_xls([source], tmp_path / "xls")
    new, found = read_lke(source), read_lke(old)
    assert found.answers.answers == new.answers.answers
    assert (found.warnings, found.cells, found.ruleset) == (new.warnings, new.cells,
                                                            new.ruleset)
    computed, expected = found.answers.computed, new.answers.computed
    assert computed is not None and expected is not None
    assert (computed.total_cell, expected.total_cell) == ("LKE ZI!L208", "LKE ZI!L208")
    assert computed.total is not None and expected.total is not None
    assert abs(computed.total - expected.total) < 1e-9
    ruleset = zona.load_builtin("permenpan-90-2021")
    assert found.answers.score(ruleset).total.score == Fraction(261077, 2730)


# --- a decimal comma in a text cell ------------------------------------------------------


def test_a_decimal_comma_in_a_workbook_text_cell(tmp_path: Path) -> None:
    ruleset = zona.load(EXAMPLE)
    write_template(ruleset, tmp_path / "example.xlsx")
    comma = fill(tmp_path / "example.xlsx", tmp_path / "comma.xlsx", {"ipak_index": "3,6"})
    point = ruleset.score({"ipak_index": "3.6"})
    assert read_lke(comma, ruleset).answers.score(ruleset).total.score == point.total.score
    grouped = fill(tmp_path / "example.xlsx", tmp_path / "grouped.xlsx", {"n_agen": "1,500"})
    with pytest.raises(ZonaAnswerError) as caught:
        read_lke(grouped, ruleset)
    row = next(r[0].row for r in openpyxl.load_workbook(grouped)["Jawaban"].iter_rows()
               if r[0].value == "n_agen")
    assert caught.value.problems == (AnswerProblem(
        f"Jawaban!H{row}", "n_agen: '1,500' is ambiguous: a decimal comma (1.5) or a "
        "thousands separator (1500); write 1.5 or 1500"),)

"""read_lke: the official LKE workbook, matched to the ruleset by structure and text.

Tests on the filled sample read it from ../shared/reference (skipped when absent) and
edit copies of it in tmp_path; the error cases build tiny workbooks from scratch.
"""

from __future__ import annotations

import re
import sys
import zipfile
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

import zona
from tests.sheets import workbook_answers
from zona.errors import AnswerProblem, ZonaAnswerError, ZonaError
from zona.io.lke import MAX_BYTES, read_lke

openpyxl = pytest.importorskip("openpyxl", reason="openpyxl is needed to build workbooks")

REGULATION = "permenpan-90-2021"
TOTAL = Fraction(261077, 2730)
HEADER = ("LAMPIRAN III\nPERATURAN MENTERI PENDAYAGUNAAN APARATUR NEGARA DAN REFORMASI "
          "BIROKRASI NOMOR 90 TAHUN 2021\nTENTANG\nPEMBANGUNAN DAN EVALUASI ...")


@pytest.fixture(scope="module")
def lke() -> zona.Ruleset:
    return zona.load_builtin(REGULATION)


def sample_warnings(type_row: int = 8, total_row: int = 185,
                    parts: tuple[int, ...] = (1, 2, 3)) -> tuple[AnswerProblem, ...]:
    """The sample's two warnings: row 8's answer type and row 185's typed total."""
    cells = ", ".join(f"K{total_row + p}" for p in parts)
    return (
        AnswerProblem(f"LKE ZI!J{type_row}", "the answer type is 'Ya' but q1 (soal 1) is "
                      "Ya/Tidak in permenpan-90-2021; the answer is read as Ya/Tidak"),
        AnswerProblem(f"LKE ZI!K{total_row}", "'Jumlah yang harus melaporkan (ASN tidak wajib "
                      f"LHKPN)' is typed as 12 but its parts {cells} give 13; "
                      "permenpan-90-2021 uses the parts"),
    )


# --- helpers -----------------------------------------------------------------------


def edited(source: Path, tmp_path: Path, change: Callable[[Any], None]) -> Path:
    """A copy of the workbook with sheet "LKE ZI" unmerged and changed."""
    book = openpyxl.load_workbook(source)
    sheet = book["LKE ZI"]
    for merged in list(sheet.merged_cells.ranges):
        sheet.unmerge_cells(str(merged))
    change(sheet)
    out = tmp_path / "edited.xlsx"
    book.save(out)
    return out


def swap(sheet: Any, first: int, second: int) -> None:
    """Exchange two rows' cells A..L."""
    for column in "ABCDEFGHIJKL":
        a, b = sheet[f"{column}{first}"], sheet[f"{column}{second}"]
        a.value, b.value = b.value, a.value


def save_result(path: Path, cell: str, formula: str, result: str) -> None:
    """Give a formula cell a saved result, as Excel would (openpyxl writes none)."""
    pattern = re.compile(rf'<c r="{cell}"([^>]*)><f>{re.escape(formula)}</f><v\s*/>')
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    done = 0
    for name, data in parts.items():
        if name.startswith("xl/worksheets/"):
            text, count = pattern.subn(
                rf'<c r="{cell}"\1 t="str"><f>{formula}</f><v>{result}</v>', data.decode())
            parts[name], done = text.encode(), done + count
    assert done == 1
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def tiny(tmp_path: Path, ruleset: zona.Ruleset, answers: dict[str, object] | None = None,
         header: str = HEADER, sheet: str = "LKE ZI") -> Path:
    """A small workbook from scratch: q1, q2, the agents-of-change counts and IPAK."""
    def label(name: str) -> str:
        node = ruleset.nodes.get(name)
        found = node.texts.label if node else ruleset.inputs_by_name[name].texts.label
        return found or name

    given = {"K8": "Ya", "K9": "A", "K14": 7, "K15": 7, "K18": 3.5, **(answers or {})}
    rows: dict[int, dict[str, object]] = {
        4: {"B": "A.", "C": label("pengungkit")}, 5: {"C": "I.", "D": label("pemenuhan")},
        6: {"D": "1.", "E": label("pem_mp")}, 7: {"E": "i.", "F": label("pem_mp_tim")},
        8: {"F": "a.", "G": label("q1"), "J": "Ya/Tidak"},
        9: {"F": "b.", "G": label("q2"), "J": "A/B/C"},
        10: {"C": "II.", "D": label("reform")}, 11: {"D": "1.", "E": label("ref_mp")},
        12: {"E": "i.", "F": label("ref_mp_komitmen")},
        13: {"F": "a.", "G": label("ref_agen_konkret"), "J": "%", "K": "=K15/K14"},
        14: {"G": "- " + label("q88"), "J": "Jumlah"}, 15: {"G": "- " + label("q89"),
                                                            "J": "Jumlah"},
        16: {"B": "B.", "C": label("hasil")}, 17: {"C": "I.", "D": label("bersih")},
        18: {"D": "a", "E": label("ipak"), "J": "Nilai\n(0-4)"},
    }
    book = openpyxl.Workbook()
    book.active.title = "Utama"
    page = book.create_sheet(sheet)
    page["B1"] = header
    for number, cells in rows.items():
        for column, value in cells.items():
            page[f"{column}{number}"] = value
    for address, value in given.items():
        page[address] = value
    out = tmp_path / "tiny.xlsx"
    book.save(out)
    return out


def problems(path: Path, ruleset: zona.Ruleset | None = None) -> tuple[AnswerProblem, ...]:
    with pytest.raises(ZonaAnswerError) as caught:
        read_lke(path, ruleset)
    assert caught.value.source == str(path)
    return caught.value.problems


# --- the filled sample ---------------------------------------------------------------


def test_sample_scores_exactly_as_the_regulation(shared_workbook: Path,
                                                 lke: zona.Ruleset) -> None:
    sheet = read_lke(shared_workbook)
    assert (sheet.ruleset, sheet.detected, sheet.answers.ruleset) == (REGULATION,) * 3
    assert sheet.answers.source == str(shared_workbook)
    assert sheet.answers.score(lke).total.score == TOTAL
    assert lke.score(sheet.answers.answers).total.score == TOTAL
    assert sheet.warnings == sample_warnings()


def test_sample_reads_every_input_at_its_cell(shared_workbook: Path, lke: zona.Ruleset) -> None:
    sheet = read_lke(shared_workbook)
    assert len(sheet.answers.answers) == len(sheet.cells) == 127
    assert sheet.cells["q1"] == "LKE ZI!K8" and sheet.cells["q125"] == "LKE ZI!K202"
    assert [sheet.cells[f"q{n}"] for n in range(117, 121)] == [
        "LKE ZI!K186", "LKE ZI!K187", "LKE ZI!K188", "LKE ZI!K189"]
    # the same answers as the stand-in reader that relies on the rows' order
    assert sheet.answers.answers == workbook_answers(shared_workbook, lke)


def test_portalrb_ruleset_overrides_and_finds_reworded_rows(shared_workbook: Path) -> None:
    portalrb = zona.load_builtin("portalrb-2026")
    sheet = read_lke(shared_workbook, portalrb)
    assert (sheet.ruleset, sheet.detected) == ("portalrb-2026", REGULATION)
    assert sheet.answers.score(portalrb).total.score == TOTAL
    by_place = [w.location for w in sheet.warnings if w.message.endswith("by its place")]
    assert by_place == ["LKE ZI!G179", "LKE ZI!G181", "LKE ZI!F183", "LKE ZI!G186",
                        "LKE ZI!G187", "LKE ZI!G188"]


def test_a_foreign_ruleset_is_named_in_a_warning(shared_workbook: Path) -> None:
    sheet = read_lke(shared_workbook, zona.load_builtin("permenpan-52-2014"))
    assert AnswerProblem("LKE ZI!B1", "the header names permenpan-90-2021; read as "
                         "permenpan-52-2014") in sheet.warnings


def _spaces(sheet: Any) -> None:
    for line in sheet.iter_rows(min_col=2, max_col=11):
        for cell in line:
            if isinstance(cell.value, str) and not cell.value.startswith("="):
                cell.value = "  ".join(cell.value.split(" ")) + "   "


def _numbering(sheet: Any) -> None:
    sheet["F9"], sheet["F12"], sheet["E10"], sheet["D6"], sheet["F99"] = (
        "c. ", "b", "ii", "1", "x.")


def _typos(sheet: Any) -> None:
    sheet["G9"] = "Penentuan angota tim dipilih melalui prosedur / mekanisme yg jelas"
    sheet["F14"] = "Pemantauan dan Evaluasi Pembangunan WBK / WBBM  "


def _swaps(sheet: Any) -> None:
    swap(sheet, 8, 9)  # a Ya/Tidak and an A/B/C question
    swap(sheet, 161, 162)  # the targets set (5) and met (3)
    swap(sheet, 186, 188)  # LHKASN parts 0 and 12


EDITS: dict[str, tuple[Callable[[Any], None], tuple[AnswerProblem, ...]]] = {
    "blank rows inserted": (lambda s: (s.insert_rows(10, 2), s.insert_rows(135, 3)),
                            sample_warnings(8, 190)),
    "a blank row deleted": (lambda s: s.delete_rows(90), sample_warnings(8, 184)),
    "trailing and doubled spaces": (_spaces, sample_warnings()),
    "numbering typos": (_numbering, sample_warnings()),
    "text typos": (_typos, sample_warnings()),
    "sub-rows swapped": (_swaps, sample_warnings(9, 185, (3, 2, 1))),
}


@pytest.mark.parametrize("edit", EDITS, ids=list(EDITS))
def test_edited_sample_still_scores_the_same(edit: str, shared_workbook: Path,
                                             tmp_path: Path, lke: zona.Ruleset) -> None:
    change, expected = EDITS[edit]
    sheet = read_lke(edited(shared_workbook, tmp_path, change))
    assert sheet.answers.score(lke).total.score == TOTAL
    assert sheet.warnings == expected


def test_a_changed_answer_changes_the_score(shared_workbook: Path, tmp_path: Path,
                                            lke: zona.Ruleset) -> None:
    path = edited(shared_workbook, tmp_path, lambda s: s.__setitem__("K9", "C"))
    # q2 drops from 1 to 0 in a two-question sub-area of weight 1/2
    assert read_lke(path).answers.score(lke).total.score == TOTAL - Fraction(1, 4)


def test_a_deleted_question_is_reported_and_left_unanswered(shared_workbook: Path,
                                                           tmp_path: Path) -> None:
    sheet = read_lke(edited(shared_workbook, tmp_path, lambda s: s.delete_rows(9)))
    assert "q2" not in sheet.answers.answers
    assert sheet.warnings == (
        AnswerProblem("LKE ZI!F7", "no row matches q2 (soal 2) 'Penentuan anggota Tim dipilih "
                      "melalui prosedur/mekanisme...' of permenpan-90-2021; it is read as "
                      "unanswered"),
        *sample_warnings(8, 184))


def test_an_unknown_row_is_reported(shared_workbook: Path, tmp_path: Path,
                                    lke: zona.Ruleset) -> None:
    def add(sheet: Any) -> None:
        sheet.insert_rows(10)
        sheet["F10"], sheet["G10"], sheet["J10"], sheet["K10"] = (
            "c.", "Unit kerja menanam pohon di halaman kantor", "Ya/Tidak", "Ya")

    sheet = read_lke(edited(shared_workbook, tmp_path, add))
    assert AnswerProblem("LKE ZI!G10", "no question of permenpan-90-2021 matches this row "
                         "('Unit kerja menanam pohon di halaman kantor'); it is ignored"
                         ) in sheet.warnings
    assert sheet.answers.score(lke).total.score == TOTAL


def test_a_reworded_question_is_matched_by_its_place(shared_workbook: Path,
                                                     tmp_path: Path) -> None:
    path = edited(shared_workbook, tmp_path,
                  lambda s: s.__setitem__("G9", "Cara memilih anggota tim"))
    sheet = read_lke(path)
    assert sheet.answers.answers["q2"] == "A"
    assert AnswerProblem("LKE ZI!G9", "the text differs from q2 (soal 2) 'Penentuan anggota "
                         "Tim dipilih melalui prosedur/mekanisme...' of permenpan-90-2021; "
                         "matched by its place") in sheet.warnings


def test_a_formula_answer_is_read_from_its_saved_result(shared_workbook: Path, tmp_path: Path,
                                                        lke: zona.Ruleset) -> None:
    path = edited(shared_workbook, tmp_path, lambda s: s.__setitem__("K9", '="A"'))
    save_result(path, "K9", '"A"', "A")
    sheet = read_lke(path)
    assert sheet.answers.answers["q2"] == "A"
    assert sheet.answers.score(lke).total.score == TOTAL


def _opened(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Each time openpyxl opens a workbook from now on: with values (True) or formulas."""
    opened: list[bool] = []
    real = openpyxl.load_workbook

    def load(*args: Any, **options: Any) -> Any:
        opened.append(bool(options.get("data_only")))
        return real(*args, **options)

    monkeypatch.setattr(openpyxl, "load_workbook", load)
    return opened


def test_the_workbook_is_opened_once(shared_workbook: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The saved scores and formula results are read from the workbook already open (its
    styles and strings parsed once), and they are those a second opening with values
    reads."""
    from zona.io import lke_book

    opened = _opened(monkeypatch)
    once = read_lke(shared_workbook)
    assert opened == [False]
    monkeypatch.setattr(lke_book, "_with_values", lambda book: False)
    twice = read_lke(shared_workbook)
    assert opened == [False, False, True]
    assert once.answers.computed == twice.answers.computed
    assert once.answers.computed.total is not None and len(once.answers.computed.values) > 100
    assert once.answers.answers == twice.answers.answers


def test_a_formula_read_back_opens_the_workbook_again(shared_workbook: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the open workbook still gives a formula for a saved result (an openpyxl that
    does not switch), it is opened again with values rather than the formula read."""
    from zona.io import lke_book

    path = edited(shared_workbook, tmp_path, lambda s: s.__setitem__("K9", '="A"'))
    save_result(path, "K9", '"A"', "A")
    monkeypatch.setattr(lke_book, "_with_values", lambda book: True)  # switches nothing
    opened = _opened(monkeypatch)
    assert read_lke(path).answers.answers["q2"] == "A"
    assert opened == [False, True]


def test_a_formula_answer_without_saved_result_is_an_error(shared_workbook: Path,
                                                           tmp_path: Path) -> None:
    path = edited(shared_workbook, tmp_path, lambda s: s.__setitem__("K9", '="A"'))
    assert problems(path) == (AnswerProblem(
        "LKE ZI!K9", 'q2: the answer is a formula (="A") with no saved result; open and save '
        "the workbook in Excel or LibreOffice, or type the answer"),)


# --- workbooks built from scratch --------------------------------------------------------


def test_a_tiny_workbook_reads_what_it_has(tmp_path: Path, lke: zona.Ruleset) -> None:
    sheet = read_lke(tiny(tmp_path, lke))
    assert sheet.answers.answers == {"q1": "Ya", "q2": "A", "q88": 7, "q89": 7, "q125": 3.5}
    assert sheet.cells == {"q1": "LKE ZI!K8", "q2": "LKE ZI!K9", "q88": "LKE ZI!K14",
                           "q89": "LKE ZI!K15", "q125": "LKE ZI!K18"}
    assert any(w.message.startswith("no row matches q126 (soal 126)") for w in sheet.warnings)


BAD_ANSWERS = {
    "not on the scale": ("K8", "Mungkin", "q1: 'Mungkin' is not on the scale Ya/Tidak (Ya, "
                         "Tidak)"),
    "text in a count": ("K14", "tujuh", "q88: 'tujuh' is not a whole number; a count is 0, 1, "
                        "2, ..."),
    "negative count": ("K14", -1, "q88: -1 is negative; a count is 0, 1, 2, ..."),
    "fractional count": ("K15", 2.5, "q89: 2.5 is not a whole number; a count is 0, 1, 2, ..."),
    "index above 4": ("K18", 4.5, "q125: 4.5 is outside 0..4"),
    "negative index": ("K18", -0.25, "q125: -0.25 is outside 0..4"),
}


@pytest.mark.parametrize("case", BAD_ANSWERS, ids=list(BAD_ANSWERS))
def test_a_bad_answer_is_an_error_at_its_cell(case: str, tmp_path: Path,
                                              lke: zona.Ruleset) -> None:
    cell, value, message = BAD_ANSWERS[case]
    assert problems(tiny(tmp_path, lke, {cell: value})) == (
        AnswerProblem(f"LKE ZI!{cell}", message),)


def test_every_bad_answer_is_listed(tmp_path: Path, lke: zona.Ruleset) -> None:
    path = tiny(tmp_path, lke, {"K8": "Mungkin", "K14": "tujuh", "K15": 2.5, "K18": 4.5})
    with pytest.raises(ZonaAnswerError) as caught:
        read_lke(path)
    assert [p.location for p in caught.value.problems] == [
        "LKE ZI!K8", "LKE ZI!K14", "LKE ZI!K15", "LKE ZI!K18"]
    assert str(caught.value).startswith(f"{path}: 4 problems in the answers\n  LKE ZI!K8: ")


def test_a_formula_with_a_saved_result_is_read(tmp_path: Path, lke: zona.Ruleset) -> None:
    path = tiny(tmp_path, lke, {"K8": '="Ya"'})
    assert problems(path)[0].location == "LKE ZI!K8"
    save_result(path, "K8", '"Ya"', "Ya")
    assert read_lke(path).answers.answers["q1"] == "Ya"


@pytest.mark.parametrize("content", [bytes(range(256)) * 4, b"soal,jawaban\n1,Ya\n2,A\n"],
                         ids=["random bytes", "csv renamed"])
def test_not_a_workbook(content: bytes, tmp_path: Path) -> None:
    path = tmp_path / "answers.xlsx"
    path.write_bytes(content)
    (problem,) = problems(path)
    assert problem.location == str(path)
    assert problem.message.startswith("not an Excel .xlsx workbook (BadZipFile: ")


def test_an_old_xls_workbook(tmp_path: Path) -> None:
    path = tmp_path / "lke.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    (problem,) = problems(path)  # read with xlrd (tests/io/test_template_xls.py): damaged
    assert problem.location == str(path)
    assert problem.message.startswith(("cannot be read as an old .xls workbook (",
                                       "an old .xls workbook: open it in Excel"))
    assert "save it as .xlsx" in problem.message


def test_no_lke_sheet_names_the_sheets_found(tmp_path: Path, lke: zona.Ruleset) -> None:
    path = tiny(tmp_path, lke, sheet="Ctt Eval")
    assert problems(path) == (AnswerProblem(
        str(path), 'no sheet "LKE ZI" (sheets found: "Utama", "Ctt Eval")'),)
    assert read_lke(tiny(tmp_path, lke, sheet=" lke  zi ")).answers.answers["q1"] == "Ya"


def test_a_file_over_50_mb_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.xlsx"
    with path.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)  # sparse: nothing is written
    assert problems(path) == (AnswerProblem(
        str(path), "the file is larger than 50 MB; an LKE workbook is well under 1 MB (raise "
        "the limit with ZONA_MAX_FILE_BYTES)"),)


def test_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "absent.xlsx"
    assert problems(path) == (AnswerProblem(str(path), "cannot read: No such file or directory"),)


def test_an_unknown_header_needs_a_ruleset(tmp_path: Path, lke: zona.Ruleset) -> None:
    path = tiny(tmp_path, lke, header="LEMBAR KERJA EVALUASI")
    assert problems(path) == (AnswerProblem(
        "LKE ZI!B1", "cannot tell the regulation from the header ('LEMBAR KERJA EVALUASI'); "
        "pass the ruleset to read it with"),)
    sheet = read_lke(path, lke)
    assert (sheet.ruleset, sheet.detected) == (REGULATION, None)


def test_without_openpyxl_the_error_says_what_to_install(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         lke: zona.Ruleset) -> None:
    path = tiny(tmp_path, lke)
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(ZonaError, match=r'pip install "zona-rb\[xlsx\]"'):
        read_lke(path)

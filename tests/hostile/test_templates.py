"""Filled templates an attacker builds. The template reader opens the workbook in full, where
openpyxl builds a cell for every cell a merged or hyperlinked range covers: the XML is
measured first (zona.io.xlsx_extent), so a 37 KB template merging `L1:XFD1048576` (17
billion cells; 47 s and 3.5 GB before, or never ending) is refused at once."""

from __future__ import annotations

import io
import random
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

import zona
from zona.errors import AnswerProblem, ZonaAnswerError
from zona.io import read_answers
from zona.io.template import write_template
from zona.io.xlsx_extent import check_extent

openpyxl = pytest.importorskip("openpyxl")
LKE = zona.load_builtin("permenpan-90-2021")
SHEET = "xl/worksheets/sheet1.xml"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("template") / "t.xlsx"
    write_template(LKE, path)
    return path.read_bytes()


def mutated(seed: bytes, path: Path, change: Callable[[str], str],
            part: str = SHEET) -> Path:
    """The template with one XML part changed."""
    with zipfile.ZipFile(io.BytesIO(seed)) as source, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == part:
                data = change(data.decode()).encode()
            target.writestr(info, data)
    return path


def merged(ref: str) -> Callable[[str], str]:
    """Put a <mergeCells> with `ref` where the schema has it (before the validations)."""
    return lambda text: text.replace(
        "<dataValidations", f'<mergeCells count="1"><mergeCell ref="{ref}"/></mergeCells>'
                            "<dataValidations", 1)


def refused(path: Path) -> tuple[AnswerProblem, ...]:
    started = time.monotonic()
    with pytest.raises(ZonaAnswerError) as caught:
        read_answers(path, LKE)
    assert time.monotonic() - started < 10
    return caught.value.problems


def test_a_merged_range_of_the_whole_sheet_is_refused_at_once(template: bytes,
                                                               tmp_path: Path) -> None:
    path = mutated(template, tmp_path / "merged.xlsx", merged("L1:XFD1048576"))
    assert path.stat().st_size < 60_000
    assert refused(path) == (AnswerProblem(str(path), (
        "xl/worksheets/sheet1.xml: the workbook would have more than 100,000 cells at "
        "L1:XFD1048576 (a merged or linked range counts every cell it covers) (limit "
        "100,000; raise it with ZONA_MAX_TEMPLATE_CELLS)")),)


@pytest.mark.parametrize(("ref", "message"), [
    ("A:XFD", "the workbook would have more than 100,000 cells at A:XFD (a merged or "
              "linked range counts every cell it covers) (limit 100,000; raise it with "
              "ZONA_MAX_TEMPLATE_CELLS)"),
    ("H20:I9000", "H20:I9000 is beyond row 5,000; a template has a few hundred rows (limit "
                  "5,000; raise it with ZONA_MAX_SHEET_ROWS)"),
])
def test_whole_columns_and_far_rows_are_refused(template: bytes, tmp_path: Path, ref: str,
                                                message: str) -> None:
    path = mutated(template, tmp_path / "merged.xlsx", merged(ref))
    assert refused(path) == (AnswerProblem(str(path), f"{SHEET}: {message}"),)


def test_a_hyperlinked_range_counts_every_cell(template: bytes, tmp_path: Path) -> None:
    links = '<hyperlinks><hyperlink ref="1:1048576" display="x"/></hyperlinks>'
    path = mutated(template, tmp_path / "links.xlsx",
                   lambda text: text.replace("<pageMargins", links + "<pageMargins", 1))
    assert refused(path) == (AnswerProblem(str(path), (
        f"{SHEET}: the workbook would have more than 100,000 cells at 1:1048576 (a merged or "
        "linked range counts every cell it covers) (limit 100,000; raise it with "
        "ZONA_MAX_TEMPLATE_CELLS)")),)


def test_a_cell_at_the_last_row_is_refused(template: bytes, tmp_path: Path) -> None:
    far = '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>q1</t></is></c></row>'
    path = mutated(template, tmp_path / "far.xlsx",
                   lambda text: text.replace("</sheetData>", far + "</sheetData>", 1))
    assert refused(path) == (AnswerProblem(str(path), (
        f"{SHEET}: A1048576 is beyond row 5,000; a template has a few hundred rows (limit "
        "5,000; raise it with ZONA_MAX_SHEET_ROWS)")),)


def test_a_cell_longer_than_excel_allows(template: bytes, tmp_path: Path) -> None:
    path = mutated(template, tmp_path / "long.xlsx", lambda text: text.replace(
        "<t>Unit kerja</t>", f"<t>{'x' * 40_000}</t>", 1))
    assert refused(path) == (AnswerProblem(str(path), (
        f"{SHEET}: a cell holds more than 32,767 characters, Excel's limit")),)


def test_a_doctype_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("docProps/app.xml", '<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>')
    with pytest.raises(ZonaAnswerError) as caught:
        check_extent(buffer.getvalue(), "t.xlsx")
    assert caught.value.problems == (AnswerProblem("t.xlsx", (
        "docProps/app.xml: a document type declaration (DOCTYPE) or entity, which a workbook "
        "never has")),)


def test_the_cell_limit_is_raised_by_the_environment(template: bytes, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    path = mutated(template, tmp_path / "merged.xlsx", merged("A1:B2"))
    monkeypatch.setenv("ZONA_MAX_TEMPLATE_CELLS", "1000")
    assert refused(path) == (AnswerProblem(str(path), (
        f"{SHEET}: the workbook would have more than 1,000 cells at A97 (a merged or linked "
        "range counts every cell it covers) (limit 1,000; raise it with "
        "ZONA_MAX_TEMPLATE_CELLS)")),)
    monkeypatch.setenv("ZONA_MAX_TEMPLATE_CELLS", "100000")
    sheet = read_answers(path, LKE)  # A1:B2 holds no answer cell: read as before
    assert sheet.answers == {}


def test_every_answer_a_formula_is_read_in_one_pass(template: bytes, tmp_path: Path) -> None:
    """Each formula's saved result was looked up by reading the sheet from its start: 381
    formulas in the 90/2021 template took 19 s. Now one pass."""
    book = openpyxl.load_workbook(io.BytesIO(template))
    sheet = book["Jawaban"]
    for row in sheet.iter_rows(min_row=10):
        if row[0].value in LKE.inputs_by_name:
            for cell in (row[7], row[11], row[12]):
                cell.value = "=1"
    path = tmp_path / "formulas.xlsx"
    book.save(path)
    problems = refused(path)
    assert len(problems) == 127
    assert problems[0] == AnswerProblem("Jawaban!H15", (
        "q1: the answer is a formula (=1) with no saved result; open and save the workbook "
        "in Excel or LibreOffice, or type the answer"))


def test_a_sheet_of_empty_rows_stops_early(template: bytes, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows without cells build nothing, but streaming millions of them takes seconds (4 M
    took 4.3 s): the scan stops at ten elements per cell of the limit. Random spans keep
    the part under the zip-ratio limit."""
    rng = random.Random(14)
    rows = "".join(f'<row r="1" spans="{rng.randrange(10**6)}"/>' for _ in range(150_000))
    path = mutated(template, tmp_path / "rows.xlsx",
                   lambda text: text.replace("<sheetData>", "<sheetData>" + rows, 1))
    monkeypatch.setenv("ZONA_MAX_TEMPLATE_CELLS", "10000")
    assert refused(path) == (AnswerProblem(str(path), (
        f"{SHEET}: the workbook's XML has more than 100,000 elements (ten per cell of the "
        "limit); a template has far fewer (limit 10,000; raise it with "
        "ZONA_MAX_TEMPLATE_CELLS)")),)

"""Workbook fuzzer: a valid .xlsx whose sheet and shared-string XML are mutated (entities,
bad numbers, dates and string indexes, broken tags, merged ranges); read as one unit's LKE
workbook and as a table of units, it yields answers or zona's own error, never another."""

from __future__ import annotations

import contextlib
import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import zona
from zona.errors import AnswerProblem, ZonaAnswerError
from zona.io import read_answers, read_table

openpyxl = pytest.importorskip("openpyxl")
LKE = zona.load_builtin("permenpan-90-2021")
SETTINGS = settings(max_examples=80, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture])
BILLION_LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
                  b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
                  b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>')
PIECES = [b'<v>INF</v>', b'<v>abc</v>', b'<v>1e100000000</v>', b't="s"', b't="d"', b't="e"',
          b'<v>99999</v>', b'<v>-1</v>', b"&undefined;", b"&c;", b"<", b">", b'"', b"</row>",
          b"<row>", b'<c r="XFD1048576">', b'r="A0"', b'<mergeCell ref="A1:XFD1048576"/>',
          b'<mergeCells><mergeCell ref="H1:XFD1048576"/></mergeCells>',
          b'<hyperlinks><hyperlink ref="A:XFD"/></hyperlinks>',
          b'<f>1/0</f>', b'<is><t>x</t></is>', b"\x00", b"\xff", b"=HYPERLINK(1)"]


def workbook(unit_table: bool) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    if unit_table:
        sheet.title = "units"
        sheet.append(["unit", "q1", "q88"])
        sheet.append(["A", "Ya", 3])
    else:
        sheet.title = "LKE ZI"
        sheet["B5"], sheet["J5"], sheet["K5"] = "PENGUNGKIT", "", None
        sheet["G8"], sheet["J8"], sheet["K8"] = "Tim telah dibentuk", "Ya/Tidak", "Ya"
        sheet["G9"], sheet["J9"], sheet["K9"] = "Jumlah pegawai", "Jumlah", 12
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


SEEDS = {False: workbook(False), True: workbook(True)}
EXAMPLE = zona.load(Path(__file__).parents[2] / "examples" / "example.zona")


def template() -> bytes:
    """A filled zona template (read in full, not row by row, to see merged answer cells)."""
    from zona.io.workbook import write_workbook

    buffer = io.BytesIO()
    write_workbook(EXAMPLE, buffer)
    book = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    for row in book["Jawaban"].iter_rows():
        if row[0].value == "q1":
            row[7].value = "Ya"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


TEMPLATE = template()


def body(part: bytes) -> bytes:
    """An XML part without its declaration, to put a DOCTYPE before it."""
    return part[part.index(b"?>") + 2:] if part.startswith(b"<?xml") else part


def mutated(seed: bytes, data: st.DataObject) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(seed))
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            part = source.read(info.filename)
            if info.filename.endswith(("sheet1.xml", "sharedStrings.xml")):
                if data.draw(st.booleans()):
                    part = BILLION_LAUGHS + body(part)
                for _ in range(data.draw(st.integers(0, 3))):
                    start = data.draw(st.integers(0, len(part)))
                    end = data.draw(st.integers(start, min(len(part), start + 12)))
                    part = part[:start] + data.draw(st.sampled_from(PIECES)) + part[end:]
            out.writestr(info.filename, part)
    return target.getvalue()


@SETTINGS
@given(st.booleans(), st.data())
def test_mutated_workbooks_fail_only_with_zona_errors(tmp_path_factory: pytest.TempPathFactory,
                                                      table: bool,
                                                      data: st.DataObject) -> None:
    folder = tmp_path_factory.mktemp("book")
    path = folder / "book.xlsx"
    path.write_bytes(mutated(SEEDS[table], data))
    try:
        if table:
            read_table(path, LKE)
        else:
            read_answers(path, LKE).score(LKE)
    except zona.ZonaError:
        pass


@SETTINGS
@given(st.data())
def test_mutated_templates_fail_only_with_zona_errors(
        tmp_path_factory: pytest.TempPathFactory, data: st.DataObject) -> None:
    path = tmp_path_factory.mktemp("template") / "unit.xlsx"
    path.write_bytes(mutated(TEMPLATE, data))
    with contextlib.suppress(zona.ZonaError):
        read_answers(path, EXAMPLE).score(EXAMPLE)


def test_an_entity_in_the_sheet_is_refused_located(tmp_path: Path) -> None:
    source = zipfile.ZipFile(io.BytesIO(SEEDS[True]))
    path = tmp_path / "laughs.xlsx"
    with zipfile.ZipFile(path, "w") as out:
        for info in source.infolist():
            part = source.read(info.filename)
            if info.filename.endswith("sheet1.xml"):
                part = BILLION_LAUGHS + body(part).replace(
                    b"<v>3</v>", b"<v>&c;</v>", 1)
            out.writestr(info.filename, part)
    with pytest.raises(ZonaAnswerError) as caught:
        read_table(path, LKE)
    assert caught.value.problems == (AnswerProblem(str(path), (
        "not an Excel .xlsx workbook (ValueError: Unable to read workbook: could not read "
        "worksheets from None.)")),)

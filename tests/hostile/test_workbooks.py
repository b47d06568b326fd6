"""Workbooks and tables an attacker builds: a zip bomb (a sheet of gigabytes of blanks in a
few MB), more rows than an LKE sheet or a table can have, Parquet columns of lists. Each is
refused from the zip directory or the Parquet footer, before anything is inflated."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

import zona
from zona.errors import AnswerProblem, ZonaAnswerError
from zona.io import read_answers, read_table

LKE = zona.load_builtin("permenpan-90-2021")


def bomb(path: Path, size: int) -> Path:
    """A zip that declares an .xlsx sheet of `size` blanks (compressed to a few KB per MB)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            chunk = b" " * (1024 * 1024)
            for _ in range(size // len(chunk)):
                part.write(chunk)
    path.write_bytes(buffer.getvalue())
    return path


def test_a_zip_bomb_is_refused_from_the_directory(tmp_path: Path) -> None:
    path = bomb(tmp_path / "bomb.xlsx", 64 * 1024 * 1024)
    assert path.stat().st_size < 200_000
    with pytest.raises(ZonaAnswerError) as caught:
        read_answers(path, LKE)
    (problem,) = caught.value.problems
    assert problem.location == str(path)
    assert problem.message.startswith("xl/worksheets/sheet1.xml would unzip to ")
    assert problem.message.endswith(" times its size, like a zip bomb (limit 200; raise it "
                                    "with ZONA_MAX_ZIP_RATIO)")


def test_the_total_unzipped_size_is_limited(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZONA_MAX_UNZIPPED_BYTES", "1000000")
    path = bomb(tmp_path / "bomb.xlsx", 2 * 1024 * 1024)
    with pytest.raises(ZonaAnswerError) as caught:
        read_table(path, LKE)
    assert caught.value.problems == (AnswerProblem(str(path), (
        "the workbook would unzip to 2,097,160 bytes in 2 parts (limit 1,000,000; raise it "
        "with ZONA_MAX_UNZIPPED_BYTES)")),)


def test_an_lke_sheet_of_too_many_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    monkeypatch.setenv("ZONA_MAX_SHEET_ROWS", "50")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "LKE ZI"
    for row in range(1, 80):
        sheet.cell(row=row, column=3, value=f"Pertanyaan {row}")
    path = tmp_path / "rows.xlsx"
    book.save(path)
    with pytest.raises(ZonaAnswerError) as caught:
        read_answers(path, LKE)
    assert caught.value.problems == (AnswerProblem("LKE ZI", (
        "the sheet has more than 50 rows; an LKE sheet has a few hundred (limit 50; raise it "
        "with ZONA_MAX_SHEET_ROWS)")),)


def test_parquet_columns_of_lists_are_refused(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    parquet = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "nested.parquet"
    parquet.write_table(pa.table({"unit": ["a"], "q1": [["Ya", "Tidak"]]}), path)
    with pytest.raises(ZonaAnswerError) as caught:
        read_table(path, LKE)
    assert caught.value.problems == (AnswerProblem(
        f"{path}#/q1", "the column holds lists or structs; a table of units has one value per "
        "cell"),)


def test_parquet_rows_are_limited_from_the_footer(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    pa = pytest.importorskip("pyarrow")
    parquet = pytest.importorskip("pyarrow.parquet")
    monkeypatch.setenv("ZONA_MAX_ROWS", "10")
    path = tmp_path / "long.parquet"
    parquet.write_table(pa.table({"unit": [str(i) for i in range(11)]}), path)
    with pytest.raises(ZonaAnswerError) as caught:
        read_table(path, LKE)
    (problem,) = caught.value.problems
    assert problem.message.endswith(" bytes in 11 rows (limits: (limit 524,288,000; raise it "
                                    "with ZONA_MAX_UNZIPPED_BYTES), (limit 10; raise it with "
                                    "ZONA_MAX_ROWS))")

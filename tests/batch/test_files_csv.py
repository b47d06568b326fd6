"""zona.batch.files reads a CSV table of units cell for cell as Python's csv module reads
it: quoted commas, quotes and line breaks inside values, empty cells as None, whether the
file quotes anything or not (a file without quotes is read in parallel blocks)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("pyarrow")

import zona
from zona.batch.files import read_units

RULES = zona.load_builtin("permenpan-90-2021")
CELLS = ["A", "B", "Ya", "Tidak", "3", "3.5", "", "Kantor Imigrasi, Jakarta",
         "baris\nkedua", 'kata "kutip"', "Dinas Pendidikan", "baris\r\nwindows"]


def _written(rows: list[list[str]], delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow([f"c{i}" for i in range(len(rows[0]))])
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _read(path: Path) -> list[list[str | None]]:
    table = read_units(path, RULES).table
    return [list(row.values()) for row in table.to_pylist()]


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(width=st.integers(2, 5), data=st.data(), delimiter=st.sampled_from([",", ";"]))
def test_every_cell_reads_as_written(tmp_path: Path, width: int, data: st.DataObject,
                                     delimiter: str) -> None:
    rows = data.draw(st.lists(st.lists(st.sampled_from(CELLS), min_size=width,
                                       max_size=width), min_size=1, max_size=20))
    path = tmp_path / "units.csv"
    path.write_bytes(_written(rows, delimiter))
    assert _read(path) == [[cell or None for cell in row] for row in rows]


def test_line_breaks_in_values_across_the_reader_s_blocks(tmp_path: Path) -> None:
    """Quoted line breaks in 60,000 rows (several of pyarrow's blocks of 1 MB) read whole;
    the same rows without the line breaks, and so with no quote in the file, read alike."""
    rows = [[f"Unit {i}\nKabupaten {i % 7}", "A", "Ya", f"{i % 5}.5", "Kantor " * 3]
            for i in range(60_000)]
    path = tmp_path / "quoted.csv"
    path.write_bytes(_written(rows))
    assert _read(path) == rows
    plain = [[row[0].replace("\n", " "), *row[1:]] for row in rows]
    path = tmp_path / "plain.csv"
    path.write_bytes(_written(plain))
    assert b'"' not in path.read_bytes()
    assert _read(path) == plain

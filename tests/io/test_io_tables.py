"""Tables of many units (CSV, xlsx, Parquet): one AnswerSheet per good row, with the unit
kept; every bad row is reported with each problem at its cell, and the rest are read."""

from __future__ import annotations

import csv
import io
import random
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import zona
from tests.sheets import extreme_answers
from zona.errors import AnswerProblem, ZonaAnswerError
from zona.io import BadRow, read_table
from zona.numtext import exact_text

LKE = zona.load_builtin("permenpan-90-2021")


def units(count: int, seed: int = 1) -> list[dict[str, object]]:
    """Seeded units of 90/2021: every answer kind, some blank."""
    rng = random.Random(seed)
    found = []
    for index in range(count):
        row: dict[str, object] = {"unit": f"Kantor {index + 1}", "unit_id": f"K-{index + 1}"}
        for spec in LKE.inputs:
            if rng.random() < 0.1:
                continue
            if spec.kind == "choice" and spec.scale is not None:
                row[spec.name] = rng.choice(spec.scale.names)
            elif spec.kind == "count":
                row[spec.name] = rng.randint(0, 20)
            else:
                row[spec.name] = exact_text(Fraction(rng.randint(0, 400), 100))
        found.append(row)
    return found


def to_csv(rows: list[dict[str, object]], columns: list[str] | None = None) -> str:
    names = columns or list(dict.fromkeys(k for row in rows for k in row))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow(["" if row.get(n) is None else row[n] for n in names])
    return out.getvalue()


def answers_of(row: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in row.items() if k in LKE.inputs_by_name}


def test_csv_table_reads_every_unit(tmp_path: Path) -> None:
    rows = units(5)
    path = tmp_path / "units.csv"
    path.write_text(to_csv(rows), encoding="utf-8")
    table = read_table(path, LKE)
    assert (table.bad, table.warnings, len(table.sheets)) == ((), (), 5)
    for row, sheet in zip(rows, table.sheets, strict=True):
        assert (sheet.unit, sheet.unit_id, sheet.ruleset) == (row["unit"], row["unit_id"],
                                                              LKE.id)
        assert sheet.score(LKE).total.score == LKE.score(answers_of(row)).total.score
    assert table.sheets[0].locations["q1"].startswith(f"{path}:2:")


def test_bad_rows_are_reported_and_the_good_ones_read(tmp_path: Path) -> None:
    rows = units(4)
    rows[1].update({"q1": "Mungkin", "q88": "tujuh"})
    rows[3].update({"q89": -2, "q125": "4.5"})
    names = list(dict.fromkeys(k for row in rows for k in row))
    path = tmp_path / "units.csv"
    path.write_text(to_csv(rows, names), encoding="utf-8")
    table = read_table(path, LKE)
    column = {n: i + 1 for i, n in enumerate(names)}
    assert [s.unit for s in table.sheets] == ["Kantor 1", "Kantor 3"]
    assert table.bad == (
        BadRow(f"{path}:3", "Kantor 2", (
            AnswerProblem(f"{path}:3:{column['q1']}", "q1: 'Mungkin' is not on the scale "
                          "Ya/Tidak (Ya, Tidak)"),
            AnswerProblem(f"{path}:3:{column['q88']}", "q88: 'tujuh' is not a whole number; "
                          "a count is 0, 1, 2, ..."))),
        BadRow(f"{path}:5", "Kantor 4", (
            AnswerProblem(f"{path}:5:{column['q89']}", "q89: '-2' is negative; a count is 0, "
                          "1, 2, ..."),
            AnswerProblem(f"{path}:5:{column['q125']}", "q125: 4.5 is outside 0..4"))))
    error = table.error()
    assert error is not None and len(error.problems) == 4
    assert str(error).startswith(f"{path}: 4 problems in the answers\n")
    for sheet, row in zip(table.sheets, (rows[0], rows[2]), strict=True):
        assert sheet.score(LKE).total.score == LKE.score(answers_of(row)).total.score


def test_soal_columns_facts_and_unknown_columns(tmp_path: Path) -> None:
    best = extreme_answers(LKE, True)
    header = ["nama_unit", "catatan", "fact:prior_predicate",
              *(f"soal_{LKE.inputs_by_name[k].soal}" for k in best)]
    text = ",".join(header) + "\n" + ",".join(["Kantor A", "x", "WBK", *map(str, best.values())])
    path = tmp_path / "soal.csv"
    path.write_text(text + "\n", encoding="utf-8")
    table = read_table(path, LKE)
    assert table.warnings == (AnswerProblem(
        f"{path}:1:2", "column 'catatan' names no input, soal, unit or fact; it is ignored"),)
    (sheet,) = table.sheets
    assert (sheet.unit, dict(sheet.facts)) == ("Kantor A", {"prior_predicate": "WBK"})
    assert sheet.score(LKE).predicates["WBBM"].passed is True


def test_a_bad_fact_and_a_repeated_unit_id_are_row_problems(tmp_path: Path) -> None:
    path = tmp_path / "facts.csv"
    path.write_text("unit_id,q1,fact:prior_predicate,fact:kkn_case\nA,Ya,WBK,Tidak\n"
                    "B,Ya,WBX,mungkin\nA,Tidak,,\n", encoding="utf-8")
    table = read_table(path, LKE)
    assert [s.unit_id for s in table.sheets] == ["A"]
    assert table.problems == (
        AnswerProblem(f"{path}:3:3", "fact prior_predicate: 'WBX' is not one of none, WBK, "
                      "WBBM"),
        AnswerProblem(f"{path}:3:4", "fact kkn_case: 'mungkin' is not yes or no"),
        AnswerProblem(f"{path}:4:1", f"unit_id A appears twice (first at {path}:2:1)"))


@pytest.mark.parametrize(("header", "message", "where"), [
    ("unit,q1,soal_1", "a second column for q1 (first at {path}:1:2)", ":1:3"),
    ("unit,q1,fact:prior_predicat", "permenpan-90-2021 has no fact 'prior_predicat'. "
     "Did you mean "
     "'prior_predicate'?", ":1:3"),
    ("unit,catatan", "the header row names no question: use input ids (q1, ...) or soal_<n>",
     ":1:1"),
], ids=["repeated column", "unknown fact", "no question"])
def test_header_problems_stop_the_table(header: str, message: str, where: str,
                                        tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(header + "\nKantor A,Ya,A\n", encoding="utf-8")
    with pytest.raises(ZonaAnswerError) as caught:
        read_table(path, LKE)
    assert caught.value.problems[-1] == AnswerProblem(f"{path}{where}",
                                                      message.format(path=path))


def test_empty_and_header_only_tables(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("\n \n", encoding="utf-8")
    with pytest.raises(ZonaAnswerError, match="the file is empty"):
        read_table(empty, LKE)
    header = tmp_path / "header.csv"
    header.write_text("unit,q1\n", encoding="utf-8")
    with pytest.raises(ZonaAnswerError, match="the table has a header row but no units"):
        read_table(header, LKE)


# --- xlsx and Parquet ----------------------------------------------------------------


def test_xlsx_table_with_a_shifted_header(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    rows = units(3)
    rows[2]["q2"] = "Z"
    names = list(dict.fromkeys(k for row in rows for k in row))
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Data"
    sheet["A1"] = "Rekap LKE 2026"  # a title row above the header, and the table from B3
    for offset, row in enumerate([names, *([r.get(n) for n in names] for r in rows)]):
        for column, value in enumerate(row):
            sheet.cell(3 + offset, 2 + column, value if value is None else (
                float(value) if isinstance(value, str) and value[0].isdigit() else value))
    path = tmp_path / "units.xlsx"
    book.save(path)
    table = read_table(path, LKE)
    letter = openpyxl.utils.get_column_letter(2 + names.index("q2"))
    assert table.bad == (BadRow("Data!6:6", "Kantor 3", (AnswerProblem(
        f"Data!{letter}6", "q2: 'Z' is not on the scale A/B/C (A, B, C)"),)),)
    for row, found in zip(rows, table.sheets, strict=False):
        assert found.score(LKE).total.score == LKE.score(answers_of(row)).total.score


def test_an_lke_workbook_or_no_header_is_not_a_table(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.title = "LKE ZI"
    book.create_sheet("Catatan")["A1"] = "bukan tabel"
    book.save(tmp_path / "lke.xlsx")
    with pytest.raises(ZonaAnswerError, match="this is an LKE workbook or a zona template"):
        read_table(tmp_path / "lke.xlsx", LKE)
    del book["LKE ZI"]
    book.save(tmp_path / "other.xlsx")
    with pytest.raises(ZonaAnswerError) as caught:
        read_table(tmp_path / "other.xlsx", LKE)
    assert caught.value.problems[0].message == (
        'no sheet has a header row naming questions (input ids or soal_<n>) in its first 20 '
        'rows (sheets: "Catatan")')


def test_parquet_table(tmp_path: Path) -> None:
    pyarrow = pytest.importorskip("pyarrow")
    parquet = pytest.importorskip("pyarrow.parquet")
    rows = units(3)
    rows[1]["q88"] = 2.5
    names = list(dict.fromkeys(k for row in rows for k in row))
    columns: dict[str, list[object]] = {}
    for name in names:
        values = [row.get(name) for row in rows]
        spec = LKE.inputs_by_name.get(name)
        if spec is not None and spec.kind != "choice":
            values = [None if v is None else float(v) for v in values]  # type: ignore[arg-type]
        columns[name] = values
    path = tmp_path / "units.parquet"
    parquet.write_table(pyarrow.table(columns), path)
    table = read_table(path, LKE)
    assert table.bad == (BadRow(f"{path}#/1", "Kantor 2", (AnswerProblem(
        f"{path}#/1/q88", "q88: 2.5 is not a whole number; a count is 0, 1, 2, ..."),)),)
    for row, found in zip((rows[0], rows[2]), table.sheets, strict=True):
        assert found.score(LKE).total.score == LKE.score(answers_of(row)).total.score


def test_not_a_parquet_file(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    path = tmp_path / "units.parquet"
    path.write_bytes(b"unit,q1\nA,Ya\n")
    with pytest.raises(ZonaAnswerError) as caught:
        read_table(path, LKE)
    assert caught.value.problems[0].message.startswith("not a Parquet file (")


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.integers(1, 6), st.integers(0, 10**6), st.sets(st.integers(0, 5)))
def test_any_table_reads_the_good_rows_exactly(count: int, seed: int, broken: set[int]) -> None:
    """Whatever rows are broken, the others read and score as their answers do."""
    import tempfile

    rows = units(count, seed)
    for index in broken:
        if index < count:
            rows[index]["q1"] = "Mungkin"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.csv"
        path.write_text(to_csv(rows), encoding="utf-8")
        table = read_table(path, LKE)
    good = [r for i, r in enumerate(rows) if i not in broken]
    assert [b.unit for b in table.bad] == [r["unit"] for i, r in enumerate(rows) if i in broken]
    assert [s.unit for s in table.sheets] == [r["unit"] for r in good]
    for row, sheet in zip(good, table.sheets, strict=True):
        assert sheet.score(LKE).total.score == LKE.score(answers_of(row)).total.score

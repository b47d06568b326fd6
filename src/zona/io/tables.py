"""Tables of many units: CSV, Parquet or xlsx, one row per unit.

Columns are input ids or `soal_<n>` (one per question or count), the unit's name
(`unit`, `unit_name` or `nama_unit`) and id (`unit_id` or `id_unit`), and facts as
`fact:NAME`. A row with problems is reported, with every problem at its cell, and
left out; the other rows are read.
"""

from __future__ import annotations

import csv
import io
import math
import warnings
from pathlib import Path
from typing import Any

import attrs

from zona.errors import AnswerProblem, ZonaAnswerError
from zona.extras import require
from zona.i18n import _, whole
from zona.io.files import decode, fail, pointer, read_bytes
from zona.io.sheets import FACT_PREFIX, AnswerSheet, input_id
from zona.limits import how_to_raise, limit, printable
from zona.model import Ruleset

UNIT_NAMES = ("unit", "unit_name", "nama_unit")
UNIT_IDS = ("unit_id", "id_unit")
Cell = tuple[object, str]  # a value and where it is


@attrs.frozen
class BadRow:
    """A row left out, with where it is, its unit if known, and every problem in it."""

    location: str
    unit: str | None
    problems: tuple[AnswerProblem, ...]


@attrs.frozen
class TableRead:
    """What read_table found: the good rows as sheets, the bad rows, and warnings."""

    source: str
    sheets: tuple[AnswerSheet, ...]
    bad: tuple[BadRow, ...] = ()
    warnings: tuple[AnswerProblem, ...] = ()

    @property
    def problems(self) -> tuple[AnswerProblem, ...]:
        """Every problem of every bad row, in order."""
        return tuple(p for row in self.bad for p in row.problems)

    def error(self) -> ZonaAnswerError | None:
        """A ZonaAnswerError listing every bad row's problems, or None when all are good."""
        return ZonaAnswerError(self.problems, self.source) if self.bad else None


@attrs.frozen
class _Grid:
    """A table before it is understood: header cells, then rows of cells."""

    header: list[Cell]
    rows: list[tuple[str, list[Cell]]]


def read_table(path: str | Path, ruleset: Ruleset) -> TableRead:
    """Read a table of units into one AnswerSheet per good row; see the module text."""
    file = Path(path)
    name = str(file)
    suffix = file.suffix.lower()
    what = _("a table of units is far smaller")
    if suffix in (".parquet", ".pq"):
        grid = _parquet(read_bytes(file, what=what), name)
    elif suffix in (".xlsx", ".xlsm"):
        grid = _workbook(read_bytes(file, what=what), name, ruleset)
    else:
        grid = _csv(decode(read_bytes(file, what=what), name), name)
    return _understand(grid, name, ruleset)


# --- the formats ---------------------------------------------------------------------


def _csv(text: str, name: str) -> _Grid:
    lines = text.splitlines(keepends=True)
    first = next((line for line in lines if line.strip()), "")
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(lines, delimiter=delimiter)
    rows: list[tuple[str, list[Cell]]] = []
    try:
        start = 1
        for cells in reader:
            if any(c.strip() for c in cells):
                rows.append((f"{name}:{start}", [(c, f"{name}:{start}:{i + 1}")
                                                 for i, c in enumerate(cells)]))
            start = reader.line_num + 1
    except csv.Error as error:
        raise fail(f"{name}:{reader.line_num}", _("not valid CSV: {reason}", reason=error),
                   name) from None
    if not rows:
        raise fail(name, _("the file is empty"), name)
    return _Grid(rows[0][1], rows[1:])


def read_parquet(data: bytes, name: str) -> Any:
    """A Parquet table, read once its footer shows it within the limits (rows, and bytes
    once inflated) and then with one value per cell (no list, struct or map column);
    ZonaAnswerError otherwise. Shared by read_table and batch scoring."""
    parquet = require("pyarrow.parquet", "tables", "reading Parquet tables")
    try:
        meta = parquet.ParquetFile(io.BytesIO(data)).metadata
        inflated = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
    except Exception as error:  # pyarrow raises several kinds on a damaged or foreign file
        raise fail(name, _("not a Parquet file ({reason})",
                           reason=f"{type(error).__name__}: {printable(str(error), 200)}"),
                   name) from None
    if inflated > limit("unzipped_bytes") or meta.num_rows > limit("rows"):
        raise fail(name, _("the table would take {size} bytes in {rows} rows (limits: {bytes}, "
                           "{rows_limit})", size=whole(inflated), rows=whole(meta.num_rows),
                           bytes=how_to_raise("unzipped_bytes"),
                           rows_limit=how_to_raise("rows")), name)
    try:
        table = parquet.read_table(io.BytesIO(data))
    except Exception as error:  # pyarrow raises several kinds on a damaged or foreign file
        raise fail(name, _("not a Parquet file ({reason})",
                           reason=f"{type(error).__name__}: {printable(str(error), 200)}"),
                   name) from None
    nested = [str(f.name) for f in table.schema if getattr(f.type, "num_fields", 0)]
    if nested:
        raise fail(pointer(name, nested[0]), _("the column holds lists or structs; a table of "
                                               "units has one value per cell"), name)
    return table


def _parquet(data: bytes, name: str) -> _Grid:
    table = read_parquet(data, name)
    columns = [str(c) for c in table.column_names]
    values = [table.column(i).to_pylist() for i in range(len(columns))]
    header: list[Cell] = [(c, pointer(name, c)) for c in columns]
    rows = [(pointer(name, r), [(values[c][r], pointer(name, r, columns[c]))
                                for c in range(len(columns))])
            for r in range(table.num_rows)]
    return _Grid(header, rows)


def _workbook(data: bytes, name: str, ruleset: Ruleset) -> _Grid:
    from zona.io.lke_book import SHEET, damaged
    from zona.io.lke_book import open_book as _open

    book = _open(data, name, data_only=True)
    try:
        if "zona" in book.sheetnames or any(
                " ".join(s.split()).casefold() == SHEET.casefold() for s in book.sheetnames):
            raise fail(name, _("this is an LKE workbook or a zona template (one unit), not a "
                               "table of units; score it with `zona score`"), name)
        for sheet in book.worksheets:
            sheet.reset_dimensions()
            with damaged(name):  # openpyxl parses the sheet's XML only now
                found = _sheet_grid(sheet, ruleset)
            if found is not None:
                return found
        shown = ", ".join(f'"{s}"' for s in book.sheetnames)
        raise fail(name, _("no sheet has a header row naming questions (input ids or soal_<n>) "
                           "in its first 20 rows (sheets: {sheets})", sheets=shown), name)
    finally:
        book.close()


def _sheet_grid(sheet: Any, ruleset: Ruleset) -> _Grid | None:
    from openpyxl.utils import get_column_letter

    title = sheet.title
    rows: list[tuple[str, list[Cell]]] = []
    header: list[Cell] | None = None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        most, cells_left = limit("rows"), limit("cells")
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells_left -= len(values)
            if number > most or cells_left < 0:
                what = _("{count} rows", count=whole(most)) if number > most else \
                    _("{count} cells", count=whole(limit("cells")))
                raise fail(title, _("the sheet has more than {what} {how}", what=what,
                                    how=how_to_raise("rows" if number > most else "cells")),
                           title)
            cells = [(v, f"{title}!{get_column_letter(i + 1)}{number}")
                     for i, v in enumerate(values)]
            if header is None:
                if number > 20:
                    return None
                if any(_input_column(str(v).strip(), ruleset) for v, _where in cells
                       if isinstance(v, str)):
                    header = cells
            elif any(_plain(v) is not None for v, _where in cells):
                rows.append((f"{title}!{number}:{number}", cells))
    return _Grid(header, rows) if header is not None else None


# --- understanding the header and the rows --------------------------------------------


def _input_column(text: str, ruleset: Ruleset) -> str | None:
    name = input_id(text, ruleset)
    return name if name in ruleset.inputs_by_name else None


def _understand(grid: _Grid, name: str, ruleset: Ruleset) -> TableRead:
    columns, warned = _columns(grid.header, name, ruleset)
    if not grid.rows:
        raise fail(name, _("the table has a header row but no units"), name)
    sheets: list[AnswerSheet] = []
    bad: list[BadRow] = []
    seen: dict[str, str] = {}
    for where, cells in grid.rows:
        row = _row(cells, columns, ruleset, name)
        if row is None:
            continue
        sheet, problems = row
        if sheet.unit_id is not None:
            if sheet.unit_id in seen:
                problems.append(AnswerProblem(sheet.locations["unit_id"], _(
                    "unit_id {unit_id} appears twice (first at {first})",
                    unit_id=sheet.unit_id, first=seen[sheet.unit_id])))
            seen.setdefault(sheet.unit_id, sheet.locations["unit_id"])
        if problems:
            bad.append(BadRow(where, sheet.unit or sheet.unit_id, tuple(problems)))
        else:
            sheets.append(sheet)
    return TableRead(name, tuple(sheets), tuple(bad), tuple(warned))


def _columns(header: list[Cell], name: str,
             ruleset: Ruleset) -> tuple[dict[int, str], list[AnswerProblem]]:
    """Column index -> role ('unit', 'unit_id', 'fact:NAME' or an input id)."""
    from zona.errors import did_you_mean

    roles: dict[int, str] = {}
    where_of: dict[str, str] = {}
    problems: list[AnswerProblem] = []
    warned: list[AnswerProblem] = []
    for index, (value, where) in enumerate(header):
        text = "" if value is None else str(value).strip()
        folded = text.casefold()
        role = ("unit" if folded in UNIT_NAMES else "unit_id" if folded in UNIT_IDS
                else text if text.startswith(FACT_PREFIX) else _input_column(text, ruleset))
        if role is None:
            if text:
                hint = did_you_mean(text, ruleset.inputs_by_name)
                warned.append(AnswerProblem(where, _("column {name} names no input, soal, "
                                                     "unit or fact; it is ignored",
                                                     name=repr(text))
                                            + (f". {hint}" if hint else "")))
            continue
        fact = role[len(FACT_PREFIX):] if role.startswith(FACT_PREFIX) else None
        if fact is not None and fact not in ruleset.facts_by_name:
            hint = did_you_mean(fact, ruleset.facts_by_name)
            problems.append(AnswerProblem(where, _("{ruleset} has no fact {name}",
                                                   ruleset=ruleset.id, name=repr(fact))
                                          + (f". {hint}" if hint else "")))
        elif role in where_of:
            problems.append(AnswerProblem(where, _("a second column for {role} (first at "
                                                   "{first})", role=role,
                                                   first=where_of[role])))
        roles[index] = role
        where_of.setdefault(role, where)
    if not any(r in ruleset.inputs_by_name for r in roles.values()):
        problems.append(AnswerProblem(header[0][1] if header else name, (
            _("the header row names no question: use input ids (q1, ...) or soal_<n>"))))
    if problems:
        raise ZonaAnswerError(problems, name)
    return roles, warned


def _row(cells: list[Cell], columns: dict[int, str], ruleset: Ruleset,
         name: str) -> tuple[AnswerSheet, list[AnswerProblem]] | None:
    """A row as a sheet and its problems; None for a row with nothing in it."""
    from zona.scoring import read_fact, read_value

    values = {role: (_plain(cells[i][0]) if i < len(cells) else None,
                     cells[i][1] if i < len(cells) else name) for i, role in columns.items()}
    if all(v is None for v, _where in values.values()):
        return None
    answers: dict[str, object] = {}
    facts: dict[str, object] = {}
    places: dict[str, str] = {}
    problems: list[AnswerProblem] = []
    for role, (value, where) in values.items():
        places[role] = where
        if role in ("unit", "unit_id"):
            continue
        if role.startswith(FACT_PREFIX):
            fact = role[len(FACT_PREFIX):]
            places[f"facts.{fact}"] = where
            if value is not None:
                facts[fact] = value
                try:
                    read_fact(ruleset.facts_by_name[fact], value)
                except ValueError as error:
                    problems.append(AnswerProblem(where, _("fact {fact}: {error}", fact=fact,
                                                            error=error)))
            continue
        answers[role] = value
        try:
            read_value(ruleset.inputs_by_name[role], value)
        except ValueError as error:
            problems.append(AnswerProblem(where, f"{role}: {error}"))
    unit, unit_id = values.get("unit", (None, ""))[0], values.get("unit_id", (None, ""))[0]
    sheet = AnswerSheet(answers, facts, None if unit is None else str(unit), ruleset.id, name,
                        places, None, None if unit_id is None else str(unit_id))
    return sheet, problems


def _plain(value: object) -> object:
    """A cell as an answer: trimmed text or None, whole floats as ints, NaN as None."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if value.is_integer():
            return int(value)
    return value


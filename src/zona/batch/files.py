"""Tables of units on disk: CSV, Parquet or xlsx in (every cell kept exactly as written),
CSV or Parquet out (written atomically), and where each cell is in its file."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs

from zona.errors import ZonaError
from zona.i18n import _
from zona.io.files import fail, pointer, read_bytes
from zona.limits import printable
from zona.model import Ruleset

MAX_BYTES = 4 * 1024**3  # a table of millions of units is large, but not this large


@attrs.frozen
class Units:
    """A table read from a file, and how to name the place of a row or of a cell."""

    table: Any
    source: str
    locate: Callable[[int, str | None], str]


def read_units(path: str | Path, ruleset: Ruleset) -> Units:
    """Read a CSV (comma or semicolon), Parquet or xlsx table of units."""
    file = Path(path)
    name = str(file)
    suffix = file.suffix.lower()
    data = read_bytes(file, MAX_BYTES, _("a table of units is far smaller"))
    if suffix in (".parquet", ".pq"):
        return _parquet(data, name)
    if suffix in (".xlsx", ".xlsm"):
        return _workbook(data, name, ruleset)
    return _csv(data, name)


def _csv(data: bytes, name: str) -> Units:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    text = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))  # pyarrow's own is none
    first = text.split(b"\n", 1)[0].decode("utf-8", errors="replace")
    delimiter = ";" if first.count(";") > first.count(",") else ","
    header = next(csv.reader([first], delimiter=delimiter), [])
    names = [h.strip() for h in header]
    # every cell as text, read by zona as the exact path reads it (not as Arrow
    # dictionaries: zona reads one-letter answers from their bytes, and hashing them here
    # was wasted); a line break can be inside a value only where it is quoted, and pyarrow
    # reads a file without quotes in parallel blocks. `zona batch` of a million units to
    # Parquet: 10.2 to 8.1 s quoted, 8.7 to 8.3 s not (docs/performance.md)
    quoted = b'"' in text
    try:
        table = pacsv.read_csv(
            io.BytesIO(text),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=quoted),
            convert_options=pacsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()),
                                                 null_values=[""], strings_can_be_null=True))
    except (pa.ArrowException, UnicodeDecodeError) as error:
        raise fail(name, _("not a readable CSV table: {reason}",
                           reason=printable(str(error), 300)), name) from None
    lines = _LineNumbers(text, delimiter)
    columns = {n: i + 1 for i, n in enumerate(names)}

    def locate(row: int, column: str | None) -> str:
        line = lines.of(row)
        return f"{name}:{line}" + (f":{columns[column]}" if column in columns else "")

    return Units(table, name, locate)


class _LineNumbers:
    """The line each data record starts on, worked out only when a location is asked for
    (records may span lines, blank lines are skipped)."""

    def __init__(self, data: bytes, delimiter: str) -> None:
        self.data, self.delimiter = data, delimiter
        self.starts: list[int] | None = None

    def of(self, row: int) -> int:
        if self.starts is None:
            reader = csv.reader(io.StringIO(self.data.decode("utf-8", errors="replace")),
                                delimiter=self.delimiter)
            starts, line = [], 1
            for cells in reader:
                if any(c.strip() for c in cells):
                    starts.append(line)
                line = reader.line_num + 1
            self.starts = starts[1:]
        return self.starts[row] if row < len(self.starts) else row + 2


def _parquet(data: bytes, name: str) -> Units:
    from zona.io.tables import read_parquet

    table = read_parquet(data, name)  # within the limits, by its footer; one value per cell
    return Units(table, name, lambda row, column: pointer(name, row, *(
        [column] if column is not None else [])))


def _workbook(data: bytes, name: str, ruleset: Ruleset) -> Units:
    import pandas as pd
    from openpyxl.utils import get_column_letter

    from zona.io.sheets import input_id

    try:
        sheets = pd.read_excel(io.BytesIO(data), sheet_name=None, header=None, dtype=object,
                               engine="openpyxl")
    except Exception as error:  # openpyxl raises several kinds on a damaged file
        reason = f"{type(error).__name__}: {error}"
        raise fail(name, _("not a readable xlsx workbook ({reason})", reason=reason),
                   name) from None
    for title, grid in sheets.items():
        for top in range(min(20, len(grid))):
            header = [str(v).strip() if isinstance(v, str) else "" for v in grid.iloc[top]]
            if any(input_id(h, ruleset) in ruleset.inputs_by_name for h in header if h):
                body = grid.iloc[top + 1:].reset_index(drop=True)
                keep = [i for i, h in enumerate(header) if h]
                body = body.iloc[:, keep]
                body.columns = [header[i] for i in keep]
                letters = {header[i]: get_column_letter(i + 1) for i in keep}
                body = body.dropna(how="all")
                lines = [int(i) + top + 2 for i in body.index]
                body = body.reset_index(drop=True)

                def locate(row: int, column: str | None, title: str = str(title),
                           letters: dict[str, str] = letters, lines: list[int] = lines) -> str:
                    if column in letters:
                        return f"{title}!{letters[column]}{lines[row]}"
                    return f"{title}!{lines[row]}:{lines[row]}"

                return Units(body, name, locate)
    raise fail(name, _("no sheet has a header row naming questions (input ids or soal_<n>) in "
                       "its first 20 rows"), name)


def write_scored(table: Any, path: str | Path) -> None:
    """Write a scored table (pandas or Arrow) as CSV or Parquet, all at once or not at all."""
    from zona.io.atomic import write_atomic

    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in (".csv", ".parquet", ".pq"):
        raise ZonaError(_("{path}: write the scores to a .csv or .parquet file", path=target))
    import pyarrow as pa

    arrow = table if isinstance(table, pa.Table) else pa.Table.from_pandas(
        table, preserve_index=False)

    def write(stream: Any) -> None:
        if suffix == ".csv":
            import pyarrow.csv as pacsv

            pacsv.write_csv(neutralised(arrow), stream)
        else:
            import pyarrow.parquet as parquet

            parquet.write_table(arrow, stream)

    write_atomic(target, write)


def neutralised(arrow: Any) -> Any:
    """The table with every text that a spreadsheet could take for a formula (`=`, `+`, `-`,
    `@`, a tab or a carriage return first: CSV injection) given a leading `'`, as
    zona.io.formulas_text.neutralise does for templates; numbers are left alone."""
    import pyarrow as pa
    import pyarrow.compute as pc

    columns = []
    for column in arrow.columns:
        if pa.types.is_dictionary(column.type) and _text(column.type.value_type):
            column = column.cast(column.type.value_type)  # carried columns come encoded
        if _text(column.type):
            risky = pc.fill_null(pc.match_substring_regex(column, r"^'*[=+\-@\t\r]"), False)
            column = pc.if_else(risky, pc.binary_join_element_wise("'", column, ""), column)
        columns.append(column)
    return pa.table(columns, names=arrow.column_names)


def _text(kind: Any) -> bool:
    import pyarrow as pa

    return bool(pa.types.is_string(kind) or pa.types.is_large_string(kind))

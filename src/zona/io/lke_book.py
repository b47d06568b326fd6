"""The LKE workbook as cells: open the file, find the "LKE ZI" sheet, read its rows.

Knows the sheet's layout (hierarchy columns B..G, answer type J, answer K) but nothing
about rulesets; zona.io.lke_match pairs the rows read here with a ruleset's questions.
"""

from __future__ import annotations

import contextlib
import io
import re
import unicodedata
import warnings
from collections.abc import Iterator, Set
from pathlib import Path
from typing import Any

import attrs

from zona.errors import ZonaError
from zona.extras import require
from zona.i18n import _, whole
from zona.io import files
from zona.io.files import fail
from zona.limits import how_to_raise, limit, printable

SHEET = "LKE ZI"
MAX_BYTES = 50 * 1024 * 1024
_COLUMNS = "BCDEFG"  # the hierarchy columns; H weight, I criteria, J answer type, K answer
_NUMBER = re.compile(r"\s*(?:[-\u2013\u2022*]|(?:[a-z]|[ivx]+|\d+)\s*[.)]?)\s*", re.IGNORECASE)
_LEADING = re.compile(r"^\s*(?:[-\u2013\u2022*]|(?:[a-z]|[ivx]+|\d+)\s*[.)])\s+", re.IGNORECASE)


@attrs.frozen
class Row:
    """One sheet row: its hierarchy text (normalised and as written) and columns J and K."""

    number: int
    text: str
    key: str
    column: str
    summary: bool
    answer_type: str
    answer: object
    formula: bool

    @property
    def kind(self) -> str:
        """The answer type compacted: 'ya/tidak', 'jumlah', '%', 'nilai(0-4)', ..."""
        return compact(self.answer_type)


# --- opening the workbook ----------------------------------------------------------


def read_bytes(file: Path, name: str) -> bytes:
    """The file's bytes: a regular file of at most MAX_BYTES (zona.io.files.read_bytes)."""
    return files.read_bytes(file, MAX_BYTES, _("an LKE workbook is well under 1 MB"))


def open_book(data: bytes, name: str, data_only: bool) -> Any:
    """An openpyxl workbook (read-only) from bytes; ZonaAnswerError if it is not one."""
    openpyxl = require("openpyxl", "xlsx", "reading .xlsx workbooks")
    require("defusedxml", "xlsx", "reading .xlsx workbooks safely")  # openpyxl then uses it
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise fail(name, _("an old .xls workbook (or an encrypted one); save it as .xlsx"),
                   name)
    files.check_zip(data, name)  # a zip bomb is refused before openpyxl inflates it
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(io.BytesIO(data), read_only=True,
                                          data_only=data_only)
    except Exception as error:  # openpyxl raises many kinds on a damaged or foreign file
        first = (str(error).splitlines() or [""])[0]  # openpyxl adds lines of advice
        raise fail(name, _("not an Excel .xlsx workbook ({reason})",
                           reason=f"{type(error).__name__}: {printable(first, 120)}"),
                   name) from None


@contextlib.contextmanager
def damaged(name: str) -> Iterator[None]:
    """Turn any failure of openpyxl reading a sheet (it parses the XML lazily, row by row:
    an undefined or forbidden entity, `<v>INF</v>`, a bad date, a shared string out of
    range) into zona's own located error."""
    try:
        yield
    except ZonaError:
        raise
    except Exception as error:  # openpyxl raises many kinds on damaged XML
        raise fail(name, _("a sheet of the workbook is damaged ({reason})",
                           reason=f"{type(error).__name__}: {printable(str(error), 120)}"),
                   name) from None


def find_sheet(book: Any, name: str) -> Any:
    """The "LKE ZI" sheet, tolerating case and stray blanks in its name."""
    for sheet_name in book.sheetnames:
        if " ".join(sheet_name.split()).casefold() == SHEET.casefold():
            return book[sheet_name]
    found = ", ".join(f'"{n}"' for n in book.sheetnames) or _("none")
    raise fail(name, _('no sheet "{sheet}" (sheets found: {found})', sheet=SHEET, found=found),
               name)


def cached_answers(data: bytes, name: str, title: str, wanted: Set[int],
                   scores: Set[int] = frozenset(), book: Any = None
                   ) -> tuple[dict[int, object], dict[int, float]]:
    """The saved results of the answer cells (column K) in the `wanted` rows and of the
    score cells (column L) in the `scores` rows, by row. `book`, the workbook already
    open with formulas, is read again with values where openpyxl allows it; otherwise
    the workbook is opened again, with values, when some are wanted. A score that is not a
    number is left out."""
    if not wanted and not scores:
        return {}, {}
    if book is not None and _with_values(book):
        found = _saved(book, name, title, wanted, scores)
        if found is not None:
            return found
    book = open_book(data, name, data_only=True)  # (formulas read back: opened afresh)
    try:
        return _saved(book, name, title, wanted, scores) or ({}, {})
    finally:
        book.close()


def _with_values(book: Any) -> bool:
    """Have a read-only workbook opened with formulas give the values saved with them
    from now on. openpyxl's read-only sheets ask their workbook's `data_only` each time
    they are read, and keep it in `_data_only`; where that is not so, False (and
    cached_answers opens the workbook again, as it also does if a formula is read)."""
    try:
        book._data_only = True
    except AttributeError:
        return False
    return book.data_only is True


def _saved(book: Any, name: str, title: str, wanted: Set[int], scores: Set[int]
           ) -> tuple[dict[int, object], dict[int, float]] | None:
    """The saved results by row, as cached_answers gives them; None where a cell read
    gives its formula rather than its result."""
    with damaged(name):
        sheet = book[title]
        sheet.reset_dimensions()
        answers: dict[int, object] = {}
        found: dict[int, float] = {}
        for line in sheet.iter_rows(min_col=11, max_col=12):
            for cell in line:
                row, column = getattr(cell, "row", 0), getattr(cell, "column", 0)
                asked = row in wanted if column == 11 else row in scores
                if not asked:
                    continue
                if getattr(cell, "data_type", None) == "f":
                    return None
                if column == 11:
                    answers[row] = cell.value
                elif _number(cell.value):
                    found[row] = float(cell.value)
    return answers, found


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) \
        and value == value and abs(value) != float("inf")


# --- reading rows ------------------------------------------------------------------


def cell_text(value: object) -> str:
    """A cell value as text with its blanks collapsed; '' for an empty cell."""
    return " ".join(str(value).split()) if value is not None else ""


def normalise(text: str) -> str:
    """Casefolded words only: no numbering, punctuation or repeated blanks."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    while (stripped := _LEADING.sub("", folded, count=1)) != folded:
        folded = stripped
    return " ".join(re.sub(r"[\W_]+", " ", folded).split())


def read_rows(sheet: Any) -> list[Row]:
    """Every row with something in columns B..G, J or K, in order."""
    rows = []
    most = limit("sheet_rows")
    for count, cells in enumerate(sheet.iter_rows(min_col=2, max_col=11), start=1):
        if count > most:
            raise fail(sheet.title, _("the sheet has more than {most} rows; an LKE sheet has a "
                                      "few hundred {how}", most=whole(most),
                                      how=how_to_raise("sheet_rows")), sheet.title)
        by_column = {c.column_letter: c for c in cells if hasattr(c, "column_letter")}
        texts = [(col, cell_text(by_column[col].value if col in by_column else None))
                 for col in _COLUMNS]
        filled = [(col, t) for col, t in texts if t]
        answer = by_column.get("K")
        answer_type = cell_text(by_column["J"].value) if "J" in by_column else ""
        if not filled and not answer_type and (answer is None or cell_text(answer.value) == ""):
            continue
        words = [(col, t) for col, t in filled if not _NUMBER.fullmatch(t)]
        text = words[0][1] if words else ""  # later cells are hidden leftovers of a merge
        rows.append(Row(
            number=next(iter(by_column.values())).row, text=text, key=normalise(text),
            column=words[0][0] if words else "",
            summary=bool(filled) and filled[0][0] == "B" and filled == words,
            answer_type=answer_type,
            answer=answer.value if answer is not None else None,
            formula=answer is not None and answer.data_type == "f"))
    return rows


def compact(text: str) -> str:
    """Text with every blank removed, casefolded: how answer types are compared."""
    return "".join(text.split()).casefold()


def plain(value: object) -> object:
    """A cell value as an answer: trimmed text (None if blank), whole floats as ints."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value

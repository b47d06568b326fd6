"""Read a filled zona template workbook (zona.io.workbook) by the ids in its Id column.

Rows and columns are found by their headers (Indonesian or English) and ids, not by
position, so rows or columns inserted by hand do not matter. A merged answer cell, a
formula without a saved result and an answer that does not fit its question are errors
at the cell. Each question's Catatan (notes) and Bukti dukung (evidence: the cell's
hyperlink, a HYPERLINK formula's address, or its text) are read beside its answer.
"""

from __future__ import annotations

import re
from typing import Any

from zona.errors import AnswerProblem, ZonaAnswerError
from zona.i18n import N_, _
from zona.io.files import fail
from zona.io.lke import LkeSheet
from zona.io.lke_book import damaged
from zona.io.lke_book import open_book as _open
from zona.io.lke_book import plain as _plain
from zona.io.sheets import AnswerSheet
from zona.io.workbook import ENGLISH, HEADERS, MAIN, MARKER, META, META_ROWS, kind_role
from zona.io.xlsx_extent import check_extent
from zona.model import Input, Ruleset

_NEEDED = ("id", "kind", "answer")
_TITLES = {title.casefold(): role for names in (HEADERS, ENGLISH)
           for role, title in names.items()}
_REMARKS = ("notes", "evidence")
_HYPERLINK = re.compile(r'=\s*HYPERLINK\(\s*"([^"]*)"', re.IGNORECASE)


def is_template(book: Any) -> bool:
    """Whether an open workbook is a zona template (it has the hidden marker sheet)."""
    if META not in book.sheetnames:
        return False
    first = next(book[META].iter_rows(max_row=1, max_col=1, values_only=True), (None,))
    return first[0] == MARKER


def read_template(data: bytes, name: str, ruleset: Ruleset | None = None) -> LkeSheet:
    """The answers, facts and unit of a zona template; ZonaAnswerError lists every problem
    with its cell, and rows that match nothing are warnings."""
    book = _open_full(data, name)
    meta = {str(row[0]): row[1] for row in book[META].iter_rows(max_col=2, values_only=True)
            if row[0] is not None}
    written = str(meta.get("ruleset") or "")
    rules = ruleset if ruleset is not None else _builtin(written, name)
    sheet, header, columns = _main(book, str(meta.get("sheet") or MAIN), name)
    reader = _Reader(rules, sheet, columns, name)
    if written and written not in (rules.id, rules.extends):
        reader.warn(f"{META}!B2", _("the template is for {written}; read as {ruleset}",
                                    written=written, ruleset=rules.id))
    for number in range(1, sheet.max_row + 1):
        if number != header:
            reader.row(number)
    for spec in rules.inputs:
        if spec.name not in reader.cells:
            reader.warn(f"{sheet.title}!{columns['id']}{header}", _(
                "no row has the id {name}; it is read as unanswered", name=spec.name))
    if reader.formulas:
        reader.cached(_open(data, name, data_only=True))
    if reader.problems:
        raise ZonaAnswerError(reader.problems, name)
    answers = AnswerSheet(reader.answers, reader.facts, reader.meta.get("unit"), rules.id, name,
                          reader.locations, reader.meta.get("assessor"),
                          reader.meta.get("unit_id"), notes=reader.remarks["notes"],
                          evidence=reader.remarks["evidence"])
    return LkeSheet(answers, rules.id, written or None, tuple(reader.warnings),
                    dict(reader.cells))


def _open_full(data: bytes, name: str) -> Any:
    """The workbook in full (not read-only), to see merged cells; templates are small."""
    import io
    import warnings

    import openpyxl

    check_extent(data, name)  # a merged range of a billion cells is refused before it is built
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(io.BytesIO(data))
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise fail(name, _("not an Excel .xlsx workbook ({reason})",
                           reason=f"{type(error).__name__}: {error}"), name) from None


def _builtin(written: str, name: str) -> Ruleset:
    from zona.builtin import names
    from zona.compiler import load_builtin

    if written not in names():
        raise fail(f"{META}!B2", _("the template is for ruleset {written}, which is not built "
                                   "in; pass the ruleset to read it with (--ruleset)",
                                   written=repr(written or _("(none)"))), name)
    return load_builtin(written)


def _main(book: Any, wanted: str, name: str) -> tuple[Any, int, dict[str, str]]:
    """The answer sheet, its header row, and the column letter of each role."""
    order = [wanted] + [s for s in book.sheetnames if s not in (wanted, META)]
    for title in order:
        if title not in book.sheetnames:
            continue
        sheet = book[title]
        for number, cells in enumerate(sheet.iter_rows(max_row=60), start=1):
            columns: dict[str, str] = {}
            for found in cells:
                role = _TITLES.get(str(found.value).strip().casefold(), "")
                if role and role not in columns and found.value is not None:
                    columns[role] = found.column_letter
            if all(role in columns for role in _NEEDED):
                return sheet, number, columns
    shown = ", ".join(f'"{s}"' for s in book.sheetnames if s != META)
    raise fail(name, _('no sheet has the template\'s header row (Id, Jenis, ..., Jawaban); '
                       'sheet "{wanted}" is missing or changed (sheets found: {found})',
                       wanted=wanted, found=shown), name)


class _Reader:
    """Collects answers, facts, locations, warnings and problems row by row."""

    def __init__(self, ruleset: Ruleset, sheet: Any, columns: dict[str, str],
                 name: str) -> None:
        self.ruleset, self.sheet, self.columns, self.name = ruleset, sheet, columns, name
        self.answers: dict[str, object] = {}
        self.facts: dict[str, object] = {}
        self.meta: dict[str, str] = {}
        self.locations: dict[str, str] = {}
        self.cells: dict[str, str] = {}
        self.remarks: dict[str, dict[str, str]] = {role: {} for role in _REMARKS}
        self.formulas: list[tuple[str, str, str]] = []  # (id, formula cell, its role)
        self.warnings: list[AnswerProblem] = []
        self.problems: list[AnswerProblem] = []
        self.merged = {coordinate: str(merged) for merged in sheet.merged_cells.ranges
                       for coordinate in _coordinates(merged)}

    def warn(self, location: str, message: str) -> None:
        self.warnings.append(AnswerProblem(location, message))

    def where(self, role: str, number: int) -> str:
        return f"{self.sheet.title}!{self.columns[role]}{number}"

    def row(self, number: int) -> None:
        kind = kind_role(_text(self.sheet[f"{self.columns['kind']}{number}"].value))
        key = _text(self.sheet[f"{self.columns['id']}{number}"].value)
        if kind in ("question", "input"):
            if self._answer(key, number):
                for role in _REMARKS:
                    self._remark(key, number, role)
        elif kind == "fact":
            value = self._value(key, number, "fact")
            if key not in self.ruleset.facts_by_name:
                self.warn(self.where("id", number), _(
                    "{ruleset} has no fact {name}; the row is ignored", ruleset=self.ruleset.id,
                    name=repr(key)))
            elif value is not None:
                self.facts[key] = value
            self.locations[f"facts.{key}"] = self.where("answer", number)
        elif kind in META_ROWS:
            value = self._value(kind, number, "meta")
            if value is not None:
                self.meta[kind] = str(value)

    def _value(self, key: str, number: int, role: str) -> object:
        """The answer cell's value; a merged cell is a problem."""
        where = self.where("answer", number)
        coordinate = where.split("!", 1)[1]
        if coordinate in self.merged:
            self.problems.append(AnswerProblem(where, _(
                "{name}: the answer cell is merged with others ({cells}); unmerge the cells",
                name=key, cells=self.merged[coordinate])))
            return None
        target = self.sheet[coordinate]
        if target.data_type == "f":
            self.formulas.append((key, coordinate, role))
            return None
        return _plain(target.value)

    def _answer(self, key: str, number: int) -> bool:
        """Read a question's answer; whether the row is the question's."""
        where = self.where("answer", number)
        spec = self.ruleset.inputs_by_name.get(key)
        if spec is None:
            self.warn(self.where("id", number), _(
                "{ruleset} has no question or input {name}; the row is ignored",
                ruleset=self.ruleset.id, name=repr(key)))
            return False
        if key in self.cells:
            self.problems.append(AnswerProblem(self.where("id", number), _(
                "{name}: a second row for it (the first answer is {first})", name=key,
                first=self.cells[key])))
            return False
        self.cells[key] = self.locations[key] = where
        value = self._value(key, number, "input")
        if value is not None:
            self._check(key, spec, value, where)
        return True

    def _remark(self, key: str, number: int, role: str) -> None:
        """A question's note or evidence link, when the column is there and filled."""
        if role not in self.columns:
            return
        target = self.sheet[self.where(role, number).split("!", 1)[1]]
        link = getattr(target.hyperlink, "target", None) if target.hyperlink else None
        found = _HYPERLINK.match(str(target.value)) if target.data_type == "f" else None
        address = str(link or (found.group(1) if found else "")).strip()
        if role == "evidence" and address:
            self.remarks[role][key] = address
        elif target.data_type == "f":
            self.formulas.append((key, target.coordinate, role))
        elif (text := _text(_plain(target.value))) != "":
            self.remarks[role][key] = text

    def cached(self, book: Any) -> None:
        """Answers typed as formulas: their saved results, checked like typed answers."""
        saved = self._saved(book)
        for key, coordinate, role in self.formulas:
            where = f"{self.sheet.title}!{coordinate}"
            found = self.sheet[coordinate]
            value = _plain(saved.get((found.row, found.column)))
            if role in _REMARKS:
                if value is None:
                    self.warn(where, _("{name}: the {what} is a formula ({formula}) with no "
                                       "saved result; it is left out", name=key,
                                       what=_(_WORDS[role]), formula=found.value))
                else:
                    self.remarks[role][key] = _text(value)
                continue
            if value is None:
                self.problems.append(AnswerProblem(where, (
                    _("{name}: the answer is a formula ({formula}) with no saved result; open "
                      "and save the workbook in Excel or LibreOffice, or type the answer",
                      name=key, formula=found.value))))
                continue
            if role == "fact":
                self.facts[key] = value
                continue
            if role == "meta":
                self.meta[key] = str(value)
                continue
            self._check(key, self.ruleset.inputs_by_name[key], value, where)
        book.close()

    def _saved(self, book: Any) -> dict[tuple[int, int], object]:
        """The saved results of the formula cells, by (row, column), in one pass over the
        sheet (a read-only sheet is read from its start each time it is asked for a row)."""
        wanted: dict[int, set[int]] = {}
        for _key, coordinate, _role in self.formulas:
            found = self.sheet[coordinate]
            wanted.setdefault(found.row, set()).add(found.column)
        saved: dict[tuple[int, int], object] = {}
        with damaged(self.name):
            rows = book[self.sheet.title].iter_rows(
                min_row=min(wanted), max_row=max(wanted),
                max_col=max(max(columns) for columns in wanted.values()), values_only=True)
            for number, values in enumerate(rows, start=min(wanted)):
                for column in wanted.get(number, ()):
                    if column <= len(values):
                        saved[number, column] = values[column - 1]
        return saved

    def _check(self, key: str, spec: Input, value: object, where: str) -> None:
        """Keep an answer that fits its question (an option, a numbered level, "not
        applicable", a number in range); else a problem at its cell."""
        from zona.scoring.read import is_not_applicable, read_value

        if not is_not_applicable(spec, value):
            try:
                read_value(spec, value)
            except ValueError as error:
                self.problems.append(AnswerProblem(where, f"{key}: {error}"))
                return
        self.answers[key] = value


def _coordinates(merged: Any) -> list[str]:
    from openpyxl.utils import get_column_letter

    if merged.min_row == merged.max_row and merged.min_col == merged.max_col:
        return []
    return [f"{get_column_letter(c)}{r}" for r in range(merged.min_row, merged.max_row + 1)
            for c in range(merged.min_col, merged.max_col + 1)]


_WORDS = {"notes": N_("note (Catatan)"), "evidence": N_("evidence (Bukti dukung)")}


def _text(value: object) -> str:
    return str(value).strip() if value is not None else ""

"""Read the official LKE workbook (sheet "LKE ZI") into an AnswerSheet.

Rows are matched to the ruleset by structure and text, never by row number: the
reader walks the ruleset tree and, inside each matched heading's block of rows,
pairs the children with the rows whose normalised text is most alike. Blank rows,
stray spaces, numbering slips and reordered rows therefore do not matter.
"""

from __future__ import annotations

import difflib
import io
import re
import unicodedata
import warnings
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs

from zona.errors import AnswerProblem, ZonaAnswerError
from zona.extras import require
from zona.io.sheets import AnswerSheet
from zona.model import Derived, Input, Node, Ruleset
from zona.model import expr as e

SHEET = "LKE ZI"
MAX_BYTES = 50 * 1024 * 1024
THRESHOLD = 0.75  # the least difflib ratio for two normalised texts to be the same item
_COLUMNS = "BCDEFG"  # the hierarchy columns; H weight, I criteria, J answer type, K answer
_NUMBER = re.compile(r"\s*(?:[-\u2013\u2022*]|(?:[a-z]|[ivx]+|\d+)\s*[.)]?)\s*", re.IGNORECASE)
_LEADING = re.compile(r"^\s*(?:[-\u2013\u2022*]|(?:[a-z]|[ivx]+|\d+)\s*[.)])\s+", re.IGNORECASE)
_REGULATION = re.compile(r"nomor\s+(\d+)\s+tahun\s+(\d{4})", re.IGNORECASE)


@attrs.frozen
class LkeSheet:
    """A read workbook. `ruleset`: the id its rows were matched to (the header's unless
    the caller passed another); `detected`: the built-in the header names, if any;
    `cells`: each matched input's answer cell, like "LKE ZI!K8"."""

    answers: AnswerSheet
    ruleset: str
    detected: str | None
    warnings: tuple[AnswerProblem, ...] = ()
    cells: Mapping[str, str] = attrs.field(factory=dict)


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
        return _compact(self.answer_type)


def read_lke(path: str | Path, ruleset: Ruleset | None = None) -> LkeSheet:
    """Read an LKE workbook's answers, matched to `ruleset` or the one its header names.

    Rows that match nothing, questions with no row, answer types and typed totals that
    disagree with the ruleset are warnings; anything that stops an answer being read
    raises ZonaAnswerError listing every problem with its cell ("LKE ZI!K9").
    """
    file = Path(path)
    name = str(file)
    data = _read_bytes(file, name)
    book = _open(data, name, data_only=False)
    try:
        from zona.io.template_read import is_template, read_template

        if is_template(book):  # zona's own template: read by its ids, not matched
            return read_template(data, name, ruleset)
        sheet = _find_sheet(book, name)
        sheet.reset_dimensions()  # some writers store a wrong size; read every row
        title, rows = sheet.title, _rows(sheet)
        header = [v for line in sheet.iter_rows(max_row=10, values_only=True)
                  for v in line if isinstance(v, str) and v.strip()]
    finally:
        book.close()
    detected = _detect(" ".join(header))
    rules = ruleset if ruleset is not None else _builtin(detected, header, f"{title}!B1", name)
    matcher = _Matcher(rules, rows, title)
    matcher.walk(rules.root, 0, len(rows))
    matcher.unmatched_rows()
    if detected and detected not in (rules.id, rules.extends):
        matcher.warn(f"{title}!B1", f"the header names {detected}; read as {rules.id}")
    answers = matcher.answers(_cached_answers(data, name, title, matcher))
    if matcher.problems:
        raise ZonaAnswerError(sorted(matcher.problems, key=_by_row), name)
    for value in rules.derived:
        matcher.check_total(value, answers)
    cells = {k: f"{title}!K{r.number}" for k, r in matcher.input_rows.items()}
    return LkeSheet(AnswerSheet(answers, ruleset=rules.id, source=name, locations=cells),
                    rules.id, detected,
                    tuple(sorted(matcher.warnings, key=_by_row)), cells)


def _by_row(problem: AnswerProblem) -> tuple[int, str]:
    """Sort key: the row of a `Sheet!J8` location, then the location."""
    found = re.search(r"(\d+)$", problem.location)
    return (int(found.group(1)) if found else 0, problem.location)


# --- opening the workbook ----------------------------------------------------------


def _fail(location: str, message: str, name: str) -> ZonaAnswerError:
    return ZonaAnswerError([AnswerProblem(location, message)], name)


def _read_bytes(file: Path, name: str) -> bytes:
    """The file's bytes, refusing anything over MAX_BYTES before reading it."""
    try:
        if file.stat().st_size > MAX_BYTES:
            raise _fail(name, "the file is larger than 50 MB; an LKE workbook is well under "
                        "1 MB", name)
        return file.read_bytes()
    except OSError as error:
        raise _fail(name, f"cannot read: {error.strerror}", name) from None


def _open(data: bytes, name: str, data_only: bool) -> Any:
    """An openpyxl workbook (read-only) from bytes; ZonaAnswerError if it is not one."""
    openpyxl = require("openpyxl", "xlsx", "reading .xlsx workbooks")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _fail(name, "an old .xls workbook (or an encrypted one); save it as .xlsx", name)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(io.BytesIO(data), read_only=True,
                                          data_only=data_only)
    except Exception as error:  # openpyxl raises many kinds on a damaged or foreign file
        raise _fail(name, f"not an Excel .xlsx workbook ({type(error).__name__}: {error})",
                    name) from None


def _find_sheet(book: Any, name: str) -> Any:
    """The "LKE ZI" sheet, tolerating case and stray blanks in its name."""
    for sheet_name in book.sheetnames:
        if " ".join(sheet_name.split()).casefold() == SHEET.casefold():
            return book[sheet_name]
    found = ", ".join(f'"{n}"' for n in book.sheetnames) or "none"
    raise _fail(name, f'no sheet "{SHEET}" (sheets found: {found})', name)


def _detect(header: str) -> str | None:
    """The built-in ruleset the header's regulation number names, if there is one."""
    from zona.builtin import names

    found = _REGULATION.search(header)
    candidate = f"permenpan-{found.group(1)}-{found.group(2)}" if found else None
    return candidate if candidate in names() else None


def _builtin(detected: str | None, header: list[str], where: str, name: str) -> Ruleset:
    from zona.compiler import load_builtin

    if detected is None:
        shown = _short(_text(header[0])) if header else "empty"
        raise _fail(where, f"cannot tell the regulation from the header ({shown!r}); pass the "
                    "ruleset to read it with", name)
    return load_builtin(detected)


# --- reading rows ------------------------------------------------------------------


def _text(value: object) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def normalise(text: str) -> str:
    """Casefolded words only: no numbering, punctuation or repeated blanks."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    while (stripped := _LEADING.sub("", folded, count=1)) != folded:
        folded = stripped
    return " ".join(re.sub(r"[\W_]+", " ", folded).split())


def _rows(sheet: Any) -> list[Row]:
    """Every row with something in columns B..G, J or K, in order."""
    rows = []
    for cells in sheet.iter_rows(min_col=2, max_col=11):
        by_column = {c.column_letter: c for c in cells if hasattr(c, "column_letter")}
        texts = [(col, _text(by_column[col].value if col in by_column else None))
                 for col in _COLUMNS]
        filled = [(col, t) for col, t in texts if t]
        answer = by_column.get("K")
        answer_type = _text(by_column["J"].value) if "J" in by_column else ""
        if not filled and not answer_type and (answer is None or _text(answer.value) == ""):
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


def _compact(text: str) -> str:
    return "".join(text.split()).casefold()


def _similarity(a: str, b: str) -> float:
    if a == b:
        return 1.0
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < THRESHOLD or matcher.quick_ratio() < THRESHOLD:
        return 0.0
    return matcher.ratio()


# --- matching rows to the ruleset --------------------------------------------------

def _label(item: Node | Input | Derived) -> str:
    return item.texts.label or item.name


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57].rstrip() + "..."


def _who(item: Node | Input | Derived) -> str:
    soal = getattr(item, "soal", None)
    return f"{item.name} (soal {soal})" if soal else item.name


def _describe(item: Node | Input | Derived) -> str:
    return f"{_who(item)} {_short(_label(item))!r}"


def _item_inputs(ruleset: Ruleset) -> dict[str, list[str]]:
    """The inputs of each item: those it uses and those declared inside it (an unused
    count such as soal 104, violations sanctioned, belongs to the item it is written in)."""
    items = [n for n in ruleset.root.walk() if n.aggregate == "expr"]
    inputs = ruleset.inputs_by_name
    return {item.name: list(dict.fromkeys(
        [*item.inputs, *(n for n in item.declared if n in inputs and not inputs[n].scored)]))
        for item in items}


def _derived_in(ruleset: Ruleset, expression: e.Expr | None) -> list[Derived]:
    """The derived values an expression uses, directly or through other derived values."""
    by_name = {d.name: d for d in ruleset.derived}
    names = [v.name for v in e.variables(expression) if v.kind == "derived"] if expression else []
    found = [by_name[n] for n in dict.fromkeys(names)]
    return list(dict.fromkeys(d for value in found
                              for d in [value, *_derived_in(ruleset, value.expr)]))


class _Matcher:
    """Walks the ruleset tree alongside the rows, collecting matches, warnings, problems."""

    def __init__(self, ruleset: Ruleset, rows: Sequence[Row], title: str) -> None:
        self.ruleset, self.rows, self.title = ruleset, rows, title
        self.claimed: set[int] = set()
        self.item_inputs = _item_inputs(ruleset)
        self.input_rows: dict[str, Row] = {}
        self.derived_rows: dict[str, Row] = {}
        self.warnings: list[AnswerProblem] = []
        self.problems: list[AnswerProblem] = []

    def cell(self, row: Row, column: str | None = None) -> str:
        return f"{self.title}!{column or row.column or 'K'}{row.number}"

    def warn(self, location: str, message: str) -> None:
        self.warnings.append(AnswerProblem(location, message))

    def walk(self, node: Node, start: int, end: int, heading: Row | None = None) -> None:
        """Match node's children in rows[start:end], then each child within its own block."""
        free = [i for i in range(start, end) if i not in self.claimed]
        found = self._pair(node.children, free, lambda row: row.kind != "jumlah")
        order = sorted(found.items(), key=lambda pair: pair[1])
        for position, (name, index) in enumerate(order):
            stop = order[position + 1][1] if position + 1 < len(order) else end
            child = self.ruleset.node(name)
            self.walk(child, index + 1, stop, self.rows[index])
            if child.aggregate == "choice":
                self.input_rows[child.inputs[0]] = self.rows[index]
            elif child.aggregate == "expr":
                self._item(child, index, stop)
        for child in node.children:
            if child.name not in found:
                self._missing(child, heading)

    def _item(self, node: Node, index: int, stop: int) -> None:
        """Match an item's inputs and derived rows: its own row, then its block's rows."""
        inputs = [self.ruleset.inputs_by_name[name] for name in self.item_inputs[node.name]]
        derived = _derived_in(self.ruleset, node.expr)
        free = [index] + [i for i in range(index + 1, stop) if i not in self.claimed]
        found = self._pair([*inputs, *derived], free, lambda row: row.kind != "%")
        for spec in inputs:
            if spec.name in found:
                self.input_rows[spec.name] = self.rows[found[spec.name]]
            else:
                self._missing(spec, self.rows[index])
        for value in derived:
            if value.name in found:
                self.derived_rows[value.name] = self.rows[found[value.name]]

    def _pair(self, items: Sequence[Node | Input | Derived], free: Sequence[int],
              fits: Callable[[Row], bool]) -> dict[str, int]:
        """Pair items with rows by text similarity, best first; then, if as many items
        (not derived values) as rows in the paired rows' column are left, pair those in
        order, with a warning: a reworded row in its usual place is still found."""
        keys = [normalise(_label(item)) for item in items]
        candidates = [i for i in free if fits(self.rows[i])]
        found: dict[str, int] = {}
        # Identical texts pair first (a similarity of 1 means identical): the same pairs,
        # in the same order, as the sorted list below would give, without difflib.
        for rank, key in enumerate(keys):
            index = next((i for i in candidates if self.rows[i].key == key
                          and i not in found.values()), None)
            if index is not None:
                found[items[rank].name] = index
        taken = set(found.values())
        scored = sorted((-_similarity(key, self.rows[i].key), rank, i)
                        for rank, key in enumerate(keys) if items[rank].name not in found
                        for i in candidates if i not in taken)
        for negative, rank, index in scored:
            if -negative < THRESHOLD:
                break
            if items[rank].name not in found and index not in found.values():
                found[items[rank].name] = index
        columns = {self.rows[i].column for i in found.values()}
        rest = [item for item in items if item.name not in found
                and not isinstance(item, Derived)]
        rows = [i for i in candidates if i not in found.values() and i not in self.claimed
                and self.rows[i].column in columns]
        if rest and len(rest) == len(rows):
            for item, index in zip(rest, rows, strict=True):
                found[item.name] = index
                self.warn(self.cell(self.rows[index]), f"the text differs from "
                          f"{_describe(item)} of {self.ruleset.id}; matched by its place")
        self.claimed.update(found.values())
        return found

    def _missing(self, item: Node | Input, parent: Row | None) -> None:
        where = self.cell(parent) if parent is not None else self.title
        self.warn(where, f"no row matches {_describe(item)} of {self.ruleset.id}; it is read "
                  "as unanswered")

    def unmatched_rows(self) -> None:
        """Warn about rows between the first and last matched row that match nothing."""
        if not self.claimed:
            return
        for index in range(min(self.claimed), max(self.claimed) + 1):
            row = self.rows[index]
            if index not in self.claimed and not row.summary:
                self.warn(self.cell(row), f"no question of {self.ruleset.id} matches this "
                          f"row ({_short(row.text) or 'no text'!r}); it is ignored")

    # --- answers ----------------------------------------------------------------

    def answers(self, cached: Mapping[int, object]) -> dict[str, object]:
        """Every non-blank answer by input id; problems and answer-type warnings noted."""
        from zona.scoring import read_value

        found: dict[str, object] = {}
        for spec in self.ruleset.inputs:
            row = self.input_rows.get(spec.name)
            if row is None:
                continue
            self._check_type(spec, row)
            raw = cached.get(row.number) if row.formula else row.answer
            if row.formula and raw is None:
                self.problems.append(AnswerProblem(self.cell(row, "K"), (
                    f"{spec.name}: the answer is a formula ({row.answer}) with no saved result; "
                    "open and save the workbook in Excel or LibreOffice, or type the answer")))
                continue
            value = _plain(raw)
            if value is None:
                continue
            try:
                read_value(spec, value)
            except ValueError as error:
                self.problems.append(AnswerProblem(self.cell(row, "K"), f"{spec.name}: {error}"))
                continue
            found[spec.name] = value
        return found

    def _check_type(self, spec: Input, row: Row) -> None:
        expected = _expected_type(spec)
        if _compact(expected) != row.kind:
            shown = repr(row.answer_type) if row.answer_type else "blank"
            self.warn(self.cell(row, "J"), f"the answer type is {shown} but {_who(spec)} is "
                      f"{expected} in {self.ruleset.id}; the answer is read as {expected}")

    def check_total(self, value: Derived, answers: Mapping[str, object]) -> None:
        """Warn when a derived value's row holds a typed number its parts disagree with."""
        from zona.scoring import read_value

        row = self.derived_rows.get(value.name)
        typed = _plain(row.answer) if row is not None and not row.formula else None
        if row is None or isinstance(typed, bool) or not isinstance(typed, int | float):
            return
        parts = [v.name for v in e.variables(value.expr) if v.kind == "input"]
        known = {n: read_value(self.ruleset.inputs_by_name[n], answers.get(n)) for n in parts}
        total = e.evaluate(value.expr, lambda var: known.get(var.name))
        if isinstance(total, Fraction) and total != Fraction(str(typed)):
            cells = ", ".join(f"K{self.input_rows[n].number}" for n in parts)
            self.warn(self.cell(row, "K"), f"{row.text!r} is typed as {typed} but its parts "
                      f"{cells} give {total}; {self.ruleset.id} uses the parts")


def _expected_type(spec: Input) -> str:
    from zona.numtext import exact_text

    if spec.kind == "choice" and spec.scale is not None:
        return spec.scale.label or "/".join(spec.scale.names)
    if spec.kind == "count":
        return "Jumlah"
    return f"Nilai ({exact_text(spec.low or Fraction(0))}-{exact_text(spec.high or Fraction(0))})"


def _plain(value: object) -> object:
    """A cell value as an answer: trimmed text (None if blank), whole floats as ints."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _cached_answers(data: bytes, name: str, title: str, matcher: _Matcher) -> dict[int, object]:
    """The saved results of answer cells holding formulas, by row (loaded only if needed)."""
    wanted = {row.number for row in matcher.input_rows.values() if row.formula}
    if not wanted:
        return {}
    book = _open(data, name, data_only=True)
    try:
        sheet = book[title]
        sheet.reset_dimensions()
        cells = (line[0] for line in sheet.iter_rows(min_col=11, max_col=11))
        return {c.row: c.value for c in cells if getattr(c, "row", None) in wanted}
    finally:
        book.close()

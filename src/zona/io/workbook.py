"""The xlsx template: one row per node, question and input, with dropdowns of the allowed
answers (numbered levels and "not applicable" options among them), validation of counts
and indices, and live formulas (see zona.io.workbook_rows) so that the sheet scores
itself; then the views, the facts, the predicates and the grades.

A hidden sheet "zona" marks the workbook as a zona template and names its ruleset, so
`zona score` reads it by the ids in column A (see zona.io.template_read).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any, BinaryIO

from zona import model as m
from zona.errors import ZonaError
from zona.extras import require
from zona.i18n import N_, _
from zona.io.formulas_excel import TOO_BIG, excel_problem
from zona.io.formulas_text import risky
from zona.io.layout import answer_type, choices
from zona.io.workbook_guide import ENGLISH, KINDS, kind_role, kind_text, protect, write_guide
from zona.io.workbook_rows import COLUMN, FIRST_ROW, HEADER_ROW, HEADERS, Row, Rows, cell
from zona.limits import printable
from zona.model import Ruleset
from zona.numtext import exact_text

MAIN = "Jawaban"
META = "zona"
MARKER = "zona template"
WIDTHS = {"id": 12, "kind": 12, "number": 6, "text": 64, "weight": 8, "criteria": 56,
          "type": 16, "answer": 12, "score": 10, "share": 8, "soal": 6, "notes": 40,
          "evidence": 40}
META_ROWS = {"unit": "Unit kerja", "unit_id": "Kode unit kerja",
             "assessor": "Penilai (unit, tpi, tpn)"}
VERDICT = '[=1]"ya";[=0]"tidak";General'
#: The constructs beyond the first language whose formulas the template writes (all of
#: zona.model.features.FEATURES; a construct added there is refused until it is added here).
SUPPORTED = frozenset({"ranged-scales", "na", "weighted", "every-under", "fact-expressions",
                       "view-expressions", "fact-weights", "rounding", "grade-conditions"})
__all__ = ["ENGLISH", "HEADERS", "KINDS", "MAIN", "MARKER", "META", "META_ROWS", "SUPPORTED",
           "kind_role", "write_workbook"]


# --- writing -------------------------------------------------------------------------


def write_workbook(ruleset: Ruleset, stream: BinaryIO) -> None:
    """Write the template of `ruleset` as an xlsx workbook to a binary stream."""
    from zona.io.assessors import precedence

    ruleset.refuse(N_("the workbook template"), SUPPORTED)
    openpyxl = require("openpyxl", "xlsx", "writing .xlsx templates")
    rows = Rows(ruleset).build()
    _check_formulas(rows)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = MAIN
    write_guide(book)
    meta = book.create_sheet(META)
    _head(sheet, ruleset, precedence(ruleset))
    _table(sheet, rows, _Lists(meta))
    protect(sheet)
    for number, pair in enumerate(((MARKER, "1"), ("ruleset", ruleset.id), ("sheet", MAIN), (
            "note", "zona reads the answers in column H by the ids in column A")), start=1):
        put(meta.cell(number, 1), pair[0])
        put(meta.cell(number, 2), pair[1])
    meta.sheet_state = "hidden"
    protect(meta)
    book.calculation.fullCalcOnLoad = True
    book.save(stream)


def _check_formulas(rows: list[Row]) -> None:
    """Refuse a template whose formulas Excel would not take (zona.io.formulas_excel)."""
    for index, row in enumerate(rows):
        for role in ("score", "share", "weight"):
            value = row.get(role)
            if isinstance(value, str) and (reason := excel_problem(value)) is not None:
                raise ZonaError(_(TOO_BIG, name=printable(str(row.get("id") or row.get(
                    "text") or role), 60),
                                  row=FIRST_ROW + index, reason=reason))


class _Lists:
    """Dropdown lists too long for Excel's 255 characters (or holding a comma or a
    quote), written to a column of the hidden sheet and referred to there."""

    def __init__(self, sheet: Any) -> None:
        self.sheet = sheet
        self.placed: dict[tuple[str, ...], str] = {}

    def place(self, options: Sequence[str]) -> str:
        from openpyxl.utils import get_column_letter

        key = tuple(options)
        if key not in self.placed:
            letter = get_column_letter(4 + len(self.placed))  # A and B hold the marker
            for number, option in enumerate(options, start=1):
                put(self.sheet[f"{letter}{number}"], option)
            self.placed[key] = f"{self.sheet.title}!${letter}$1:${letter}${len(options)}"
        return self.placed[key]


def _head(sheet: Any, ruleset: Ruleset, assessors: Sequence[str]) -> None:
    from openpyxl.styles import Font

    put(sheet["D1"], ruleset.title or ruleset.id)
    sheet["D1"].font = Font(bold=True, size=14)
    put(sheet["D2"], f"{ruleset.regulation or ''} (zona ruleset {ruleset.id})".strip())
    sheet["F1"] = ("Isi sel kuning: Jawaban (H), Catatan (L), Bukti dukung (M); Nilai dan % "
                   "dihitung otomatis. Lihat lembar Petunjuk. Fill in the yellow cells: "
                   "answer, notes, evidence (see the Petunjuk sheet).")
    for offset, (kind, label) in enumerate(META_ROWS.items()):
        row = 3 + offset
        sheet[cell("kind", row)], sheet[cell("text", row)] = kind_text(kind), label
        _answer_style(sheet[cell("answer", row)])
    assessor = _list(assessors, "Penilai")
    sheet.add_data_validation(assessor)
    assessor.add(cell("answer", 5))
    for role, title in HEADERS.items():
        sheet[cell(role, HEADER_ROW)] = title
        sheet[cell(role, HEADER_ROW + 1)] = ENGLISH[role]
    sheet.freeze_panes = f"E{FIRST_ROW}"


def _table(sheet: Any, rows: list[Row], lists: _Lists) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    header = PatternFill("solid", fgColor="D9D9D9")
    for role, width in WIDTHS.items():
        sheet.column_dimensions[COLUMN[role]].width = width
        head, english = sheet[cell(role, HEADER_ROW)], sheet[cell(role, HEADER_ROW + 1)]
        head.font, head.fill = Font(bold=True), header
        english.font, english.fill = Font(italic=True, color="595959"), header
    validations: dict[str, Any] = {}
    for index, row in enumerate(rows):
        number = FIRST_ROW + index
        for role in HEADERS:
            value = row.get(role)
            if role == "kind" and isinstance(value, str):
                put(sheet[cell(role, number)], kind_text(value))
            elif value not in (None, ""):
                put(sheet[cell(role, number)], value, formula=role in ("score", "share") or (
                    role == "weight" and isinstance(value, str)))
        sheet[cell("text", number)].alignment = Alignment(
            wrap_text=True, vertical="top", indent=min(row.get("_depth", 0), 15))
        for role in ("criteria", "type"):
            sheet[cell(role, number)].alignment = Alignment(wrap_text=True, vertical="top")
        if row.get("_bold"):
            sheet[cell("text", number)].font = Font(bold=True)
        if "score" in row:
            sheet[cell("score", number)].number_format = row.get("_format") or (
                VERDICT if row.get("_verdict") else "0.00")
        if "share" in row:
            sheet[cell("share", number)].number_format = "0.0%"
        answered = row.get("_answer")
        if isinstance(answered, m.Input):  # a question or input: notes and evidence too
            for role in ("notes", "evidence"):
                _answer_style(sheet[cell(role, number)])
                sheet[cell(role, number)].alignment = Alignment(wrap_text=True, vertical="top")
        if answered is not None:
            _answer_style(sheet[cell("answer", number)])
            rule = _validation(answered, validations, lists)
            if rule is not None:
                rule.add(cell("answer", number))
    for rule in validations.values():
        if rule is not None:
            sheet.add_data_validation(rule)


def put(target: Any, value: object, formula: bool = False) -> None:
    """Set a cell; text is kept as text (a label starting with "=" is no formula, and is
    quote-prefixed so that editing the cell keeps it text) and stripped of the control
    characters a workbook cannot hold."""
    if isinstance(value, str) and not formula:
        target.value = _clean(value, 32000)
        target.data_type = "s"
        target.quotePrefix = risky(target.value)
    else:
        target.value = value


def _clean(text: str, limit: int) -> str:
    """Text a workbook can hold: no control characters, at most `limit` characters."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    cleaned: str = ILLEGAL_CHARACTERS_RE.sub("", text)
    return cleaned[:limit]


def _answer_style(target: Any) -> None:
    from openpyxl.styles import PatternFill, Protection

    target.fill = PatternFill("solid", fgColor="FFF2CC")
    target.protection = Protection(locked=False)


def _list(options: Sequence[str], title: str, lists: _Lists | None = None) -> Any:
    """A dropdown of the options: listed in the rule where Excel allows it (255 characters,
    no comma or quote in an option), else from a range of the hidden sheet (None: no
    dropdown, the options being told beside the cell)."""
    from openpyxl.worksheet.datavalidation import DataValidation

    shown = ", ".join(options)
    source = '"' + ",".join(options) + '"'
    if len(source) > 257 or any("," in o or '"' in o for o in options):
        if lists is None:
            return None
        source = lists.place(options)
    return DataValidation(type="list", formula1=source,
                          allow_blank=True, showErrorMessage=True,
                          errorTitle=_clean(title, 32),
                          error=_clean(f"Pilih salah satu / choose one of: {shown}", 255))


def _validation(item: m.Input | m.Fact, found: dict[str, Any],
                lists: _Lists | None = None) -> Any:
    """The (shared) validation rule for an input or fact's answer cell."""
    if isinstance(item, m.Fact):
        key = f"{item.kind}:{'|'.join(item.levels)}:{item.low}:{item.high}"
    else:
        key = f"{item.kind}:{'|'.join(choices(item))}:{item.low}:{item.high}"
    if key not in found:
        found[key] = _rule(item, lists)
    return found[key]


def _rule(item: m.Input | m.Fact, lists: _Lists | None) -> Any:
    from openpyxl.worksheet.datavalidation import DataValidation

    if isinstance(item, m.Fact):
        if item.kind == "levels":
            return _list(item.levels, item.name, lists)
        if item.kind == "yesno":
            return _list(("Ya", "Tidak"), "Ya/Tidak")
        return _decimal(item.low, item.high)
    if item.kind == "choice":
        return _list(choices(item), answer_type(item), lists)
    if item.kind == "count":
        return DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0",
                              allow_blank=True, showErrorMessage=True, errorTitle="Jumlah",
                              error="Isi bilangan bulat 0, 1, 2, ... / a whole number")
    return _decimal(item.low, item.high)


def _decimal(low: Fraction | None, high: Fraction | None) -> Any:
    from openpyxl.worksheet.datavalidation import DataValidation

    if low is None and high is None:
        return None
    if low is not None and high is not None:
        return DataValidation(type="decimal", operator="between", formula1=exact_text(low),
                              formula2=exact_text(high), allow_blank=True,
                              showErrorMessage=True, errorTitle="Nilai",
                              error=f"Isi angka {exact_text(low)} sampai {exact_text(high)}")
    operator, bound = ("greaterThanOrEqual", low) if low is not None else ("lessThanOrEqual",
                                                                           high)
    assert bound is not None
    return DataValidation(type="decimal", operator=operator, formula1=exact_text(bound),
                          allow_blank=True, showErrorMessage=True, errorTitle="Nilai",
                          error=f"Isi angka ({operator} {exact_text(bound)})")

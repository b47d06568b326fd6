"""The xlsx wide template (zona.io.template_wide): a sheet of units, one row per unit.

Rows 1 and 2 say what each column accepts, in Indonesian and in English; row 3 is the
header batch scoring reads (its cells carry the question as a comment); units go from
row 4 down. The first `rows` rows of units get dropdowns of the allowed answers and
number validation with the input's range (a list too long for Excel's 255 characters is
kept on the hidden sheet, as the one-unit template keeps it); the three top rows are
frozen and protected (without a password), every cell below them stays open. A
"Petunjuk" sheet explains it in both languages and lists every column; a hidden "zona"
sheet names the ruleset.
"""

from __future__ import annotations

from typing import Any, BinaryIO

from zona.extras import require
from zona.io.template_wide import DEFAULT_ROWS, WideColumn, check_rows, wide_columns
from zona.io.workbook import _clean, _Lists, _validation, put
from zona.io.workbook_guide import GUIDE, protect
from zona.model import Fact, Input, Ruleset

SHEET = "Unit"
META = "zona"
MARKER = "zona wide template"
HEADER_ROW = 3
FIRST_ROW = HEADER_ROW + 1
_LINES = (
    ("Petunjuk pengisian tabel unit", "How to fill in this table of units"),
    ("Satu baris per unit kerja, mulai baris 4 lembar Unit. Baris 1 dan 2 menjelaskan isian "
     "setiap kolom; baris 3 adalah nama kolom yang dibaca zona (arahkan ke sel untuk melihat "
     "pertanyaannya).",
     "One row per unit, from row 4 of the Unit sheet down. Rows 1 and 2 say what each column "
     "takes; row 3 holds the column names zona reads (point at a cell to see its question)."),
    ("Kolom soal_N (atau id) memuat jawaban, kolom fact:NAMA fakta unit; sel kosong berarti "
     "belum dijawab. Kolom lain (unit, unit_id, instansi) dibawa ke hasil.",
     "Columns soal_N (or ids) hold the answers, fact:NAME columns the unit's facts; an empty "
     "cell is unanswered. Other columns (unit, unit_id, instansi) are carried to the result."),
    ("Baris judul dilindungi tanpa kata sandi (Tinjau > Buka Proteksi Lembar); pilihan dan "
     "rentang angka diperiksa pada baris data.",
     "The header rows are protected without a password (Review > Unprotect Sheet); choices "
     "and number ranges are checked in the data rows."),
    ("Nilai semua unit: zona batch BERKAS.xlsx --ruleset {ruleset} -o nilai.csv",
     "Score every unit: zona batch FILE.xlsx --ruleset {ruleset} -o scores.csv"),
)
_WIDTHS = {"unit": 28, "unit_id": 14, "instansi": 22}
_HEADS = ("Kolom / Column", "Isian", "Accepts", "Pertanyaan / Question")


def write_wide_workbook(ruleset: Ruleset, stream: BinaryIO, *, rows: int = DEFAULT_ROWS,
                        naming: str = "soal") -> None:
    """Write the xlsx wide template of `ruleset` to a binary stream; `rows` of units are
    validated."""
    openpyxl = require("openpyxl", "xlsx", "writing .xlsx templates")
    check_rows(rows)
    columns = wide_columns(ruleset, naming)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = SHEET
    _header(sheet, columns)
    sheet.freeze_panes = f"B{FIRST_ROW}"
    protect(sheet)
    for allowed in ("sort", "autoFilter", "insertRows", "deleteRows"):
        setattr(sheet.protection, allowed, False)  # False: not protected
    _guide(book, ruleset, columns)
    meta = book.create_sheet(META)
    for number, pair in enumerate(((MARKER, "1"), ("ruleset", ruleset.id), ("sheet", SHEET),
                                   ("header_row", str(HEADER_ROW)), ("naming", naming)),
                                  start=1):
        put(meta.cell(number, 1), pair[0])
        put(meta.cell(number, 2), pair[1])
    _validate(sheet, columns, rows, _Lists(meta))  # long lists go to the hidden sheet
    meta.sheet_state = "hidden"
    protect(meta)
    book.save(stream)


def wide_ruleset(book: Any) -> str | None:
    """The ruleset an open workbook is the wide template of (None: it is not one)."""
    if META not in book.sheetnames:
        return None
    rows = list(book[META].iter_rows(max_row=2, max_col=2, values_only=True))
    if not rows or rows[0][0] != MARKER:
        return None
    return str(rows[1][1]) if len(rows) > 1 and rows[1][0] == "ruleset" else ""


def _header(sheet: Any, columns: list[WideColumn]) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter

    grey, pale = PatternFill("solid", fgColor="D9D9D9"), PatternFill("solid", fgColor="F2F2F2")
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        for row, text in ((1, column.help_id), (2, column.help_en)):
            target = sheet.cell(row, index)
            put(target, text)
            target.font = Font(italic=row == 2, color="595959" if row == 2 else None, size=9)
            target.fill = pale
            target.alignment = Alignment(wrap_text=True, vertical="top")
        head = sheet.cell(HEADER_ROW, index)
        put(head, column.name)
        head.font, head.fill = Font(bold=True), grey
        if column.about:
            note = Comment(_clean(f"{column.name}\n{column.about}", 2000), "zona")
            note.width, note.height = 360, 180
            head.comment = note
        dimension = sheet.column_dimensions[letter]
        dimension.width = _WIDTHS.get(column.name, 16)
        dimension.protection = Protection(locked=False)  # every unit's cell stays open
        dimension.number_format = _number_format(column.item)
    for row in (1, 2):
        sheet.row_dimensions[row].height = 48


def _number_format(item: Input | Fact | None) -> str:
    """Text for names and choices (`01` stays `01`), a whole number for counts."""
    if isinstance(item, Input) and item.kind == "count":
        return "0"
    if isinstance(item, Input) and item.kind == "decimal":
        return "General"
    if isinstance(item, Fact) and item.kind == "number":
        return "General"
    return "@"


def _validate(sheet: Any, columns: list[WideColumn], rows: int, lists: _Lists) -> None:
    from openpyxl.utils import get_column_letter

    rules: dict[str, Any] = {}
    for index, column in enumerate(columns, start=1):
        if column.item is None:
            continue
        rule = _validation(column.item, rules, lists)
        if rule is not None:
            letter = get_column_letter(index)
            rule.add(f"{letter}{FIRST_ROW}:{letter}{FIRST_ROW + rows - 1}")
    for rule in rules.values():
        if rule is not None:
            sheet.add_data_validation(rule)


def _guide(book: Any, ruleset: Ruleset, columns: list[WideColumn]) -> None:
    """The "Petunjuk" sheet: how to fill in and score the table, then every column."""
    from openpyxl.styles import Alignment, Font

    sheet = book.create_sheet(GUIDE)
    texts: list[tuple[str, ...]] = [tuple(t.format(ruleset=ruleset.id) for t in pair)
                                    for pair in _LINES]
    texts += [(), _HEADS]
    texts += [(c.name, c.help_id, c.help_en, c.about) for c in columns]
    for number, line in enumerate(texts, start=1):
        for place, text in enumerate(line, start=1):
            put(sheet.cell(number, place), text)
            sheet.cell(number, place).alignment = Alignment(wrap_text=True, vertical="top")
        if line in (_LINES[0], _HEADS):
            for place in range(1, len(line) + 1):
                sheet.cell(number, place).font = Font(bold=True)
    for letter, width in zip("ABCD", (40, 40, 40, 80), strict=True):
        sheet.column_dimensions[letter].width = width
    protect(sheet)


__all__ = ["FIRST_ROW", "HEADER_ROW", "MARKER", "META", "SHEET", "wide_ruleset",
           "write_wide_workbook"]

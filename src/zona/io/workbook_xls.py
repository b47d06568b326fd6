"""Old Excel workbooks (.xls, BIFF): read with xlrd (the `xls` extra) and rewritten in memory
as an .xlsx workbook of the same sheets, cells, merged ranges and hyperlinks, so that the
LKE and template readers read them as they read .xlsx.

xlrd reads the values a workbook saved, not its formulas: a formula cell becomes its saved
result, which is what the readers use. An encrypted workbook (also an OLE file) cannot be
read: the message says to save it as .xlsx without a password.
"""

from __future__ import annotations

import io
from typing import Any

from zona.errors import ZonaError
from zona.extras import install_hint, require
from zona.i18n import N_, _
from zona.io.files import fail

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the compound-file signature of .xls (and more)
_SAVE = N_("open it in Excel or LibreOffice and save it as .xlsx")


def is_xls(data: bytes) -> bool:
    """Whether the bytes are an OLE compound file: an old .xls (or an encrypted) workbook."""
    return data.startswith(OLE)


def as_xlsx(data: bytes, name: str) -> bytes:
    """An .xlsx workbook of the same cells when `data` is an old .xls one, else `data`."""
    if not is_xls(data):
        return data
    try:
        xlrd = require("xlrd", "xls", "reading old .xls workbooks")
    except ZonaError:
        raise fail(name, _("an old .xls workbook: {save}, or install xlrd to read it ({hint})",
                           save=_(_SAVE), hint=install_hint("xls")), name) from None
    openpyxl = require("openpyxl", "xlsx", "reading .xlsx workbooks")
    try:
        old = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True,
                                 logfile=io.StringIO())
    except Exception as error:  # xlrd raises many kinds on an encrypted or damaged file
        raise fail(name, _("cannot be read as an old .xls workbook ({reason}); if it is "
                           "encrypted, {save} without a password; else {save}",
                           reason=f"{type(error).__name__}: {error}", save=_(_SAVE)),
                   name) from None
    book = openpyxl.Workbook()
    book.remove(book.active)
    try:
        for index in range(old.nsheets):
            _copy(xlrd, old.sheet_by_index(index), book.create_sheet(_title(old, index)))
    finally:
        old.release_resources()
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _title(old: Any, index: int) -> str:
    return str(old.sheet_names()[index])[:31]


def _copy(xlrd: Any, source: Any, target: Any) -> None:
    """Values, merged ranges, hyperlinks and visibility of one sheet."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    for row in range(source.nrows):
        for column in range(source.ncols):
            kind, value = source.cell_type(row, column), source.cell_value(row, column)
            if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                continue
            cell = target.cell(row + 1, column + 1)
            if kind == xlrd.XL_CELL_TEXT:
                cell.value = ILLEGAL_CHARACTERS_RE.sub("", str(value))
                cell.data_type = "s"  # a text "=1+1" stays text
            elif kind == xlrd.XL_CELL_BOOLEAN:
                cell.value = bool(value)
            elif kind == xlrd.XL_CELL_ERROR:
                cell.value = xlrd.error_text_from_code.get(value, "#N/A")
            else:  # numbers, and dates as the numbers Excel stores them as
                cell.value = value
    for low_row, high_row, low_column, high_column in source.merged_cells:
        if high_row - low_row > 1 or high_column - low_column > 1:
            target.merge_cells(start_row=low_row + 1, end_row=high_row,
                               start_column=low_column + 1, end_column=high_column)
    for (row, column), link in source.hyperlink_map.items():
        if link.url_or_path and row < source.nrows and column < source.ncols:
            target.cell(row + 1, column + 1).hyperlink = str(link.url_or_path)
    target.sheet_state = {1: "hidden", 2: "veryHidden"}.get(source.visibility, "visible")

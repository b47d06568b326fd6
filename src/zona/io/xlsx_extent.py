"""What a workbook read in full would build, measured from its XML before openpyxl builds it.

openpyxl's full (not read-only) mode, which the template reader needs to see merged cells,
makes a cell object for every cell a merged range or a hyperlink range covers, and one for a
comment anywhere: a 34 KB workbook with `<mergeCell ref="L1:XFD1048576"/>` asks for 17
billion. Every XML part is streamed here first (a few KB at a time, no tree, no DOCTYPE),
counting the cells that would be built and the rows they reach, and checking that no text
is longer than Excel lets a cell hold; anything beyond a limit is refused before openpyxl
sees the file.
"""

from __future__ import annotations

import io
import re
import zipfile
from xml.parsers import expat

from zona.i18n import _, whole
from zona.io.files import fail
from zona.limits import how_to_raise, limit, printable

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
CELL_CHARS = 32_767  # Excel's limit on the text of one cell
_ROWS, _COLUMNS = 1_048_576, 16_384  # Excel's sheet
_EXPANDED = frozenset({"mergeCell", "hyperlink"})  # a range of these builds every cell in it
_TEXT = frozenset({"v", "t", "f"})
_REF = re.compile(r"\$?([A-Za-z]{1,3})?\$?([0-9]{1,7})?")
_CHUNK = 64 * 1024
ELEMENTS = 10  # XML elements allowed per cell of the limit (a cell takes 2 to 4)


class _Beyond(Exception):
    """A limit passed while streaming: the message, and the part it was passed in."""


def check_extent(data: bytes, name: str) -> None:
    """Refuse a workbook whose XML would make openpyxl's full mode build more than the limit
    `template_cells` cells (merged and hyperlinked ranges counted cell by cell), a cell
    beyond row `sheet_rows`, or a text longer than a cell may hold (32,767 characters);
    a DOCTYPE or damaged XML is refused too. ZonaAnswerError, located at the file."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return  # not a zip: openpyxl says what it is
    counter = _Counter(limit("template_cells"), limit("sheet_rows"))
    with archive:
        for part in archive.infolist():
            if part.filename.lower().endswith((".xml", ".rels")):
                _scan(archive, part, counter, name)


def _scan(archive: zipfile.ZipFile, part: zipfile.ZipInfo, counter: _Counter,
          name: str) -> None:
    shown = printable(part.filename, 60)
    parser = counter.parser()
    try:
        with archive.open(part) as stream:
            while chunk := stream.read(_CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _Beyond as beyond:
        raise fail(name, f"{shown}: {beyond}", name) from None
    except expat.ExpatError as error:
        raise fail(name, _("a sheet of the workbook is damaged ({reason})", reason=(
            f"{shown}: {expat.ErrorString(error.code)}, line {error.lineno}")), name) from None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as error:
        raise fail(name, _("not an Excel .xlsx workbook ({reason})", reason=(
            f"{type(error).__name__}: {printable(str(error), 120)}")), name) from None


class _Counter:
    """The running count of cells over all parts, and the checks made element by element."""

    def __init__(self, cells: int, rows: int) -> None:
        self.most_cells, self.most_rows = cells, rows
        self.cells = 0
        self.elements = 0
        self.text = 0  # characters of the current <v>, <t> or <f>
        self.inside = False  # in a <v>, <t> or <f>

    def parser(self) -> expat.XMLParserType:
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.buffer_text = True
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.characters
        parser.StartDoctypeDeclHandler = self.doctype
        parser.EntityDeclHandler = self.doctype
        return parser

    def doctype(self, *_ignored: object) -> None:
        raise _Beyond(_("a document type declaration (DOCTYPE) or entity, which a workbook "
                        "never has"))

    def end(self, _tag: str) -> None:
        self.inside = False

    def characters(self, text: str) -> None:
        if not self.inside:
            return
        self.text += len(text)
        if self.text > CELL_CHARS:
            raise _Beyond(_("a cell holds more than {most} characters, Excel's limit",
                            most=whole(CELL_CHARS)))

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        space, _sep, local = tag.rpartition(" ")
        self.text, self.inside = 0, space == MAIN and local in _TEXT
        self.elements += 1
        if self.elements > ELEMENTS * self.most_cells:  # empty rows, say: it stops early
            raise _Beyond(_("the workbook's XML has more than {most} elements (ten per cell "
                            "of the limit); a template has far fewer {how}",
                            most=whole(ELEMENTS * self.most_cells),
                            how=how_to_raise("template_cells")))
        if space != MAIN:
            return
        if local == "c":
            self.add(attributes.get("r", ""), 1)
        elif local == "comment":
            self.add(attributes.get("ref", ""), 1)
        elif local in _EXPANDED:
            ref = attributes.get("ref", "")
            self.add(ref, _area(ref))

    def add(self, ref: str, count: int) -> None:
        self.cells += count
        if self.cells > self.most_cells:
            raise _Beyond(_("the workbook would have more than {most} cells at {ref} (a "
                            "merged or linked range counts every cell it covers) {how}",
                            most=whole(self.most_cells), ref=printable(ref, 40),
                            how=how_to_raise("template_cells")))
        last = _last_row(ref)
        if last > self.most_rows:
            raise _Beyond(_("{ref} is beyond row {most}; a template has a few hundred rows "
                            "{how}", ref=printable(ref, 40), most=whole(self.most_rows),
                            how=how_to_raise("sheet_rows")))


def _bounds(ref: str) -> tuple[int, int, int, int] | None:
    """(first column, first row, last column, last row) of `A1`, `A1:C3`, `A:C` or `1:3`;
    a missing row or column is the whole sheet's; None if it is no reference."""
    ends = ref.split(":")
    if len(ends) > 2:
        return None
    found = [_REF.fullmatch(end.strip()) for end in ends]
    if any(f is None or not any(f.groups()) for f in found):
        return None
    columns = [_column(f.group(1)) if f and f.group(1) else 0 for f in found]
    rows = [int(f.group(2)) if f and f.group(2) else 0 for f in found]
    first_column, last_column = min(columns) or 1, max(columns) or _COLUMNS
    first_row, last_row = min(rows) or 1, max(rows) or _ROWS
    if 0 in columns:
        first_column, last_column = 1, _COLUMNS
    if 0 in rows:
        first_row, last_row = 1, _ROWS
    return first_column, first_row, last_column, last_row


def _area(ref: str) -> int:
    bounds = _bounds(ref)
    if bounds is None:
        return 1  # openpyxl refuses it, as a damaged workbook
    first_column, first_row, last_column, last_row = bounds
    return (last_column - first_column + 1) * (last_row - first_row + 1)


def _last_row(ref: str) -> int:
    bounds = _bounds(ref)
    return 0 if bounds is None else bounds[3]


def _column(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


__all__ = ["CELL_CHARS", "check_extent"]

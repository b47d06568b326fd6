"""The wide template: a table of many units to fill, one row per unit and one column per
input and fact, named as batch scoring reads them (`soal_<n>` or the input's id,
`fact:NAME`; zona.batch.names), as CSV (the header row) or xlsx (zona.io.workbook_wide:
help in Indonesian and English above the header, dropdowns, number validation, a frozen
and protected header). `zona batch` and zona.batch.score_table read it back as it is.
"""

from __future__ import annotations

import csv
import io
from fractions import Fraction
from pathlib import Path
from typing import BinaryIO

import attrs

from zona.errors import ZonaError
from zona.i18n import _, exact, whole
from zona.io.atomic import guarded_write, write_atomic, write_text_atomic
from zona.io.formulas_text import neutralise
from zona.io.layout import choices, lines, options_text
from zona.io.sheets import FACT_PREFIX, input_id
from zona.io.template import template_format
from zona.model import Fact, Input, Ruleset

WIDE_FORMATS = ("xlsx", "csv")
#: how input columns are named: `soal_<n>` where the input has a soal number, or its id
NAMINGS = ("soal", "id")
#: the rows an xlsx wide template validates by default (the columns stay open below them)
DEFAULT_ROWS = 1000
#: an xlsx sheet has 1,048,576 rows; three of them are the help rows and the header
MAX_ROWS = 1_048_576 - 3
#: the columns carried over to the scores, with what they hold (Indonesian, English)
CARRIED = {"unit": ("nama unit kerja", "the unit's name"),
           "unit_id": ("kode unit kerja (boleh kosong)", "the unit's code (optional)"),
           "instansi": ("instansi induk, untuk mengelompokkan (zona cohort --by instansi)",
                        "the institution, to group by (zona cohort --by instansi)")}


@attrs.frozen
class WideColumn:
    """One column of the wide template: its name, the input or fact it holds (None for a
    carried column), what it accepts in Indonesian and English, and what it asks."""

    name: str
    item: Input | Fact | None
    help_id: str
    help_en: str
    about: str = ""


def wide_columns(ruleset: Ruleset, naming: str = "soal") -> list[WideColumn]:
    """The template's columns: the carried ones, every input in the template's order, then
    every fact that is not a weight's (those are given for all units: `--fact`)."""
    if naming not in NAMINGS:
        raise ZonaError(_("unknown column naming '{naming}' (namings: {namings})",
                          naming=naming, namings=", ".join(NAMINGS)))
    found = [WideColumn(name, None, *texts) for name, texts in CARRIED.items()
             if input_id(name, ruleset) not in ruleset.inputs_by_name]
    for line in lines(ruleset):
        if line.spec is not None:
            path = " > ".join(" ".join(p.split()) for p in line.path)
            about = "\n".join(t for t in (path, " ".join(line.label.split()),
                                          line.criteria or "") if t)
            found.append(WideColumn(input_name(ruleset, line.spec, naming), line.spec,
                                    *_input_help(line.spec), about=about))
    for fact in ruleset.facts:
        if fact.name not in ruleset.weight_facts:
            found.append(WideColumn(FACT_PREFIX + fact.name, fact, *_fact_help(fact),
                                    about=fact.texts.label or fact.name))
    return found


def input_name(ruleset: Ruleset, spec: Input, naming: str = "soal") -> str:
    """The column an input is read from: `soal_<n>` (when it has a soal number that names
    no other input's id), else its id."""
    if naming == "soal" and spec.soal is not None:
        name = f"soal_{spec.soal}"
        if input_id(name, ruleset) == spec.name:
            return name
    return spec.name


def _range(low: Fraction | None, high: Fraction | None, lang: str) -> str:
    """`0 sampai 4` / `from 0 to 4`, `≥ 0`, `≤ 4` or '' (no bound), with the decimal mark
    of `lang`."""
    if low is not None and high is not None:
        if lang == "id":
            return f"{exact(low, lang)} sampai {exact(high, lang)}"
        return f"from {exact(low, lang)} to {exact(high, lang)}"
    if low is not None:
        return f"≥ {exact(low, lang)}"
    return f"≤ {exact(high, lang)}" if high is not None else ""


def _input_help(spec: Input) -> tuple[str, str]:
    if spec.kind == "choice":
        listed = options_text(spec) or ", ".join(choices(spec))
        return f"pilih: {listed}", f"one of: {listed}"
    if spec.kind == "count":
        low = spec.low if spec.low is not None else Fraction(0)
        return (f"bilangan bulat {_range(low, spec.high, 'id')}".strip(),
                f"a whole number {_range(low, spec.high, 'en')}".strip())
    return _number_help(spec.low, spec.high)


def _number_help(low: Fraction | None, high: Fraction | None) -> tuple[str, str]:
    return (f"angka {_range(low, high, 'id')}".strip(),
            f"a number {_range(low, high, 'en')}".strip())


def _fact_help(fact: Fact) -> tuple[str, str]:
    if fact.kind == "levels":
        listed = ", ".join(fact.levels)
        return f"fakta, pilih: {listed}", f"fact, one of: {listed}"
    if fact.kind == "yesno":
        return "fakta: Ya / Tidak", "fact: Ya (yes) / Tidak (no)"
    text_id, text_en = _number_help(fact.low, fact.high)
    return f"fakta: {text_id}", f"fact: {text_en}"


def wide_csv(ruleset: Ruleset, naming: str = "soal") -> str:
    """The CSV wide template: its header row (one row per unit goes below it; a text
    that a spreadsheet could run as a formula is written with a leading `'`)."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(
        [neutralise(c.name) for c in wide_columns(ruleset, naming)])
    return out.getvalue()


def check_rows(rows: int) -> int:
    """`rows` if an xlsx sheet can hold that many units below its header; else ZonaError."""
    if not 1 <= rows <= MAX_ROWS:
        raise ZonaError(_("--rows {rows}: give 1 to {most} rows", rows=rows,
                          most=whole(MAX_ROWS)))
    return rows


def wide_format(path: str | Path | None, given: str | None = None) -> str:
    """The wide template's format: `given`, else the file's suffix (xlsx or csv)."""
    found = template_format(path, given)
    if found not in WIDE_FORMATS:
        raise ZonaError(_("a wide template is a table: write it as .xlsx or .csv, not "
                          "{format}", format=found))
    return found


def write_wide(ruleset: Ruleset, path: str | Path, fmt: str | None = None, *,
               rows: int = DEFAULT_ROWS, naming: str = "soal") -> str:
    """Write the wide template of `ruleset` to `path` atomically; the format written.
    `rows`: how many rows of an xlsx template get the dropdowns and validation."""
    found = wide_format(path, fmt)
    if found == "csv":
        write_text_atomic(path, wide_csv(ruleset, naming))
        return found
    from zona.io.workbook_wide import write_wide_workbook

    check_rows(rows)
    book = io.BytesIO()  # built in memory: a full disk never leaves a half-open zip

    def build() -> None:
        write_wide_workbook(ruleset, book, rows=rows, naming=naming)

    guarded_write(path, build)

    def copy(stream: BinaryIO) -> None:
        stream.write(book.getbuffer())

    write_atomic(path, copy)
    return found


__all__ = ["CARRIED", "DEFAULT_ROWS", "MAX_ROWS", "NAMINGS", "WIDE_FORMATS", "WideColumn",
           "check_rows", "input_name", "wide_columns", "wide_csv", "wide_format", "write_wide"]

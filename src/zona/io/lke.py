"""Read the official LKE workbook (sheet "LKE ZI") into an AnswerSheet.

Rows are matched to the ruleset by structure and text, never by row number: the
reader walks the ruleset tree and, inside each matched heading's block of rows,
pairs the children with the rows whose normalised text is most alike. Blank rows,
stray spaces, numbering slips and reordered rows therefore do not matter. The cells are
read by zona.io.lke_book and matched by zona.io.lke_match.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import attrs

from zona.errors import AnswerProblem, ZonaAnswerError
from zona.i18n import _
from zona.io.files import fail
from zona.io.lke_book import (
    MAX_BYTES,
    SHEET,
    cached_answers,
    cell_text,
    damaged,
    find_sheet,
    open_book,
    read_bytes,
    read_rows,
)
from zona.io.lke_match import Matcher, short
from zona.io.sheets import AnswerSheet, Computed, Readable, given_bytes
from zona.io.workbook_xls import as_xlsx
from zona.model import Ruleset

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


def read_lke(path: Readable, ruleset: Ruleset | None = None, *,
             name: str | None = None) -> LkeSheet:
    """Read an LKE workbook's answers, matched to `ruleset` or the one its header names.

    Rows that match nothing, questions with no row, answer types and typed totals that
    disagree with the ruleset are warnings; anything that stops an answer being read
    raises ZonaAnswerError listing every problem with its cell ("LKE ZI!K9"). `path` may
    be the workbook's bytes or a binary file object instead (`name` then names it).
    """
    data, name, _suffix = given_bytes(path, name, MAX_BYTES)
    if data is None:
        data = read_bytes(Path(name), name)
    data = as_xlsx(data, name)  # an old .xls workbook is read as the same cells in .xlsx
    book = open_book(data, name, data_only=False)
    try:
        from zona.io.template_read import is_template, read_template

        if is_template(book):  # zona's own template: read by its ids, not matched
            return read_template(data, name, ruleset)
        from zona.io.workbook_wide import wide_ruleset

        wide = wide_ruleset(book)
        if wide is not None:  # a table of many units, not one unit's sheet
            raise fail(name, _("this is a table of units (zona's wide template): score it "
                               "with zona batch {name} --ruleset {ruleset}", name=name,
                               ruleset=wide or "RULESET"), name)
        sheet = find_sheet(book, name)
        sheet.reset_dimensions()  # some writers store a wrong size; read every row
        with damaged(name):  # openpyxl parses the sheet's XML only now
            title, rows = sheet.title, read_rows(sheet)
            header = [v for line in sheet.iter_rows(max_row=10, values_only=True)
                      for v in line if isinstance(v, str) and v.strip()]
        detected = _detect(" ".join(header))
        rules = ruleset if ruleset is not None else \
            _builtin(detected, header, f"{title}!B1", name)
        matcher = Matcher(rules, rows, title)
        matcher.walk(rules.root, 0, len(rows))
        matcher.unmatched_rows()
        if detected and detected not in (rules.id, rules.extends):
            matcher.warn(f"{title}!B1", _("the header names {detected}; read as {ruleset}",
                                          detected=detected, ruleset=rules.id))
        total = matcher.total_row()
        score_rows = {r.number for r in matcher.node_rows.values()} | (
            {total.number} if total is not None else set())
        saved, scores = cached_answers(data, name, title, matcher.formula_rows(), score_rows,
                                       book)
    finally:
        book.close()
    answers = matcher.answers(saved)
    if matcher.problems:
        raise ZonaAnswerError(sorted(matcher.problems, key=_by_row), name)
    for value in rules.derived:
        matcher.check_total(value, answers)
    cells = {k: f"{title}!K{r.number}" for k, r in matcher.input_rows.items()}
    computed = Computed(
        cells={k: f"{title}!L{r.number}" for k, r in matcher.node_rows.items()
               if r.number in scores},
        values={k: scores[r.number] for k, r in matcher.node_rows.items() if r.number in scores},
        total_cell=f"{title}!L{total.number}" if total is not None and total.number in scores
        else None,
        total=scores.get(total.number) if total is not None else None)
    warnings = tuple(sorted(matcher.warnings, key=_by_row))
    sheet = AnswerSheet(answers, ruleset=rules.id, source=name, locations=cells,
                        computed=computed, warnings=warnings)
    return LkeSheet(sheet, rules.id, detected, warnings, cells)


def _by_row(problem: AnswerProblem) -> tuple[int, str]:
    """Sort key: the row of a `Sheet!J8` location, then the location."""
    found = re.search(r"(\d+)$", problem.location)
    return (int(found.group(1)) if found else 0, problem.location)


def _detect(header: str) -> str | None:
    """The built-in ruleset the header's regulation number names, if there is one."""
    from zona.builtin import names

    found = _REGULATION.search(header)
    candidate = f"permenpan-{found.group(1)}-{found.group(2)}" if found else None
    return candidate if candidate in names() else None


def _builtin(detected: str | None, header: list[str], where: str, name: str) -> Ruleset:
    from zona.compiler import load_builtin

    if detected is None:
        shown = short(cell_text(header[0])) if header else _("empty")
        raise fail(where, _("cannot tell the regulation from the header ({header}); pass the "
                            "ruleset to read it with", header=repr(shown)), name)
    return load_builtin(detected)


__all__ = ["MAX_BYTES", "SHEET", "LkeSheet", "read_lke"]

"""The report's reading notes: when and with what it was made, the facts used, what is
unanswered, what reading the sheet noticed, and the workbook's own total beside zona's."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from fractions import Fraction
from html import escape

import attrs

from zona.analysis import explain as x
from zona.errors import AnswerProblem
from zona.i18n import exact, number
from zona.io.workbook_check import WorkbookCheck
from zona.model.assumptions import gather
from zona.scoring.result import Result
from zona.version import __version__


@attrs.frozen
class ReadingNotes:
    """What the report says about how it was made, beside the scores."""

    made: datetime.date
    warnings: Sequence[AnswerProblem] = ()
    workbook: WorkbookCheck | None = None


def _signed(value: Fraction) -> str:
    text = exact(value)
    shown = f"{text} ≈ {number(value, 4)}" if "/" in text else text
    return ("+" if value > 0 else "") + shown


def notes_html(result: Result, notes: ReadingNotes, lang: str) -> str:
    """The reading-notes section of the report."""
    ruleset = result.ruleset
    made = x.phrase("r_made", lang, date=notes.made.isoformat(), version=__version__,
                    ruleset=ruleset.id, fingerprint=ruleset.fingerprint)
    facts = "".join(f"<li><code>{escape(name)}</code> = {escape(str(value))}</li>"
                    for name, value in result.facts.items())
    missing = result.unanswered
    asked = len(ruleset.inputs_by_name) - len(result.not_applicable)
    unanswered = (x.phrase("r_unanswered", lang, count=len(missing), asked=asked,
                           names=", ".join(missing)) if missing
                  else x.phrase("r_all_answered", lang))
    marks = gather(ruleset)
    inferred = x.phrase("r_inferred", lang, count=len(marks), ruleset=ruleset.id)
    parts = [f'<h2>{escape(x.phrase("r_reading", lang))}</h2>', f"<p>{escape(made)}</p>",
             *([f'<p class="inferred">{escape(inferred)}</p>'] if marks else []),
             f'<h3>{escape(x.phrase("r_facts", lang))}</h3>',
             f"<ul>{facts}</ul>" if facts else f'<p>{escape(x.phrase("r_no_facts", lang))}</p>',
             f'<p data-unanswered="{len(missing)}">{escape(unanswered)}</p>']
    if notes.warnings:
        items = "".join(f"<li>{escape(str(w))}</li>" for w in notes.warnings)
        parts.append(f'<h3>{escape(x.phrase("r_warnings", lang))}</h3><ul>{items}</ul>')
    check = notes.workbook
    if check is not None and check.workbook_total is not None and check.difference is not None:
        parts.append("<p>" + escape(x.phrase(
            "r_workbook", lang, cell=check.total_cell, workbook=x.num(check.workbook_total),
            zona=x.num(check.zona_total), difference=_signed(check.difference))) + "</p>")
        cells = "".join("<li>" + escape(x.phrase(
            "r_workbook_cell", lang, cell=c.cell, node=c.node,
            label=x.label(result.nodes[c.node].node.texts, c.node, lang),
            workbook=x.num(c.workbook), zona=x.num(c.zona),
            moves="?" if c.on_total is None else _signed(c.on_total))) + "</li>"
            for c in check.cells if c.own)
        if cells:
            parts.append(f'<ul data-workbook-cells="">{cells}</ul>')
    return '<section class="reading-notes">' + "".join(parts) + "</section>"

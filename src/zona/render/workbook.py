"""The workbook's own total beside zona's, as text (in the language in use) and as JSON
(zona.io.workbook_check)."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from zona.i18n import _, exact, number
from zona.io.workbook_check import WorkbookCheck
from zona.numtext import exact_text
from zona.scoring.result import Result


def _signed(value: Fraction) -> str:
    text = exact(value)
    shown = text if "/" not in text else f"{text} = {number(value, 6)}"
    return ("+" if value > 0 else "") + shown


def workbook_lines(check: WorkbookCheck, result: Result) -> list[str]:
    """Lines for `zona score`: the two totals, and where they part, cell by cell."""
    if check.workbook_total is None or check.difference is None:
        return [_("workbook: no saved total found (open and save it in Excel or LibreOffice "
                  "to compare)")]
    head = _("workbook total ({cell}): {workbook}; zona: {zona}", cell=check.total_cell,
             workbook=number(check.workbook_total, 6), zona=number(check.zona_total, 6))
    if not check.difference:
        return [head + " " + _("(the same)")]
    lines = [head + "; " + _("difference {difference}, from these cells:",
                             difference=_signed(check.difference))]
    for cell in check.cells:
        if not cell.own:
            continue
        label = result.nodes[cell.node].node.texts.label or cell.node
        moves = "" if cell.on_total is None else \
            "; " + _("moves the total {moves}", moves=_signed(cell.on_total))
        lines.append(f"  {cell.cell} {cell.node} ({label}): "
                     + _("workbook {workbook}, zona {zona}", workbook=number(cell.workbook, 4),
                         zona=number(cell.zona, 4)) + moves)
    carried = [c.cell for c in check.cells if not c.own]
    if carried:
        lines.append("  " + _("(carried up to {cells})", cells=", ".join(carried)))
    if check.explained is not None and check.explained != check.difference:
        lines.append("  " + _("unexplained by these cells: {difference}",
                              difference=_signed(check.difference - check.explained)))
    return lines


def workbook_json(check: WorkbookCheck) -> dict[str, Any]:
    """The comparison as data: exact texts beside JSON numbers."""
    def number(value: Fraction | None) -> dict[str, Any]:
        return {"value": None if value is None else float(value),
                "exact": None if value is None else exact_text(value)}

    return {
        "total_cell": check.total_cell,
        "workbook_total": number(check.workbook_total),
        "zona_total": number(check.zona_total),
        "difference": number(check.difference),
        "cells": [{"node": c.node, "cell": c.cell, "workbook": number(c.workbook),
                   "zona": number(c.zona), "own": number(c.own),
                   "on_total": number(c.on_total)} for c in check.cells],
    }

"""The workbook's own total beside zona's, as text and as JSON (zona.io.workbook_check)."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from zona.io.workbook_check import WorkbookCheck
from zona.numtext import approx_text, exact_text
from zona.scoring.result import Result


def _signed(value: Fraction) -> str:
    text = exact_text(value)
    shown = text if "/" not in text else f"{text} = {approx_text(value, 6)}"
    return ("+" if value > 0 else "") + shown


def workbook_lines(check: WorkbookCheck, result: Result) -> list[str]:
    """Lines for `zona score`: the two totals, and where they part, cell by cell."""
    if check.workbook_total is None or check.difference is None:
        return ["workbook: no saved total found (open and save it in Excel or LibreOffice "
                "to compare)"]
    head = (f"workbook total ({check.total_cell}): {approx_text(check.workbook_total, 6)}; "
            f"zona: {approx_text(check.zona_total, 6)}")
    if not check.difference:
        return [head + " (the same)"]
    lines = [head + f"; difference {_signed(check.difference)}, from these cells:"]
    for cell in check.cells:
        if not cell.own:
            continue
        label = result.nodes[cell.node].node.texts.label or cell.node
        moves = "" if cell.on_total is None else f"; moves the total {_signed(cell.on_total)}"
        lines.append(f"  {cell.cell} {cell.node} ({label}): workbook "
                     f"{approx_text(cell.workbook, 4)}, zona {approx_text(cell.zona, 4)}"
                     f"{moves}")
    carried = [c.cell for c in check.cells if not c.own]
    if carried:
        lines.append(f"  (carried up to {', '.join(carried)})")
    if check.explained is not None and check.explained != check.difference:
        lines.append(f"  unexplained by these cells: "
                     f"{_signed(check.difference - check.explained)}")
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

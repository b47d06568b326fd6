"""The workbook's own total beside zona's, and the difference explained cell by cell.

The official LKE workbook saves what its formulas computed: a score cell (column L) per
matched node and the total. Where zona's exact score differs, each differing cell gets its
own part of the difference (what is left after the differences of the cells below it, as
its parent's formula carries them) and how much that part moves the total: so a defect in
one formula and a typed count that disagrees with its parts are told apart, and the parts
add up to the whole difference.
"""

from __future__ import annotations

import math
from fractions import Fraction

import attrs

from zona.io.sheets import Computed
from zona.scoring.result import NodeResult, Result

_CLOSE = 1e-13  # a saved double this close (relatively) to a short fraction is that fraction


@attrs.frozen
class CellDifference:
    """One score cell that differs: the workbook's value, zona's, the part of the difference
    that starts in this cell (`own`) and what that part moves the total by (`on_total`;
    None where the parent's aggregation is not linear in it)."""

    node: str
    cell: str
    workbook: Fraction
    zona: Fraction
    own: Fraction
    on_total: Fraction | None


@attrs.frozen
class WorkbookCheck:
    """The workbook's saved total beside zona's, and every score cell that differs."""

    total_cell: str | None
    workbook_total: Fraction | None
    zona_total: Fraction
    cells: tuple[CellDifference, ...]

    @property
    def difference(self) -> Fraction | None:
        """zona's total minus the workbook's."""
        return None if self.workbook_total is None else self.zona_total - self.workbook_total

    @property
    def explained(self) -> Fraction | None:
        """What the differing cells' own parts add up to on the total (None if one is not
        linear): equal to `difference` when the cells explain all of it."""
        parts = [c.on_total for c in self.cells if c.own]
        return None if any(p is None for p in parts) else sum(
            (p for p in parts if p is not None), Fraction(0))


def saved(value: float) -> Fraction:
    """A saved double as the short fraction it stands for (1.7333333333333334 -> 26/15)."""
    near = Fraction(value).limit_denominator(10**6)
    return near if math.isclose(float(near), value, rel_tol=_CLOSE, abs_tol=0.0) \
        else Fraction(value)


def check_workbook(computed: Computed, result: Result) -> WorkbookCheck:
    """Compare the workbook's saved scores with zona's result for the same answers."""
    shown = {name: _zona_value(result.nodes[name]) for name in computed.values
             if name in result.nodes}
    differs = {name: saved(computed.values[name]) - value for name, value in shown.items()
               if float(value) != computed.values[name]}
    cells = []
    parents = {c.name: n for n in result.total.walk() for c in n.children}
    for node in result.total.walk():
        if node.name not in differs:
            continue
        below = sum((differs[c.name] * _factor(node, c) for c in node.children
                     if c.name in differs), Fraction(0))
        own = below - differs[node.name]  # zona - workbook, less what the cells below carry
        factor = _to_total(result, node.name, parents)
        cells.append(CellDifference(
            node.name, computed.cells[node.name], saved(computed.values[node.name]),
            shown[node.name], own, None if factor is None else own * factor))
    total = saved(computed.total) if computed.total is not None else None
    return WorkbookCheck(computed.total_cell, total, result.total.score, tuple(cells))


def _zona_value(node: NodeResult) -> Fraction:
    """zona's value as the workbook's score cell shows it: points for a node with a weight,
    the 0..1 value for an item that has none of its own."""
    return node.score if node.node.weight is not None else node.share


def _factor(parent: NodeResult, child: NodeResult, shown: bool = True) -> Fraction:
    """How much the parent's score moves when the child's shown value (or, not `shown`, its
    score) moves by 1."""
    scale = child.maximum if shown and child.node.weight is None else Fraction(1)
    if parent.node.aggregate == "sum":
        return scale
    if parent.node.aggregate == "mean":
        counted = [c for c in parent.children if c.answered and c.applicable]
        if child in counted:
            return parent.maximum * scale / (len(counted) * child.maximum)
    return Fraction(0)


def _to_total(result: Result, name: str,
              parents: dict[str, NodeResult]) -> Fraction | None:
    """How much the total moves when a node's shown value moves by 1 (None when an
    aggregation on the way up is not a sum or a mean)."""
    factor, shown = Fraction(1), True
    node = result.nodes[name]
    while node.name != "total":
        parent = parents[node.name]
        if parent.node.aggregate not in ("sum", "mean"):
            return None
        factor *= _factor(parent, node, shown)
        node, shown = parent, False
    return factor


__all__ = ["CellDifference", "WorkbookCheck", "check_workbook", "saved"]


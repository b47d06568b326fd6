"""The maximum score of every node and view, and of `total` (what shares are taken of)."""

from __future__ import annotations

from fractions import Fraction

from zona.compiler.checks import node_maximum
from zona.compiler.symbols import Table
from zona.language import syntax as s


def maxima(table: Table) -> dict[str, Fraction]:
    """Maximum score of every node and view, and of `total`."""
    found = {name: node_maximum(table, name) for name in table.nodes}
    found["total"] = sum((found[n] for n in table.top), Fraction(0))

    def view_max(name: str) -> Fraction:
        if name in found:
            return found[name]
        view = table.views[name]
        if isinstance(view, s.ViewSum):
            value = sum((found.get(p, Fraction(0)) for p in view.parts), Fraction(0))
        else:
            value = sum((view_max(v) for v in table.view_children.get(name, ())), Fraction(0))
        found[name] = value
        return value

    for name in table.views:
        view_max(name)
    return found

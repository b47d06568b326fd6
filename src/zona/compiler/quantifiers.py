"""`every KIND under ID: QUANTITY OP THRESHOLD`: the nodes of a kind anywhere below a node
(or `total`), resolved to an `Every` condition that lists them as its members."""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

from zona import model as m
from zona.compiler.checks import unknown
from zona.compiler.symbols import Table
from zona.errors import Diagnostic
from zona.i18n import _
from zona.language import syntax as s

if TYPE_CHECKING:
    from zona.compiler.resolve import _Conditions


def below(table: Table, group: str) -> Iterator[str]:
    """Every node under a node (or `total`), parents first, in the order written."""
    stack = list(reversed(table.top if group == "total" else table.nodes[group].children))
    while stack:
        name = stack.pop()
        yield name
        stack.extend(reversed(table.nodes[name].children))


def every_under(cx: _Conditions, cond: s.EveryUnder, text: str) -> m.Condition:
    """The condition, with its members; diagnostics for a group that has none."""
    table, group = cx.table, cond.group
    quantity: Literal["score", "share"] = "share" if cond.quantity == "share" else "score"
    failed = m.Every(group, quantity, cond.op, Fraction(0), text, cond.span, kind=cond.kind)
    if group in table.views:
        cx.error(_("'{group}' is a view; 'every {kind} under' takes a node or total", group=group,
                   kind=cond.kind),
                 cond.span)
        return failed
    if group != "total" and group not in table.nodes:
        cx.out.diagnostics.append(unknown("node", group, cond.span, [*table.nodes, "total"]))
        return failed
    if group != "total" and not table.nodes[group].children:
        cx.error(_("'{group}' has nothing under it", group=group), cond.span)
        return failed
    members = [n for n in below(table, group) if table.nodes[n].decl.kind == cond.kind]
    if not members:
        cx.out.diagnostics.append(Diagnostic(_("there is no {kind} under '{group}'", kind=cond.kind,
                                               group=group),
                                             cond.span, code="predicate"))
        return failed
    limits = {n: Fraction(1) if quantity == "share" else cx.maxima[n] for n in members}
    lowest = min(limits, key=lambda n: limits[n])
    value = cx.numeric(cond.threshold, quantity == "share", group, limits[lowest], cond.op,
                       whose=_("'{lowest}' (a {kind} under '{group}')", lowest=lowest,
                               kind=cond.kind, group=group))
    return m.Every(group, quantity, cond.op, value, text, cond.span, kind=cond.kind,
                   members=tuple(members))

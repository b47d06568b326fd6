"""W301: sibling weights that are an equal share rounded (33.33 + 33.33 + 33.34 = 100).

The compiler checks that a sum's weights add up exactly (docs/errors.md, Weights); this
finds the weights that add up only because one of them was rounded the other way: every
weight is within one unit of its last decimal of the equal share, which itself has no
finite decimal form there, and the weights are not all equal.
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

from zona import model as m
from zona.errors import Diagnostic
from zona.i18n import _, ngettext
from zona.lint.codes import warning
from zona.lint.context import Context
from zona.numtext import exact_text


def decimals(value: Fraction) -> int | None:
    """How many decimals a number is written with (None: it has no finite decimal form)."""
    for places in range(0, 12):
        if (value * 10 ** places).denominator == 1:
            return places
    return None


def rounded_weights(ctx: Context) -> Iterator[Diagnostic]:
    """W301 for every node whose children's weights are an equal share, rounded."""
    for node in ctx.ruleset.nodes.values():
        if node.aggregate not in ("sum", "weighted") or len(node.children) < 2:
            continue
        weights = [c.weight for c in node.children]
        if any(w is None for w in weights) or len(set(weights)) == 1:
            continue
        found = _equal_share(node, [w for w in weights if w is not None])
        span = node.span if node.name != "total" else ctx.module.header.span
        if found is not None and ctx.here(span):
            yield warning("W301", found, span, _hint(node))


def _equal_share(node: m.Node, weights: list[Fraction]) -> str | None:
    places = [decimals(w) for w in weights]
    if any(p is None for p in places):
        return None
    written = max(p for p in places if p is not None)
    if written == 0:
        return None
    whole = sum(weights, Fraction(0))
    share = whole / len(weights)
    if decimals(share) is not None and (decimals(share) or 0) <= written:
        return None
    unit = Fraction(1, 10 ** written)
    if any(abs(w - share) >= unit for w in weights):
        return None
    shown = " + ".join(exact_text(w) for w in weights)
    total, children = exact_text(whole), len(weights)
    if node.name == "total":
        return ngettext("the weights of the top-level nodes ({shown} = {whole}) look like "
                        "{whole}/{children} each, rounded to {count} decimal: the children do not "
                        "count equally",
                        "the weights of the top-level nodes ({shown} = {whole}) look like "
                        "{whole}/{children} each, rounded to {count} decimals: the children do not "
                        "count equally", written, shown=shown, whole=total,
                        children=children)
    return ngettext("the weights of the children of '{node}' ({shown} = {whole}) look like "
                    "{whole}/{children} each, rounded to {count} decimal: the children do not "
                    "count equally",
                    "the weights of the children of '{node}' ({shown} = {whole}) look like "
                    "{whole}/{children} each, rounded to {count} decimals: the children do not "
                    "count equally", written, node=node.name, shown=shown, whole=total,
                    children=children)


def _hint(node: m.Node) -> str:
    if node.aggregate == "weighted":
        return _("Under `aggregate weighted` weights are relative: for equal weights give "
                 "every child the same weight (for example 1).")
    return _("For equal shares leave the children's weights out, so that the parent takes "
             "their mean; if the regulation gives these very weights, silence this with "
             "`# zona: ignore[rounded-weights]`.")


__all__ = ["decimals", "rounded_weights"]

"""The operands an expression may use besides inputs, derived values and nodes: facts
(`fact ID`, `fact ID OP LEVEL`), `share(ID)`, views and `total`; and the expressions of
weights that depend on facts (`weight = EXPR`). Called by zona.compiler.resolve's
expression resolver, whose diagnostics they add to."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from zona.compiler.checks import unknown
from zona.compiler.symbols import a_kind
from zona.errors import Diagnostic, did_you_mean
from zona.i18n import _
from zona.language import syntax as s
from zona.model import expr as e

if TYPE_CHECKING:
    from zona.compiler.resolve import _Expressions

_ZERO = e.Const(Fraction(0))


def fact(ex: _Expressions, node: s.FactRef) -> tuple[e.Expr, str]:
    """`fact ID`: a number fact's number, or a yes/no fact as a condition."""
    decl = ex.table.facts.get(node.name)
    if decl is None:
        ex.out.diagnostics.append(unknown("fact", node.name, node.span, ex.table.facts))
        return _ZERO, "unknown"
    if isinstance(decl.type, s.NumberType):
        if ex.for_weight:
            ex.error(_("a weight can depend only on levels and yes/no facts; '{node}' is a number "
                       "fact", node=node.name), node)
            return _ZERO, "number"
        return e.Var(node.name, "fact"), "number"
    if isinstance(decl.type, s.YesNoType):
        return e.Binary("==", e.Var(node.name, "fact"), e.Const(Fraction(1))), "bool"
    levels = decl.type.levels
    ex.error(_("fact '{node}' has levels ({levels}); compare it with one of them: fact {node} == "
               "{first}", node=node.name, levels=', '.join(levels), first=levels[0]), node)
    return _ZERO, "unknown"


def fact_comparison(ex: _Expressions, node: s.Binary) -> tuple[e.Expr, str] | None:
    """`fact ID OP LEVEL` for a levels fact (positions, lowest first); a yes/no fact compared
    is an error. None when the left side is not such a fact."""
    left = node.left
    if isinstance(left, s.Ref) and ex.table.kinds.get(left.name) == "fact":
        ex.error(_("'{left}' is a fact; write `fact {left}`", left=left.name), left)
        return _ZERO, "bool"  # (and the level on the other side is not an unknown name)
    if not isinstance(left, s.FactRef):
        return None
    name = left.name
    decl = ex.table.facts.get(name)
    if decl is None or isinstance(decl.type, s.NumberType):
        return None
    if isinstance(decl.type, s.YesNoType):
        ex.error(_("fact '{name}' is yes or no, so it is a condition itself: write `fact {name}` "
                   "or `not fact {name}`", name=name), node)
        return _ZERO, "bool"
    levels = decl.type.levels
    level = node.right
    if not isinstance(level, s.Ref) or level.name not in levels:
        if isinstance(level, s.Ref):
            ex.out.diagnostics.append(Diagnostic(
                _("'{level}' is not a level of fact '{name}' ({levels})", level=level.name,
                  name=name, levels=', '.join(levels)),
                level.span, did_you_mean(level.name, levels), code="unknown"))
        else:
            ex.error(_("fact '{name}' has levels ({levels}); compare it with one of them: fact "
                       "{name} {op} {first}", name=name, levels=', '.join(levels), op=node.op,
                       first=levels[0]), level)
        return _ZERO, "bool"
    position = e.Const(Fraction(levels.index(level.name)))
    return e.Binary(node.op, e.Var(name, "fact"), position), "bool"


def share(ex: _Expressions, node: s.ShareRef) -> e.Expr:
    """`share(ID)`: a node's, a view's or total's score over its maximum."""
    name = node.name
    kind = "node" if name == "total" else ex.table.kinds.get(name)
    if kind is None:
        scored = [*ex.table.nodes, *ex.table.views, "total"]
        ex.out.diagnostics.append(unknown("node or view", name, node.span, scored))
        return _ZERO
    if kind not in ("node", "view"):
        ex.error(_("'{name}' is {a_kind}; share() takes a node, a view or total", name=name,
                   a_kind=a_kind(kind)), node)
        return _ZERO
    if ex.for_weight:
        ex.error(_("a weight cannot depend on answers: 'share({name})' is a share", name=name),
                 node)
        return _ZERO
    ex.out.depends.setdefault(ex.owner, set()).add(name)
    maximum = ex.out.maxima.get(name, Fraction(1)) or Fraction(1)
    var = e.Var(name, "view" if kind == "view" else "node")
    return e.Binary("/", var, e.Const(maximum))


def reference(ex: _Expressions, node: s.Ref, kind: str | None) -> e.Expr | None:
    """A view's id or `total` (None for any other name); in a weight, any answer is an
    error."""
    name = node.name
    if kind == "fact":
        ex.error(_("'{name}' is a fact; write `fact {name}`", name=name), node)
        return _ZERO
    if kind is None and name.lower() in ("true", "false"):
        ex.error(_("zona has no '{name}': write a condition, such as `x > 0`, or a number",
                   name=name), node)
        return _ZERO
    if ex.for_weight and (kind in ("input", "derived value", "node", "view")
                          or name == "total"):
        what = _("the whole ruleset's score") if name == "total" else a_kind(kind or "")
        ex.error(_("a weight cannot depend on answers: '{name}' is {what}", name=name, what=what),
                 node)
        return _ZERO
    if name == "total" or kind == "view":
        ex.out.depends.setdefault(ex.owner, set()).add(name)
        return e.Var(name, "view" if kind == "view" else "node")
    return None

"""Which way each score moves when one answer rises, as far as the language guarantees it.

Sums, means and weighted means never fall when a child's share rises (the set of children
counted does not change while the answer stays answered and applicable), and neither do
`+`, `min`, `max`, rounding and products with a constant of known sign. What breaks it is
stated as the reason: a subtraction or a negative factor turns the direction round (that is
still a direction); a `divide` by a value that depends on the answer, a product of two
values that depend on it, `==`/`!=`, an `if` whose test moves with the answer but whose
branches are not ordered, and one part rising while another falls leave it unknown.
`<` and `not` turn a test's direction round: `if x < 5 then 1 else 0` falls as x rises.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

from zona import model as m
from zona.i18n import N_, _
from zona.model import expr as e
from zona.model.intervals import Span, span

UP, FLAT, DOWN = 1, 0, -1


class Unknown(Exception):
    """The direction is not guaranteed; the message says why (in the language in use)."""


#: why no direction is known, per operation whose other operand's sign is unknown
_SIGNS = {"a division": N_("a division by a value that can be negative or positive"),
          "a product": N_("a product by a value that can be negative or positive"),
          "a divide()": N_("a divide() by a value that can be negative or positive")}


def directions(ruleset: m.Ruleset, name: str) -> dict[str, int | str]:
    """Each node's direction (UP, FLAT, DOWN) as input `name` rises, or why none is known."""
    found: dict[str, int | str] = {}
    walker = _Walker(ruleset, name)
    for node in ruleset.root.walk():
        try:
            found[node.name] = walker.node(node.name)
        except Unknown as reason:
            found[node.name] = str(reason)
    return found


def _combine(directions: list[int]) -> int:
    moving = {d for d in directions if d != FLAT}
    if len(moving) > 1:
        raise Unknown(_("it raises one part and lowers another"))
    return moving.pop() if moving else FLAT


class _Walker:
    def __init__(self, ruleset: m.Ruleset, name: str) -> None:
        self.ruleset = ruleset
        self.name = name
        self.derived = {d.name: d.expr for d in ruleset.derived}
        self.views = {v.name: v for top in ruleset.views for v in top.walk()}
        self.memo: dict[tuple[str, str], int] = {}

    def node(self, name: str) -> int:
        key = ("node", name)
        if key not in self.memo:
            node = self.ruleset.node(name)
            if node.aggregate == "choice":
                self.memo[key] = UP if node.name == self.name else FLAT
            elif node.aggregate == "expr" and node.expr is not None:
                self.memo[key] = self.expr(node.expr)
            else:
                self.memo[key] = _combine([self.node(c.name) for c in node.children])
        return self.memo[key]

    def var(self, var: e.Var) -> int:
        if var.kind == "input":
            return UP if var.name == self.name else FLAT
        if var.kind == "derived":
            key = ("derived", var.name)
            if key not in self.memo:
                self.memo[key] = self.expr(self.derived[var.name])
            return self.memo[key]
        if var.kind == "node":
            return self.node(var.name)
        if var.kind == "view":
            view = self.views[var.name]
            parts = [self.node(p) for v in view.walk() for p in v.parts]
            return _combine(parts)
        return FLAT  # a fact

    def expr(self, expr: e.Expr) -> int:
        if isinstance(expr, e.Const):
            return FLAT
        if isinstance(expr, e.Var):
            return self.var(expr)
        if isinstance(expr, e.Negate):
            return -self.expr(expr.operand)
        if isinstance(expr, e.Round):
            return self.expr(expr.value)
        if isinstance(expr, e.Extremum):
            return _combine([self.expr(a) for a in expr.args])
        if isinstance(expr, e.Divide):
            return self.divide(expr)
        if isinstance(expr, e.If):
            return self.choose(expr)
        if isinstance(expr, e.Binary) and expr.op in ("+", "-", "*", "/"):
            left, right = self.expr(expr.left), self.expr(expr.right)
            if expr.op == "+":
                return _combine([left, right])
            if expr.op == "-":
                return _combine([left, -right])
            if expr.op == "/":
                return left * self.sign(expr.right, "a division")
            if right == FLAT:
                return left * self.sign(expr.right, "a product")
            if left == FLAT:
                return right * self.sign(expr.left, "a product")
            raise Unknown(_("a product of two values that both depend on it"))
        return self.truth(expr)

    def truth(self, expr: e.Expr) -> int:
        """A condition's direction: UP when it can only turn true as the answer rises."""
        if isinstance(expr, e.Not):
            return -self.truth(expr.operand)
        if isinstance(expr, e.Binary) and expr.op in ("and", "or"):
            return _combine([self.truth(expr.left), self.truth(expr.right)])
        if isinstance(expr, e.Binary):
            difference = _combine([self.expr(expr.left), -self.expr(expr.right)])
            if difference == FLAT:
                return FLAT
            if expr.op in ("==", "!="):
                raise Unknown(_("a comparison with {op}", op=expr.op))
            return difference if expr.op in (">=", ">") else -difference
        if isinstance(expr, e.Var):  # a yes/no fact read as a condition
            return FLAT
        return self.expr(expr)

    def divide(self, expr: e.Divide) -> int:
        if self.expr(expr.denominator) != FLAT:
            raise Unknown(_("a divide() by a value that depends on it"))
        sign = self.sign(expr.denominator, "a divide()")
        return _combine([sign * self.expr(expr.numerator), self.expr(expr.if_zero)])

    def choose(self, expr: e.If) -> int:
        test = self.truth(expr.test)
        branches = _combine([self.expr(expr.then), self.expr(expr.otherwise)])
        if test == FLAT:
            return branches
        then, otherwise = self.span(expr.then), self.span(expr.otherwise)
        if _at_least(then, otherwise):
            return _combine([branches, test])
        if _at_least(otherwise, then):
            return _combine([branches, -test])
        raise Unknown(_("an `if` whose test moves with it but whose branches are not "
                        "ordered"))

    def sign(self, expr: e.Expr, what: str) -> int:
        """+1 when the value is never negative, -1 when never positive."""
        found = self.span(expr)
        if found.low is not None and found.low >= 0:
            return UP
        if found.high is not None and found.high <= 0:
            return DOWN
        raise Unknown(_(_SIGNS[what]))

    def span(self, expr: e.Expr) -> Span:
        return span(expr, _lookup(self.ruleset, self.derived))


def _at_least(high: Span, low: Span) -> bool:
    return high.low is not None and low.high is not None and high.low >= low.high


def _lookup(ruleset: m.Ruleset, derived: dict[str, e.Expr]) -> Callable[[e.Var], Span]:
    views = {v.name: v.maximum for top in ruleset.views for v in top.walk()}

    def lookup(var: e.Var) -> Span:
        if var.kind == "input":
            spec = ruleset.inputs_by_name[var.name]
            if spec.kind == "choice" and spec.scale is not None:
                return Span(min(o.value for o in spec.scale.valued),
                            max(o.value for o in spec.scale.valued))
            return Span(spec.low if spec.kind == "decimal" else Fraction(0), spec.high)
        if var.kind == "derived":
            return span(derived[var.name], lookup)
        if var.kind == "node":
            return Span(Fraction(0), ruleset.node(var.name).maximum)
        if var.kind == "view":
            return Span(Fraction(0), views[var.name])
        fact = ruleset.facts_by_name[var.name]
        if fact.kind == "levels":
            return Span(Fraction(0), Fraction(len(fact.levels) - 1))
        if fact.kind == "yesno":
            return Span(Fraction(0), Fraction(1))
        return Span(fact.low, fact.high)

    return lookup

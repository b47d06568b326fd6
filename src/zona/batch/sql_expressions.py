"""Compiled expressions (formulas of items and derived values, the values grades read) as
exact SQL: inputs, derived values, nodes, views, facts, rounding; NULL when something they
read is unanswered or does not apply (`= na` under `na reweight`)."""

from __future__ import annotations

from typing import Protocol

from zona.batch.sql_exact import Exact, Rat, const
from zona.batch.sql_layout import Layout
from zona.model import expr as e


class Values(Protocol):
    """What expressions read: a variable's value, and where it does not apply (SQL)."""

    def value(self, kind: str, name: str) -> Rat:
        """The value of an input, derived value, node, view or fact (NULL: unanswered)."""

    def dropped(self, kind: str, name: str) -> str:
        """SQL for whether it does not apply under `na reweight` (`FALSE` when it never
        can)."""


class Expressions:
    """Expressions over `values`, read when an expression is compiled, so they hold
    whatever it mentions by then."""

    def __init__(self, exact: Exact, layout: Layout, values: Values) -> None:
        self.exact, self.layout, self.values = exact, layout, values

    def number(self, x: e.Expr) -> Rat:
        """A numeric expression's exact value."""
        exact = self.exact
        if isinstance(x, e.Const):
            return const(x.value)
        if isinstance(x, e.Var):
            return self.values.value(x.kind, x.name)
        if isinstance(x, e.Negate):
            inner = self.number(x.operand)
            return Rat(f"(-{inner.n})", inner.s, inner.b)
        if isinstance(x, e.If):
            return exact.pick(self.truth(x.test), self.number(x.then),
                              self.number(x.otherwise))
        if isinstance(x, e.Extremum):
            found = self.number(x.args[0])
            for arg in x.args[1:]:
                other = self.number(arg)
                first = exact.compare(found, "<=" if x.function == "min" else ">=", other)
                found = exact.pick(first, found, other)
            return found
        if isinstance(x, e.Divide):
            top, bottom, zero = (self.number(y) for y in (x.numerator, x.denominator,
                                                         x.if_zero))
            sign = f"CASE WHEN {bottom.n} < 0 THEN -1 ELSE 1 END"
            quotient = Rat(f"({top.n} * {exact.lit(bottom.s)} * {exact.b(bottom)} * {sign})",
                           top.s, f"({exact.b(top)} * ABS({bottom.n}))")
            return exact.pick(f"({bottom.n} = 0)", zero, quotient)
        if isinstance(x, e.Round):
            return exact.rounded(self.layout, self.number(x.value), x.function, x.places,
                                 x.mode)
        assert isinstance(x, e.Binary)
        left, right = self.number(x.left), self.number(x.right)
        if x.op in ("+", "-"):
            return exact.add([left, right], [False, x.op == "-"])
        if x.op == "*":
            b = None if left.b is None and right.b is None else \
                f"({exact.b(left)} * {exact.b(right)})"
            return Rat(f"({left.n} * {right.n})", left.s * right.s, b)
        constant = x.right  # `/` only by a non-zero constant
        assert isinstance(constant, e.Const)
        p, q = constant.value.numerator, constant.value.denominator
        return Rat(f"({left.n} * {exact.lit(q if p > 0 else -q)})", left.s * abs(p), left.b)

    def truth(self, x: e.Expr) -> str:
        """A condition as a BOOLEAN."""
        if isinstance(x, e.Not):
            return f"(NOT {self.truth(x.operand)})"
        if isinstance(x, e.If):
            return f"CASE WHEN {self.truth(x.test)} THEN {self.truth(x.then)} " \
                   f"ELSE {self.truth(x.otherwise)} END"
        assert isinstance(x, e.Binary)
        if x.op in ("and", "or"):
            return f"({self.truth(x.left)} {x.op.upper()} {self.truth(x.right)})"
        return self.exact.compare(self.number(x.left), x.op, self.number(x.right))

    def expression(self, x: e.Expr) -> tuple[Rat, str]:
        """An expression's value as columns: NULL unless everything it mentions is answered
        and applies; and SQL for whether it does not apply (`FALSE` when it never can):
        when anything it reads does not apply under `na reweight`."""
        refs = list(dict.fromkeys((v.kind, v.name) for v in e.variables(x)))
        known = [self.values.value(k, n).n for k, n in refs]
        gone = [found for k, n in refs if (found := self.values.dropped(k, n)) != "FALSE"]
        na = "FALSE"
        if gone:
            na = self.layout.column("a", f"({' OR '.join(gone)})")
        guard = " AND ".join([*(f"{n} IS NOT NULL" for n in known),
                              *([f"NOT {na}"] if gone else [])]) or "TRUE"
        value = self.number(x)
        n = self.layout.column("n", f"CASE WHEN {guard} THEN {value.n} END")
        b = None if value.b is None else \
            self.layout.column("d", f"CASE WHEN {guard} THEN {value.b} END")
        return Rat(n, value.s, b), na


__all__ = ["Expressions", "Values"]

"""Exact rationals as SQL integers: a value is n / (s * b), with `s` a static integer and
`n`, `b` SQL (see zona.batch.sql); sums, comparisons and choices between them."""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

import attrs

from zona.batch.sql_dialect import Dialect

OPS = {"==": "=", "!=": "<>", "<": "<", "<=": "<=", ">": ">", ">=": ">="}


@attrs.frozen
class Rat:
    """An exact value n / (s * b): n is SQL (NULL when unanswered), b SQL or None (1)."""

    n: str
    s: int
    b: str | None = None


def const(value: Fraction) -> Rat:
    """A constant."""
    return Rat(str(value.numerator), value.denominator)


def const_sql(text: str) -> Rat:
    """A constant written as SQL `p` or `p/q` (as given facts are)."""
    top, _, bottom = text.partition("/")
    return Rat(top, int(bottom or 1))


def lcm(*values: int) -> int:
    """The least common multiple (1 of nothing)."""
    return math.lcm(*values) if values else 1


@attrs.frozen
class Exact:
    """Arithmetic and comparisons of Rats, in one dialect's integers."""

    dialect: Dialect

    def lit(self, value: int) -> str:
        return self.dialect.lit(value)

    def b(self, value: Rat) -> str:
        """The dynamic denominator as SQL."""
        return value.b if value.b is not None else "1"

    def scaled(self, value: Rat, s: int) -> str:
        """The numerator over the static denominator `s` (a multiple of value.s)."""
        factor = s // value.s
        return value.n if factor == 1 else f"({value.n} * {self.lit(factor)})"

    def add(self, parts: Sequence[Rat], negate: Sequence[bool] = ()) -> Rat:
        """The sum of the parts (unanswered parts count as 0)."""
        s = lcm(*(p.s for p in parts))
        dynamic = [i for i, p in enumerate(parts) if p.b is not None]
        terms = []
        for i, part in enumerate(parts):
            others = [f"COALESCE({parts[j].b}, 1)" for j in dynamic if j != i]
            term = " * ".join([f"COALESCE({self.scaled(part, s)}, 0)", *others])
            terms.append(("- " if negate and negate[i] else "+ ") + term)
        b = " * ".join(f"COALESCE({parts[j].b}, 1)" for j in dynamic) or None
        return Rat(f"({' '.join(terms)})", s, f"({b})" if b else None)

    def compare(self, left: Rat, op: str, right: Rat) -> str:
        """An exact comparison (cross-multiplied) as a BOOLEAN."""
        s = lcm(left.s, right.s)
        return (f"({self.scaled(left, s)} * {self.b(right)} {OPS[op]} "
                f"{self.scaled(right, s)} * {self.b(left)})")

    def pick(self, test: str, then: Rat, otherwise: Rat) -> Rat:
        """`then` where the BOOLEAN `test` holds, else `otherwise`."""
        s = lcm(then.s, otherwise.s)
        b = None if then.b is None and otherwise.b is None else \
            f"CASE WHEN {test} THEN {self.b(then)} ELSE {self.b(otherwise)} END"
        return Rat(f"CASE WHEN {test} THEN {self.scaled(then, s)} ELSE "
                   f"{self.scaled(otherwise, s)} END", s, b)


__all__ = ["OPS", "Exact", "Rat", "const", "const_sql", "lcm"]

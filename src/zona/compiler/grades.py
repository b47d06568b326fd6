"""Resolve grades: the value their bands read (`by`), their levels' `when` conditions, the
checks on their levels (zona.compiler.grade_checks), and the model Grade.

The range of the value is found by the interval arithmetic of zona.model.intervals: a node,
view or `total` lies in 0..its maximum, `share(x)` in 0..1, an input in its type's range
(a count in 0..infinity), a `number` fact in its declared range (unbounded without one).
"""

from __future__ import annotations

from fractions import Fraction

from zona import model as m
from zona.compiler.grade_checks import check_bands, check_shape
from zona.compiler.resolve import Resolved, _Conditions, _Expressions
from zona.compiler.symbols import Table, texts
from zona.i18n import _
from zona.language import syntax as s
from zona.language import unparse
from zona.model import expr as e
from zona.model.intervals import Span as Range
from zona.model.intervals import span

_ANY = Range(None, None)


def resolve_grades(table: Table, out: Resolved, maxima: dict[str, Fraction]) -> None:
    """Resolve every grade of the table into `out.grades`, with its diagnostics."""
    for name, decl in table.grades.items():
        out.grades[name] = _grade(table, out, maxima, decl)


def _grade(table: Table, out: Resolved, maxima: dict[str, Fraction],
           decl: s.GradeDecl) -> m.Grade:
    found = out.diagnostics
    value: e.Expr | None = None
    described: str | None = None
    resolved = True
    if decl.by is not None:
        before = len(found)
        value = _Expressions(table, out, f"grade {decl.name}").number(decl.by)
        described = f"'{unparse.expression(decl.by)}'"
        resolved = len(found) == before
    shape = list(check_shape(decl, described))
    found.extend(shape)
    conditions = _Conditions(table, out, decl.name, maxima)
    conditions.prefix = "grade "
    levels = tuple(
        m.Level(level.name, texts(level.label, level.texts, f"{decl.name}.{level.name}", found),
                band=_band(level.band),
                when=conditions.resolve(level.when) if level.when is not None else None,
                numbered=level.numbered, span=level.span)
        for level in decl.levels)
    if value is not None and described is not None and resolved and not shape:
        reach = _Reach(table, out, maxima)
        found.extend(check_bands(decl, described, span(value, reach),
                                 (reach.why(value), reach.why(value))))
    return m.Grade(decl.name, texts(decl.label, decl.members, decl.name, found), value, levels,
                   decl.span)


def _band(band: s.Band | None) -> m.Band | None:
    if band is None:
        return None
    return m.Band(band.low, band.low_open, band.high, band.high_open)


class _Reach:
    """Every value a variable can take, as an interval (the lookup of intervals.span)."""

    def __init__(self, table: Table, out: Resolved, maxima: dict[str, Fraction]) -> None:
        self.table, self.out, self.maxima = table, out, maxima
        self.visiting: set[str] = set()

    def __call__(self, var: e.Var) -> Range:
        name, kind = var.name, var.kind
        if kind == "input":
            return self.input(name)
        if kind == "derived":
            expression = self.out.derived.get(name)
            if expression is None or name in self.visiting:  # a cycle is reported elsewhere
                return _ANY
            self.visiting.add(name)
            try:
                return span(expression, self)
            finally:
                self.visiting.discard(name)
        if kind == "share":
            return Range(Fraction(0), Fraction(1))
        if name in self.maxima:
            return Range(Fraction(0), self.maxima[name])
        fact = self.table.facts.get(name)
        if fact is not None and isinstance(fact.type, s.NumberType):
            return Range(fact.type.low, fact.type.high)
        if fact is not None:
            return Range(Fraction(0), Fraction(1))
        return _ANY

    def input(self, name: str) -> Range:
        info = self.table.inputs.get(name)
        kind = info.kind if info is not None else None
        if isinstance(kind, s.CountType):
            return Range(Fraction(0), None)
        if isinstance(kind, s.DecimalType):
            return Range(kind.low, kind.high)
        scale = self.table.scales.get(kind.name) if isinstance(kind, s.ScaleRef) else None
        if scale is None:
            return _ANY
        values = [_option_value(o) for o in scale.options if not getattr(o, "na", False)]
        known = [v for v in values if v is not None]
        return Range(min(known), max(known)) if known else _ANY

    def why(self, expression: e.Expr) -> str | None:
        """What makes a value unbounded: the first variable with no bound, described."""
        for var in e.variables(expression):
            reach = self(var)
            if reach.low is not None and reach.high is not None:
                continue
            if var.kind == "derived" and var.name in self.out.derived:
                inner = self.why(self.out.derived[var.name])
                if inner is not None:
                    return inner
            info = self.table.inputs.get(var.name) if var.kind == "input" else None
            if info is not None and isinstance(info.kind, s.CountType):
                return _("'{name}' is a count", name=var.name)
            if var.name in self.table.facts:
                return _("'{name}' is a number fact without a range", name=var.name)
            return _("'{name}' has no bound", name=var.name)
        return None


def _option_value(option: s.ScaleOption) -> Fraction | None:
    value: Fraction | None = option.value
    if value is None and getattr(option, "numbered", False):
        return Fraction(int(option.name))
    return value

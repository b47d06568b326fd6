"""What every value of a ruleset can be, soundly, over every answer sheet: the highest
score of each node and view (zona.analysis.bounds where it applies, else the maximum), and
the interval of every input, derived value and fact (zona.model.intervals)."""

from __future__ import annotations

from fractions import Fraction
from functools import cached_property

from zona import model as m
from zona.analysis.intervals import Span, span
from zona.errors import ZonaError
from zona.model import expr as e


class Reach:
    """The sound ranges of one ruleset (one combination of the facts weights read).

    A score is never below 0, and never above its node's maximum. With every answer unknown,
    zona.analysis.bounds gives a tighter highest score; it is used unless a scale has a
    "not applicable" option (re-weighting the others can then raise a score above what any
    complete sheet gives) or bounds does not support the ruleset.
    """

    def __init__(self, ruleset: m.Ruleset) -> None:
        self.ruleset = ruleset
        self._derived = {d.name: d for d in ruleset.derived}
        self._memo: dict[str, Span] = {}

    @cached_property
    def highs(self) -> dict[str, Fraction]:
        """The highest score of every node and view."""
        found = {n.name: n.maximum for n in self.ruleset.nodes.values()}
        found |= {v.name: v.maximum for v in self.ruleset.views_by_name.values()}
        if "na" in self.ruleset.features:
            return found
        from zona.analysis.bounds import bounds  # only for a ruleset without `na`

        try:
            tight = bounds(self.ruleset, {})
        except (ZonaError, ArithmeticError):
            return found
        found |= {k: min(v.high, found[k]) for k, v in tight.nodes.items()}
        found |= {k: min(v.high, found[k]) for k, v in tight.views.items()}
        return found

    @property
    def tightened(self) -> bool:
        """Whether the highs come from bounds (not just the maxima)."""
        return "na" not in self.ruleset.features and any(
            self.highs[n] < node.maximum for n, node in self.ruleset.nodes.items())

    def maximum(self, name: str) -> Fraction:
        nodes, views = self.ruleset.nodes, self.ruleset.views_by_name
        return nodes[name].maximum if name in nodes else views[name].maximum

    def score(self, name: str, share: bool = False) -> Span:
        """Every score (or share) a node or view can have."""
        high, top = self.highs[name], self.maximum(name)
        if share:
            return Span(Fraction(0), high / top if top else Fraction(0))
        return Span(Fraction(0), high)

    def value(self, var: e.Var) -> Span:
        """Every value a reference in an expression can have."""
        if var.kind in ("node", "view"):
            return self.score(var.name)
        if var.kind == "derived":
            if var.name not in self._memo:
                self._memo[var.name] = Span(None, None)  # no cycles: the compiler forbids them
                self._memo[var.name] = span(self._derived[var.name].expr, self.value)
            return self._memo[var.name]
        if var.kind == "fact":
            return self.fact(self.ruleset.facts_by_name[var.name])
        spec = self.ruleset.inputs_by_name[var.name]
        if spec.scale is not None:
            values = [o.value for o in spec.scale.valued]
            low, high = min(values), max(values)
            if spec.scale.not_applicable:  # `na full` reads the top, `na zero` reads 0
                low, high = min(low, Fraction(0)), max(high, spec.scale.high)
            return Span(low, high)
        if spec.kind == "count":
            return Span(Fraction(0), None)
        return Span(spec.low, spec.high)

    def fact(self, fact: m.Fact) -> Span:
        """Every value a fact can have: a number in its range, a level's position, 0 or 1."""
        if fact.kind == "levels":
            return Span(Fraction(0), Fraction(len(fact.levels) - 1))
        if fact.kind == "yesno":
            return Span(Fraction(0), Fraction(1))
        return Span(fact.low, fact.high)

    def expression(self, expression: e.Expr) -> Span:
        return span(expression, self.value)


__all__ = ["Reach"]

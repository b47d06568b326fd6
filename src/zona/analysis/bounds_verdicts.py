"""Predicate verdicts and grade levels over intervals: "passed", "failed" or "undecided"
over every completion of the unknown answers, whether an undecided one is certainly open,
and each grade's lowest and highest reachable level (zona.analysis.bounds_grades)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fractions import Fraction

from zona import model as m
from zona.analysis.bounds_grades import grade_bounds, rising
from zona.analysis.bounds_result import GradeBounds, Interval, Verdict
from zona.analysis.intervals import Lookup, Span, compare
from zona.scoring.result import ConditionResult, Result


class Judge:
    """Verdicts over the intervals of one set of facts. With `exact` (the lowest and
    highest completions reach every low and high at once) a monotone predicate's verdict,
    and a monotone grade's levels, are read from those two completions; otherwise from the
    intervals (sound). `lookup` gives every value an expression's variable can take;
    `open_facts` the number facts
    expressions read that nobody gave; `complete` whether every fact is known or open."""

    def __init__(self, ruleset: m.Ruleset, nodes: Mapping[str, Interval],
                 views: Mapping[str, Interval], lowest: Result, highest: Result, exact: bool,
                 lookup: Lookup, open_facts: Mapping[str, m.Fact], complete: bool) -> None:
        self.ruleset = ruleset
        self.nodes = nodes
        self.views = views
        self.lowest = lowest
        self.highest = highest
        self.exact = exact
        self.lookup = lookup
        self.open = open_facts
        self.complete = complete
        self.grades: dict[str, GradeBounds] = {}

    # predicates

    def verdicts(self) -> tuple[dict[str, Verdict], dict[str, bool]]:
        """Each predicate's verdict, and whether it is certain."""
        found: dict[str, Verdict] = {}
        certain: dict[str, bool] = {}
        for predicate in self.ruleset.predicates:
            low = self.lowest.predicates[predicate.name]
            sure = self.exact and self.monotone_predicate(predicate, set())
            if sure:
                passed = low.passed is True
                failed = self.highest.predicates[predicate.name].passed is False
            else:
                verdict = _all(self.truth(c, r) for c, r in zip(
                    predicate.conditions, low.conditions, strict=True))
                passed, failed = verdict is True, verdict is False
            found[predicate.name] = "passed" if passed else "failed" if failed else "undecided"
            certain[predicate.name] = sure or found[predicate.name] != "undecided"
        return found, certain

    def monotone_predicate(self, predicate: m.Predicate, seen: set[str]) -> bool:
        """True when raising any score can never turn the predicate from passing to
        failing (and nothing it reads varies otherwise between completions)."""
        seen = seen | {predicate.name}
        return all(self.monotone(c, seen) for c in predicate.conditions)

    def monotone(self, condition: m.Condition, seen: set[str]) -> bool:
        if isinstance(condition, m.AllOf | m.AnyOf):
            return all(self.monotone(p, seen) for p in condition.parts)
        if isinstance(condition, m.NoneOf):
            return not _reads_scores(condition.part) and self._fixed_facts(condition.part)
        if isinstance(condition, m.PredicateRef):
            return condition.name in seen or self.monotone_predicate(
                self.ruleset.predicates_by_name[condition.name], seen)
        if isinstance(condition, m.Compare) and condition.quantity == "fact":
            return condition.subject not in self.open
        if isinstance(condition, m.Compare) and condition.quantity == "grade":
            return condition.op in (">=", ">") and self.monotone_grade(
                self.ruleset.grades_by_name[condition.subject], seen)
        return condition.op in (">=", ">")

    def monotone_grade(self, grade: m.Grade, seen: set[str]) -> bool:
        """True when raising any score can never lower the grade: its value rises with
        the scores (or it has none) and every `when` is monotone."""
        if grade.value is not None and rising(grade.value, self.ruleset, self.lookup) is None:
            return False
        return all(self.monotone(v.when, seen) for v in grade.levels if v.when is not None)

    def _fixed_facts(self, condition: m.Condition) -> bool:
        if isinstance(condition, m.AllOf | m.AnyOf):
            return all(self._fixed_facts(p) for p in condition.parts)
        if isinstance(condition, m.NoneOf):
            return self._fixed_facts(condition.part)
        return not (isinstance(condition, m.Compare) and condition.quantity == "fact"
                    and condition.subject in self.open)

    # conditions over the intervals

    def truth(self, condition: m.Condition, found: ConditionResult) -> bool | None:
        """A condition's verdict over the intervals (sound); facts as the probe saw them,
        unless a fact varies between completions."""
        if isinstance(condition, m.AllOf | m.AnyOf):
            parts = [self.truth(p, r) for p, r in zip(condition.parts, found.parts, strict=True)]
            return _all(parts) if isinstance(condition, m.AllOf) else _any(parts)
        if isinstance(condition, m.NoneOf):
            inner = self.truth(condition.part, found.parts[0])
            return None if inner is None else not inner
        if isinstance(condition, m.PredicateRef):
            predicate = self.lowest.predicates[condition.name]
            return _all(self.truth(c, r) for c, r in zip(
                predicate.predicate.conditions, predicate.conditions, strict=True))
        if isinstance(condition, m.Every):
            return _all(compare(condition.op, self._quantity(
                p.subject or "", condition.quantity == "share"),
                Span.point(condition.threshold)) for p in found.parts)
        if condition.quantity == "fact":
            if condition.subject in self.open and isinstance(condition.threshold, Fraction):
                fact = self.open[condition.subject]
                return compare(condition.op, Span(fact.low, fact.high),
                               Span.point(condition.threshold))
            return found.passed
        if condition.quantity == "grade":
            return self._grade_truth(condition, found)
        assert isinstance(condition.threshold, Fraction)
        return compare(condition.op, self._quantity(condition.subject,
                                                    condition.quantity == "share"),
                       Span.point(condition.threshold))

    def _quantity(self, subject: str, share: bool) -> Span:
        got = self.nodes[subject] if subject in self.nodes else self.views[subject]
        return Span(got.share_low, got.share_high) if share else Span(got.low, got.high)

    def _grade_truth(self, condition: m.Compare, found: ConditionResult) -> bool | None:
        """`grade G OP LEVEL` over G's reachable levels, by position. With a fact unknown
        a completion's grade may be undecided, and scoring then passes only `>=`/`>` met
        by the level known to hold: so only that is decided."""
        grade = self.ruleset.grades_by_name[condition.subject]
        reach = self.grade(grade)
        if reach.low is None or reach.high is None:
            return found.passed  # unanswered in every completion: as the probe has it
        bar = Span.point(Fraction(grade.position(str(condition.threshold))))
        levels = Span(Fraction(grade.position(reach.low)), Fraction(grade.position(reach.high)))
        verdict = compare(condition.op, levels, bar)
        if self.complete:
            return verdict
        at_least = compare(condition.op, Span.point(levels.low or Fraction(0)), bar)
        return True if condition.op in (">=", ">") and at_least else None

    # grades

    def grade(self, grade: m.Grade) -> GradeBounds:
        """A grade's reachable levels (worked out once)."""
        if grade.name not in self.grades:
            self.grades[grade.name] = grade_bounds(self, grade)
        return self.grades[grade.name]


def _reads_scores(condition: m.Condition) -> bool:
    if isinstance(condition, m.AllOf | m.AnyOf):
        return any(_reads_scores(p) for p in condition.parts)
    if isinstance(condition, m.NoneOf):
        return _reads_scores(condition.part)
    return not (isinstance(condition, m.Compare) and condition.quantity == "fact")


def _all(each: Iterable[bool | None]) -> bool | None:
    found = list(each)
    return False if False in found else (None if None in found else True)


def _any(each: Iterable[bool | None]) -> bool | None:
    found = list(each)
    return True if True in found else (None if None in found else False)


__all__ = ["Judge"]

"""Predicate verdicts over intervals: "passed", "failed" or "undecided" over every
completion of the unknown answers, and whether an undecided one is certainly open."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fractions import Fraction

from zona import model as m
from zona.analysis.bounds_result import Interval, Verdict
from zona.analysis.intervals import Span, compare
from zona.scoring.result import ConditionResult, Result


def verdicts(ruleset: m.Ruleset, nodes: Mapping[str, Interval],
             views: Mapping[str, Interval], lowest: Result, highest: Result,
             exact: bool) -> tuple[dict[str, Verdict], dict[str, bool]]:
    """Each predicate's verdict, and whether it is certain. With `exact` (the lowest and
    highest completions reach every low and high at once) a monotone predicate's verdict
    is read from those two completions; otherwise from the intervals (sound)."""
    found: dict[str, Verdict] = {}
    certain: dict[str, bool] = {}
    for predicate in ruleset.predicates:
        low = lowest.predicates[predicate.name]
        if exact and _monotone(ruleset, predicate, set()):
            passed = low.passed is True
            failed = highest.predicates[predicate.name].passed is False
            certain[predicate.name] = True
        else:
            verdict = _all(_truth(ruleset, c, r, nodes, views, lowest)
                           for c, r in zip(predicate.conditions, low.conditions, strict=True))
            passed, failed = verdict is True, verdict is False
            certain[predicate.name] = False
        found[predicate.name] = "passed" if passed else "failed" if failed else "undecided"
        certain[predicate.name] = certain[predicate.name] or found[predicate.name] != \
            "undecided"
    return found, certain


def _monotone(ruleset: m.Ruleset, predicate: m.Predicate, seen: set[str]) -> bool:
    """True when raising any score can never turn the predicate from passing to failing."""
    seen = seen | {predicate.name}

    def ok(condition: m.Condition) -> bool:
        if isinstance(condition, m.AllOf | m.AnyOf):
            return all(ok(p) for p in condition.parts)
        if isinstance(condition, m.NoneOf):
            return not _reads_scores(condition.part)
        if isinstance(condition, m.PredicateRef):
            return condition.name in seen or _monotone(
                ruleset, ruleset.predicates_by_name[condition.name], seen)
        if isinstance(condition, m.Compare) and condition.quantity == "fact":
            return True
        return condition.op in (">=", ">")

    return all(ok(c) for c in predicate.conditions)


def _reads_scores(condition: m.Condition) -> bool:
    if isinstance(condition, m.AllOf | m.AnyOf):
        return any(_reads_scores(p) for p in condition.parts)
    if isinstance(condition, m.NoneOf):
        return _reads_scores(condition.part)
    return not (isinstance(condition, m.Compare) and condition.quantity == "fact")


def _truth(ruleset: m.Ruleset, condition: m.Condition, found: ConditionResult,
           nodes: Mapping[str, Interval], views: Mapping[str, Interval],
           probe: Result) -> bool | None:
    """A condition's verdict over the intervals (sound); facts as the probe saw them."""
    def quantity(subject: str, share: bool) -> Span:
        got = nodes[subject] if subject in nodes else views[subject]
        return Span(got.share_low, got.share_high) if share else Span(got.low, got.high)

    if isinstance(condition, m.AllOf | m.AnyOf):
        parts = [_truth(ruleset, p, r, nodes, views, probe)
                 for p, r in zip(condition.parts, found.parts, strict=True)]
        return _all(parts) if isinstance(condition, m.AllOf) else _any(parts)
    if isinstance(condition, m.NoneOf):
        inner = _truth(ruleset, condition.part, found.parts[0], nodes, views, probe)
        return None if inner is None else not inner
    if isinstance(condition, m.PredicateRef):
        predicate = probe.predicates[condition.name]
        return _all(_truth(ruleset, c, r, nodes, views, probe)
                    for c, r in zip(predicate.predicate.conditions, predicate.conditions,
                                    strict=True))
    if isinstance(condition, m.Every):
        return _all(compare(condition.op, quantity(p.subject or "", condition.quantity == "share"),
                            Span.point(condition.threshold)) for p in found.parts)
    if condition.quantity == "fact":
        return found.passed
    assert isinstance(condition.threshold, Fraction)
    return compare(condition.op, quantity(condition.subject, condition.quantity == "share"),
                   Span.point(condition.threshold))


def _all(each: Iterable[bool | None]) -> bool | None:
    found = list(each)
    return False if False in found else (None if None in found else True)


def _any(each: Iterable[bool | None]) -> bool | None:
    found = list(each)
    return True if True in found else (None if None in found else False)


__all__ = ["verdicts"]

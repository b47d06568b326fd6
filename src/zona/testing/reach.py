"""Reachable and avoidable: every predicate, every threshold a predicate compares and
every grade level can both hold and fail for some answers. Decided by
zona.analysis.bounds with every answer unknown (and the facts nobody gave unknown), so a
violation is certain; what bounds cannot decide is listed as not proven."""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from zona import model as m
from zona.analysis.bounds import bounds
from zona.errors import ZonaError
from zona.i18n import _

PREFIX = "__threshold_"


def reachability(ruleset: m.Ruleset) -> tuple[list[str], list[str]]:
    """(violations, not proven), each a sentence."""
    leaves = [(p.name, c) for p in ruleset.predicates for top in p.conditions
              for c in _leaves(top)]
    probes = tuple(m.Predicate(f"{PREFIX}{i}", m.Texts(), (c,)) for i, (_, c) in
                   enumerate(leaves))
    try:
        found = bounds(attrs.evolve(ruleset, predicates=(*ruleset.predicates, *probes)), {})
    except ZonaError as error:
        return [], [_("reachable and avoidable: bounds cannot be computed: {error}",
                      error=error)]
    violations: list[str] = []
    unproven: list[str] = []
    for predicate in ruleset.predicates:
        _judge(_("predicate '{name}'", name=predicate.name), found.predicates[predicate.name],
               found.exact[predicate.name], violations, unproven)
    for probe, (owner, condition) in zip(probes, leaves, strict=True):
        _judge(_("the threshold `{text}` of predicate '{name}'", text=condition.text,
                 name=owner),
               found.predicates[probe.name], found.exact[probe.name], violations, unproven)
    for grade in ruleset.grades:
        reach = getattr(found, "grades", {}).get(grade.name)
        if reach is None or reach.low is None or reach.high is None:
            unproven.append(_("the levels of grade '{grade}': no bounds", grade=grade.name))
            continue
        names = [level.name for level in grade.levels]
        low, high = names.index(reach.low), names.index(reach.high)
        violations += [_("level '{level}' of grade '{grade}' can never be reached (the grade "
                         "lies in {low} .. {high})", level=n, grade=grade.name, low=reach.low,
                         high=reach.high)
                       for i, n in enumerate(names) if not low <= i <= high]
        if reach.decided and reach.exact:
            violations.append(_("grade '{grade}' is {level} whatever the answers",
                                grade=grade.name, level=reach.low))
    return violations, unproven


def _judge(what: str, verdict: str, exact: bool, violations: list[str],
           unproven: list[str]) -> None:
    if verdict == "passed":
        violations.append(_("{what} holds whatever the answers: it cannot fail", what=what))
    elif verdict == "failed":
        violations.append(_("{what} can never hold", what=what))
    elif not exact:
        unproven.append(_("{what}: reachable and avoidable not proven (bounds not exact)",
                          what=what))


def _leaves(condition: m.Condition) -> Iterator[m.Condition]:
    """The comparisons of scores and shares in a condition (facts and grades aside)."""
    if isinstance(condition, m.AllOf | m.AnyOf):
        for part in condition.parts:
            yield from _leaves(part)
    elif isinstance(condition, m.NoneOf):
        yield from _leaves(condition.part)
    elif isinstance(condition, m.Every) or (
            isinstance(condition, m.Compare) and condition.quantity in ("score", "share")):
        yield condition

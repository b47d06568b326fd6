"""One unit's numbers on the exact path: every node's score in dependency order.

A score is kept as a pair of integers (numerator, positive denominator), not reduced:
adding and comparing pairs is plain integer arithmetic, and a Fraction is made only when
someone reads a score (State.score, State.known). Expressions work on Fractions
(zona.model.expr); their results are stored as pairs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from fractions import Fraction
from math import gcd
from typing import TYPE_CHECKING, Any

import attrs

from zona import model as m
from zona.errors import ZonaEvaluationError
from zona.i18n import _
from zona.model import expr as e
from zona.numtext import exact_text

if TYPE_CHECKING:
    from zona.scoring.plan import Plan

Pair = tuple[int, int]
_ZERO = Fraction(0)
_MISSING = object()

# node kinds in a plan step
CHOICE, EXPR, SUM, MEAN, DERIVED = range(5)


@attrs.define
class State:
    """The numbers of one unit: input and derived values, each node's score as a pair
    (None when unanswered), and for each mean node how many children it counted."""

    values: dict[str, Fraction | None]
    points: dict[str, Pair | None]
    counted: dict[str, int]
    #: what does not apply: inputs answered "not applicable", and the nodes and derived
    #: values that follow from them (zona.scoring.applicable); empty on the fast paths
    na: AbstractSet[str] = frozenset()
    known: Mapping[str, Fraction | None] = attrs.field(init=False)
    """Each node's score as a Fraction, None when unanswered (each made when first read)."""

    def __attrs_post_init__(self) -> None:
        self.known = _Known(self.points)

    def score(self, name: str) -> Fraction:
        """A node's score (0 when unanswered)."""
        found = self.known[name]
        return _ZERO if found is None else found


class _Known(Mapping[str, "Fraction | None"]):
    """Scores given as pairs, read as Fractions, each made once."""

    def __init__(self, points: dict[str, Pair | None]) -> None:
        self.points = points
        self.made: dict[str, Fraction | None] = {}

    def __getitem__(self, name: str) -> Fraction | None:
        found = self.made.get(name, _MISSING)
        if found is _MISSING:
            pair = self.points[name]
            found = self.made[name] = None if pair is None else Fraction(*pair)
        return found  # type: ignore[return-value]

    def __iter__(self) -> Iterator[str]:
        return iter(self.points)

    def __len__(self) -> int:
        return len(self.points)


def evaluate(plan: Plan, values: dict[str, Fraction | None],
             only: Iterable[str] | None = None) -> State:
    """Every node's score (or only those named, which must include what they need), in
    dependency order; ZonaEvaluationError for a score outside its node's range."""
    points: dict[str, Pair | None] = {}
    counted: dict[str, int] = {}
    state = State(values, points, counted)
    if only is None:
        _unit_questions(plan, values, points)
        _groups(plan, values, points, counted)
        steps: Iterable[tuple[int, str, Any]] = plan.other_steps
    else:
        wanted = set(only)
        steps = (step for step in plan.steps if step[1] in wanted)
    for kind, name, data in steps:
        if kind == CHOICE:
            value = values[name]
            if value is None:
                points[name] = None
                continue
            entry = data[1].get(id(value))
            points[name] = entry if entry is not None else _pair(value * data[0])
        elif kind == MEAN:
            points[name] = _mean(name, data, values, points, counted)
        elif kind == SUM:
            points[name] = _sum(map(points.__getitem__, data))
        elif kind == EXPR:
            found = _expression(plan, data, state)
            if found is None:
                points[name] = None
                continue
            top_n, top_d = data[3]
            if found.numerator < 0 or found.numerator * top_d > top_n * found.denominator:
                raise _out_of_range(plan, data[0], found)
            points[name] = (found.numerator, found.denominator)
        else:
            values[name] = _expression(plan, data, state)
    return state


def _unit_questions(plan: Plan, values: Mapping[str, Fraction | None],
                    points: dict[str, Pair | None]) -> None:
    """The questions of maximum 1 score their answers' values: all copied in one go."""
    found = list(map(plan.unit_pairs.get, map(id, plan.read_unit_questions(values))))
    if None in found:  # an answer that is not one of its scale's own option values
        for index, name in enumerate(plan.unit_questions):
            if found[index] is None:
                value = values[name]
                found[index] = None if value is None else _pair(value)
    points.update(zip(plan.unit_questions, found, strict=True))


def _groups(plan: Plan, values: Mapping[str, Fraction | None],
            points: dict[str, Pair | None], counted: dict[str, int]) -> None:
    """The means over questions alone: with every question answered (the usual case), all
    their option values in one call, then a sum per mean; otherwise mean by mean."""
    groups = plan.groups
    if not groups.names:
        return
    try:
        found = list(map(groups.table.__getitem__, map(id, groups.read(values))))
    except KeyError:  # an unanswered question (or an answer off its scale)
        for _, name, data in plan.group_steps:
            points[name] = _mean(name, data, values, points, counted)
        return
    for name, start, end, top_n, below in groups.slices:
        counted[name] = end - start
        points[name] = top_n * sum(found[start:end]), below


def _pair(value: Fraction) -> Pair:
    return value.numerator, value.denominator


def _sum(parts: Iterable[Pair | None]) -> Pair | None:
    """The sum of the answered parts; None when none is answered."""
    total_n, total_d, answered = 0, 1, False
    for part in parts:
        if part is None:
            continue
        answered = True
        pn, pd = part
        if pd == total_d:
            total_n += pn
        else:
            common = gcd(total_d, pd)
            total_n = total_n * (pd // common) + pn * (total_d // common)
            total_d = total_d // common * pd
    return (total_n, total_d) if answered else None


def _mean(name: str, data: tuple[Any, ...], values: Mapping[str, Fraction | None],
          points: Mapping[str, Pair | None], counted: dict[str, int]) -> Pair | None:
    """maximum x the mean of the counted children's shares. The shares of questions are
    option values, added as integers over their least common denominator (`common`)."""
    top_n, top_d, common, children = data
    whole, other_n, other_d, count = 0, 0, 1, 0
    for child, table, child_max, zero in children:
        if table is not None:
            answer = values[child]
            if answer is None:
                count += zero
                continue
            count += 1
            entry = table.get(id(answer))
            if entry is not None:
                whole += entry
                continue
            pn, pd = answer.numerator, answer.denominator
        else:
            part = points[child]
            if part is None:
                count += zero
                continue
            count += 1
            pn, pd = part
            if child_max != 1:
                pn, pd = _pair(Fraction(pn, pd) / child_max)
        if pd == other_d:
            other_n += pn
        else:
            other_n, other_d = other_n * pd + pn * other_d, other_d * pd
    counted[name] = count
    if not count:
        return None
    return top_n * (whole * other_d + other_n * common), top_d * common * other_d * count


def _expression(plan: Plan, data: tuple[Any, ...], state: State) -> Fraction | None:
    owner, compiled, needs = data[0], data[1], data[2]
    if compiled is None:
        return None
    values, points = state.values, state.points
    for kind, name in needs:
        if (points.get(name) if kind == "node" else values.get(name)) is None:
            return None
    try:
        found: Fraction | bool = compiled(values, state.known)
    except e._Unanswered:
        return None
    if isinstance(found, bool):
        raise ZonaEvaluationError(_("'{name}' gave a condition, not a number",
                                    name=owner.name), owner.span, plan.ruleset.source)
    return found


def _out_of_range(plan: Plan, node: m.Node, points: Fraction) -> ZonaEvaluationError:
    bound = "max(0, ...)" if points < 0 else f"min({exact_text(node.maximum)}, ...)"
    return ZonaEvaluationError(
        _("'{node}' scored {score}, outside 0..{maximum}; bound its score, for example with "
          "{bound}", node=node.name, score=exact_text(points), maximum=exact_text(node.maximum),
          bound=bound), node.span, plan.ruleset.source)

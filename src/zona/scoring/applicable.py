"""The general path of the exact scoring: every node's score in plain Fractions, for the
rulesets the integer fast paths of zona.scoring.numbers do not cover: scales on a range
other than 0..1, not-applicable answers (`= na` and the `na reweight|full|zero` policies),
weighted means, and expressions that read facts or views.

A not-applicable node is in `State.na`. What its parent does with it is its own `na`
policy: under `full` it scores its maximum (share 1), under `zero` 0, and under `reweight`
it has no score (its pair is None, like an unanswered node) and is left out: a mean or a
weighted mean does not count it, a sum re-weights its other children to fill the parent
(docs/language.md, "How scores are computed").
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Iterable, Iterator, Mapping
from fractions import Fraction
from typing import TYPE_CHECKING

from zona import model as m
from zona.errors import ZonaEvaluationError
from zona.i18n import _
from zona.model import expr as e
from zona.numtext import exact_text
from zona.scoring.numbers import Pair, State
from zona.scoring.read import fact_number

if TYPE_CHECKING:
    from zona.scoring.plan import Plan

_ZERO = Fraction(0)
_ONE = Fraction(1)

#: The features whose rulesets are scored by this path.
GENERAL = frozenset({"ranged-scales", "na", "weighted", "fact-expressions", "view-expressions"})


class General:
    """What the general path needs of a ruleset, worked out once (kept by its Plan)."""

    def __init__(self, plan: Plan) -> None:
        ruleset = plan.ruleset
        self.nodes = ruleset.nodes
        self.inputs = ruleset.inputs_by_name
        self.derived = {d.name: d for d in ruleset.derived}
        self.order = [name for _, name, _ in plan.steps]
        self.compiled: dict[str, tuple[e.Compiled, tuple[tuple[str, str], ...]]] = {}
        for name in self.order:
            expression = self.derived[name].expr if name in self.derived \
                else self.nodes[name].expr
            if expression is not None:
                needs = tuple(dict.fromkeys((v.kind, v.name) for v in e.variables(expression)))
                self.compiled[name] = (e.compile_expr(expression), needs)
        self.views = {v.name: tuple(_parts(v)) for top in ruleset.views for v in top.walk()}
        self.facts = ruleset.facts_by_name
        self.parent = {c.name: n for n in self.nodes.values() for c in n.children}
        self.source = ruleset.source


def _parts(view: m.View) -> Iterator[str]:
    yield from view.parts
    for child in view.children:
        yield from _parts(child)


def fact_values(plan: Plan, facts: Mapping[str, m.FactValue]) -> dict[str, Fraction]:
    """Facts as expressions read them: a number, a level's position (lowest 0), yes 1, no 0."""
    found: dict[str, Fraction] = {}
    for name, value in facts.items():
        fact = plan.ruleset.facts_by_name.get(name)
        number = fact_number(fact, value) if fact is not None else None
        if number is not None:
            found[name] = number
    return found


def evaluate(plan: Plan, values: dict[str, Fraction | None], only: Iterable[str] | None,
             na: set[str], facts: Mapping[str, Fraction]) -> State:
    """Every node's score (or only those named and what they need), in dependency order."""
    general = plan.general
    assert general is not None
    state = State(values, {}, {}, na=set(na))
    replaced: dict[str, Fraction | None] = {}
    for name in na:  # what an expression reads of an input answered "not applicable"
        spec = general.inputs[name]
        high = spec.scale.high if spec.scale is not None else _ONE
        replaced[name] = high if spec.na == "full" else _ZERO if spec.na == "zero" else None
    reading: Mapping[str, Fraction | None] = ChainMap(replaced, values, facts)  # type: ignore[arg-type]
    scores = _Scores(state, general.views)
    wanted = None if only is None else set(only)
    for name in general.order:
        if wanted is not None and name not in wanted:
            continue
        if name in general.derived:
            found = _expression(general, name, state, reading, scores)
            values[name] = None if found is None or found == "na" else found  # type: ignore[assignment]
            if found == "na":
                _mark(state, name)
            continue
        node = general.nodes[name]
        state.points[name] = _node(general, node, state, reading, scores)
    return state


def _node(general: General, node: m.Node, state: State,
          reading: Mapping[str, Fraction | None], scores: _Scores) -> Pair | None:
    if node.aggregate == "choice":
        value = state.values.get(node.name)
        if node.name in state.na:
            return _not_applicable(node, state)
        if value is None:
            return None
        scale = general.inputs[node.name].scale
        high = scale.high if scale is not None else _ONE
        return _pair(value / high * node.maximum)
    if node.aggregate == "expr":
        found = _expression(general, node.name, state, reading, scores)
        if found == "na":
            return _not_applicable(node, state)
        if found is None:
            return None
        assert isinstance(found, Fraction)
        if found < 0 or found > node.maximum:
            bound = "max(0, ...)" if found < 0 else f"min({exact_text(node.maximum)}, ...)"
            raise ZonaEvaluationError(
                _("'{node}' scored {score}, outside 0..{maximum}; bound its score, for example "
                  "with {bound}", node=node.name, score=exact_text(found),
                  maximum=exact_text(node.maximum), bound=bound), node.span, general.source)
        return _pair(found)
    if node.aggregate == "sum":
        return _sum(node, state)
    return _mean(node, state)


def _not_applicable(node: m.Node, state: State) -> Pair | None:
    """A node that does not apply: its maximum under `na full`, 0 under `zero`, left out
    (None) under `reweight`."""
    _mark(state, node.name)
    if node.na == "full":
        return _pair(node.maximum)
    return (0, 1) if node.na == "zero" else None


def _mark(state: State, name: str) -> None:
    """Record that a node or value does not apply (the general path's State has a set)."""
    assert isinstance(state.na, set)
    state.na.add(name)


def dropped(state: State, name: str) -> bool:
    """Whether a node (or value) does not apply and is left out of its parent."""
    return name in state.na and state.points.get(name, state.values.get(name)) is None


def _sum(node: m.Node, state: State) -> Pair | None:
    """The children that apply (or count under `na full`/`zero`) summed; re-weighted to
    the node's maximum when some are left out: max x raw / (the maxima that count)."""
    counted = [c for c in node.children if not dropped(state, c.name)]
    if not counted:
        return _not_applicable(node, state)
    found = [state.points[c.name] for c in counted]
    if all(p is None for p in found):
        return None
    raw = sum((Fraction(*p) for p in found if p is not None), _ZERO)
    room = sum((c.maximum for c in counted), _ZERO)
    return _pair(raw if room == node.maximum else node.maximum * raw / room)


def _mean(node: m.Node, state: State) -> Pair | None:
    """A mean (`aggregate mean`) or a weighted mean (`aggregate weighted`) of the shares of
    the children counted: answered, unanswered under `missing zero`, not applicable under
    `na full` or `zero`."""
    weighted = node.aggregate == "weighted"
    total, weights, count, applies = _ZERO, _ZERO, 0, False
    for child in node.children:
        if dropped(state, child.name):
            continue
        applies = True
        pair = state.points[child.name]
        if pair is None and child.missing != "zero":
            continue
        weight = (child.weight or _ONE) if weighted else _ONE
        share = Fraction(*pair) / child.maximum if pair is not None else _ZERO
        total += weight * share
        weights += weight
        count += 1
    state.counted[node.name] = count
    if not applies:
        return _not_applicable(node, state)
    if not count:
        return None
    return _pair(node.maximum * total / weights)


def _expression(general: General, name: str, state: State,
                reading: Mapping[str, Fraction | None], scores: _Scores
                ) -> Fraction | str | None:
    """An expression's value; "na" when it reads something that does not apply (under
    `reweight`), None when it reads something unanswered."""
    entry = general.compiled.get(name)
    if entry is None:
        return None
    compiled, needs = entry
    unanswered = False
    for kind, other in needs:
        if kind in ("node", "view"):
            if scores.dropped(kind, other):
                return "na"
            unanswered = unanswered or scores[other] is None
        elif kind == "fact":
            unanswered = unanswered or reading.get(other) is None
        else:
            if other in state.na and reading.get(other) is None:
                return "na"
            unanswered = unanswered or reading.get(other) is None
    if unanswered:
        return None
    try:
        found = compiled(reading, scores)
    except e._Unanswered:
        return None
    if isinstance(found, bool):
        owner = general.nodes.get(name) or general.derived[name]
        raise ZonaEvaluationError(_("'{name}' gave a condition, not a number", name=name),
                                  owner.span, general.source)
    return found


class _Scores(Mapping[str, "Fraction | None"]):
    """Node scores (None when unanswered or left out) and view scores (the sum of their
    parts: a part left out or unanswered adds 0; None when every part is)."""

    def __init__(self, state: State, views: Mapping[str, tuple[str, ...]]) -> None:
        self.state = state
        self.views = views

    def __getitem__(self, name: str) -> Fraction | None:
        parts = self.views.get(name)
        if parts is None:
            return self.state.known[name] if name in self.state.points else None
        found = [self.state.points.get(p) for p in parts]
        if all(p is None for p in found):
            return None
        return sum((Fraction(*p) for p in found if p is not None), _ZERO)

    def dropped(self, kind: str, name: str) -> bool:
        if kind == "view":
            return all(dropped(self.state, p) for p in self.views[name])
        return dropped(self.state, name)

    def __iter__(self) -> Iterator[str]:
        return iter(self.state.points)

    def __len__(self) -> int:
        return len(self.state.points)


def contribution(plan: Plan, state: State, name: str) -> Fraction | None:
    """What a node adds to its parent's score: its (re-weighted) score in a sum, max x
    weight x share / the weights counted in a (weighted) mean; 0 when left out."""
    general = plan.general
    assert general is not None
    parent = general.parent.get(name)
    if parent is None or parent.aggregate == "expr":
        return None
    pair = state.points.get(name)
    if pair is None or dropped(state, name):
        return _ZERO
    node = general.nodes[name]
    score = Fraction(*pair)
    if parent.aggregate == "sum":
        counted = [c for c in parent.children if not dropped(state, c.name)]
        room = sum((c.maximum for c in counted), _ZERO)
        return score if room == parent.maximum else parent.maximum * score / room
    weighted = parent.aggregate == "weighted"
    weights = _ZERO
    for child in parent.children:
        if dropped(state, child.name):
            continue
        if state.points[child.name] is None and child.missing != "zero":
            continue
        weights += (child.weight or _ONE) if weighted else _ONE
    weight = (node.weight or _ONE) if weighted else _ONE
    return parent.maximum * weight * score / node.maximum / weights if weights else _ZERO


def _pair(value: Fraction) -> Pair:
    return value.numerator, value.denominator

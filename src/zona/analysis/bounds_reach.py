"""Interval propagation: the interval each node and view can reach when some answers are
unknown, whether it is tight, and the completions that reach the lows and highs."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fractions import Fraction

from zona import model as m
from zona.analysis.bounds_items import extremes, item_inputs
from zona.analysis.bounds_result import Interval
from zona.analysis.intervals import Span, span
from zona.model import expr as e
from zona.scoring.result import Result


class Reach:
    """Intervals of a ruleset's nodes and views given `values` (None: unknown)."""

    def __init__(self, ruleset: m.Ruleset, values: dict[str, Fraction | None],
                 fixed: Mapping[str, Fraction] | None = None,
                 na: Iterable[str] = (), facts: Mapping[str, Fraction] | None = None,
                 open_facts: Mapping[str, m.Fact] | None = None) -> None:
        self.ruleset = ruleset
        self.values = values
        self.na = frozenset(na)  # the inputs answered "not applicable"
        #: the facts expressions read, as they read them (a level's position, yes 1, no 0)
        self.facts = dict(facts or {})
        #: the number facts expressions read that nobody gave: any value in their range
        self.open = dict(open_facts or {})
        #: the nodes that do not apply, with their scores (which no completion changes)
        self.fixed = dict(fixed or {})
        self.derived = {d.name: d for d in ruleset.derived}
        self.nodes: dict[str, Interval] = {}
        self.unknown_of: dict[str, frozenset[str]] = {}  # leaf -> its unknown inputs
        self.witness: dict[str, tuple[dict[str, Fraction], dict[str, Fraction]]] = {}
        self.independent = True  # no formula reads another node
        self.leaves: dict[str, frozenset[str]] = {}  # node -> the leaves its score reads

    # inputs and expressions

    def domain(self, name: str) -> Span:
        """Every value input (or fact) `name` can take (just its answer when known)."""
        value = self.values.get(name, self.facts.get(name))
        if value is not None:
            return Span.point(value)
        if name in self.open:
            return Span(self.open[name].low, self.open[name].high)
        spec = self.ruleset.inputs_by_name.get(name)
        if spec is None:  # a fact no expression reads: anything
            return Span(None, None)
        if name in self.na:  # answered "not applicable": read as its policy says
            high = spec.scale.high if spec.scale is not None else Fraction(1)
            return Span.point(high if spec.na == "full" else Fraction(0))
        if spec.kind == "choice":
            assert spec.scale is not None
            return Span(spec.scale.worst.value, spec.scale.best.value)
        if spec.kind == "count":
            return Span(Fraction(0), None)
        return Span(spec.low, spec.high)

    def lookup(self, var: e.Var) -> Span:
        """Every value a variable of an expression can take."""
        if var.kind in ("input", "fact"):
            return self.domain(var.name)
        if var.kind == "derived":
            return span(self.derived[var.name].expr, self.lookup)
        found = self.view(self.ruleset.views_by_name[var.name]) if var.kind == "view" \
            else self.node(self.ruleset.node(var.name))
        return Span(found.low, found.high)

    # nodes and views

    def node(self, node: m.Node) -> Interval:
        """A node's interval (worked out once)."""
        if node.name not in self.nodes:
            self.nodes[node.name] = self._node(node)
        return self.nodes[node.name]

    def _node(self, node: m.Node) -> Interval:
        if node.name in self.fixed:  # it does not apply: its score is fixed
            for child in node.children:
                self.node(child)
            self.leaves[node.name] = frozenset()
            self.unknown_of.setdefault(node.name, frozenset())
            self.witness.setdefault(node.name, ({}, {}))
            score = self.fixed[node.name]
            return Interval(score, score, node.maximum, True)
        if node.aggregate == "choice":
            return self._question(node)
        if node.aggregate == "expr":
            for child in node.children:
                self.node(child)
            return self._item(node)
        for child in node.children:
            self.node(child)
        counted = [c for c in node.children  # left out: not applicable under `na reweight`
                   if not (c.name in self.fixed and c.na == "reweight")]
        children = [self.nodes[c.name] for c in counted]
        self.leaves[node.name] = frozenset().union(*(self.leaves[c.name] for c in counted))
        tight = all(c.tight for c in children) and self.apart(self.leaves[node.name])
        if node.aggregate == "sum":
            room = sum((c.maximum for c in counted), Fraction(0))
            scale = node.maximum / room if room else Fraction(1)
            return Interval(scale * sum((c.low for c in children), Fraction(0)),
                            scale * sum((c.high for c in children), Fraction(0)),
                            node.maximum, tight)
        # every child is answered in a completion: each counts (with its weight)
        weights = [(c.weight or Fraction(1)) if node.aggregate == "weighted" else Fraction(1)
                   for c in counted]
        each = node.maximum / sum(weights, Fraction(0))
        return Interval(each * sum((w * c.share_low for w, c in zip(weights, children,
                                                                   strict=True)), Fraction(0)),
                        each * sum((w * c.share_high for w, c in zip(weights, children,
                                                                    strict=True)), Fraction(0)),
                        node.maximum, tight)

    def apart(self, leaves: frozenset[str]) -> bool:
        """True when no two of the leaves share an unknown input."""
        seen: set[str] = set()
        for leaf in leaves:
            if seen & self.unknown_of[leaf]:
                return False
            seen |= self.unknown_of[leaf]
        return True

    def _question(self, node: m.Node) -> Interval:
        self.leaves[node.name] = frozenset((node.name,))
        value = self.values.get(node.name)
        spec = self.ruleset.inputs_by_name[node.name]
        assert spec.scale is not None
        unit = node.maximum / spec.scale.high  # a value's points
        if value is not None:
            self.unknown_of[node.name] = frozenset()
            self.witness[node.name] = ({}, {})
            return Interval(value * unit, value * unit, node.maximum, True)
        self.unknown_of[node.name] = frozenset((node.name,))
        low, high = spec.scale.worst.value, spec.scale.best.value
        self.witness[node.name] = ({node.name: low}, {node.name: high})
        return Interval(low * unit, high * unit, node.maximum, True)

    def _item(self, node: m.Node) -> Interval:
        assert node.expr is not None
        self.leaves[node.name] = frozenset((node.name,))
        reads_nodes, names = item_inputs(node, self.derived)
        unknown = [n for n in names if n in self.open or (
            n in self.ruleset.inputs_by_name and self.values.get(n) is None
            and n not in self.na)]
        self.unknown_of[node.name] = frozenset(unknown)
        sound = span(node.expr, self.lookup).clip(Fraction(0), node.maximum)
        assert sound.low is not None and sound.high is not None
        if reads_nodes:
            self.independent = False
            self.witness[node.name] = ({}, {})
            return Interval(sound.low, sound.high, node.maximum, False)
        known = {n: self.domain(n).low for n in names if n not in unknown}
        low, high = extremes(self.ruleset, self.derived, known, node, names, unknown)
        self.witness[node.name] = (low[1], high[1])
        tight = (low[0], high[0]) == (sound.low, sound.high)
        return Interval(sound.low, sound.high, node.maximum, tight)

    def view(self, view: m.View) -> Interval:
        """A view's interval: the sum of its parts' (worked out when needed)."""
        parts = [self.node(self.ruleset.node(p)) for p in view.parts]
        children = [self.view(c) for c in view.children]
        leaves = frozenset().union(*(self.leaves[p] for p in view.parts),
                                   *(self._view_leaves(c) for c in view.children))
        tight = all(p.tight for p in [*parts, *children]) and self.apart(leaves)
        return Interval(sum((p.low for p in [*parts, *children]), Fraction(0)),
                        sum((p.high for p in [*parts, *children]), Fraction(0)),
                        view.maximum, tight)

    def _view_leaves(self, view: m.View) -> frozenset[str]:
        return frozenset().union(*(self.leaves[p] for p in view.parts),
                                 *(self._view_leaves(c) for c in view.children))

    # completions

    def completion(self, high: bool, answers: Mapping[str, object],
                   facts: Mapping[str, object]) -> Result:
        """The known answers plus every leaf's lowest (or highest) witness, scored; the
        number facts nobody gave take their witnesses' values too."""
        chosen: dict[str, object] = {k: v for k, v in answers.items() if v is not None
                                     and not (isinstance(v, str) and not v.strip())}
        given: dict[str, object] = dict(facts)
        for low, top in self.witness.values():
            for name, value in (top if high else low).items():
                if name in self.open:
                    given.setdefault(name, value)
                else:
                    chosen.setdefault(name, _answer(self.ruleset.inputs_by_name[name], value))
        for spec in self.ruleset.inputs:  # unknown inputs no score reads
            if spec.name not in chosen:
                chosen[spec.name] = _answer(spec, self._end(spec.name, high))
        for name in self.open:
            given.setdefault(name, self._end(name, high))
        return self.ruleset.score(chosen, given)

    def _end(self, name: str, high: bool) -> Fraction:
        """The lowest (highest) value input or fact `name` can take; 0 when unbounded."""
        reach = self.domain(name)
        end = reach.high if high and reach.high is not None else reach.low
        if end is None:
            end = Fraction(0) if reach.high is None else min(reach.high, Fraction(0))
        return end


def _answer(spec: m.Input, value: Fraction) -> object:
    if spec.kind == "choice":
        assert spec.scale is not None
        return next(o.name for o in spec.scale.valued if o.value == value)
    return value


__all__ = ["Reach"]

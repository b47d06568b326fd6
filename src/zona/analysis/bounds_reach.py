"""Interval propagation: the interval each node and view can reach when some answers are
unknown, whether it is tight, and the completions that reach the lows and highs."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

from zona import model as m
from zona.analysis.bounds_items import extremes, item_inputs
from zona.analysis.bounds_result import Interval
from zona.analysis.intervals import Span, span
from zona.model import expr as e
from zona.scoring.result import Result


class Reach:
    """Intervals of a ruleset's nodes and views given `values` (None: unknown)."""

    def __init__(self, ruleset: m.Ruleset, values: dict[str, Fraction | None]) -> None:
        self.ruleset = ruleset
        self.values = values
        self.derived = {d.name: d for d in ruleset.derived}
        self.nodes: dict[str, Interval] = {}
        self.unknown_of: dict[str, frozenset[str]] = {}  # leaf -> its unknown inputs
        self.witness: dict[str, tuple[dict[str, Fraction], dict[str, Fraction]]] = {}
        self.independent = True  # no formula reads another node
        self.leaves: dict[str, frozenset[str]] = {}  # node -> the leaves its score reads

    # inputs and expressions

    def domain(self, name: str) -> Span:
        """Every value input `name` can take (just its answer when known)."""
        value = self.values.get(name)
        if value is not None:
            return Span.point(value)
        spec = self.ruleset.inputs_by_name[name]
        if spec.kind == "choice":
            assert spec.scale is not None
            return Span(spec.scale.worst.value, spec.scale.best.value)
        if spec.kind == "count":
            return Span(Fraction(0), None)
        return Span(spec.low, spec.high)

    def lookup(self, var: e.Var) -> Span:
        if var.kind == "input":
            return self.domain(var.name)
        if var.kind == "derived":
            return span(self.derived[var.name].expr, self.lookup)
        found = self.node(self.ruleset.node(var.name))
        return Span(found.low, found.high)

    # nodes and views

    def node(self, node: m.Node) -> Interval:
        """A node's interval (worked out once)."""
        if node.name not in self.nodes:
            self.nodes[node.name] = self._node(node)
        return self.nodes[node.name]

    def _node(self, node: m.Node) -> Interval:
        if node.aggregate == "choice":
            return self._question(node)
        if node.aggregate == "expr":
            for child in node.children:
                self.node(child)
            return self._item(node)
        children = [self.node(c) for c in node.children]
        self.leaves[node.name] = frozenset().union(*(self.leaves[c.name] for c in node.children))
        tight = all(c.tight for c in children) and self.apart(self.leaves[node.name])
        if node.aggregate == "sum":
            return Interval(sum((c.low for c in children), Fraction(0)),
                            sum((c.high for c in children), Fraction(0)), node.maximum, tight)
        each = node.maximum / len(children)  # every child is answered in a completion
        return Interval(each * sum((c.share_low for c in children), Fraction(0)),
                        each * sum((c.share_high for c in children), Fraction(0)),
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
        if value is not None:
            self.unknown_of[node.name] = frozenset()
            self.witness[node.name] = ({}, {})
            return Interval(value * node.maximum, value * node.maximum, node.maximum, True)
        self.unknown_of[node.name] = frozenset((node.name,))
        low, high = spec.scale.worst.value, spec.scale.best.value
        self.witness[node.name] = ({node.name: low}, {node.name: high})
        return Interval(low * node.maximum, high * node.maximum, node.maximum, True)

    def _item(self, node: m.Node) -> Interval:
        assert node.expr is not None
        self.leaves[node.name] = frozenset((node.name,))
        reads_nodes, names = item_inputs(node, self.derived)
        unknown = [n for n in names if self.values.get(n) is None]
        self.unknown_of[node.name] = frozenset(unknown)
        sound = span(node.expr, self.lookup).clip(Fraction(0), node.maximum)
        assert sound.low is not None and sound.high is not None
        if reads_nodes:
            self.independent = False
            self.witness[node.name] = ({}, {})
            return Interval(sound.low, sound.high, node.maximum, False)
        low, high = extremes(self.ruleset, self.derived, self.values, node, names, unknown)
        self.witness[node.name] = (low[1], high[1])
        tight = (low[0], high[0]) == (sound.low, sound.high)
        return Interval(sound.low, sound.high, node.maximum, tight)

    def view(self, view: m.View) -> Interval:
        """A view's interval (its parts' nodes are worked out already)."""
        parts = [self.nodes[p] for p in view.parts]
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
        """The known answers plus every leaf's lowest (or highest) witness, scored."""
        chosen: dict[str, object] = {k: v for k, v in answers.items() if v is not None
                                     and not (isinstance(v, str) and not v.strip())}
        for low, top in self.witness.values():
            for name, value in (top if high else low).items():
                chosen.setdefault(name, _answer(self.ruleset.inputs_by_name[name], value))
        for spec in self.ruleset.inputs:  # unknown inputs no score reads
            if spec.name not in chosen:
                reach = self.domain(spec.name)
                end = reach.high if high and reach.high is not None else reach.low
                chosen[spec.name] = _answer(spec, end if end is not None else Fraction(0))
        return self.ruleset.score(chosen, facts)


def _answer(spec: m.Input, value: Fraction) -> object:
    if spec.kind == "choice":
        assert spec.scale is not None
        return next(o.name for o in spec.scale.options if o.value == value)
    return value


__all__ = ["Reach"]

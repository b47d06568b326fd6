"""The exact search behind gap analysis: Pareto frontiers over the scoring tree.

Conditions are `>=`/`>` thresholds on sums of node scores (a Need), and every score
rises with the scores below it (sums; means with a fixed set of counted children), so
a frontier that drops only beaten states (zona.analysis.gap.frontier) never loses an optimum.

Sums are flattened: a condition on a sum node or a view is a sum over *atoms*, the nodes
hanging off the chain of sum nodes from `total`. The conditions' atom sets nest (the six
area views inside `pengungkit`, inside `total`, ...), so each set's frontier is just
cost -> best score, combined bottom-up and checked where a condition's set closes. Sets
that cross are carried as extra values until they close. Inside an atom, a mean's state
also carries how many children it counts (a weighted mean, the weights of those it counts):
answering an unanswered question changes it.

What does not apply to the unit never changes (gap analysis never changes an answer "not
applicable"): such a node keeps its score (its maximum under `na full`, else 0), one left
out (`na reweight`) is not counted by its parent's mean, and a sum re-weights the rest by
its maximum over theirs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from fractions import Fraction
from typing import TypeAlias

import attrs

from zona import model as m
from zona.analysis.gap.clock import idle
from zona.analysis.gap.frontier import ONE, ZERO, Dims, State, changes_of, convolve, join, prune
from zona.analysis.gap.leaves import Leaves, reading
from zona.scoring.result import Result

Form: TypeAlias = tuple[tuple[str, Fraction], ...]
Limits: TypeAlias = "Mapping[str, tuple[tuple[Fraction, Need], ...]]"
Tree: TypeAlias = dict[frozenset[str], list[frozenset[str]]]


@attrs.frozen
class Need:
    """A threshold on a sum of node scores: `form >= threshold` (`>` when strict).

    `form` maps node ids to coefficients; a threshold of None is never checked (the
    quantity is only maximised).
    """

    text: str
    form: Mapping[str, Fraction]
    threshold: Fraction | None
    strict: bool = False

    def met(self, value: Fraction) -> bool:
        if self.threshold is None:
            return True
        return value > self.threshold if self.strict else value >= self.threshold


_NO_LIMITS: Limits = {}


@attrs.frozen
class _Goal:
    need: Need
    form: Form  # over variables: atoms, and nodes inside atoms
    support: frozenset[str]  # the atoms the form reads
    keep: bool  # maximised only: never checked, kept up to the root


class Search:
    """Exact minimum-cost answer changes meeting a set of Needs, for one unit."""

    def __init__(self, ruleset: m.Ruleset, values: Mapping[str, Fraction | None],
                 free: Iterable[str], steps: bool, grid: Fraction | None = None,
                 tick: Callable[[], None] = idle, unit: Result | None = None) -> None:
        self.ruleset = ruleset
        self.tick = tick  # called in long loops: a Clock's raises OutOfTime past its deadline
        if unit is not None:  # formulas read answers "not applicable" by policy, and facts
            values = {**reading(unit), **{k: v for k, v in values.items()
                                          if k not in unit.not_applicable}}
        self.leaves = Leaves(ruleset, values, free, steps, grid, tick)
        #: the nodes that do not apply: their scores, which never change
        self.fixed: dict[str, Fraction] = {} if unit is None else {
            n.name: n.score for n in unit.nodes.values() if not n.applicable}
        self.parent = {c.name: n.name for n in ruleset.root.walk() for c in n.children}
        self.order = {name: i for i, name in enumerate(ruleset.nodes)}
        self.region = self._sum_region()
        self._frontiers: dict[tuple[object, ...], list[State]] = {}

    def solve(self, needs: Sequence[Need]) -> tuple[int, dict[str, Fraction]] | None:
        """The cheapest changes meeting every need: (cost, input -> new value), or None."""
        states = self._run(needs, None)
        if not states:
            return None
        cost, _, trace = min(states, key=lambda s: s[0])
        return cost, changes_of(trace)

    def highest(self, need: Need, others: Sequence[Need] = ()) -> Fraction | None:
        """The highest value `need`'s form can reach (meeting `others`), or None."""
        values = [s[1][0] if s[1] else ZERO for s in self._run(others, need)]  # () reads 0
        return max(values) if values else None

    # --- the structure ----------------------------------------------------------

    def _sum_region(self) -> set[str]:
        region: set[str] = set()
        stack = [self.ruleset.root] if self.ruleset.root.name not in self.fixed else []
        while stack:
            node = stack.pop()
            region.add(node.name)
            stack.extend(c for c in node.children
                         if c.aggregate == "sum" and c.name not in self.fixed)
        return region

    def dropped(self, node: m.Node) -> bool:
        """Whether a node does not apply and is left out of its parent (`na reweight`)."""
        return node.name in self.fixed and node.na == "reweight"

    def factor(self, node: m.Node) -> Fraction:
        """What a sum multiplies its children's scores by: its maximum over the maxima of
        the children it counts (1 unless some are left out as not applicable)."""
        room = sum((c.maximum for c in node.children if not self.dropped(c)), ZERO)
        return node.maximum / room if room and room != node.maximum else ONE

    def _expand(self, form: Mapping[str, Fraction]) -> dict[str, Fraction]:
        """A form over nodes as a form over atoms and nodes inside atoms."""
        found: dict[str, Fraction] = defaultdict(Fraction)
        stack = list(form.items())
        while stack:
            name, coefficient = stack.pop()
            if name in self.region:
                node = self.ruleset.node(name)
                scale = coefficient * self.factor(node)
                stack.extend((c.name, scale) for c in node.children if not self.dropped(c))
            else:
                found[name] += coefficient
        return {k: v for k, v in found.items() if v}

    def _atom(self, name: str) -> str:
        while name in self.parent and self.parent[name] not in self.region:
            name = self.parent[name]
        return name

    def _goal(self, need: Need, keep: bool) -> _Goal:
        form = tuple(sorted(self._expand(need.form).items(), key=lambda kv: self.order[kv[0]]))
        return _Goal(need, form, frozenset(self._atom(v) for v, _ in form), keep)

    def _run(self, needs: Sequence[Need], objective: Need | None) -> list[State]:
        goals = [self._goal(n, False) for n in needs]
        if objective is not None:
            goals.append(self._goal(objective, True))
        atoms = sorted({a for g in goals for a in g.support}, key=self.order.__getitem__)
        for atom in atoms:  # each answer must feed one scored node: claim them all first
            for node in self.ruleset.node(atom).walk():
                self.leaves.claim(node)
        if any(not g.support and not g.keep and not g.need.met(ZERO) for g in goals):
            return []  # a need on nothing is 0 (a share of a view with no maximum)
        whole = frozenset(atoms)
        return self._frontier(whole, self._tree(whole, [g.support for g in goals
                                                        if not g.keep]), goals)

    def _tree(self, whole: frozenset[str], supports: list[frozenset[str]]) -> Tree:
        """Nested atom sets (a laminar family), with single atoms as the leaves."""
        tree: Tree = {whole: []}
        for group in sorted({s for s in supports if 1 < len(s) < len(whole)},
                            key=lambda s: (-len(s), sorted(s))):
            home = self._home(tree, whole, group)
            if any(g & group and not g <= group for g in tree[home]):
                continue  # crossing sets: this one stays open up to where it closes
            tree[group] = [g for g in tree[home] if g <= group]
            tree[home] = [g for g in tree[home] if not g <= group] + [group]
        for atom in sorted(whole, key=self.order.__getitem__):
            single = frozenset((atom,))
            tree[self._home(tree, whole, single)].append(single)
        return tree

    @staticmethod
    def _home(tree: Tree, whole: frozenset[str], group: frozenset[str]) -> frozenset[str]:
        home = whole
        while True:
            inside = [g for g in tree[home] if group <= g and len(g) > 1]
            if not inside:
                return home
            home = inside[0]

    # --- frontiers of atom sets: dims are the sums still open above -----------------

    def _restrict(self, form: Form, atoms: frozenset[str]) -> Form:
        return tuple((v, c) for v, c in form if self._atom(v) in atoms)

    def _exported(self, atoms: frozenset[str], goals: list[_Goal]) -> list[Form]:
        found: list[Form] = []
        for goal in goals:
            if goal.support & atoms and (goal.keep or not goal.support <= atoms):
                form = self._restrict(goal.form, atoms)
                if form not in found:
                    found.append(form)
        return found

    def _frontier(self, atoms: frozenset[str], tree: Tree, goals: list[_Goal]) -> list[State]:
        exported = self._exported(atoms, goals)
        if len(atoms) == 1:
            return self._atom_frontier(next(iter(atoms)), goals, exported)
        members = tree.get(atoms, [])
        closing = [g for g in goals if not g.keep and g.support <= atoms
                   and not any(g.support <= member for member in members)]
        dims = list(exported)
        dims.extend(f for f in dict.fromkeys(g.form for g in closing) if f not in dims)
        states: list[State] = [(0, tuple(ZERO for _ in dims), None)]
        for member in members:
            self.tick()
            where = self._exported(member, goals)
            picks = [where.index(part) if (part := self._restrict(form, member)) else None
                     for form in dims]
            states = convolve(states, self._frontier(member, tree, goals), picks, self.tick)
        index = [dims.index(g.form) for g in closing]
        kept = [s for s in states
                if all(g.need.met(s[1][i]) for g, i in zip(closing, index, strict=True))]
        return prune(((c, values[:len(exported)], t) for c, values, t in kept), tick=self.tick)

    def _atom_frontier(self, atom: str, goals: list[_Goal], exported: list[Form],
                       ) -> list[State]:
        # a need on one node inside the atom is met where that node's states are made
        # (its states below the threshold are dropped there); the rest track their nodes
        local = [g for g in goals if not g.keep and g.support == {atom} and len(g.form) == 1
                 and g.form[0][0] != atom]
        limits: dict[str, tuple[tuple[Fraction, Need], ...]] = {}
        for goal in local:
            name, coefficient = goal.form[0]
            limits[name] = (*limits.get(name, ()), (coefficient, goal.need))
        rest = [g for g in goals if all(g is not k for k in local)]
        tracked = {v for g in rest for v, _ in g.form if v != atom and self._atom(v) == atom}
        node = self.ruleset.node(atom)
        below = [n.name for n in node.walk() if n.name in tracked]
        slot = {atom: 1, **{name: 2 + i for i, name in enumerate(below)}}
        closing = [g for g in rest if not g.keep and g.support == {atom}]
        found = []
        for cost, dims, trace in self.node_frontier(node, frozenset(tracked), limits):
            def value(form: Form, dims: Dims = dims) -> Fraction:
                return sum((c * dims[slot[v]] for v, c in form), ZERO)
            if all(g.need.met(value(g.form)) for g in closing):
                found.append((cost, tuple(value(f) for f in exported), trace))
        return prune(found, tick=self.tick)

    # --- frontiers of nodes: dims are (answered, score, *tracked scores) ----------

    def node_frontier(self, node: m.Node, tracked: frozenset[str],
                      limits: Limits = _NO_LIMITS) -> list[State]:
        """The node's frontier: dims (answered, score, *the tracked scores below it); with
        `limits`, only the states in which each node named meets its needs."""
        names = [n.name for n in node.walk()]
        key = (node.name, tuple(n for n in names if n in tracked),
               tuple((n, tuple(id(need) for _, need in limits[n])) for n in names
                     if n in limits))
        if key not in self._frontiers:
            self._frontiers[key] = self._node(node, tracked, limits)
        return self._frontiers[key]

    def _node(self, node: m.Node, tracked: frozenset[str], limits: Limits) -> list[State]:
        if node.name in self.fixed:  # it does not apply: its score never changes
            states: list[State] = [(0, (ONE, self.fixed[node.name]), None)]
            for child in node.children:
                states = self._aside(states, child, tracked, limits)
        elif node.aggregate in ("choice", "expr"):
            states = self.leaves.states(node)
            for child in node.children:
                states = self._aside(states, child, tracked, limits)
        else:
            states = self._combine(node, tracked, limits,
                                   mean=node.aggregate in ("mean", "weighted"))
        if node.name in limits:  # a state that misses a need on this node is no plan
            states = [s for s in states
                      if all(need.met(c * s[1][1]) for c, need in limits[node.name])]
        if node.name in tracked:  # its score is also a tracked value, first in walk order
            states = [(c, (d[0], d[1], d[1], *d[2:]), t) for c, d, t in states]
        return prune(states, 1, self.tick)

    def _aside(self, states: list[State], child: m.Node, tracked: frozenset[str],
               limits: Limits) -> list[State]:
        """A child that does not enter its parent's score (a child of a formula item, or
        of a node that does not apply, or one left out): only the scores tracked below it
        and the needs on them matter."""
        if not any(n.name in tracked or n.name in limits for n in child.walk()):
            return states
        sub = self.node_frontier(child, tracked, limits)
        return prune(((c + sc, (*d, *s[2:]), join(t, st))
                      for c, d, t in states for sc, s, st in sub), 1, self.tick)

    def _combine(self, node: m.Node, tracked: frozenset[str], limits: Limits, mean: bool,
                 ) -> list[State]:
        """A sum's dims (answered, score, ...); a mean's (counted, sum of shares, ...), a
        weighted mean's (the weights counted, sum of weight x share, ...)."""
        states: list[State] = [(0, (ZERO, ZERO), None)]
        for child in node.children:
            if self.dropped(child):  # left out of the score; what is tracked below counts
                states = self._aside(states, child, tracked, limits)
                continue
            sub = self.node_frontier(child, tracked, limits)
            zero = child.missing == "zero"
            weight = (child.weight or ONE) if node.aggregate == "weighted" else ONE
            merged = []
            for cost, d, trace in states:
                self.tick()
                for sub_cost, s, sub_trace in sub:
                    if mean:
                        head = (d[0] + (weight if s[0] or zero else ZERO),
                                d[1] + (weight * s[1] / child.maximum if s[0] else ZERO))
                    else:
                        head = (max(d[0], s[0]), d[1] + s[1])
                    merged.append((cost + sub_cost, (*head, *d[2:], *s[2:]),
                                   join(trace, sub_trace)))
            states = prune(merged, 1, self.tick)
        if not mean:
            scale = self.factor(node)
            return states if scale == ONE else [(c, (d[0], d[1] * scale, *d[2:]), t)
                                                for c, d, t in states]
        return [(c, (ONE if d[0] else ZERO, node.maximum * d[1] / d[0] if d[0] else ZERO,
                     *d[2:]), t) for c, d, t in states]

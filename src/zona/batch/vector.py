"""The ruleset's tree over a chunk of rows, in float64, with error bounds.

Every node's and view's score is written straight into one row of a 2-D block (`work`,
whose rows are `VectorPlan.names`; the caller passes a slice of the output, so nothing is
copied): a question is one lookup of its points by answer code, a mean or a sum adds its
children's rows. Each node also gets one error bound per chunk (from its children's
bounds, `U` per rounding, generously) and answered flags (True when every row of the
chunk is answered: then a mean divides by a constant). Expressions (expressions.py)
carry bounds per row; a decision they cannot take from the floats, or an item's score
too close to the edge of its range, marks the row `suspect`, and the caller scores it
with the exact path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from fractions import Fraction
from typing import Any

import numpy as np

from zona import model as m
from zona.batch.aggregates import add, mean_step, not_applicable, sum_step
from zona.batch.env import Env, all_answered, and_not, any_dropped, needs_of
from zona.batch.expressions import Expressions
from zona.batch.inputs import Flags, U, error_bound
from zona.batch.weighted import weighted_step
from zona.model import expr as e

CAP = 2.0**-30  # rows whose expression error exceeds this (x the node's maximum) go exact

Step = Callable[[Env], None]


class VectorPlan:
    """The steps that score a chunk: derived values, nodes in dependency order, views, and
    the values that grades read (`Env.grades`)."""

    def __init__(self, ruleset: m.Ruleset, order: list[str]) -> None:
        self.ruleset = ruleset
        self.inputs = ruleset.inputs_by_name
        self.views = [v for top in ruleset.views for v in top.walk()]
        #: each view's nodes (a view group's: its views' nodes)
        self.view_parts = {v.name: tuple(_parts(v)) for v in self.views}
        #: the rows of the work block: every node, then every view (the output's order)
        self.names = [*ruleset.nodes, *(v.name for v in self.views)]
        self.rows = {name: i for i, name in enumerate(self.names)}
        self.expressions = Expressions(ruleset)
        derived = {d.name: d for d in ruleset.derived}
        every = [*(d.expr for d in ruleset.derived),
                 *(n.expr for n in ruleset.nodes.values() if n.expr is not None),
                 *(g.value for g in ruleset.grades if g.value is not None)]
        #: the inputs that expressions read: only these need error bounds per row
        self.in_expressions = frozenset(v.name for x in every for v in e.variables(x)
                                        if v.kind == "input")
        #: the nodes whose scores expressions and views read (besides their parents)
        self.read = frozenset({v.name for x in every for v in e.variables(x)
                               if v.kind == "node"} | {p for v in self.views for p in v.parts})
        self.steps: list[Step] = [self._derived(derived[name]) if name in derived
                                  else self._node(ruleset.nodes[name]) for name in order]
        self.steps += [self._view(view) for view in reversed(self.views)]
        #: the rows of the work block in the order the steps write them
        self.written = [*(name for name in order if name in self.rows),
                        *(view.name for view in reversed(self.views))]
        self.steps += [self._grade(g) for g in ruleset.grades if g.value is not None]

    def run(self, env: Env) -> None:
        with np.errstate(all="ignore"):
            for step in self.steps:
                step(env)

    def _node(self, node: m.Node) -> Step:
        if node.aggregate == "choice":
            return self._question(node)
        if node.aggregate == "expr":
            return self._item(node)
        if node.aggregate == "sum":
            return sum_step(node, self.rows)
        if node.aggregate == "weighted":
            return weighted_step(node, self.rows)
        spread = sum(_share_bound(self.inputs[c.name]) for c in node.children
                     if self._unit(c))
        return mean_step(node, self.rows, self._unit,
                         lambda env, child: env.number(e.Var(child, "input"))[0], spread)

    def _high(self, name: str) -> Fraction:
        """The top of a question's scale range: its share is its value over it."""
        spec = self.inputs.get(name)
        return spec.scale.high if spec is not None and spec.scale is not None else Fraction(1)

    def _unit(self, node: m.Node) -> bool:
        """A question on a scale of range 0..1: its share is its answer's value."""
        return self._is_question(node) and self._high(node.name) == 1

    def _question(self, node: m.Node) -> Step:
        name, row = node.name, self.rows[node.name]
        maximum = node.maximum / self._high(name)  # points per unit of the answer's value
        # an answer read as a number (no scale): its value times the maximum
        times = self.expressions.number(e.Binary("*", e.Var(name, "input"), e.Const(maximum)))

        def question(env: Env) -> None:
            data = env.inputs[name]
            out = env.work[row]
            if data.codes is None:
                value, error = times(env)
                np.copyto(out, value)
                env.answered[name] = env.flags("input", name)
                env.bound[name] = _largest(error)
                return
            table, bound = data.points(maximum)
            env.answered[name] = data.flags(env.start, env.start + env.n)
            env.bound[name] = bound
            if env.fusion is None or name not in env.fusion.skip:  # else nobody reads it
                assert env.scratch is not None
                index = env.scratch.index[:env.n]  # np.take's own copy of the codes, reused
                np.copyto(index, data.codes[env.start:env.start + env.n])
                np.take(table, index, out=out, mode="wrap")
            if data.na is not None:  # answered "not applicable": read as its policy says
                env.na[name] = data.na_flags(env.start, env.start + env.n)
                if node.na == "reweight":
                    env.gone[name] = env.na[name]

        return question

    def _view(self, view: m.View) -> Step:
        name, row = view.name, self.rows[view.name]
        parts = [self.rows[p] for p in (*view.parts, *(c.name for c in view.children))]
        names = [*view.parts, *(c.name for c in view.children)]
        rounding = len(parts) * U * float(view.maximum)

        def total(env: Env) -> None:
            add(env.work[row], [env.work[r] for r in parts])
            env.bound[name] = rounding + sum(env.bound[p] for p in names)

        return total

    def _item(self, node: m.Node) -> Step:
        name, row, maximum = node.name, self.rows[node.name], node.maximum
        top, top_error = float(maximum), error_bound(float(maximum), maximum)
        needs = needs_of(node.expr)
        # the range check is needed only where the expression's possible values (worked
        # out exactly from the inputs' ranges) can leave 0..maximum
        low, high = self.expressions.interval(node.expr) if node.expr is not None \
            else (None, None)
        check_low, check_high = low is None or low < 0, high is None or high > maximum
        cap = CAP * max(top, 1.0)
        # without a range check, one error bound for the chunk is all the tree reads
        # (zona.batch.bounds); per row where that bound is too wide (a bad row)
        precise = self.expressions.number(node.expr) if node.expr is not None else None
        compute = precise if check_low or check_high or node.expr is None \
            else self.expressions.number(node.expr, per_row=False)

        def item(env: Env) -> None:
            out = env.work[row]
            if compute is None:
                out.fill(0.0)
                env.answered[name], env.bound[name] = False, 0.0
                return
            env.unsure = None
            value, error = compute(env)
            if compute is not precise and not _largest(error) <= cap:
                assert precise is not None
                env.unsure = None
                value, error = precise(env)
            na = any_dropped(env, needs)
            answered = and_not(all_answered(env, needs), na)
            doubt = env.unsure
            if check_low:
                doubt = _or(doubt, value < 2 * error)
            if check_high:
                doubt = _or(doubt, value + 2 * (error + top_error) > top)
            largest = _largest(error)
            if not largest <= cap:  # also NaN, from a bad row
                doubt = _or(doubt, ~(error <= cap))
            if doubt is not None:
                env.suspicious(doubt & answered)
            if answered is True:
                np.copyto(out, value)
            else:
                np.multiply(value, answered, out=out)
            env.answered[name] = not_applicable(env, node, na, out, answered)
            env.bound[name] = largest if largest <= cap else float(np.max(
                error, where=_both(answered, env.suspect), initial=0.0))

        return item

    def _derived(self, derived: m.Derived) -> Step:
        name = derived.name
        compute = self.expressions.number(derived.expr)
        needs = needs_of(derived.expr)

        def value(env: Env) -> None:
            env.unsure = None
            found, error = compute(env)
            na = any_dropped(env, needs)
            answered = and_not(all_answered(env, needs), na)
            if env.unsure is not None:
                env.suspicious(env.unsure & answered)
            if answered is not True:
                found = np.where(answered, found, 0.0)
                error = error if isinstance(error, float) else np.where(answered, error, 0.0)
            env.val[name], env.err[name], env.ans[name] = found, error, answered
            if na is not False:
                env.drop[name] = na

        return value

    def _grade(self, grade: m.Grade) -> Step:
        """The value a grade's bands read, its error bounds, and where it is answered (what
        it reads is answered and applies)."""
        assert grade.value is not None
        name, compute, needs = grade.name, self.expressions.number(grade.value), \
            needs_of(grade.value)

        def value(env: Env) -> None:
            env.unsure = None
            found, error = compute(env)
            answered = and_not(all_answered(env, needs), any_dropped(env, needs))
            if env.unsure is not None:
                env.suspicious(env.unsure & answered)
            env.grades[name] = (np.broadcast_to(found, (env.n,)), error, answered)

        return value

    def _is_question(self, node: m.Node) -> bool:
        return (node.aggregate == "choice" and not node.children
                and node.name in self.inputs and self.inputs[node.name].scale is not None)


def _parts(view: m.View) -> Iterator[str]:
    yield from view.parts
    for child in view.children:
        yield from _parts(child)


def _or(doubt: Any, more: Any) -> Any:
    return more if doubt is None else doubt | more


def _both(answered: Flags, suspect: Any) -> Any:
    """Rows answered and not suspect (for a bound over the rows that count)."""
    if suspect is None:
        return answered
    return ~suspect if answered is True else answered & ~suspect


def _largest(error: Any) -> float:
    return error if isinstance(error, float) else float(error.max()) if len(error) else 0.0


def _share_bound(spec: m.Input) -> float:
    options = spec.scale.options if spec.scale is not None else ()
    return max((error_bound(float(o.value), o.value) for o in options), default=0.0)


__all__ = ["CAP", "Env", "VectorPlan"]

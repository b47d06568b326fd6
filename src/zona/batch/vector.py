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

from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any

import attrs
import numpy as np

from zona import model as m
from zona.batch.columns import Array
from zona.batch.expressions import Expressions, Number
from zona.batch.inputs import Flags, InputData, U, error_bound
from zona.batch.weighted import weighted_step
from zona.model import expr as e

CAP = 2.0**-30  # rows whose expression error exceeds this (x the node's maximum) go exact


@attrs.define(eq=False)
class Env:
    """One chunk of rows: the scores (`work`, one row per name of the plan), input and
    derived values with their error bounds, answered flags, one error bound per node and
    view, and the rows the exact path must score (`suspect`, None for none)."""

    start: int
    n: int
    work: Array
    rows: Mapping[str, int]
    inputs: Mapping[str, InputData]
    wanted: frozenset[str]  # inputs read by expressions: they need error bounds
    val: dict[str, Any] = attrs.field(factory=dict)
    err: dict[str, Any] = attrs.field(factory=dict)
    ans: dict[str, Flags] = attrs.field(factory=dict)
    answered: dict[str, Flags] = attrs.field(factory=dict)
    bound: dict[str, float] = attrs.field(factory=dict)
    suspect: Array | None = None
    unsure: Any = None  # rows in doubt in the expression at hand
    scratch: Scratch | None = None

    def __attrs_post_init__(self) -> None:
        if self.scratch is None or len(self.scratch.index) < self.n:
            self.scratch = Scratch(self.n)

    def score(self, name: str) -> Array:
        return self.work[self.rows[name]]  # type: ignore[no-any-return]

    def number(self, var: e.Var) -> Number:
        if var.kind == "node":
            return self.score(var.name), self.bound[var.name]
        if var.name not in self.val:
            self._read(var.name)
        return self.val[var.name], self.err[var.name]

    def flags(self, kind: str, name: str) -> Flags:
        if kind == "node":
            return self.answered[name]
        if name not in self.ans:
            self._read(name)
        return self.ans[name]

    def _read(self, name: str) -> None:
        self.val[name], self.ans[name], self.err[name] = self.inputs[name].chunk(
            self.start, self.start + self.n, name in self.wanted)

    def doubt(self, rows: Any) -> None:
        self.unsure = rows if self.unsure is None else self.unsure | rows

    def suspicious(self, rows: Any) -> None:
        """Add rows (a mask, or True for all) to those the exact path scores whole."""
        rows = np.broadcast_to(np.asarray(rows, dtype=bool), (self.n,))
        if rows.any():
            self.suspect = rows.copy() if self.suspect is None else self.suspect | rows


@attrs.define(eq=False)
class Scratch:
    """Arrays a chunk's steps reuse instead of allocating their own (one set per thread):
    answer codes as indices, a float and a boolean per row."""

    size: int
    index: Array = attrs.field(init=False)
    spare: Array = attrs.field(init=False)
    flag: Array = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        self.index = np.empty(self.size, dtype=np.intp)
        self.spare = np.empty(self.size)
        self.flag = np.empty(self.size, dtype=bool)


Step = Callable[[Env], None]


class VectorPlan:
    """The steps that score a chunk: derived values, nodes in dependency order, views."""

    def __init__(self, ruleset: m.Ruleset, order: list[str]) -> None:
        self.ruleset = ruleset
        self.inputs = ruleset.inputs_by_name
        self.views = [v for top in ruleset.views for v in top.walk()]
        #: the rows of the work block: every node, then every view (the output's order)
        self.names = [*ruleset.nodes, *(v.name for v in self.views)]
        self.rows = {name: i for i, name in enumerate(self.names)}
        self.expressions = Expressions(ruleset)
        derived = {d.name: d for d in ruleset.derived}
        every = [*(d.expr for d in ruleset.derived),
                 *(n.expr for n in ruleset.nodes.values() if n.expr is not None)]
        #: the inputs that expressions read: only these need error bounds per row
        self.in_expressions = frozenset(v.name for x in every for v in e.variables(x)
                                        if v.kind == "input")
        self.steps: list[Step] = [self._derived(derived[name]) if name in derived
                                  else self._node(ruleset.nodes[name]) for name in order]
        self.steps += [self._view(view) for view in reversed(self.views)]

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
            return self._sum(node)
        if node.aggregate == "weighted":
            return weighted_step(node, self.rows)
        return self._mean(node)

    def _high(self, name: str) -> Fraction:
        """The top of a question's scale range: its share is its value over it."""
        spec = self.inputs.get(name)
        return spec.scale.high if spec is not None and spec.scale is not None else Fraction(1)

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
            assert env.scratch is not None
            index = env.scratch.index[:env.n]  # np.take's own copy of the codes, reused
            np.copyto(index, data.codes[env.start:env.start + env.n])
            np.take(table, index, out=out, mode="wrap")
            env.answered[name] = data.flags(env.start, env.start + env.n)
            env.bound[name] = bound

        return question

    def _mean(self, node: m.Node) -> Step:
        name, row, top = node.name, self.rows[node.name], float(node.maximum)
        # a question's share is its answer's value (on a scale of range 0..1); any other
        # child's is its score over its maximum
        children = [(c.name, self.rows[c.name], self._is_question(c) and self._high(c.name) == 1,
                     float(c.maximum)) for c in node.children]
        counted = [c.name for c in node.children if c.missing != "zero"]
        k, always = len(children), len(children) - len(counted)
        top_error = error_bound(top, node.maximum)
        spread = sum(_share_bound(self.inputs[c]) for c, _, question, _ in children if question)

        def mean(env: Env) -> None:
            out = env.work[row]
            shares = []
            widest = spread
            for child, child_row, question, child_max in children:
                if question and child_max != 1:
                    shares.append(env.number(e.Var(child, "input"))[0])
                    continue
                score = env.work[child_row]  # a question of maximum 1 scores its share
                shares.append(score if child_max == 1 else score / child_max)
                if not question:
                    widest += env.bound[child] / child_max * (1 + U) + U
            flags = [env.answered[c] for c in counted]
            if all(f is True for f in flags) and k:  # a count the same on every row
                factor = top / k
                if len(shares) == 1:
                    np.multiply(shares[0], factor, out=out)
                else:
                    _add(out, shares)
                    if factor != 1:
                        out *= factor
                env.answered[name] = True
            else:
                _add(out, shares)
                count: Array = np.full(env.n, always, dtype=np.int8 if k < 127 else np.int32)
                for found in flags:
                    np.add(count, found, out=count, casting="unsafe")
                answered = np.greater(count, 0)
                out *= top
                out /= np.maximum(count, 1)
                if not always:
                    out *= answered
                env.answered[name] = True if always else answered
            env.bound[name] = top * (widest + (k * k + 3) * U) + top_error * (1 + k * U)

        return mean

    def _sum(self, node: m.Node) -> Step:
        name, row = node.name, self.rows[node.name]
        children = [(c.name, self.rows[c.name]) for c in node.children]
        total_max = float(sum((c.maximum for c in node.children), Fraction(0)))
        rounding = len(children) * U * total_max

        def total(env: Env) -> None:
            _add(env.work[row], [env.work[r] for _, r in children])
            env.answered[name] = _any([env.answered[c] for c, _ in children])
            env.bound[name] = rounding + sum(env.bound[c] for c, _ in children)

        return total

    def _view(self, view: m.View) -> Step:
        name, row = view.name, self.rows[view.name]
        parts = [self.rows[p] for p in (*view.parts, *(c.name for c in view.children))]
        names = [*view.parts, *(c.name for c in view.children)]
        rounding = len(parts) * U * float(view.maximum)

        def total(env: Env) -> None:
            _add(env.work[row], [env.work[r] for r in parts])
            env.bound[name] = rounding + sum(env.bound[p] for p in names)

        return total

    def _item(self, node: m.Node) -> Step:
        name, row, maximum = node.name, self.rows[node.name], node.maximum
        top, top_error = float(maximum), error_bound(float(maximum), maximum)
        compute = self.expressions.number(node.expr) if node.expr is not None else None
        needs = _needs(node.expr)
        # the range check is needed only where the expression's possible values (worked
        # out exactly from the inputs' ranges) can leave 0..maximum
        low, high = self.expressions.interval(node.expr) if node.expr is not None \
            else (None, None)
        check_low, check_high = low is None or low < 0, high is None or high > maximum
        cap = CAP * max(top, 1.0)

        def item(env: Env) -> None:
            out = env.work[row]
            if compute is None:
                out.fill(0.0)
                env.answered[name], env.bound[name] = False, 0.0
                return
            env.unsure = None
            value, error = compute(env)
            answered = _all(env, needs)
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
            env.answered[name] = answered
            env.bound[name] = largest if largest <= cap else float(np.max(
                error, where=_both(answered, env.suspect), initial=0.0))

        return item

    def _derived(self, derived: m.Derived) -> Step:
        name = derived.name
        compute = self.expressions.number(derived.expr)
        needs = _needs(derived.expr)

        def value(env: Env) -> None:
            env.unsure = None
            found, error = compute(env)
            answered = _all(env, needs)
            if env.unsure is not None:
                env.suspicious(env.unsure & answered)
            if answered is not True:
                found = np.where(answered, found, 0.0)
                error = error if isinstance(error, float) else np.where(answered, error, 0.0)
            env.val[name], env.err[name], env.ans[name] = found, error, answered

        return value

    def _is_question(self, node: m.Node) -> bool:
        return (node.aggregate == "choice" and not node.children
                and node.name in self.inputs and self.inputs[node.name].scale is not None)


def _needs(expression: e.Expr | None) -> list[tuple[str, str]]:
    if expression is None:
        return []
    return list(dict.fromkeys((v.kind, v.name) for v in e.variables(expression)))


def _add(out: Array, parts: list[Array]) -> None:
    """out = the sum of the parts, added in order."""
    if not parts:
        out.fill(0.0)
    elif len(parts) == 1:
        np.copyto(out, parts[0])
    else:
        np.add(parts[0], parts[1], out=out)
        for part in parts[2:]:
            np.add(out, part, out=out)


def _all(env: Env, needs: list[tuple[str, str]]) -> Flags:
    """Whether every value an expression needs is answered."""
    found: Flags = True
    for kind, name in needs:
        flags = env.flags(kind, name)
        if flags is not True:
            found = flags if found is True else found & flags
    return found


def _any(flags: list[Flags]) -> Flags:
    """Whether anything is answered (True: on every row)."""
    if any(f is True for f in flags):
        return True
    arrays = [f for f in flags if f is not False]
    if not arrays:
        return False
    found = arrays[0].copy()  # type: ignore[union-attr]
    for other in arrays[1:]:
        found |= other
    return found


def _or(doubt: Any, more: Any) -> Any:
    return more if doubt is None else doubt | more


def _both(answered: Flags, suspect: Array | None) -> Any:
    """Rows answered and not suspect (for a bound over the rows that count)."""
    if suspect is None:
        return answered
    return ~suspect if answered is True else answered & ~suspect


def _largest(error: Any) -> float:
    return error if isinstance(error, float) else float(error.max()) if len(error) else 0.0


def _share_bound(spec: m.Input) -> float:
    options = spec.scale.options if spec.scale is not None else ()
    return max((error_bound(float(o.value), o.value) for o in options), default=0.0)

"""The ruleset's tree and expressions over a chunk of rows, in float64, with error bounds.

Every value carries a bound on how far its float can be from the exact value: per row
inside expressions, where each operation's own rounding error is computed exactly
(TwoSum, TwoProduct, the exact remainder of a division), and one bound per node and
chunk in the tree (from the bounds of its children, `U` per rounding, generously). A
decision that depends on a float (a branch of `if`, a division by zero, a score's
range) is taken only when the float is farther from the boundary than twice the bound;
otherwise the row is marked `suspect` and the caller scores it with the exact path.
Bounds of 0 mean the float is exact (whole counts, options such as 0.5, whole-number
ratios), so those decisions never need the exact path.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import attrs
import numpy as np

from zona import expr as e
from zona import model as m
from zona.batch.columns import Array
from zona.batch.inputs import EXACT_INTEGER, U, error_bound

Number = tuple[Any, Any]  # values (array or float) and error bounds (array or float)
Truth = tuple[Any, Any]  # booleans and an "unsure" mask (or None)
CAP = 2.0**-30  # rows whose expression error exceeds this (x the node's maximum) go exact

_COMPARE: dict[str, Callable[[Any, Any], Any]] = {
    "==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
    ">": operator.gt, ">=": operator.ge}


@attrs.define
class Env:
    """One chunk's arrays: input and derived values, node and view scores, and the rows
    the exact path must score (`suspect`)."""

    n: int
    val: dict[str, Any] = attrs.field(factory=dict)
    ans: dict[str, Any] = attrs.field(factory=dict)
    err: dict[str, Any] = attrs.field(factory=dict)
    score: dict[str, Array] = attrs.field(factory=dict)
    answered: dict[str, Array] = attrs.field(factory=dict)
    bound: dict[str, float] = attrs.field(factory=dict)
    suspect: Array = attrs.field(default=None)
    unsure: Array = attrs.field(default=None)  # doubtful rows of the expression at hand
    out: dict[str, Array] = attrs.field(factory=dict)  # where to write node/view scores

    def __attrs_post_init__(self) -> None:
        if self.suspect is None:
            self.suspect = np.zeros(self.n, dtype=bool)
        self.unsure = np.zeros(self.n, dtype=bool)

    def buffer(self, name: str) -> Array:
        found = self.out.get(name)
        return found if found is not None else np.empty(self.n)


Step = Callable[[Env], None]


class VectorPlan:
    """The steps that score a chunk: derived values, nodes in dependency order, views."""

    def __init__(self, ruleset: m.Ruleset, order: list[str]) -> None:
        self.ruleset = ruleset
        self.inputs = ruleset.inputs_by_name
        derived = {d.name: d for d in ruleset.derived}
        expressions = [*(d.expr for d in ruleset.derived),
                       *(n.expr for n in ruleset.nodes.values() if n.expr is not None)]
        #: the inputs that expressions read: only these need error bounds per row
        self.in_expressions = frozenset(v.name for x in expressions for v in e.variables(x)
                                        if v.kind == "input")
        self.integral: dict[str, bool] = {i.name: i.kind == "count" for i in ruleset.inputs}
        self.steps: list[Step] = []
        for name in order:
            if name in derived:
                self.steps.append(self._derived(derived[name]))
            else:
                self.steps.append(self._node(ruleset.nodes[name]))
        for top in ruleset.views:
            for view in reversed(list(top.walk())):
                self.steps.append(self._view(view))

    def run(self, env: Env) -> None:
        with np.errstate(all="ignore"):
            for step in self.steps:
                step(env)

    # the tree

    def _node(self, node: m.Node) -> Step:
        if node.aggregate == "choice":
            return self._question(node)
        if node.aggregate == "expr":
            return self._item(node)
        if node.aggregate == "sum":
            return self._sum(node)
        return self._mean(node)

    def _question(self, node: m.Node) -> Step:
        name, top = node.name, float(node.maximum)
        spec = self.inputs[name]
        options = spec.scale.options if spec.scale is not None else ()
        bound = max((error_bound(float(o.value) * top, o.value * node.maximum)
                     for o in options), default=0.0)

        def question(env: Env) -> None:
            out = env.buffer(name)
            np.multiply(env.val[name], top, out=out)
            env.score[name], env.answered[name], env.bound[name] = out, env.ans[name], bound

        return question

    def _mean(self, node: m.Node) -> Step:
        name, top = node.name, float(node.maximum)
        children = [(c.name, self._is_question(c), float(c.maximum), c.missing == "zero")
                    for c in node.children]
        k = len(children)
        always = sum(zero for _, _, _, zero in children)
        top_error = error_bound(top, node.maximum)
        spread = sum(_share_bound(self.inputs[c]) for c, question, _, _ in children if question)

        def mean(env: Env) -> None:
            shares = np.zeros(env.n)
            count: Array = np.full(env.n, always, dtype=np.int16 if k > 120 else np.int8)
            widest = spread
            for child, question, child_max, zero in children:
                if question:
                    shares += env.val[child]
                    answered = env.ans[child]
                else:
                    score = env.score[child]
                    shares += score if child_max == 1 else score / child_max
                    widest += env.bound[child] / child_max * (1 + U) + U
                    answered = env.answered[child]
                if not zero:
                    np.add(count, answered, out=count, casting="unsafe")
            out = env.buffer(name)
            answered = np.greater(count, 0)
            np.multiply(shares, top, out=out)
            out /= np.maximum(count, 1)
            if not always:
                out *= answered
            env.score[name], env.answered[name] = out, answered
            env.bound[name] = top * (widest + (k * k + 3) * U) + top_error * (1 + k * U)

        return mean

    def _sum(self, node: m.Node) -> Step:
        name = node.name
        children = [c.name for c in node.children]
        total_max = float(sum((c.maximum for c in node.children), Fraction(0)))
        rounding = len(children) * U * total_max

        def total(env: Env) -> None:
            out = env.buffer(name)
            out[:] = 0.0
            answered = np.zeros(env.n, dtype=bool)
            spread = rounding
            for child in children:
                out += env.score[child]
                answered |= env.answered[child]
                spread += env.bound[child]
            env.score[name], env.answered[name], env.bound[name] = out, answered, spread

        return total

    def _item(self, node: m.Node) -> Step:
        name, maximum = node.name, node.maximum
        top, top_error = float(maximum), error_bound(float(maximum), maximum)
        compute = self._number(node.expr) if node.expr is not None else None
        needs = self._needs(node.expr)
        # the range check is needed only where the expression's possible values (worked
        # out exactly from the inputs' ranges) can leave 0..maximum
        low, high = _interval(self, node.expr) if node.expr is not None else (None, None)
        check_low = low is None or low < 0
        check_high = high is None or high > maximum
        cap = CAP * max(top, 1.0)

        def item(env: Env) -> None:
            out = env.buffer(name)
            if compute is None:
                out[:] = 0.0
                env.score[name], env.answered[name] = out, np.zeros(env.n, dtype=bool)
                env.bound[name] = 0.0
                return
            env.unsure[:] = False
            value, error = compute(env)
            answered = _all_answered(env, needs)
            doubt = env.unsure
            if _exact(error):
                if check_low:
                    doubt |= value < 0
                if check_high:
                    doubt |= value + 2 * top_error > top
                bound = 0.0
            else:
                error = np.broadcast_to(np.asarray(error, dtype=float), (env.n,))
                if check_low:
                    doubt |= value < 2 * error
                if check_high:
                    doubt |= value + 2 * (error + top_error) > top
                doubt |= error > cap
            env.suspect |= doubt & answered
            np.multiply(value, answered, out=out)
            env.score[name], env.answered[name] = out, answered
            if not _exact(error):
                bound = float(np.max(error, where=answered & ~env.suspect, initial=0.0))
            env.bound[name] = bound

        return item

    def _derived(self, derived: m.Derived) -> Step:
        name = derived.name
        compute = self._number(derived.expr)
        needs = self._needs(derived.expr)
        self.integral[name] = self._integral(derived.expr)

        def value(env: Env) -> None:
            env.unsure[:] = False
            found, error = compute(env)
            answered = _all_answered(env, needs)
            env.suspect |= env.unsure & answered
            env.val[name] = np.where(answered, found, 0.0)
            env.err[name] = np.where(answered, error, 0.0)
            env.ans[name] = answered

        return value

    def _view(self, view: m.View) -> Step:
        name = view.name
        parts = [*view.parts, *(c.name for c in view.children)]
        rounding = len(parts) * U * float(view.maximum)

        def total(env: Env) -> None:
            out = env.buffer(name)
            out[:] = 0.0
            spread = rounding
            for part in parts:
                out += env.score[part]
                spread += env.bound[part]
            env.score[name], env.bound[name] = out, spread

        return total

    def _is_question(self, node: m.Node) -> bool:
        return (node.aggregate == "choice" and not node.children
                and node.name in self.inputs and self.inputs[node.name].scale is not None)

    @staticmethod
    def _needs(expression: e.Expr | None) -> list[tuple[str, str]]:
        if expression is None:
            return []
        return list(dict.fromkeys((v.kind, v.name) for v in e.variables(expression)))

    # expressions

    def _integral(self, expression: e.Expr) -> bool:
        """Whether the expression is a whole number whenever its inputs are (counts)."""
        if isinstance(expression, e.Const):
            return expression.value.denominator == 1
        if isinstance(expression, e.Var):
            return expression.kind != "node" and self.integral.get(expression.name, False)
        if isinstance(expression, e.Negate):
            return self._integral(expression.operand)
        if isinstance(expression, e.Binary) and expression.op in ("+", "-", "*"):
            return self._integral(expression.left) and self._integral(expression.right)
        if isinstance(expression, e.Extremum):
            return all(self._integral(a) for a in expression.args)
        if isinstance(expression, e.If):
            return self._integral(expression.then) and self._integral(expression.otherwise)
        return False

    def _number(self, expression: e.Expr) -> Callable[[Env], Number]:
        if isinstance(expression, e.Const):
            value = float(expression.value)
            error = error_bound(value, expression.value)
            return lambda env: (value, error)
        if isinstance(expression, e.Var):
            name = expression.name
            if expression.kind == "node":
                return lambda env: (env.score[name], env.bound[name])
            return lambda env: (env.val[name], env.err[name])
        if isinstance(expression, e.Negate):
            inner = self._number(expression.operand)
            return lambda env: _negate(inner(env))
        if isinstance(expression, e.If):
            test = self._truth(expression.test)
            then, otherwise = self._number(expression.then), self._number(expression.otherwise)
            return lambda env: _choose(env, test(env), then(env), otherwise(env))
        if isinstance(expression, e.Divide):
            parts = [self._number(x) for x in (expression.numerator, expression.denominator,
                                               expression.if_zero)]
            whole = self._integral(expression.numerator) and self._integral(
                expression.denominator)
            top, bottom, zero = parts
            return lambda env: _divide(env, top(env), bottom(env), zero(env), whole)
        if isinstance(expression, e.Extremum):
            args = [self._number(a) for a in expression.args]
            pick = np.minimum if expression.function == "min" else np.maximum
            return lambda env: _extremum(pick, [a(env) for a in args])
        assert isinstance(expression, e.Binary)
        left, right = self._number(expression.left), self._number(expression.right)
        op = expression.op
        whole = self._integral(expression)
        return lambda env: _arithmetic(op, left(env), right(env), whole)

    def _truth(self, expression: e.Expr) -> Callable[[Env], Truth]:
        if isinstance(expression, e.Not):
            inner = self._truth(expression.operand)
            return lambda env: _not(inner(env))
        if isinstance(expression, e.If):
            test = self._truth(expression.test)
            then, otherwise = self._truth(expression.then), self._truth(expression.otherwise)
            return lambda env: _choose_truth(test(env), then(env), otherwise(env))
        assert isinstance(expression, e.Binary)
        if expression.op in ("and", "or"):
            left_truth, right_truth = self._truth(expression.left), self._truth(expression.right)
            both = expression.op == "and"
            return lambda env: _logic(both, left_truth(env), right_truth(env))
        left, right = self._number(expression.left), self._number(expression.right)
        compare = _COMPARE[expression.op]
        return lambda env: _comparison(compare, left(env), right(env))


Interval = tuple[Fraction | None, Fraction | None]  # None: unbounded


def _interval(plan: VectorPlan, x: e.Expr) -> Interval:
    """Bounds on an expression's exact value, from the inputs' ranges (counts >= 0,
    decimals in their range, options in 0..1, nodes in 0..maximum)."""
    if isinstance(x, e.Const):
        return x.value, x.value
    if isinstance(x, e.Var):
        return _var_interval(plan, x)
    if isinstance(x, e.Negate):
        low, high = _interval(plan, x.operand)
        return (None if high is None else -high), (None if low is None else -low)
    if isinstance(x, e.Extremum):
        bounds = [_interval(plan, a) for a in x.args]
        lows, highs = [b[0] for b in bounds], [b[1] for b in bounds]
        if x.function == "min":
            return (None if None in lows else min(lows)), min(  # type: ignore[type-var]
                (h for h in highs if h is not None), default=None)
        return max((lw for lw in lows if lw is not None), default=None), (
            None if None in highs else max(highs))  # type: ignore[type-var]
    if isinstance(x, e.If):
        return _union(_interval(plan, x.then), _interval(plan, x.otherwise))
    if isinstance(x, e.Divide):
        top, bottom = _interval(plan, x.numerator), _interval(plan, x.denominator)
        found: Interval = (None, None)
        if top[0] is not None and top[0] >= 0 and bottom[0] is not None and bottom[0] >= 0:
            found = (Fraction(0), None)  # non-negative over non-negative
        return _union(found, _interval(plan, x.if_zero))
    if isinstance(x, e.Binary) and x.op in ("+", "-", "*", "/"):
        (a, b), (c, d) = _interval(plan, x.left), _interval(plan, x.right)
        if x.op == "+":
            return _plus(a, c), _plus(b, d)
        if x.op == "-":
            return _plus(a, None if d is None else -d), _plus(b, None if c is None else -c)
        if a is None or b is None or c is None or d is None:
            return None, None
        corners = [p * q for p in (a, b) for q in (c, d)] if x.op == "*" else \
            [p / q for p in (a, b) for q in (c, d)]  # / by a non-zero constant
        return min(corners), max(corners)
    return None, None


def _var_interval(plan: VectorPlan, x: e.Var) -> Interval:
    if x.kind == "node":
        return Fraction(0), plan.ruleset.nodes[x.name].maximum
    if x.kind == "derived":
        derived = {d.name: d for d in plan.ruleset.derived}[x.name]
        return _interval(plan, derived.expr)
    spec = plan.inputs[x.name]
    if spec.kind == "count":
        return Fraction(0), None
    if spec.kind == "decimal":
        return spec.low, spec.high
    values = [o.value for o in spec.scale.options] if spec.scale is not None else [Fraction(0)]
    return min(values), max(values)


def _plus(a: Fraction | None, b: Fraction | None) -> Fraction | None:
    return None if a is None or b is None else a + b


def _union(a: Interval, b: Interval) -> Interval:
    low = None if a[0] is None or b[0] is None else min(a[0], b[0])
    high = None if a[1] is None or b[1] is None else max(a[1], b[1])
    return low, high


def _all_answered(env: Env, needs: list[tuple[str, str]]) -> Array:
    answered = np.ones(env.n, dtype=bool)
    for kind, name in needs:
        answered &= env.answered[name] if kind == "node" else env.ans[name]
    return answered


def _share_bound(spec: m.Input) -> float:
    options = spec.scale.options if spec.scale is not None else ()
    return max((error_bound(float(o.value), o.value) for o in options), default=0.0)


def _negate(number: Number) -> Number:
    return -number[0], number[1]


def _two_sum(a: Any, b: Any) -> tuple[Any, Any]:
    """a + b and its exact rounding error (Knuth's TwoSum)."""
    total = a + b
    virtual = total - a
    return total, (a - (total - virtual)) + (b - virtual)


def _split(a: Any) -> tuple[Any, Any]:
    scaled = 134217729.0 * a  # 2**27 + 1 (Veltkamp)
    high = scaled - (scaled - a)
    return high, a - high


def _two_product(a: Any, b: Any) -> tuple[Any, Any]:
    """a * b and its exact rounding error (Dekker's TwoProduct)."""
    product = a * b
    (ah, al), (bh, bl) = _split(a), _split(b)
    return product, ((ah * bh - product) + ah * bl + al * bh) + al * bl


def _quotient(a: Any, b: Any) -> tuple[Any, Any]:
    """a / b and a bound on its rounding error: the remainder a - q*b is exact."""
    quotient = a / b
    product, low = _two_product(quotient, b)
    remainder = (a - product) - low
    return quotient, np.abs(remainder / b) * (1 + U)


def _exact(error: Any) -> bool:
    """Whether an error bound says "exact on every row"."""
    return isinstance(error, float) and error == 0.0


def _arithmetic(op: str, left: Number, right: Number, whole: bool) -> Number:
    """An operation on values with error bounds; the rounding error of the operation
    itself is computed exactly (0 when the float result is exact)."""
    (a, ea), (b, eb) = left, right
    if whole and _exact(ea) and _exact(eb):
        value = a + b if op == "+" else a - b if op == "-" else a * b
        if np.all(np.abs(value) < EXACT_INTEGER):  # whole numbers: exact below 2**53
            return value, 0.0
    if op == "+":
        value, rounding = _two_sum(a, b)
        error = ea + eb
    elif op == "-":
        value, rounding = _two_sum(a, -b)
        error = ea + eb
    elif op == "*":
        value, rounding = _two_product(a, b)
        error = np.abs(a) * eb + np.abs(b) * ea + ea * eb
    else:  # division by a non-zero constant
        value, rounding = _quotient(a, b)
        error = (ea + np.abs(value) * eb) / (np.abs(b) - eb)
    return value, (error + np.abs(rounding)) * (1 + U)


def _divide(env: Env, numerator: Number, denominator: Number, if_zero: Number,
            whole: bool) -> Number:
    (a, ea), (b, eb), (r, er) = numerator, denominator, if_zero
    if whole and _exact(ea) and _exact(eb):  # exact whole numbers: b == 0 is certain
        zero = b == 0
        quotient = a / np.where(zero, 1.0, b)
        exact = np.fmod(a, np.where(zero, 1.0, b)) == 0  # a whole multiple divides exactly
        error = np.where(exact, 0.0, np.abs(quotient) * U)
        return np.where(zero, r, quotient), np.where(zero, er, error)
    zero = np.asarray((eb == 0) & (b == 0))
    nonzero = np.asarray(np.abs(b) > 2 * eb)
    env.unsure |= ~(zero | nonzero)
    safe = np.where(nonzero, b, 1.0)
    quotient, rounding = _quotient(a, safe)
    size = np.abs(safe)
    error = (np.abs(a) * eb + size * ea) / (size * np.maximum(size - eb, 1e-300))
    error = (error + rounding) * (1 + U)
    return np.where(zero, r, quotient), np.where(zero, er, error)


def _extremum(pick: Any, numbers: list[Number]) -> Number:
    if all(_exact(error) for _, error in numbers):
        value = numbers[0][0]
        for other, _ in numbers[1:]:
            value = pick(value, other)
        return value, 0.0
    value, error = numbers[0]
    lowest = pick is np.minimum
    for other, other_error in numbers[1:]:
        mine_first = (value + error < other - other_error) if lowest else (
            value - error > other + other_error)
        theirs_first = (other + other_error < value - error) if lowest else (
            other - other_error > value + error)
        error = np.where(mine_first, error, np.where(theirs_first, other_error,
                                                     np.maximum(error, other_error)))
        value = pick(value, other)
    return value, error


def _choose(env: Env, test: Truth, then: Number, otherwise: Number) -> Number:
    truth, unsure = test
    if unsure is not None:
        env.unsure |= np.asarray(unsure, dtype=bool)
    return np.where(truth, then[0], otherwise[0]), np.where(truth, then[1], otherwise[1])


def _choose_truth(test: Truth, then: Truth, otherwise: Truth) -> Truth:
    truth, unsure = test
    value = np.where(truth, then[0], otherwise[0])
    doubt = [u for u in (unsure, np.where(truth, _mask(then[1]), _mask(otherwise[1])))
             if u is not None]
    return value, np.logical_or.reduce(doubt) if doubt else None


def _mask(unsure: Any) -> Any:
    return False if unsure is None else unsure


def _comparison(compare: Callable[[Any, Any], Any], left: Number, right: Number) -> Truth:
    (a, ea), (b, eb) = left, right
    margin = ea + eb
    truth = compare(a, b)
    if isinstance(margin, float) and margin == 0:
        return truth, None
    margin = 2 * (margin + U * (np.abs(a) + np.abs(b)))
    return truth, (np.abs(a - b) <= margin) & (margin > 0)


def _not(truth: Truth) -> Truth:
    return ~np.asarray(truth[0], dtype=bool), truth[1]


def _logic(both: bool, left: Truth, right: Truth) -> Truth:
    (a, ua), (b, ub) = left, right
    a, b = np.asarray(a, dtype=bool), np.asarray(b, dtype=bool)
    value = (a & b) if both else (a | b)
    if ua is None and ub is None:
        return value, None
    ua = _mask(ua)
    ub = _mask(ub)
    # a sure operand that decides alone (false for `and`, true for `or`) settles the result
    settled = ((~ua & ~a) | (~ub & ~b)) if both else ((~ua & a) | (~ub & b))
    return value, (ua | ub) & ~settled

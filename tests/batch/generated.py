"""Generated rulesets for the batch and SQL properties: the level rulesets of
tests.strategies_levels (ranged scales with numbered options, weighted means, `every KIND
under`, and with `na` not-applicable options under every policy), plus what the batch and
SQL back ends must agree on beyond them: facts, views, `total` and `share()` in expressions,
rounding (every function and mode) and grades (tests.strategies_grades: by bands over a
node or a rounding of it, capped by conditions, by rules over predicates and grades, and
predicates comparing grades), and a grade by bands over a derived value that reads facts,
views and total through a rounding.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

import attrs
from hypothesis import strategies as st

from tests.strategies_grades import grade_declarations
from tests.strategies_levels import Levels, _Builder
from zona.language import syntax as s
from zona.model.expr import MODES, rounded

FACT_LEVELS = ("lo", "mid", "hi")
FACTOR_VALUES = ("0", "0.5", "1", "1.25", "2", "0.3", "1.5", 1, 0.75)


def _num(value: Fraction | int) -> s.Number:
    return s.Number(value=Fraction(value))


def _bin(op: str, left: s.Expr, right: s.Expr) -> s.Binary:
    return s.Binary(op=op, left=left, right=right)


def _call(function: str, *args: s.Expr) -> s.Call:
    return s.Call(function=function, args=args)


class _Grades:
    """What tests.strategies_grades needs of a builder, over a level ruleset's builder."""

    def __init__(self, builder: _Builder) -> None:
        self.builder = builder
        self.draw = builder.draw
        self.maxima = {n: v for n, v in builder.maxima.items() if n != "total"}
        self.g = builder.g

    def name(self, prefix: str) -> str:
        return self.builder.name(prefix)

    def label(self) -> str | None:
        return None

    def condition(self, earlier: list[str]) -> s.Condition:
        return self.builder.condition()


def _rounding(draw: Any, value: s.Expr) -> tuple[s.Expr, Callable[[Fraction], Fraction]]:
    """round, floor or ceil of a value, to -1..2 decimals, in any mode; and the same
    rounding of a number."""
    function = draw(st.sampled_from(("round", "floor", "ceil")))
    args: list[s.Expr] = [value]
    places = draw(st.integers(-1, 2))
    mode = "half_up"
    if places or draw(st.booleans()):
        args.append(_num(places) if places >= 0 else s.Negate(operand=_num(-places)))
    if function == "round" and len(args) == 2 and draw(st.booleans()):
        mode = draw(st.sampled_from(MODES))
        args.append(s.Ref(name=mode))
    return s.Call(function=function, args=tuple(args)), \
        lambda x: rounded(function, x, places, mode)


def _extras(builder: _Builder) -> list[Any]:
    """Facts read by expressions, an item that reads a view, a share and the facts through
    a rounding, a derived value over total, and a grade by bands over it."""
    draw = builder.draw
    facts = [s.FactDecl(name="fa", label=None, type=s.NumberType(low=Fraction(0),
                                                                    high=Fraction(2))),
             s.FactDecl(name="fl", label=None, type=s.LevelsType(levels=FACT_LEVELS)),
             s.FactDecl(name="fy", label=None, type=s.YesNoType())]
    view = draw(st.sampled_from(sorted(n for n in builder.maxima if n.startswith("v"))))
    node = draw(st.sampled_from(sorted(n for n in builder.g.kinds)))
    # at least every node's maximum, so that no threshold drawn before fx joins the tree
    # (`every child of total`, `every item under total`) is out of its reach
    top = max(builder.maxima[n] for n in builder.g.kinds) * draw(st.sampled_from((1, 2)))
    inner: s.Expr = _bin("*", _bin("*", s.ShareRef(name=view), _num(top)), s.FactRef(name="fa"))
    test = _bin(">=", s.FactRef(name="fl"), s.Ref(name=draw(st.sampled_from(FACT_LEVELS))))
    if draw(st.booleans()):
        test = _bin("or", test, s.FactRef(name="fy"))
    chosen = s.If(test=test, then=_rounding(draw, inner)[0],
                  otherwise=_rounding(draw, _bin("*", s.ShareRef(name=node), _num(top)))[0])
    score = _call("max", _num(0), _call("min", _num(top), chosen))
    item = s.NodeDecl(kind="item", name="fxi", label=None, members=(
        s.Weight(value=top), s.ScoreIs(expr=score)))
    group = s.NodeDecl(kind="group", name="fx", label=None,
                       members=(s.Weight(value=top), item))
    builder.maxima.update(fx=top, fxi=top)
    builder.top.append("fx")
    builder.children["fx"] = ["fxi"]
    builder.g.kinds.update(fx="group", fxi="item")
    builder.g.parents.update(fx=None, fxi="fx")
    # total (now with fx) over 0..T, times a factor 0..2, over 2: 0..T, rounded
    value: s.Expr = _bin("/", _bin("*", s.Ref(name="total"), s.FactRef(name="fa")), _num(2))
    high = builder.maxima["total"] + top
    if draw(st.booleans()):
        value, how = _rounding(draw, value)
        high = how(high)
        if high <= 0:  # rounded away: read the value as it is
            value, high = s.Ref(name="total"), builder.maxima["total"] + top
    derived = s.DerivedDecl(name="dt", label=None, expr=value)
    cuts = sorted(draw(st.lists(st.integers(1, 99), min_size=1, max_size=3, unique=True)))
    bands = [high * Fraction(c, 100) for c in cuts]
    levels = []
    for index in range(len(bands) + 1):
        low = None if index == 0 else bands[index - 1]
        high = None if index == len(bands) else bands[index]
        levels.append(s.LevelDecl(name=f"L{index}", band=s.Band(
            low=low, low_open=False, high=high, high_open=high is not None)))
    grade = s.GradeDecl(name="gt", label=None, by=s.Ref(name="dt"), members=tuple(levels))
    above = s.PredicateDecl(name="PGT", label=None, members=(s.Require(
        condition=s.Comparison(quantity=s.GradeOf(name="gt"), op=">",
                               threshold=s.LevelThreshold(name="L0"))),))
    return [*facts, group, derived, grade, above]


class _Batch(_Builder):
    def build(self) -> Levels:
        found = super().build()
        extras = _extras(self)
        self.g.predicates.append("PGT")
        graded = grade_declarations(_Grades(self))
        module = found.module
        found.module = attrs.evolve(module, declarations=(*module.declarations, *extras,
                                                          *graded))
        return found


@st.composite
def batch_rulesets(draw: Any, na: bool) -> Levels:
    """A level ruleset (with `na` options and policies when `na`) with facts, views, total
    and shares in expressions, rounding, and grades."""
    return _Batch(draw, na).build()


@st.composite
def batch_rows(draw: Any, generated: Levels, count: int) -> list[dict[str, object]]:
    """Rows of answers (tests.strategies_levels.level_sheets) and facts as `fact:` columns,
    now and then missing."""
    from tests.strategies_levels import level_sheets

    rows = []
    for _ in range(count):
        row: dict[str, object] = dict(draw(level_sheets(generated)))
        if draw(st.integers(0, 9)):
            row["fact:fa"] = draw(st.sampled_from(FACTOR_VALUES))
        if draw(st.integers(0, 9)):
            row["fact:fl"] = draw(st.sampled_from(FACT_LEVELS))
        if draw(st.integers(0, 9)):
            row["fact:fy"] = draw(st.sampled_from(("yes", "no")))
        rows.append(row)
    return rows

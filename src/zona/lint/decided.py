"""W201-W205 and W302: conditions, `if` tests, predicates and levels decided in advance,
`if`s whose branches are the same, and scores that never reach their maximum."""

from __future__ import annotations

from collections.abc import Iterator

from zona import model as m
from zona.analysis.intervals import truth
from zona.errors import Diagnostic
from zona.language import syntax as s
from zona.lint.codes import warning
from zona.lint.context import Context, subexpressions
from zona.lint.reach import Reach
from zona.lint.truth import Decide
from zona.model import expr as e
from zona.numtext import exact_text

_NOTHING = "It does not change the verdict; remove it, or check its threshold."


def decided(ctx: Context, reach: Reach) -> Iterator[Diagnostic]:
    """Every W2xx and W302 warning of one combination of the facts weights read."""
    decide = Decide(reach)
    yield from _predicates(ctx, decide)
    yield from _grades(ctx, decide)
    yield from _tests(ctx, reach)
    yield from _maxima(ctx, reach)


def _predicates(ctx: Context, decide: Decide) -> Iterator[Diagnostic]:
    for predicate in ctx.ruleset.predicates:
        blamed = False
        for condition in predicate.conditions:
            verdict = decide.condition(condition)
            if verdict is False and not blamed and ctx.here(predicate.span):
                blamed = True
                why = decide.why(condition)
                yield warning("W204", f"predicate '{predicate.name}' can never hold: "
                              f"`{condition.text}` never holds" + (f" ({why})" if why else ""),
                              predicate.span, "No unit can pass it; check the threshold.")
            elif verdict is True:
                yield from _always(ctx, decide, condition, True, _NOTHING)
            elif verdict is None:
                yield from _parts(ctx, decide, condition)


def _always(ctx: Context, decide: Decide, condition: m.Condition, verdict: bool,
            hint: str) -> Iterator[Diagnostic]:
    if not ctx.here(condition.span):
        return
    why = decide.why(condition)
    word = "always holds" if verdict else "never holds"
    yield warning("W201" if verdict else "W202", f"`{condition.text}` {word}" + (
        f": {why}" if why else ""), condition.span, hint)


def _parts(ctx: Context, decide: Decide, condition: m.Condition) -> Iterator[Diagnostic]:
    """The parts of an undecided `and`/`or` that are decided (and so change nothing)."""
    if isinstance(condition, m.NoneOf):
        yield from _parts(ctx, decide, condition.part)
        return
    if not isinstance(condition, m.AllOf | m.AnyOf):
        return
    joint = "and" if isinstance(condition, m.AllOf) else "or"
    for part in condition.parts:
        verdict = decide.condition(part)
        if verdict is None:
            yield from _parts(ctx, decide, part)
        else:
            yield from _always(ctx, decide, part, verdict,
                               f"It changes nothing in the `{joint}`; remove it, or check "
                               "its threshold.")


def _grades(ctx: Context, decide: Decide) -> Iterator[Diagnostic]:
    for grade in ctx.ruleset.grades:
        reasons = decide.levels(grade.name)
        for index, level in enumerate(grade.levels):
            if reasons[index] is not None and ctx.here(level.span):
                yield warning("W203", f"level '{level.name}' of grade '{grade.name}' can "
                              f"never be the grade: {reasons[index]}", level.span,
                              "No unit can get it; check its band and its `when`.")
            if level.when is None or index == 0:
                continue
            verdict = decide.condition(level.when)
            if verdict is True:
                hint = ("The level is decided by its band alone." if level.band is not None
                        else "So every level below it can never be the grade.")
                yield from _always(ctx, decide, level.when, True, hint)
            elif verdict is None:
                yield from _parts(ctx, decide, level.when)


def _tests(ctx: Context, reach: Reach) -> Iterator[Diagnostic]:
    for _, compiled, written in ctx.expressions():
        if written is None:
            continue
        ifs = [x for x in subexpressions(compiled) if isinstance(x, e.If)]
        spans = [x for x in subexpressions(written) if isinstance(x, s.If)]
        if len(ifs) != len(spans):
            continue  # the compiler rewrote the expression: no reliable place to point at
        for model_if, syntax_if in zip(ifs, spans, strict=True):
            test = syntax_if.test
            verdict = truth(model_if.test, reach.value)
            if verdict is not None and ctx.here(test.span):
                taken, never = ("then", "else") if verdict else ("else", "then")
                yield warning("W201" if verdict else "W202",
                              f"the test of this `if` {'always' if verdict else 'never'} "
                              f"holds, so its `{never}` branch is never taken", test.span,
                              f"Write the `{taken}` branch alone.")
            if model_if.then == model_if.otherwise and ctx.here(syntax_if.span):
                yield warning("W205", "both branches of this `if` are the same, so its test "
                              "changes nothing", syntax_if.span, "Write the branch alone.")


def _maxima(ctx: Context, reach: Reach) -> Iterator[Diagnostic]:
    for node in ctx.ruleset.nodes.values():
        if node.aggregate not in ("expr", "choice") or not ctx.here(node.span):
            continue
        high = reach.highs[node.name]
        if high < node.maximum:
            yield warning("W302", f"'{node.name}' can score at most {exact_text(high)}, below "
                          f"its maximum {exact_text(node.maximum)}", node.span,
                          "No unit can get full marks here; check its `score =` (or its "
                          "scale) against its weight.")


__all__ = ["decided"]

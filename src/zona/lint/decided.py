"""W201-W205 and W302: conditions, `if` tests, predicates and levels decided in advance,
`if`s whose branches are the same, and scores that never reach their maximum."""

from __future__ import annotations

from collections.abc import Iterator

from zona import model as m
from zona.analysis.intervals import truth
from zona.errors import Diagnostic
from zona.i18n import N_, _
from zona.language import syntax as s
from zona.lint.codes import warning
from zona.lint.context import Context, subexpressions
from zona.lint.reach import Reach
from zona.lint.truth import Decide, holds_text
from zona.model import expr as e
from zona.numtext import exact_text

_NOTHING = N_("It does not change the verdict; remove it, or check its threshold.")


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
                message = _("predicate '{predicate}' can never hold: `{condition}` never "
                            "holds ({why})", predicate=predicate.name, condition=condition.text,
                            why=why) if why else \
                    _("predicate '{predicate}' can never hold: `{condition}` never holds",
                      predicate=predicate.name, condition=condition.text)
                yield warning("W204", message,
                              predicate.span, _("No unit can pass it; check the threshold."))
            elif verdict is True:
                yield from _always(ctx, decide, condition, True, _(_NOTHING))
            elif verdict is None:
                yield from _parts(ctx, decide, condition)


def _always(ctx: Context, decide: Decide, condition: m.Condition, verdict: bool,
            hint: str) -> Iterator[Diagnostic]:
    if not ctx.here(condition.span):
        return
    why = decide.why(condition)
    yield warning("W201" if verdict else "W202", holds_text(condition.text, verdict, why, ": "),
                  condition.span, hint)


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
                               _("It changes nothing in the `{joint}`; remove it, or check its "
                                 "threshold.", joint=joint))


def _grades(ctx: Context, decide: Decide) -> Iterator[Diagnostic]:
    for grade in ctx.ruleset.grades:
        reasons = decide.levels(grade.name)
        for index, level in enumerate(grade.levels):
            if reasons[index] is not None and ctx.here(level.span):
                yield warning("W203", _("level '{level}' of grade '{grade}' can never be the "
                                        "grade: {reasons}", level=level.name, grade=grade.name,
                                        reasons=reasons[index]), level.span,
                              _("No unit can get it; check its band and its `when`."))
            if level.when is None or index == 0:
                continue
            verdict = decide.condition(level.when)
            if verdict is True:
                hint = (_("The level is decided by its band alone.") if level.band is not None
                        else _("So every level below it can never be the grade."))
                yield from _always(ctx, decide, level.when, True, hint)
            elif verdict is None:
                yield from _parts(ctx, decide, level.when)


def _tests(ctx: Context, reach: Reach) -> Iterator[Diagnostic]:
    for _name, compiled, written in ctx.expressions():
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
                              _("the test of this `if` always holds, so its `{never}` branch is "
                                "never taken", never=never) if verdict else
                              _("the test of this `if` never holds, so its `{never}` branch is "
                                "never taken", never=never), test.span,
                              _("Write the `{taken}` branch alone.", taken=taken))
            if model_if.then == model_if.otherwise and ctx.here(syntax_if.span):
                yield warning("W205", _("both branches of this `if` are the same, so its test "
                                        "changes nothing"), syntax_if.span,
                                        _("Write the branch alone."))


def _maxima(ctx: Context, reach: Reach) -> Iterator[Diagnostic]:
    for node in ctx.ruleset.nodes.values():
        if node.aggregate not in ("expr", "choice") or not ctx.here(node.span):
            continue
        high = reach.highs[node.name]
        if high < node.maximum:
            yield warning("W302", _("'{node}' can score at most {high}, below its maximum "
                                    "{maximum}", node=node.name, high=exact_text(high),
                                    maximum=exact_text(node.maximum)), node.span,
                          _("No unit can get full marks here; check its `score =` (or its scale) "
                            "against its weight."))


__all__ = ["decided"]

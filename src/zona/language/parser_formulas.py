"""Lark's tree -> syntax nodes for the formulas inside declarations: predicate conditions
and expressions (zona.language.syntax_expr). A mixin of zona.language.parser's transformer,
which adds the declarations around them.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from lark import Token, Transformer, v_args
from lark.tree import Meta

from zona.language import syntax as s
from zona.language.literals import meta_span, token_span
from zona.source import Span


@v_args(meta=True)
class Formulas(Transformer[Token, Any]):
    """Conditions and expressions, one method per grammar alias."""

    file: str = "<string>"

    def _tok(self, token: Token) -> Span:
        return token_span(token, self.file)

    def _at(self, meta: Meta) -> Span | None:
        return meta_span(meta, self.file)

    # predicate conditions
    def require_attr(self, meta: Meta, c: list[Any]) -> s.Require:
        return s.Require(condition=c[0], span=self._at(meta))

    def cond_or(self, meta: Meta, c: list[Any]) -> s.CondOr:
        return s.CondOr(left=c[0], right=c[1], span=self._at(meta))

    def cond_and(self, meta: Meta, c: list[Any]) -> s.CondAnd:
        return s.CondAnd(left=c[0], right=c[1], span=self._at(meta))

    def cond_not(self, meta: Meta, c: list[Any]) -> s.CondNot:
        return s.CondNot(operand=c[0], span=self._at(meta))

    def comparison(self, meta: Meta, c: list[Any]) -> s.Comparison:
        return s.Comparison(quantity=c[0], op=str(c[1]), threshold=c[2], span=self._at(meta))

    def every_child(self, meta: Meta, c: list[Any]) -> s.EveryChild:
        return s.EveryChild(group=str(c[0]), quantity=str(c[1]), op=str(c[2]),
                            threshold=c[3], span=self._at(meta))

    def every_under(self, meta: Meta, c: list[Any]) -> s.EveryUnder:
        return s.EveryUnder(kind=str(c[0]), group=str(c[1]), quantity=str(c[2]),
                            op=str(c[3]), threshold=c[4], span=self._at(meta))

    def predicate_ref(self, meta: Meta, c: list[Any]) -> s.PredicateRef:
        return s.PredicateRef(name=str(c[0]), span=self._tok(c[0]))

    def score_of(self, meta: Meta, c: list[Any]) -> s.ScoreOf:
        return s.ScoreOf(name=str(c[0]), span=self._tok(c[0]))

    def share_of(self, meta: Meta, c: list[Any]) -> s.ShareOf:
        return s.ShareOf(name=str(c[0]), span=self._tok(c[0]))

    def fact_of(self, meta: Meta, c: list[Any]) -> s.FactOf:
        return s.FactOf(name=str(c[0]), span=self._tok(c[0]))

    def number_threshold(self, meta: Meta, c: list[Any]) -> s.NumberThreshold:
        return s.NumberThreshold(value=Fraction(str(c[0])), span=self._tok(c[0]))

    def percent_threshold(self, meta: Meta, c: list[Any]) -> s.PercentThreshold:
        return s.PercentThreshold(value=Fraction(str(c[0])[:-1]), span=self._tok(c[0]))

    def level_threshold(self, meta: Meta, c: list[Any]) -> s.LevelThreshold:
        return s.LevelThreshold(name=str(c[0]), span=self._tok(c[0]))

    def yes_threshold(self, meta: Meta, c: list[Any]) -> s.YesNoThreshold:
        return s.YesNoThreshold(value=True, span=self._at(meta))

    def no_threshold(self, meta: Meta, c: list[Any]) -> s.YesNoThreshold:
        return s.YesNoThreshold(value=False, span=self._at(meta))

    # expressions
    def if_expr(self, meta: Meta, c: list[Any]) -> s.If:
        return s.If(test=c[0], then=c[1], otherwise=c[2], span=self._at(meta))

    def _binary(self, op: str, meta: Meta, c: list[Any]) -> s.Binary:
        return s.Binary(op=op, left=c[0], right=c[-1], span=self._at(meta))

    def or_expr(self, meta: Meta, c: list[Any]) -> s.Binary:
        return self._binary("or", meta, c)

    def and_expr(self, meta: Meta, c: list[Any]) -> s.Binary:
        return self._binary("and", meta, c)

    def compare_expr(self, meta: Meta, c: list[Any]) -> s.Binary:
        return self._binary(str(c[1]), meta, c)

    def add_expr(self, meta: Meta, c: list[Any]) -> s.Binary:
        return self._binary("+", meta, c)

    def sub_expr(self, meta: Meta, c: list[Any]) -> s.Binary:
        return self._binary("-", meta, c)

    def mul_expr(self, meta: Meta, c: list[Any]) -> s.Binary:
        return self._binary("*", meta, c)

    def div_expr(self, meta: Meta, c: list[Any]) -> s.Binary:
        return self._binary("/", meta, c)

    def not_expr(self, meta: Meta, c: list[Any]) -> s.Not:
        return s.Not(operand=c[0], span=self._at(meta))

    def neg_expr(self, meta: Meta, c: list[Any]) -> s.Negate:
        return s.Negate(operand=c[0], span=self._at(meta))

    def number(self, meta: Meta, c: list[Any]) -> s.Number:
        return s.Number(value=Fraction(str(c[0])), span=self._tok(c[0]))

    def percent(self, meta: Meta, c: list[Any]) -> s.Percent:
        return s.Percent(value=Fraction(str(c[0])[:-1]), span=self._tok(c[0]))

    def ref(self, meta: Meta, c: list[Any]) -> s.Ref:
        return s.Ref(name=str(c[0]), span=self._tok(c[0]))

    def call(self, meta: Meta, c: list[Any]) -> s.Call:
        args = tuple(a for a in c[1:] if a is not None)
        return s.Call(function=str(c[0]), args=args, span=self._at(meta))


    def fact_ref(self, meta: Meta, c: list[Any]) -> s.FactRef:
        return s.FactRef(name=str(c[0]), span=self._at(meta))

    def share_ref(self, meta: Meta, c: list[Any]) -> s.ShareRef:
        return s.ShareRef(name=str(c[0]), span=self._at(meta))

"""Text -> syntax tree. With zona.language.syntax_errors, the only code that touches lark.

Lark's tree is converted to zona.language.syntax nodes at this boundary; nothing later sees
a lark.Tree. Syntax errors are translated by zona.language.syntax_errors.
"""

from __future__ import annotations

import datetime
import re
import textwrap
from fractions import Fraction
from typing import Any

import lark
from lark import Token, Transformer, v_args
from lark.tree import Meta

from zona.errors import Diagnostic, ZonaSyntaxError
from zona.language import syntax as s
from zona.language.grammar import parser as _lark_parser
from zona.source import Source, Span


def parse(text: str, name: str = "<string>") -> s.Module:
    """Parse zona source text into a syntax tree, or raise ZonaSyntaxError."""
    source = Source(text, name)
    try:
        tree = _lark_parser().parse(text)
    except lark.exceptions.UnexpectedInput as error:
        from zona.language.syntax_errors import diagnose  # only for a syntax error

        raise ZonaSyntaxError(diagnose(error, source), source) from None
    try:
        module: s.Module = _ToSyntax(name).transform(tree)
    except lark.exceptions.VisitError as error:
        if isinstance(error.orig_exc, _BadLiteral):
            raise ZonaSyntaxError(error.orig_exc.diagnostic, source) from None
        if isinstance(error.orig_exc, RecursionError):
            raise RecursionError from None  # zona.loads reports it in the language's words
        raise
    return module


# --- literals ----------------------------------------------------------------


class _BadLiteral(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _token_span(token: Token, file: str | None = None) -> Span:
    line = token.line or 1
    column = token.column or 1
    end_line = token.end_line or line
    end_column = token.end_column or column + 1
    return Span(line, column, end_line, max(1, end_column - 1), file)


def _meta_span(meta: Meta, file: str | None = None) -> Span | None:
    if getattr(meta, "empty", True):
        return None
    return Span(meta.line, meta.column, meta.end_line, max(1, meta.end_column - 1), file)


def _string(token: Token) -> str:
    raw = str(token)
    if raw.startswith('"""'):
        body = raw[3:-3]
        if body.startswith("\n"):
            body = body[1:]
        return textwrap.dedent(body).rstrip()
    body = raw[1:-1]

    def unescape(match: re.Match[str]) -> str:
        char = match.group(1)
        if char not in _ESCAPES:
            raise _BadLiteral(
                Diagnostic(
                    f"unknown escape '\\{char}' in a quoted text; use \\\", \\\\, \\n or \\t",
                    _token_span(token),
                    code="syntax",
                )
            )
        return _ESCAPES[char]

    return re.sub(r"\\(.)", unescape, body)


def _date(token: Token) -> datetime.date:
    try:
        return datetime.date.fromisoformat(str(token))
    except ValueError:
        raise _BadLiteral(
            Diagnostic(f"'{token}' is not a valid date", _token_span(token), code="syntax")
        ) from None


def _split(children: list[Any]) -> tuple[str | None, list[Any]]:
    """An optional leading STRING (a label) and the rest."""
    if children and isinstance(children[0], Token) and children[0].type == "STRING":
        return _string(children[0]), children[1:]
    return None, children


def _lang_and_text(children: list[Any]) -> tuple[str | None, str]:
    lang = None
    for child in children:
        if isinstance(child, Token) and child.type == "LANG":
            lang = str(child)
    return lang, _string(children[-1])


# --- tree conversion ---------------------------------------------------------


@v_args(meta=True)
class _ToSyntax(Transformer[Token, Any]):
    """Convert lark's tree to zona.language.syntax nodes, one method per grammar alias."""

    def __init__(self, file: str) -> None:
        super().__init__()
        self.file = file

    def _tok(self, token: Token) -> Span:
        return _token_span(token, self.file)

    def _at(self, meta: Meta) -> Span | None:
        return _meta_span(meta, self.file)

    # file and header
    def start(self, meta: Meta, c: list[Any]) -> s.Module:
        return s.Module(header=c[0], declarations=tuple(c[1:]), span=self._at(meta))

    def header(self, meta: Meta, c: list[Any]) -> s.Header:
        extends = c[1] if len(c) > 1 and isinstance(c[1], _Extends) else None
        rest = c[2:] if extends else c[1:]
        return s.Header(
            id=_string(c[0]),
            extends=extends.name if extends else None,
            attrs=tuple(rest),
            span=self._tok(c[0]),
        )

    def extends_clause(self, meta: Meta, c: list[Any]) -> _Extends:
        return _Extends(_string(c[0]))

    def title_attr(self, meta: Meta, c: list[Any]) -> s.Title:
        lang, text = _lang_and_text(c)
        return s.Title(text=text, lang=lang, span=self._at(meta))

    def regulation_attr(self, meta: Meta, c: list[Any]) -> s.Regulation:
        return s.Regulation(text=_string(c[0]), span=self._at(meta))

    def effective_attr(self, meta: Meta, c: list[Any]) -> s.Effective:
        end = _date(c[1]) if len(c) > 1 else None
        return s.Effective(start=_date(c[0]), end=end, span=self._at(meta))

    def maximum_attr(self, meta: Meta, c: list[Any]) -> s.Maximum:
        return s.Maximum(value=Fraction(str(c[0])), span=self._at(meta))

    def assessors_attr(self, meta: Meta, c: list[Any]) -> s.Assessors:
        return s.Assessors(names=tuple(str(t) for t in c), span=self._at(meta))

    def assumption_attr(self, meta: Meta, c: list[Any]) -> s.Assumed:
        return s.Assumed(text=_string(c[0]), span=self._at(meta))

    # scales and facts
    def scale_decl(self, meta: Meta, c: list[Any]) -> s.ScaleDecl:
        label, options = _split(c[1:])
        return s.ScaleDecl(name=str(c[0]), label=label, options=tuple(options),
                           span=self._tok(c[0]))

    def scale_option(self, meta: Meta, c: list[Any]) -> s.ScaleOption:
        label = _string(c[2]) if len(c) > 2 else None
        return s.ScaleOption(name=str(c[0]), value=Fraction(str(c[1])), label=label,
                             span=self._at(meta))

    def fact_decl(self, meta: Meta, c: list[Any]) -> s.FactDecl:
        label, rest = _split(c[1:])
        texts: tuple[s.Text, ...] = tuple(rest[1]) if len(rest) > 1 else ()
        return s.FactDecl(name=str(c[0]), label=label, type=rest[0], texts=texts,
                          span=self._tok(c[0]))

    def yesno_type(self, meta: Meta, c: list[Any]) -> s.YesNoType:
        return s.YesNoType(span=self._at(meta))

    def number_type(self, meta: Meta, c: list[Any]) -> s.NumberType:
        low, high = c[0] if c else (None, None)
        return s.NumberType(low=low, high=high, span=self._at(meta))

    def levels_type(self, meta: Meta, c: list[Any]) -> s.LevelsType:
        return s.LevelsType(levels=tuple(str(t) for t in c), span=self._at(meta))

    def fact_body(self, meta: Meta, c: list[Any]) -> list[s.Text]:
        return list(c)

    # the tree
    def node_decl(self, meta: Meta, c: list[Any]) -> s.NodeDecl:
        label, members = _split(c[2:])
        return s.NodeDecl(kind=str(c[0]), name=str(c[1]), label=label,
                          members=tuple(members), span=self._tok(c[1]))

    def weight_attr(self, meta: Meta, c: list[Any]) -> s.Weight:
        return s.Weight(value=Fraction(str(c[0])), span=self._tok(c[0]))

    def aggregate_attr(self, meta: Meta, c: list[Any]) -> s.Aggregate:
        return s.Aggregate(how=str(c[0]), span=self._at(meta))

    def score_attr(self, meta: Meta, c: list[Any]) -> s.ScoreIs:
        return s.ScoreIs(expr=c[0], span=self._at(meta))

    def scale_attr(self, meta: Meta, c: list[Any]) -> s.ScaleRef:
        return s.ScaleRef(name=str(c[0]), span=self._tok(c[0]))

    def soal_attr(self, meta: Meta, c: list[Any]) -> s.Soal:
        return s.Soal(number=int(str(c[0])), span=self._tok(c[0]))

    def missing_attr(self, meta: Meta, c: list[Any]) -> s.MissingPolicy:
        return s.MissingPolicy(policy=str(c[0]), span=self._tok(c[0]))

    def text_attr(self, meta: Meta, c: list[Any]) -> s.Text:
        lang, text = _lang_and_text(c)
        return s.Text(kind=str(c[0]), text=text, lang=lang, span=self._at(meta))

    # inputs and derived values
    def input_decl(self, meta: Meta, c: list[Any]) -> s.InputDecl:
        label, members = _split(c[1:])
        return s.InputDecl(name=str(c[0]), label=label, members=tuple(members),
                           span=self._tok(c[0]))

    def count_type(self, meta: Meta, c: list[Any]) -> s.CountType:
        return s.CountType(span=self._at(meta))

    def decimal_type(self, meta: Meta, c: list[Any]) -> s.DecimalType:
        low, high = c[0]
        return s.DecimalType(low=low, high=high, span=self._at(meta))

    def range(self, meta: Meta, c: list[Any]) -> tuple[Fraction, Fraction]:
        return c[0], c[1]

    def positive_number(self, meta: Meta, c: list[Any]) -> Fraction:
        return Fraction(str(c[0]))

    def negative_number(self, meta: Meta, c: list[Any]) -> Fraction:
        return -Fraction(str(c[0]))

    def derived_decl(self, meta: Meta, c: list[Any]) -> s.DerivedDecl:
        label, rest = _split(c[1:])
        return s.DerivedDecl(name=str(c[0]), label=label, expr=rest[0], span=self._tok(c[0]))

    # views
    def view_sum(self, meta: Meta, c: list[Any]) -> s.ViewSum:
        label, parts = _split(c[1:])
        return s.ViewSum(name=str(c[0]), label=label, parts=tuple(str(p) for p in parts),
                         span=self._tok(c[0]),
                         part_spans=tuple(self._tok(p) for p in parts))

    def view_group(self, meta: Meta, c: list[Any]) -> s.ViewGroup:
        label, members = _split(c[1:])
        return s.ViewGroup(name=str(c[0]), label=label, members=tuple(members),
                           span=self._tok(c[0]))

    # predicates
    def predicate_decl(self, meta: Meta, c: list[Any]) -> s.PredicateDecl:
        label, members = _split(c[1:])
        return s.PredicateDecl(name=str(c[0]), label=label, members=tuple(members),
                               span=self._tok(c[0]))

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

    # amendments
    def amend(self, meta: Meta, c: list[Any]) -> s.Amend:
        return s.Amend(name=str(c[0]), members=tuple(c[1:]), span=self._tok(c[0]))

    def remove(self, meta: Meta, c: list[Any]) -> s.Remove:
        return s.Remove(name=str(c[0]), span=self._tok(c[0]))

    def add_to(self, meta: Meta, c: list[Any]) -> s.AddTo:
        return s.AddTo(parent=str(c[0]), declarations=tuple(c[1:]), span=self._tok(c[0]))

    def move(self, meta: Meta, c: list[Any]) -> s.Move:
        return s.Move(name=str(c[0]), parent=str(c[1]), span=self._tok(c[0]))


class _Extends:
    def __init__(self, name: str) -> None:
        self.name = name

"""Text -> syntax tree. The only module that touches lark's trees and errors.

Syntax errors are reported in the language's own words: token names such as
`LBRACE` or `$END` never reach the user.
"""

from __future__ import annotations

import datetime
import re
import textwrap
from fractions import Fraction
from typing import Any

import attrs
import lark
from lark import Token, Transformer, v_args
from lark.tree import Meta

from zona import syntax as s
from zona._grammar import parser as _lark_parser
from zona.errors import Diagnostic, ZonaSyntaxError
from zona.source import Source, Span

# How each terminal is named in messages.
_TERMINAL_WORDS = {
    "NAME": "a name",
    "NUMBER": "a number",
    "INT": "a whole number",
    "PERCENT": "a percentage such as 60%",
    "DATE": "a date such as 2021-12-31",
    "STRING": "a quoted text",
    "NODE_KIND": "a node (component, subcomponent, area, subarea, group, question, item)",
    "AGGREGATION": "an aggregation (mean, sum)",
    "POLICY": "a missing-answer policy (error, exclude, zero)",
    "TEXT_KIND": "a text (label, criteria, cite, note)",
    "LANG": "a language (en, id)",
    "CHILD_QUANTITY": "a quantity (score, share)",
    "COMPARATOR": "a comparison (>=, >, <=, <, ==, !=)",
    "$END": "the end of the file",
}
_MAX_EXPECTED = 8


def parse(text: str, name: str = "<string>") -> s.Module:
    """Parse zona source text into a syntax tree, or raise ZonaSyntaxError."""
    source = Source(text, name)
    try:
        tree = _lark_parser().parse(text)
    except lark.exceptions.UnexpectedInput as error:
        raise ZonaSyntaxError(_diagnose(error, source), source) from None
    try:
        module: s.Module = _ToSyntax(name).transform(tree)
    except lark.exceptions.VisitError as error:
        if isinstance(error.orig_exc, _BadLiteral):
            raise ZonaSyntaxError(error.orig_exc.diagnostic, source) from None
        if isinstance(error.orig_exc, RecursionError):
            raise RecursionError from None  # zona.loads reports it in the language's words
        raise
    return module


# --- error translation -------------------------------------------------------


def _describe_terminal(name: str) -> str:
    if name in _TERMINAL_WORDS:
        return _TERMINAL_WORDS[name]
    for terminal in _lark_parser().terminals:
        if terminal.name == name and isinstance(terminal.pattern, lark.lexer.PatternStr):
            return f"'{terminal.pattern.value}'"
    return name.lower()


def _describe_token(token: Token) -> str:
    if token.type == "$END":
        return "end of the file"
    if token.type in ("NAME", "NUMBER", "INT", "PERCENT", "DATE"):
        return f"{_TERMINAL_WORDS[token.type].replace('a ', '', 1)} '{token}'"
    if token.type == "STRING":
        return "quoted text"
    return f"'{token}'"


_CLOSERS = ("'}'", "')'")
_DECLARATION_START = {"FACT", "PREDICATE", "SCALE", "VIEW"}


def _expected(names: set[str]) -> str:
    if names >= _DECLARATION_START:
        return "expected a declaration such as component, area, question, scale, input or predicate"
    words = sorted({_describe_terminal(n) for n in names},
                   key=lambda w: (w not in _CLOSERS, w[0] != "'", w))
    if len(words) > _MAX_EXPECTED:
        shown = ", ".join(words[:_MAX_EXPECTED])
        return f"expected one of {shown}, ..."
    if len(words) == 1:
        return f"expected {words[0]}"
    return "expected " + ", ".join(words[:-1]) + " or " + words[-1]


def _diagnose(error: lark.exceptions.UnexpectedInput, source: Source) -> Diagnostic:
    line, column = error.line, error.column
    if isinstance(error, lark.exceptions.UnexpectedToken):
        token = error.token
        if token.type == "$END":
            line, column = _end_position(source.text)
        acceptable = _acceptable(error)
        message = f"unexpected {_describe_token(token)}; {_expected(acceptable)}"
        if token.type == "RBRACE" and acceptable >= _DECLARATION_START:
            message = "unexpected '}': there is no open '{' for it to close"
        hint = _keyword_hint(str(token), acceptable) if token.type == "NAME" else None
        width = max(1, len(str(token))) if token.type != "$END" else 1
        return Diagnostic(message, Span(line, column, line, column + width - 1), hint,
                          code="syntax")
    if isinstance(error, lark.exceptions.UnexpectedCharacters):
        position = error.pos_in_stream or 0
        char = source.text[position] if position < len(source.text) else ""
        if char == '"':
            message = "unterminated text: a quoted text must close with \" on the same line"
            message += ' (use """ for text over several lines)'
        else:
            allowed = _accepts_before(source.text, position) or set(error.allowed or ())
            message = f"unexpected character {char!r}"
            if allowed:
                message += f"; {_expected(allowed)}"
        return Diagnostic(message, Span.point(line, column), code="syntax")
    line, column = _end_position(source.text)
    return Diagnostic("unexpected end of the file", Span.point(line, column), code="syntax")


def _keyword_hint(word: str, acceptable: set[str]) -> str | None:
    """`Did you mean 'component'?` for a misspelt keyword."""
    from zona.checks import did_you_mean

    keywords: list[str] = []
    for terminal in _lark_parser().terminals:
        if terminal.name not in acceptable:
            continue
        if isinstance(terminal.pattern, lark.lexer.PatternStr):
            keywords.append(terminal.pattern.value)
        elif terminal.name in _CONTEXTUAL_WORDS:
            keywords.extend(_CONTEXTUAL_WORDS[terminal.name])
    words = [k for k in keywords if k.isidentifier()]
    return did_you_mean(word, words) if words else None


_CONTEXTUAL_WORDS = {
    "NODE_KIND": ("component", "subcomponent", "area", "subarea", "group", "question", "item"),
    "AGGREGATION": ("mean", "sum"),
    "POLICY": ("error", "exclude", "zero"),
    "TEXT_KIND": ("label", "criteria", "cite", "note"),
}


def _accepts_before(text: str, position: int) -> set[str]:
    """The tokens the parser accepts at a position, found by parsing the text before it."""
    try:
        interactive = _lark_parser().parse_interactive(text[:position])
        interactive.exhaust_lexer()
        return set(interactive.accepts())  # type: ignore[no-untyped-call]
    except Exception:  # best effort: the caller falls back to the lexer's list
        return set()


def _acceptable(error: lark.exceptions.UnexpectedToken) -> set[str]:
    """The tokens really acceptable here (LALR's merged lookaheads over-approximate)."""
    try:
        accepted = set(error.interactive_parser.accepts())  # type: ignore[no-untyped-call]
    except Exception:  # the interactive parser is best effort; fall back to the table
        accepted = set()
    return accepted or set(error.expected)


def _end_position(text: str) -> tuple[int, int]:
    lines = text.splitlines() or [""]
    stripped = text.rstrip()
    if not stripped:
        return 1, 1
    lines = stripped.splitlines()
    return len(lines), len(lines[-1]) + 1


# --- literals ----------------------------------------------------------------


class _BadLiteral(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _token_span(token: Token) -> Span:
    line = token.line or 1
    column = token.column or 1
    end_line = token.end_line or line
    end_column = token.end_column or column + 1
    return Span(line, column, end_line, max(1, end_column - 1))


def _meta_span(meta: Meta) -> Span | None:
    if getattr(meta, "empty", True):
        return None
    return Span(meta.line, meta.column, meta.end_line, max(1, meta.end_column - 1))


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
    """Convert lark's tree to zona.syntax nodes, one method per grammar alias."""

    def __init__(self, file: str) -> None:
        super().__init__()
        self.file = file

    def _tok(self, token: Token) -> Span:
        return attrs.evolve(_token_span(token), file=self.file)

    def _at(self, meta: Meta) -> Span | None:
        span = _meta_span(meta)
        return attrs.evolve(span, file=self.file) if span is not None else None

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

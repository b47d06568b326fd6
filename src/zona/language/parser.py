"""Text -> syntax tree. With zona.language.syntax_errors, the only code that touches lark.

Lark's tree is converted to zona.language.syntax nodes at this boundary; nothing later sees
a lark.Tree. Syntax errors are translated by zona.language.syntax_errors.
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Any

import lark
from lark import Token, v_args
from lark.tree import Meta

from zona.errors import Diagnostic, ZonaSyntaxError
from zona.i18n import _
from zona.language import syntax as s
from zona.language.grammar import parser as _lark_parser
from zona.language.literals import (
    BadLiteral,
    date,
    lang_and_text,
    meta_span,
    split_label,
    string,
    token_span,
)
from zona.language.parser_formulas import Formulas
from zona.language.parser_grades import GradeSyntax, trailing_texts
from zona.source import Source, Span


def parse(text: str, name: str = "<string>") -> s.Module:
    """Parse zona source text into a syntax tree, or raise ZonaSyntaxError."""
    source = Source(text, name)
    try:
        tree = _lark_parser().parse(text)
    except lark.exceptions.UnexpectedInput as error:
        from zona.language.syntax_errors import diagnose  # only for a syntax error

        raise ZonaSyntaxError(diagnose(error, source), source) from None
    from zona.language.syntax_errors import glued

    stuck = glued(tree, source)
    if stuck is not None:
        raise ZonaSyntaxError(stuck, source)
    try:
        module: s.Module = _ToSyntax(name).transform(tree)
    except lark.exceptions.VisitError as error:
        if isinstance(error.orig_exc, _BadLiteral):
            raise ZonaSyntaxError(error.orig_exc.diagnostic, source) from None
        if isinstance(error.orig_exc, RecursionError):
            raise RecursionError from None  # zona.loads reports it in the language's words
        raise
    return module


# --- literals (zona.language.literals) ----------------------------------------

_BadLiteral = BadLiteral
_token_span = token_span
_meta_span = meta_span
_string = string
_date = date
_split = split_label
_lang_and_text = lang_and_text


# --- tree conversion ---------------------------------------------------------


@v_args(meta=True)
class _ToSyntax(GradeSyntax, Formulas):
    """Convert lark's tree to zona.language.syntax nodes, one method per grammar alias (the
    conditions and expressions: zona.language.parser_formulas)."""

    def __init__(self, file: str) -> None:
        super().__init__()
        self.file = file

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
        label, rest = _split(c[1:])
        scale_range = rest.pop(0) if rest and isinstance(rest[0], _Range) else None
        assumptions = tuple(m for m in rest if isinstance(m, s.Assumed))
        options = tuple(m for m in rest if isinstance(m, s.ScaleOption))
        _no_decimal_comma(options, self.file)
        return s.ScaleDecl(name=str(c[0]), label=label, options=options,
                           range=scale_range.bounds if scale_range else None,
                           assumptions=assumptions, span=self._tok(c[0]))

    def scale_range(self, meta: Meta, c: list[Any]) -> _Range:
        return _Range(c[0])

    def scale_assumption(self, meta: Meta, c: list[Any]) -> s.Assumed:
        return s.Assumed(text=_string(c[0]), span=self._at(meta))

    def scale_option(self, meta: Meta, c: list[Any]) -> s.ScaleOption:
        label = _string(c[2]) if len(c) > 2 else None
        na = isinstance(c[1], _NotApplicable)
        return s.ScaleOption(name=str(c[0]), value=None if na else Fraction(str(c[1])),
                             label=label, na=na, span=self._at(meta))

    def numbered_option(self, meta: Meta, c: list[Any]) -> s.ScaleOption:
        label = _string(c[-1]) if isinstance(c[-1], Token) and c[-1].type == "STRING" else None
        given = c[1] if len(c) > 1 and not (isinstance(c[1], Token) and c[1].type == "STRING") \
            else None
        na = isinstance(given, _NotApplicable)
        value = Fraction(str(given)) if given is not None and not na else None
        return s.ScaleOption(name=str(c[0]), value=value, label=label, na=na, numbered=True,
                             span=self._at(meta))

    def option_na(self, meta: Meta, c: list[Any]) -> _NotApplicable:
        return _NotApplicable()

    def fact_decl(self, meta: Meta, c: list[Any]) -> s.FactDecl:
        label, rest = _split(c[1:])
        members: list[Any] = rest[1] if len(rest) > 1 else []
        return s.FactDecl(name=str(c[0]), label=label, type=rest[0],
                          texts=tuple(m for m in members if not isinstance(m, s.FactFrom)),
                          sources=tuple(m for m in members if isinstance(m, s.FactFrom)),
                          span=self._tok(c[0]))

    def yesno_type(self, meta: Meta, c: list[Any]) -> s.YesNoType:
        return s.YesNoType(span=self._at(meta))

    def number_type(self, meta: Meta, c: list[Any]) -> s.NumberType:
        low, high = c[0] if c else (None, None)
        return s.NumberType(low=low, high=high, span=self._at(meta))

    def levels_type(self, meta: Meta, c: list[Any]) -> s.LevelsType:
        return s.LevelsType(levels=tuple(str(t) for t in c), span=self._at(meta))

    def fact_body(self, meta: Meta, c: list[Any]) -> list[Any]:
        return list(c)

    def from_grade(self, meta: Meta, c: list[Any]) -> s.FactFrom:
        return s.FactFrom(ruleset=_string(c[0]), quantity="grade", name=str(c[1]),
                          span=self._at(meta))

    def from_quantity(self, meta: Meta, c: list[Any]) -> s.FactFrom:
        return s.FactFrom(ruleset=_string(c[0]), quantity=str(c[1]), name=str(c[2]),
                          span=self._at(meta))

    # the tree
    def node_decl(self, meta: Meta, c: list[Any]) -> s.NodeDecl:
        label, members = _split(c[2:])
        return s.NodeDecl(kind=str(c[0]), name=str(c[1]), label=label,
                          members=tuple(members), span=self._tok(c[1]))

    def weight_attr(self, meta: Meta, c: list[Any]) -> s.Weight:
        return s.Weight(value=Fraction(str(c[0])), span=self._tok(c[0]))

    def weight_expr_attr(self, meta: Meta, c: list[Any]) -> s.WeightIs:
        return s.WeightIs(expr=c[0], span=self._at(meta))

    def na_attr(self, meta: Meta, c: list[Any]) -> s.NaPolicy:
        return s.NaPolicy(policy=str(c[0]), span=self._tok(c[0]))

    def aggregate_attr(self, meta: Meta, c: list[Any]) -> s.Aggregate:
        return s.Aggregate(how=str(c[0]), span=self._at(meta))

    def score_attr(self, meta: Meta, c: list[Any]) -> s.ScoreIs:
        return s.ScoreIs(expr=c[0], span=self._at(meta))

    def scale_attr(self, meta: Meta, c: list[Any]) -> s.ScaleRef:
        return s.ScaleRef(name=str(c[0]), span=self._tok(c[0]))

    def soal_attr(self, meta: Meta, c: list[Any]) -> s.Soal:
        return s.Soal(number=int(str(c[0])), span=self._tok(c[0]))

    def change_attr(self, meta: Meta, c: list[Any]) -> s.ChangeRule:
        return s.ChangeRule(direction=str(c[0]), span=self._tok(c[0]))

    def measured_attr(self, meta: Meta, c: list[Any]) -> s.Measured:
        return s.Measured(span=self._at(meta))

    def not_measured_attr(self, meta: Meta, c: list[Any]) -> s.Measured:
        return s.Measured(measured=False, span=self._at(meta))

    def measured_words(self, meta: Meta, c: list[Any]) -> s.Words:
        lang, text = _lang_and_text(c)
        return s.Words(kind="measured", text=text, lang=lang, span=self._at(meta))

    def numbering_words(self, meta: Meta, c: list[Any]) -> s.Words:
        lang, text = _lang_and_text(c)
        return s.Words(kind="numbering", text=text, lang=lang, span=self._at(meta))

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
        texts, rest = trailing_texts(rest)
        return s.DerivedDecl(name=str(c[0]), label=label, expr=rest[0], texts=texts,
                             span=self._tok(c[0]))

    # views
    def view_sum(self, meta: Meta, c: list[Any]) -> s.ViewSum:
        label, parts = _split(c[1:])
        texts, parts = trailing_texts(parts)
        return s.ViewSum(name=str(c[0]), label=label, parts=tuple(str(p) for p in parts),
                         texts=texts,
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

    # amendments
    def amend(self, meta: Meta, c: list[Any]) -> s.Amend:
        return s.Amend(name=str(c[0]), members=tuple(c[1:]), span=self._tok(c[0]))

    def remove(self, meta: Meta, c: list[Any]) -> s.Remove:
        return s.Remove(name=str(c[0]), span=self._tok(c[0]))

    def add_to(self, meta: Meta, c: list[Any]) -> s.AddTo:
        return s.AddTo(parent=str(c[0]), declarations=tuple(c[1:]), span=self._tok(c[0]))

    def move(self, meta: Meta, c: list[Any]) -> s.Move:
        return s.Move(name=str(c[0]), parent=str(c[1]), span=self._tok(c[0]))


def _no_decimal_comma(options: tuple[s.ScaleOption, ...], file: str) -> None:
    """`B = 0,5, C = 0` reads as option B worth 0 and option 5: say it is a decimal comma."""
    for option, after in itertools.pairwise(options):
        first, second = option.span, after.span
        if first is None or second is None or option.label is not None or option.na \
                or option.value is None or option.value.denominator != 1 or not after.numbered \
                or after.value is not None or after.label is not None \
                or (first.end_line, first.end_column + 2) != (second.line, second.column):
            continue
        whole = str(option.value.numerator)
        written = f"{whole},{after.name}"
        span = Span(first.end_line, first.end_column - len(whole) + 1, second.end_line,
                    second.end_column, file)
        raise _BadLiteral(Diagnostic(
            _("'{written}' has a decimal comma; zona writes decimals with a point: `{point}`",
              written=written, point=written.replace(",", ".")), span,
            _("Separate the options with ', ', a comma and a space."), code="syntax"))


class _Extends:
    def __init__(self, name: str) -> None:
        self.name = name


class _Range:
    """A scale's `range LO..HI` while its scale is built."""

    def __init__(self, bounds: tuple[Fraction, Fraction]) -> None:
        self.bounds = bounds


class _NotApplicable:
    """An option's `= na` while its option is built."""

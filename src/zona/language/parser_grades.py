"""The grammar's grade rules (`grade`, `level`, bands, `when`), `grade ID` in conditions and
the blocks of texts after a declaration, as syntax nodes.

A base of zona.language.parser's transformer: lark calls these methods by rule name.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from lark import Token, Transformer, v_args
from lark.tree import Meta

from zona.language import syntax as s
from zona.language.literals import meta_span, split_label, token_span
from zona.source import Span


class _End:
    """One end of a band, as the band rule receives it."""

    def __init__(self, high: bool, value: Fraction, open_: bool, span: Span | None) -> None:
        self.high, self.value, self.open, self.span = high, value, open_, span


class _When:
    def __init__(self, condition: s.Condition) -> None:
        self.condition = condition


class _Texts(list[Any]):
    """The members of a trailing `{ ... }` block of texts."""


@v_args(meta=True)
class GradeSyntax(Transformer[Token, Any]):
    """Grades, levels and bands; `grade ID` conditions; blocks of texts."""

    file: str = "<string>"

    def _at(self, meta: Meta) -> Span | None:
        return meta_span(meta, self.file)

    def _tok(self, token: Token) -> Span:
        return token_span(token, self.file)

    def grade_decl(self, meta: Meta, c: list[Any]) -> s.GradeDecl:
        label, rest = split_label(c[1:])
        by = rest.pop(0).expr if rest and isinstance(rest[0], s.GradeBy) else None
        return s.GradeDecl(name=str(c[0]), label=label, by=by, members=tuple(rest),
                           span=self._tok(c[0]))

    def grade_by(self, meta: Meta, c: list[Any]) -> s.GradeBy:
        return s.GradeBy(expr=c[0], span=self._at(meta))

    def level_decl(self, meta: Meta, c: list[Any]) -> s.LevelDecl:
        name, numbered, span = c[0]
        label, rest = split_label(c[1:])
        band = next((r for r in rest if isinstance(r, s.Band)), None)
        when = next((r.condition for r in rest if isinstance(r, _When)), None)
        texts = next((tuple(r) for r in rest if isinstance(r, _Texts)), ())
        return s.LevelDecl(name=name, numbered=numbered, label=label, band=band, when=when,
                           texts=texts, span=span)

    def level_name(self, meta: Meta, c: list[Any]) -> tuple[str, bool, Span]:
        return str(c[0]), False, self._tok(c[0])

    def level_number(self, meta: Meta, c: list[Any]) -> tuple[str, bool, Span]:
        return str(int(str(c[0]))), True, self._tok(c[0])

    def band(self, meta: Meta, c: list[_End]) -> s.Band:
        low = next((e for e in c if not e.high), None)
        high = next((e for e in c if e.high), None)
        return s.Band(low=low.value if low else None, low_open=bool(low and low.open),
                      high=high.value if high else None, high_open=bool(high and high.open),
                      span=self._at(meta), low_span=low.span if low else None,
                      high_span=high.span if high else None)

    def band_from(self, meta: Meta, c: list[Any]) -> _End:
        return _End(False, c[0], False, self._at(meta))

    def band_above(self, meta: Meta, c: list[Any]) -> _End:
        return _End(False, c[0], True, self._at(meta))

    def band_to(self, meta: Meta, c: list[Any]) -> _End:
        return _End(True, c[0], False, self._at(meta))

    def band_below(self, meta: Meta, c: list[Any]) -> _End:
        return _End(True, c[0], True, self._at(meta))

    def level_when(self, meta: Meta, c: list[Any]) -> _When:
        return _When(c[0])

    def texts_body(self, meta: Meta, c: list[Any]) -> _Texts:
        return _Texts(c)

    def grade_of(self, meta: Meta, c: list[Any]) -> s.GradeOf:
        return s.GradeOf(name=str(c[0]), span=self._tok(c[0]))


def trailing_texts(rest: list[Any]) -> tuple[tuple[Any, ...], list[Any]]:
    """The members of a trailing block of texts (empty without one) and what precedes it."""
    if rest and isinstance(rest[-1], _Texts):
        return tuple(rest[-1]), rest[:-1]
    return (), rest

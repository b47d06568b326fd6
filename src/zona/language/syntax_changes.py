"""Syntax nodes for how a plan may change an answer (`change up`, `measured`) and for the
header's words for people (`measured en "survey indices"`, `numbering "soal"`)."""

from __future__ import annotations

import attrs

from zona.language.syntax_expr import span_field
from zona.source import Span


@attrs.frozen(kw_only=True)
class ChangeRule:
    """`change free|up|down|fixed`: how a gap plan may change an answer."""

    direction: str
    span: Span | None = span_field()


@attrs.frozen(kw_only=True)
class Measured:
    """`measured` (the unit does not choose the value) or `measured no` (it does)."""

    measured: bool = True
    span: Span | None = span_field()


@attrs.frozen(kw_only=True)
class Words:
    """A header's `measured LANG? "..."` or `numbering LANG? "..."`: words for people."""

    kind: str  # "measured" or "numbering"
    text: str
    lang: str | None = None
    span: Span | None = span_field()


__all__ = ["ChangeRule", "Measured", "Words"]

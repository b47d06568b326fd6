"""`change` and `measured` (how a gap plan may change an answer) and the header's words:
their checks and what each input gets (docs/language.md, "How a plan may change an input").

A question's or input's own `change`/`measured` wins; else the nearest enclosing node's;
else the header's `change` (`measured` has no header default). Without any: `change free`,
and `measured` only for a `decimal` input (survey indices were always held unless asked).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import attrs

from zona import model as m
from zona.compiler.symbols import Table
from zona.errors import Diagnostic
from zona.i18n import _
from zona.language import syntax as s
from zona.model.changes import Change

_Own = tuple[Change | None, bool | None]


def check_changes(table: Table) -> Iterator[Diagnostic]:
    """`change` or `measured` given twice for one declaration or in the header, and a
    header word (`measured en "..."`) given twice."""
    header = table.module.header
    yield from _twice(header.attrs, None)
    seen: set[tuple[str, str | None]] = set()
    for attr in header.attrs:
        if isinstance(attr, s.Words):
            key = (attr.kind, attr.lang if attr.lang != "id" else None)
            if key in seen:
                shown = attr.kind + (f" {attr.lang}" if attr.lang else "")
                yield Diagnostic(_("'{shown}' is given twice in the ruleset header", shown=shown),
                                 attr.span,
                                 code="duplicate")
            seen.add(key)
    for decl in _declarations(table.module.declarations):
        yield from _twice(decl.members, decl.name)


def _twice(members: Iterable[Any], owner: str | None) -> Iterator[Diagnostic]:
    """A `change` or `measured` given twice for `owner` (None: in the header)."""
    for kind, word in ((s.ChangeRule, "change"), (s.Measured, "measured")):
        given = [m for m in members if isinstance(m, kind)]
        if len(given) > 1:
            yield Diagnostic(_("'{word}' is given twice in the ruleset header", word=word)
                             if owner is None else
                             _("'{word}' is given twice for '{owner}'", word=word, owner=owner),
                             given[1].span,
                             code="duplicate")


def _declarations(declarations: Iterable[Any]) -> Iterator[s.NodeDecl | s.InputDecl]:
    for decl in declarations:
        if isinstance(decl, s.NodeDecl | s.InputDecl):
            yield decl
        if isinstance(decl, s.NodeDecl):
            yield from _declarations(decl.members)


def _own(members: Iterable[Any], inherited: _Own) -> _Own:
    change, measured = inherited
    for member in members:
        if isinstance(member, s.ChangeRule):
            change = member.direction  # type: ignore[assignment]
        elif isinstance(member, s.Measured):
            measured = member.measured
    return change, measured


def declared(module: s.Module) -> dict[str, _Own]:
    """Each question's and input's `change` and `measured` (None: not declared anywhere)."""
    found: dict[str, _Own] = {}

    def walk(declarations: Iterable[Any], inherited: _Own) -> None:
        for decl in declarations:
            if isinstance(decl, s.NodeDecl | s.InputDecl):
                own = _own(decl.members, inherited)
                found[decl.name] = own
                if isinstance(decl, s.NodeDecl):
                    walk(decl.members, own)
            elif isinstance(decl, s.AddTo):  # only in a file that extends another
                walk(decl.declarations, inherited)

    walk(module.declarations, _own(module.header.attrs, (None, None)))
    return found


def with_changes(module: s.Module, inputs: Mapping[str, m.Input]) -> dict[str, m.Input]:
    """The inputs (questions included) with their `change` and `measured` decided."""
    own = declared(module)
    found = {}
    for name, spec in inputs.items():
        change, measured = own.get(name, (None, None))
        found[name] = attrs.evolve(spec, change=change or "free",
                                   measured=spec.kind == "decimal" if measured is None
                                   else measured)
    return found


def words(header: s.Header) -> m.Words:
    """The header's `measured` and `numbering` words, with the defaults for the rest."""
    given: dict[str, str] = {}
    for attr in header.attrs:
        if isinstance(attr, s.Words):
            given[attr.kind + ("_en" if attr.lang == "en" else "")] = attr.text
    return m.Words(**given)


__all__ = ["check_changes", "declared", "with_changes", "words"]

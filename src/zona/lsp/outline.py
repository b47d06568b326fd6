"""The outline of a file: its declarations as a tree (components > areas > ... > questions,
with the inputs and derived values declared inside them), then scales with their options,
facts, views, predicates and grades with their levels, and amendments."""

from __future__ import annotations

import attrs

from zona.language import syntax as s
from zona.lsp.index import Entry, Index
from zona.lsp.positions import Place, place_of
from zona.source import Span


@attrs.frozen
class Symbol:
    """One line of the outline: a name, what it is, its label, where its name is and the
    extent of its declaration, and the symbols inside it."""

    name: str
    kind: str
    detail: str | None
    place: Place
    extent: Place
    children: tuple[Symbol, ...] = ()


def outline(index: Index) -> list[Symbol]:
    """The outline of a file, in the order it is written."""
    return [_symbol(entry) for entry in index.entries]


def _symbol(entry: Entry) -> Symbol:
    decl = entry.decl
    children = [_symbol(child) for child in entry.children]
    if isinstance(decl, s.ScaleDecl):
        children += [_part(o.name, "option", o.label, o.span, entry) for o in decl.options]
    elif isinstance(decl, s.GradeDecl):
        children += [_part(v.name, "level", v.label, v.span, entry) for v in decl.levels]
    name = {"amend": f"amend {entry.name}", "remove": f"remove {entry.name}",
            "add to": f"add to {entry.name}"}.get(entry.kind, entry.name)
    if isinstance(decl, s.Move):
        name = f"move {entry.name} to {decl.parent}"
    return Symbol(name, entry.kind, entry.label, entry.place, entry.extent, tuple(children))


def _part(name: str, kind: str, label: str | None, span: Span | None, owner: Entry) -> Symbol:
    place = place_of(span) if span is not None else owner.place
    return Symbol(name, kind, label, place, place)

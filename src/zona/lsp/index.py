"""One file's declarations and the names it refers to, with where each is written.

Built from the syntax tree (zona.language.parser) of the last version of a document that
parsed. A declaration's span is its id; a reference's span is its name, except for the few
syntax nodes whose span covers more (`fact ID`, `share(ID)`, `every child of ID`, the target
of `move`), where the name is found in the text (zona.lsp.scan).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs

from zona.language import syntax as s
from zona.lsp.positions import Offsets, Place, place_of
from zona.lsp.scan import Token, Tokens, find_word
from zona.source import Span

ROUNDING_MODES = frozenset({"half_up", "half_even", "half_down"})
COMPARATORS = frozenset({"==", "!=", "<", "<=", ">", ">="})
BLOCKED = (s.NodeDecl, s.InputDecl, s.ScaleDecl, s.PredicateDecl, s.GradeDecl, s.ViewGroup,
           s.Amend, s.AddTo)
KINDS = {s.InputDecl: "input", s.DerivedDecl: "derived", s.ScaleDecl: "scale",
         s.FactDecl: "fact", s.ViewSum: "view", s.ViewGroup: "view",
         s.PredicateDecl: "predicate", s.GradeDecl: "grade", s.Amend: "amend",
         s.Remove: "remove", s.AddTo: "add to", s.Move: "move"}
AMENDMENTS = frozenset({"amend", "remove", "add to", "move"})


@attrs.frozen
class Entry:
    """A declaration as written: its id (for an amendment, the id it names), what it is (a
    node's kind, `input`, `derived`, `scale`, `fact`, `view`, `predicate`, `grade`, or an
    amendment: `amend`, `remove`, `add to`, `move`), its label, where its id is, the whole
    declaration's extent, the syntax node, and the declarations inside it."""

    name: str
    kind: str
    label: str | None
    place: Place
    extent: Place
    decl: Any = attrs.field(eq=False, repr=False)
    children: tuple[Entry, ...] = ()

    @property
    def declares(self) -> bool:
        """Whether it declares an id (an amendment names one declared elsewhere)."""
        return self.kind not in AMENDMENTS

    def walk(self) -> Iterator[Entry]:
        yield self
        for child in self.children:
            yield from child.walk()


@attrs.frozen
class Reference:
    """A name written where an id is meant, and where."""

    name: str
    place: Place


@attrs.frozen
class Index:
    """A file's header, declarations (a tree), ids declared and references made."""

    ruleset: str
    extends: str | None
    header: Place
    extends_place: Place | None
    entries: tuple[Entry, ...]
    references: tuple[Reference, ...]

    def definitions(self) -> dict[str, Entry]:
        """Every id declared in the file (the first declaration of each)."""
        found: dict[str, Entry] = {}
        for entry in self.walk():
            if entry.declares:
                found.setdefault(entry.name, entry)
        return found

    def walk(self) -> Iterator[Entry]:
        for entry in self.entries:
            yield from entry.walk()

    def names_at(self, line: int, column: int) -> str | None:
        """The id written at a position (declared or referred to), or None."""
        for entry in self.walk():
            if entry.place.contains(line, column):
                return entry.name
        for reference in self.references:
            if reference.place.contains(line, column):
                return reference.name
        return None

    def occurrences(self, name: str, declarations: bool = True) -> list[Place]:
        """Where the id is written in the file, in order: its declarations (when asked) and
        the references to it (an amendment's name is a reference)."""
        found = [e.place for e in self.walk() if e.name == name and (declarations or
                                                                      not e.declares)]
        found += [r.place for r in self.references if r.name == name]
        return sorted(set(found))


def build(module: s.Module, text: str) -> Index:
    """The index of a parsed file."""
    builder = _Builder(text)
    entries = tuple(builder.entry(d) for d in module.declarations)
    header = module.header
    head = builder.at(header.span)
    extends_place = None
    if header.extends is not None:
        token = builder.after_word(header.span, "extends")
        extends_place = builder.offsets.place(token.start, token.end) if token else None
    return Index(header.id, header.extends, head, extends_place, entries,
                 tuple(builder.references))


class _Builder:
    def __init__(self, text: str) -> None:
        self.text = text
        self.offsets = Offsets(text)
        self.tokens = Tokens(text)
        self.references: list[Reference] = []

    # --- places ----------------------------------------------------------------

    def at(self, span: Span | None) -> Place:
        return place_of(span) if span is not None else Place(0, 0, 0, 0)

    def start(self, span: Span | None) -> int:
        return self.offsets.offset(span.line - 1, span.column - 1) if span else 0

    def end(self, span: Span | None) -> int:
        return self.offsets.offset(span.end_line - 1, span.end_column) if span else 0

    def after_word(self, span: Span | None, word: str) -> Token | None:
        """The token just after the first word `word` following a span."""
        start = self.start(span)
        index = self.tokens.index_at(start)
        for position in range(index, len(self.tokens.items) - 1):
            token = self.tokens.items[position]
            if token.kind == "word" and token.text == word:
                return self.tokens.items[position + 1]
            if token.text == "{":
                return None
        return None

    def refer(self, name: str, span: Span | None, after: str | None = None,
              inside: bool = False) -> None:
        """A reference to `name`; in a wider span (`inside`), found in its text."""
        if span is None:
            return
        if inside:
            token = find_word(self.tokens, name, self.start(span), self.end(span), after)
            if token is not None:
                self.references.append(
                    Reference(name, self.offsets.place(token.start, token.end)))
                return
        self.references.append(Reference(name, place_of(span)))

    # --- declarations ----------------------------------------------------------

    def entry(self, decl: Any) -> Entry:
        kind = decl.kind if isinstance(decl, s.NodeDecl) else KINDS[type(decl)]
        name = decl.parent if isinstance(decl, s.AddTo) else decl.name
        children: list[Entry] = []
        for member in self._members(decl):
            if isinstance(member, (s.NodeDecl, s.InputDecl, s.DerivedDecl, s.ViewSum,
                                   s.ViewGroup, *BLOCKED, s.FactDecl, s.Remove, s.Move)):
                children.append(self.entry(member))
            else:
                self.member(member)
        self.own_references(decl)
        return Entry(name, kind, getattr(decl, "label", None), self.at(decl.span),
                     self.extent(decl), decl, tuple(children))

    def _members(self, decl: Any) -> tuple[Any, ...]:
        if isinstance(decl, s.AddTo):
            return decl.declarations
        if isinstance(decl, (s.NodeDecl, s.InputDecl, s.ViewGroup, s.PredicateDecl, s.Amend,
                             s.GradeDecl)):
            return tuple(decl.members)
        return ()

    def own_references(self, decl: Any) -> None:
        if isinstance(decl, (s.Amend, s.Remove)):
            self.refer(decl.name, decl.span)
        elif isinstance(decl, s.AddTo) and decl.parent != "total":
            self.refer(decl.parent, decl.span)
        elif isinstance(decl, s.Move):
            self.refer(decl.name, decl.span)
            target = self._move_target(decl)
            if target is not None and decl.parent != "total":
                self.references.append(
                    Reference(decl.parent, self.offsets.place(target.start, target.end)))
        elif isinstance(decl, s.DerivedDecl):
            self.expr(decl.expr)
        elif isinstance(decl, s.ViewSum):
            for part, span in zip(decl.parts, decl.part_spans, strict=False):
                self.refer(part, span)
        elif isinstance(decl, s.GradeDecl) and decl.by is not None:
            self.expr(decl.by)

    def member(self, member: Any) -> None:
        if isinstance(member, s.ScaleRef):
            self.refer(member.name, member.span)
        elif isinstance(member, (s.ScoreIs, s.WeightIs, s.GradeBy)):
            self.expr(member.expr)
        elif isinstance(member, s.Require):
            self.condition(member.condition)
        elif isinstance(member, s.LevelDecl) and member.when is not None:
            self.condition(member.when)

    def _move_target(self, decl: s.Move) -> Token | None:
        index = self.tokens.index_at(self.end(decl.span))
        items = self.tokens.items
        if index + 1 < len(items) and items[index].text == "to":
            return items[index + 1]
        return None

    # --- extents ---------------------------------------------------------------

    def extent(self, decl: Any) -> Place:
        first = self.tokens.index_at(self.start(decl.span))
        start = self.tokens.items[max(first - (2 if isinstance(decl, s.AddTo) else 1), 0)]
        return self.offsets.place(start.start, self._end(decl))

    def _end(self, decl: Any) -> int:
        tokens = self.tokens
        if isinstance(decl, BLOCKED):
            return self._block_end(self.end(decl.span))
        if isinstance(decl, s.FactDecl):
            end = self.end(decl.type.span) if decl.type.span else self.end(decl.span)
            return self._block_end(end) if decl.texts or decl.sources else end
        if isinstance(decl, (s.DerivedDecl, s.ViewSum)):
            last = (decl.expr.span if isinstance(decl, s.DerivedDecl)
                    else (decl.part_spans[-1] if decl.part_spans else decl.span))
            return self._block_end(self.end(last)) if decl.texts else self.end(last)
        if isinstance(decl, s.Move):
            target = self._move_target(decl)
            return target.end if target else self.end(decl.span)
        return tokens.items[tokens.index_at(self.start(decl.span))].end

    def _block_end(self, offset: int) -> int:
        opening = self.tokens.next_mark(offset, "{")
        if opening is None:
            return offset
        return self.tokens.items[self.tokens.matching(opening)].end

    # --- formulas ----------------------------------------------------------------

    def expr(self, expr: Any) -> None:
        if isinstance(expr, s.Ref):
            self.refer(expr.name, expr.span)
        elif isinstance(expr, s.FactRef):
            self.refer(expr.name, expr.span, after="fact", inside=True)
        elif isinstance(expr, s.ShareRef):
            self.refer(expr.name, expr.span, inside=True)
        elif isinstance(expr, s.Call):
            args = expr.args
            if (expr.function == "round" and len(args) == 3 and isinstance(args[2], s.Ref)
                    and args[2].name in ROUNDING_MODES):
                args = args[:2]
            for arg in args:
                self.expr(arg)
        elif isinstance(expr, (s.Negate, s.Not)):
            self.expr(expr.operand)
        elif isinstance(expr, s.If):
            for part in (expr.test, expr.then, expr.otherwise):
                self.expr(part)
        elif isinstance(expr, s.Binary):
            # `fact instansi == pemda`: the other side is a level of the fact, not an id
            level = expr.op in COMPARATORS and (isinstance(expr.left, s.FactRef)
                                                or isinstance(expr.right, s.FactRef))
            for side in (expr.left, expr.right):
                if not (level and isinstance(side, s.Ref)):
                    self.expr(side)

    def condition(self, cond: Any) -> None:
        if isinstance(cond, s.Comparison):
            quantity = cond.quantity
            self.refer(quantity.name, quantity.span)
        elif isinstance(cond, s.EveryChild):
            self.refer(cond.group, cond.span, after="of", inside=True)
        elif isinstance(cond, s.EveryUnder):
            self.refer(cond.group, cond.span, after="under", inside=True)
        elif isinstance(cond, s.PredicateRef):
            self.refer(cond.name, cond.span)
        elif isinstance(cond, (s.CondAnd, s.CondOr)):
            self.condition(cond.left)
            self.condition(cond.right)
        elif isinstance(cond, s.CondNot):
            self.condition(cond.operand)

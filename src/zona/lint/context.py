"""What every lint check reads: the compiled ruleset, this file's syntax tree, and which
spans are in this file (a ruleset that `extends` another is linted for its own text only)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from typing import Any

import attrs

from zona import model as m
from zona.language import syntax as s
from zona.model import expr as e
from zona.source import Source, Span


@attrs.define
class Context:
    """A compiled ruleset with the syntax tree of the file it was compiled from."""

    source: Source
    module: s.Module
    ruleset: m.Ruleset

    def here(self, span: Span | None) -> bool:
        """Whether a span lies in this file (not in a ruleset it extends)."""
        return span is not None and span.file in (None, self.source.name)

    @cached_property
    def declarations(self) -> dict[str, list[Any]]:
        """Every declaration and amendment of this file by name, in source order."""
        found: dict[str, list[Any]] = {}
        for decl in _walk(self.module.declarations):
            name = getattr(decl, "name", None)
            if isinstance(name, str):
                found.setdefault(name, []).append(decl)
        return found

    def syntax_expr(self, name: str, kind: type[Any]) -> s.Expr | None:
        """The expression this file writes for a node's score (kind ScoreIs), a derived
        value (DerivedDecl) or a grade's value (GradeBy): the last one written."""
        found: s.Expr | None = None
        for decl in self.declarations.get(name, []):
            if kind is s.DerivedDecl and isinstance(decl, s.DerivedDecl):
                found = decl.expr
            elif kind is s.GradeBy and isinstance(decl, s.GradeDecl) and decl.by is not None:
                found = decl.by
            elif isinstance(decl, s.NodeDecl | s.Amend):
                for member in decl.members:
                    if isinstance(member, kind):
                        found = member.expr
        return found

    def expressions(self) -> Iterator[tuple[str, e.Expr, s.Expr | None]]:
        """Every compiled expression (scores, derived values, grades' values) with the
        expression this file writes for it, if any."""
        for node in self.ruleset.nodes.values():
            if node.expr is not None:
                yield node.name, node.expr, self.syntax_expr(node.name, s.ScoreIs)
        for derived in self.ruleset.derived:
            yield derived.name, derived.expr, self.syntax_expr(derived.name, s.DerivedDecl)
        for grade in self.ruleset.grades:
            if grade.value is not None:
                yield grade.name, grade.value, self.syntax_expr(grade.name, s.GradeBy)


def _walk(declarations: tuple[Any, ...]) -> Iterator[Any]:
    for decl in declarations:
        yield decl
        if isinstance(decl, s.AddTo):
            yield from _walk(decl.declarations)
        elif isinstance(decl, s.NodeDecl | s.ViewGroup):
            yield from _walk(tuple(decl.members))


def conditions(condition: m.Condition) -> Iterator[m.Condition]:
    """A condition and every condition inside it."""
    yield condition
    if isinstance(condition, m.AllOf | m.AnyOf):
        for part in condition.parts:
            yield from conditions(part)
    elif isinstance(condition, m.NoneOf):
        yield from conditions(condition.part)


def every_condition(ruleset: m.Ruleset) -> Iterator[m.Condition]:
    """Every condition of the predicates and of the grades' levels."""
    for predicate in ruleset.predicates:
        for top in predicate.conditions:
            yield from conditions(top)
    for grade in ruleset.grades:
        for level in grade.levels:
            if level.when is not None:
                yield from conditions(level.when)


def subexpressions(expr: Any) -> Iterator[Any]:
    """A syntax or model expression and everything inside it, parents first."""
    yield expr
    if not attrs.has(type(expr)):
        return
    for field in attrs.fields(type(expr)):
        value = getattr(expr, field.name)
        for item in value if isinstance(value, tuple) else (value,):
            if attrs.has(type(item)) and not isinstance(item, Span):
                yield from subexpressions(item)


__all__ = ["Context", "conditions", "every_condition", "subexpressions"]

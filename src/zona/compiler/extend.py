"""`extends`: merge a ruleset into the one it extends by applying its amendments.

Works on syntax trees, before checking, so the merged ruleset is checked like
any other: weights must still sum, and a removed node may not still be used.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

from zona.errors import Diagnostic, did_you_mean
from zona.i18n import _
from zona.language import syntax as s
from zona.source import Span

# Members an amendment may change, per declaration kind.
_SINGULAR = (s.Weight, s.Aggregate, s.ScoreIs, s.ScaleRef, s.Soal, s.MissingPolicy, s.NaPolicy,
             s.WeightIs, s.ChangeRule, s.Measured)
_INPUT_TYPES = (s.CountType, s.DecimalType, s.ScaleRef)
_HEADER_SINGULAR = (s.Regulation, s.Effective, s.Maximum, s.MissingPolicy, s.Assessors,
                    s.NaPolicy, s.ChangeRule)
_WORDS = {s.Weight: "weight", s.Aggregate: "aggregate", s.ScoreIs: "score", s.ScaleRef: "scale",
          s.Soal: "soal", s.MissingPolicy: "missing", s.Require: "require", s.Text: "text",
          s.CountType: "count", s.DecimalType: "decimal", s.Assumed: "assumed",
          s.LevelDecl: "level", s.GradeBy: "by", s.NaPolicy: "na", s.WeightIs: "weight",
          s.ChangeRule: "change", s.Measured: "measured"}


def merge(base: s.Module, child: s.Module) -> tuple[s.Module, list[Diagnostic]]:
    """The base ruleset with the child's header, amendments and new declarations applied."""
    problems: list[Diagnostic] = []
    declarations: list[Any] = list(base.declarations)
    for decl in child.declarations:
        if isinstance(decl, s.Amend):
            declarations = _amend(declarations, decl, problems)
        elif isinstance(decl, s.Remove):
            declarations = _change(declarations, decl.name, lambda _: None, decl.span, problems)
        elif isinstance(decl, s.Move):
            declarations = _move(declarations, decl, problems)
        elif isinstance(decl, s.AddTo):
            declarations = _add(declarations, decl.parent, list(decl.declarations), decl.span,
                                problems)
        else:
            declarations.append(decl)
    header = s.Header(id=child.header.id, extends=child.header.extends,
                      attrs=_header_attrs(base.header.attrs, child.header.attrs),
                      span=child.header.span)
    return s.Module(header=header, declarations=tuple(declarations), span=child.span), problems


def _header_attrs(base: tuple[s.HeaderAttr, ...],
                  child: tuple[s.HeaderAttr, ...]) -> tuple[s.HeaderAttr, ...]:
    def key(attr: s.HeaderAttr) -> object:
        if isinstance(attr, s.Title):
            return s.Title  # a new title makes every title of the base stale
        if isinstance(attr, _HEADER_SINGULAR):
            return type(attr)
        if isinstance(attr, s.Words):  # `measured en "..."` replaces the base's English one
            return (attr.kind, attr.lang if attr.lang != "id" else None)
        return None

    replaced = {key(a) for a in child if key(a) is not None}
    kept = [a for a in base if key(a) is None or key(a) not in replaced]
    # the base's assumptions, citations and notes describe the base, not this ruleset
    kept = [a for a in kept if not isinstance(a, s.Text | s.Assumed)]
    return (*kept, *child)


def names(declarations: list[Any]) -> list[str]:
    """Every declared name in a declaration list, nested ones included."""
    found: list[str] = []
    for decl in declarations:
        name = getattr(decl, "name", None)
        if isinstance(name, str) and not isinstance(decl, s.Amend | s.Remove | s.Move):
            found.append(name)
        if isinstance(decl, s.NodeDecl | s.ViewGroup):
            found.extend(names(list(decl.members)))
    return found


def _change(declarations: list[Any], name: str, change: Callable[[Any], Any | None],
            span: Span | None, problems: list[Diagnostic]) -> list[Any]:
    """Replace (or, when change returns None, remove) the declaration called name."""
    found, result = _replace(declarations, name, change)
    if not found:
        problems.append(Diagnostic(
            _("'{name}' is not declared in the ruleset this one extends", name=name), span,
            did_you_mean(name, names(declarations)), code="extends"))
    return result


def _replace(declarations: list[Any], name: str,
             change: Callable[[Any], Any | None]) -> tuple[bool, list[Any]]:
    result: list[Any] = []
    found = False
    for decl in declarations:
        if not found and getattr(decl, "name", None) == name and not isinstance(
                decl, s.Amend | s.Remove | s.Move):
            found = True
            changed = change(decl)
            if changed is not None:
                result.append(changed)
            continue
        if not found and isinstance(decl, s.NodeDecl | s.ViewGroup):
            inner_found, members = _replace(list(decl.members), name, change)
            if inner_found:
                found = True
                decl = _with_members(decl, tuple(members))
        result.append(decl)
    return found, result


def _with_members(decl: Any, members: tuple[Any, ...]) -> Any:
    return attrs.evolve(decl, members=members)


def _find(declarations: list[Any], name: str) -> Any | None:
    holder: list[Any] = []

    def keep(decl: Any) -> Any:
        holder.append(decl)
        return decl

    _replace(declarations, name, keep)
    return holder[0] if holder else None


def _move(declarations: list[Any], move: s.Move, problems: list[Diagnostic]) -> list[Any]:
    moving = _find(declarations, move.name)
    if moving is None:
        return _change(declarations, move.name, lambda d: d, move.span, problems)
    if move.parent != "total" and _find([moving], move.parent) is not None:
        problems.append(Diagnostic(_("cannot move '{move}' into itself", move=move.name), move.span,
                                   code="extends"))
        return declarations
    without = _change(declarations, move.name, lambda _: None, move.span, problems)
    return _add(without, move.parent, [moving], move.span, problems)


def _add(declarations: list[Any], parent: str, new: list[Any], span: Span | None,
         problems: list[Diagnostic]) -> list[Any]:
    if parent == "total":
        return [*declarations, *new]

    def append(decl: Any) -> Any:
        if not isinstance(decl, s.NodeDecl | s.ViewGroup):
            problems.append(Diagnostic(_("'{parent}' is not a node or view group, so nothing can "
                                         "be added to it", parent=parent), span, code="extends"))
            return decl
        return _with_members(decl, (*decl.members, *new))

    return _change(declarations, parent, append, span, problems)


def _amend(declarations: list[Any], amend: s.Amend, problems: list[Diagnostic]) -> list[Any]:
    def apply(decl: Any) -> Any:
        if isinstance(decl, s.NodeDecl | s.InputDecl | s.PredicateDecl | s.GradeDecl):
            return _amended(decl, amend, problems)
        problems.append(Diagnostic(
            _("'{amend}' cannot be amended: only nodes, inputs, predicates and grades can (to "
              "change a {kind}, remove it and declare it again)", amend=amend.name,
              kind=type(decl).__name__.removesuffix("Decl").lower()), amend.span,
            code="extends"))
        return decl

    return _change(declarations, amend.name, apply, amend.span, problems)


def _allowed(decl: Any) -> tuple[type, ...]:
    if isinstance(decl, s.NodeDecl):
        return (*_SINGULAR, s.Text, s.Assumed)
    if isinstance(decl, s.InputDecl):
        return (*_INPUT_TYPES, s.Soal, s.Text, s.ChangeRule, s.Measured)
    if isinstance(decl, s.GradeDecl):  # `level` lines replace all the base's; `by` replaces
        return (s.GradeBy, s.LevelDecl, s.Text, s.Assumed)
    return (s.Require, s.Text)


def _amended(decl: Any, amend: s.Amend, problems: list[Diagnostic]) -> Any:
    members = list(decl.members)
    label = decl.label
    replaced: set[type] = set()  # `require` and `level` lines replace all the base's
    by = {"by": decl.by} if isinstance(decl, s.GradeDecl) else {}
    for change in amend.members:
        if not isinstance(change, _allowed(decl)):
            what = _WORDS.get(type(change), type(change).__name__.lower())
            problems.append(Diagnostic(_("'{what}' cannot amend '{decl}'", what=what,
                                         decl=decl.name), change.span,
                                       code="extends"))
        elif isinstance(change, s.Text) and change.kind == "label" and change.lang in (None, "id"):
            label = change.text
        elif isinstance(change, s.Text) and change.kind in ("label", "criteria"):
            members = [m for m in members if not (isinstance(m, s.Text) and m.kind == change.kind
                                                  and m.lang == change.lang)] + [change]
        elif isinstance(change, s.Require | s.LevelDecl):
            if type(change) not in replaced:
                members = [m for m in members if not isinstance(m, type(change))]
                replaced.add(type(change))
            members.append(change)
        elif isinstance(change, s.GradeBy):
            by["by"] = change.expr
        elif isinstance(decl, s.InputDecl) and isinstance(change, _INPUT_TYPES):
            members = [m for m in members if not isinstance(m, _INPUT_TYPES)] + [change]
        elif isinstance(change, _SINGULAR):  # `weight N` and `weight = EXPR` replace each other
            kinds = (s.Weight, s.WeightIs) if isinstance(change, s.Weight | s.WeightIs) \
                else (type(change),)
            members = [m for m in members if type(m) not in kinds] + [change]
        else:
            members.append(change)
    return attrs.evolve(decl, label=label, members=tuple(members), **by)

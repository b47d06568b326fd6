"""Collect a module's declarations into one table of names (the compiler's first pass)."""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from typing import Any

import attrs

from zona.errors import Diagnostic
from zona.i18n import _
from zona.language import syntax as s
from zona.model import NaPolicy, Policy, Texts

RESERVED = ("total",)
# Words that begin or end an expression or condition: as ids they could not be referred to.
KEYWORDS = ("if", "then", "else", "not", "and", "or", "fact", "predicate", "every", "share",
            "yes", "no", "grade")


@attrs.define
class NodeInfo:
    """One tree node's declaration with its singular attributes pulled out."""

    decl: s.NodeDecl
    parent: str | None
    missing: Policy
    children: list[str] = attrs.Factory(list)
    complete: bool = True  # False when a child was rejected (duplicate or reserved id)
    weight: s.Weight | s.WeightIs | None = None
    na: NaPolicy = "reweight"  # its own `na`, or its parent's
    aggregate: s.Aggregate | None = None
    score: s.ScoreIs | None = None
    scale: s.ScaleRef | None = None
    soal: s.Soal | None = None
    texts: Texts = Texts()


@attrs.define
class InputInfo:
    decl: s.InputDecl
    missing: Policy
    na: NaPolicy = "reweight"
    kind: s.CountType | s.DecimalType | s.ScaleRef | None = None
    soal: s.Soal | None = None
    texts: Texts = Texts()


@attrs.define
class Table:
    """Every declared name, by kind, in declaration order."""

    module: s.Module
    default_missing: Policy
    kinds: dict[str, str] = attrs.Factory(dict)
    spans: dict[str, Any] = attrs.Factory(dict)
    nodes: dict[str, NodeInfo] = attrs.Factory(dict)
    top: list[str] = attrs.Factory(list)
    inputs: dict[str, InputInfo] = attrs.Factory(dict)
    derived: dict[str, s.DerivedDecl] = attrs.Factory(dict)
    scales: dict[str, s.ScaleDecl] = attrs.Factory(dict)
    facts: dict[str, s.FactDecl] = attrs.Factory(dict)
    views: dict[str, s.ViewSum | s.ViewGroup] = attrs.Factory(dict)
    top_views: list[str] = attrs.Factory(list)
    view_children: dict[str, list[str]] = attrs.Factory(dict)
    complete: bool = True  # False when a top-level node was rejected
    predicates: dict[str, s.PredicateDecl] = attrs.Factory(dict)
    grades: dict[str, s.GradeDecl] = attrs.Factory(dict)
    diagnostics: list[Diagnostic] = attrs.Factory(list)
    default_na: NaPolicy = "reweight"
    #: the value of each `weight = EXPR` for the combination of facts being checked
    weights: dict[str, Fraction] = attrs.Factory(dict)

    def declare(self, name: str, kind: str, decl: Any) -> bool:
        """Record a name; report a duplicate or a reserved word and return False."""
        span = getattr(decl, "span", None)
        if name in RESERVED:
            self.diagnostics.append(Diagnostic(
                _("'{name}' is reserved for the whole ruleset's score; choose another id",
                  name=name), span,
                code="reserved"))
            return False
        if name in KEYWORDS:
            self.diagnostics.append(Diagnostic(
                _("'{name}' is a keyword and cannot be used as an id", name=name), span,
                code="reserved"))
            return False
        if name in self.kinds:
            first = self.spans.get(name)
            kind_said = a_kind(self.kinds[name])
            message = _("duplicate id '{name}': already declared as {a_kind} (line {line})",
                        name=name, a_kind=kind_said, line=first.line) if first is not None \
                else _("duplicate id '{name}': already declared as {a_kind}", name=name,
                       a_kind=kind_said)
            self.diagnostics.append(Diagnostic(message, span, code="duplicate"))
            return False
        self.kinds[name] = kind
        self.spans[name] = span
        return True

    def names_of(self, *kinds: str) -> list[str]:
        return [n for n, k in self.kinds.items() if k in kinds]


def a_kind(kind: str) -> str:
    """`a question`, `an input`: a kind of declaration with its article (Indonesian has
    none)."""
    return _("an {kind}", kind=kind) if kind[:1] in tuple("aeiou") else _("a {kind}", kind=kind)


def texts(label: str | None, members: Iterable[Any], where: str,
          diagnostics: list[Diagnostic]) -> Texts:
    """Gather labels, criteria, citations, notes and assumptions from members."""
    found: dict[str, Any] = {"label": label, "label_en": None, "criteria": None,
                             "criteria_en": None}
    cites: list[str] = []
    notes: list[str] = []
    assumptions: list[str] = []
    for member in members:
        if isinstance(member, s.Assumed):
            assumptions.append(member.text)
        elif isinstance(member, s.Text):
            if member.kind == "cite":
                cites.append(member.text)
            elif member.kind == "note":
                notes.append(member.text)
            else:
                key = member.kind + ("_en" if member.lang == "en" else "")
                if found[key] is not None:
                    shown = member.kind + (f" {member.lang}" if member.lang else "")
                    diagnostics.append(Diagnostic(
                        _("'{shown}' is given twice for '{where}'", shown=shown, where=where),
                        member.span, code="duplicate"))
                found[key] = member.text
    return Texts(cites=tuple(cites), notes=tuple(notes), assumptions=tuple(assumptions),
                 **found)


_SINGULAR = {s.Weight: "weight", s.WeightIs: "weight", s.Aggregate: "aggregate",
             s.ScoreIs: "score", s.ScaleRef: "scale", s.Soal: "soal"}


def collect(module: s.Module) -> Table:
    """Build the table of names, reporting duplicates."""
    default: Policy = "exclude"
    default_na: NaPolicy = "reweight"
    for attr in module.header.attrs:
        if isinstance(attr, s.MissingPolicy):
            default = attr.policy  # type: ignore[assignment]
        elif isinstance(attr, s.NaPolicy):
            default_na = attr.policy  # type: ignore[assignment]
    table = Table(module=module, default_missing=default, default_na=default_na)
    for decl in module.declarations:
        _collect(table, decl, parent=None, missing=default, na=default_na)
    return table


def _collect(table: Table, decl: Any, parent: str | None, missing: Policy,
             na: NaPolicy = "reweight") -> None:
    if isinstance(decl, s.NodeDecl):
        _collect_node(table, decl, parent, missing, na)
    elif isinstance(decl, s.InputDecl):
        _collect_input(table, decl, missing, na)
    elif isinstance(decl, s.DerivedDecl):
        if table.declare(decl.name, "derived value", decl):
            table.derived[decl.name] = decl
    elif isinstance(decl, s.ScaleDecl):
        if table.declare(decl.name, "scale", decl):
            table.scales[decl.name] = decl
    elif isinstance(decl, s.FactDecl):
        if table.declare(decl.name, "fact", decl):
            table.facts[decl.name] = decl
    elif isinstance(decl, s.ViewSum | s.ViewGroup):
        _collect_view(table, decl, top=True)
    elif isinstance(decl, s.PredicateDecl) and table.declare(decl.name, "predicate", decl):
        table.predicates[decl.name] = decl
    elif isinstance(decl, s.GradeDecl) and table.declare(decl.name, "grade", decl):
        table.grades[decl.name] = decl
    # amendments are handled by the compiler's `extends` step


def _collect_node(table: Table, decl: s.NodeDecl, parent: str | None, missing: Policy,
                  na: NaPolicy = "reweight") -> bool:
    """Record a node and everything inside it; False if its id could not be declared."""
    own = [m for m in decl.members if isinstance(m, s.MissingPolicy)]
    policy: Policy = own[0].policy if own else missing  # type: ignore[assignment]
    own_na = [m for m in decl.members if isinstance(m, s.NaPolicy)]
    na = own_na[0].policy if own_na else na  # type: ignore[assignment]
    info = NodeInfo(decl=decl, parent=parent, missing=policy, na=na)
    declared = table.declare(decl.name, "node", decl)
    for member in decl.members:
        for kind, word in _SINGULAR.items():
            if isinstance(member, kind):
                if getattr(info, word) is not None:
                    table.diagnostics.append(Diagnostic(
                        _("'{word}' is given twice for '{decl}'", word=word, decl=decl.name),
                        member.span,
                        code="duplicate"))
                setattr(info, word, member)
        if isinstance(member, s.NodeDecl):
            if _collect_node(table, member, decl.name, policy, na):
                info.children.append(member.name)
            else:
                info.complete = False
        elif isinstance(member, s.InputDecl | s.DerivedDecl):
            _collect(table, member, decl.name, policy, na)
    for word, given in (("missing", own), ("na", own_na)):
        if len(given) > 1:
            table.diagnostics.append(Diagnostic(
                _("'{word}' is given twice for '{decl}'", word=word, decl=decl.name),
                given[1].span, code="duplicate"))
    info.texts = texts(decl.label, decl.members, decl.name, table.diagnostics)
    if not declared:
        if parent is None:
            table.complete = False
        return False
    table.nodes[decl.name] = info
    if parent is None:
        table.top.append(decl.name)
    return True


def _collect_input(table: Table, decl: s.InputDecl, missing: Policy,
                   na: NaPolicy = "reweight") -> None:
    info = InputInfo(decl=decl, missing=missing, na=na)
    for member in decl.members:
        if isinstance(member, s.CountType | s.DecimalType | s.ScaleRef):
            if info.kind is not None:
                table.diagnostics.append(Diagnostic(
                    _("input '{decl}' has more than one type; give one of count, decimal "
                      "LOW..HIGH or scale NAME", decl=decl.name), member.span, code="input-type"))
            info.kind = member
        elif isinstance(member, s.Soal):
            if info.soal is not None:
                table.diagnostics.append(Diagnostic(
                    _("'soal' is given twice for '{decl}'", decl=decl.name), member.span,
                    code="duplicate"))
            info.soal = member
    info.texts = texts(decl.label, decl.members, decl.name, table.diagnostics)
    if table.declare(decl.name, "input", decl):
        table.inputs[decl.name] = info


def _collect_view(table: Table, decl: s.ViewSum | s.ViewGroup, top: bool) -> bool:
    if not table.declare(decl.name, "view", decl):
        return False
    table.views[decl.name] = decl
    if top:
        table.top_views.append(decl.name)
    if isinstance(decl, s.ViewGroup):
        children = table.view_children.setdefault(decl.name, [])
        for member in decl.members:
            if isinstance(member, s.ViewSum | s.ViewGroup) and _collect_view(
                    table, member, top=False):
                children.append(member.name)
    return True

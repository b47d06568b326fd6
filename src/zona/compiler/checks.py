"""Semantic checks on declarations: one small function per rule, each yielding diagnostics.

Checks that need resolved expressions (unknown names, types, division, cycles,
predicate thresholds) live with the resolver in zona.compiler.resolve.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from fractions import Fraction

from zona.compiler.symbols import NodeInfo, Table, texts
from zona.errors import Diagnostic, did_you_mean
from zona.language import syntax as s
from zona.numtext import exact_text
from zona.source import Span

Check = Callable[[Table], Iterator[Diagnostic]]
LEAF_KINDS = ("question", "item")


def unknown(what: str, name: str, span: Span | None, candidates: Iterable[str]) -> Diagnostic:
    """`unknown scale 'abcd'. Did you mean 'ABCD'?`"""
    return Diagnostic(f"unknown {what} '{name}'", span, did_you_mean(name, candidates),
                      code="unknown")


def node_maximum(table: Table, name: str) -> Fraction:
    """A node's maximum: its weight, or 1 when it has none."""
    info = table.nodes[name]
    return info.weight.value if info.weight is not None else Fraction(1)


def aggregation(info: NodeInfo, table: Table) -> str:
    """How a node combines its children: choice, expr, mean or sum."""
    if info.decl.kind == "question":
        return "choice"
    if info.score is not None or info.decl.kind == "item":
        return "expr"
    if info.aggregate is not None:
        return info.aggregate.how
    children = [table.nodes[c] for c in info.children]
    if children and all(c.weight is not None for c in children):
        return "sum"
    return "mean"


def check_header(table: Table) -> Iterator[Diagnostic]:
    seen: dict[str, s.HeaderAttr] = {}
    for attr in table.module.header.attrs:
        if isinstance(attr, s.Text | s.Assumed):
            continue
        key = type(attr).__name__ + (f" {attr.lang}" if isinstance(attr, s.Title) else "")
        if key in seen:
            word = {"Title": "title", "Regulation": "regulation", "Effective": "effective",
                    "Maximum": "maximum", "MissingPolicy": "missing",
                    "Assessors": "assessors"}[type(attr).__name__]
            yield Diagnostic(f"'{word}' is given twice in the ruleset header", attr.span,
                             code="duplicate")
        seen[key] = attr
        if isinstance(attr, s.Assessors) and len(set(attr.names)) != len(attr.names):
            yield Diagnostic("'assessors' names an assessor twice", attr.span, code="duplicate")
        if isinstance(attr, s.Effective) and attr.end is not None and attr.end < attr.start:
            yield Diagnostic(f"the effective period ends ({attr.end}) before it starts "
                             f"({attr.start})", attr.span, code="effective")
        if isinstance(attr, s.Maximum) and table.complete:
            total = sum((node_maximum(table, n) for n in table.top), Fraction(0))
            if total != attr.value:
                yield Diagnostic(
                    f"the top-level weights sum to {exact_text(total)}, not the ruleset's "
                    f"maximum {exact_text(attr.value)}", attr.span, code="weights")


def check_scales(table: Table) -> Iterator[Diagnostic]:
    for scale in table.scales.values():
        seen: set[str] = set()
        for option in scale.options:
            if option.name in seen:
                yield Diagnostic(f"scale '{scale.name}' lists option '{option.name}' twice",
                                 option.span, code="duplicate")
            seen.add(option.name)
            if option.value > 1:
                yield Diagnostic(f"option '{option.name}' of scale '{scale.name}' is worth "
                                 f"{exact_text(option.value)}; scale values lie in 0..1",
                                 option.span, code="scale-value")


def check_node_shapes(table: Table) -> Iterator[Diagnostic]:
    for name, info in table.nodes.items():
        kind, span = info.decl.kind, info.decl.span
        if kind in LEAF_KINDS and info.children:
            yield Diagnostic(f"{kind} '{name}' cannot contain other nodes", span, code="shape")
        if kind == "question":
            if info.scale is None:
                yield Diagnostic(f"question '{name}' needs a scale (scale NAME)", span,
                                 code="shape")
            elif info.scale.name not in table.scales:
                yield unknown("scale", info.scale.name, info.scale.span, table.scales)
            for attr in (info.score, info.aggregate):
                if attr is not None:
                    yield Diagnostic(f"question '{name}' is scored by its scale; remove "
                                     f"this", attr.span, code="shape")
        else:
            if info.scale is not None:
                yield Diagnostic(f"only a question or an input takes a scale; '{name}' is "
                                 f"{'an' if kind[0] in 'aeiou' else 'a'} {kind}",
                                 info.scale.span, code="shape")
            if info.soal is not None:
                yield Diagnostic(f"only a question or an input has a soal number; '{name}' is "
                                 f"{'an' if kind[0] in 'aeiou' else 'a'} {kind}",
                                 info.soal.span, code="shape")
        if kind == "item" and info.score is None:
            yield Diagnostic(f"item '{name}' needs a score (score = EXPRESSION)", span,
                             code="shape")
        written = any(isinstance(m, s.NodeDecl) for m in info.decl.members)
        if kind not in LEAF_KINDS and not written and info.score is None:
            yield Diagnostic(f"{kind} '{name}' has no children and no score", span,
                             code="shape")
        if info.score is not None and info.aggregate is not None:
            yield Diagnostic(f"'{name}' has both 'aggregate' and 'score'; keep one",
                             info.aggregate.span, code="shape")
        if info.weight is not None and info.weight.value <= 0:
            yield Diagnostic(f"the weight of '{name}' must be above 0", info.weight.span,
                             code="weights")


def check_weights(table: Table) -> Iterator[Diagnostic]:
    for name, info in table.nodes.items():
        if (not info.children or info.score is not None or info.decl.kind in LEAF_KINDS
                or not info.complete):
            continue
        children = [table.nodes[c] for c in info.children]
        weighted = [c for c in children if c.weight is not None]
        how = aggregation(info, table)
        if how == "mean":
            if info.aggregate is None and weighted:
                yield Diagnostic(
                    f"some children of '{name}' have weights and some do not; give every "
                    f"child a weight (sum) or none ('aggregate mean')",
                    children[0].decl.span, code="weights")
                continue
            for child in weighted:
                yield Diagnostic(
                    f"'{child.decl.name}' has a weight, but '{name}' takes the mean of its "
                    f"children, so the weight would be ignored", child.weight.span
                    if child.weight else child.decl.span, code="weights")
            continue
        for child in children:
            if child.weight is None:
                yield Diagnostic(f"'{child.decl.name}' needs a weight: its parent '{name}' "
                                 f"sums its children's scores", child.decl.span, code="weights")
        if len(weighted) == len(children):
            total = sum((c.weight.value for c in weighted if c.weight), Fraction(0))
            expected = node_maximum(table, name)
            if total != expected:
                span = info.weight.span if info.weight else info.decl.span
                yield Diagnostic(
                    f"the weights of the children of '{name}' sum to {exact_text(total)}, "
                    f"not its weight {exact_text(expected)}", span, code="weights")


def check_inputs(table: Table) -> Iterator[Diagnostic]:
    for name, info in table.inputs.items():
        if info.kind is None:
            yield Diagnostic(f"input '{name}' needs a type: count, decimal LOW..HIGH or "
                             f"scale NAME", info.decl.span, code="input-type")
        elif isinstance(info.kind, s.ScaleRef) and info.kind.name not in table.scales:
            yield unknown("scale", info.kind.name, info.kind.span, table.scales)
        elif isinstance(info.kind, s.DecimalType) and info.kind.low >= info.kind.high:
            yield Diagnostic(f"the range of '{name}' is empty: "
                             f"{exact_text(info.kind.low)}..{exact_text(info.kind.high)}",
                             info.kind.span, code="range")


def check_soal(table: Table) -> Iterator[Diagnostic]:
    seen: dict[int, str] = {}
    numbered = [(n, i.soal) for n, i in table.nodes.items()]
    numbered += [(n, i.soal) for n, i in table.inputs.items()]
    for name, soal in numbered:
        if soal is None:
            continue
        if soal.number in seen:
            yield Diagnostic(f"soal {soal.number} is given to both '{seen[soal.number]}' and "
                             f"'{name}'", soal.span, code="duplicate")
        seen.setdefault(soal.number, name)


def check_facts(table: Table) -> Iterator[Diagnostic]:
    for name, fact in table.facts.items():
        if isinstance(fact.type, s.LevelsType):
            if len(set(fact.type.levels)) != len(fact.type.levels):
                yield Diagnostic(f"fact '{name}' lists a level twice", fact.type.span,
                                 code="duplicate")
        elif (isinstance(fact.type, s.NumberType) and fact.type.low is not None
              and fact.type.high is not None and fact.type.low >= fact.type.high):
            yield Diagnostic(f"the range of fact '{name}' is empty", fact.type.span,
                             code="range")


def check_views(table: Table) -> Iterator[Diagnostic]:
    for view in table.views.values():
        if isinstance(view, s.ViewSum):
            spans = view.part_spans or (view.span,) * len(view.parts)
            for part, span in zip(view.parts, spans, strict=False):
                if part not in table.nodes:
                    yield unknown("node", part, span, table.nodes)
        elif not any(isinstance(m, s.ViewSum | s.ViewGroup) for m in view.members):
            yield Diagnostic(f"view '{view.name}' groups nothing", view.span, code="shape")


def check_texts(table: Table) -> Iterator[Diagnostic]:
    """Texts given twice, and texts the header cannot have."""
    found: list[Diagnostic] = []
    for attr in table.module.header.attrs:
        if isinstance(attr, s.Text) and attr.kind in ("label", "criteria"):
            found.append(Diagnostic(f"the ruleset header takes 'title' (and 'title en'), not "
                                    f"'{attr.kind}'", attr.span, code="shape"))
    for fact in table.facts.values():
        texts(fact.label, fact.texts, fact.name, found)
    for view in table.views.values():
        if isinstance(view, s.ViewGroup):
            texts(view.label, view.members, view.name, found)
    for predicate in table.predicates.values():
        texts(predicate.label, predicate.members, predicate.name, found)
    yield from found


def check_amendments(table: Table) -> Iterator[Diagnostic]:
    if table.module.header.extends is not None:
        return
    for decl in table.module.declarations:
        if isinstance(decl, s.Amend | s.Remove | s.AddTo | s.Move):
            word = type(decl).__name__.lower().replace("addto", "add to")
            yield Diagnostic(f"'{word}' changes a ruleset this one extends, but this ruleset "
                             f"extends none; add `extends \"NAME\"` to its header", decl.span,
                             code="extends")


CHECKS: tuple[Check, ...] = (
    check_header,
    check_scales,
    check_node_shapes,
    check_weights,
    check_inputs,
    check_soal,
    check_facts,
    check_views,
    check_texts,
    check_amendments,
)

"""Semantic checks on declarations: one small function per rule, each yielding diagnostics.

Checks that need resolved expressions (unknown names, types, division, cycles,
predicate thresholds) live with the resolver in zona.compiler.resolve.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from fractions import Fraction

from zona.compiler.changes import check_changes
from zona.compiler.symbols import NodeInfo, Table, a_kind, texts
from zona.errors import Diagnostic, did_you_mean
from zona.i18n import N_, _
from zona.language import syntax as s
from zona.model.chaining import kind_problem
from zona.numtext import exact_text
from zona.source import Span

Check = Callable[[Table], Iterator[Diagnostic]]
LEAF_KINDS = ("question", "item")


def unknown(what: str, name: str, span: Span | None, candidates: Iterable[str]) -> Diagnostic:
    """`unknown scale 'abcd'. Did you mean 'ABCD'?`"""
    return Diagnostic(_(_UNKNOWN[what], name=name), span, did_you_mean(name, candidates),
                      code="unknown")


_UNKNOWN = {
    "scale": N_("unknown scale '{name}'"),
    "node": N_("unknown node '{name}'"),
    "grade": N_("unknown grade '{name}'"),
    "fact": N_("unknown fact '{name}'"),
    "node or view": N_("unknown node or view '{name}'"),
    "name": N_("unknown name '{name}'"),
    "predicate": N_("unknown predicate '{name}'"),
}


def node_maximum(table: Table, name: str) -> Fraction:
    """A node's maximum: its parent's under a weighted mean, else its weight, else the top
    of its scale's range for a question, else 1."""
    info = table.nodes[name]
    parent = table.nodes.get(info.parent) if info.parent is not None else None
    if parent is not None and aggregation(parent, table) == "weighted":
        return node_maximum(table, parent.decl.name)
    weight = weight_value(table, info)
    if weight is not None:
        return weight
    if info.decl.kind == "question" and info.scale is not None \
            and info.scale.name in table.scales:
        return scale_range(table.scales[info.scale.name])[1]
    return Fraction(1)


def weight_value(table: Table, info: NodeInfo) -> Fraction | None:
    """A node's weight (for `weight = EXPR`, its value for the facts being checked)."""
    if isinstance(info.weight, s.WeightIs):
        if info.decl.name in table.weights:
            return table.weights[info.decl.name]
        # A weight that could not be resolved (reported where it is written) stands in as
        # its children's sum, so that the maxima above it are not reported wrong as well.
        below = [weight_value(table, table.nodes[c]) for c in info.children]
        known = [w for w in below if w is not None]
        return sum(known, Fraction(0)) if below and len(known) == len(below) else Fraction(1)
    return info.weight.value if info.weight is not None else None


def weight_failed(table: Table, info: NodeInfo) -> bool:
    """A `weight = EXPR` that could not be resolved (reported where it is written): sums
    that count it are not checked, so the one mistake is not reported again as a sum."""
    return isinstance(info.weight, s.WeightIs) and info.decl.name not in table.weights


def scale_range(scale: s.ScaleDecl) -> tuple[Fraction, Fraction]:
    """A scale's `range LOW..HIGH`, 0..1 when it has none."""
    return scale.range if scale.range is not None else (Fraction(0), Fraction(1))


def option_value(option: s.ScaleOption) -> Fraction | None:
    """An option's value: as written, or a numbered option's number; None for `na`."""
    if option.na:
        return None
    if option.value is None:
        return Fraction(int(option.name))
    return option.value


def option_name(option: s.ScaleOption) -> str:
    """An option's name: a numbered option's is its number without leading zeros."""
    return str(int(option.name)) if option.numbered else option.name


def aggregation(info: NodeInfo, table: Table) -> str:
    """How a node combines its children: choice, expr, mean, weighted or sum."""
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
        if isinstance(attr, s.Text | s.Assumed | s.ChangeRule | s.Words):
            continue  # zona.compiler.changes checks `change` and the words
        key = type(attr).__name__ + (f" {attr.lang}" if isinstance(attr, s.Title) else "")
        if key in seen:
            word = {"Title": "title", "Regulation": "regulation", "Effective": "effective",
                    "Maximum": "maximum", "MissingPolicy": "missing",
                    "Assessors": "assessors", "NaPolicy": "na"}[type(attr).__name__]
            yield Diagnostic(_("'{word}' is given twice in the ruleset header", word=word),
                             attr.span,
                             code="duplicate")
        seen[key] = attr
        if isinstance(attr, s.Assessors) and len(set(attr.names)) != len(attr.names):
            yield Diagnostic(_("'assessors' names an assessor twice"), attr.span, code="duplicate")
        if isinstance(attr, s.Effective) and attr.end is not None and attr.end < attr.start:
            yield Diagnostic(_("the effective period ends ({end}) before it starts ({start})",
                               end=attr.end, start=attr.start), attr.span, code="effective")
        if isinstance(attr, s.Maximum) and table.complete \
                and not any(weight_failed(table, table.nodes[n]) for n in table.top):
            total = sum((node_maximum(table, n) for n in table.top), Fraction(0))
            if total != attr.value:
                yield Diagnostic(
                    _("the top-level weights sum to {total}, not the ruleset's maximum {value}",
                      total=exact_text(total), value=exact_text(attr.value)), attr.span,
                      code="weights")


def check_scales(table: Table) -> Iterator[Diagnostic]:
    for scale in table.scales.values():
        low, high = scale_range(scale)
        shown = f"{exact_text(low)}..{exact_text(high)}"
        if low < 0:
            yield Diagnostic(_("the range of scale '{scale}' starts below 0 ({shown}); a scale's "
                               "values are parts of a question's maximum", scale=scale.name,
                               shown=shown), scale.span,
                             code="range")
        elif low >= high:
            yield Diagnostic(_("the range of scale '{scale}' is empty: {shown}", scale=scale.name,
                               shown=shown), scale.span,
                             code="range")
        seen: set[str] = set()
        for option in scale.options:
            name, value = option_name(option), option_value(option)
            if name in seen:
                yield Diagnostic(_("scale '{scale}' lists option '{name}' twice", scale=scale.name,
                                   name=name),
                                 option.span, code="duplicate")
            seen.add(name)
            if value is None:
                continue
            if scale.range is None and value > 1:
                yield Diagnostic(_("option '{name}' of scale '{scale}' is worth {value}; scale "
                                   "values lie in 0..1", name=name, scale=scale.name,
                                   value=exact_text(value)),
                                 option.span, _("Write 'range 0..{value}' after the scale's label "
                                                "if {value} is the full mark.",
                                                value=exact_text(value)),
                                 code="scale-value")
            elif scale.range is not None and not low <= value <= high and low < high:
                yield Diagnostic(_("option '{name}' of scale '{scale}' is worth {value}, outside "
                                   "its range {shown}", name=name, scale=scale.name,
                                   value=exact_text(value), shown=shown),
                                 option.span, code="scale-value")
        if all(option.na for option in scale.options):
            yield Diagnostic(_("scale '{scale}' has no option with a value; add at least one "
                               "besides 'na'", scale=scale.name), scale.span, code="scale-value")


def check_node_shapes(table: Table) -> Iterator[Diagnostic]:
    for name, info in table.nodes.items():
        kind, span = info.decl.kind, info.decl.span
        if kind in LEAF_KINDS and info.children:
            yield Diagnostic(_("{kind} '{name}' cannot contain other nodes", kind=kind, name=name),
                             span, code="shape")
        if kind == "question":
            if info.scale is None:
                yield Diagnostic(_("question '{name}' needs a scale (scale NAME)", name=name), span,
                                 code="shape")
            elif info.scale.name not in table.scales:
                yield unknown("scale", info.scale.name, info.scale.span, table.scales)
            for attr in (info.score, info.aggregate):
                if attr is not None:
                    yield Diagnostic(_("question '{name}' is scored by its scale; remove this",
                                       name=name), attr.span, code="shape")
        else:
            if info.scale is not None:
                yield Diagnostic(_("only a question or an input takes a scale; '{name}' is "
                                   "{a_kind}", name=name, a_kind=a_kind(kind)),
                                 info.scale.span, code="shape")
            if info.soal is not None:
                yield Diagnostic(_("only a question or an input has a soal number; '{name}' is "
                                   "{a_kind}", name=name, a_kind=a_kind(kind)),
                                 info.soal.span, code="shape")
        if kind == "item" and info.score is None:
            yield Diagnostic(_("item '{name}' needs a score (score = EXPRESSION)", name=name), span,
                             code="shape")
        written = any(isinstance(m, s.NodeDecl) for m in info.decl.members)
        if kind not in LEAF_KINDS and not written and info.score is None:
            yield Diagnostic(_("{kind} '{name}' has no children and no score", kind=kind,
                               name=name), span,
                             code="shape")
        if info.score is not None and info.aggregate is not None:
            yield Diagnostic(_("'{name}' has both 'aggregate' and 'score'; keep one", name=name),
                             info.aggregate.span, code="shape")
        weight = weight_value(table, info)
        if info.weight is not None and weight is not None and weight <= 0:
            yield Diagnostic(_("the weight of '{name}' must be above 0", name=name),
                             info.weight.span,
                             code="weights")


def check_weights(table: Table) -> Iterator[Diagnostic]:
    for name, info in table.nodes.items():
        if (not info.children or info.score is not None or info.decl.kind in LEAF_KINDS
                or not info.complete):
            continue
        children = [table.nodes[c] for c in info.children]
        weighted = [c for c in children if c.weight is not None]
        how = aggregation(info, table)
        if how == "weighted":
            for child in children:
                if child.weight is None:
                    yield Diagnostic(_("'{decl}' needs a weight: its parent '{name}' takes the "
                                       "weighted mean of its children", decl=child.decl.name,
                                       name=name),
                                     child.decl.span, code="weights")
            continue
        if how == "mean":
            if info.aggregate is None and weighted:
                yield Diagnostic(
                    _("some children of '{name}' have weights and some do not; give every child a "
                      "weight (sum) or none ('aggregate mean')", name=name),
                    children[0].decl.span, code="weights")
                continue
            for child in weighted:
                yield Diagnostic(
                    _("'{decl}' has a weight, but '{name}' takes the mean of its children, so the "
                      "weight would be ignored", decl=child.decl.name, name=name), child.weight.span
                    if child.weight else child.decl.span, code="weights")
            continue
        for child in children:
            if child.weight is None:
                yield Diagnostic(_("'{decl}' needs a weight: its parent '{name}' sums its "
                                   "children's scores", decl=child.decl.name, name=name),
                                   child.decl.span, code="weights")
        if len(weighted) == len(children) \
                and not any(weight_failed(table, c) for c in (info, *weighted)):
            total = sum((weight_value(table, c) or Fraction(0) for c in weighted), Fraction(0))
            expected = node_maximum(table, name)
            if total != expected:
                span = info.weight.span if info.weight else info.decl.span
                yield Diagnostic(
                    _("the weights of the children of '{name}' sum to {total}, not its weight "
                      "{expected}", name=name, total=exact_text(total),
                      expected=exact_text(expected)), span, code="weights")


def check_inputs(table: Table) -> Iterator[Diagnostic]:
    for name, info in table.inputs.items():
        if info.kind is None:
            yield Diagnostic(_("input '{name}' needs a type: count, decimal LOW..HIGH or scale "
                               "NAME", name=name), info.decl.span, code="input-type")
        elif isinstance(info.kind, s.ScaleRef) and info.kind.name not in table.scales:
            yield unknown("scale", info.kind.name, info.kind.span, table.scales)
        elif isinstance(info.kind, s.DecimalType) and info.kind.low >= info.kind.high:
            yield Diagnostic(_("the range of '{name}' is empty: {low}..{high}", name=name,
                               low=exact_text(info.kind.low), high=exact_text(info.kind.high)),
                             info.kind.span, code="range")


def check_soal(table: Table) -> Iterator[Diagnostic]:
    seen: dict[int, str] = {}
    numbered = [(n, i.soal) for n, i in table.nodes.items()]
    numbered += [(n, i.soal) for n, i in table.inputs.items()]
    for name, soal in numbered:
        if soal is None:
            continue
        if soal.number in seen:
            yield Diagnostic(_("soal {number} is given to both '{seen}' and '{name}'",
                               number=soal.number, seen=seen[soal.number], name=name), soal.span,
                               code="duplicate")
        seen.setdefault(soal.number, name)


def check_facts(table: Table) -> Iterator[Diagnostic]:
    for name, fact in table.facts.items():
        if isinstance(fact.type, s.LevelsType):
            if len(set(fact.type.levels)) != len(fact.type.levels):
                yield Diagnostic(_("fact '{name}' lists a level twice", name=name), fact.type.span,
                                 code="duplicate")
        elif (isinstance(fact.type, s.NumberType) and fact.type.low is not None
              and fact.type.high is not None and fact.type.low >= fact.type.high):
            yield Diagnostic(_("the range of fact '{name}' is empty", name=name), fact.type.span,
                             code="range")
        yield from _fact_sources(table, fact)


def _fact_sources(table: Table, fact: s.FactDecl) -> Iterator[Diagnostic]:
    """`from ...`: once, on a levels or number fact, and not from this ruleset itself (the
    other ruleset is checked by zona.compiler.chain when it can be found)."""
    kind = {s.YesNoType: "yesno", s.LevelsType: "levels"}.get(type(fact.type), "number")
    for index, origin in enumerate(fact.sources):
        if index:
            yield Diagnostic(_("'from' is given twice for fact '{fact}'", fact=fact.name),
                             origin.span,
                             code="duplicate")
            continue
        problem = kind_problem(kind, origin.quantity)
        if problem is not None:
            yield Diagnostic(problem, origin.span, code="chain")
        elif origin.ruleset == table.module.header.id:
            yield Diagnostic(_("circular chain: {ruleset} -> {ruleset}", ruleset=origin.ruleset),
                             origin.span, code="chain")


def check_views(table: Table) -> Iterator[Diagnostic]:
    for view in table.views.values():
        if isinstance(view, s.ViewSum):
            spans = view.part_spans or (view.span,) * len(view.parts)
            for part, span in zip(view.parts, spans, strict=False):
                if part == "total":
                    yield Diagnostic(_("a view adds up nodes; 'total' is the whole ruleset's "
                                       "score, so it cannot be part of a view"), span,
                                     code="unknown")
                elif part not in table.nodes and part in table.kinds:
                    kind = table.kinds[part]
                    yield Diagnostic(_("'{part}' is {a_kind}; a view adds up nodes",
                                       part=part, a_kind=a_kind(kind)), span, code="unknown")
                elif part not in table.nodes:
                    yield unknown("node", part, span, table.nodes)
        elif not any(isinstance(m, s.ViewSum | s.ViewGroup) for m in view.members):
            yield Diagnostic(_("view '{view}' groups nothing", view=view.name), view.span,
                             code="shape")


def check_texts(table: Table) -> Iterator[Diagnostic]:
    """Texts given twice, and texts the header cannot have."""
    found: list[Diagnostic] = []
    for attr in table.module.header.attrs:
        if isinstance(attr, s.Text) and attr.kind in ("label", "criteria"):
            found.append(Diagnostic(_("the ruleset header takes 'title' (and 'title en'), not "
                                      "'{kind}'", kind=attr.kind), attr.span, code="shape"))
    for fact in table.facts.values():
        texts(fact.label, fact.texts, fact.name, found)
    for view in table.views.values():
        texts(view.label, view.members if isinstance(view, s.ViewGroup) else view.texts,
              view.name, found)
    for derived in table.derived.values():
        texts(derived.label, derived.texts, derived.name, found)
    for predicate in table.predicates.values():
        texts(predicate.label, predicate.members, predicate.name, found)
    yield from found


def check_amendments(table: Table) -> Iterator[Diagnostic]:
    if table.module.header.extends is not None:
        return
    for decl in table.module.declarations:
        if isinstance(decl, s.Amend | s.Remove | s.AddTo | s.Move):
            word = type(decl).__name__.lower().replace("addto", "add to")
            yield Diagnostic(_("'{word}' changes a ruleset this one extends, but this ruleset "
                               "extends none; add `extends \"NAME\"` to its header", word=word),
                               decl.span,
                             code="extends")


CHECKS: tuple[Check, ...] = (
    check_header,
    check_changes,
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

"""What the editor shows over an id: what it is and what the regulation says about it.

For a node: its kind, label, weight, maximum, share of the total (exact), criteria,
citations and `assumed` marks; for an input its type; for a scale its options; for a fact
its type; for a view its parts; for a predicate its conditions; for a grade its levels.
Numbers come from the compiled model of the document's last version without errors; a
document that never compiled shows what its syntax tree says.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from zona.i18n import _, ngettext
from zona.language import syntax as s
from zona.language import unparse
from zona.lsp.documents import Document, Workspace
from zona.lsp.index import Entry
from zona.lsp.navigation import files_of, name_at
from zona.model import ruleset as m
from zona.model.grades import Grade
from zona.numtext import approx_text, exact_text, terminates


def hover(workspace: Workspace, document: Document, line: int, column: int) -> str | None:
    """The Markdown shown over the id at a position, or None."""
    name = name_at(document, line, column)
    if name is None:
        return None
    entry = next((i.definitions()[name] for _, i in files_of(workspace, document)
                  if name in i.definitions()), None)
    return describe(name, entry, document.ruleset)


def describe(name: str, entry: Entry | None, ruleset: m.Ruleset | None) -> str | None:
    """The Markdown for an id, from the model when it knows the id, else from its syntax."""
    model = _model(name, ruleset)
    if ruleset is not None and model is not None:
        parts = _from_model(name, model, ruleset, entry)
    elif entry is not None:
        parts = _from_syntax(entry)
    else:
        return None
    return "\n\n".join(p for p in parts if p)


def _model(name: str, ruleset: m.Ruleset | None) -> Any:
    if ruleset is None:
        return None
    for table in (ruleset.nodes, ruleset.inputs_by_name, {d.name: d for d in ruleset.derived},
                  {c.name: c for c in ruleset.scales}, ruleset.facts_by_name,
                  ruleset.views_by_name, ruleset.predicates_by_name, ruleset.grades_by_name):
        if name in table:
            return table[name]
    return None


def _head(kind: str, name: str, label: str | None, label_en: str | None = None) -> str:
    text = f"**{kind}** `{name}`"
    if label:
        text += f": {label}"
    return text + (f" ({label_en})" if label_en else "")


def _texts(texts: m.Texts) -> list[str]:
    found = [f"**criteria** {texts.criteria}" if texts.criteria else ""]
    found += [f"**cite** {c}" for c in texts.cites]
    found += [f"**note** {n}" for n in texts.notes]
    found += [f"**assumed** {a}" for a in texts.assumptions]
    return found


def share_text(share: Fraction) -> str:
    """A share of the total, exactly: `30%`, or `1/30 (≈ 3.33%)` when it does not end."""
    percent = share * 100
    if terminates(percent):
        return f"{exact_text(percent)}%"
    return f"{exact_text(share)} (≈ {approx_text(percent)}%)"


def shares(ruleset: m.Ruleset) -> dict[str, Fraction]:
    """Each node's part of the total's maximum as written: a sum passes on its children's
    maxima, a mean equal parts, a weighted mean parts by weight (before answers left out or
    not applicable re-weight them); the children of a node scored by an expression have none."""
    found = {"total": Fraction(1)}
    for node in ruleset.root.walk():
        own = found.get(node.name)
        if own is None or not node.children:
            continue
        children = node.children
        if node.aggregate == "sum" and node.maximum:
            for child in children:
                found[child.name] = own * child.maximum / node.maximum
        elif node.aggregate == "mean":
            for child in children:
                found[child.name] = own / len(children)
        elif node.aggregate == "weighted":
            weights = sum((c.weight or Fraction(0) for c in children), Fraction(0))
            for child in children:
                if weights:
                    found[child.name] = own * (child.weight or 0) / weights
    return found


def _from_model(name: str, model: Any, ruleset: m.Ruleset, entry: Entry | None) -> list[str]:
    texts: m.Texts = model.texts
    if isinstance(model, m.Node):
        return [_head(model.kind if name != "total" else "total", name, texts.label,
                      texts.label_en), _node_figures(model, ruleset), *_texts(texts)]
    if isinstance(model, m.Input):
        return [_head("input", name, texts.label, texts.label_en), _input_type(model),
                *_texts(texts)]
    if isinstance(model, m.Derived):
        formula = (f"`= {unparse.expression(entry.decl.expr)}`"
                   if entry is not None and isinstance(entry.decl, s.DerivedDecl) else "")
        return [_head(_("derived value"), name, texts.label, texts.label_en), formula,
                *_texts(texts)]
    if isinstance(model, m.Scale):
        return [_head("scale", name, model.label), _scale(model), *_texts(texts)]
    if isinstance(model, m.Fact):
        return [_head("fact", name, texts.label, texts.label_en), _fact(model), *_texts(texts)]
    if isinstance(model, m.View):
        return [_head("view", name, texts.label, texts.label_en), _view(model),
                *_texts(texts)]
    if isinstance(model, m.Predicate):
        lines = "\n".join(f"- `{c.text}`" for c in model.conditions) or _("holds always")
        return [_head("predicate", name, texts.label, texts.label_en),
                _("requires:") + f"\n{lines}" if model.conditions else lines, *_texts(texts)]
    grade: Grade = model
    return [_head("grade", name, texts.label, texts.label_en), _grade(grade, entry),
            *_texts(texts)]


def _node_figures(node: m.Node, ruleset: m.Ruleset) -> str:
    share = shares(ruleset).get(node.name)
    figures = [f"weight {exact_text(node.weight)}" if node.weight is not None else
               _("no weight"), f"maximum {exact_text(node.maximum)}"]
    if share is not None:
        figures.append(_("share of the total {share}", share=share_text(share)))
    text = " · ".join(figures)
    if node.aggregate in ("sum", "mean", "weighted") and node.children:
        text += "\n\n" + ngettext("aggregate {aggregate} of {count} child",
                                   "aggregate {aggregate} of {count} children",
                                   len(node.children), aggregate=node.aggregate)
    spec = ruleset.inputs_by_name.get(node.name)
    if spec is not None and spec.scale is not None:
        text += f"\n\nscale `{spec.scale.name}`" + _change(spec)
    if ruleset.weight_facts:
        text += "\n\n" + _("weights depend on {facts}: shown for the first value of each",
                            facts=", ".join(ruleset.weight_facts))
    return text


def _input_type(spec: m.Input) -> str:
    if spec.kind == "count":
        text = "count"
    elif spec.kind == "decimal":
        low, high = spec.low or Fraction(0), spec.high or Fraction(0)
        text = f"decimal {exact_text(low)}..{exact_text(high)}"
    else:
        text = f"scale `{spec.scale.name}`" if spec.scale else "choice"
    return text + (f" · soal {spec.soal}" if spec.soal is not None else "") + _change(spec)


def _change(spec: m.Input) -> str:
    """How a gap plan may change the answer, when not freely (`change up`, `measured`)."""
    return (f" · change {spec.change}" if spec.change != "free" else "") \
        + (" · measured" if spec.measured else "")


def _scale(scale: m.Scale) -> str:
    ranged = scale.low != 0 or scale.high != 1
    lines = [f"range {exact_text(scale.low)}..{exact_text(scale.high)}"] if ranged else []
    for option in scale.options:
        value = "na" if option.na else exact_text(option.value)
        lines.append(f"- `{option.name}` = {value}" + (f": {option.label}"
                                                        if option.label else ""))
    return "\n".join(lines)


def _fact(fact: m.Fact) -> str:
    if fact.kind == "yesno":
        text = _("yes or no")
    elif fact.kind == "levels":
        text = _("levels, lowest first: {levels}",
                 levels=", ".join(f"`{v}`" for v in fact.levels))
    elif fact.low is not None and fact.high is not None:
        text = _("number {low}..{high}", low=exact_text(fact.low), high=exact_text(fact.high))
    else:
        text = _("number")
    if fact.source is not None:
        text += f"\n\nfrom \"{fact.source.ruleset}\" {fact.source.quantity} {fact.source.name}"
    return text


def _view(view: m.View) -> str:
    parts = (" + ".join(f"`{p}`" for p in view.parts) if view.parts
             else ", ".join(f"`{c.name}`" for c in view.children))
    return f"{'= ' if view.parts else 'views '}{parts} · maximum {exact_text(view.maximum)}"


def _grade(grade: Grade, entry: Entry | None) -> str:
    lines = []
    if entry is not None and isinstance(entry.decl, s.GradeDecl) and entry.decl.by is not None:
        lines.append(f"by `{unparse.expression(entry.decl.by)}`")
    for level in grade.levels:
        text = f"- `{level.name}`"
        text += f" {level.band.text}" if level.band is not None else ""
        text += f" when `{level.when.text}`" if level.when is not None else ""
        lines.append(text + (f": {level.label}" if level.label else ""))
    return "\n".join(lines)


def _from_syntax(entry: Entry) -> list[str]:
    """What the syntax tree alone says (a document that has not compiled yet)."""
    decl = entry.decl
    kind = _("derived value") if entry.kind == "derived" else entry.kind
    texts = getattr(decl, "members", ()) + tuple(getattr(decl, "texts", ()))
    weight = next((f"weight {exact_text(t.value)}" for t in texts if isinstance(t, s.Weight)),
                  "")
    found = [_head(kind, entry.name, entry.label), weight]
    for member in texts:
        if isinstance(member, s.Text) and member.kind in ("criteria", "cite", "note") and (
                member.lang is None):
            found.append(f"**{member.kind}** {member.text}")
        elif isinstance(member, s.Assumed):
            found.append(f"**assumed** {member.text}")
    return found

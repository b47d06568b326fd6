"""A ruleset as one Markdown page, for the docs site: what an evaluator reads instead of the
`.zona` source.

`ruleset_page(ruleset)` renders the compiled model: the header (id, title, regulation,
effective dates, fingerprint), every `assumed` mark (a summary table, then an admonition at
the declaration), the tree with exact weights, maxima and shares of the total, each node's
texts (Indonesian and English), the scales, inputs, derived values, views, facts, predicates
and grades. Condition texts are the compiler's (`zona.language.unparse`), expressions are
worded by `zona.analysis.grades.expr_text`. The page uses Python-Markdown's `tables`,
`attr_list` (anchors) and `admonition` extensions, and ```zona fences.
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from typing import Any

import attrs

from zona import model as m
from zona.analysis.grades import expr_text
from zona.model import expr as e
from zona.render.markdown_text import (
    bullets,
    code,
    heading,
    link,
    number,
    percent,
    text,
    texts_block,
)

_ANCHORS = {"node": "node", "input": "input", "derived value": "derived", "scale": "scale",
            "fact": "fact", "view": "view", "predicate": "predicate", "grade": "grade",
            "level": "grade"}


def ruleset_page(ruleset: m.Ruleset) -> str:
    """The whole page as Markdown (ends with one newline)."""
    parts = [_header(ruleset), _assumptions(ruleset), _tree(ruleset), _nodes(ruleset),
             _scales(ruleset), _inputs(ruleset), _derived(ruleset), _views(ruleset),
             _facts(ruleset), _predicates(ruleset), _grades(ruleset)]
    return "\n\n".join(part for part in parts if part).rstrip("\n") + "\n"


# --- header and assumptions ------------------------------------------------------------


def _header(ruleset: m.Ruleset) -> str:
    title = ruleset.texts.label
    head = f"# `{ruleset.id}`" + (f": {text(title)}" if title else "") + " {#ruleset}"
    start, until = ruleset.effective_from, ruleset.effective_until
    effective = "not stated" if start is None and until is None else \
        f"{start or ''} .. {until or '(open-ended)'}"
    rows = [("ruleset", code(ruleset.id)), ("title", text(title or "")),
            ("title (English)", text(ruleset.texts.label_en or "")),
            ("regulation", text(ruleset.regulation or "")), ("effective", effective),
            ("extends", code(ruleset.extends) if ruleset.extends else ""),
            ("maximum", number(ruleset.maximum)), ("missing answers", code(ruleset.missing)),
            ("not applicable", code(ruleset.na)),
            ("answer columns", ", ".join(map(code, ruleset.assessors))),
            ("weights depend on", ", ".join(f"fact {link('fact', f)}"
                                            for f in ruleset.weight_facts)),
            ("fingerprint", code(ruleset.fingerprint))]
    lines = [f"| {k} | {v} |" for k, v in rows if v]
    table = "\n".join([lines[0], "|---|---|", *lines[1:]])
    intro = ("Generated from the compiled ruleset: every number is the model's, exact\n"
             "(a fraction that is no finite decimal is written p/q, with its value to 4 "
             "places).")
    body = texts_block(attrs.evolve(ruleset.texts, label_en=None))
    return "\n\n".join(part for part in (head, intro, table, body) if part)


def _assumptions(ruleset: m.Ruleset) -> str:
    found = ruleset.assumptions()
    head = "## Assumptions {#assumptions}"
    if not found:
        return f"{head}\n\nNothing is marked `assumed`: every declaration is read from its " \
            "sources."
    rows = "\n".join(f"| {_where(a)} | {a.kind} | {text(a.text)} |" for a in found)
    return (f"{head}\n\n{len(found)} mark{'s' if len(found) != 1 else ''} `assumed`: "
            "inferred, not read in the regulation.\nEach is flagged again where it is "
            f"declared.\n\n| where | what | assumed |\n|---|---|---|\n{rows}")


def _where(found: m.Assumption) -> str:
    if found.kind == "ruleset":
        return f"[`{found.where}`](#ruleset)"
    name = found.where.split(".", 1)[0] if found.kind == "level" else found.where
    return f"[`{found.where}`](#{_ANCHORS.get(found.kind, 'node')}-{name})"


# --- the tree --------------------------------------------------------------------------


def shares(root: m.Node) -> dict[str, Fraction | None]:
    """Each node's nominal share of the total: the most it can add, over the total's
    maximum (a sum passes on maximum / parent's maximum, a mean 1/n, a weighted mean
    weight / sum of weights); None below a node scored by a formula (`score =`)."""
    found: dict[str, Fraction | None] = {root.name: Fraction(1)}
    for node in root.walk():
        weights = [c.weight or Fraction(1) for c in node.children]
        above = found[node.name]
        for child, weight in zip(node.children, weights, strict=True):
            if above is None or node.aggregate == "expr":
                found[child.name] = None
                continue
            if node.aggregate == "weighted":
                part = weight / sum(weights)
            elif node.aggregate == "mean":
                part = Fraction(1, len(node.children))
            else:
                part = child.maximum / node.maximum if node.maximum else Fraction(0)
            found[child.name] = above * part
    return found


def _variants(ruleset: m.Ruleset) -> list[tuple[str, m.Ruleset]]:
    if not ruleset.variants:
        return [("", ruleset)]
    return [(" (" + ", ".join(f"{f} = {v}" for f, v in zip(ruleset.weight_facts, key,
                                                           strict=True)) + ")", variant)
            for key, variant in ruleset.variants.items()]


def _tree(ruleset: m.Ruleset) -> str:
    variants = _variants(ruleset)
    head = "| node | label | kind | aggregate |" + "".join(
        f" weight{n} | maximum{n} | share of total{n} |" for n, _ in variants)
    rule = "|---|---|---|---|" + "---:|---:|---:|" * len(variants)
    found = [(v.nodes, shares(v.root)) for _, v in variants]
    rows = []
    for node, depth in _walk(ruleset.root, 0):
        name = code(node.name) if node.name == "total" else link("node", node.name)
        flag = " **assumed**" if node.texts.assumptions else ""
        row = (f"| {'&emsp;' * depth}{name} | {text(_short(node.texts.label or ''))}{flag} | "
               f"{node.kind} | {node.aggregate} |")
        for nodes, share in found:
            same = nodes[node.name]
            weight = number(same.weight) if same.weight is not None else ""
            row += f" {weight} | {number(same.maximum)} | {percent(share[node.name])} |"
        rows.append(row)
    note = ("Under a weighted mean (`weighted`) a weight is relative and a child's maximum is\n"
            "its parent's; the share of the total is what a node adds at most (`-` below a\n"
            "node scored by a formula, `score =`).")
    if ruleset.variants:
        note += "\nThe weights depend on facts: one set of columns per combination of values."
    return f"## The tree {{#tree}}\n\n{note}\n\n{head}\n{rule}\n" + "\n".join(rows)


def _short(label: str, width: int = 90) -> str:
    flat = " ".join(label.split())
    return flat if len(flat) <= width else flat[:width - 1].rstrip() + "…"


def _walk(node: m.Node, depth: int) -> Iterator[tuple[m.Node, int]]:
    yield node, depth
    for child in node.children:
        yield from _walk(child, depth + 1)


def _nodes(ruleset: m.Ruleset) -> str:
    found = [(v.nodes, shares(v.root)) for _, v in _variants(ruleset)]
    out = ["## Nodes {#nodes}", "Every node below the total, in the tree's order."]
    for node, _ in _walk(ruleset.root, 0):
        if node.name == "total":
            continue
        numbers = {(n[node.name].weight, n[node.name].maximum, s[node.name]) for n, s in found}
        facts = [node.kind]
        if len(numbers) > 1:
            facts.append("weight, maximum and share depend on facts ([the tree](#tree))")
        else:
            facts += ([f"weight {number(node.weight)}"] if node.weight is not None else []) + \
                [f"maximum {number(node.maximum)}",
                 f"{percent(found[0][1][node.name])} of the total"]
        spec = ruleset.inputs_by_name.get(node.name)
        if spec is not None and spec.scale is not None:
            facts.append(f"scale {link('scale', spec.scale.name)}")
        if node.soal is not None:
            facts.append(f"soal {node.soal}")
        if node.children:
            facts.append(f"{node.aggregate} of {len(node.children)}")
        facts.extend(_policies(ruleset, node.missing, node.na))
        part = [heading(3, "node", node.name, node.texts.label), " · ".join(facts)]
        if node.expr is not None and node.aggregate == "expr":
            part.append(f"```zona\nscore = {expr_text(_levels(ruleset, node.expr))}\n```")
        part.append(texts_block(node.texts))
        out.append("\n\n".join(p for p in part if p))
    return "\n\n".join(out)


def _policies(ruleset: m.Ruleset, missing: str, na: str) -> list[str]:
    """`missing` and `na` where they differ from the header's."""
    return ([f"missing: `{missing}`"] if missing != ruleset.missing else []) + \
        ([f"not applicable: `{na}`"] if na != ruleset.na else [])


def _levels(ruleset: m.Ruleset, expression: e.Expr) -> e.Expr:
    """The expression with a levels fact's compared position written as the level's name."""
    if isinstance(expression, e.Binary) and expression.op in e.COMPARISONS:
        left, right = expression.left, expression.right
        fact = ruleset.facts_by_name.get(left.name) if isinstance(left, e.Var) \
            and left.kind == "fact" else None
        if fact is not None and fact.kind == "levels" and isinstance(right, e.Const) \
                and right.value.denominator == 1 and 0 <= right.value < len(fact.levels):
            return attrs.evolve(expression, right=e.Var(fact.levels[int(right.value)], "level"))
    if isinstance(expression, e.Const | e.Var):
        return expression
    changes: dict[str, Any] = {
        field.name: _levels(ruleset, value) if _is_expr(value := getattr(expression, field.name))
        else tuple(_levels(ruleset, x) for x in value) if isinstance(value, tuple) else value
        for field in attrs.fields(type(expression))}
    return attrs.evolve(expression, **changes)


def _is_expr(value: object) -> bool:
    return attrs.has(type(value)) and isinstance(value, e.Const | e.Var | e.Negate | e.Binary
                                                 | e.Not | e.Divide | e.Extremum | e.If
                                                 | e.Round)


# --- the other declarations ------------------------------------------------------------


def _scales(ruleset: m.Ruleset) -> str:
    out = ["## Scales {#scales}"]
    for scale in ruleset.scales:
        users = [i.name for i in ruleset.inputs if i.scale is not None
                 and i.scale.name == scale.name]
        facts = [f"values {number(scale.low)} .. {number(scale.high)}",
                 f"used by {len(users)} question{'s' if len(users) != 1 else ''}"]
        rows = "\n".join(
            f"| {code(o.name)} | {'not applicable' if o.na else number(o.value)} | "
            f"{text(o.label or '')} |" for o in scale.options)
        table = f"| option | value | label |\n|---|---:|---|\n{rows}"
        part = [heading(3, "scale", scale.name, scale.label), " · ".join(facts), table,
                texts_block(scale.texts, label=False)]
        out.append("\n\n".join(p for p in part if p))
    return "\n\n".join(out) if ruleset.scales else ""


def _inputs(ruleset: m.Ruleset) -> str:
    out = ["## Inputs {#inputs}", "Answers that are not questions of the tree: counts and "
           "numbers that formulas read."]
    for spec in ruleset.inputs:
        if spec.scored:
            continue
        bounds = "" if spec.low is None and spec.high is None else \
            (f"{number(spec.low) if spec.low is not None else ''} .. "
             f"{number(spec.high) if spec.high is not None else ''}").strip()
        facts = [spec.kind] + ([f"range {bounds}"] if bounds else []) + \
            ([f"soal {spec.soal}"] if spec.soal is not None else []) + \
            _policies(ruleset, spec.missing, spec.na)
        part = [heading(3, "input", spec.name, spec.texts.label), " · ".join(facts),
                texts_block(spec.texts)]
        out.append("\n\n".join(p for p in part if p))
    return "\n\n".join(out) if len(out) > 2 else ""


def _derived(ruleset: m.Ruleset) -> str:
    out = ["## Derived values {#derived}"]
    for value in ruleset.derived:
        formula = f"```zona\nderived {value.name} = {expr_text(_levels(ruleset, value.expr))}\n```"
        part = [heading(3, "derived", value.name, value.texts.label), formula,
                texts_block(value.texts)]
        out.append("\n\n".join(p for p in part if p))
    return "\n\n".join(out) if ruleset.derived else ""


def _views(ruleset: m.Ruleset) -> str:
    out = ["## Views {#views}", "Groupings of nodes outside the total: a view's score and "
           "maximum are the sums of its parts."]
    for top in ruleset.views:
        for view in top.walk():
            made = " + ".join(link("node", p) for p in view.parts) if view.parts else \
                ", ".join(link("view", c.name) for c in view.children)
            facts = f"maximum {number(view.maximum)} · " + \
                (f"= {made}" if view.parts else f"groups {made}")
            part = [heading(3, "view", view.name, view.texts.label), facts,
                    texts_block(view.texts)]
            out.append("\n\n".join(p for p in part if p))
    return "\n\n".join(out) if ruleset.views else ""


def _facts(ruleset: m.Ruleset) -> str:
    out = ["## Facts {#facts}", "What the unit states about itself, outside the answers."]
    for fact in ruleset.facts:
        if fact.kind == "levels":
            kind = "levels, lowest first: " + ", ".join(map(code, fact.levels))
        elif fact.kind == "number":
            low = "" if fact.low is None else number(fact.low)
            high = "" if fact.high is None else number(fact.high)
            kind = f"number {low} .. {high}" if low or high else "number"
        else:
            kind = "yes/no"
        if fact.source is not None:
            source = fact.source
            kind += f" · from `{source.ruleset}`: {source.quantity} `{source.name}`"
        part = [heading(3, "fact", fact.name, fact.texts.label), kind, texts_block(fact.texts)]
        out.append("\n\n".join(p for p in part if p))
    return "\n\n".join(out) if ruleset.facts else ""


def _predicates(ruleset: m.Ruleset) -> str:
    out = ["## Predicates {#predicates}", "A predicate holds when every condition holds."]
    for predicate in ruleset.predicates:
        lines = "\n".join(f"require {c.text}" for c in predicate.conditions)
        part = [heading(3, "predicate", predicate.name, predicate.texts.label),
                f"```zona\n{lines}\n```", _members(predicate.conditions),
                texts_block(predicate.texts)]
        out.append("\n\n".join(p for p in part if p))
    return "\n\n".join(out) if ruleset.predicates else ""


def _members(conditions: tuple[m.Condition, ...]) -> str:
    """What each `every` condition compares, by name."""
    found = [c for c in conditions if isinstance(c, m.Every)]
    return bullets([f"`{c.text}` compares " + ", ".join(map(code, c.members))
                     for c in found])


def _grades(ruleset: m.Ruleset) -> str:
    out = ["## Grades {#grades}", "A unit gets the highest level that holds; the lowest "
           "always holds."]
    for grade in ruleset.grades:
        by = f"by `{expr_text(_levels(ruleset, grade.value))}`" if grade.value is not None \
            else "by rules"
        rows = []
        for level in grade.levels:
            band = code(level.band.text) if level.band is not None else ""
            when = code(level.when.text) if level.when is not None else ""
            flag = " **assumed**" if level.texts.assumptions else ""
            rows.append(f"| {code(level.name)} | {text(level.label or '')}{flag} | {band} | "
                        f"{when} |")
        table = "| level | label | band | when |\n|---|---|---|---|\n" + "\n".join(rows)
        levels = [(level.name, texts_block(level.texts)) for level in grade.levels]
        said = "\n\n".join(f"Level `{name}`:\n\n{block}" for name, block in levels if block)
        part = [heading(3, "grade", grade.name, grade.label), f"{len(grade.levels)} levels, "
                f"lowest first, {by}.", texts_block(grade.texts), table, said]
        out.append("\n\n".join(p for p in part if p))
    return "\n\n".join(out) if ruleset.grades else ""


__all__ = ["number", "percent", "ruleset_page", "shares", "text", "texts_block"]

"""Checked syntax tree -> the immutable model. Pure: no I/O."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping, Sequence
from fractions import Fraction

import attrs

from zona import model as m
from zona.compiler.changes import with_changes, words
from zona.compiler.checks import (
    CHECKS,
    aggregation,
    node_maximum,
    option_name,
    option_value,
    scale_range,
    weight_value,
)
from zona.compiler.combinations import combinations, merge, weight_expressions
from zona.compiler.maxima import maxima
from zona.compiler.resolve import Resolved, resolve
from zona.compiler.symbols import Table, collect, texts
from zona.errors import Diagnostic, ZonaCompileError
from zona.language import syntax as s
from zona.model import expr as e
from zona.source import Source


def compile_module(module: s.Module, source: Source, bases: Sequence[Source] = ()) -> m.Ruleset:
    """Check a parsed ruleset and build its model, or raise ZonaCompileError with every problem.

    `bases` are the sources of the rulesets a merged module extends (for messages).
    """
    diagnostics = check_module(module)
    if any(d.severity == "error" for d in diagnostics):
        raise ZonaCompileError(diagnostics, source, bases)
    table = collect(module)
    found, _ = combinations(table, weight_expressions(table)[0])
    built: dict[tuple[str, ...], m.Ruleset] = {}
    for combination in found:  # one model per combination of the facts weights read
        table.weights = combination.weights
        resolved = resolve(table, maxima(table))
        built[combination.key] = _build(table, resolved, source, fingerprint(source, bases))
    first = built[found[0].key]
    if not found[0].facts:
        return first
    return attrs.evolve(first, weight_facts=tuple(f for f, _ in found[0].facts), variants=built)


def check_module(module: s.Module) -> list[Diagnostic]:
    """Every diagnostic for a parsed ruleset, in source order; the checks that depend on
    weights run once per combination of the facts that weights read."""
    table = collect(module)
    found = list(table.diagnostics)
    expressions, problems = weight_expressions(table)
    combined, more = combinations(table, expressions)
    found += problems + more
    runs: list[list[Diagnostic]] = []
    for combination in combined:
        table.weights = combination.weights
        run = [d for check in CHECKS for d in check(table)]
        run.extend(resolve(table, maxima(table)).diagnostics)
        runs.append(run)
    found.extend(merge(runs, combined))
    return sorted(found, key=_position)


def _position(diagnostic: Diagnostic) -> tuple[int, int]:
    span = diagnostic.span
    return (span.line, span.column) if span is not None else (1 << 30, 0)


def fingerprint(source: Source, bases: Sequence[Source] = ()) -> str:
    """`sha256:` and the digest of the ruleset's text and of every ruleset it extends: the
    same fingerprint means the same rules, whatever the file is called."""
    digest = hashlib.sha256()
    for text in (source.text, *(base.text for base in bases)):
        digest.update(text.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return f"sha256:{digest.hexdigest()}"


def _build(table: Table, resolved: Resolved, source: Source, fingerprint: str) -> m.Ruleset:
    header = table.module.header
    attrs = header.attrs
    effective = next((a for a in attrs if isinstance(a, s.Effective)), None)
    regulation = next((a.text for a in attrs if isinstance(a, s.Regulation)), None)
    titles = {a.lang: a.text for a in attrs if isinstance(a, s.Title)}
    header_texts = texts(titles.get(None, titles.get("id")), attrs, header.id, [])
    header_texts = _with_label_en(header_texts, titles.get("en"))

    inputs = with_changes(table.module, _inputs(table))
    derived = tuple(
        m.Derived(name, resolved.derived[name], texts(d.label, d.texts, name, []), d.span)
        for name, d in table.derived.items())
    derived = _ordered(derived, resolved)
    top = tuple(_node(table, resolved, name, inputs) for name in table.top)
    root = m.Node(name="total", kind="total", aggregate="sum",
                  maximum=sum((n.maximum for n in top), Fraction(0)), children=top,
                  texts=m.Texts(label="Total", label_en="Total"),
                  missing=table.default_missing, na=table.default_na)
    found_maxima = maxima(table)
    return m.Ruleset(
        id=header.id,
        texts=header_texts,
        regulation=regulation,
        effective_from=effective.start if effective else None,
        effective_until=effective.end if effective else None,
        maximum=root.maximum,
        missing=table.default_missing,
        scales=tuple(_scale(d) for d in table.scales.values()),
        inputs=tuple(inputs.values()),
        derived=derived,
        root=root,
        views=tuple(_view(table, n, found_maxima) for n in table.top_views),
        facts=tuple(_fact(d) for d in table.facts.values()),
        predicates=tuple(
            m.Predicate(n, texts(d.label, d.members, n, []), resolved.predicates[n], d.span)
            for n, d in table.predicates.items()),
        grades=tuple(resolved.grades[n] for n in table.grades),
        extends=header.extends,
        assessors=next((a.names for a in attrs if isinstance(a, s.Assessors)), ()),
        order=evaluation_order(root, derived, _view_parts(table)),
        source=source,
        fingerprint=fingerprint,
        na=table.default_na,
        words=words(header),
    )


def evaluation_order(root: m.Node, derived: Sequence[m.Derived],
                     views: Mapping[str, tuple[str, ...]] | None = None) -> tuple[str, ...]:
    """Derived values and nodes, each after all it depends on (iterative: no depth limit);
    a view an expression reads stands for the nodes it sums (`views`)."""
    parts = views or {}

    def uses(expression: e.Expr | None) -> list[str]:
        if expression is None:
            return []
        found = [v for v in e.variables(expression) if v.kind not in ("input", "fact")]
        return [n for v in found for n in (parts.get(v.name, ()) if v.kind == "view"
                                           else (v.name,))]

    needs: dict[str, list[str]] = {d.name: uses(d.expr) for d in derived}
    for node in root.walk():
        needs[node.name] = [c.name for c in node.children] + uses(node.expr)
    done: dict[str, None] = {}
    for start in needs:
        stack = [(start, iter(needs[start]))]
        while stack:
            name, pending = stack[-1]
            nxt = next((n for n in pending if n not in done), None)
            if nxt is None:
                stack.pop()
                done[name] = None
            elif all(nxt != entry for entry, _ in stack):  # cycles are reported by the checks
                stack.append((nxt, iter(needs.get(nxt, ()))))
    return tuple(done)


def _with_label_en(found: m.Texts, label_en: str | None) -> m.Texts:
    if label_en is None:
        return found
    return m.Texts(label=found.label, label_en=label_en, criteria=found.criteria,
                   criteria_en=found.criteria_en, cites=found.cites, notes=found.notes,
                   assumptions=found.assumptions)


def _scale(decl: s.ScaleDecl) -> m.Scale:
    low, high = scale_range(decl)
    options = tuple(m.ScaleOption(option_name(o), option_value(o) or Fraction(0), o.label, o.na)
                    for o in decl.options)
    return m.Scale(decl.name, decl.label, options, low, high,
                   texts(decl.label, decl.assumptions, decl.name, []), decl.span)


def _view_parts(table: Table) -> dict[str, tuple[str, ...]]:
    """The nodes each view sums (a view group: those of its views)."""
    found: dict[str, tuple[str, ...]] = {}

    def parts(name: str) -> tuple[str, ...]:
        if name not in found:
            view = table.views[name]
            found[name] = view.parts if isinstance(view, s.ViewSum) else tuple(
                p for child in table.view_children.get(name, ()) for p in parts(child))
        return found[name]

    for name in table.views:
        parts(name)
    return found


def _inputs(table: Table) -> dict[str, m.Input]:
    scales = {name: _scale(d) for name, d in table.scales.items()}
    found: dict[str, m.Input] = {}
    for name, info in table.nodes.items():
        if info.decl.kind == "question" and info.scale is not None:
            found[name] = m.Input(
                name=name, kind="choice", texts=info.texts, scale=scales[info.scale.name],
                soal=info.soal.number if info.soal else None, missing=info.missing,
                scored=True, span=info.decl.span, na=info.na)
    for name, data in table.inputs.items():
        kind = data.kind
        common = dict(name=name, texts=data.texts, missing=data.missing,
                      soal=data.soal.number if data.soal else None, span=data.decl.span,
                      na=data.na)
        if isinstance(kind, s.ScaleRef):
            found[name] = m.Input(kind="choice", scale=scales[kind.name],
                                  **common)  # type: ignore[arg-type]
        elif isinstance(kind, s.DecimalType):
            found[name] = m.Input(kind="decimal", low=kind.low, high=kind.high,
                                  **common)  # type: ignore[arg-type]
        else:
            found[name] = m.Input(kind="count", low=Fraction(0), **common)  # type: ignore[arg-type]
    return found


def _ordered(derived: tuple[m.Derived, ...], resolved: Resolved) -> tuple[m.Derived, ...]:
    """Derived values in an order where each comes after those it uses."""
    by_name = {d.name: d for d in derived}
    done: dict[str, m.Derived] = {}

    def place(name: str) -> None:
        if name in done:
            return
        for dep in sorted(resolved.depends.get(name, ())):
            if dep in by_name:
                place(dep)
        done[name] = by_name[name]

    for d in derived:
        place(d.name)
    return tuple(done.values())


def _node(table: Table, resolved: Resolved, name: str, inputs: dict[str, m.Input]) -> m.Node:
    info = table.nodes[name]
    children = tuple(_node(table, resolved, c, inputs) for c in info.children)
    weight = weight_value(table, info)
    how = aggregation(info, table)
    expression = resolved.scores.get(name)
    used = sorted(set(_inputs_used(expression, resolved))) if expression else []
    if how == "choice":
        used = [name]
    return m.Node(
        name=name, kind=info.decl.kind, aggregate=how,  # type: ignore[arg-type]
        maximum=node_maximum(table, name), weight=weight,
        children=children, expr=expression, texts=info.texts, na=info.na,
        soal=info.soal.number if info.soal else None, missing=info.missing,
        inputs=tuple(used), span=info.decl.span,
        declared=tuple(m.name for m in info.decl.members
                       if isinstance(m, s.InputDecl | s.DerivedDecl)))


def _inputs_used(expression: e.Expr, resolved: Resolved) -> Iterator[str]:
    for var in e.variables(expression):
        if var.kind == "input":
            yield var.name
        elif var.kind == "derived":
            yield from _inputs_used(resolved.derived[var.name], resolved)


def _view(table: Table, name: str, found: dict[str, Fraction]) -> m.View:
    decl = table.views[name]
    if isinstance(decl, s.ViewSum):
        return m.View(name, texts(decl.label, decl.texts, name, []), parts=decl.parts,
                      maximum=found[name], span=decl.span)
    children = tuple(_view(table, v, found) for v in table.view_children.get(name, ()))
    return m.View(name, texts(decl.label, decl.members, name, []), children=children,
                  maximum=found[name], span=decl.span)


def _fact(decl: s.FactDecl) -> m.Fact:
    kind = decl.type
    found = texts(decl.label, decl.texts, decl.name, [])
    source = next((m.FactSource(f.ruleset, f.quantity, f.name) for f in decl.sources), None)
    if isinstance(kind, s.LevelsType):
        return m.Fact(decl.name, "levels", found, levels=kind.levels, span=decl.span,
                      source=source)
    if isinstance(kind, s.NumberType):
        return m.Fact(decl.name, "number", found, low=kind.low, high=kind.high, span=decl.span,
                      source=source)
    return m.Fact(decl.name, "yesno", found, span=decl.span, source=source)

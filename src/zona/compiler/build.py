"""Checked syntax tree -> the immutable model. Pure: no I/O."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from fractions import Fraction

from zona import model as m
from zona.compiler.checks import CHECKS, aggregation
from zona.compiler.resolve import Resolved, maxima, resolve
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
    resolved = resolve(table, maxima(table))
    return _build(table, resolved, source, fingerprint(source, bases))


def check_module(module: s.Module) -> list[Diagnostic]:
    """Every diagnostic for a parsed ruleset, in source order."""
    table = collect(module)
    found = list(table.diagnostics)
    for check in CHECKS:
        found.extend(check(table))
    found.extend(resolve(table, maxima(table)).diagnostics)
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

    inputs = _inputs(table)
    derived = tuple(
        m.Derived(name, resolved.derived[name], texts(d.label, (), name, []), d.span)
        for name, d in table.derived.items())
    derived = _ordered(derived, resolved)
    top = tuple(_node(table, resolved, name, inputs) for name in table.top)
    root = m.Node(name="total", kind="total", aggregate="sum",
                  maximum=sum((n.maximum for n in top), Fraction(0)), children=top,
                  texts=m.Texts(label="Total", label_en="Total"),
                  missing=table.default_missing)
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
        extends=header.extends,
        assessors=next((a.names for a in attrs if isinstance(a, s.Assessors)), ()),
        order=evaluation_order(root, derived),
        source=source,
        fingerprint=fingerprint,
    )


def evaluation_order(root: m.Node, derived: Sequence[m.Derived]) -> tuple[str, ...]:
    """Derived values and nodes, each after all it depends on (iterative: no depth limit)."""
    needs: dict[str, list[str]] = {d.name: [v.name for v in e.variables(d.expr)
                                            if v.kind != "input"] for d in derived}
    for node in root.walk():
        uses = [v.name for v in e.variables(node.expr) if v.kind != "input"] if node.expr else []
        needs[node.name] = [c.name for c in node.children] + uses
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
    return m.Scale(decl.name, decl.label,
                   tuple(m.ScaleOption(o.name, o.value, o.label) for o in decl.options))


def _inputs(table: Table) -> dict[str, m.Input]:
    scales = {name: _scale(d) for name, d in table.scales.items()}
    found: dict[str, m.Input] = {}
    for name, info in table.nodes.items():
        if info.decl.kind == "question" and info.scale is not None:
            found[name] = m.Input(
                name=name, kind="choice", texts=info.texts, scale=scales[info.scale.name],
                soal=info.soal.number if info.soal else None, missing=info.missing,
                scored=True, span=info.decl.span)
    for name, data in table.inputs.items():
        kind = data.kind
        common = dict(name=name, texts=data.texts, missing=data.missing,
                      soal=data.soal.number if data.soal else None, span=data.decl.span)
        if isinstance(kind, s.ScaleRef):
            found[name] = m.Input(kind="choice", scale=scales[kind.name], **common)  # type: ignore[arg-type]
        elif isinstance(kind, s.DecimalType):
            found[name] = m.Input(kind="decimal", low=kind.low, high=kind.high, **common)  # type: ignore[arg-type]
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
    weight = info.weight.value if info.weight else None
    how = aggregation(info, table)
    expression = resolved.scores.get(name)
    used = sorted(set(_inputs_used(expression, resolved))) if expression else []
    if how == "choice":
        used = [name]
    return m.Node(
        name=name, kind=info.decl.kind, aggregate=how,  # type: ignore[arg-type]
        maximum=weight if weight is not None else Fraction(1), weight=weight,
        children=children, expr=expression, texts=info.texts,
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
        return m.View(name, texts(decl.label, (), name, []), parts=decl.parts,
                      maximum=found[name], span=decl.span)
    children = tuple(_view(table, v, found) for v in table.view_children.get(name, ()))
    return m.View(name, texts(decl.label, decl.members, name, []), children=children,
                  maximum=found[name], span=decl.span)


def _fact(decl: s.FactDecl) -> m.Fact:
    kind = decl.type
    found = texts(decl.label, decl.texts, decl.name, [])
    if isinstance(kind, s.LevelsType):
        return m.Fact(decl.name, "levels", found, levels=kind.levels, span=decl.span)
    if isinstance(kind, s.NumberType):
        return m.Fact(decl.name, "number", found, low=kind.low, high=kind.high, span=decl.span)
    return m.Fact(decl.name, "yesno", found, span=decl.span)

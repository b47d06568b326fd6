"""W1xx and W4xx: declarations nothing uses, and texts or conditions written twice."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs

from zona import model as m
from zona.errors import Diagnostic
from zona.i18n import _
from zona.lint.codes import warning
from zona.lint.context import Context, conditions, every_condition
from zona.model import expr as e
from zona.source import Span


def unused(ctx: Context) -> Iterator[Diagnostic]:
    """W101-W105: inputs, scales, facts, views and derived values that nothing reads."""
    ruleset = ctx.ruleset
    roots = [*(n.expr for n in ruleset.nodes.values() if n.expr is not None),
             *(g.value for g in ruleset.grades if g.value is not None)]
    derived = {d.name: d for d in ruleset.derived}
    live = _reach(roots, derived)
    readers: dict[str, list[str]] = {}  # an input or fact -> the unused derived values reading it
    for d in ruleset.derived:
        if d.name not in live:
            for var in e.variables(d.expr):
                readers.setdefault(var.name, []).append(d.name)
    read = {v.name for x in (*roots, *(derived[n].expr for n in live)) for v in e.variables(x)}
    for d in ruleset.derived:
        if d.name not in live and ctx.here(d.span):
            users = readers.get(d.name, [])
            message = _("derived value '{name}' is not used by any score or grade; only "
                        "'{user}' reads it, and nothing uses that", name=d.name,
                        user=users[0]) if users else \
                _("derived value '{name}' is not used by any score or grade", name=d.name)
            yield warning("W105", message, d.span,
                          _("It is still computed and shown in the result; remove it if no one "
                            "reads it there."))
    for spec in ruleset.inputs:
        if spec.scored or spec.name in read or not ctx.here(spec.span):
            continue
        users = readers.get(spec.name, [])
        message = _("input '{name}' is not used: only derived value '{user}' reads it, and "
                    "nothing uses that", name=spec.name, user=users[0]) if users else \
            _("input '{name}' is not used: no score, derived value or grade reads it",
              name=spec.name)
        yield warning("W101", message, spec.span,
                      _("Its answer is read and then ignored. Remove the input, or use it in a "
                        "`score =`."))
    scales = {i.scale.name for i in ruleset.inputs if i.scale is not None}
    for scale in ruleset.scales:
        if scale.name not in scales and ctx.here(scale.span):
            yield warning("W102", _("scale '{scale}' is not used by any question or input",
                                    scale=scale.name),
                          scale.span, _("Remove it, or give it to a question (`scale {scale}`).",
                                        scale=scale.name))
    yield from _facts(ctx, read)
    yield from _views(ctx)


def _reach(roots: list[e.Expr], derived: dict[str, m.Derived]) -> set[str]:
    """The derived values the roots read, directly or through other derived values."""
    live: set[str] = set()
    work = [v.name for x in roots for v in e.variables(x) if v.kind == "derived"]
    while work:
        name = work.pop()
        if name in live or name not in derived:
            continue
        live.add(name)
        work.extend(v.name for v in e.variables(derived[name].expr) if v.kind == "derived")
    return live


def _facts(ctx: Context, read: set[str]) -> Iterator[Diagnostic]:
    ruleset = ctx.ruleset
    used = set(ruleset.weight_facts) | {
        c.subject for c in every_condition(ruleset)
        if isinstance(c, m.Compare) and c.quantity == "fact"}
    expressions = [*(d.expr for d in ruleset.derived),
                   *(n.expr for n in ruleset.nodes.values() if n.expr is not None),
                   *(g.value for g in ruleset.grades if g.value is not None)]
    used |= {v.name for x in expressions for v in e.variables(x) if v.kind == "fact"}
    used |= read
    for fact in ruleset.facts:
        if fact.name not in used and ctx.here(fact.span):
            yield warning("W103", _("fact '{fact}' is not used: no condition, expression or "
                                    "weight reads it", fact=fact.name), fact.span,
                          _("Remove it, or use it in a `require` (`fact {fact} ...`).",
                            fact=fact.name))


def _views(ctx: Context) -> Iterator[Diagnostic]:
    ruleset = ctx.ruleset
    used: set[str] = set()
    for c in every_condition(ruleset):
        if isinstance(c, m.Compare) and c.quantity in ("score", "share"):
            used.add(c.subject)
        elif isinstance(c, m.Every):
            used.add(c.group)
    expressions = [*(d.expr for d in ruleset.derived),
                   *(n.expr for n in ruleset.nodes.values() if n.expr is not None),
                   *(g.value for g in ruleset.grades if g.value is not None)]
    used |= {v.name for x in expressions for v in e.variables(x) if v.kind == "view"}
    for top in ruleset.views:
        if not any(v.name in used for v in top.walk()) and ctx.here(top.span):
            message = _("view group '{name}' is not used by any predicate, grade or expression",
                        name=top.name) if top.children else \
                _("view '{name}' is not used by any predicate, grade or expression",
                  name=top.name)
            yield warning("W104", message, top.span,
                          _("It is still shown in the result; if that is what it is for, silence "
                            "this with `# zona: ignore[unused-view]`."))


def duplicates(ctx: Context) -> Iterator[Diagnostic]:
    """W401 (two questions or inputs with one text) and W402 (a condition twice)."""
    seen: dict[str, tuple[str, str, Span | None]] = {}
    texts = [("question", n.name, n.texts.label, n.span) for n in ctx.ruleset.nodes.values()
             if n.kind == "question"]
    texts += [("input", i.name, i.texts.label, i.span) for i in ctx.ruleset.inputs
              if not i.scored]
    for kind, name, text, span in sorted(texts, key=lambda t: _order(t[3])):
        if not text:
            continue
        key = " ".join(text.split()).casefold()
        if key in seen:
            first_kind, first, first_span = seen[key]
            if ctx.here(span):
                yield warning("W401", _("{kind} '{name}' has the same text as {first_kind} "
                                        "'{first}'{where}: \"{text}\"", kind=kind, name=name,
                                        first_kind=first_kind, first=first,
                                        where=_where(ctx, first_span), text=_short(text)), span,
                              _("Two criteria with one text are usually a copy left unedited; "
                                "reword one of them."))
        else:
            seen[key] = (kind, name, span)
    for predicate in ctx.ruleset.predicates:
        found: dict[Any, m.Condition] = {}
        for condition in predicate.conditions:
            key = _key(condition)
            if key in found and ctx.here(condition.span):
                yield warning("W402", _("predicate '{predicate}' requires `{text}` twice{where}",
                                        predicate=predicate.name, text=condition.text,
                                        where=_where(ctx, found[key].span)),
                              condition.span, _("Remove one of the two `require` lines."))
            found.setdefault(key, condition)


def _key(condition: m.Condition) -> Any:
    """A condition without its text and span: equal for equal meanings as written."""
    return repr(attrs.asdict(condition, filter=lambda a, _: a.name not in ("text", "span"),
                             recurse=True)) + type(condition).__name__ + repr(
        [type(c).__name__ for c in conditions(condition)])


def _order(span: Span | None) -> tuple[int, int]:
    return (span.line, span.column) if span is not None else (1 << 30, 0)


def _where(ctx: Context, span: Span | None) -> str:
    if span is None:
        return ""
    if ctx.here(span):
        return _(" (line {line})", line=span.line)
    return f" ({span.file}:{span.line})"


def _short(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit - 3] + "..."


__all__ = ["duplicates", "unused"]

"""Source text -> a parsed module, with the rulesets it `extends` found and merged in."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import attrs

from zona import builtin
from zona.compiler.build import check_module
from zona.errors import Diagnostic, ZonaCompileError, ZonaError, ZonaSyntaxError
from zona.i18n import _
from zona.language import syntax as s
from zona.language.parser import parse
from zona.limits import limit, name_problem, printable, read_regular
from zona.source import Source, Span


def load_module(source: Source, chain: tuple[str, ...] = ()) -> tuple[s.Module, list[Source]]:
    """Parse a ruleset; if it extends another, merge the base in. Returns the bases' sources.
    A line longer than the limit `line_chars` is refused before parsing."""
    long_line(source.text, source.name)
    long_number(source)
    module = parse(source.text, source.name)
    too_deep(module, source)
    base_name = module.header.extends
    if base_name is None:
        return module, []
    here = (*chain, module.header.id)
    if base_name in here:
        cycle = " -> ".join([*here, base_name])
        raise ZonaCompileError([Diagnostic(_("circular extends: {cycle}", cycle=cycle),
                                           module.header.span,
                                           code="extends")], source)
    base_source = _base_source(base_name, source, module.header.span)
    base, others = load_module(base_source, here)
    found = [d for d in check_module(base) if d.severity == "error"]
    if found:
        raise ZonaCompileError(found, base_source, others)
    from zona.compiler.extend import merge  # only for a ruleset that extends another

    merged, problems = merge(base, module)
    bases = [base_source, *others]
    if problems:
        raise ZonaCompileError(problems, source, bases)
    return merged, bases


#: strings and comments (skipped), or a number of more than 40 digits (refused)
_LONG_NUMBER = re.compile(r'"""[\s\S]*?"""|"(?:[^"\\\n]|\\.)*"|#[^\n]*'
                          r"|(?<![\w.])(\d[\d_.]{40,})")


def long_number(source: Source) -> None:
    """ZonaSyntaxError at a number of more than 40 digits (zona.numtext's limit for answers;
    Python refuses to convert one of over 4,300), found before parsing."""
    for match in _LONG_NUMBER.finditer(source.text):
        if match.group(1) is not None:
            start = match.start(1)
            line = source.text.count("\n", 0, start) + 1
            column = start - (source.text.rfind("\n", 0, start) + 1) + 1
            diagnostic = Diagnostic(_("a number of more than 40 digits; no rubric needs one"),
                                    Span.point(line, column), code="syntax")
            raise ZonaSyntaxError(diagnostic, source)


def too_deep(module: s.Module, source: Source) -> None:
    """ZonaSyntaxError when declarations and expressions nest deeper than the limit `depth`
    (a 350-term `and`, 363 nested brackets): every later stage walks the tree recursively, so
    the tree is measured here, without recursion, and refused as scoring would refuse it."""
    most = limit("depth")
    stack: list[tuple[object, int]] = [(module, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, tuple | list):
            stack.extend((item, depth) for item in node)
            continue
        if not attrs.has(type(node)) or isinstance(node, Span):
            continue
        if depth > most:
            span = getattr(node, "span", None)
            diagnostic = Diagnostic(_("the ruleset nests deeper than {most} levels here; write it "
                                      "flatter, or raise the limit with ZONA_MAX_DEPTH", most=most),
                                    Span.point(span.line, span.column, span.file)
                                    if isinstance(span, Span) else None, code="syntax")
            raise ZonaSyntaxError(diagnostic, source)
        kind: Any = type(node)
        stack.extend((getattr(node, field.name), depth + 1) for field in attrs.fields(kind))


def find_ruleset(name: str, near: Source | Path) -> Path:
    """Where a ruleset another one (or an answer sheet) names is: `extends`, a chained fact's
    `from`, a sheet's `ruleset`. The name is a name, never a path (zona.limits.name_problem);
    it is the file `NAME.zona` in the folder of `near` (a ruleset's source, or a sheet's
    path), else the built-in ruleset NAME; ZonaError if it is neither."""
    problem = name_problem(name)
    if problem is not None:
        raise ZonaError(problem)
    where = near if isinstance(near, Path) else None if near.name == "<string>" \
        else Path(near.name)
    if where is not None:
        sibling = where.parent / f"{name}.zona"
        if sibling.is_file():
            return sibling
    return builtin.path(name)


def read_text(path: str | Path) -> str:
    """A ruleset file's text: a regular UTF-8 file of at most `ruleset_bytes` bytes;
    ZonaError (LimitError) otherwise (its lines are checked by load_module)."""
    shown = printable(str(path))
    try:
        data = read_regular(path, size_limit="ruleset_bytes")
    except OSError as error:
        raise ZonaError(_("{shown}: cannot read the ruleset: {strerror}", shown=shown,
                          strerror=error.strerror)) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise ZonaError(_("{shown}:{line}: not UTF-8 text; a ruleset is saved as UTF-8",
                          shown=shown, line=line)) \
            from None
    return text


def long_line(text: str, name: str) -> None:
    """ZonaSyntaxError at the first line longer than the limit `line_chars`, if any."""
    most = limit("line_chars")
    if len(text) <= most:
        return
    for number, line in enumerate(text.split("\n"), 1):
        if len(line) > most:
            diagnostic = Diagnostic(_("the line is longer than {most} characters; raise the limit "
                                      "with ZONA_MAX_LINE_CHARS", most=format(most, ',')),
                                      Span.point(number, 1),
                                    code="syntax")
            shown = "\n" * (number - 1) + line[:80] + "..."  # never the whole line
            raise ZonaSyntaxError(diagnostic, Source(shown, name))


def read_ruleset(path: Path, near: Source, span: Span | None, code: str) -> Source:
    """The text of a ruleset another one names; a located ZonaCompileError if unreadable."""
    try:
        text = read_text(path)
    except ZonaError as error:
        raise ZonaCompileError([Diagnostic(str(error), span, code=code)], near) from None
    return Source(text, str(path))


def _base_source(name: str, child: Source, span: Span | None) -> Source:
    """A sibling file `NAME.zona` next to the child, else the built-in ruleset NAME."""
    try:
        path = find_ruleset(name, child)
    except ZonaError as error:
        raise ZonaCompileError([Diagnostic(_("cannot find the ruleset '{name}' to extend: {error}",
                                             name=printable(name, 60), error=error), span,
                                             code="extends")],
                               child) from None
    return read_ruleset(path, child, span, "extends")

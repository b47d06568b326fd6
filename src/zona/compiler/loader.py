"""Source text -> a parsed module, with the rulesets it `extends` found and merged in."""

from __future__ import annotations

from pathlib import Path

from zona import builtin
from zona.compiler.build import check_module
from zona.errors import Diagnostic, ZonaCompileError, ZonaError
from zona.language import syntax as s
from zona.language.parser import parse
from zona.source import Source, Span


def load_module(source: Source, chain: tuple[str, ...] = ()) -> tuple[s.Module, list[Source]]:
    """Parse a ruleset; if it extends another, merge the base in. Returns the bases' sources."""
    module = parse(source.text, source.name)
    base_name = module.header.extends
    if base_name is None:
        return module, []
    here = (*chain, module.header.id)
    if base_name in here:
        cycle = " -> ".join([*here, base_name])
        raise ZonaCompileError([Diagnostic(f"circular extends: {cycle}", module.header.span,
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


def find_ruleset(name: str, near: Source) -> Path:
    """Where a ruleset another one names (`extends`, a chained fact's `from`) is: the file
    `NAME.zona` beside `near`, else the built-in ruleset NAME; ZonaError if neither exists."""
    sibling = Path(near.name).parent / f"{name}.zona"
    if near.name != "<string>" and sibling.is_file():
        return sibling
    return builtin.path(name)


def read_ruleset(path: Path, near: Source, span: Span | None, code: str) -> Source:
    """The text of a ruleset another one names; a located ZonaCompileError if unreadable."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ZonaCompileError([Diagnostic(f"cannot read '{path}': {error}", span,
                                           code=code)], near) from None
    return Source(text, str(path))


def _base_source(name: str, child: Source, span: Span | None) -> Source:
    """A sibling file `NAME.zona` next to the child, else the built-in ruleset NAME."""
    try:
        path = find_ruleset(name, child)
    except ZonaError as error:
        raise ZonaCompileError([Diagnostic(f"cannot find the ruleset '{name}' to extend: "
                                           f"{error}", span, code="extends")], child) from None
    return read_ruleset(path, child, span, "extends")

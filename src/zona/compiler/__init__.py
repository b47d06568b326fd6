"""Syntax tree -> model: reading a file and its `extends` chain (`loader`, `extend`), the
symbol table (`symbols`), the semantic checks (`checks`), name and expression resolution
(`resolve`), building the Ruleset (`build`), and checking chained facts against the rulesets
they come from (`chain`).

The entry points (re-exported by `zona`): `loads`, `load`, `load_builtin`, `check`, and
`in_force` (the built-in ruleset in force on a date).
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Sequence
from pathlib import Path

from zona import builtin
from zona.compiler.chain import compile_source
from zona.errors import Diagnostic, ZonaCompileError, ZonaError, ZonaSyntaxError
from zona.i18n import _
from zona.model import Ruleset
from zona.source import Source, Span


def loads(text: str, name: str = "<string>") -> Ruleset:
    """Compile ruleset source text; raise a ZonaError subclass for anything wrong with it."""
    source = Source(text, name)
    try:
        return compile_source(source)
    except RecursionError:
        raise ZonaSyntaxError(
            Diagnostic(_("the ruleset is nested too deeply to read"), Span.point(1, 1),
                       code="syntax"), source) from None


def load(path: str | Path) -> Ruleset:
    """Compile a ruleset file."""
    from zona.compiler.loader import read_text  # a regular file, size and lines limited

    return loads(read_text(path), str(path))


def check(text: str, name: str = "<string>") -> list[Diagnostic]:
    """Every diagnostic for ruleset source text (a syntax error yields just that one)."""
    try:
        loads(text, name)
    except ZonaSyntaxError as error:
        return [error.diagnostic]
    except ZonaCompileError as error:
        return list(error.diagnostics)
    return []


@functools.cache
def load_builtin(name: str) -> Ruleset:
    """Compile a built-in ruleset once per process."""
    return load(builtin.path(name))


def in_folders(folders: Sequence[str | Path]) -> list[Ruleset]:
    """Every ruleset (`*.zona`) in the given folders, in name order; ZonaError if a folder
    is missing or a ruleset in it has problems."""
    found: list[Ruleset] = []
    for folder in map(Path, folders):
        if not folder.is_dir():
            raise ZonaError(_("{folder}: not a folder of rulesets", folder=folder))
        found.extend(load(path) for path in sorted(folder.glob("*.zona")))
    return found


def in_force(on: datetime.date, folders: Sequence[str | Path] = ()) -> Ruleset:
    """The regulation ruleset in force on a date (the latest to take effect), among the
    built-in ones and those in `folders`."""
    candidates = []
    for ruleset in [*(load_builtin(name) for name in builtin.names()), *in_folders(folders)]:
        start, end = ruleset.effective_from, ruleset.effective_until
        if start is not None and start <= on and (end is None or on <= end):
            candidates.append(ruleset)
    if not candidates:
        if folders:
            raise ZonaError(_("no built-in ruleset or ruleset in {folders} is in force on {date}",
                              folders=", ".join(map(str, folders)), date=on.isoformat()))
        raise ZonaError(_("no built-in ruleset is in force on {date}", date=on.isoformat()))
    return max(candidates, key=lambda r: (r.effective_from or datetime.date.min, r.id))

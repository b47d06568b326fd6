"""Go to definition, find references and rename, across `extends`.

Ids are global in a ruleset and in the rulesets it extends, so an id written in a file is
declared in that file or in one of its bases (the files `extends` names, found as the
compiler finds them). References are looked for in the file, its bases and the open
documents that extend it; a rename changes the file and the open documents that extend it.
"""

from __future__ import annotations

import re

import attrs

from zona.i18n import _
from zona.lsp.documents import Document, Workspace
from zona.lsp.index import Index
from zona.lsp.positions import Place

RESERVED = frozenset({"total", "if", "then", "else", "not", "and", "or", "fact", "predicate",
                      "every", "share", "yes", "no", "grade"})
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@attrs.frozen
class Location:
    """A place in a file (a path, as the compiler names the file)."""

    path: str
    place: Place


class RenameRefused(Exception):
    """A rename that cannot be made, with the reason to show the author."""


def name_at(document: Document, line: int, column: int) -> str | None:
    """The id written at a position of a document (from its last version that parsed)."""
    return document.index.names_at(line, column) if document.index else None


def files_of(workspace: Workspace, document: Document) -> list[tuple[str, Index]]:
    """The document, then the files it extends, nearest first."""
    if document.index is None:
        return []
    return [(document.path, document.index), *workspace.bases(document.path, document.index)]


def definition(workspace: Workspace, document: Document, line: int,
               column: int) -> list[Location]:
    """Where the id at a position is declared (in the file or a file it extends)."""
    name = name_at(document, line, column)
    if name is None:
        return []
    for path, index in files_of(workspace, document):
        entry = index.definitions().get(name)
        if entry is not None:
            return [Location(path, entry.place)]
    return []


def references(workspace: Workspace, document: Document, line: int, column: int,
               declarations: bool = True) -> list[Location]:
    """Every place the id at a position is written: in the file, the files it extends and
    the open documents that extend it."""
    name = name_at(document, line, column)
    if name is None:
        return []
    files = files_of(workspace, document)
    files += [(d.path, d.index) for d in workspace.extending(document.path) if d.index]
    return [Location(path, place) for path, index in files
            for place in index.occurrences(name, declarations)]


def prepare_rename(document: Document, line: int, column: int) -> Place | None:
    """Where the id at a position is written, if it is an id declared in this file."""
    index = document.index
    name = name_at(document, line, column)
    if index is None or name is None or name not in index.definitions():
        return None
    return next(p for p in index.occurrences(name) if p.contains(line, column))


def rename(workspace: Workspace, document: Document, line: int, column: int,
           new: str) -> dict[str, list[Place]]:
    """The places to write `new` in, per file, to rename the id at a position: its
    declaration and references in the file and in the open documents that extend it."""
    index = document.index
    name = name_at(document, line, column)
    if index is None or name is None:
        raise RenameRefused(_("there is no id here to rename"))
    if name not in index.definitions():
        where = next((path for path, found in files_of(workspace, document)[1:]
                      if name in found.definitions()), None)
        raise RenameRefused(_("'{name}' is declared in {where}; rename it there", name=name,
                              where=where) if where else
                            _("'{name}' is not declared in this file", name=name))
    if not NAME.fullmatch(new):
        raise RenameRefused(_("'{name}' is not an id: a letter or _ followed by letters, "
                              "digits and _", name=new))
    if new in RESERVED:
        raise RenameRefused(_("'{name}' is a keyword and cannot be used as an id", name=new))
    family = [(document.path, index), *[(d.path, d.index) for d in
                                        workspace.extending(document.path) if d.index]]
    taken = [*family, *files_of(workspace, document)[1:]]
    if new != name and any(new in found.definitions() for _, found in taken):
        raise RenameRefused(_("'{name}' is already declared", name=new))
    edits = {path: found.occurrences(name) for path, found in family}
    return {path: places for path, places in edits.items() if places}

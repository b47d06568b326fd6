"""The documents an editor has open, what each was found to be, and the files they extend.

Each change re-reads the document: its diagnostics (zona.lint.diagnose: every error and
warning), the syntax tree's index when it parses, and the compiled model when it has no
error. A document that stops parsing keeps the index and model of its last good version,
so that the outline, hover and navigation keep working while the author types.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from pathlib import Path

import attrs

from zona.compiler import loads
from zona.compiler.loader import find_ruleset
from zona.errors import Diagnostic, ZonaError
from zona.language.parser import parse
from zona.lint import diagnose
from zona.lsp.index import Index, build
from zona.model import Ruleset
from zona.source import Source

log = logging.getLogger(__name__)
UNTITLED = "<string>"  # the compiler's name for text without a file: extends finds built-ins


@attrs.define
class Document:
    """An open document: where it is, its text, and what its text was last found to be."""

    uri: str
    path: str
    text: str
    index: Index | None = None
    ruleset: Ruleset | None = None
    diagnostics: list[Diagnostic] = attrs.field(factory=list)
    parses: bool = False


def analyse(document: Document) -> None:
    """Re-read a document's text: diagnostics always, index and model when they can be had."""
    try:
        document.diagnostics = diagnose(document.text, document.path)
    except Exception:  # a bug in a check must not cost the author the other features
        log.exception("diagnosing %s failed", document.path)
        document.diagnostics = []
    try:
        module = parse(document.text, document.path)
    except (ZonaError, RecursionError):
        document.parses = False
        return
    document.parses = True
    document.index = build(module, document.text)
    if any(d.severity == "error" for d in document.diagnostics):
        return
    with contextlib.suppress(ZonaError, RecursionError):
        document.ruleset = loads(document.text, document.path)


def same_file(one: str, other: str) -> bool:
    """Whether two paths name the same file."""
    if UNTITLED in (one, other):
        return False
    return os.path.realpath(one) == os.path.realpath(other)


class Workspace:
    """The open documents by URI, and the files (open or on disk) they extend."""

    def __init__(self) -> None:
        self.documents: dict[str, Document] = {}
        self._disk: dict[str, tuple[float, Index | None]] = {}

    def open(self, uri: str, path: str, text: str) -> Document:
        document = Document(uri, path, text)
        analyse(document)
        self.documents[uri] = document
        return document

    def change(self, uri: str, text: str) -> Document:
        document = self.documents[uri]
        document.text = text
        analyse(document)
        return document

    def close(self, uri: str) -> None:
        self.documents.pop(uri, None)

    def by_path(self, path: str) -> Document | None:
        """The open document of a file, if it is open."""
        return next((d for d in self.documents.values() if same_file(d.path, path)), None)

    def index_of(self, path: str) -> Index | None:
        """The index of a file: its open document's, else read from disk (cached by mtime)."""
        open_document = self.by_path(path)
        if open_document is not None:
            return open_document.index
        try:
            stamp = os.stat(path).st_mtime
            cached = self._disk.get(path)
            if cached is not None and cached[0] == stamp:
                return cached[1]
            text = Path(path).read_text(encoding="utf-8")
            found: Index | None = build(parse(text, path), text)
        except (OSError, UnicodeDecodeError, ZonaError, RecursionError):
            stamp, found = 0.0, None
        self._disk[path] = (stamp, found)
        return found

    def base_path(self, index: Index, path: str) -> str | None:
        """The file a ruleset extends, found as the compiler finds it (beside the file, else
        a built-in ruleset), or None."""
        if index.extends is None:
            return None
        text = self.by_path(path)
        try:
            found = find_ruleset(index.extends, Source(text.text if text else "", path))
        except ZonaError:
            return None
        return str(found)

    def bases(self, path: str, index: Index) -> Iterator[tuple[str, Index]]:
        """The files a file extends, nearest first, each with its index."""
        seen = {os.path.realpath(path)}
        base = self.base_path(index, path)
        while base is not None and os.path.realpath(base) not in seen:
            seen.add(os.path.realpath(base))
            found = self.index_of(base)
            if found is None:
                return
            yield base, found
            base = self.base_path(found, base)

    def extending(self, path: str) -> list[Document]:
        """The open documents that extend a file, directly or through others."""
        found: list[Document] = []
        targets = [path]
        while targets:
            target = targets.pop()
            for document in self.documents.values():
                index = document.index
                if index is None or document in found or same_file(document.path, path):
                    continue
                base = self.base_path(index, document.path)
                if base is not None and same_file(base, target):
                    found.append(document)
                    targets.append(document.path)
        return found

"""zona's diagnostics as the editor shows them: a place in the document, a severity, a code
and the message with its hint. A problem found in a file this one extends is shown at the
`extends` clause, naming the other file's line and column."""

from __future__ import annotations

import attrs

from zona.errors import Diagnostic
from zona.lsp.index import Index
from zona.lsp.positions import Place, lines_of, place_of


@attrs.frozen
class Problem:
    """A diagnostic placed in a document; `elsewhere` is (file, place) for one found in
    another file."""

    place: Place
    severity: str
    code: str
    message: str
    elsewhere: tuple[str, Place] | None = None


def problems(diagnostics: list[Diagnostic], path: str, text: str,
             index: Index | None) -> list[Problem]:
    """The problems of a document, in zona's order."""
    return [_problem(d, path, text, index) for d in diagnostics]


def _problem(diagnostic: Diagnostic, path: str, text: str, index: Index | None) -> Problem:
    separator = " " if diagnostic.message.endswith(".") else ". "
    message = diagnostic.message + (f"{separator}{diagnostic.hint}" if diagnostic.hint else "")
    span = diagnostic.span
    if span is None:
        first = lines_of(text)[0]
        return Problem(Place(0, 0, 0, len(first)), diagnostic.severity, diagnostic.code,
                       message)
    if span.file is None or span.file == path:
        return Problem(place_of(span), diagnostic.severity, diagnostic.code, message)
    where = (index.extends_place or index.header) if index is not None else Place(0, 0, 0, 0)
    return Problem(where, diagnostic.severity, diagnostic.code,
                   f"{span.file}:{span.line}:{span.column}: {message}",
                   (span.file, place_of(span)))

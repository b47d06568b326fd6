"""The language server's wiring: pygls features calling zona.lsp's pure modules.

Only this module speaks the protocol (pygls and lsprotocol, the `lsp` extra): it converts
the client's positions (UTF-16 code units by default) to zona's code points and back, and
turns the results into protocol types. Every handler catches what goes wrong, logs it and
answers empty, so that no request can bring the server down.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

from lsprotocol import types as t
from pygls import uris
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer

from zona.i18n import _
from zona.lsp import completion, formatting, navigation, outline, problems
from zona.lsp.documents import UNTITLED, Document, Workspace
from zona.lsp.hover import hover as hover_text
from zona.lsp.navigation import Location, RenameRefused
from zona.lsp.positions import Place, from_units, lines_of, to_units
from zona.version import __version__

log = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., Any])
SEVERITY = {"error": t.DiagnosticSeverity.Error, "warning": t.DiagnosticSeverity.Warning}
NODE_SYMBOLS = {"question": t.SymbolKind.Field, "item": t.SymbolKind.Field}
SYMBOLS = {"input": t.SymbolKind.Variable, "derived": t.SymbolKind.Function,
           "scale": t.SymbolKind.Enum, "option": t.SymbolKind.EnumMember,
           "fact": t.SymbolKind.Constant, "view": t.SymbolKind.Interface,
           "predicate": t.SymbolKind.Boolean, "grade": t.SymbolKind.Struct,
           "level": t.SymbolKind.EnumMember, "amend": t.SymbolKind.Event,
           "remove": t.SymbolKind.Event, "add to": t.SymbolKind.Namespace,
           "move": t.SymbolKind.Event}
COMPLETIONS = {"keyword": t.CompletionItemKind.Keyword, "input": t.CompletionItemKind.Variable,
               "derived": t.CompletionItemKind.Function, "scale": t.CompletionItemKind.Enum,
               "fact": t.CompletionItemKind.Constant, "view": t.CompletionItemKind.Interface,
               "predicate": t.CompletionItemKind.Event, "grade": t.CompletionItemKind.Struct,
               "total": t.CompletionItemKind.Value}


def safe(default: Callable[[], Any]) -> Callable[[F], F]:
    """Log any error of a handler and answer `default()` instead."""
    def wrap(handler: F) -> F:
        @functools.wraps(handler)
        def run(*args: Any) -> Any:
            try:
                return handler(*args)
            except JsonRpcException:
                raise
            except Exception:
                log.exception("%s failed", handler.__name__)
                return default()
        return cast(F, run)
    return wrap


def _plain(method: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A function calling a bound method (pygls marks the functions it registers)."""
    def handle(params: Any) -> Any:
        return method(params)
    return handle


class ZonaServer:
    """The server's state: pygls's LanguageServer, and zona's view of the open documents."""

    def __init__(self) -> None:
        self.server = LanguageServer("zona", __version__)
        self.workspace = Workspace()
        features: list[tuple[str, Callable[..., Any], Any]] = [
            (t.TEXT_DOCUMENT_DID_OPEN, self.did_open, None),
            (t.TEXT_DOCUMENT_DID_CHANGE, self.did_change, None),
            (t.TEXT_DOCUMENT_DID_SAVE, self.did_save, None),
            (t.TEXT_DOCUMENT_DID_CLOSE, self.did_close, None),
            (t.TEXT_DOCUMENT_HOVER, self.hover, None),
            (t.TEXT_DOCUMENT_DEFINITION, self.definition, None),
            (t.TEXT_DOCUMENT_REFERENCES, self.references, None),
            (t.TEXT_DOCUMENT_COMPLETION, self.completion,
             t.CompletionOptions(trigger_characters=["(", " "])),
            (t.TEXT_DOCUMENT_DOCUMENT_SYMBOL, self.symbols, None),
            (t.TEXT_DOCUMENT_FORMATTING, self.formatting, None),
            (t.TEXT_DOCUMENT_RENAME, self.rename,
             t.RenameOptions(prepare_provider=True)),
            (t.TEXT_DOCUMENT_PREPARE_RENAME, self.prepare_rename, None),
        ]
        for name, handler, options in features:
            self.server.feature(name, options)(_plain(handler))

    # --- positions ---------------------------------------------------------------

    def _units(self, text: str) -> int:
        return int(self.server.workspace.position_codec.client_num_units(text))

    def _text(self, path: str) -> str:
        document = self.workspace.by_path(path)
        if document is not None:
            return document.text
        try:
            return Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return ""

    def _range(self, text: str, place: Place) -> t.Range:
        lines = lines_of(text)

        def position(line: int, column: int) -> t.Position:
            if line >= len(lines):
                return t.Position(line=max(len(lines) - 1, 0), character=self._units(lines[-1]))
            return t.Position(line=line, character=to_units(lines[line], column, self._units))

        return t.Range(start=position(place.line, place.column),
                       end=position(place.end_line, place.end_column))

    def _at(self, document: Document, position: t.Position) -> tuple[int, int]:
        lines = lines_of(document.text)
        line = min(position.line, len(lines) - 1)
        return line, from_units(lines[line], position.character, self._units)

    def _uri(self, path: str) -> str:
        document = self.workspace.by_path(path)
        if document is not None:
            return document.uri
        return uris.from_fs_path(path) or path

    def _location(self, found: Location) -> t.Location:
        return t.Location(uri=self._uri(found.path),
                          range=self._range(self._text(found.path), found.place))

    def _document(self, uri: str) -> Document | None:
        return self.workspace.documents.get(uri)

    # --- documents -----------------------------------------------------------------

    @safe(lambda: None)
    def did_open(self, params: t.DidOpenTextDocumentParams) -> None:
        item = params.text_document
        path = uris.to_fs_path(item.uri) if item.uri.startswith("file:") else None
        self.publish(self.workspace.open(item.uri, path or UNTITLED, item.text))

    @safe(lambda: None)
    def did_change(self, params: t.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri
        if uri in self.workspace.documents:
            text = self.server.workspace.get_text_document(uri).source
            self.publish(self.workspace.change(uri, text))

    @safe(lambda: None)
    def did_save(self, params: t.DidSaveTextDocumentParams) -> None:
        document = self._document(params.text_document.uri)
        if document is None:
            return
        # the files extending this one read it from disk: check them again
        for child in self.workspace.extending(document.path):
            self.publish(self.workspace.change(child.uri, child.text))

    @safe(lambda: None)
    def did_close(self, params: t.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        self.workspace.close(uri)
        self.server.text_document_publish_diagnostics(
            t.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    def publish(self, document: Document) -> None:
        """Send a document's diagnostics to the client."""
        found = problems.problems(document.diagnostics, document.path, document.text,
                                  document.index)
        diagnostics = []
        for problem in found:
            related = None
            if problem.elsewhere is not None:
                path, place = problem.elsewhere
                related = [t.DiagnosticRelatedInformation(
                    location=self._location(Location(path, place)),
                    message=_("the problem is here"))]
            diagnostics.append(t.Diagnostic(
                range=self._range(document.text, problem.place), message=problem.message,
                severity=SEVERITY.get(problem.severity, t.DiagnosticSeverity.Information),
                code=problem.code or None, source="zona", related_information=related))
        self.server.text_document_publish_diagnostics(
            t.PublishDiagnosticsParams(uri=document.uri, diagnostics=diagnostics))

    # --- requests --------------------------------------------------------------------

    @safe(lambda: None)
    def hover(self, params: t.HoverParams) -> t.Hover | None:
        document = self._document(params.text_document.uri)
        if document is None:
            return None
        text = hover_text(self.workspace, document, *self._at(document, params.position))
        if text is None:
            return None
        return t.Hover(contents=t.MarkupContent(kind=t.MarkupKind.Markdown, value=text))

    @safe(list)
    def definition(self, params: t.DefinitionParams) -> list[t.Location]:
        document = self._document(params.text_document.uri)
        if document is None:
            return []
        found = navigation.definition(self.workspace, document,
                                      *self._at(document, params.position))
        return [self._location(f) for f in found]

    @safe(list)
    def references(self, params: t.ReferenceParams) -> list[t.Location]:
        document = self._document(params.text_document.uri)
        if document is None:
            return []
        found = navigation.references(self.workspace, document,
                                      *self._at(document, params.position),
                                      params.context.include_declaration)
        return [self._location(f) for f in found]

    @safe(list)
    def completion(self, params: t.CompletionParams) -> list[t.CompletionItem]:
        document = self._document(params.text_document.uri)
        if document is None:
            return []
        ids = {}
        if document.index is not None:
            for _, index in reversed(navigation.files_of(self.workspace, document)):
                ids.update(index.definitions())
        extends = document.index.extends is not None if document.index else False
        items = completion.complete(document.text, *self._at(document, params.position), ids,
                                    extends)
        return [t.CompletionItem(label=i.label, detail=i.detail,
                                 kind=COMPLETIONS.get(i.kind, t.CompletionItemKind.Class))
                for i in items]

    @safe(list)
    def symbols(self, params: t.DocumentSymbolParams) -> list[t.DocumentSymbol]:
        document = self._document(params.text_document.uri)
        if document is None or document.index is None:
            return []
        return [self._symbol(document.text, s) for s in outline.outline(document.index)]

    def _symbol(self, text: str, symbol: outline.Symbol) -> t.DocumentSymbol:
        kind = SYMBOLS.get(symbol.kind, NODE_SYMBOLS.get(symbol.kind, t.SymbolKind.Module))
        return t.DocumentSymbol(
            name=symbol.name, kind=kind, detail=symbol.detail,
            range=self._range(text, symbol.extent),
            selection_range=self._range(text, symbol.place),
            children=[self._symbol(text, c) for c in symbol.children])

    @safe(list)
    def formatting(self, params: t.DocumentFormattingParams) -> list[t.TextEdit]:
        document = self._document(params.text_document.uri)
        if document is None:
            return []
        return [t.TextEdit(range=self._range(document.text, place), new_text=new)
                for place, new in formatting.format_edits(document.text, document.path)]

    @safe(lambda: None)
    def prepare_rename(self, params: t.PrepareRenameParams) -> t.Range | None:
        document = self._document(params.text_document.uri)
        if document is None:
            return None
        place = navigation.prepare_rename(document, *self._at(document, params.position))
        return self._range(document.text, place) if place is not None else None

    @safe(lambda: None)
    def rename(self, params: t.RenameParams) -> t.WorkspaceEdit | None:
        document = self._document(params.text_document.uri)
        if document is None:
            return None
        try:
            edits = navigation.rename(self.workspace, document,
                                      *self._at(document, params.position), params.new_name)
        except RenameRefused as refused:
            raise JsonRpcException(str(refused), code=t.LSPErrorCodes.RequestFailed) from None
        changes = {}
        for path, places in edits.items():
            text = self._text(path)
            changes[self._uri(path)] = [
                t.TextEdit(range=self._range(text, p), new_text=params.new_name)
                for p in places]
        return t.WorkspaceEdit(changes=changes)


def serve(tcp: int | None = None, host: str = "127.0.0.1") -> None:
    """Run the language server on stdin/stdout, or on a TCP port."""
    server = ZonaServer().server
    if tcp is not None:
        server.start_tcp(host, tcp)
    else:
        server.start_io()

"""A small LSP client for the tests: starts `zona lsp` as a subprocess and speaks JSON-RPC
over its stdin/stdout, as an editor does (Content-Length framed messages)."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any, BinaryIO

WAIT = 60  # seconds: a hung server fails the test instead of hanging it


class Server:
    """A running `zona lsp` and the messages it sent."""

    def __init__(self, *extra: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "zona", "lsp", *extra], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env={**os.environ, "ZONA_LANG": "en"})  # module-scoped: before conftest sets it
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self.notifications: list[dict[str, Any]] = []
        self.next_id = 0
        assert self.process.stdout is not None
        threading.Thread(target=self._read, args=(self.process.stdout,), daemon=True).start()

    def _read(self, stream: BinaryIO) -> None:
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value)
            assert length is not None
            self.messages.put(json.loads(stream.read(length)))

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def notify(self, method: str, params: Any) -> None:
        self.send({"method": method, "params": params})

    def call(self, method: str, params: Any) -> dict[str, Any]:
        """Send a request; return the whole response (`result` or `error`)."""
        self.next_id += 1
        wanted = self.next_id
        self.send({"id": wanted, "method": method, "params": params})
        while True:
            message = self.messages.get(timeout=WAIT)
            if message.get("id") == wanted and "method" not in message:
                return message
            self._keep(message)

    def request(self, method: str, params: Any) -> Any:
        """Send a request; return its result (failing on an error)."""
        response = self.call(method, params)
        assert "error" not in response, response["error"]
        return response["result"]

    def _keep(self, message: dict[str, Any]) -> None:
        if "id" in message and "method" in message:  # a request from the server
            self.send({"id": message["id"], "result": None})
        else:
            self.notifications.append(message)

    def diagnostics(self, uri: str) -> list[dict[str, Any]]:
        """The next diagnostics the server publishes for a document."""
        for index, message in enumerate(self.notifications):
            if message.get("method") == "textDocument/publishDiagnostics" and \
                    message["params"]["uri"] == uri:
                del self.notifications[index]
                return list(message["params"]["diagnostics"])
        while True:
            message = self.messages.get(timeout=WAIT)
            if message.get("method") == "textDocument/publishDiagnostics" and \
                    message["params"]["uri"] == uri:
                return list(message["params"]["diagnostics"])
            self._keep(message)

    def initialize(self, root: Path) -> dict[str, Any]:
        result = self.request("initialize", {
            "processId": None, "rootUri": root.as_uri(),
            "capabilities": {"textDocument": {
                "hover": {"contentFormat": ["markdown"]},
                "documentSymbol": {"hierarchicalDocumentSymbolSupport": True},
                "rename": {"prepareSupport": True}}}})
        self.notify("initialized", {})
        return dict(result)

    def open(self, path: Path, text: str | None = None) -> str:
        uri = path.as_uri()
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "zona", "version": 1,
            "text": path.read_text(encoding="utf-8") if text is None else text}})
        return uri

    def change(self, uri: str, text: str, version: int = 2) -> None:
        self.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"text": text}]})

    def stop(self) -> int:
        """shutdown, exit; the server's exit code."""
        if self.process.poll() is None:
            self.request("shutdown", None)
            self.notify("exit", None)
        code = self.process.wait(timeout=WAIT)
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()
        return code


def at(uri: str, line: int, character: int) -> dict[str, Any]:
    """The params of a request at a position."""
    return {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}

"""The VS Code extension folder: manifest, language configuration and the language client."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from tests.editors.conftest import VSCODE

MANIFEST = json.loads((VSCODE / "package.json").read_text(encoding="utf-8"))
CONFIGURATION = json.loads((VSCODE / "language-configuration.json").read_text(encoding="utf-8"))


def test_the_manifest_runs_the_extension_and_pins_the_client() -> None:
    assert (VSCODE / MANIFEST["main"]).is_file()
    settings = MANIFEST["contributes"]["configuration"]["properties"]
    assert settings["zona.server.path"]["default"] == "zona"
    assert set(settings) == {"zona.server.enabled", "zona.server.path", "zona.trace.server"}
    lock = json.loads((VSCODE / "package-lock.json").read_text(encoding="utf-8"))
    pinned = MANIFEST["dependencies"]["vscode-languageclient"]
    assert lock["packages"]["node_modules/vscode-languageclient"]["version"] == pinned
    assert "node_modules/" in (VSCODE / ".gitignore").read_text(encoding="utf-8").split()


def test_comments_and_brackets() -> None:
    assert CONFIGURATION["comments"] == {"lineComment": "#"}
    assert CONFIGURATION["brackets"] == [["{", "}"], ["(", ")"]]
    assert {pair["open"] + pair["close"] for pair in CONFIGURATION["autoClosingPairs"]} == {
        "{}", "()", '""'}


@pytest.mark.parametrize(("line", "indents"), [
    ('component pengungkit "Pengungkit" {', True),
    ("predicate WBK {   # the first predicate", True),
    ('    note "a { in a text" {', True),
    ('question q1 "Ya {" { scale yt }', False),
    ('    note "text with {"', False),
    ("# a comment {", False),
    ("scale yt { Ya = 1, Tidak = 0 }", False),
])
def test_a_line_that_opens_a_block_indents_the_next(line: str, indents: bool) -> None:
    pattern = re.compile(CONFIGURATION["indentationRules"]["increaseIndentPattern"])
    assert bool(pattern.search(line)) is indents


@pytest.mark.parametrize(("line", "dedents"), [("    }", True), ("}  # end", True),
                                               ("    weight 10", False)])
def test_a_closing_brace_dedents(line: str, dedents: bool) -> None:
    pattern = re.compile(CONFIGURATION["indentationRules"]["decreaseIndentPattern"])
    assert bool(pattern.search(line)) is dedents


def test_the_client_starts_zona_lsp() -> None:
    """editors/vscode/test/extension.test.js: extension.js against stand-ins for VS Code's API."""
    if shutil.which("node") is None:
        pytest.skip("node not found: extension.js is tested under node (install Node.js)")
    done = subprocess.run(["node", "--test", "test/extension.test.js"], cwd=VSCODE,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "# pass 3" in done.stdout and "# fail 0" in done.stdout

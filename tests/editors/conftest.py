"""Fixtures for the editor tests: the TextMate engine of VS Code, installed with npm."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT
from tests.editors.corpus import CORPUS

VSCODE = ROOT / "editors" / "vscode"
GRAMMAR = VSCODE / "syntaxes" / "zona.tmLanguage.json"
NODE_TEST = VSCODE / "test"

# {path: one list per line of [start, end, [scope, ...]] (code point columns, 0-based)}
Tokens = dict[Path, list[list[tuple[int, int, list[str]]]]]


def _install(node_test: Path) -> None:
    """`npm ci` the pinned vscode-textmate and vscode-oniguruma, unless they are in place."""
    marker = node_test / "node_modules" / ".package-lock.json"
    lock = node_test / "package-lock.json"
    if marker.is_file() and marker.stat().st_mtime >= lock.stat().st_mtime:
        return
    done = subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=node_test,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"npm ci failed in {node_test}:\n{done.stdout}{done.stderr}"


def tokenize(paths: list[Path]) -> Tokens:
    """Tokenize files with the extension's grammar under node (vscode-textmate)."""
    done = subprocess.run(
        ["node", str(NODE_TEST / "tokenize.js"), str(GRAMMAR), *map(str, paths)],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stderr
    raw: dict[str, Any] = json.loads(done.stdout)
    return {Path(name): [[(a, b, scopes) for a, b, scopes in line] for line in lines]
            for name, lines in raw.items()}


@pytest.fixture(scope="session")
def textmate() -> None:
    """node and npm with the test packages installed (skips when node or npm is absent)."""
    missing = [tool for tool in ("node", "npm") if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"{' and '.join(missing)} not found: the TextMate grammar is tested under "
                    "node with vscode-textmate (install Node.js and npm to run it)")
    _install(NODE_TEST)


@pytest.fixture(scope="session")
def corpus_tokens(textmate: None) -> Tokens:
    """The TextMate tokens of every corpus file."""
    return tokenize(CORPUS)

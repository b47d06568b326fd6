"""The house: one package per stage, imports pointing down the pipeline, no import cycle,
no module over 400 lines, lark only in zona.language (docs/architecture.md)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import zona
from tests.conftest import ROOT

PACKAGE = ROOT / "src" / "zona"
# Each stage may import the stages of a lower rank (and its own); never a higher one.
RANKS = {
    "zona.errors": 0, "zona.source": 0, "zona.numtext": 0, "zona.extras": 0, "zona.version": 0,
    "zona.limits": 0,
    "zona.i18n": 0,
    "zona.language": 1, "zona.builtin": 2, "zona.model": 2, "zona.compiler": 3,
    "zona.scoring": 4, "zona": 5, "zona.io": 6, "zona.analysis": 7, "zona.render": 8,
    "zona.batch": 8, "zona.testing": 8, "zona.lint": 8, "zona.lsp": 9,
    "zona.serve": 9, "zona.cli": 10,
    "zona.__main__": 11,
}
# The convenience methods that import upwards, lazily (listed in zona/__init__.py).
LAZY_UPWARD = {
    ("zona.model.ruleset", "zona.scoring"),       # Ruleset.score
    ("zona.model.ruleset", "zona.batch.sql"),     # Ruleset.to_sql
    ("zona.model.ruleset", "zona.render.html"),   # Ruleset._repr_html_
    ("zona.scoring.result", "zona.analysis.explain"),  # Result.explain
    ("zona.scoring.result", "zona.analysis.gap"),      # Result.gap
    ("zona.scoring.result", "zona.render.html"),       # Result._repr_html_
}


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


MODULES = _modules()


def _imports(path: Path) -> Iterator[tuple[str, bool]]:
    """(imported zona module, at module level?) for every import in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = {id(node) for node in tree.body}
    typing_only = {id(inner) for node in tree.body if isinstance(node, ast.If)
                   and "TYPE_CHECKING" in ast.unparse(node.test) for inner in ast.walk(node)}
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("zona"):
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                yield (full if full in MODULES else node.module), id(node) in top
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("zona"):
                    yield alias.name, id(node) in top


def _rank(module: str) -> tuple[int, str]:
    stage = max((s for s in RANKS if module == s or module.startswith(s + ".")), key=len)
    return RANKS[stage], stage


def test_every_module_has_a_stage() -> None:
    assert all(_rank(m) for m in MODULES)


def test_module_level_imports_have_no_cycle() -> None:
    graph = {m: {t for t, top in _imports(p) if top and t in MODULES and t != m}
             for m, p in MODULES.items()}
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(module: str, trail: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                cycles.append([*trail[trail.index(target):], target])
            elif target not in state:
                visit(target, [*trail, target])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_imports_point_down_the_pipeline() -> None:
    upward = set()
    for module, path in MODULES.items():
        own, stage = _rank(module)
        for target, top in _imports(path):
            if target == "zona.version":
                continue
            rank, other = _rank(target)
            if rank > own and other != stage:
                upward.add((module, target, top))
    assert {(m, t) for m, t, top in upward if top} == set(), "module-level imports go up"
    assert {(m, t) for m, t, _ in upward} == LAZY_UPWARD


def test_lazy_upward_imports_are_listed_in_the_package_docstring() -> None:
    doc = zona.__doc__ or ""
    for _, target in LAZY_UPWARD:
        assert target in doc, target


def test_no_module_over_400_lines() -> None:
    long = {m: n for m, p in MODULES.items()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400}
    assert long == {}


def test_only_the_language_package_imports_lark() -> None:
    users = set()
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(n == "lark" or n.startswith("lark.") for n in names):
                users.add(module)
    assert users and all(m.startswith("zona.language") for m in users), users

"""zona: a rules language and exact scoring engine for Zona Integritas (WBK/WBBM).

    >>> import zona
    >>> ruleset = zona.load("examples/example.zona")
    >>> result = ruleset.score({"q1": "Ya", ...})
    >>> result.total.score, result.predicates["WBK"].passed

The pipeline: text -> parse (zona.parser) -> checks -> compile -> Ruleset -> score -> Result.
"""

from __future__ import annotations

from pathlib import Path

from zona.builtin import load_builtin
from zona.errors import (
    AnswerProblem,
    Diagnostic,
    ZonaAnswerError,
    ZonaCompileError,
    ZonaError,
    ZonaEvaluationError,
    ZonaSyntaxError,
)
from zona.model import Ruleset
from zona.result import ConditionResult, NodeResult, PredicateResult, Result, ViewResult
from zona.source import Source, Span

__all__ = [
    "AnswerProblem",
    "ConditionResult",
    "Diagnostic",
    "NodeResult",
    "PredicateResult",
    "Result",
    "Ruleset",
    "Source",
    "Span",
    "ViewResult",
    "ZonaAnswerError",
    "ZonaCompileError",
    "ZonaError",
    "ZonaEvaluationError",
    "ZonaSyntaxError",
    "check",
    "load",
    "load_builtin",
    "loads",
]


def loads(text: str, name: str = "<string>") -> Ruleset:
    """Compile ruleset source text; raise a ZonaError subclass for anything wrong with it."""
    from zona.compiler import compile_module
    from zona.loader import load_module

    source = Source(text, name)
    try:
        module, bases = load_module(source)
        return compile_module(module, source, bases)
    except RecursionError:
        raise ZonaSyntaxError(
            Diagnostic("the ruleset is nested too deeply to read", Span.point(1, 1),
                       code="syntax"), source) from None


def load(path: str | Path) -> Ruleset:
    """Compile a ruleset file."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ZonaError(f"{file}: cannot read the ruleset: {error}") from None
    return loads(text, str(path))


def check(text: str, name: str = "<string>") -> list[Diagnostic]:
    """Every diagnostic for ruleset source text (a syntax error yields just that one)."""
    try:
        loads(text, name)
    except ZonaSyntaxError as error:
        return [error.diagnostic]
    except ZonaCompileError as error:
        return list(error.diagnostics)
    return []

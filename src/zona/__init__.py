"""zona: a rules language and exact scoring engine for Zona Integritas (WBK/WBBM).

    >>> import zona
    >>> ruleset = zona.load("examples/example.zona")
    >>> result = ruleset.score({"q1": "Ya", ...})
    >>> result.total.score, result.predicates["WBK"].passed

The pipeline: text -> parse (zona.language) -> checks (zona.compiler) -> Ruleset
(zona.model) -> score (zona.scoring) -> Result -> analyses and renderings.
"""

from __future__ import annotations

from zona.compiler import check, load, load_builtin, loads
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
from zona.scoring.result import ConditionResult, NodeResult, PredicateResult, Result, ViewResult
from zona.source import Source, Span

__version__ = "0.2.0"

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
    "__version__",
    "check",
    "load",
    "load_builtin",
    "loads",
]


"""zona: a rules language and exact scoring engine for Zona Integritas (WBK/WBBM).

    >>> import zona
    >>> ruleset = zona.load("examples/example.zona")
    >>> result = ruleset.score({"q1": "Ya", ...})
    >>> result.total.score, result.predicates["WBK"].passed

The pipeline, one package per stage (docs/architecture.md): text -> syntax tree
(zona.language) -> checks and build (zona.compiler) -> Ruleset (zona.model) -> score
(zona.scoring) -> Result -> analyses (zona.analysis), renderings (zona.render), many units
(zona.batch); answer files in and out (zona.io); the command line (zona.cli).

Imports point down that pipeline. The only exceptions are a few convenience methods, which
import the later stage when called:
- `Ruleset.score` (zona.scoring), `Ruleset.to_sql` (zona.batch.sql) and
  `Ruleset._repr_html_` (zona.render.html);
- `Result.explain` (zona.analysis.explain), `Result.gap` (zona.analysis.gap) and
  `Result._repr_html_` (zona.render.html).
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
from zona.version import __version__

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


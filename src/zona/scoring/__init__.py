"""Model x answers -> Result, exact: the per-ruleset plan (`plan`), reading answers and
facts (`read`), integer-pair arithmetic (`numbers`), predicate verdicts (`verdicts`),
building the Result (`build`, `result`) and the entry `score` (`evaluate`).
"""

from __future__ import annotations

from zona.scoring.build import fact_condition
from zona.scoring.evaluate import score
from zona.scoring.plan import Plan, dependency_order, plan_of
from zona.scoring.read import read_fact, read_value
from zona.scoring.result import (
    ConditionResult,
    NodeResult,
    PredicateResult,
    Result,
    ViewResult,
)

__all__ = [
    "ConditionResult",
    "NodeResult",
    "Plan",
    "PredicateResult",
    "Result",
    "ViewResult",
    "dependency_order",
    "fact_condition",
    "plan_of",
    "read_fact",
    "read_value",
    "score",
]

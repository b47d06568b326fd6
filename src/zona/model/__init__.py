"""The compiled model: the immutable Ruleset and its parts (`ruleset`), and the compiled
expressions (`expr`). Built by `zona.compiler`, read by every later stage.

`from zona import model as m` gives the Ruleset and its parts as `m.Ruleset`, `m.Node`, ...
"""

from __future__ import annotations

from zona.model.assumptions import Assumption
from zona.model.chaining import FactSource
from zona.model.changes import CHANGES, Change, Words
from zona.model.grades import Band, Grade, Level
from zona.model.ruleset import (
    POLICIES,
    Aggregation,
    AllOf,
    AnyOf,
    Compare,
    Condition,
    Derived,
    Every,
    Fact,
    FactKind,
    FactValue,
    Input,
    InputKind,
    NaPolicy,
    Node,
    NoneOf,
    Policy,
    Predicate,
    PredicateRef,
    Ruleset,
    Scale,
    ScaleOption,
    Texts,
    View,
)

__all__ = [
    "CHANGES",
    "POLICIES",
    "Aggregation",
    "AllOf",
    "AnyOf",
    "Assumption",
    "Band",
    "Change",
    "Compare",
    "Condition",
    "Derived",
    "Every",
    "Fact",
    "FactKind",
    "FactSource",
    "FactValue",
    "Grade",
    "Input",
    "InputKind",
    "Level",
    "NaPolicy",
    "Node",
    "NoneOf",
    "Policy",
    "Predicate",
    "PredicateRef",
    "Ruleset",
    "Scale",
    "ScaleOption",
    "Texts",
    "View",
    "Words",
]

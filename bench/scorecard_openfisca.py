"""bench/scorecard.zona as an OpenFisca model (openfisca-core, the `bench-openfisca` extra):
one person entity (a unit), the 24 answers as float inputs (the option's value: A = 1 ...
E = 0), each pillar its weight x the mean of its 4 answers, the total their sum, and WBK
and WBBM as booleans. Written as an OpenFisca user would write it: vectorised formulas over
OpenFisca's own float type (float32).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

WEIGHTS = (20, 20, 15, 15, 15, 15)  # the pillars' weights (bench/scorecard.zona)
QUESTIONS = 24
PERIOD = "2024"


def system() -> Any:
    """The tax and benefit system: variables q1..q24, p1..p6, total, pillars_ok, WBK, WBBM."""
    from openfisca_core.entities import build_entity
    from openfisca_core.periods import DateUnit
    from openfisca_core.taxbenefitsystems import TaxBenefitSystem
    from openfisca_core.variables import Variable

    unit = build_entity(key="unit", plural="units", label="unit", is_person=True)
    found = TaxBenefitSystem([unit])

    def variable(name: str, kind: type, formula: Callable[..., Any] | None = None) -> None:
        members: dict[str, Any] = {"value_type": kind, "entity": unit, "label": name,
                                   "definition_period": DateUnit.YEAR}
        if formula is not None:
            members["formula"] = formula
        found.add_variable(type(name, (Variable,), members))

    for question in range(1, QUESTIONS + 1):
        variable(f"q{question}", float)
    for index, weight in enumerate(WEIGHTS):
        variable(f"p{index + 1}", float, _pillar(index, weight))
    variable("total", float, lambda units, period: sum(
        units(f"p{i + 1}", period) for i in range(len(WEIGHTS))))

    def pillars_ok(units: Any, period: Any) -> Any:
        found = units("p1", period) >= 0.6 * WEIGHTS[0]
        for i in range(1, len(WEIGHTS)):
            found = found * (units(f"p{i + 1}", period) >= 0.6 * WEIGHTS[i])
        return found

    variable("pillars_ok", bool, pillars_ok)
    variable("WBK", bool, lambda units, period: (units("total", period) >= 75)
             * units("pillars_ok", period))
    variable("WBBM", bool, lambda units, period: (units("total", period) >= 85)
             * units("pillars_ok", period))
    return found


def _pillar(index: int, weight: int) -> Callable[[Any, Any], Any]:
    names = [f"q{4 * index + k + 1}" for k in range(4)]

    def pillar(units: Any, period: Any) -> Any:
        return weight * (units(names[0], period) + units(names[1], period)
                         + units(names[2], period) + units(names[3], period)) / 4

    return pillar


def columns(values: Any) -> list[Any]:
    """The answers as OpenFisca holds them: one contiguous float32 array per question
    (made once, outside the timing, as zona's table is)."""
    import numpy as np

    return [np.ascontiguousarray(values[:, q], dtype=np.float32) for q in range(QUESTIONS)]


def run(tbs: Any, answers: list[Any]) -> tuple[Any, Any]:
    """One simulation over every unit: the answers set, WBK and WBBM calculated."""
    from openfisca_core.simulations import SimulationBuilder

    simulation = SimulationBuilder().build_default_simulation(tbs, count=len(answers[0]))
    for question, column in enumerate(answers):
        simulation.set_input(f"q{question + 1}", PERIOD, column)
    return simulation.calculate("WBK", PERIOD), simulation.calculate("WBBM", PERIOD)

"""Gap analysis on counts an attacker (or a typo) makes huge: the exact search would try
every count 0..10^12 (it once ran past 60 s at 1.2 GB and more); it now hands over to the
heuristic search at once, which answers within the time limit with a verified plan."""

from __future__ import annotations

import pytest

import zona
from tests.sheets import extreme_answers
from zona.analysis.gap import gap
from zona.analysis.gap.leaves import VALUES

LKE = zona.load_builtin("permenpan-90-2021")


@pytest.mark.parametrize("size", [10**12 + 1, 10**21 + 1])
def test_huge_odd_counts_get_a_heuristic_plan(size: int) -> None:
    answers = extreme_answers(LKE, best=False)
    for number, spec in enumerate(s for s in LKE.inputs if s.kind == "count"):
        answers[spec.name] = size - 2 * number  # odd and large, as the unit
    result = LKE.score(answers, facts={"prior_predicate": "WBK"})
    plan = gap(result, "WBBM", surveys=True)
    assert plan.note is not None
    assert plan.note.endswith(f"exactly: more than {VALUES:,} values to try")
    assert plan.after.predicates["WBBM"].passed is True  # re-scored, not assumed
    assert not plan.time_limit_reached

"""The vectorised batch path on the constructs it supports beyond the first language (scales
on a range, weighted means, `every KIND under`): batch == exact on generated rulesets; and a
clear refusal of the rest (not-applicable answers, facts and views in expressions, weights
that depend on facts without the facts)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import zona
from tests.batch.test_batch import KINDS, SETTINGS, check_rows, pd
from tests.strategies_levels import level_rulesets, level_sheets
from zona.batch import score_table


@SETTINGS
@given(data=st.data())
def test_batch_equals_exact_on_level_rulesets(data: st.DataObject) -> None:
    """Ranged scales answered by name or number, weighted means, `share()` in expressions
    and `every KIND under`: every node, view and verdict per row equals the exact path's."""
    generated = data.draw(level_rulesets(na=False))
    ruleset = zona.loads(generated.text)
    rows = [data.draw(level_sheets(generated)) for _ in range(data.draw(st.integers(1, 8)))]
    check_rows(ruleset, rows, data.draw(st.sampled_from(KINDS)),
               conditions=data.draw(st.booleans()))


FACT_WEIGHTS = """ruleset "t" { }
fact instansi levels { pemda, kementerian }
scale y { Y = 1, T = 0 }
group g {
    weight = if fact instansi == pemda then 6 else 4
    question a { weight = if fact instansi == pemda then 2 else 1  scale y }
    question b { weight = if fact instansi == pemda then 4 else 3  scale y }
}
"""


def test_weights_that_depend_on_facts_are_fixed_by_the_facts_given() -> None:
    ruleset = zona.loads(FACT_WEIGHTS)
    table = pd.DataFrame({"a": ["Y", "T"], "b": ["Y", "Y"]})
    scored = score_table(ruleset, table, facts={"instansi": "kementerian"})
    assert scored["total"].tolist() == [4.0, 3.0]
    with pytest.raises(zona.ZonaError, match=r"depend on facts \(instansi\); give them"):
        score_table(ruleset, table)


@pytest.mark.parametrize(("text", "construct"), [
    ('scale y { Y = 1, TR = na }\nquestion a { scale y }', "not-applicable answers"),
    ('fact f number\ninput x { count }\nitem a { score = min(1, x * fact f) }',
     "facts in expressions"),
    ('item a { weight 2  score = 1 }\nview v = a\nitem b { score = v / 2 }',
     "views in expressions"),
])
def test_the_rest_is_refused_by_name(text: str, construct: str) -> None:
    ruleset = zona.loads('ruleset "t" { }\n' + text)
    with pytest.raises(zona.ZonaError, match=f"batch scoring does not support {construct}"):
        score_table(ruleset, pd.DataFrame({"x": [1]}))
    with pytest.raises(zona.ZonaError, match=f"the SQL back end does not support {construct}"):
        ruleset.to_sql()

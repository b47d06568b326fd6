"""The vectorised batch path on the constructs beyond the first language (scales on a range,
weighted means, `every KIND under`): batch == exact on generated rulesets; not-applicable
answers, facts, views and rounding by hand; weights that depend on facts, fixed by the facts
given (and refused without them). tests/batch/test_batch_grades.py has the properties over
grades, rounding, `= na` and facts."""

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
    duckdb = pytest.importorskip("duckdb")
    connection = duckdb.connect()
    connection.register("answers", table)
    query = ruleset.to_sql(facts={"instansi": "kementerian"})
    assert connection.sql(query).df()["total"].tolist() == [4.0, 3.0]
    with pytest.raises(zona.ZonaError, match=r"depend on facts \(instansi\); give them"):
        ruleset.to_sql()


HAND = """ruleset "t" { }
scale y { Y = 1, T = 0, TR = na }
fact faktor number 0..2
group r { weight 2  question a { scale y }  question b { scale y } }
group f { weight 2  na full  question c { weight 1  scale y }  question d { weight 1  scale y } }
item x { weight 4  score = min(4, round(ab * fact faktor, 1)) }
view ab = r + f
grade g by x { level lo .. < 2  level hi 2 .. }
"""


def test_not_applicable_facts_views_and_rounding_by_hand() -> None:
    """a = TR is dropped from r's mean (r = 2 x 1 / 1); d = TR counts full under `na full`;
    x = round(ab x faktor, 1); a row whose r is all TR drops r; a missing fact is a
    problem of that row, as in the exact path."""
    ruleset = zona.loads(HAND)
    table = pd.DataFrame({"a": ["TR", "TR", "Y"], "b": ["Y", "tr", "T"],
                          "c": ["T", "Y", "Y"], "d": ["TR", "Y", "T"],
                          "fact:faktor": ["0.75", "1.25", None]})
    scored = score_table(ruleset, table)
    assert scored["r"].tolist()[:2] == [2.0, 0.0] and scored["f"].tolist()[:2] == [1.0, 2.0]
    assert scored["x"].tolist()[:2] == [2.3, 2.5]  # 3 x 0.75 = 2.25 -> 2.3; 2 x 1.25
    assert scored["g"].tolist()[:2] == ["hi", "hi"]
    assert scored["problems"][2] == "fact:faktor: needed by 'x', but not given"
    assert scored["total"].tolist()[:2] == [2.0 + 1.0 + 2.3, (2.0 + 2.5) * 8 / 6]
    for row in range(2):
        answers = {k: v for k, v in table.iloc[row].items() if not k.startswith("fact:")}
        result = ruleset.score(answers, {"faktor": table["fact:faktor"][row]})
        assert float(result.total.score) == pytest.approx(scored["total"][row], rel=1e-12)
        assert result.grades["g"].level == scored["g"][row]


def test_every_feature_is_supported_or_refused_by_name() -> None:
    """Batch, cohort and SQL support every construct the model names today; a construct
    added later is refused by name until they do (zona.batch.SUPPORTED)."""
    from zona.batch import SUPPORTED
    from zona.model.features import FEATURES

    assert set(FEATURES) <= SUPPORTED

"""zona.batch.sql: the generated query scores like the exact path, in DuckDB and in Spark SQL."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import zona
from tests.sheets import extreme_answers
from tests.strategies import answer_sheets, valid_rulesets
from zona.batch import sql
from zona.numtext import exact_text

duckdb = pytest.importorskip("duckdb")
pd = pytest.importorskip("pandas")

SETTINGS = settings(max_examples=25, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
LKE = zona.load_builtin("permenpan-90-2021")
RATIOS = ("q88", "q89", "q90", "q91", "q102", "q103", "q105", "q106", "q110", "q112", "q113",
          "q116", "q117", "q120", "q122", "q123")


def to_sql(ruleset: zona.Ruleset, *args: Any, **options: Any) -> str:
    """The query with every node's score (by default only those an analyst reads), so
    that `check` compares every node."""
    options.setdefault("nodes", "all")
    return sql.to_sql(ruleset, *args, **options)


def corpus(count: int = 60) -> list[dict[str, object]]:
    """90/2021 units: mixed answers, every division-by-zero case, indices sitting exactly
    on the IPAK/IPKP thresholds (3.20, 3.60), capaian kinerja exactly on 2.50 and 3.75,
    blanks, and a few bad rows."""
    import random

    best, worst = extreme_answers(LKE, True), extreme_answers(LKE, False)
    rng = random.Random(7)
    rows: list[dict[str, object]] = [dict(best), dict(worst)]
    for _ in range(count):
        row: dict[str, object] = {k: (best[k] if rng.random() < 0.75 else worst[k])
                                  for k in best}
        for name in RATIOS:
            row[name] = rng.randint(0, 6)
        row["q125"] = rng.choice(["3.60", "3.6", "3.59", "4", "3.20", "0", "3.655"])
        row["q127"] = rng.choice(["3.60", "3.2", "3.19", "3.6000"])
        row["q126"] = rng.choice("ABCDE")
        if rng.random() < 0.2:
            row[rng.choice(list(best))] = None
        rows.append(row)
    rows.append({**best, "q1": "Mungkin", "q88": -1})
    rows.append({**best, "q125": "4.5", "q126": " b "})
    return rows


def frame(rows: list[dict[str, object]], columns: list[str]) -> Any:
    """Every answer as text (as a CSV loaded into a database gives them)."""
    return pd.DataFrame({c: [None if r.get(c) is None else _text(r[c]) for r in rows]
                         for c in columns})


def _text(value: object) -> str:
    return exact_text(value) if isinstance(value, Fraction) else str(value)


def check(ruleset: zona.Ruleset, rows: list[dict[str, object]], query: str, table: Any,
          facts: dict[str, object] | None = None) -> Any:
    connection = duckdb.connect()
    connection.register("answers", table)
    found = connection.sql(query).df()
    for index, row in enumerate(rows):
        answers = {k: v for k, v in row.items() if not k.startswith("fact:") and k != "unit"}
        row_facts = {**(facts or {}), **{k[5:]: v for k, v in row.items()
                                         if k.startswith("fact:") and v is not None}}
        try:
            result = ruleset.score(answers, row_facts)
        except (zona.ZonaAnswerError, zona.ZonaEvaluationError):
            assert isinstance(found["problems"][index], str), index
            assert pd.isna(found["total"][index])
            continue
        assert found["problems"][index] is None or pd.isna(found["problems"][index]), (
            index, found["problems"][index])
        for name in ruleset.nodes:
            assert math.isclose(found[name][index], float(result.nodes[name].score),
                                rel_tol=1e-12, abs_tol=1e-12), (index, name)
        for name, predicate in result.predicates.items():
            value = found[name][index]
            assert (None if pd.isna(value) else bool(value)) is predicate.passed, (index, name)
    return found


# --- DuckDB ------------------------------------------------------------------------------


def test_duckdb_equals_exact_on_the_lke_corpus() -> None:
    rows = corpus()
    found = check(LKE, rows, to_sql(LKE, keep=["unit"]),
                  frame([{"unit": f"u{i}", **r} for i, r in enumerate(rows)],
                        ["unit", *LKE.inputs_by_name]))
    assert list(found.columns[:3]) == ["unit", "total", "pengungkit"]
    assert found["problems"].iloc[-2] == ("q1: 'Mungkin' is not on the scale Ya/Tidak "
                                          "(Ya, Tidak); q88: -1 is negative; a count is 0, 1, "
                                          "2, ...")
    assert found["problems"].iloc[-1] == "q125: 4.5 is outside 0..4"


def test_duckdb_thresholds_are_exact() -> None:
    """IPAK 3.60 is exactly 15.75 points: passes; 3.59 fails; capaian C is exactly 2.5."""
    best = extreme_answers(LKE, True)
    rows = [{**best, "q125": "3.60", "q127": "3.20", "q126": "C"},
            {**best, "q125": "3.59", "q127": "3.20", "q126": "C"},
            {**best, "q125": "3.6", "q127": "3.19", "q126": "C"}]
    found = check(LKE, rows, to_sql(LKE, facts={"prior_predicate": "WBK"}),
                  frame(rows, list(LKE.inputs_by_name)), {"prior_predicate": "WBK"})
    assert list(found["WBK"]) == [True, False, False]


def test_duckdb_facts_from_columns_and_soal_names() -> None:
    best = extreme_answers(LKE, True)
    rows = [{**best, "fact:prior_predicate": level} for level in ("WBK", "none", None)]
    renamed = [{(f"soal_{LKE.inputs_by_name[k].soal}" if k in LKE.inputs_by_name else k): v
                for k, v in r.items()} for r in rows]
    columns = list(renamed[0])
    query = to_sql(LKE, soal=True, columns=columns)
    found = check(LKE, rows, query, frame(renamed, columns))
    assert [None if pd.isna(v) else bool(v) for v in found["WBBM"]] == [True, False, None]


@SETTINGS
@given(data=st.data())
def test_duckdb_equals_exact_on_generated_rulesets(data: st.DataObject) -> None:
    """Means, sums, divide/min/max/if items, every missing policy, views, facts."""
    generated = data.draw(valid_rulesets(error_policy=data.draw(st.booleans())))
    ruleset = zona.loads(generated.text)
    rows = []
    for _ in range(data.draw(st.integers(1, 6))):
        answers, facts = data.draw(answer_sheets(generated))
        rows.append({**answers, **{f"fact:{k}": v for k, v in facts.items()}})
    columns = ["unit", *ruleset.inputs_by_name, *(f"fact:{f}" for f in generated.facts)]
    query = to_sql(ruleset, columns=columns)
    check(ruleset, rows, query, frame([{"unit": "u", **r} for r in rows], columns))


def test_options() -> None:
    with pytest.raises(zona.ZonaError, match="unknown SQL dialect"):
        to_sql(LKE, "oracle")
    with pytest.raises(zona.ZonaError, match="no node or view 'nope'"):
        to_sql(LKE, nodes=["nope"])
    with pytest.raises(zona.ZonaError, match="no fact 'zz'"):
        to_sql(LKE, facts={"zz": 1})
    query = to_sql(LKE, nodes=["pengungkit"], table="units")
    connection = duckdb.connect()
    connection.register("units", frame([extreme_answers(LKE, True)], list(LKE.inputs_by_name)))
    found = connection.sql(query).df()
    assert list(found.columns) == ["total", "pengungkit", "WBK", "WBBM", "ELIGIBLE_WBK",
                                   "ELIGIBLE_WBBM", "problems"]
    assert found["total"][0] == 100.0


# --- Spark SQL -----------------------------------------------------------------------------


def test_spark_sql_parses_roundtrips_and_runs_transpiled() -> None:
    """The Spark query parses as Spark SQL, prints back the same, and (transpiled to
    DuckDB by sqlglot) scores the corpus like the exact path."""
    sqlglot = pytest.importorskip("sqlglot")
    query = to_sql(LKE, "spark", columns=list(LKE.inputs_by_name))
    once = sqlglot.transpile(query, read="spark", write="spark")[0]
    assert sqlglot.transpile(once, read="spark", write="spark")[0] == once
    rows = corpus(25)
    duck = sqlglot.transpile(query, read="spark", write="duckdb")[0]
    check(LKE, rows, duck, frame(rows, list(LKE.inputs_by_name)))


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas")
def test_spark_session_equals_exact(spark: Any) -> None:
    """The Spark query, run by a local pyspark session (about 30 s), gives every node's
    score, every view's and every verdict as DuckDB does, which equals the exact path."""
    rows = corpus(40)
    columns = list(LKE.inputs_by_name)
    table = frame(rows, columns)
    spark.createDataFrame(table.astype(object).where(table.notna(), None).values.tolist(),
                          columns).createOrReplaceTempView("answers")
    scored = spark.sql(to_sql(LKE, "spark", columns=columns))
    found = scored.collect()  # plain rows: no pandas conversion inside pyspark
    connection = duckdb.connect()
    connection.register("answers", table)
    expected = connection.sql(to_sql(LKE)).df()
    assert scored.columns == list(expected.columns)
    for name in expected.columns:
        assert [row[name] for row in found] == \
               [None if pd.isna(v) else v for v in expected[name]], name
    check(LKE, rows, to_sql(LKE), table)

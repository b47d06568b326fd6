"""One table, one answer: batch scoring, the DuckDB query and the exact path read the same
table (inputs by id or `soal_<n>`, facts as `fact:NAME` columns, other columns carried) with
no extra arguments, and give the same totals, verdicts and grades on every row."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import zona
from tests.batch.test_batch import _on_the_line, cells
from tests.strategies import answer_sheets, valid_rulesets
from zona.numtext import exact_text

duckdb = pytest.importorskip("duckdb")
pd = pytest.importorskip("pandas")

from zona.batch import score_table  # noqa: E402
from zona.batch.sql import to_sql  # noqa: E402

SETTINGS = settings(max_examples=20, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
LKE = zona.load_builtin("permenpan-90-2021")


def _text(value: object) -> object:
    return exact_text(value) if isinstance(value, Fraction) else value


def table(ruleset: zona.Ruleset, rows: list[dict[str, object]], soal: bool) -> Any:
    """The analyst's table: a unit name, answers (counts as nullable integers, everything
    else as text, blanks as None), facts as `fact:NAME` columns; inputs named `soal_<n>`
    with `soal`, else by id."""
    keys = list(dict.fromkeys(k for row in rows for k in row))
    data: dict[str, Any] = {"unit": [f"unit {i}" for i in range(len(rows))]}
    for key in keys:
        spec = ruleset.inputs_by_name.get(key)
        name = f"soal_{spec.soal}" if soal and spec is not None and spec.soal else key
        values = [_text(row.get(key)) for row in rows]
        if spec is not None and spec.kind == "count" and all(
                v is None or isinstance(v, int) for v in values):
            data[name] = pd.array(values, dtype="Int64")
        else:
            data[name] = pd.Series([None if v is None else str(v) for v in values],
                                   dtype=object)
    return pd.DataFrame(data)


def three_paths(ruleset: zona.Ruleset, rows: list[dict[str, object]], frame: Any) -> None:
    """Score `frame` by batch and by DuckDB, each with no options, and each row exactly."""
    batch = score_table(ruleset, frame)
    connection = duckdb.connect()
    connection.register("answers", frame)
    sql = connection.sql(to_sql(ruleset)).df()
    assert len(batch) == len(sql) == len(rows)
    assert list(batch["unit"]) == list(frame["unit"])
    for index, row in enumerate(rows):
        answers = {k: v for k, v in row.items() if not k.startswith("fact:")}
        facts = {k[5:]: v for k, v in row.items() if k.startswith("fact:") and v is not None}
        try:
            result = ruleset.score(answers, facts)
        except (zona.ZonaAnswerError, zona.ZonaEvaluationError):
            assert isinstance(batch["problems"][index], str), index
            assert isinstance(sql["problems"][index], str), index
            assert math.isnan(batch["total"][index]) and pd.isna(sql["total"][index])
            continue
        assert batch["problems"][index] is None, batch["problems"][index]
        assert pd.isna(sql["problems"][index]), sql["problems"][index]
        exact = float(result.total.score)
        assert math.isclose(batch["total"][index], exact, rel_tol=1e-12, abs_tol=1e-12)
        assert math.isclose(sql["total"][index], exact, rel_tol=1e-12, abs_tol=1e-12)
        for name, predicate in result.predicates.items():
            mine = [None if pd.isna(v) else bool(v)
                    for v in (batch[name][index], sql[name][index])]
            assert mine == [predicate.passed, predicate.passed], (index, name, mine)
        for name, grade in result.grades.items():
            mine = [None if pd.isna(v) else v for v in (batch[name][index], sql[name][index])]
            assert mine == [grade.level, grade.level], (index, name, mine)


def fact_cells(ruleset: zona.Ruleset, names: list[str]) -> st.SearchStrategy[dict[str, object]]:
    """`fact:NAME` cells for some facts: a level (sometimes in lower case), yes or no, a
    number in range given as text, or blank."""
    fields: dict[str, st.SearchStrategy[object]] = {}
    for name in names:
        fact = ruleset.facts_by_name[name]
        if fact.kind == "levels":
            value: st.SearchStrategy[object] = st.sampled_from(
                [*fact.levels, *(lv.lower() for lv in fact.levels)])
        elif fact.kind == "yesno":
            value = st.sampled_from(["ya", "tidak", "yes", "no"])
        else:
            low, high = int(fact.low or 0), int(fact.high if fact.high is not None else 100)
            value = st.integers(low * 4, high * 4).map(lambda n: exact_text(Fraction(n, 4)))
        fields[f"fact:{name}"] = st.one_of(st.none(), value, value)
    return st.fixed_dictionaries(fields)


@SETTINGS
@given(data=st.data())
def test_the_lke_table_scores_alike_in_batch_duckdb_and_exactly(data: st.DataObject) -> None:
    """Random 90/2021 tables: inputs by id or soal_<n>, some inputs without a column, facts
    as columns (some absent, some blank), indices often exactly on 3.20 and 3.60."""
    facts = data.draw(st.lists(st.sampled_from(list(LKE.facts_by_name)), unique=True))
    count = data.draw(st.integers(1, 8))
    rows = [{**data.draw(cells(LKE)), **data.draw(fact_cells(LKE, facts))}
            for _ in range(count)]
    for name in data.draw(st.lists(st.sampled_from(list(LKE.inputs_by_name)), max_size=3,
                                   unique=True)):
        for row in rows:
            del row[name]  # the table has no column for it: unanswered everywhere
    three_paths(LKE, rows, table(LKE, rows, soal=data.draw(st.booleans())))


@SETTINGS
@given(data=st.data())
def test_generated_tables_on_their_thresholds_score_alike(data: st.DataObject) -> None:
    """Generated rulesets with facts and a predicate exactly on a unit's score: that unit
    and random others, in one table, score alike in all three paths."""
    generated = data.draw(valid_rulesets())
    answers, facts = data.draw(answer_sheets(generated))
    ruleset = _on_the_line(generated, answers, facts)
    assume(ruleset is not None)
    assert ruleset is not None
    every: dict[str, object] = dict.fromkeys(ruleset.inputs_by_name)  # a column for each
    rows = [{**every, **answers, **{f"fact:{k}": v for k, v in facts.items()}}]
    for _ in range(data.draw(st.integers(0, 4))):
        more, more_facts = data.draw(answer_sheets(generated))
        blank = data.draw(st.lists(st.sampled_from(list(more) or [""]), max_size=2))
        rows.append({**every, **{k: None if k in blank else v for k, v in more.items()},
                     **{f"fact:{k}": v for k, v in more_facts.items()}})
    frame = table(ruleset, rows, soal=False)
    three_paths(ruleset, rows, frame)
    assert score_table(ruleset, frame)["OnTheLine"][0]


def test_an_absent_fact_column_is_unknown_in_duckdb_and_named_in_spark() -> None:
    """Without `columns`, DuckDB reads a fact column the table lacks as unknown, as batch
    does; the Spark query reads every fact column, so Spark names a missing one."""
    from tests.sheets import extreme_answers

    best = extreme_answers(LKE, True)
    rows = [{**best, "fact:prior_predicate": level} for level in ("WBK", "none", None)]
    three_paths(LKE, rows, table(LKE, rows, soal=True))
    three_paths(LKE, [best], table(LKE, [best], soal=False))
    spark = to_sql(LKE, "spark")
    assert all(f"`fact:{name}`" in spark for name in LKE.facts_by_name)
    assert "`fact:prior_predicate`" not in to_sql(LKE, "spark",
                                                  facts={"prior_predicate": "WBK"})


def test_columns_read_as_batch_reads_them() -> None:
    """`columns=` (names or the table itself) reads ids, soal_<n> and fact columns as
    batch does, carries the other columns and refuses a fact given twice."""
    from tests.sheets import extreme_answers

    rows = [{**extreme_answers(LKE, True), "fact:prior_predicate": "WBK"}]
    frame = table(LKE, rows, soal=True).rename(columns={"soal_3": "soal 3"})
    frame["institution"] = ["Kemen X"]
    connection = duckdb.connect()
    connection.register("answers", frame)
    found = connection.sql(to_sql(LKE, columns=frame)).df()
    assert list(found.columns[:3]) == ["unit", "institution", "total"]
    assert list(found["WBBM"]) == [True]
    assert list(found["total"]) == list(score_table(LKE, frame)["total"])
    with pytest.raises(zona.ZonaAnswerError, match="also given by column"):
        to_sql(LKE, columns=frame, facts={"prior_predicate": "WBK"})
    with pytest.raises(zona.ZonaError, match="expected column names or a table"):
        to_sql(LKE, columns=3)


def test_two_columns_for_one_input_are_a_problem_of_the_row() -> None:
    """DuckDB without `columns` reads q1 or soal_1; a row that fills both is refused, as
    batch refuses the table."""
    from tests.sheets import extreme_answers

    best = extreme_answers(LKE, True)
    frame = table(LKE, [best], soal=False)
    frame["soal_1"] = ["Ya"]
    connection = duckdb.connect()
    connection.register("answers", frame)
    found = connection.sql(to_sql(LKE)).df()
    assert found["problems"][0] == "soal_1: a second column for q1 (first: q1)"
    with pytest.raises(zona.ZonaAnswerError, match="a second column for q1"):
        score_table(LKE, frame)

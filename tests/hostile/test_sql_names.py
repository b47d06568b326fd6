"""Input ids and table columns that look like the query's internal names (`zv2`,
`z_problems`, `z_done`): the query picks a prefix none of them starts with, so DuckDB scores
the table exactly as Python does."""

from __future__ import annotations

from typing import Any

import pytest

import zona
from zona.batch.sql_layout import internal_prefix

duckdb = pytest.importorskip("duckdb")
pd = pytest.importorskip("pandas")

IDS = ("zv2", "z_problems", "z_0", "zv0", "z_done", "ZB1")
RULESET = zona.loads('ruleset "h" { maximum 100 }\nscale s "S" { Ya = 1, Tidak = 0 }\n'
                     'component c "C" {\n    weight 100\n'
                     + "".join(f'    question {q} "Q" {{ scale s }}\n' for q in IDS) + "}\n",
                     "names.zona")
ROWS = [dict(zip(IDS, row, strict=True)) for row in (
    ("Ya", "Tidak", "Ya", "Ya", "Ya", "Ya"), ("Tidak", "Ya", "Tidak", "Tidak", "Ya", "Tidak"),
    ("Tidak", "Tidak", "Tidak", "Tidak", "Tidak", "Tidak"))]


def _scored(sql: str, frame: Any) -> Any:
    connection = duckdb.connect()
    connection.register("answers", frame)
    return connection.sql(sql).df()


def test_internal_prefix_avoids_every_name() -> None:
    assert internal_prefix(["q1", "soal_1", "answers"]) == "z"
    assert internal_prefix(["zv2", "q1"]) == "zz"
    assert internal_prefix(["Z_PROBLEMS", "zz"]) == "zzz"


def test_duckdb_scores_ids_named_like_internal_columns() -> None:
    found = _scored(RULESET.to_sql("duckdb"), pd.DataFrame(ROWS))
    expected = [float(RULESET.score(row)["total"].score) for row in ROWS]
    assert expected == [100 * 5 / 6, 100 * 2 / 6, 0.0]
    assert list(found["total"]) == pytest.approx(expected, abs=1e-9)
    assert list(found["problems"].isna()) == [True, True, True]


def test_a_carried_column_named_z_problems_is_kept_apart() -> None:
    lke = zona.load_builtin("permenpan-90-2021")
    answers = {"q88": [2, 2], "q89": [1, 1], "q1": ["Ya", "zz"]}  # q1: 'zz' is not an option
    frame = pd.DataFrame({"z_problems": ["not a problem", "x"], "zv3": [7, 8], **answers})
    found = _scored(lke.to_sql("duckdb", columns=frame, keep=["z_problems", "zv3"]), frame)
    plain = _scored(lke.to_sql("duckdb", columns=pd.DataFrame(answers)), pd.DataFrame(answers))
    assert list(found["z_problems"]) == ["not a problem", "x"]
    assert list(found["zv3"]) == [7, 8]
    assert list(found["problems"].fillna("")) == list(plain["problems"].fillna(""))
    assert pd.isna(found["problems"][0]) and found["problems"][1].startswith("q1: 'zz'")
    assert list(found["total"].fillna(-1)) == list(plain["total"].fillna(-1))


def _lke_frames() -> tuple[Any, Any]:
    """A table with columns named like the query's internal ones (unknown to a query made
    without `columns=`: z_problems is NULL, as it is for a unit with no problem), and the
    same answers alone."""
    answers = {"q88": ["2", "2", "1"], "q89": ["1", "1", "1"], "q1": ["Ya", "zz", "Tidak"]}
    hostile = {"z_problems": [None, None, "x"], "zv3": ["7", "8", "9"], "z_done": ["1"] * 3,
               "z_0": ["a"] * 3, "ZB1": ["b"] * 3, **answers}
    return pd.DataFrame(hostile), pd.DataFrame(answers)


def test_unknown_columns_named_like_internal_ones_stay_out_of_the_query() -> None:
    """Without `columns=` the query cannot know a table's other columns; it takes only the
    columns it reads, so a carried `z_problems` (once read as the unit's problems: a unit
    with a bad answer scored as if it had none) never meets the internal one."""
    lke = zona.load_builtin("permenpan-90-2021")
    hostile, plain = _lke_frames()
    sql = lke.to_sql("duckdb")
    assert sql.startswith('WITH z_0 AS (SELECT "q1", "soal_1", ')
    found, expected = _scored(sql, hostile), _scored(sql, plain)
    assert list(found["problems"].fillna("")) == list(expected["problems"].fillna("")) == [
        "", "q1: 'zz' is not on the scale Ya/Tidak (Ya, Tidak)", ""]
    assert list(found["total"].fillna(-1)) == list(expected["total"].fillna(-1))
    kept = _scored(lke.to_sql("duckdb", keep=["zv3"]), hostile)  # keep= names it: known
    assert list(kept["zv3"]) == ["7", "8", "9"]


def test_spark_keeps_unknown_and_hostile_columns_apart(spark: Any) -> None:
    """RULESET's ids make the prefix `zz`; the table adds columns the query does not know,
    named like its internal ones, and one whose name and value try to end a literal."""
    plain = pd.DataFrame(ROWS)
    hostile = plain.assign(zz_problems=[None] * 3, zzv3=["7", "8", "9"], zz_done=["x"] * 3)
    hostile["a`b'c\\"] = ["x\\' || (SELECT 'pwn') || '"] * 3
    spark.createDataFrame(plain).createOrReplaceTempView("plain")
    expected = spark.sql(RULESET.to_sql("spark", table="plain")).toPandas()
    spark.createDataFrame(hostile).createOrReplaceTempView("answers")
    found = spark.sql(RULESET.to_sql("spark")).toPandas()
    totals = [float(RULESET.score(row)["total"].score) for row in ROWS]
    assert [float(t) for t in found["total"]] == pytest.approx(totals, abs=1e-9)
    assert [float(t) for t in expected["total"]] == pytest.approx(totals, abs=1e-9)
    assert list(found["problems"].isna()) == [True, True, True]
    carried = spark.sql(RULESET.to_sql("spark", columns=hostile)).toPandas()
    assert list(carried["a`b'c\\"]) == ["x\\' || (SELECT 'pwn') || '"] * 3
    assert list(carried["zzv3"]) == ["7", "8", "9"]
    assert [float(t) for t in carried["total"]] == pytest.approx(totals, abs=1e-9)
    duck = _scored(RULESET.to_sql("duckdb", columns=hostile), hostile)
    assert list(duck["a`b'c\\"]) == ["x\\' || (SELECT 'pwn') || '"] * 3
    assert list(duck["total"]) == pytest.approx(totals, abs=1e-9)

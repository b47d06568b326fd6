"""Labels that try to end a SQL literal: the query reads them back as text, in DuckDB and in
Spark (where `\\` is an escape inside a literal), and injects nothing."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import zona
from zona.batch.sql_dialect import quote

duckdb = pytest.importorskip("duckdb")
pd = pytest.importorskip("pandas")

LABEL = "x\\\\' || (SELECT 'pwn') || '"  # in zona source: x\\' ...; the label is x\' || ...
RULESET = f"""ruleset "h" {{ maximum 100 }}
scale s "{LABEL}" {{ Ya = 1, Tidak = 0 }}
component c "C" {{
    weight 100
    question q1 "Q" {{ scale s }}
}}
"""
HOSTILE = zona.loads(RULESET, "hostile.zona")
EXPECTED = "q1: 'Mungkin' is not on the scale x\\' || (SELECT 'pwn') || ' (Ya, Tidak)"


def _rows() -> Any:
    return pd.DataFrame({"q1": ["Mungkin", "Ya"]})


def test_the_label_is_the_hostile_text() -> None:
    assert HOSTILE.scales[0].label == "x\\' || (SELECT 'pwn') || '"


def test_duckdb_reads_the_label_back() -> None:
    connection = duckdb.connect()
    connection.register("answers", _rows())
    found = connection.sql(HOSTILE.to_sql("duckdb")).df()
    assert list(found["problems"][:1]) == [EXPECTED]
    assert pd.isna(found["problems"][1]) and found["total"][1] == 100


def test_spark_reads_the_label_back(spark: Any) -> None:
    spark.createDataFrame(_rows()).createOrReplaceTempView("answers")
    found = spark.sql(HOSTILE.to_sql("spark")).toPandas()
    assert list(found["problems"][:1]) == [EXPECTED]
    assert pd.isna(found["problems"][1]) and float(found["total"][1]) == 100


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from("'\\\"ab;-\n%_"), max_size=12))
def test_every_literal_reads_back_in_duckdb(text: str) -> None:
    assert duckdb.sql(f"SELECT {quote(text)} AS t").fetchall() == [(text,)]


def test_literals_read_back_in_spark(spark: Any) -> None:
    texts = ["'", "\\", "\\'", "''", "a\\'b", "\\\\'", "x\\' || (SELECT 'pwn') || '", "\n"]
    for text in texts:
        assert spark.sql(f"SELECT {quote(text)} AS t").collect()[0]["t"] == text

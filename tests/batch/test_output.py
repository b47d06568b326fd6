"""zona.batch.output: a verdict row becomes an Arrow boolean column (polars and Arrow
results) with its bits packed by numpy: true, false, and null where undecided or bad; a
grade column names each row's level, or none."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

np = pytest.importorskip("numpy")
pa = pytest.importorskip("pyarrow")

from zona.batch.output import _arrow_verdict  # noqa: E402


@given(st.lists(st.sampled_from([-1, 0, 1, 2]), max_size=70))
def test_a_verdict_row_reads_back_as_booleans_and_nulls(codes: list[int]) -> None:
    column = _arrow_verdict(np.array(codes, dtype=np.int8))
    column.validate(full=True)
    assert column.type == pa.bool_()
    assert column.to_pylist() == [{0: False, 2: True}.get(code) for code in codes]
    assert column.null_count == sum(code in (-1, 1) for code in codes)


GRADED = """ruleset "t" { }
scale y { Y = 1, T = 0 }
group r { weight 3  question a { scale y }  question b { scale y }  question c { scale y } }
grade g by r { level lo .. < 1  level mid 1 .. < 2  level hi 2 .. }
"""
#: a row each: r = 0, 1, 2 and 3 (lo, mid, hi, hi), unanswered (no level), a bad answer
GRADED_ROWS = [("T", "T", "T"), ("Y", "T", "T"), ("Y", "Y", "T"), ("Y", "Y", "Y"),
               (None, None, None), ("X", "Y", "Y")]


@pytest.mark.parametrize("kind", ["pandas", "arrow", "polars"])
def test_a_grade_column_names_each_rows_level_as_the_exact_path_does(kind: str) -> None:
    """Every level (the lowest, code 0, too), and none where a row has no level
    (unanswered) or a problem, in each kind of table the batch returns."""
    import zona
    from zona.batch import score_table

    ruleset = zona.loads(GRADED)
    columns = {name: [row[i] for row in GRADED_ROWS] for i, name in enumerate("abc")}
    table: object = pa.table(columns)
    if kind == "pandas":
        table = table.to_pandas()
    elif kind == "polars":
        table = pytest.importorskip("polars").from_arrow(table)
    scored = score_table(ruleset, table)
    if kind == "arrow":
        assert scored.schema.field("g").type == pa.string()
    column = scored["g"]
    found = column.to_pylist() if kind == "arrow" else column.to_list() \
        if kind == "polars" else column.tolist()
    assert found == ["lo", "mid", "hi", "hi", None, None]
    for index, row in enumerate(GRADED_ROWS[:5]):
        answers = {name: value for name, value in zip("abc", row, strict=True) if value}
        assert ruleset.score(answers).grades["g"].level == found[index]

"""Tables of units and answers an attacker builds, found by hand after the fuzzers: a CSV
field over Python's csv limit (a traceback when batch located a problem), Parquet columns
of lists or maps (a traceback in batch scoring) and a Parquet table over the row limit
(batch read it whole), and values that messages showed as Python reprs (a YAML date, a
Parquet timestamp, bytes, a JSON list)."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from zona.cli.main import main

pa = pytest.importorskip("pyarrow")
parquet = pytest.importorskip("pyarrow.parquet")
LKE = "permenpan-90-2021"


def batch(capsys: pytest.CaptureFixture[str], path: Path) -> tuple[int, str]:
    code = main(["batch", str(path), "-r", LKE])
    captured = capsys.readouterr()
    return code, captured.err


def test_a_csv_field_over_the_csv_modules_limit(capsys: pytest.CaptureFixture[str],
                                                tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text("unit,q1\nA," + "x" * 200_000 + "\n", encoding="utf-8")
    code, err = batch(capsys, path)
    assert code == 1
    assert err.startswith(f"{path}:2:2: q1: 'xxxxx")
    assert len(err) < 2_100  # a problem line quotes at most an excerpt


@pytest.mark.parametrize("kind", ["list", "map"])
def test_parquet_lists_and_maps_are_refused(capsys: pytest.CaptureFixture[str],
                                            tmp_path: Path, kind: str) -> None:
    value = pa.array([[1]], pa.list_(pa.int64())) if kind == "list" else \
        pa.array([[("a", 1)]], pa.map_(pa.string(), pa.int64()))
    path = tmp_path / f"{kind}.parquet"
    parquet.write_table(pa.table({"unit": ["a"], "q1": value}), path)
    code, err = batch(capsys, path)
    assert (code, err) == (1, f"{path}: 1 problem in the answers\n  {path}#/q1: the column "
                              "holds lists or structs; a table of units has one value per "
                              "cell\n")


def test_batch_keeps_the_parquet_row_limit(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "rows.parquet"
    parquet.write_table(pa.table({"unit": [f"u{i}" for i in range(50)], "q1": ["Ya"] * 50}),
                        path)
    monkeypatch.setenv("ZONA_MAX_ROWS", "10")
    code, err = batch(capsys, path)
    assert code == 1
    assert err.endswith(" bytes in 50 rows (limits: (limit 524,288,000; raise it with "
                        "ZONA_MAX_UNZIPPED_BYTES), (limit 10; raise it with ZONA_MAX_ROWS))\n")


def test_values_are_shown_as_text_never_as_python(capsys: pytest.CaptureFixture[str],
                                                  tmp_path: Path) -> None:
    path = tmp_path / "when.parquet"
    parquet.write_table(pa.table({"unit": ["a"], "q1": pa.array([b"Ya\xff"], pa.binary()),
                                  "q88": pa.array([datetime.datetime(2020, 1, 1)])}), path)
    code, err = batch(capsys, path)
    assert code == 1
    assert f"{path}#/0/q1: q1: 'Ya\ufffd' (binary data) is not on the scale Ya/Tidak " \
           "(Ya, Tidak)\n" in err
    assert f"{path}#/0/q88: q88: '2020-01-01 00:00:00' is not a whole number; a count is " \
           "0, 1, 2, ...\n" in err
    sheet = tmp_path / "when.yaml"
    sheet.write_text(f"ruleset: {LKE}\nanswers:\n  q88: 2020-01-01\n", encoding="utf-8")
    listed = tmp_path / "listed.json"
    listed.write_text(json.dumps([{"soal_id": 1, "jawaban_unit": ["Ya"]}]), encoding="utf-8")
    assert main(["score", str(sheet)]) == 1
    assert capsys.readouterr().err == (
        f"{sheet}: 1 problem in the answers\n  {sheet}:3:8: q88: '2020-01-01' is not a whole "
        "number; a count is 0, 1, 2, ...\n")
    assert main(["score", str(listed), "-r", LKE]) == 1
    assert capsys.readouterr().err == (
        f"{listed}: 1 problem in the answers\n  {listed}#/0/jawaban_unit: q1: '[\"Ya\"]' is "
        "not on the scale Ya/Tidak (Ya, Tidak)\n")


@pytest.mark.parametrize("kind", ["pandas", "polars", "arrow", "parquet"])
def test_unsigned_64_bit_counts_are_read_as_written(kind: str, tmp_path: Path) -> None:
    """A uint64 count past int64 used to wrap to a negative number (refused as 'negative',
    quoting the wrong value); now it is the count written, scored as the exact path does."""
    np = pytest.importorskip("numpy")
    pd = pytest.importorskip("pandas")
    import zona
    from tests.conftest import ROOT
    from zona.batch import score_table

    ruleset = zona.load(ROOT / "examples" / "example.zona")
    huge = 2**64 - 1
    table = pd.DataFrame({"q1": ["Ya", "Ya"], "q2": ["B", "B"], "n_ubah": [2, 2],
                          "q5": ["A", "A"], "ipak_index": [3.5, 3.5],
                          "n_agen": np.array([3, huge], dtype=np.uint64)})
    given: object = table
    if kind == "polars":
        given = pytest.importorskip("polars").from_pandas(table)
    elif kind in ("arrow", "parquet"):
        given = pa.Table.from_pandas(table, preserve_index=False)
        if kind == "parquet":
            parquet.write_table(given, tmp_path / "units.parquet")
            given = parquet.read_table(tmp_path / "units.parquet")
    found = score_table(ruleset, given)
    rows = [{"q1": "Ya", "q2": "B", "n_ubah": 2, "q5": "A", "ipak_index": "3.5",
             "n_agen": count} for count in (3, huge)]
    expected = [float(ruleset.score(row).total.score) for row in rows]
    totals, problems = found["total"], found["problems"]  # each kind indexes by name
    if kind in ("arrow", "parquet"):
        totals, problems = totals.to_pylist(), problems.to_pylist()
    assert list(totals) == expected
    assert list(problems) == [None, None]


def test_floats_past_the_digit_limit_are_refused_as_the_exact_path_refuses_them() -> None:
    """A float count of 1e300, or an index of 1e-300, read as given: zona refuses a number
    past 10^±40 in an answer; batch scoring used to score such a cell without reading it
    exactly (found by hand)."""
    pd = pytest.importorskip("pandas")
    import zona
    from tests.conftest import ROOT
    from zona.batch import score_table
    from zona.errors import ZonaAnswerError

    ruleset = zona.load(ROOT / "examples" / "example.zona")
    base = {"q1": "Ya", "q2": "B", "n_ubah": 2.0, "q5": "A", "ipak_index": 3.5, "n_agen": 3.0}
    rows = [base, {**base, "n_agen": 1e300}, {**base, "ipak_index": 1e-300},
            {**base, "n_agen": 1e39}]
    found = score_table(ruleset, pd.DataFrame(rows))
    for row, problem in zip(rows, found["problems"], strict=True):
        try:
            ruleset.score(row)
        except ZonaAnswerError as error:
            assert problem is not None and error.problems[0].message in problem
        else:
            assert problem is None
    assert [p is None for p in found["problems"]] == [True, False, False, True]


@pytest.mark.parametrize("kind", ["arrow", "pandas-objects", "pandas-arrow", "polars"])
def test_tables_in_memory_with_lists_in_an_answer_column(kind: str) -> None:
    """score_table given a table whose answer column holds lists or dictionaries (a
    traceback, `unhashable type: 'list'`): each such cell is a problem of its row, said
    with its column, and the other rows are scored."""
    import zona
    from zona.batch import score_table

    rules = zona.load_builtin(LKE)
    arrow = pa.table({"unit": ["a", "b", "c"], "soal_1": pa.array([[1], [2], None]),
                      "soal_2": ["A", "B", "A"]})
    if kind == "arrow":
        problems = score_table(rules, arrow).column("problems").to_pylist()
    elif kind == "polars":
        pl = pytest.importorskip("polars")
        problems = score_table(rules, pl.from_arrow(arrow))["problems"].to_list()
    else:
        pd = pytest.importorskip("pandas")
        frame = arrow.to_pandas(types_mapper=pd.ArrowDtype) if kind == "pandas-arrow" else \
            pd.DataFrame({"unit": ["a", "b", "c"], "soal_1": [[1], {"a": 2}, None],
                          "soal_2": ["A", "B", "A"]})
        problems = [None if p is None or p != p else p
                    for p in score_table(rules, frame)["problems"].tolist()]
    assert [p is None for p in problems] == [False, False, True]
    assert all(p.startswith("soal_1: '") for p in problems[:2])
    assert "{" in problems[1] if kind == "pandas-objects" else "[2]" in problems[1]


def _odd_columns() -> list[tuple[str, str, object]]:
    """Columns of every odd type a notebook may hold, per kind of table."""
    import datetime
    import decimal

    pd = pytest.importorskip("pandas")
    pl = pytest.importorskip("polars")
    np = pytest.importorskip("numpy")
    arrow = {"binary": pa.array([b"A", b"B", None]),
             "date": pa.array([datetime.date(2020, 1, 1)] * 3),
             "duration": pa.array([datetime.timedelta(1)] * 3),
             "decimal256": pa.array([decimal.Decimal("1.5")] * 3, pa.decimal256(10, 2)),
             "struct": pa.array([{"a": 1}] * 3), "null": pa.array([None] * 3, pa.null()),
             "float16": pa.array(np.array([1, 2, 3], dtype=np.float16)),
             "map": pa.array([[("a", 1)]] * 3, pa.map_(pa.string(), pa.int64())),
             "uint64": pa.array([2**64 - 1, 0, None], pa.uint64())}
    pandas = {"bytes": [b"A", b"B", None], "decimal": [decimal.Decimal("1.5")] * 3,
              "complex": [1 + 2j] * 3, "mixed": [1, "A", 2.5],
              "period": pd.period_range("2020", periods=3, freq="Y"),
              "interval": pd.interval_range(0, 3), "Int64": pd.array([1, None, 2], dtype="Int64"),
              "huge": [10**30, 1, 2], "lists": [[1], {"a": 1}, None]}
    polars = {"date": pl.Series([datetime.date(2020, 1, 1)] * 3),
              "decimal": pl.Series([decimal.Decimal("1.5")] * 3),
              "struct": pl.Series([{"a": 1}] * 3), "null": pl.Series([None] * 3),
              "array": pl.Series([[1, 2]] * 3, dtype=pl.Array(pl.Int64, 2)),
              **({"int128": pl.Series([1, None, 3], dtype=pl.Int128)}
                 if hasattr(pl, "Int128") else {})}
    return [*(("arrow", n, c) for n, c in arrow.items()),
            *(("pandas", n, c) for n, c in pandas.items()),
            *(("polars", n, c) for n, c in polars.items())]


@pytest.mark.filterwarnings("error::numpy.exceptions.ComplexWarning")
@pytest.mark.parametrize("where", ["soal_1", "soal_88", "soal_125", "fact:prior_predicate",
                                   "carried"])
def test_odd_column_types_give_a_result_or_a_zona_error(where: str) -> None:
    """Every odd type in an answer, fact or carried column: scored, its cells refused for
    their rows, or a ZonaError; never another exception (polars Int128 and pandas complex
    raised or were made real: `1+2j` read as 1), and a carried column comes back as it was."""
    import zona
    from zona.batch import score_table
    from zona.errors import ZonaError

    pd = pytest.importorskip("pandas")
    pl = pytest.importorskip("polars")
    rules = zona.load_builtin(LKE)
    for kind, name, column in _odd_columns():
        if kind == "arrow":
            table: object = pa.table({"soal_2": ["A", "B", "A"], where: column})
        elif kind == "pandas":
            table = pd.DataFrame({"soal_2": ["A", "B", "A"], where: column})
        else:
            table = pl.DataFrame({"soal_2": ["A", "B", "A"]}).with_columns(
                column.alias(where))  # type: ignore[attr-defined]
        try:
            scored = score_table(rules, table)
        except ZonaError:
            continue
        if where == "carried" and kind == "polars":
            assert scored["carried"].dtype == column.dtype, name  # type: ignore[attr-defined]
        if name == "complex" and where == "soal_88":
            assert all("(1+2j)" in p for p in scored["problems"].tolist())


def test_pandas_columns_labelled_other_than_text_are_carried_over() -> None:
    """Columns labelled None, 1.5 or 7 (read by their text) come back in front of the
    scores under their own labels (a KeyError: the result looked them up by text)."""
    import zona
    from zona.batch import score_table

    pd = pytest.importorskip("pandas")
    rules = zona.load_builtin(LKE)
    frame = pd.DataFrame({None: ["u"], 1.5: ["v"], 7: ["w"], "soal_2": ["A"]})
    scored = score_table(rules, frame)
    assert list(scored.columns[:4]) == [None, 1.5, 7, "total"]
    assert scored.iloc[0, :3].tolist() == ["u", "v", "w"]

"""zona.batch: vectorised scoring equals the exact path, row by row, on every kind of table."""

from __future__ import annotations

import decimal
import math
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import zona
from tests.strategies import Generated, answer_sheets, valid_rulesets
from zona.language import syntax as s
from zona.language import unparse
from zona.numtext import exact_text

np = pytest.importorskip("numpy")
pd = pytest.importorskip("pandas")
pa = pytest.importorskip("pyarrow")
pl = pytest.importorskip("polars")

from zona.batch import score_arrays, score_table  # noqa: E402
from zona.batch.run import problem_text  # noqa: E402
from zona.numtext import terminates  # noqa: E402

SETTINGS = settings(max_examples=30, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
LKE = zona.load_builtin("permenpan-90-2021")
REAL = ["permenpan-90-2021", "permenpan-52-2014", "portalrb-2026"]
KINDS = ["pandas", "categorical", "arrow", "polars", "polars-enum"]


# --- building tables -------------------------------------------------------------------


def table_of(rows: list[dict[str, object]], columns: list[str], kind: str) -> Any:
    """A table with one row per dict (a missing key is an empty cell)."""
    data = {c: [row.get(c) for row in rows] for c in columns}
    if kind in ("pandas", "categorical"):
        frame = pd.DataFrame({c: pd.Series(v, dtype=object) for c, v in data.items()})
        if kind == "categorical":
            for c in columns:
                if all(v is None or isinstance(v, str) for v in data[c]):
                    frame[c] = frame[c].astype("category")
        return frame
    arrays = {c: pa.array([_arrow_value(v) for v in values]) for c, values in data.items()}
    table = pa.table(arrays)
    if kind == "polars-enum":  # text columns as Enums, categories in no particular order
        return pl.from_arrow(table).with_columns(
            pl.col(c).cast(pl.Enum(sorted({str(x) for x in v if x is not None} | {"~unused"},
                                          reverse=True)))
            for c, v in data.items() if any(v) and all(x is None or isinstance(x, str) for x in v))
    return pl.from_arrow(table) if kind == "polars" else table


def _arrow_value(value: object) -> object:
    if isinstance(value, Fraction):
        return exact_text(value)
    return value


def _mixed(values: list[object]) -> bool:
    kinds = {type(v) for v in values if v is not None}
    return len(kinds) > 1


# --- comparing with the exact path -------------------------------------------------------


def check_rows(ruleset: zona.Ruleset, rows: list[dict[str, object]], kind: str,
               facts: dict[str, object] | None = None, conditions: bool = True,
               chunk: int | None = None, workers: int | None = None) -> Any:
    """Batch-score the rows and compare every row with ruleset.score (scores within
    1e-12, verdicts exactly, bad rows with the same problems). `conditions=False` lets
    the batch skip the exact checks its predicates do not need; `chunk` and `workers`
    split the rows into chunks of that many rows, scored on that many threads."""
    rows = [{"unit": f"unit {i}", **row} for i, row in enumerate(rows)]
    columns = list(dict.fromkeys(["unit", *ruleset.inputs_by_name,
                                  *(c for row in rows for c in row)]))
    if kind in ("arrow", "polars", "polars-enum") and any(
            _mixed([_arrow_value(r.get(c)) for r in rows]) for c in columns):
        kind = "pandas"  # Arrow columns hold one type
    table = table_of(rows, columns, kind)
    if chunk is None:
        batch = score_arrays(ruleset, table, facts=facts, conditions=conditions,
                             workers=workers, nodes="all")
    else:
        from zona.batch import run

        batch = run.score_arrays(ruleset, table, facts=facts, conditions=conditions,
                                 chunk=chunk, workers=workers, nodes="all")
    assert batch.rows == len(rows)
    for index, row in enumerate(rows):
        answers = {k: v for k, v in row.items() if not k.startswith("fact:") and k != "unit"}
        row_facts = dict(facts or {})
        row_facts.update({k[5:]: v for k, v in row.items() if k.startswith("fact:")})
        try:
            result = ruleset.score(answers, row_facts)
        except zona.ZonaAnswerError as error:
            assert index in batch.problems, (index, str(error))
            expected = sorted(f"{p.location.replace('facts.', 'fact:')}: {p.message}"
                              for p in error.problems)
            assert sorted(map(problem_text, batch.problems[index])) == expected
            _assert_blank(batch, index)
            continue
        except zona.ZonaEvaluationError as error:
            assert batch.problems.get(index) == ((None, error.message),)
            _assert_blank(batch, index)
            continue
        assert index not in batch.problems, batch.problems.get(index)
        for name, values in batch.scores.items():
            found = result.nodes.get(name)
            exact = found.score if found is not None else result.views[name].score
            assert math.isclose(values[index], float(exact), rel_tol=1e-12,
                                abs_tol=1e-12), (index, name)
        for name, predicate in result.predicates.items():
            code = batch.verdicts[name][index]
            assert code == {True: 2, False: 0, None: 1}[predicate.passed], (index, name)
        for name, grade in result.grades.items():
            expected = -1 if grade.answered else -2
            if grade.level is not None:
                expected = grade.grade.position(grade.level)
            assert batch.grades[name][index] == expected, (index, name, grade.level)
    return batch


def _assert_blank(batch: Any, index: int) -> None:
    assert all(math.isnan(v[index]) for v in batch.scores.values())
    assert all(v[index] == -1 for v in batch.verdicts.values())
    assert all(v[index] == -3 for v in batch.grades.values())


# --- answers for the real rulesets ---------------------------------------------------------


def cells(ruleset: zona.Ruleset) -> st.SearchStrategy[dict[str, object]]:
    """A row: options (sometimes in other case, or blank), counts, indices given as text,
    float or Fraction, often sitting exactly on a threshold (3.20, 3.60)."""
    fields: dict[str, st.SearchStrategy[object]] = {}
    for spec in ruleset.inputs:
        if spec.kind == "choice" and spec.scale is not None:
            names = list(spec.scale.names)
            value: st.SearchStrategy[object] = st.one_of(
                st.sampled_from(names), st.sampled_from([n.lower() for n in names]))
        elif spec.kind == "count":
            value = st.integers(0, 12)
        else:
            low, high = int((spec.low or 0) * 100), int((spec.high or 0) * 100)
            value = st.one_of(
                st.sampled_from(["3.60", "3.2", "4", "0", "3.6000", "2.5"]),
                st.integers(low, high).map(lambda n: exact_text(Fraction(n, 100))))
        fields[spec.name] = st.one_of(st.none(), value, value, value, value)
    return st.fixed_dictionaries(fields)


@pytest.mark.parametrize("name", REAL)
@SETTINGS
@given(data=st.data())
def test_batch_equals_exact_on_the_real_rulesets(name: str, data: st.DataObject) -> None:
    """Random tables of the built-in rulesets: every node, view and predicate per row
    equals the exact path's, for pandas, categorical, Arrow and polars tables (text as
    polars Enums too)."""
    ruleset = zona.load_builtin(name)
    rows = data.draw(st.lists(cells(ruleset), min_size=1, max_size=12))
    facts = data.draw(st.sampled_from([None, {"prior_predicate": "WBK"}]))
    check_rows(ruleset, rows, data.draw(st.sampled_from(KINDS)), facts,
               conditions=data.draw(st.booleans()))


@SETTINGS
@given(data=st.data())
def test_batch_equals_exact_on_generated_rulesets(data: st.DataObject) -> None:
    """Generated rulesets (means, sums, items with divide/min/max/if, every missing
    policy, views, fact and predicate conditions), facts as columns."""
    generated = data.draw(valid_rulesets())
    ruleset = zona.loads(generated.text)
    rows = []
    for _ in range(data.draw(st.integers(1, 8))):
        answers, facts = data.draw(answer_sheets(generated))
        rows.append({**answers, **{f"fact:{k}": v for k, v in facts.items()}})
    check_rows(ruleset, rows, data.draw(st.sampled_from(KINDS)),
               conditions=data.draw(st.booleans()))


@SETTINGS
@given(data=st.data())
def test_float_columns_in_many_chunks_equal_exact(data: st.DataObject) -> None:
    """Decimals and counts as float columns (Arrow doubles, nulls for blanks), scored in
    chunks of a few rows on two threads: every row as the exact path scores it."""
    generated = data.draw(valid_rulesets())
    ruleset = zona.loads(generated.text)
    floats = {*generated.decimals, *data.draw(st.sets(st.sampled_from(generated.counts))
                                               if generated.counts else st.just(set()))}
    rows = []
    for _ in range(data.draw(st.integers(1, 12))):
        answers, facts = data.draw(answer_sheets(generated))
        answers = {k: float(v) if k in floats else v for k, v in answers.items()}
        rows.append({**answers, **{f"fact:{k}": v for k, v in facts.items()}})
    check_rows(ruleset, rows, "arrow", conditions=data.draw(st.booleans()),
               chunk=data.draw(st.sampled_from([1, 2, 5])), workers=2)


@SETTINGS
@given(data=st.data())
def test_bad_answers_are_reported_per_row(data: st.DataObject) -> None:
    """Unknown options, negative or fractional counts, out-of-range decimals and missing
    answers under `missing error`: each bad row says what the exact path says; good rows
    are scored."""
    generated = data.draw(valid_rulesets(error_policy=True))
    assume(generated.inputs)
    ruleset = zona.loads(generated.text)
    rows = []
    for _ in range(data.draw(st.integers(1, 8))):
        answers, _ = data.draw(answer_sheets(generated))
        for name in data.draw(st.lists(st.sampled_from(generated.inputs), max_size=2)):
            answers[name] = data.draw(st.sampled_from(["zz", "-1", "2.5", "99999", "", None]))
        rows.append(answers)
    check_rows(ruleset, rows, "pandas")


def _on_the_line(generated: Generated, answers: dict[str, object],
                 facts: dict[str, object]) -> zona.Ruleset | None:
    """The ruleset with predicates whose thresholds are exactly one node's score and
    share for these answers (>= passes, > fails)."""
    result = zona.loads(generated.text).score(answers, facts)
    candidates = [n for n in result.total.walk() if terminates(n.score)]
    if not candidates:
        return None
    target = candidates[len(candidates) // 2]
    at = [s.Require(condition=s.Comparison(quantity=s.ScoreOf(name=target.name), op=">=",
                                           threshold=s.NumberThreshold(value=target.score)))]
    if terminates(target.share):
        at.append(s.Require(condition=s.Comparison(
            quantity=s.ShareOf(name=target.name), op=">=",
            threshold=s.NumberThreshold(value=target.share))))
    extra = [s.PredicateDecl(name="OnTheLine", label=None, members=tuple(at))]
    if target.score < target.maximum:
        extra.append(s.PredicateDecl(name="Above", label=None, members=(s.Require(
            condition=s.Comparison(quantity=s.ScoreOf(name=target.name), op=">",
                                   threshold=s.NumberThreshold(value=target.score))),)))
    module = attrs.evolve(generated.module,
                          declarations=(*generated.module.declarations, *extra))
    return zona.loads(unparse.module(module))


@SETTINGS
@given(data=st.data())
def test_rows_exactly_on_a_threshold(data: st.DataObject) -> None:
    """A unit whose score is exactly a threshold passes `>=` and fails `>` in batch too."""
    generated = data.draw(valid_rulesets())
    answers, facts = data.draw(answer_sheets(generated))
    ruleset = _on_the_line(generated, answers, facts)
    assume(ruleset is not None)
    assert ruleset is not None
    row = {**answers, **{f"fact:{k}": v for k, v in facts.items()}}
    for conditions in (True, False):
        batch = check_rows(ruleset, [row, row], "pandas", conditions=conditions)
        assert list(batch.verdicts["OnTheLine"]) == [2, 2]
        if "Above" in batch.verdicts:
            assert list(batch.verdicts["Above"]) == [0, 0]


# --- the 90/2021 thresholds, by hand -------------------------------------------------------


def _best() -> dict[str, object]:
    from tests.sheets import extreme_answers

    return extreme_answers(LKE, True)


@pytest.mark.parametrize("kind", KINDS)
def test_ipak_exactly_360_passes_in_every_kind_of_table(kind: str) -> None:
    """IPAK index exactly 3.60 is exactly 15.75 points: WBK's IPAK condition passes, as
    text, as a float and as a Fraction (pandas), and just below it fails."""
    rows = []
    for ipak in ("3.60", "3.59", "3.6"):
        rows.append({**_best(), "q125": ipak, "q127": "3.20", "q126": "C"})
    batch = check_rows(LKE, rows, kind, {"prior_predicate": "WBK"})
    leaf = next(lf for lf in batch.leaves if lf.predicate == "WBK" and lf.subject == "ipak")
    assert batch.conditions is not None
    assert list(batch.conditions[leaf.index]) == [2, 0, 2]
    as_float = pd.DataFrame([{**_best(), "q125": 3.6, "q127": 3.2, "q126": "C"}])
    scored = score_table(LKE, as_float, facts={"prior_predicate": "WBK"})
    assert bool(scored["WBK"][0]) is True
    exact = LKE.score({**_best(), "q125": Fraction(18, 5), "q127": "3.2", "q126": "C"})
    assert exact.predicates["WBK"].passed is True


def test_ipak_on_threshold_needs_an_exact_check_only_there() -> None:
    """Rows on a threshold: decided exactly from the float where the score's denominator is
    bounded (indices as text: hundredths), else by the exact path (indices as floats: any
    decimal), once per distinct answer."""
    rows = [{**_best(), "q125": "3.60"}] * 50 + [{**_best(), "q125": "3.90"}] * 50
    batch = score_arrays(LKE, pd.DataFrame(rows))
    assert batch.exact_rows == batch.exact_checks == 0
    assert (batch.verdicts["WBK"] == 2).all()
    floats = pd.DataFrame([{**row, "q125": float(str(row["q125"]))} for row in rows])
    batch = score_arrays(LKE, floats)
    assert batch.exact_rows == 0
    assert 0 < batch.exact_checks <= 200  # IPAK under WBK and WBBM, on the 50 rows at 3.60
    assert (batch.verdicts["WBK"] == 2).all()


def test_division_by_zero_decisions_match() -> None:
    """The percentage items' zero cases (0 agents, no violations either year, ...)."""
    rows = []
    for last, this in ((0, 0), (0, 3), (4, 1), (2, 2), (5, 0)):
        rows.append({**_best(), "q102": last, "q103": this, "q88": last, "q89": this,
                     "q113": 0, "q114": 0, "q115": 0, "q116": this})
    batch = check_rows(LKE, rows, "arrow")
    assert list(batch.scores["ref_disiplin_turun"]) == [1.0, 0.0, 0.75, 0.0, 1.0]


def test_whole_quotients_at_the_top_of_their_range_stay_float() -> None:
    """A ratio of counts that is exactly 1 (no violations this year: (q102 - q103) / q102)
    is exact in float64: the item sits at its maximum without sending the row to the
    exact path; a huge ratio under min(1, ...) is exactly 1 as well."""
    rows = [{**_best(), "q102": last, "q103": 0, "q88": 1, "q89": big}
            for last in (1, 3, 7) for big in (1, 10**12)]
    batch = check_rows(LKE, rows, "arrow")
    assert batch.exact_rows == 0
    assert list(batch.scores["ref_disiplin_turun"]) == [1.0] * 6
    assert list(batch.scores["ref_agen_konkret"]) == [1.0] * 6


def test_only_the_checks_a_predicate_needs_go_to_the_exact_path() -> None:
    """IPAK exactly 3.60 sits on WBK's threshold 15.75. A unit that fails WBK on its
    total anyway needs no exact check to say so; with conditions=True every condition's
    verdict is returned, so the check is made (and passes). (The index as a float column:
    any decimal, so the float alone cannot settle it.)"""
    from tests.sheets import extreme_answers

    rows = [{**extreme_answers(LKE, False), "q125": 3.6}] * 3 + \
        [{**_best(), "q125": 3.6}] * 2
    quick = check_rows(LKE, rows, "arrow", conditions=False)
    full = check_rows(LKE, rows, "arrow", conditions=True)
    assert list(quick.verdicts["WBK"]) == list(full.verdicts["WBK"]) == [0, 0, 0, 2, 2]
    # IPAK under WBK and under WBBM: on the two units that pass the rest, or all five
    assert (quick.exact_checks, full.exact_checks) == (4, 10)
    leaf = next(lf for lf in full.leaves if lf.predicate == "WBK" and lf.subject == "ipak")
    assert full.conditions is not None and list(full.conditions[leaf.index]) == [2] * 5


@pytest.mark.parametrize("kind", ["arrow", "pandas-float"])
def test_float_indices_on_and_beyond_their_range(kind: str) -> None:
    """Indices as floats exactly on the ends of 0..4 are read as they are; one step
    beyond is a bad row with the exact path's message; -0.0 is 0."""
    values = [0.0, -0.0, 4.0, float(np.nextafter(4.0, 5.0)), -1e-300, 3.6, None]
    rows = [{**_best(), "q125": v} for v in values]
    if kind == "arrow":
        batch = check_rows(LKE, rows, "arrow")
    else:
        frame = pd.DataFrame(rows)
        frame["q125"] = frame["q125"].astype("float64")
        batch = score_arrays(LKE, frame)
        assert frame["q125"].dtype == np.float64
    assert set(batch.problems) == {3, 4}
    assert problem_text(batch.problems[3][0]) == "q125: 4.000000000000001 is outside 0..4"
    assert list(batch.scores["ipak"][[0, 1, 2, 5, 6]]) == [0.0, 0.0, 17.5, 15.75, 0.0]


def test_nodes_subset_and_chunks_give_the_same_scores() -> None:
    """Scores written through a per-thread buffer (`nodes=`) and in many small chunks
    on two threads equal those of one chunk written in place."""
    from zona.batch import run

    rows = [{**_best(), "q1": "Tidak", "q125": "3.60"}, {**_best(), "q88": -2},
            {**_best(), "q102": 4, "q103": 1}, _best(), {**_best(), "q127": None}] * 3
    table = pd.DataFrame(rows)
    whole = score_arrays(LKE, table)
    some = run.score_arrays(LKE, table, nodes=["pengungkit", "area_yan", "ipak"], chunk=2,
                            workers=2)
    assert list(some.scores) == ["total", "pengungkit", "area_yan", "ipak"]
    for name, values in some.scores.items():
        np.testing.assert_array_equal(values, whole.scores[name])
    for name, verdicts in some.verdicts.items():
        np.testing.assert_array_equal(verdicts, whole.verdicts[name])
    assert some.problems == whole.problems and set(some.problems) == {1, 6, 11}


@SETTINGS
@given(data=st.data())
def test_any_choice_of_outputs_scores_as_every_node_does(data: st.DataObject) -> None:
    """Generated rulesets, any choice of nodes to output, in chunks of a few rows on two
    threads: the scores not output are written into a buffer whose rows the nodes that only
    their parent reads share (zona.batch.run); every output and verdict equals scoring
    every node in place."""
    from zona.batch import run

    generated = data.draw(valid_rulesets())
    ruleset = zona.loads(generated.text)
    rows = []
    for _ in range(data.draw(st.integers(1, 10))):
        answers, facts = data.draw(answer_sheets(generated))
        rows.append({**answers, **{f"fact:{k}": v for k, v in facts.items()}})
    columns = list(dict.fromkeys([*ruleset.inputs_by_name, *(c for r in rows for c in r)]))
    table = table_of(rows, columns, "pandas")
    chunk = data.draw(st.sampled_from([1, 3, 64]))
    every = run.score_arrays(ruleset, table, nodes="all", chunk=chunk, workers=2)
    chosen = data.draw(st.lists(st.sampled_from(sorted(ruleset.nodes)), unique=True))
    some = run.score_arrays(ruleset, table, nodes=chosen or None, chunk=chunk, workers=2)
    assert set(some.scores) <= set(every.scores)
    for name, values in some.scores.items():
        np.testing.assert_array_equal(values, every.scores[name], err_msg=name)
    for name, verdicts in some.verdicts.items():
        np.testing.assert_array_equal(verdicts, every.verdicts[name], err_msg=name)
    for name, grades in some.grades.items():
        np.testing.assert_array_equal(grades, every.grades[name], err_msg=name)
    assert some.problems == every.problems


@SETTINGS
@given(data=st.data())
def test_facts_given_for_every_row_equal_exact(data: st.DataObject) -> None:
    """Generated rulesets, facts given for every row (`facts=`; some left unknown): a fact
    condition then has one verdict on every row, which the predicates combine as a
    number without writing its rows (conditions=False), or as rows (conditions=True);
    every verdict is the exact path's."""
    generated = data.draw(valid_rulesets())
    ruleset = zona.loads(generated.text)
    rows = [data.draw(answer_sheets(generated))[0] for _ in range(data.draw(st.integers(1, 8)))]
    facts = data.draw(answer_sheets(generated))[1]
    given = {k: v for k, v in facts.items() if data.draw(st.booleans())}
    check_rows(ruleset, rows, data.draw(st.sampled_from(["pandas", "arrow"])), facts=given,
               conditions=data.draw(st.booleans()))


ELIGIBLE = {"prior_predicate": "WBK", "instansi": "pemda", "indeks_rb": "CC", "sakip": "B",
            "bpk_opinion": "WTP", "spip_maturity": 3, "tlhp": 100, "lhkpn_compliance": 100,
            "lhkasn_compliance": 100, "zi_years": 1, "kkn_case": "no",
            "revoked_recently": "no"}


@pytest.mark.parametrize("change", [{}, {"sakip": "C"}, {"instansi": "kementerian"},
                                    {"tlhp": None}, {"tlhp": None, "kkn_case": "yes"},
                                    {"indeks_rb": None}, {"prior_predicate": "none"}])
@pytest.mark.parametrize("conditions", [False, True])
def test_eligibility_facts_given_for_every_row(change: dict[str, object],
                                               conditions: bool) -> None:
    """The LKE's eligibility facts given for every row, each case one fact away from
    eligible (an `and` of an `or`, a fact unknown, a failing fact beside an unknown one):
    one verdict on every row for each fact condition, combined with the rows' scores as
    the exact path combines them."""
    rows = [_best(), {**_best(), "q1": "Tidak"}, {**_best(), "q125": "2.10"}]
    facts = {k: v for k, v in {**ELIGIBLE, **change}.items() if v is not None}
    check_rows(LKE, rows, "pandas", facts, conditions=conditions)


def test_nodes_that_only_their_parent_reads_share_buffer_rows() -> None:
    """On the 90/2021 LKE's default outputs the buffer needs 7 rows, not one for each of
    the 54 scores that are neither output nor skipped; asking for the total alone, 30."""
    from zona.batch import run

    seen: list[int] = []
    real = run._buffer_rows

    def counting(*args: Any) -> Any:
        found = real(*args)
        seen.append(found[1])
        return found

    table = pd.DataFrame([_best()] * 3)
    try:
        run._buffer_rows = counting
        score_arrays(LKE, table)
        score_arrays(LKE, table, nodes=["total"])
    finally:
        run._buffer_rows = real
    assert seen == [7, 30]


# --- tables, columns and problems ------------------------------------------------------------


def test_soal_columns_carried_columns_and_row_order() -> None:
    """Columns named soal_<n> are answers; others are carried over in order; the output
    keeps the input's index."""
    rows = [_best(), {**_best(), "q1": "Tidak"}]
    frame = pd.DataFrame([{f"soal_{LKE.inputs_by_name[k].soal}": v for k, v in r.items()}
                          for r in rows], index=[10, 20])
    frame.insert(0, "unit", ["Kantor A", "Kantor B"])
    frame["instansi"] = ["X", "Y"]
    scored = score_table(LKE, frame)
    assert list(scored.columns[:2]) == ["unit", "instansi"]
    assert list(scored.index) == [10, 20]
    assert scored.loc[10, "total"] == 100.0
    assert scored.loc[20, "total"] == float(LKE.score(rows[1]).total.score)
    assert scored["problems"].isna().all()


def test_bad_rows_are_kept_and_explained() -> None:
    rows = [_best(), {**_best(), "q1": "Mungkin", "q88": -2}, {**_best(), "q125": "4.5"}]
    scored = score_table(LKE, pd.DataFrame(rows))
    assert len(scored) == 3
    assert scored["problems"][0] is None
    assert scored["problems"][1] == ("q1: 'Mungkin' is not on the scale Ya/Tidak (Ya, Tidak); "
                                     "q88: -2 is negative; a count is 0, 1, 2, ...")
    assert scored["problems"][2] == "q125: 4.5 is outside 0..4"
    assert math.isnan(scored["total"][1]) and pd.isna(scored["WBK"][1])
    assert scored["total"][0] == 100.0
    with pytest.raises(zona.ZonaAnswerError) as caught:
        score_table(LKE, pd.DataFrame(rows), errors="raise")
    assert [p.location for p in caught.value.problems] == ["row 2", "row 2", "row 3"]


def test_facts_as_columns_or_for_every_row() -> None:
    rows = [{**_best(), "fact:prior_predicate": "WBK"},
            {**_best(), "fact:prior_predicate": None},
            {**_best(), "fact:prior_predicate": "none"},
            {**_best(), "fact:prior_predicate": "gold"}]
    scored = score_table(LKE, pd.DataFrame(rows))
    assert [None if pd.isna(v) else bool(v) for v in scored["WBBM"]] == [True, None, False,
                                                                          None]
    assert scored["problems"][3] == "fact:prior_predicate: 'gold' is not one of none, WBK, WBBM"
    everyone = score_table(LKE, pl.DataFrame([_best()] * 2), facts={"prior_predicate": "WBK"})
    assert everyone["WBBM"].to_list() == [True, True]
    with pytest.raises(zona.ZonaAnswerError, match="also given by column"):
        score_table(LKE, pd.DataFrame(rows[:1]), facts={"prior_predicate": "WBK"})
    with pytest.raises(zona.ZonaAnswerError, match="no fact"):
        score_table(LKE, pd.DataFrame([{**_best(), "fact:zz": 1}]))


def test_arrow_decimal_and_string_columns() -> None:
    """Decimal128 indices and plain strings read exactly like the exact path."""
    best = _best()
    columns = {k: pa.array([v, v]) for k, v in best.items() if k not in ("q125", "q127")}
    columns["q125"] = pa.array([decimal.Decimal("3.60"), decimal.Decimal("3.59")],
                               type=pa.decimal128(5, 2))
    columns["q127"] = pa.array(["3.20", None])
    scored = score_table(LKE, pa.table(columns))
    assert scored.column("WBK").to_pylist() == [True, False]
    assert scored.column("problems").to_pylist() == [None, None]
    assert isinstance(scored, pa.Table)


def test_table_level_problems() -> None:
    with pytest.raises(zona.ZonaAnswerError, match="second column for q1"):
        score_table(LKE, pd.DataFrame([{"q1": "Ya", "soal_1": "Ya"}]))
    with pytest.raises(zona.ZonaAnswerError, match="no column names a question"):
        score_table(LKE, pd.DataFrame([{"unit": "x"}]))
    with pytest.raises(zona.ZonaError, match="result column"):
        score_table(LKE, pd.DataFrame([{"q1": "Ya", "total": 3}]))
    with pytest.raises(zona.ZonaError, match="expected a table"):
        score_table(LKE, [{"q1": "Ya"}])
    scores = score_arrays(LKE, pd.DataFrame([{"q1": "Ya", "soal_999": 1}]))
    assert scores.warnings == ("column 'soal_999' names no soal of permenpan-90-2021; it is "
                               "carried over as it is",)


def test_nodes_option_and_empty_table() -> None:
    scored = score_table(LKE, pd.DataFrame([_best()]), nodes=["pengungkit"])
    assert list(scored.columns) == ["total", "pengungkit", "WBK", "WBBM", "ELIGIBLE_WBK",
                                    "ELIGIBLE_WBBM", "problems"]
    empty = score_table(LKE, pd.DataFrame({"q1": pd.Series([], dtype=object)}))
    assert len(empty) == 0
    with pytest.raises(zona.ZonaError, match="no node or view 'nope'"):
        score_table(LKE, pd.DataFrame([_best()]), nodes=["nope"])


EXPRESSIONS = '''
ruleset "x" { missing exclude }
scale ya "Ya/Tidak" { Ya = 1, Tidak = 0 }
input a { decimal 0..1 }
input b { decimal 0..1 }
input n { count }
input m { count }
derived ratio = divide(n, m, if n == 0 then 1 else 0)
item tricky "If, min, max and divide on decimals" {
    weight 10
    score = if a + b >= 0.3 then min(10, max(0, 10 * (a - b) + 5)) else divide(a, b, 0.5)
}
item whole { score = min(1, ratio) }
group g { weight 5  missing zero  question q { scale ya }  item k { score = a } }
predicate P { require tricky >= 5  require share(g) >= 50% }
'''


def test_float_doubts_go_to_the_exact_path() -> None:
    """0.1 + 0.2 >= 0.3 is true exactly but not in float: such rows are scored whole by
    the exact path, and agree with it."""
    ruleset = zona.loads(EXPRESSIONS)
    rows = [{"a": "0.1", "b": "0.2", "n": 0, "m": 0, "q": "Ya"},
            {"a": 0.1, "b": 0.2, "n": 3, "m": 0, "q": None},
            {"a": "0.05", "b": "0.2", "n": 3, "m": 6},
            {"a": "0.5", "b": "0", "n": 1, "m": 3, "q": "Tidak"},
            {"a": "0.25", "b": "0.25", "n": 6, "m": 3, "q": "Ya"}]
    batch = check_rows(ruleset, rows, "pandas")
    assert batch.exact_rows >= 2


# --- the command line -------------------------------------------------------------------------


def _units_csv(path: Any) -> list[str]:
    best = _best()
    rows = [{"unit": "Kantor A", **best, "q125": "3.60"},
            {"unit": "Kantor B", **best, "q1": "Mungkin", "q125": "4.5"},
            {"unit": "Kantor C", **best, "q126": "E"}]
    frame = pd.DataFrame([{(f"soal_{LKE.inputs_by_name[k].soal}" if k in LKE.inputs_by_name
                            else k): v for k, v in r.items()} for r in rows])
    frame.to_csv(path, index=False)
    return list(frame.columns)


def test_cli_batch_text_and_located_problems(tmp_path: Any,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    from zona.cli.main import main

    path = tmp_path / "units.csv"
    columns = _units_csv(path)
    code = main(["batch", str(path), "-r", "permenpan-90-2021", "--fact",
                 "prior_predicate=WBK"])
    captured = capsys.readouterr()
    assert code == 1
    first, ipak = columns.index("soal_1") + 1, columns.index("soal_125") + 1
    assert captured.err.splitlines() == [
        f"{path}:3:{first}: soal_1: 'Mungkin' is not on the scale Ya/Tidak (Ya, Tidak)",
        f"{path}:3:{ipak}: soal_125: 4.5 is outside 0..4"]
    lines = captured.out.splitlines()
    assert lines[0].split() == ["unit", "total", "WBK", "WBBM", "ELIGIBLE_WBK", "ELIGIBLE_WBBM"]
    assert lines[1].split()[:5] == ["Kantor", "A", "98.25", "passed", "passed"]
    assert lines[2].split()[:4] == ["Kantor", "B", "-", "not"]
    assert lines[3].split()[:5] == ["Kantor", "C", "95.00", "failed", "failed"]
    assert lines[4] == "permenpan-90-2021: 2 of 3 units scored, 1 with problems (see above)"


def test_cli_batch_output_files_and_json(tmp_path: Any,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from zona.cli.main import main

    path = tmp_path / "units.csv"
    _units_csv(path)
    for name in ("scored.parquet", "scored.csv"):
        target = tmp_path / name
        code = main(["batch", str(path), "-r", "permenpan-90-2021", "-o", str(target),
                     "--json"])
        document = json.loads(capsys.readouterr().out)
        assert code == 1 and document["output"] == str(target) and document["rows"] == []
        back = pd.read_parquet(target) if name.endswith(".parquet") else pd.read_csv(target)
        assert list(back["unit"]) == ["Kantor A", "Kantor B", "Kantor C"]
        assert back["total"][0] == 98.25 and pd.isna(back["total"][1])
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    code = main(["batch", str(path), "-r", "permenpan-90-2021", "--json"])
    document = json.loads(capsys.readouterr().out)
    assert document["predicates"]["WBK"] == {"passed": 1, "failed": 1, "undecided": 0}
    assert document["rows"][1]["problems"][1] == "soal_125: 4.5 is outside 0..4"
    assert document["rows"][0] == {"unit": "Kantor A", "total": 98.25, "WBK": True,
                                   "WBBM": None, "ELIGIBLE_WBK": None,
                                   "ELIGIBLE_WBBM": None, "problems": []}
    with pytest.raises(SystemExit):
        main(["batch", str(path)])  # --ruleset is required
    assert main(["batch", str(path), "-r", "permenpan-90-2021", "-o",
                 str(tmp_path / "x.txt")]) == 1
    assert "write the scores to a .csv or .parquet file" in capsys.readouterr().err


def test_cli_batch_reads_xlsx_and_run_table_serves_score(tmp_path: Any,
                                                         capsys: pytest.CaptureFixture[str]
                                                         ) -> None:
    import argparse

    from zona.cli.batch import run_table

    pytest.importorskip("openpyxl")
    best = _best()
    frame = pd.DataFrame([{"unit": "A", **best}, {"unit": "B", **best, "q88": -3}])
    book = tmp_path / "units.xlsx"
    with pd.ExcelWriter(book) as writer:
        pd.DataFrame([["Daftar unit"], [None]]).to_excel(writer, index=False, header=False,
                                                       sheet_name="Unit")
        frame.to_excel(writer, index=False, startrow=3, sheet_name="Unit")
    args = argparse.Namespace(table=str(book), ruleset="permenpan-90-2021", json=False,
                              fact=[], output=None, progress=True)
    code = run_table(args, __import__("sys").stdout)
    captured = capsys.readouterr()
    assert code == 1
    from openpyxl.utils import get_column_letter

    column = get_column_letter(list(frame.columns).index("q88") + 1)
    assert captured.err.splitlines()[-1] == (
        f"Unit!{column}6: q88: -3 is negative; a count is 0, 1, 2, ...")
    assert "[##############################] 100% 2/2 units" in captured.err
    assert "A " in captured.out and "100.00" in captured.out


def test_scores_out_of_range_are_bad_rows() -> None:
    """An item that leaves 0..maximum for some answers: those rows carry the exact path's
    evaluation error; the others are scored."""
    ruleset = zona.loads('ruleset "r" { }\ninput n { count }\ninput x { decimal 0..2 }\n'
                         'item i { score = n - 2 }\nitem j { weight 2  score = x * 1.5 }\n')
    rows = [{"n": n, "x": x} for n in (1, 2, 3, 4) for x in ("0", "1.2", "4/3", "1.4")]
    rows = [r for r in rows if r["x"] != "4/3"]
    batch = check_rows(ruleset, rows, "pandas")
    assert {i for i in batch.problems} == {i for i, r in enumerate(rows)
                                           if r["n"] in (1, 4) or r["x"] == "1.4"}

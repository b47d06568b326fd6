"""zona.batch.fused: means of questions scored in integers from the answer codes give the
exact path's scores (within their bound) and verdicts, ties included, and only where every
child's column is complete and clean."""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Any

import pytest

import zona

np = pytest.importorskip("numpy")
pd = pytest.importorskip("pandas")
pa = pytest.importorskip("pyarrow")

from zona.batch import score_arrays, score_table  # noqa: E402
from zona.batch.columns import read_table  # noqa: E402
from zona.batch.fused import fusion  # noqa: E402
from zona.batch.reading import columns_of, read_inputs  # noqa: E402
from zona.batch.run import _plans  # noqa: E402

# evenly spaced (no lookup), uneven with one correction (A/B/C/D of the LKE), uneven with
# five corrections, and yes/no
RULES = zona.loads("""
ruleset "fused" { title "Fused means" effective 2024-01-01 .. maximum 100 }
scale five "5" { A = 1, B = 0.75, C = 0.5, D = 0.25, E = 0 }
scale four "4" { A = 1, B = 0.67, C = 0.33, D = 0 }
scale odd "odd" { P = 1, Q = 0.9, R = 0.55, S = 0.5, T = 0.1, U = 0 }
scale yn "yn" { Ya = 1, Tidak = 0 }
component c1 "C1" {
    weight 70
    area a1 "A1" {
        weight 35
        question q1 "Q1" { scale five }
        question q2 "Q2" { scale four }
        question q3 "Q3" { scale odd }
    }
    area a2 "A2" {
        weight 35
        question q4 "Q4" { scale yn }
        question q5 "Q5" { scale five }
        question q6 "Q6" { scale four }
    }
}
component c2 "C2" {
    weight 30
    question q7 "Q7" { scale five }
    question q8 "Q8" { scale five }
    question q9 "Q9" { scale yn }
}
predicate P "P" {
    require total >= 75
    require q6 >= 0.33
}
predicate TIE "Tie" { require c2 >= 20 }
""")
OPTIONS = {"q1": "ABCDE", "q2": "ABCD", "q3": "PQRSTU", "q4": ["Ya", "Tidak"], "q5": "ABCDE",
           "q6": "ABCD", "q7": "ABCDE", "q8": "ABCDE", "q9": ["Ya", "Tidak"]}


def _every_row() -> list[dict[str, str]]:
    """Every combination of answers of a2 and c2 (c2 = 20 exactly on some: ties), with a1's
    answers cycling."""
    rows = []
    names = ["q4", "q5", "q6", "q7", "q8", "q9"]
    cycle = itertools.cycle(itertools.product(*(OPTIONS[q] for q in ("q1", "q2", "q3"))))
    for combo in itertools.product(*(OPTIONS[q] for q in names)):
        rows.append({**dict(zip(("q1", "q2", "q3"), next(cycle), strict=True)),
                     **dict(zip(names, combo, strict=True))})
    return rows


def _frame(rows: list[dict[str, str]], order: str) -> Any:
    columns = {}
    for name, options in OPTIONS.items():
        categories = list(options) if order == "listed" else list(reversed(options)) \
            if order == "reversed" else [*options[1::2], *options[::2]]  # shuffled
        columns[name] = pd.Categorical([r[name] for r in rows], categories=categories)
    return pd.DataFrame(columns)


@pytest.mark.parametrize("order", ["listed", "reversed", "shuffled"])
def test_fused_means_equal_the_exact_path(order: str) -> None:
    rows = _every_row()
    frame = _frame(rows, order)
    batch = score_arrays(RULES, frame, nodes="all")
    assert batch.exact_rows == 0
    ties = 0
    for row, answers in enumerate(rows):
        result = RULES.score(answers)
        for name in ("a1", "a2", "c1", "c2", "total", "q3", "q6"):
            exact = result.nodes[name].score
            assert abs(Fraction(float(batch.scores[name][row])) - exact) <= Fraction(1, 10**12)
        for name in ("P", "TIE"):
            assert batch.verdicts[name][row] == (2 if result.predicates[name].passed else 0)
        ties += result.nodes["c2"].score == 20
    # c2 = 10 x (q7 + q8 + q9): 20 where q7 + q8 = 1 and q9 is Ya (5 of 25 pairs), or
    # q7 = q8 = A and q9 is Tidak (1 of 25)
    assert ties == len(rows) * 6 // 50 == 240


def test_which_means_are_fused_and_which_questions_skipped() -> None:
    frame = _frame(_every_row(), "listed")
    read = read_table(frame)
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        inputs = dict(read_inputs(RULES, read, columns_of(RULES, read.names), pool))
    vector, _ = _plans(RULES)
    needed = {"total", "c1", "c2", "a1", "a2", "q6"}  # q6: a condition reads it
    found = fusion(RULES, vector.rows, inputs, needed)
    assert set(found.means) == {"a1", "a2", "c2"}
    assert found.skip == {"q1", "q2", "q3", "q4", "q5", "q7", "q8", "q9"}
    a1, c2 = found.means["a1"], found.means["c2"]
    # five: -1/4 a code (from A = 4/4 down), in hundredths beside four: -33 a code with
    # one correction at C (0.67 - 0.33 = 0.34); odd: by code; yes/no: 4 quarters
    # odd: 0, -10, -45, -50, -90, -100 hundredths by code: -10 a code (the rise most codes
    # share) and three corrections
    assert [(g.step, len(g.columns)) for g in a1.groups] == [(-25, 1), (-33, 1), (-10, 1)]
    assert [(c.delta, [at for _, at in c.where]) for c in a1.corrections] == [
        (-1, [2]), (-25, [2]), (5, [3]), (-30, [4])]
    assert not a1.lookups
    assert a1.constant == 300 and a1.dtype == np.int16
    assert [(g.step, len(g.columns)) for g in c2.groups] == [(-1, 2), (-4, 1)]
    assert c2.constant == 12 and c2.dtype == np.int8 and c2.factor == 30 / (3 * 4)


def test_questions_in_the_same_order_share_their_corrections() -> None:
    """q7 and q8 (the same scale, options in the same shuffled order) need the same
    corrections: each is counted over both columns and added once, as the exact path
    scores them (test_fused_means_equal_the_exact_path[shuffled])."""
    frame = _frame(_every_row(), "shuffled")
    read = read_table(frame)
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        inputs = dict(read_inputs(RULES, read, columns_of(RULES, read.names), pool))
    vector, _ = _plans(RULES)
    c2 = fusion(RULES, vector.rows, inputs, {"total"}).means["c2"]
    shared = [c for c in c2.corrections if len(c.where) == 2]
    assert shared
    assert {id(codes) for c in shared for codes, _ in c.where} == {
        id(inputs["q7"].codes), id(inputs["q8"].codes)}


def test_an_empty_cell_leaves_its_mean_to_the_ordinary_step() -> None:
    rows = _every_row()[:50]
    rows[3] = {k: v for k, v in rows[3].items() if k != "q7"}  # c2 unanswered there
    frame = pd.DataFrame({k: pd.Categorical([r.get(k) for r in rows], categories=list(v))
                          for k, v in OPTIONS.items()})
    read = read_table(frame)
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        inputs = dict(read_inputs(RULES, read, columns_of(RULES, read.names), pool))
    vector, _ = _plans(RULES)
    found = fusion(RULES, vector.rows, inputs, {"total"})
    assert set(found.means) == {"a1", "a2"} and "q7" not in found.skip
    scored = score_table(RULES, frame)
    for row, answers in enumerate(rows):
        exact = RULES.score(answers).total.score
        assert abs(Fraction(float(scored["total"][row])) - exact) <= Fraction(1, 10**12)


def test_question_scores_are_there_when_asked_for() -> None:
    rows = _every_row()[:40]
    frame = _frame(rows, "listed")
    table = pa.Table.from_pandas(frame)
    some = score_table(RULES, table, nodes=["q3", "q9"])
    assert some.column_names[:3] == ["total", "q3", "q9"]
    for row, answers in enumerate(rows):
        result = RULES.score(answers)
        assert some["q3"][row].as_py() == float(result.nodes["q3"].score)
        assert some["q9"][row].as_py() == float(result.nodes["q9"].score)


def test_a_question_of_uneven_values_is_added_by_corrections_or_by_code() -> None:
    """Up to six corrections to the step most codes rise by (options in any order, as
    polars numbers a Categorical's values); past that, one lookup by code."""
    from zona.batch.fused import _part

    codes = np.zeros(3, dtype=np.int8)
    shuffled, reach = _part(codes, [0, -50, -25, -100])  # B, D, C, A of a 4-step scale
    assert shuffled is not None and shuffled.table is None
    # rises -50, +25, -75: each as good a step (two corrections), -50 the nearest to -33
    assert (shuffled.step, shuffled.corrections) == (-50, ((2, 75), (3, -25)))
    assert reach == 150 + 75 + 25
    # C, A, B, D, E of a 5-step scale (A = 40): one option out of place, two corrections
    moved, _ = _part(codes, [0, 20, 10, -10, -20])
    assert moved is not None and (moved.step, moved.corrections) == (-10, ((1, 30), (3, -10)))
    numerators = [0, 7, -30, 12, -50, 40, -3, 90, -90]  # eight uneven steps
    by_code, reach = _part(codes, numerators)
    assert by_code is not None and by_code.table is not None
    assert by_code.table.tolist() == numerators and reach == 90

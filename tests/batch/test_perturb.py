"""Moved answers (zona.batch.perturb): one option up or down a scale, exact shifts of
indices and counts, `change` respected with safe=True, every kind of table kept."""

from __future__ import annotations

from typing import Any

import pytest

import zona

pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")
pa = pytest.importorskip("pyarrow")

from zona.batch import score_table  # noqa: E402
from zona.batch.perturb import each, perturbed, shift, step  # noqa: E402

RULESET = zona.loads('''ruleset "moves" { }
scale yt { Ya = 1, Tidak = 0 }
scale abc { A = 1, B = 0.5, C = 0 }
scale tingkat range 1..5 { 1 "Rintisan", 2 "Terkelola", 3 "Terstandar", 4 "Terukur",
    5 "Optimum", TR = na "Tidak relevan" }
component c "C" { weight 60
    question q1 { scale yt }
    question q2 { scale abc  change up }
    question q3 { scale tingkat }
    question q4 { scale abc  change fixed }
}
component h "H" { weight 40
    input ipak { decimal 0..4 }
    input agen { count  change down }
    item i { weight 20  score = ipak / 4 }
    item j { weight 20  score = min(1, agen / 10) }
}
''')
CHOICES = zona.loads('ruleset "choices" { }\nscale yt { Ya = 1, Tidak = 0 }\n'
                     'component c "C" { weight 100  question q1 { scale yt } }\n')
ROWS = [{"q1": "Tidak", "q2": "b", "q3": "3", "q4": "B", "ipak": "3.98", "agen": 4},
        {"q1": "Ya", "q2": "C", "q3": "TR", "q4": "C", "ipak": "0.02", "agen": 0},
        {"q1": None, "q2": "Z", "q3": "5", "q4": "A", "ipak": None, "agen": 12}]


def moved(change: Any, kind: str = "pandas") -> tuple[list[dict[str, object]], list[int]]:
    frame = pd.DataFrame(ROWS)
    table = {"pandas": frame, "polars": pl.from_pandas(frame),
             "arrow": pa.Table.from_pandas(frame, preserve_index=False)}[kind]
    found, count = perturbed(RULESET, table, change)
    assert type(found) is type(table)
    rows = found.to_pandas() if kind != "pandas" else found
    cells = [{k: (None if pd.isna(v) else v) for k, v in r.items()}
             for r in rows.astype(object).to_dict("records")]
    return cells, count.tolist()


@pytest.mark.parametrize("kind", ["pandas", "polars", "arrow"])
def test_one_option_up_and_down(kind: str) -> None:
    up, count = moved(step(+1), kind)
    assert [(r["q1"], r["q2"], r["q3"], r["q4"]) for r in up] == [
        ("Ya", "A", "4", "A"), ("Ya", "B", "TR", "B"), (None, "Z", "5", "A")]
    assert count == [4, 2, 0]  # top, blank, not applicable, off the scale: not moved
    down, count = moved(step(-1), kind)
    assert [(r["q1"], r["q2"], r["q3"], r["q4"]) for r in down] == [
        ("Tidak", "C", "2", "C"), ("Tidak", "C", "TR", "C"), (None, "Z", "4", "B")]
    assert count == [3, 1, 2]
    assert [r["ipak"] for r in down] == ["3.98", "0.02", None]  # not a choice: left alone


def test_safe_steps_follow_change() -> None:
    up, _ = moved(step(+1, safe=True))
    assert [(r["q2"], r["q4"]) for r in up] == [("A", "B"), ("B", "C"), ("Z", "A")]
    down, count = moved(step(-1, ["q1", "q2"], safe=True))
    assert [(r["q1"], r["q2"]) for r in down] == [("Tidak", "b"), ("Tidak", "C"), (None, "Z")]
    assert count == [0, 1, 0]


def test_shifts_are_exact_and_stop_at_the_range() -> None:
    rows, count = moved(shift("0.05"))  # the measured inputs: ipak
    assert [r["ipak"] for r in rows] == ["4", "0.07", None] and count == [1, 1, 0]
    rows, count = moved(shift("-0.05", "ipak"))
    assert [r["ipak"] for r in rows] == ["3.93", "0", None]
    rows, count = moved(shift(-5, ["agen"], safe=True))
    assert [r["agen"] for r in rows] == ["0", "0", "7"] and count == [1, 0, 1]
    rows, count = moved(shift("+2", ["agen"], safe=True))  # `change down`: never up
    assert count == [0, 0, 0] and [r["agen"] for r in rows] == [4, 0, 12]


def test_moved_tables_score_as_their_cells_read() -> None:
    table, _ = perturbed(RULESET, pd.DataFrame(ROWS), shift("0.05", ["ipak"]))
    scored = score_table(RULESET, table)
    for row, total in zip(table.astype(object).to_dict("records"), scored.total, strict=True):
        answers = {k: v for k, v in row.items() if not pd.isna(v)}
        try:
            assert RULESET.score(answers).total.score == pytest.approx(total)
        except zona.ZonaAnswerError:
            assert pd.isna(total)  # the row with 'Z' is refused by both


def test_one_input_at_a_time_and_what_is_refused() -> None:
    assert [p.name for p in each(RULESET, step(+1))] == [
        "step +1 q1", "step +1 q2", "step +1 q3", "step +1 q4"]
    assert [p.name for p in each(RULESET, step(-1, safe=True))] == [
        "step -1 q1 (safe)", "step -1 q2 (safe)", "step -1 q3 (safe)", "step -1 q4 (safe)"]
    for call, message in [
            (lambda: step(2), "a step is +1 (one option up) or -1 (one option down), not 2"),
            (lambda: shift("1/3"), "a shift is an exact decimal amount (0.05, -0.1), not "
                                   "'1/3'"),
            (lambda: perturbed(CHOICES, pd.DataFrame(ROWS), shift("0.1")),
             "choices has no measured decimal input (survey index) to shift; name the inputs"),
            (lambda: perturbed(RULESET, pd.DataFrame(ROWS), shift("0.1", ["q1"])),
             "a shift moves decimal/count inputs; q1 cannot be moved"),
            (lambda: perturbed(RULESET, pd.DataFrame(ROWS), shift("0.5", ["agen"])),
             "a count moves by whole numbers; agen cannot move by 0.5"),
            (lambda: perturbed(RULESET, pd.DataFrame(ROWS), step(1, ["q9"])),
             "moves has no input 'q9'")]:
        with pytest.raises(zona.ZonaError) as error:
            call()
        assert str(error.value) == message

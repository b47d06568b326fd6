"""zona.batch.cohort and `zona cohort`: counts, distributions and Paretos checked against the
exact path unit by unit."""

from __future__ import annotations

import json
import random
from collections import Counter
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import zona
from tests.sheets import extreme_answers
from tests.strategies import answer_sheets, valid_rulesets
from zona.cli.main import main

np = pytest.importorskip("numpy")
pd = pytest.importorskip("pandas")

from zona.batch.cohort import _costs, analyse  # noqa: E402

LKE = zona.load_builtin("permenpan-90-2021")
FACTS = {"prior_predicate": "WBK"}


def units(count: int = 120, seed: int = 3) -> list[dict[str, object]]:
    best, worst = extreme_answers(LKE, True), extreme_answers(LKE, False)
    rng = random.Random(seed)
    rows = []
    for i in range(count):
        level = rng.random()
        row: dict[str, object] = {k: best[k] if rng.random() < 0.55 + 0.4 * level else worst[k]
                                  for k in best}
        row["q125"] = rng.choice(["3.60", "3.40", "3.90", "3.1"])
        row["q127"] = rng.choice(["3.20", "3.60", "3.00", "3.85"])
        row["instansi"] = ["Kemen A", "Kemen B", "Pemda C"][i % 3]
        rows.append(row)
    return rows


def exact(rows: list[dict[str, object]]) -> list[zona.Result]:
    return [LKE.score({k: v for k, v in r.items() if k != "instansi"}, FACTS) for r in rows]


def test_counts_distributions_and_blockers_match_the_exact_path() -> None:
    rows = units()
    cohort = analyse(LKE, pd.DataFrame(rows), by="instansi", facts=FACTS)
    results = exact(rows)
    assert [g.key for g in cohort.groups] == [None, "Kemen A", "Kemen B", "Pemda C"]
    for group in cohort.groups:
        mine = [res for res, row in zip(results, rows, strict=True)
                if group.key is None or row["instansi"] == group.key]
        assert group.units == group.scored == len(mine)
        for name, count in group.predicates.items():
            verdicts = Counter(r.predicates[name].passed for r in mine)
            assert count == {"passed": verdicts[True], "failed": verdicts[False],
                             "undecided": verdicts[None]}
        totals = sorted(float(r.total.score) for r in mine)
        spread = group.distributions["total"]
        assert spread.minimum == pytest.approx(totals[0], rel=1e-12)
        assert spread.highest == pytest.approx(totals[-1], rel=1e-12)
        assert spread.median == pytest.approx(float(np.median(totals)))
        area = group.distributions["area_was"]
        assert area.mean == pytest.approx(
            float(np.mean([float(r.views["area_was"].score) for r in mine])))
        for name in ("WBK", "WBBM"):
            failing = [r for r in mine if r.predicates[name].passed is False]
            expected = Counter(_label(leaf) for r in failing
                               for leaf in r.predicates[name].failing()
                               if leaf.passed is False)
            found = {b.condition: b.units for b in group.blocking[name]}
            assert found == dict(expected)
            if group.blocking[name]:
                assert group.blocking[name][-1].cumulative == pytest.approx(1.0)
                assert [b.units for b in group.blocking[name]] == sorted(
                    found.values(), reverse=True)


def _label(leaf: zona.ConditionResult) -> str:
    from zona.model import Every

    if isinstance(leaf.condition, Every):
        return f"{leaf.text} [{leaf.subject}]"
    return leaf.text


def test_costs_add_up_to_the_points_each_unit_lost() -> None:
    """The questions' and items' costs of a unit add up to 100 - its total; a question
    answered at its best costs nothing; the costly list is in Pareto order."""
    from zona.batch import score_arrays

    rows = units(60, seed=9)
    scores = score_arrays(LKE, pd.DataFrame(rows), conditions=True, nodes="all")
    costs = _costs(LKE, scores)
    lost = sum(costs.values())
    assert np.allclose(lost, 100 - scores.scores["total"], atol=1e-9)
    best = extreme_answers(LKE, True)
    for i, row in enumerate(rows):
        for name in ("q1", "q2", "q126"):
            if row[name] == best[name]:
                assert costs[name][i] == pytest.approx(0.0, abs=1e-12)
    cohort = analyse(LKE, pd.DataFrame(rows), top=5)
    points = [c.points for c in cohort.groups[0].costly]
    assert points == sorted(points, reverse=True) and len(points) == 5


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_costs_add_up_on_generated_rulesets(data: st.DataObject) -> None:
    """Whatever the tree (sums, means with any missing policy, expressions over their
    children), each unit's costs add up to what it lost."""
    from zona.batch import score_arrays

    generated = data.draw(valid_rulesets())
    ruleset = zona.loads(generated.text)
    rows = [data.draw(answer_sheets(generated))[0] for _ in range(data.draw(st.integers(1, 5)))]
    table = pd.DataFrame({"unit": [f"u{i}" for i in range(len(rows))],
                          **{n: [r.get(n) for r in rows] for n in ruleset.inputs_by_name}})
    scores = score_arrays(ruleset, table, conditions=True, nodes="all")
    costs = _costs(ruleset, scores)
    lost = sum(costs.values()) if costs else 0.0
    maximum = float(ruleset.root.maximum)
    assert np.allclose(lost, maximum - scores.scores["total"], atol=1e-9)


def test_bad_rows_are_left_out_and_reported() -> None:
    rows = units(10)
    rows[3] = {**rows[3], "q1": "Mungkin"}
    cohort = analyse(LKE, pd.DataFrame(rows), by="instansi")
    assert cohort.groups[0].units == 10 and cohort.groups[0].scored == 9
    assert list(cohort.problems) == [3]
    with pytest.raises(zona.ZonaError, match="no column 'kota'"):
        analyse(LKE, pd.DataFrame(rows), by="kota")
    document = cohort.to_dict()
    assert document["rows_with_problems"] == 1
    assert json.dumps(document)


def test_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = units(30)
    path = tmp_path / "units.csv"
    pd.DataFrame([{k: (str(v) if isinstance(v, Fraction) else v) for k, v in r.items()}
                  for r in rows]).to_csv(path, index=False)
    code = main(["cohort", str(path), "-r", "permenpan-90-2021", "--by", "instansi",
                 "--fact", "prior_predicate=WBK", "--top", "3"])
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("== all units: 30 of 30 units scored ==\n")
    assert "== instansi = Pemda C: 10 of 10 units scored ==" in out
    assert "what blocks WBK" in out and "questions that cost the most points" in out
    code = main(["cohort", str(path), "-r", "permenpan-90-2021", "--json"])
    document = json.loads(capsys.readouterr().out)
    assert code == 0 and document["groups"][0]["units"] == 30


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_grades_counted_and_costs_add_up_with_na_and_weighted_means(
        data: st.DataObject) -> None:
    """With not-applicable answers (every policy), weighted means, ranged scales and
    grades: each group counts each grade's levels as the exact path decides them, and each
    unit's costs add up to what it lost."""
    from tests.batch.generated import batch_rows, batch_rulesets
    from zona.batch import score_arrays

    generated = data.draw(batch_rulesets(na=True))
    ruleset = zona.loads(generated.text)
    rows = data.draw(batch_rows(generated, data.draw(st.integers(1, 6))))
    columns = [*ruleset.inputs_by_name, *(f"fact:{f.name}" for f in ruleset.facts)]
    table = pd.DataFrame({"unit": [f"u{i}" for i in range(len(rows))],
                          **{c: pd.Series([r.get(c) for r in rows], dtype=object)
                             for c in columns}})
    cohort = analyse(ruleset, table)
    group = cohort.groups[0]
    expected: dict[str, Counter[str]] = {g.name: Counter() for g in ruleset.grades}
    for index, row in enumerate(rows):
        if index in cohort.problems:
            continue
        answers = {k: v for k, v in row.items() if not k.startswith("fact:")}
        facts = {k[5:]: v for k, v in row.items() if k.startswith("fact:")}
        for name, grade in ruleset.score(answers, facts).grades.items():
            expected[name][grade.level if grade.level is not None else
                           ("undecided" if grade.answered else "unanswered")] += 1
    assert {k: {level: n for level, n in v.items() if n} for k, v in group.grades.items()} \
        == {k: dict(v) for k, v in expected.items()}
    scores = score_arrays(ruleset, table, conditions=True, nodes="all")
    costs = _costs(ruleset, scores)
    good = [i for i in range(len(rows)) if i not in scores.problems]
    lost = sum(costs.values())
    assert np.allclose(lost[good], float(ruleset.root.maximum) - scores.scores["total"][good],
                       atol=1e-9)
    assert json.dumps(cohort.to_dict())


def test_cli_counts_grades(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`zona cohort` and `zona batch` give a line per grade with its levels' counts."""
    valid = Path(__file__).parents[1] / "data" / "valid"
    path = tmp_path / "units.csv"
    pd.DataFrame([{"k1": "A", "k2": "B", "k3": "C", "m1": "B", "m2": "D", "m3": "B"},
                  {"k1": "A", "k2": "A", "k3": "A", "m1": "A", "m2": "A", "m3": "A"},
                  {"k1": "E", "k2": "E", "k3": "E"}]).to_csv(path, index=False)
    ruleset = str(valid / "grades_bands.zona")
    assert main(["cohort", str(path), "-r", ruleset]) == 0
    out = capsys.readouterr().out
    assert "  predikat: D 1, C 0, CC 0, B 1, BB 0, A 0, AA 1\n" in out
    assert main(["cohort", str(path), "-r", ruleset, "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["groups"][0]["grades"]["mutu"] == {"C": 1, "B": 1, "A": 1,
                                                        "undecided": 0, "unanswered": 0}
    assert main(["batch", str(path), "-r", ruleset]) == 0
    out = capsys.readouterr().out
    assert "predikat  mutu" in out and "  predikat: D 1, C 0" in out

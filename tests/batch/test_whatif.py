"""What-if studies (zona.batch.whatif): exact counts on examples/units-90-2021.csv, every
flip against the exact path (a hypothesis property), the tables of every kind, the CLI."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import zona

pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")
pa = pytest.importorskip("pyarrow")

from zona.batch.perturb import Shift, Step  # noqa: E402
from zona.batch.whatif import amend, compare, perturb, shift, step  # noqa: E402
from zona.cli.main import main  # noqa: E402
from zona.model.changes import allows  # noqa: E402
from zona.scoring.read import read_value  # noqa: E402

ROOT = Path(__file__).parents[2]
SAMPLE = ROOT / "examples" / "units-90-2021.csv"
LKE = zona.load_builtin("permenpan-90-2021")
PREDICATES = ("WBK", "WBBM", "ELIGIBLE_WBK", "ELIGIBLE_WBBM")


def sample() -> Any:
    """The sample table as a CSV reader gives it: every cell text, blanks empty."""
    return pd.read_csv(SAMPLE, dtype=str, keep_default_na=False).replace({"": None})


SAMPLE_FRAME = sample()


# --- the exact path, and perturbations written out independently ----------------------------


def answers_of(row: dict[str, Any]) -> dict[str, object]:
    return {LKE.by_soal()[int(k[5:])].name: v for k, v in row.items()
            if k.startswith("soal_") and not pd.isna(v)}


def moved_answer(spec: zona.model.Input, raw: object, change: Step | Shift) -> object:
    """One answer after a perturbation, as docs/batch.md says it moves."""
    if raw is None or (change.inputs is not None and spec.name not in change.inputs):
        return raw
    try:
        value = read_value(spec, raw)
    except ValueError:
        return raw
    if value is None:
        return raw
    if isinstance(change, Step):
        if spec.kind != "choice" or (change.safe and spec.measured):
            return raw
        assert spec.scale is not None
        values = sorted({o.value for o in spec.scale.valued})
        at = values.index(value) + change.direction
        if not 0 <= at < len(values) or (change.safe and not allows(spec.change, value,
                                                                      values[at])):
            return raw
        return next(o.name for o in spec.scale.valued if o.value == values[at])
    if spec.kind != "decimal" or (change.inputs is None and not spec.measured):
        return raw
    new = min(max(value + change.amount, spec.low or Fraction(0)), spec.high or Fraction(4))
    if change.safe and not allows(spec.change, value, new):
        return raw
    return new


def exact_flips(ruleset: zona.Ruleset, frame: Any, after: zona.Ruleset,
                change: Step | Shift | None) -> set[tuple[int, str, bool | None, bool | None]]:
    """(row, predicate, before, after) for every verdict that differs, by ruleset.score."""
    found = set()
    for number, row in enumerate(frame.to_dict("records"), start=1):
        answers = answers_of(row)
        facts = {"prior_predicate": row["fact:prior_predicate"]}
        before = ruleset.score(answers, facts)
        if change is not None:
            answers = {k: moved_answer(LKE.inputs_by_name[k], v, change)
                       for k, v in answers.items()}
        now = after.score(answers, facts)
        for name in PREDICATES:
            was, then = before.predicates[name].passed, now.predicates[name].passed
            if was != then:
                found.add((number, name, was, then))
    return found


def reported(study: Any, index: int = 0) -> set[tuple[int, str, bool | None, bool | None]]:
    word = {"passed": True, "failed": False, "undecided": None}
    return {(f["row"], f["predicate"], word[f["before"]], word[f["after"]])
            for f in study.to_dict()["scenarios"][index]["flips"]}


# --- exact counts on the sample --------------------------------------------------------------


SCENARIOS: dict[str, Any] = {
    "WBK at 80": {"WBK.total": "80"},
    "PortalRB 2026": zona.load_builtin("portalrb-2026"),
    "up": step(+1), "down": step(-1), "indices +0.05": shift("0.05"),
    "IPAK -0.05": shift("-0.05", ["q125"])}
# (WBK passed after, pass -> fail, fail -> pass; WBBM the same) per scenario
EXPECTED = {"WBK at 80": (94, 1, 0, 10, 0, 0), "PortalRB 2026": (95, 0, 0, 10, 0, 0),
            "up": (106, 0, 11, 15, 0, 5), "down": (0, 95, 0, 0, 10, 0),
            "indices +0.05": (104, 0, 9, 11, 0, 1), "IPAK -0.05": (76, 19, 0, 9, 1, 0)}


def test_the_sample_under_six_scenarios_has_these_exact_counts() -> None:
    study = compare(LKE, SAMPLE_FRAME, SCENARIOS)
    summary = study.to_frame("summary")
    assert list(summary.columns) == ["scenario", "predicate", "passed_before", "passed_after",
                                     "pass_to_fail", "fail_to_pass", "other"]
    found = {}
    for name in SCENARIOS:
        rows = summary[summary.scenario == name].set_index("predicate")
        assert (rows.passed_before.to_dict(), rows.other.sum()) == (
            {"WBK": 95, "WBBM": 10, "ELIGIBLE_WBK": 0, "ELIGIBLE_WBBM": 0}, 0)
        found[name] = tuple(int(rows.loc[p, c]) for p in ("WBK", "WBBM")
                            for c in ("passed_after", "pass_to_fail", "fail_to_pass"))
    assert found == EXPECTED
    flips = study.to_frame("flips")
    assert flips[flips.scenario == "WBK at 80"][["unit", "predicate", "before", "after"]] \
        .values.tolist() == [["Unit 023", "WBK", True, False]]
    document = study.to_dict()["scenarios"]
    assert [s["answers_moved"] for s in document if "answers_moved" in s] == [
        3488, 18938, 372, 198]


@pytest.mark.parametrize("name", ["WBK at 80", "up", "down", "indices +0.05", "IPAK -0.05"])
def test_every_flip_of_the_sample_is_the_exact_paths(name: str) -> None:
    chosen = SCENARIOS[name]
    study = compare(LKE, SAMPLE_FRAME, {name: chosen})
    after = amend(LKE, chosen) if isinstance(chosen, dict) else LKE
    change = chosen if isinstance(chosen, Step | Shift) else None
    assert reported(study) == exact_flips(LKE, SAMPLE_FRAME, after, change)


# --- every flip is the exact path's (hypothesis) ---------------------------------------------

INDICES = ["3.60", "3.55", "3.59", "3.20", "3.15", "3.65", "4", "4.00", "0", None, "3.6"]
SUBJECTS = ["total", "pengungkit", "bersih", "ipak", "ipkp", "q126", "areas"]


@st.composite
def studies(draw: st.DrawFn) -> tuple[Any, Any]:
    rows = draw(st.lists(st.integers(0, len(SAMPLE_FRAME) - 1), min_size=1, max_size=6))
    frame = SAMPLE_FRAME.iloc[rows].reset_index(drop=True).copy()
    for column in ("soal_125", "soal_127"):
        if draw(st.booleans()):
            frame[column] = draw(st.lists(st.sampled_from(INDICES), min_size=len(frame),
                                          max_size=len(frame)))
    kind = draw(st.sampled_from(["amend", "step", "shift"]))
    if kind == "amend":
        predicate = draw(st.sampled_from(["WBK", "WBBM"]))
        subject = draw(st.sampled_from(SUBJECTS))
        if subject == "areas":
            value: object = f"{draw(st.integers(40, 90))}%"
        else:  # often exactly a unit's own score: a tie decided exactly
            unit = frame.iloc[draw(st.integers(0, len(frame) - 1))].to_dict()
            result = LKE.score(answers_of(unit), {})
            score = result.nodes[subject].score if subject != "total" else result.total.score
            maximum = LKE.node(subject).maximum
            value = min(maximum, max(Fraction(0), score + draw(st.sampled_from(
                [Fraction(0), Fraction(0), Fraction(1, 100), Fraction(-1, 100)]))))
        return frame, {f"{predicate}.{subject}": value}
    inputs = draw(st.none() | st.lists(st.sampled_from(["q1", "q6", "q40", "q100", "q126"]),
                                       min_size=1, max_size=3, unique=True))
    if kind == "step":
        return frame, step(draw(st.sampled_from([1, -1])), inputs, safe=draw(st.booleans()))
    amount = draw(st.sampled_from(["0.05", "-0.05", "0.4", "-4", "0.01", "-0.4"]))
    return frame, shift(amount, draw(st.sampled_from([None, ["q125"], ["q127"]])),
                        safe=draw(st.booleans()))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(studies())
def test_every_flip_reported_is_the_exact_paths(drawn: tuple[Any, Any]) -> None:
    frame, chosen = drawn
    study = compare(LKE, frame, {"s": chosen})
    after = amend(LKE, chosen) if isinstance(chosen, dict) else LKE
    change = chosen if isinstance(chosen, Step | Shift) else None
    assert reported(study) == exact_flips(LKE, frame, after, change)
    units = study.to_frame()
    assert units.flipped.tolist() == [
        any(f[0] == i + 1 for f in reported(study)) for i in range(len(frame))]


# --- the tables ------------------------------------------------------------------------------


def test_the_units_table_has_a_row_per_unit_and_scenario() -> None:
    frame = SAMPLE_FRAME.head(4)
    study = perturb(LKE, frame, nodes=["ipak"])
    units = study.to_frame()
    assert list(units.columns) == [
        "unit", "instansi", "scenario", "moved", "total_before", "total_after", "ipak_before",
        "ipak_after", "WBK_before", "WBK_after", "WBBM_before", "WBBM_after",
        "ELIGIBLE_WBK_before", "ELIGIBLE_WBK_after", "ELIGIBLE_WBBM_before",
        "ELIGIBLE_WBBM_after", "flipped", "problems"]
    assert units.scenario.astype(str).tolist() == ["step +1"] * 4 + ["step -1"] * 4
    assert units.index.tolist() == [0, 1, 2, 3] * 2
    moved = [sum(moved_answer(LKE.inputs_by_name[k], v, change) != v
                 for k, v in answers_of(row).items())
             for change in (step(+1), step(-1)) for row in frame.to_dict("records")]
    assert units.moved.tolist() == moved
    assert moved[:4] == [31, 4, 23, 9]
    assert str(units.WBK_after.dtype) == "boolean" and units.ELIGIBLE_WBK_after.isna().all()
    assert units.total_before.tolist()[:4] == units.total_before.tolist()[4:]


@pytest.mark.parametrize("kind", ["polars", "arrow", "file"])
def test_every_kind_of_table_gives_the_same_study(kind: str) -> None:
    frame = SAMPLE_FRAME.head(30)
    table: Any = {"polars": lambda: pl.from_pandas(frame),
                  "arrow": lambda: pa.Table.from_pandas(frame, preserve_index=False),
                  "file": lambda: str(SAMPLE)}[kind]()
    chosen = {"WBK at 80": {"WBK.total": "80"}, "up": step(+1)}
    study = compare(LKE, table, chosen)
    expected = compare(LKE, SAMPLE_FRAME if kind == "file" else frame, chosen)
    assert study.to_dict() == expected.to_dict()
    units = study.to_frame()
    assert isinstance(units, pl.DataFrame if kind == "polars" else pa.Table)
    assert (units.height if kind == "polars" else units.num_rows) == (
        400 if kind == "file" else 60)
    columns = ["unit", "scenario", "predicate", "before", "after"]
    assert study.to_frame("flips").to_pandas()[columns].astype(str).values.tolist() == \
        expected.to_frame("flips")[columns].astype(str).values.tolist()


def test_grades_are_compared_by_level() -> None:
    sakip = zona.load(ROOT / "examples" / "sakip-88-2021.zona")
    answers = json.loads((ROOT / "examples" / "sakip-88-2021.answers.json").read_text())
    frame = pd.DataFrame([{"unit": "contoh", **answers["answers"]}])
    score = sakip.score(answers["answers"]).grades["predikat"].level
    study = compare(sakip, frame, {"A from 75": {"predikat.A": "75"}})
    levels = study.to_frame("levels")
    assert levels.level.tolist() == ["D", "C", "CC", "B", "BB", "A", "AA"]
    moved = levels[(levels.entered > 0) | (levels.left > 0)]
    if score == "BB":  # the example unit scores 75..80: BB, and A once A starts at 75
        assert moved[["level", "entered", "left"]].values.tolist() == [["BB", 0, 1],
                                                                       ["A", 1, 0]]
    changes = study.to_frame("grade_changes")
    assert changes[["grade", "before", "after"]].values.tolist() == (
        [["predikat", "BB", "A"]] if score == "BB" else [])


def test_scenarios_are_named_and_checked() -> None:
    frame = SAMPLE_FRAME.head(2)
    study = compare(LKE, frame, [{"WBK.total": "80"}, zona.load_builtin("portalrb-2026"),
                                 step(-1, safe=True), shift("0.05", "soal_125")])
    assert [s.name for s in study.scenarios] == [
        "WBK.total=80", "portalrb-2026", "step -1 (safe)", "shift +0.05 soal_125"]
    assert [s.kind for s in study.scenarios] == ["amended", "ruleset", "perturbed", "perturbed"]
    assert compare(LKE, frame, {"WBK.total": 80}).scenarios[0].name == "WBK.total=80"
    with pytest.raises(zona.ZonaError, match="two scenarios are called 'step \\+1'"):
        compare(LKE, frame, [step(+1), step(+1)])
    with pytest.raises(zona.ZonaError, match="give at least one scenario"):
        compare(LKE, frame, [])
    with pytest.raises(zona.ZonaError, match="the table's column 'scenario'"):
        compare(LKE, frame.assign(scenario="x"), step(+1)).to_frame()
    with pytest.raises(zona.ZonaError, match=r"^scenario 'permenpan-52-2014': table: .*\n"
                                             r"  table: no column names a question"):
        compare(LKE, frame, zona.load_builtin("permenpan-52-2014"))  # no soal numbers
    html = study._repr_html_()
    assert "<b>permenpan-90-2021</b>: 2 units, 4 scenarios" in html
    assert "<th>scenario</th><th>predicate</th><th>passed_before</th>" in html
    assert "<td>WBK.total=80</td><td>WBK</td>" in html
    assert html.count("<tr>") == 1 + 4 * 4


# --- the command line ------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_zona_whatif_lists_who_flips(capsys: pytest.CaptureFixture[str],
                                     tmp_path: Path) -> None:
    output = tmp_path / "whatif.parquet"
    code, out, err = run(capsys, "whatif", str(SAMPLE), "-r", "permenpan-90-2021", "--amend",
                         "WBK.total=80", "--shift", "q125=-0.05", "--list", "2", "-o",
                         str(output))
    assert (code, err) == (0, "")
    assert out.splitlines()[:13] == [
        "permenpan-90-2021: 200 of 200 units scored; 2 scenarios", "",
        "== WBK.total=80 (amended thresholds) ==",
        "  WBK: passed 95 -> 94; 1 pass -> fail, 0 fail -> pass",
        "  WBBM: passed 10 -> 10; 0 pass -> fail, 0 fail -> pass",
        "  ELIGIBLE_WBK: passed 0 -> 0; 0 pass -> fail, 0 fail -> pass",
        "  ELIGIBLE_WBBM: passed 0 -> 0; 0 pass -> fail, 0 fail -> pass",
        "  units that flip (1):",
        "    Unit 023  WBK  passed -> failed  (total 79.67 -> 79.67)", "",
        "== shift -0.05 q125 (moved answers) ==",
        "  198 answers moved in 198 units",
        "  WBK: passed 95 -> 76; 19 pass -> fail, 0 fail -> pass"]
    assert out.splitlines()[-2:] == ["    ... and 18 more", f"written to {output}"]
    assert pa.parquet.read_table(output).num_rows == 400


def test_zona_whatif_json_and_indonesian(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "whatif", str(SAMPLE), "-r", "permenpan-90-2021", "--step",
                       "up", "--json")
    document = json.loads(out)
    assert code == 0 and document["ruleset"] == "permenpan-90-2021"
    scenario = document["scenarios"][0]
    assert (scenario["name"], scenario["flip_count"], scenario["units_moved"]) == (
        "step +1", 16, 198)
    assert scenario["flips"][0] == {"row": 3, "unit": "Unit 003", "predicate": "WBK",
                                    "before": "failed", "after": "passed",
                                    "total_before": pytest.approx(83.43682933239475),
                                    "total_after": pytest.approx(87.25953766572809)}
    code, out, _ = run(capsys, "--lang", "id", "whatif", str(SAMPLE), "-r",
                       "permenpan-90-2021", "--amend", "WBK.total=80")
    assert "    Unit 023  WBK  lulus -> tdk lulus  (total 79,67 -> 79,67)" in out.splitlines()


@pytest.mark.parametrize(("argv", "message"), [
    ([], "give a scenario: --against, --amend, --step or --shift"),
    (["--amend", "WBK.total"], "--amend WBK.total: write PREDICATE.SUBJECT=VALUE"),
    (["--amend", "WBK.total=120"], "the threshold 120 is outside 0..100"),
    (["--shift", "q1=0.05"], "a shift moves decimal/count inputs; q1 cannot be moved"),
    (["--shift", "1/3"], "a shift is an exact decimal amount"),
])
def test_zona_whatif_refuses_what_it_cannot_do(capsys: pytest.CaptureFixture[str],
                                               argv: list[str], message: str) -> None:
    code, out, err = run(capsys, "whatif", str(SAMPLE), "-r", "permenpan-90-2021", *argv)
    assert (code, out) == (1, "")
    assert message in err


def test_zona_whatif_shows_unit_names_escaped(capsys: pytest.CaptureFixture[str],
                                              tmp_path: Path) -> None:
    frame = SAMPLE_FRAME[SAMPLE_FRAME.unit == "Unit 023"].assign(unit="Kantor \x1b[31mA")
    table = tmp_path / "units.csv"
    frame.to_csv(table, index=False)
    code, out, _ = run(capsys, "whatif", str(table), "-r", "permenpan-90-2021", "--amend",
                       "WBK.total=80")
    assert code == 0 and "\x1b" not in out
    assert "    Kantor \\x1b[31mA  WBK  passed -> failed  (total 79.67 -> 79.67)" in out

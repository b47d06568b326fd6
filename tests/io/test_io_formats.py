"""Answer files: zona JSON and YAML (structured or flat), CSV `id,answer` rows and PortalRB
lists with several assessors' columns; every problem is located in the file."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import zona
from tests.conftest import ROOT
from tests.sheets import extreme_answers
from zona.cli.main import main
from zona.errors import AnswerProblem, ZonaAnswerError
from zona.io import read_answers
from zona.io.sheets import parse_answers
from zona.numtext import exact_text

EXAMPLE = ROOT / "examples" / "example.zona"
GOOD = {"q1": "Ya", "q2": "B", "n_agen": 3, "n_ubah": 2, "q5": "A", "ipak_index": "3.6"}
TOTAL = Fraction(5261, 60)


@pytest.fixture(scope="module")
def example() -> zona.Ruleset:
    return zona.load(EXAMPLE)


@pytest.fixture(scope="module")
def lke() -> zona.Ruleset:
    return zona.load_builtin("permenpan-90-2021")


def problems(path: Path, ruleset: zona.Ruleset | None) -> tuple[AnswerProblem, ...]:
    with pytest.raises(ZonaAnswerError) as caught:
        read_answers(path, ruleset).score(ruleset) if ruleset else read_answers(path)
    return caught.value.problems


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# --- JSON ----------------------------------------------------------------------------


def test_json_answers_keep_their_pointers(tmp_path: Path, example: zona.Ruleset) -> None:
    path = write(tmp_path / "unit.json", json.dumps(
        {"ruleset": "example", "unit": "Kantor A", "unit_id": "K-1", "assessor": "tpi",
         "answers": GOOD, "facts": {"prior_predicate": "WBK"}}))
    sheet = read_answers(path, example)
    assert (sheet.unit, sheet.unit_id, sheet.assessor, sheet.ruleset) == (
        "Kantor A", "K-1", "tpi", "example")
    assert sheet.locations["q2"] == f"{path}#/answers/q2"
    assert sheet.locations["facts.prior_predicate"] == f"{path}#/facts/prior_predicate"
    assert sheet.score(example).total.score == TOTAL


def test_json_problems_are_located_by_pointer(tmp_path: Path, example: zona.Ruleset) -> None:
    path = write(tmp_path / "bad.json", json.dumps(
        {"answers": {**GOOD, "q1": "Mungkin", "n_agen": -1, "n_ubah": 2.5, "a/b": 1},
         "facts": {"prior_predicate": "WBX"}}))
    assert problems(path, example) == (
        AnswerProblem(f"{path}#/answers/q1", "q1: 'Mungkin' is not on the scale Ya/Tidak "
                      "(Ya, Tidak)"),
        AnswerProblem(f"{path}#/answers/n_agen", "n_agen: -1 is negative; a count is 0, 1, "
                      "2, ..."),
        AnswerProblem(f"{path}#/answers/n_ubah", "n_ubah: 2.5 is not a whole "
                      "number; a count is 0, 1, 2, ..."),
        AnswerProblem(f"{path}#/answers/a~1b", "a/b: no question or input has this id"),
        AnswerProblem(f"{path}#/facts/prior_predicate", "facts.prior_predicate: 'WBX' is not "
                      "one of none, WBK, WBBM"))


def test_json_repeated_ids_are_problems(tmp_path: Path, example: zona.Ruleset) -> None:
    path = write(tmp_path / "twice.json", '{"q1": "Ya",\n "q2": "A",\n "q1": "Tidak"}')
    assert problems(path, example) == (AnswerProblem(
        f"{path}#/q1", f"q1 is answered twice (first at {path}#/q1)"),)


def test_json_syntax_errors_and_shapes(tmp_path: Path, example: zona.Ruleset) -> None:
    path = write(tmp_path / "broken.json", '{"q1": "Ya",\n "q2": }')
    assert problems(path, example) == (AnswerProblem(f"{path}:2:8",
                                                     "not valid JSON: Expecting value"),)
    write(path, '"Ya"')
    assert problems(path, example)[0].message.startswith("expected an object of answers")
    write(path, '{"answers": {}, "facts": [1]}')
    assert problems(path, example) == (AnswerProblem(f"{path}#/facts",
                                                     "expected an object of facts"),)


# --- YAML ----------------------------------------------------------------------------


YAML = """\
ruleset: example
unit: Kantor A
answers:
  q1: Ya
  q2: B
  n_agen: 3
  n_ubah: 2
  q5: A
  ipak_index: 3.6
facts:
  prior_predicate: WBK
"""


def test_yaml_reads_exact_decimals_and_locates_answers(tmp_path: Path,
                                                       example: zona.Ruleset) -> None:
    path = write(tmp_path / "unit.yaml", YAML)
    sheet = read_answers(path, example)
    assert sheet.answers["ipak_index"] == Decimal("3.6")
    assert sheet.locations["ipak_index"] == f"{path}:9:15"
    assert sheet.score(example).total.score == TOTAL
    assert read_answers(write(tmp_path / "unit.yml", YAML), example).unit == "Kantor A"


def test_yaml_problems_are_located_by_line_and_column(tmp_path: Path,
                                                      example: zona.Ruleset) -> None:
    text = YAML.replace("q1: Ya", "q1: yes").replace("n_agen: 3", "n_agen: tiga") \
        .replace("n_ubah: 2", "n_ubah: 1.5").replace("3.6", "4.5") \
        .replace("prior_predicate: WBK", "prior_predicate: no")
    path = write(tmp_path / "bad.yaml", text)
    assert problems(path, example) == (
        AnswerProblem(f"{path}:4:7", "q1: 'yes' is not on the scale Ya/Tidak (Ya, Tidak)"),
        AnswerProblem(f"{path}:6:11", "n_agen: 'tiga' is not a whole number; a count is 0, "
                      "1, 2, ..."),
        AnswerProblem(f"{path}:7:11", "n_ubah: 1.5 is not a whole number; a count "
                      "is 0, 1, 2, ..."),
        AnswerProblem(f"{path}:9:15", "ipak_index: 4.5 is outside 0..4"),
        AnswerProblem(f"{path}:11:20", "facts.prior_predicate: 'no' is not one of none, WBK, "
                      "WBBM"))


def test_yaml_repeated_keys_syntax_errors_and_empty(tmp_path: Path,
                                                   example: zona.Ruleset) -> None:
    path = write(tmp_path / "twice.yaml", "q1: Ya\nq2: A\nq1: Tidak\n")
    assert problems(path, example) == (AnswerProblem(
        f"{path}:3:1", f"q1 is given twice (first at {path}:1:1)"),)
    write(path, "q1: Ya\n  q2: [A\n")
    (problem,) = problems(path, example)
    assert problem.location.startswith(f"{path}:2:") and "not valid YAML" in problem.message
    write(path, "# nothing but a comment\n")
    assert problems(path, example) == (AnswerProblem(str(path), "the file is empty"),)


def test_yaml_yes_no_facts_stay_words(tmp_path: Path, lke: zona.Ruleset) -> None:
    path = write(tmp_path / "facts.yaml", "answers: {}\nfacts:\n  kkn_case: no\n"
                 "  revoked_recently: No\n  zi_years: 2\n")
    sheet = read_answers(path, lke)
    assert dict(sheet.facts) == {"kkn_case": "no", "revoked_recently": "No", "zi_years": 2}
    conditions = sheet.score(lke).predicates["ELIGIBLE_WBK"].conditions
    assert [c.passed for c in conditions if "kkn_case" in c.text] == [True]


# --- CSV -----------------------------------------------------------------------------


def test_csv_rows_with_header_meta_facts_and_soal(tmp_path: Path, lke: zona.Ruleset) -> None:
    best = extreme_answers(lke, True)
    lines = ["id,answer", "ruleset,permenpan-90-2021", "unit,Kantor A", "assessor,unit",
             "fact:prior_predicate,WBK"]
    lines += [f"soal_{lke.inputs_by_name[k].soal},{v}" if k == "q1" else f"{k},{v}"
              for k, v in best.items()]
    path = write(tmp_path / "unit.csv", "\n".join(lines) + "\n")
    sheet = read_answers(path, lke)
    assert (sheet.ruleset, sheet.unit, sheet.assessor) == ("permenpan-90-2021", "Kantor A",
                                                           "unit")
    assert sheet.answers["q1"] == "Ya" and sheet.locations["q1"] == f"{path}:6:2"
    result = sheet.score(lke)
    assert result.total.score == 100 and result.predicates["WBBM"].passed is True


def test_csv_without_header_and_with_semicolons(tmp_path: Path, example: zona.Ruleset) -> None:
    plain = write(tmp_path / "plain.csv", "".join(f"{k},{v}\n" for k, v in GOOD.items()))
    assert read_answers(plain, example).score(example).total.score == TOTAL
    semi = write(tmp_path / "semi.csv", "id;answer\n" + "".join(
        f"{k};{v}\n" for k, v in GOOD.items()))
    assert read_answers(semi, example).score(example).total.score == TOTAL


def test_csv_problems_are_located_by_line_and_column(tmp_path: Path,
                                                     example: zona.Ruleset) -> None:
    path = write(tmp_path / "bad.csv", "id,answer\nq1,Mungkin\nq2,B\n\nn_agen,-1\n"
                 "n_ubah,2.5\nipak_index,5\nq2,A\n,Ya\nfact:prior_predicate,WBX\n")
    assert problems(path, example) == (
        AnswerProblem(f"{path}:9:1", "an answer with no id"),
        AnswerProblem(f"{path}:8:2", f"q2 is answered twice (first at {path}:3:2)"),
        AnswerProblem(f"{path}:2:2", "q1: 'Mungkin' is not on the scale Ya/Tidak (Ya, Tidak)"),
        AnswerProblem(f"{path}:5:2", "n_agen: '-1' is negative; a count is 0, 1, 2, ..."),
        AnswerProblem(f"{path}:6:2", "n_ubah: '2.5' is not a whole number; a count is 0, 1, "
                      "2, ..."),
        AnswerProblem(f"{path}:7:2", "ipak_index: 5 is outside 0..4"),
        AnswerProblem(f"{path}:10:2", "facts.prior_predicate: 'WBX' is not one of none, WBK, "
                      "WBBM"))


def test_csv_that_is_a_table_is_refused_with_a_hint(tmp_path: Path,
                                                    example: zona.Ruleset) -> None:
    path = write(tmp_path / "table.csv", "unit,q1,q2\nKantor A,Ya,B\n")
    assert problems(path, example) == (AnswerProblem(
        f"{path}:1:1", "the first row names no `id` and `answer` columns; an answer file is "
        "`id,answer` rows (a table of many units is read with zona.io.read_table)"),)


def test_csv_not_utf8_names_the_line(tmp_path: Path, example: zona.Ruleset) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("id,answer\nq1,Ya\nq2,Baik sekali \xe9\n".encode("latin-1"))
    assert problems(path, example) == (AnswerProblem(
        f"{path}:3:16", "not UTF-8 text (save the file as UTF-8)"),)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_csv_and_yaml_round_trip_any_answers(data: st.DataObject) -> None:
    """Answers written as CSV or YAML read back to the same exact score."""
    import tempfile

    lke = zona.load_builtin("permenpan-90-2021")
    answers: dict[str, object] = {}
    for spec in lke.inputs:
        if data.draw(st.booleans()):
            continue
        if spec.kind == "choice" and spec.scale is not None:
            answers[spec.name] = data.draw(st.sampled_from(spec.scale.names))
        elif spec.kind == "count":
            answers[spec.name] = data.draw(st.integers(0, 50))
        else:
            answers[spec.name] = exact_text(Fraction(data.draw(st.integers(0, 400)), 100))
    expected = lke.score(answers).total.score
    with tempfile.TemporaryDirectory() as folder:
        csv_path = Path(folder) / "a.csv"
        csv_path.write_text("id,answer\n" + "".join(f"{k},{v}\n" for k, v in answers.items()),
                            encoding="utf-8")
        yaml_path = Path(folder) / "a.yaml"
        yaml_path.write_text("answers:\n" + "".join(f"  {k}: {json.dumps(v)}\n"
                                                    for k, v in answers.items()),
                             encoding="utf-8")
        for path in (csv_path, yaml_path):
            assert read_answers(path, lke).score(lke).total.score == expected


# --- PortalRB: several assessors -------------------------------------------------------


def _portal(lke: zona.Ruleset, tpi: dict[str, object]) -> list[dict[str, object]]:
    best = extreme_answers(lke, True)
    rows: list[dict[str, object]] = []
    for spec in lke.inputs:
        row: dict[str, object] = {"soal_id": spec.soal, "jawaban_unit": best[spec.name]}
        if spec.name in tpi:
            row["jawaban_tpi"] = tpi[spec.name]
        rows.append(row)
    return rows


def test_portalrb_final_answers_follow_the_rulesets_order(tmp_path: Path,
                                                          lke: zona.Ruleset) -> None:
    path = write(tmp_path / "portal.json", json.dumps(_portal(lke, {"q2": "C", "q3": ""})))
    final = read_answers(path, lke)
    assert (final.answers["q2"], final.locations["q2"]) == ("C", f"{path}#/1/jawaban_tpi")
    assert (final.answers["q3"], final.locations["q3"]) == ("Ya", f"{path}#/2/jawaban_unit")
    own = read_answers(path, lke, assessor="unit")
    assert (own.answers["q2"], own.assessor) == ("A", "unit")
    assert own.score(lke).total.score == 100
    assert final.score(lke).total.score == 100 - Fraction(1, 4)  # q2 A -> C, sub-area 0.5


def test_portalrb_problems_are_located(tmp_path: Path, lke: zona.Ruleset) -> None:
    rows = _portal(lke, {"q2": "Z"})
    rows[4]["jawaban_tpm"] = "A"
    rows[5]["soal_id"] = 999
    rows.append({"jawaban_unit": "Ya"})
    path = write(tmp_path / "portal.json", json.dumps(rows))
    assert problems(path, lke) == (
        AnswerProblem(f"{path}#/4/jawaban_tpm", "tpm is not an assessor of "
                      "permenpan-90-2021 (tpn, tpi, unit)"),
        AnswerProblem(f"{path}#/5/soal_id", "999 is not a soal number of permenpan-90-2021"),
        AnswerProblem(f"{path}#/127", "expected an object with soal_id and jawaban_unit"),
        AnswerProblem(f"{path}#/1/jawaban_tpi", "q2: 'Z' is not on the scale A/B/C (A, B, C)"))
    with pytest.raises(ZonaAnswerError, match="no jawaban_tpn answers in the list"):
        read_answers(write(tmp_path / "ok.json", json.dumps(_portal(lke, {}))), lke,
                     assessor="tpn")


def test_portalrb_needs_a_ruleset(tmp_path: Path) -> None:
    path = write(tmp_path / "portal.json", '[{"soal_id": 1, "jawaban_unit": "Ya"}]')
    assert problems(path, None) == (AnswerProblem(
        str(path), "a PortalRB list needs a ruleset to map soal numbers to questions "
        "(--ruleset)"),)


def test_parse_answers_keeps_working_on_text(example: zona.Ruleset) -> None:
    sheet = parse_answers(json.dumps(GOOD), "inline", example)
    assert sheet.score(example).total.score == TOTAL
    assert sheet.locations["q1"] == "inline#/q1"


# --- the command line ----------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".yaml", ".csv"])
def test_zona_score_picks_up_yaml_and_csv(suffix: str, tmp_path: Path, lke: zona.Ruleset,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    best = extreme_answers(lke, True)
    if suffix == ".csv":
        text = "id,answer\nruleset,permenpan-90-2021\nunit,Kantor A\n" + "".join(
            f"{k},{v}\n" for k, v in best.items())
    else:
        text = "ruleset: permenpan-90-2021\nunit: Kantor A\nanswers:\n" + "".join(
            f"  {k}: {json.dumps(v)}\n" for k, v in best.items())
    path = write(tmp_path / f"unit{suffix}", text)
    assert main(["score", str(path), "--json", "--fact", "prior_predicate=WBK"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert (document["unit"], document["total_exact"]) == ("Kantor A", "100")
    assert document["predicates"]["WBBM"]["passed"] is True


def test_every_problem_at_once_even_before_the_ruleset_is_given(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A sheet that names a built-in ruleset is checked against it when it has problems,
    so a repeated id and the bad values are reported together."""
    path = write(tmp_path / "unit.csv", "id,answer\nruleset,permenpan-90-2021\nq1,Ya\nq2,X\n"
                 "soal_88,-1\nq89,7\nq2,A\n")
    assert main(["score", str(path)]) == 1
    assert capsys.readouterr().err == (
        f"{path}: 3 problems in the answers\n"
        f"  {path}:7:2: q2 is answered twice (first at {path}:4:2)\n"
        f"  {path}:4:2: q2: 'X' is not on the scale A/B/C (A, B, C)\n"
        f"  {path}:5:2: q88: '-1' is negative; a count is 0, 1, 2, ...\n")

"""`zona test`: exact outputs for passing and failing cases, located errors in bad tests
files (every problem listed), the --json document, and the exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT
from zona.cli.main import main
from zona.testing import read_cases, run_file
from zona.testing.locate import positions

EXAMPLE = ROOT / "examples" / "example.zona"
ANSWERS = 'q1 = "Ya", q2 = "B", n_agen = 3, n_ubah = 2, q5 = "A", ipak_index = "3.6"'


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copy(EXAMPLE, tmp_path / "example.zona")
    return tmp_path


def _run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main(["test", *(str(a) for a in argv)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _write(folder: Path, text: str, name: str = "example.tests.toml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


PASSING = f"""[[case]]
name = "the worked example"
answers = {{ {ANSWERS} }}

[case.expect]
total = "5261/60"
nodes = {{ mp_tim = "8.35", ipak = "36" }}
predicates = {{ WBK = true, WBBM = "unknown" }}
"""


def test_passing_cases(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(folder, PASSING)
    code, out, err = _run(capsys, path)
    assert (code, err) == (0, "")
    assert out == f"{path}: 1 passed\n1 case in 1 file: 1 passed, 0 failed\n"


def test_a_wrong_expectation_fails_with_its_location(
        folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(folder, PASSING.replace('"5261/60"', '"87.68"').replace(
        "WBK = true", "WBK = false") + '\n[[case]]\nname = "close enough"\n'
        f'answers = {{ {ANSWERS} }}\ntolerance = "0.01"\n[case.expect]\ntotal = "87.68"\n')
    code, out, err = _run(capsys, folder)
    assert (code, err) == (1, "")
    assert out == (
        f"{path}:1:1: FAIL the worked example\n"
        f"  {path}:6:1: total: expected 87.68, got 5261/60 (~87.6833)\n"
        f"  {path}:8:16: predicates.WBK: expected false, got true\n"
        f"{path}: 1 passed, 1 failed\n"
        "2 cases in 1 file: 1 passed, 1 failed\n")


def test_refused_answers_are_located_at_their_keys(
        folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(folder, '[[case]]\nname = "typos"\nanswers = { q1 = "Yes", q9 = 1 }\n'
                  '[case.expect]\ntotal = "1"\n\n[[case]]\nname = "refusal expected"\n'
                  'answers = { q1 = "Yes" }\n[case.expect]\nerror = "not on the scale"\n')
    code, out, _ = _run(capsys, path)
    assert code == 1
    assert out == (
        f"{path}:1:1: FAIL typos\n"
        "  the answers were refused:\n"
        f"    {path}:3:13: q1: 'Yes' is not on the scale Ya/Tidak (Ya, Tidak)\n"
        f"    {path}:3:25: q9: no question or input has this id\n"
        f"{path}: 1 passed, 1 failed\n"
        "2 cases in 1 file: 1 passed, 1 failed\n")


def test_every_problem_of_a_bad_file_is_located(
        folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(folder, 'ruleset = "example.zona"\ntolerence = "1"\n[[case]]\nname = "x"\n'
                  'answers = { q1 = "Ya" }\n[case.expect]\ntotal = 87.5\n'
                  'nodes = { mp_tmi = "1", mp = "abc" }\ngrades = { nothing = "A" }\n'
                  '[[case]]\nname = "x"\nextends = "y"\n')
    code, out, err = _run(capsys, path)
    assert code == 2
    assert out == "0 cases in 1 file: 0 passed, 0 failed; 1 file with errors, not run\n"
    assert err == f"""\
{path}:2:1: error: unknown key 'tolerence' in the file; the keys are ruleset, tolerance, case. Did you mean 'tolerance'?
  2 | tolerence = "1"
    | ^^^^^^^^^
{path}:7:1: error: total must be an exact number: a whole number, or a text such as "91.25" or "365/4". Write it as a text, "87.5": a TOML float is binary, not exact
  7 | total = 87.5
    | ^^^^^
{path}:8:11: error: ruleset 'example' has no node 'mp_tmi'. Did you mean 'mp_tim'?
  8 | nodes = {{ mp_tmi = "1", mp = "abc" }}
    |           ^^^^^^
{path}:8:25: error: 'abc' is not an exact number; write a decimal such as "91.25" or a fraction such as "365/4"
  8 | nodes = {{ mp_tmi = "1", mp = "abc" }}
    |                         ^^
{path}:9:12: error: ruleset 'example' has no grade 'nothing'
  9 | grades = {{ nothing = "A" }}
    |            ^^^^^^^
{path}:11:1: error: two cases are called 'x'; give each its own name
  11 | name = "x"
     | ^^^^
{path}:12:1: error: no case 'y' before this one to extend
  12 | extends = "y"
     | ^^^^^^^
{path}:10:1: error: case 'x' expects nothing; add [case.expect] with total, nodes, views, values, predicates, grades or error
  10 | [[case]]
     | ^^^^^^^^
"""  # noqa: E501


def test_bad_toml_is_located(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(folder, '[[case]]\nname = "x"\nnodes = { a = "1",\n  b = "2" }\n')
    code, _, err = _run(capsys, path)
    assert code == 2
    assert err == (f"{path}:3:19: error: not valid TOML: invalid initial character for a "
                   "key part\n"
                   '  3 | nodes = { a = "1",\n'
                   "    |                   ^\n")


def test_a_ruleset_that_does_not_compile(folder: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    (folder / "broken.zona").write_text('ruleset "b" { }\nitem a { score = x }\n',
                                        encoding="utf-8")
    path = _write(folder, PASSING, "broken.tests.toml")
    code, _, err = _run(capsys, path)
    assert code == 2
    lines = err.splitlines()
    assert lines[0] == (f"{path}:1:1: error: the ruleset {folder / 'broken.zona'} has errors "
                        "(below); fix them first")
    assert lines[3:] == [f"{folder / 'broken.zona'}:2:18: error: unknown name 'x'",
                         "  2 | item a { score = x }", "    |                  ^"]


def test_paths_that_name_nothing(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(capsys, folder / "missing.toml") == (
        2, "", f"zona test: error: {folder / 'missing.toml'}: no such file or folder\n")
    assert _run(capsys, folder / "example.zona") == (
        2, "", f"zona test: error: {folder / 'example.zona'}: no tests: write them in "
               f"{folder / 'example.tests.toml'}\n")
    assert _run(capsys, folder)[0] == 2  # a folder without tests files


def test_a_zona_path_runs_its_sibling_tests(folder: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    _write(folder, PASSING)
    assert _run(capsys, folder / "example.zona")[0] == 0


def test_json_results(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(folder, PASSING.replace('"5261/60"', '"87.68"'))
    code, out, _ = _run(capsys, "--json", path)
    assert code == 1
    document = json.loads(out)
    assert document["summary"] == {"files": 1, "cases": 1, "passed": 0, "failed": 1,
                                   "files_with_errors": 0}
    (file,) = document["files"]
    assert (file["path"], file["ruleset"], file["errors"]) == (str(path), "example", [])
    (case,) = file["cases"]
    assert (case["name"], case["line"], case["passed"]) == ("the worked example", 1, False)
    assert case["checks"][0] == {"check": "total", "line": 6, "column": 1,
                                 "expected": "87.68", "actual": "5261/60", "passed": False}
    assert [c["check"] for c in case["checks"]] == [
        "total", "nodes.mp_tim", "nodes.ipak", "predicates.WBK", "predicates.WBBM"]
    assert [c["passed"] for c in case["checks"][1:]] == [True, True, True, True]


def test_extends_and_answer_files(folder: Path) -> None:
    shutil.copy(ROOT / "examples" / "example-answers.json", folder / "unit.json")
    path = _write(folder, '[[case]]\nname = "file"\nanswers = "unit.json"\n[case.expect]\n'
                  'total = "5261/60"\npredicates = { WBBM = true }\n\n[[case]]\n'
                  'name = "worse"\nextends = "file"\nanswers = { q1 = "Tidak" }\n'
                  'facts = { prior_predicate = "none" }\n[case.expect]\n'
                  'nodes = { mp_tim = "3.35" }\npredicates = { WBBM = false }\n')
    result = run_file(path)
    assert [c.passed for c in result.cases] == [True, True]
    worse = read_cases(path).cases[1]
    assert worse.answers["q1"] == "Tidak" and worse.answers["q2"] == "B"
    assert worse.facts == {"prior_predicate": "none"}


def test_positions_of_keys() -> None:
    text = ('ruleset = "x"  # c\n[[case]]\nname = "a"\n[case.expect]\n'
            'nodes = { a = "1", "b c" = { d = 2 } }\n[[case]]\nname = """x\ny"""\n'
            "answers = [\n 1,\n]\n[case.expect]\ntotal = 1\n")
    found = positions(text)
    assert found[("ruleset",)] == (1, 1)
    assert found[("case", 0)] == (2, 1)
    assert found[("case", 0, "expect", "nodes", "a")] == (5, 11)
    assert found[("case", 0, "expect", "nodes", "b c", "d")] == (5, 30)
    assert found[("case", 1, "name")] == (7, 1)
    assert found[("case", 1, "expect", "total")] == (13, 1)

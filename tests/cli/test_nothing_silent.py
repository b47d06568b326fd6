"""Nothing silent: missing answers are counted and named, an empty sheet is an error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import ROOT
from zona.cli.main import main

EXAMPLE = ROOT / "examples" / "example.zona"


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def sheet(tmp_path: Path, answers: dict[str, object]) -> Path:
    path = tmp_path / "unit.json"
    path.write_text(json.dumps({"ruleset": "example", "answers": answers}), encoding="utf-8")
    return path


def test_missing_answers_are_counted_and_named(capsys: pytest.CaptureFixture[str],
                                                tmp_path: Path) -> None:
    path = sheet(tmp_path, {"q1": "Ya", "q2": "B"})
    code, out, _ = run(capsys, "score", "--ruleset", EXAMPLE, path)
    assert code == 0
    assert ("warning: 4 of 6 questions unanswered (left out of their parents' scores): "
            "q5, n_agen, n_ubah, ipak_index\n") in out
    code, out, _ = run(capsys, "score", "--ruleset", EXAMPLE, path, "--json")
    assert json.loads(out)["unanswered"] == ["q5", "n_agen", "n_ubah", "ipak_index"]


def test_a_complete_sheet_has_no_warning(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "score", "--ruleset", EXAMPLE,
                       ROOT / "examples" / "example-answers.json")
    assert code == 0 and "unanswered" not in out
    code, out, _ = run(capsys, "score", "--ruleset", EXAMPLE,
                       ROOT / "examples" / "example-answers.json", "--json")
    assert json.loads(out)["unanswered"] == []


@pytest.mark.parametrize("answers", [{}, {"q1": None, "q2": "  "}])
def test_an_empty_sheet_is_an_error_not_a_zero(capsys: pytest.CaptureFixture[str],
                                               tmp_path: Path,
                                               answers: dict[str, object]) -> None:
    path = sheet(tmp_path, answers)
    code, out, err = run(capsys, "score", "--ruleset", EXAMPLE, path)
    assert (code, out) == (1, "")
    assert err == (f"{path}: the sheet answers none of the 6 questions of "
                   "'example': nothing to score\n")

"""The lint corpus: each tests/data/lint/NAME.zona with NAME.expected.txt, the exact output
of `zona check tests/data/lint/NAME.zona` (what it writes to stderr, then to stdout)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import DATA, ROOT
from zona.cli.main import main
from zona.lint import diagnose

LINT = DATA / "lint"
CASES = sorted(LINT.glob("*.zona"))


def check(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
          *argv: str) -> tuple[int, str, str]:
    monkeypatch.chdir(ROOT)
    code = main(["check", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_corpus_covers_every_code() -> None:
    """Every warning code of the catalogue but W001 is shown by some corpus file, and W001
    too (an unknown code in a silencing comment)."""
    from zona.lint.codes import CODES

    shown = {d.code for path in CASES for d in diagnose(path.read_text("utf-8"), relative(path))}
    assert {c.code for c in CODES} <= shown
    assert all(p.with_suffix(".expected.txt").is_file() for p in CASES)


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_check_output(path: Path, capsys: pytest.CaptureFixture[str],
                      monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, err = check(capsys, monkeypatch, relative(path))
    assert err + out == path.with_suffix(".expected.txt").read_text("utf-8")
    assert code == 0  # warnings alone never fail `zona check`


@pytest.mark.parametrize("flag", ["--strict", "--warnings-as-errors"])
def test_strict_fails_on_warnings_only(flag: str, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    assert check(capsys, monkeypatch, flag, "tests/data/lint/unused.zona")[0] == 1
    code, out, err = check(capsys, monkeypatch, flag, "tests/data/lint/clean.zona")
    assert (code, out, err) == (0, "tests/data/lint/clean.zona: ok\n", "")


def test_json_output(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                     tmp_path: Path) -> None:
    broken = tmp_path / "broken.zona"
    broken.write_text('ruleset "b" { }\nquestion q { scale s }\n', encoding="utf-8")
    code, out, err = check(capsys, monkeypatch, "--json", "tests/data/lint/duplicates.zona",
                           str(broken))
    assert (code, err) == (1, "")
    assert json.loads(out) == [
        {"file": "tests/data/lint/duplicates.zona", "line": 7, "column": 14, "end_line": 7,
         "end_column": 15, "severity": "warning", "code": "W401",
         "message": "question 'q2' has the same text as question 'q1' (line 6): "
                    "\"Tim telah DIBENTUK\"",
         "hint": "Two criteria with one text are usually a copy left unedited; reword one "
                 "of them."},
        {"file": "tests/data/lint/duplicates.zona", "line": 13, "column": 13, "end_line": 13,
         "end_column": 24, "severity": "warning", "code": "W402",
         "message": "predicate 'WBK' requires `tim >= 7.5` twice (line 11)",
         "hint": "Remove one of the two `require` lines."},
        {"file": str(broken), "line": 2, "column": 20, "end_line": 2, "end_column": 20,
         "severity": "error", "code": "unknown", "message": "unknown scale 's'",
         "hint": None},
    ]


def test_errors_come_alone_and_unchanged(capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch,
                                         tmp_path: Path) -> None:
    """A file with errors shows its errors exactly as before, and no warnings (they need
    the compiled ruleset); the other files are still linted."""
    broken = tmp_path / "broken.zona"
    broken.write_text('ruleset "b" { }\nscale x { A = 1 }\nquestion q { scale s }\n',
                      encoding="utf-8")
    code, out, err = check(capsys, monkeypatch, str(broken), "tests/data/lint/clean.zona")
    assert code == 1
    assert out == "tests/data/lint/clean.zona: ok\n"
    assert err == (f"{broken}:3:20: error: unknown scale 's'\n"
                   "  3 | question q { scale s }\n"
                   "    |                    ^\n")
    assert [d.severity for d in diagnose(broken.read_text("utf-8"), str(broken))] == ["error"]

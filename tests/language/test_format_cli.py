"""`zona fmt [--check] [--diff] PATH...`: rewriting in place, checking for CI, diffs,
standard input, folders, syntax errors; and the shipped rulesets stay formatted."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from tests.conftest import ROOT
from zona.cli.main import main

MESSY = 'ruleset "x" {title "t"}\nscale s {A=1,B=0}   # the scale\n'
TIDY = 'ruleset "x" { title "t" }\nscale s { A = 1, B = 0 }  # the scale\n'


def diff(name: object) -> str:
    """The unified diff `--check` and `--diff` print for MESSY."""
    before, after = MESSY.splitlines(), TIDY.splitlines()
    return (f"--- {name}\n+++ {name} (formatted)\n@@ -1,2 +1,2 @@\n"
            f"-{before[0]}\n-{before[1]}\n+{after[0]}\n+{after[1]}\n")


def fmt(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["fmt", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_rewrites_a_file_in_place(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "a.zona"
    path.write_text(MESSY, encoding="utf-8")
    path.chmod(0o640)
    assert fmt(capsys, str(path)) == (0, f"reformatted {path}\n", "")
    assert path.read_text(encoding="utf-8") == TIDY
    assert path.stat().st_mode & 0o777 == 0o640  # the file's permissions are kept
    assert os.listdir(tmp_path) == ["a.zona"]  # no temporary file is left behind
    assert fmt(capsys, str(path)) == (0, "", "")  # formatted: nothing to do


def test_check_prints_a_diff_and_fails(capsys: pytest.CaptureFixture[str],
                                       tmp_path: Path) -> None:
    messy, tidy = tmp_path / "messy.zona", tmp_path / "tidy.zona"
    messy.write_text(MESSY, encoding="utf-8")
    tidy.write_text(TIDY, encoding="utf-8")
    assert fmt(capsys, "--check", str(messy), str(tidy)) == (
        1, diff(messy), "")
    assert messy.read_text(encoding="utf-8") == MESSY  # --check rewrites nothing
    assert fmt(capsys, "--check", str(tidy)) == (0, "", "")


def test_diff_prints_without_failing(capsys: pytest.CaptureFixture[str],
                                     tmp_path: Path) -> None:
    path = tmp_path / "messy.zona"
    path.write_text(MESSY, encoding="utf-8")
    assert fmt(capsys, "--diff", str(path)) == (0, diff(path), "")
    assert path.read_text(encoding="utf-8") == MESSY


def test_folders_recurse_to_zona_files(capsys: pytest.CaptureFixture[str],
                                       tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    for name in ("b.zona", "sub/a.zona", "notes.txt"):
        (tmp_path / name).write_text(MESSY, encoding="utf-8")
    code, out, _ = fmt(capsys, str(tmp_path))
    assert (code, out) == (0, f"reformatted {tmp_path / 'b.zona'}\n"
                              f"reformatted {tmp_path / 'sub' / 'a.zona'}\n")
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == MESSY


def test_standard_input_to_standard_output(capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(MESSY))
    assert fmt(capsys, "-") == (0, TIDY, "")
    monkeypatch.setattr("sys.stdin", io.StringIO(MESSY))
    assert fmt(capsys, "--check", "-") == (1, diff("<stdin>"), "")


def test_a_file_that_does_not_parse(capsys: pytest.CaptureFixture[str],
                                    tmp_path: Path) -> None:
    bad, good = tmp_path / "bad.zona", tmp_path / "good.zona"
    bad.write_text('ruleset "x" {}\ncomponent c { weight 25% }\n', encoding="utf-8")
    good.write_text(MESSY, encoding="utf-8")
    code, out, err = fmt(capsys, str(bad), str(good))
    assert code == 2
    assert err.startswith(f"{bad}:2:")  # located, with the line and a caret
    assert "component c { weight 25% }" in err and "^" in err
    assert out == f"reformatted {good}\n"  # the other files are still formatted
    assert bad.read_text(encoding="utf-8").endswith("25% }\n")


def test_a_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = fmt(capsys, str(tmp_path / "absent.zona"))
    assert code == 2
    assert err.startswith(f"{tmp_path / 'absent.zona'}: cannot read the ruleset: ")


def test_the_shipped_rulesets_are_formatted(capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """What CI runs: the built-in rulesets, the examples and the valid corpus are kept in
    the canonical layout."""
    monkeypatch.chdir(ROOT)
    assert fmt(capsys, "--check", "rulesets", "examples", "tests/data/valid") == (0, "", "")

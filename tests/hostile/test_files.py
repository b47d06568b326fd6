"""Files only where they belong: only regular files are read (a FIFO, a device, a folder are
refused by type, before anything blocks), a file over its limit is refused unread, a sheet
names a ruleset and never a path, and nothing that is not a ruleset is quoted."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import zona
from zona.cli.common import named_ruleset
from zona.errors import AnswerProblem, ZonaAnswerError, ZonaCompileError, ZonaError
from zona.io import read_answers
from zona.limits import LimitError, read_regular, writable_target

NOT_A_NAME = ("is not a ruleset name: a name is letters, digits, '.', '_' and '-', never a "
              "path (give a ruleset file on the command line with --ruleset)")


def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.json"
    os.mkfifo(path)  # opening it to read would block until a writer came
    return path


def test_a_fifo_is_refused_by_type(tmp_path: Path) -> None:
    path = fifo(tmp_path)
    with pytest.raises(ZonaAnswerError) as caught:
        read_answers(path)
    assert caught.value.problems == (
        AnswerProblem(str(path), "a named pipe (FIFO); zona reads only regular files"),)


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_is_refused_by_type(device: str) -> None:
    with pytest.raises(ZonaAnswerError) as caught:
        read_answers(device)
    assert caught.value.problems == (
        AnswerProblem(device, "a device; zona reads only regular files"),)


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(LimitError, match="a folder; zona reads only regular files"):
        read_regular(tmp_path)


@pytest.mark.parametrize("target", ["/dev/zero", "ruleset-fifo"])
def test_a_ruleset_is_read_only_from_a_regular_file(target: str, tmp_path: Path) -> None:
    path = Path(target) if target.startswith("/") else fifo(tmp_path)
    kind = "a device" if target.startswith("/") else "a named pipe (FIFO)"
    with pytest.raises(LimitError) as caught:
        zona.load(path)
    assert str(caught.value) == f"{path}: {kind}; zona reads only regular files"


def test_the_size_limit_is_checked_before_reading_and_can_be_raised(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.zona"
    with path.open("wb") as handle:
        handle.truncate(5 * 1024 * 1024 + 1)  # sparse: nothing is written
    with pytest.raises(LimitError) as caught:
        zona.load(path)
    assert str(caught.value) == (f"{path}: the file is larger than 5,242,880 bytes; raise the "
                                 "limit with ZONA_MAX_RULESET_BYTES")
    monkeypatch.setenv("ZONA_MAX_RULESET_BYTES", "6000000")
    assert len(read_regular(path, size_limit="ruleset_bytes")) == 5 * 1024 * 1024 + 1


@pytest.mark.parametrize("name", ["/etc/passwd", "../../etc/passwd", "../x", "/dev/zero",
                                  "a/b", "..", "x\\y", " permenpan-90-2021"])
def test_a_sheet_names_a_ruleset_never_a_path(name: str, tmp_path: Path) -> None:
    sheet = tmp_path / "unit.csv"
    sheet.write_text(f"ruleset,{name}\nq1,Ya\n", encoding="utf-8")
    (tmp_path / "x.zona").write_text('ruleset "x" { }\n', encoding="utf-8")
    with pytest.raises(ZonaError) as caught:
        named_ruleset(name, str(sheet))
    assert str(caught.value) == f"{sheet}: the sheet's ruleset: '{name}' {NOT_A_NAME}"
    assert "root:" not in str(caught.value)


def test_the_cli_never_quotes_a_file_a_sheet_names(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    from zona.cli.main import main

    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET first line\n", encoding="utf-8")
    sheet = tmp_path / "unit.csv"
    sheet.write_text(f"ruleset,{secret}\nq1,Ya\n", encoding="utf-8")
    assert main(["score", str(sheet)]) == 1
    err = capsys.readouterr().err
    assert err == f"{sheet}: the sheet's ruleset: '{secret}' {NOT_A_NAME}\n"


def test_a_sheet_finds_its_ruleset_beside_it_or_built_in(tmp_path: Path) -> None:
    (tmp_path / "mine.zona").write_text(
        'ruleset "mine" { maximum 100 }\nscale s "S" { Ya = 1, Tidak = 0 }\n'
        'component c "C" { weight 100 question q1 "Q" { scale s } }\n',
        encoding="utf-8")
    sheet = str(tmp_path / "unit.csv")
    assert named_ruleset("mine", sheet).id == "mine"
    assert named_ruleset("mine.zona", sheet).id == "mine"
    assert named_ruleset("permenpan-90-2021", sheet).id == "permenpan-90-2021"
    with pytest.raises(ZonaError, match="no built-in ruleset 'absent'"):
        named_ruleset("absent", sheet)


@pytest.mark.parametrize("name", ["/etc/passwd", "../../../../etc/passwd", "../sibling/base"])
def test_extends_takes_a_name_never_a_path(name: str, tmp_path: Path) -> None:
    child = tmp_path / "child.zona"
    child.write_text(f'ruleset "child" extends "{name}" {{ }}\n', encoding="utf-8")
    with pytest.raises(ZonaCompileError) as caught:
        zona.load(child)
    assert str(caught.value).splitlines()[0] == (
        f"{child}:1:9: error: cannot find the ruleset '{name}' to extend: '{name}' "
        f"{NOT_A_NAME}")


def test_a_long_extends_name_is_refused_not_a_traceback(tmp_path: Path) -> None:
    child = tmp_path / "child.zona"
    child.write_text(f'ruleset "child" extends "{"a" * 300}" {{ }}\n', encoding="utf-8")
    with pytest.raises(ZonaCompileError) as caught:
        zona.load(child)
    assert str(caught.value).splitlines()[0] == (
        f"{child}:1:9: error: cannot find the ruleset '{'a' * 60}...' to extend: a ruleset "
        "name is at most 100 characters (limit 100; raise it with ZONA_MAX_NAME_CHARS)")


@pytest.mark.parametrize("target", ["/dev/null", "folder"])
def test_only_regular_files_or_new_paths_are_written(target: str, tmp_path: Path) -> None:
    path = Path(target) if target.startswith("/") else tmp_path
    kind = ("is a folder; give a file name to write to" if path.is_dir()
            else "not a regular file; zona writes only regular files or new paths")
    with pytest.raises(LimitError) as caught:
        writable_target(path)
    assert str(caught.value) == f"{path}: {kind}"
    writable_target(tmp_path / "new.csv")  # a new path is fine

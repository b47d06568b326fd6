"""Bad input gets a clear, located error and never a traceback, whatever the format:
not a workbook, an empty file, a file over 50 MB, bad values; each through `zona score`
and through read_table."""

from __future__ import annotations

from pathlib import Path

import pytest

import zona
from zona.cli.main import main
from zona.errors import AnswerProblem, ZonaAnswerError
from zona.io import read_answers, read_table
from zona.io.files import MAX_BYTES

LKE = zona.load_builtin("permenpan-90-2021")
SUFFIXES = [".json", ".yaml", ".csv", ".xlsx"]


def huge(path: Path) -> Path:
    with path.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)  # sparse: nothing is written
    return path


def score(path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["score", "-r", "permenpan-90-2021", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "Traceback" not in captured.err
    return captured.err


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_an_empty_file(suffix: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / f"empty{suffix}"
    path.write_bytes(b"" if suffix != ".yaml" else b"\n  \n")
    err = score(path, capsys)
    assert f"  {path}: the file is empty" in err


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_a_file_over_the_limit_is_refused_unread(suffix: str, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    path = huge(tmp_path / f"huge{suffix}")
    err = score(path, capsys)
    assert f"  {path}: the file is larger than" in err


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_tables_refuse_empty_and_huge_files(suffix: str, tmp_path: Path) -> None:
    empty = tmp_path / f"empty{suffix}"
    empty.write_bytes(b"")
    with pytest.raises(ZonaAnswerError) as caught:
        read_table(empty, LKE)
    assert caught.value.problems == (AnswerProblem(str(empty), "the file is empty"),)
    big = huge(tmp_path / f"huge{suffix}")
    with pytest.raises(ZonaAnswerError) as caught:
        read_table(big, LKE)
    assert caught.value.problems == (AnswerProblem(
        str(big), "the file is larger than 50 MB; a table of units is far smaller (raise the limit "
        "with ZONA_MAX_FILE_BYTES)"),)


@pytest.mark.parametrize("content", [bytes(range(256)) * 4, b"id,answer\nq1,Ya\n"],
                         ids=["random bytes", "csv renamed"])
def test_not_a_workbook(content: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
                        ) -> None:
    path = tmp_path / "unit.xlsx"
    path.write_bytes(content)
    assert f"  {path}: not an Excel .xlsx workbook (BadZipFile: " in score(path, capsys)
    with pytest.raises(ZonaAnswerError, match=r"not an Excel \.xlsx workbook"):
        read_table(path, LKE)


BAD = {  # what is wrong -> (the answer, the message)
    "text in a count": ("q88", "tujuh", "q88: 'tujuh' is not a whole number; a count is 0, 1, "
                        "2, ..."),
    "a negative count": ("q88", "-3", "q88: '-3' is negative; a count is 0, 1, 2, ..."),
    "a fractional count": ("q89", "2.5", "q89: '2.5' is not a whole number; a count is 0, 1, "
                           "2, ..."),
    "an index above 4": ("q125", "4.01", "q125: 4.01 is outside 0..4"),
    "a letter not on the scale": ("q2", "E", "q2: 'E' is not on the scale A/B/C (A, B, C)"),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
@pytest.mark.parametrize("suffix", [".json", ".yaml", ".csv"])
def test_a_bad_value_is_located_in_every_format(case: str, suffix: str, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    key, value, message = BAD[case]
    path = tmp_path / f"unit{suffix}"
    if suffix == ".json":
        path.write_text(f'{{"answers": {{"q1": "Ya", "{key}": "{value}"}}}}', encoding="utf-8")
        where = f"{path}#/answers/{key}"
    elif suffix == ".yaml":
        path.write_text(f'answers:\n  q1: Ya\n  {key}: "{value}"\n', encoding="utf-8")
        where = f"{path}:3:{len(key) + 5}"
    else:
        path.write_text(f"id,answer\nq1,Ya\n{key},{value}\n", encoding="utf-8")
        where = f"{path}:3:2"
    assert f"  {where}: {message}\n" in score(path, capsys)
    with pytest.raises(ZonaAnswerError) as caught:
        read_answers(path, LKE).score(LKE)
    assert caught.value.problems == (AnswerProblem(where, message),)

"""`zona fmt` rewriting files in place through zona.io.atomic: a full disk (a file-size
limit, RLIMIT_FSIZE, fails a write as ENOSPC would), a read-only file or a folder that
cannot hold the temporary file is one located line, exit 2, the original intact and no
temporary file left. Files it cannot read (not UTF-8, a FIFO) are located too; a byte-order
mark is no syntax error."""

from __future__ import annotations

import errno
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from zona.cli.main import main

MESSY = 'ruleset "x" {title "t"}\nscale s {A=1,B=0}   # the scale\n' + "# padding\n" * 150
TIDY = 'ruleset "x" { title "t" }\nscale s { A = 1, B = 0 }  # the scale\n'
KEPT = "; nothing was written (an existing file is unchanged)\n"


def fmt(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["fmt", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _small_files() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (1000, 1000))


def test_a_full_disk_keeps_the_file(tmp_path: Path) -> None:
    path = tmp_path / "a.zona"
    path.write_text(MESSY, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "zona", "fmt", str(path)],
                          preexec_fn=_small_files, capture_output=True, text=True,
                          env={**os.environ, "ZONA_LANG": "en"}, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (
        2, "", f"{path}: cannot write: {os.strerror(errno.EFBIG)}{KEPT}")
    assert path.read_text(encoding="utf-8") == MESSY
    assert os.listdir(tmp_path) == ["a.zona"]


def test_a_read_only_file_is_not_replaced(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.zona"
    path.write_text(MESSY, encoding="utf-8")
    path.chmod(0o444)
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, **k: mode != os.W_OK and real(p, mode))
    assert fmt(capsys, str(path)) == (
        2, "", f"{path}: cannot write: {os.strerror(errno.EACCES)}{KEPT}")
    assert path.read_text(encoding="utf-8") == MESSY
    assert os.listdir(tmp_path) == ["a.zona"]


def test_a_folder_that_cannot_be_written(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(*_args: object, **_kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    path = tmp_path / "a.zona"
    other = tmp_path / "b.zona"
    path.write_text(MESSY, encoding="utf-8")
    other.write_text(MESSY, encoding="utf-8")
    monkeypatch.setattr(tempfile, "mkstemp", refused)
    assert fmt(capsys, str(path), str(other)) == (
        2, "", f"{path}: cannot write here: {os.strerror(errno.EACCES)}\n"
               f"{other}: cannot write here: {os.strerror(errno.EACCES)}\n")
    assert path.read_text(encoding="utf-8") == other.read_text(encoding="utf-8") == MESSY


def test_unreadable_files_are_located(capsys: pytest.CaptureFixture[str],
                                      tmp_path: Path) -> None:
    latin = tmp_path / "latin.zona"
    latin.write_bytes(b'ruleset "x" { title "t" }\n# caf\xe9\n')
    fifo = tmp_path / "pipe.zona"
    os.mkfifo(fifo)
    assert fmt(capsys, str(latin), str(fifo)) == (2, "", (
        f"{latin}:2: not UTF-8 text; a ruleset is saved as UTF-8\n"
        f"{fifo}: a named pipe (FIFO); zona reads only regular files\n"))


def test_a_byte_order_mark_is_read(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "bom.zona"
    path.write_bytes(b"\xef\xbb\xbf" + TIDY.encode())
    assert fmt(capsys, "--check", str(path)) == (0, "", "")
    assert main(["check", str(path)]) == 0
    assert capsys.readouterr().out == f"{path}: ok, 1 warning\n"  # scale s is unused

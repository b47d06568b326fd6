"""Writers that fail: a full disk (simulated with a file-size limit, RLIMIT_FSIZE, which
fails a write as ENOSPC would) or a folder that cannot hold the file. Every command says so
in one line (`FILE: cannot write: ...`), leaves the old file as it was and no temporary file."""

from __future__ import annotations

import errno
import os
import resource
import subprocess
import sys
from pathlib import Path
from typing import BinaryIO

import pytest

from zona.errors import ZonaError
from zona.i18n import speaking
from zona.io.atomic import write_atomic

EXAMPLES = Path(__file__).parents[2] / "examples"
TOO_LARGE = os.strerror(errno.EFBIG)


def _small_files() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (1000, 1000))  # Python ignores SIGXFSZ


@pytest.mark.parametrize(("command", "name"), [
    (["template", "-r", "permenpan-90-2021"], "t.xlsx"),
    (["template", "-r", "permenpan-90-2021"], "t.csv"),
    (["report", str(EXAMPLES / "example-answers.json")], "r.html"),
    (["batch", str(EXAMPLES / "units-90-2021.csv"), "-r", "permenpan-90-2021"], "s.parquet"),
    (["batch", str(EXAMPLES / "units-90-2021.csv"), "-r", "permenpan-90-2021"], "s.csv"),
])
def test_a_full_disk_is_one_line_and_keeps_the_old_file(tmp_path: Path, command: list[str],
                                                         name: str) -> None:
    target = tmp_path / name
    target.write_bytes(b"old")
    done = subprocess.run([sys.executable, "-m", "zona", *command, "-o", str(target)],
                          preexec_fn=_small_files, capture_output=True, text=True,
                          env={**os.environ, "ZONA_LANG": "en"}, check=False)
    assert (done.returncode, done.stderr) == (1, (
        f"{target}: cannot write: {TOO_LARGE}; nothing was written (an existing file is "
        f"unchanged)\n"))
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


def test_write_atomic_turns_os_errors_into_zona_errors(tmp_path: Path) -> None:
    def full(stream: BinaryIO) -> None:
        stream.write(b"half")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    target = tmp_path / "out.csv"
    with pytest.raises(ZonaError) as caught:
        write_atomic(target, full)
    assert str(caught.value) == (f"{target}: cannot write: {os.strerror(errno.ENOSPC)}; "
                                 "nothing was written (an existing file is unchanged)")
    assert list(tmp_path.iterdir()) == []
    with speaking("id"), pytest.raises(ZonaError) as caught:
        write_atomic(target, full)
    assert str(caught.value).endswith("; tidak ada yang ditulis (berkas yang sudah ada "
                                      "tidak berubah)")


def test_a_folder_that_cannot_hold_the_file(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    target = tmp_path / "file" / "out.csv"  # its folder is a file
    with pytest.raises(ZonaError) as caught:
        write_atomic(target, lambda stream: None)
    assert str(caught.value) == f"{target}: cannot write here: {os.strerror(errno.ENOTDIR)}"


def test_other_failures_of_the_writer_pass_through(tmp_path: Path) -> None:
    def broken(stream: BinaryIO) -> None:
        raise ZonaError("the writer's own error")

    with pytest.raises(ZonaError, match=r"^the writer.s own error$"):
        write_atomic(tmp_path / "out.csv", broken)
    assert list(tmp_path.iterdir()) == []

"""Write a file all at once or not at all: a temporary file in the same folder, then
os.replace() over the target, so a failed write leaves no file or the old file intact."""

from __future__ import annotations

import glob
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from zona.errors import ZonaError
from zona.limits import writable_target


def write_atomic(path: str | Path, write: Callable[[BinaryIO], None]) -> None:
    """Call write(handle) on a temporary file beside `path`, then move it into place; only a
    regular file or a new path is written (zona.limits.writable_target).

    If write raises, the temporary file is removed and the exception propagates; the
    target is untouched. ZonaError says when the folder cannot be written to.
    """
    target = Path(path)
    folder = target.parent
    writable_target(target)  # a device (/dev/null), FIFO or folder would be replaced
    _remove_stale(target)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.zona-{os.getpid()}.",
                                             suffix=".tmp", dir=folder)
    except OSError as error:
        raise ZonaError(f"{target}: cannot write here: {error.strerror}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, _mode(target))
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _remove_stale(target: Path) -> None:
    """Remove the temporary files a killed writer of `target` left (`.NAME.zona-PID.*.tmp`,
    PID no longer running): the next write cleans up what SIGKILL prevented."""
    for stale in target.parent.glob(f".{glob.escape(target.name)}.zona-*.tmp"):
        pid = stale.name[len(target.name) + 7:].split(".", 1)[0]
        if pid.isdigit() and not _running(int(pid)):
            stale.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # running, as another user
        return True
    return True


def write_text_atomic(path: str | Path, text: str) -> None:
    """Write UTF-8 text atomically."""
    data = text.encode("utf-8")

    def write(stream: BinaryIO) -> None:
        stream.write(data)

    write_atomic(path, write)


def _mode(target: Path) -> int:
    """The target's current permissions, or what a new file would get under the umask."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask

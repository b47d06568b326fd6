"""Write a file all at once or not at all: a temporary file in the same folder, then
os.replace() over the target, so a failed write leaves no file or the old file intact."""

from __future__ import annotations

import errno
import gc
import glob
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from zona.errors import ZonaError
from zona.i18n import _
from zona.limits import printable, writable_target


def write_atomic(path: str | Path, write: Callable[[BinaryIO], None]) -> None:
    """Call write(handle) on a temporary file beside `path`, then move it into place; only a
    regular file or a new path is written (zona.limits.writable_target).

    If write raises, the temporary file is removed and the exception propagates; the
    target is untouched. ZonaError says when the folder cannot be written to, or when
    writing fails (a full disk, a file-size limit, a folder gone): an OSError, from Python
    or from a library such as pyarrow.
    """
    target = Path(path)
    folder = target.parent
    writable_target(target)  # a device (/dev/null), FIFO or folder would be replaced
    if target.exists() and not os.access(target, os.W_OK):  # replacing would bypass it
        raise _not_written(target, os.strerror(errno.EACCES))
    _remove_stale(target)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.zona-{os.getpid()}.",
                                             suffix=".tmp", dir=folder)
    except OSError as error:
        raise ZonaError(_("{file}: cannot write here: {reason}", file=printable(str(target)),
                          reason=error.strerror or str(error))) from None

    def finish() -> None:
        with os.fdopen(handle, "wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, _mode(target))
        os.replace(temporary, target)

    try:
        guarded_write(target, finish)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def guarded_write(target: str | Path, action: Callable[[], None]) -> None:
    """Call `action` (writing `target`), turning an OSError (a full disk, a file-size limit, a
    folder gone; from Python or a library such as pyarrow or openpyxl) into a one-line
    ZonaError. What the failed writer leaves (an open zip, a generator) is dropped here, with
    Python's "Exception ignored" noise about it muted: its own cleanup fails the same way."""
    hook = sys.unraisablehook
    sys.unraisablehook = lambda unraisable: None
    try:
        try:
            action()
            return
        except OSError as error:
            reason = error.strerror or str(error)
        gc.collect()  # the failed writer's frames, with their half-written files
    finally:
        sys.unraisablehook = hook
    raise _not_written(target, reason)


def _not_written(target: str | Path, reason: str) -> ZonaError:
    return ZonaError(_("{file}: cannot write: {reason}; nothing was written (an existing file "
                       "is unchanged)", file=printable(str(target)), reason=reason))


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

"""Progress bars on long batch work: `score_table(..., progress=True|False|None|callable)`.

`progress=None` (the default) shows a bar only for a large table (more than LARGE rows)
when someone is watching: stderr is a terminal, or the code runs in a Jupyter notebook.
`True` always shows one, `False` never; a callable gets `(done, total)` after each chunk.
The bar is tqdm's (`pip install "zona-rb[progress]"`; a widget in a notebook where
ipywidgets is installed, text on stderr elsewhere); without tqdm there is no bar and no
error. It is written to stderr only, never into a result or an output file. The command
line has its own bar (TextBar), which needs nothing installed.
"""

from __future__ import annotations

import importlib
import sys
import time
from collections.abc import Callable
from typing import Any

from zona.i18n import _, whole

Progress = Callable[[int, int], None]
#: a table with more rows than this gets a bar by itself (progress=None) when watched
LARGE = 200_000
BAR = 30  # TextBar's width


def watched() -> bool:
    """Whether someone sees stderr: a terminal, or a Jupyter notebook's kernel."""
    shell = sys.modules.get("IPython")
    if shell is not None:
        ipython = getattr(shell, "get_ipython", lambda: None)()
        if type(ipython).__name__ == "ZMQInteractiveShell":
            return True
    stream = sys.stderr
    return bool(stream is not None and hasattr(stream, "isatty") and stream.isatty())


def _tqdm() -> Any | None:
    """tqdm's bar class (None without tqdm): its widget in a notebook where ipywidgets is
    installed, else its text bar."""
    try:
        found = importlib.import_module("tqdm")
    except ImportError:
        return None
    if "ipykernel" in sys.modules and watched() and not sys.stderr.isatty():
        try:
            importlib.import_module("ipywidgets")
            return importlib.import_module("tqdm.notebook").tqdm
        except ImportError:
            pass
    return found.tqdm


class Bar:
    """A progress callable that draws a tqdm bar once the total is known (see the module);
    `close()` ends it."""

    def __init__(self, shown: bool | None, label: str | None = None) -> None:
        self.shown, self.label = shown, label
        self.bar: Any = None
        self.decided = False
        self.done = 0

    def __call__(self, done: int, total: int) -> None:
        if not self.decided:
            self.decided = True
            show = self.shown if self.shown is not None else total > LARGE and watched()
            found = _tqdm() if show else None
            if found is not None:
                self.bar = found(total=total, desc=self.label, file=sys.stderr,
                                 unit=" " + _("units"), unit_scale=True, leave=True,
                                 dynamic_ncols=True)
        if self.bar is not None:
            self.bar.update(done - self.done)
            self.done = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def reporter(progress: Progress | bool | None,
             label: str | None = None) -> tuple[Progress | None, Callable[[], None]]:
    """The callable to give scoring for `progress`, and what to call when the work ends."""
    if progress is False:
        return None, _nothing
    if callable(progress):
        return progress, _nothing
    bar = Bar(progress, label)
    return bar, bar.close


def _nothing() -> None:
    return None


class TextBar:
    """The command line's bar on stderr, needing nothing installed: with `forced` (the
    `--progress` option) always, on a terminal only for runs longer than a second."""

    def __init__(self, enabled: bool, forced: bool) -> None:
        self.enabled, self.forced = enabled, forced
        self.start = time.monotonic()
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or (not self.shown and not self.forced
                                and time.monotonic() - self.start < 1.0):
            return
        self.shown = True
        filled = BAR * done // max(total, 1)
        percent = 100 * done // max(total, 1)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (BAR - filled)}] {percent:3d}% "
                         + _("{done}/{total} units", done=whole(done), total=whole(total)))
        sys.stderr.flush()

    def done(self) -> None:
        if self.shown:
            sys.stderr.write("\n")
            sys.stderr.flush()


__all__ = ["LARGE", "Bar", "Progress", "TextBar", "reporter", "watched"]

"""The rulesets shipped with zona, by name (the file name without `.zona`)."""

from __future__ import annotations

import datetime
import functools
from pathlib import Path

from zona._grammar import data_path
from zona.errors import ZonaError
from zona.model import Ruleset


def directory() -> Path:
    """Where the built-in rulesets are (inside the wheel, or the checkout's rulesets/)."""
    return data_path("rulesets")


def names() -> list[str]:
    """The names of the built-in rulesets, sorted."""
    return sorted(p.stem for p in directory().glob("*.zona"))


def path(name: str) -> Path:
    """The file of a built-in ruleset; ZonaError names the ones there are."""
    file = directory() / f"{name}.zona"
    if name not in names():
        from zona.checks import did_you_mean

        hint = did_you_mean(name, names())
        raise ZonaError(f"no built-in ruleset '{name}'" + (f". {hint}" if hint else "")
                        + f" (built-in: {', '.join(names())})")
    return file


@functools.cache
def load_builtin(name: str) -> Ruleset:
    """Compile a built-in ruleset once per process."""
    from zona import load

    return load(path(name))


def in_force(on: datetime.date) -> Ruleset:
    """The built-in regulation ruleset in force on a date (the latest to take effect)."""
    candidates = []
    for name in names():
        ruleset = load_builtin(name)
        start, end = ruleset.effective_from, ruleset.effective_until
        if start is not None and start <= on and (end is None or on <= end):
            candidates.append(ruleset)
    if not candidates:
        raise ZonaError(f"no built-in ruleset is in force on {on.isoformat()}")
    return max(candidates, key=lambda r: (r.effective_from or datetime.date.min, r.id))

"""The rulesets shipped with zona, by name (the file name without `.zona`): where they are.
Compiling one is `zona.load_builtin(name)` (zona.compiler)."""

from __future__ import annotations

from pathlib import Path

from zona.errors import ZonaError, did_you_mean
from zona.i18n import _
from zona.language.grammar import data_path


class UnknownRuleset(ZonaError):
    """No built-in ruleset has this name."""


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
        hint = did_you_mean(name, names())
        raise UnknownRuleset(_("no built-in ruleset '{name}'", name=name)
                             + (f". {hint}" if hint else "")
                             + " (" + _("built-in: {names}", names=", ".join(names())) + ")")
    return file

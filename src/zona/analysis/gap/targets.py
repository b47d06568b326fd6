"""What a gap analysis aims at, as written: a predicate's name (`WBK`).

`parse_target` is the one place a target is read; a grade target (`NAME>=LEVEL`) is a
branch to add here once rulesets have grades.
"""

from __future__ import annotations

from zona import model as m
from zona.errors import ZonaError, did_you_mean


def parse_target(ruleset: m.Ruleset, text: str) -> str:
    """The predicate a target names; ZonaError (with a suggestion) when there is none."""
    name = text.strip() if isinstance(text, str) else text
    if name not in ruleset.predicates_by_name:
        hint = did_you_mean(str(name), ruleset.predicates_by_name)
        raise ZonaError(f"no predicate '{name}' in {ruleset.id}" + (f". {hint}" if hint else "")
                        + f" (predicates: {', '.join(ruleset.predicates_by_name) or 'none'})")
    return name


def default_target(ruleset: m.Ruleset) -> str | None:
    """The ruleset's only predicate; None when it has none or several (say which)."""
    names = list(ruleset.predicates_by_name)
    return names[0] if len(names) == 1 else None


def target_choices(ruleset: m.Ruleset) -> list[str]:
    """Each target a ruleset offers, as a line: the predicate's name and its labels."""
    found = []
    width = max((len(p.name) for p in ruleset.predicates), default=0)
    for predicate in ruleset.predicates:
        texts = predicate.texts
        labels = [t for t in dict.fromkeys((texts.label, texts.label_en)) if t]
        found.append(f"{predicate.name:<{width}}  {' / '.join(labels)}".rstrip())
    return found


__all__ = ["default_target", "parse_target", "target_choices"]

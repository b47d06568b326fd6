"""The constructs a ruleset uses beyond the first language (`Ruleset.features`), the one
refusal of the tools that do not support them yet (`refuse`), and fixing fact-dependent
weights for one unit's facts (`specialise`)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from zona.errors import AnswerProblem, ZonaAnswerError, ZonaError
from zona.i18n import N_, _
from zona.model import expr as e

if TYPE_CHECKING:
    from zona.model.ruleset import Ruleset

#: Each feature and how a message names it (a catalogue message: `_(FEATURES[name])`).
FEATURES = {
    "ranged-scales": N_("scales on a range other than 0..1 ('range LOW..HIGH')"),
    "na": N_("not-applicable answers ('= na')"),
    "weighted": "'aggregate weighted'",
    "every-under": "'every KIND under'",
    "fact-expressions": N_("facts in expressions ('fact ID')"),
    "view-expressions": N_("views in expressions"),
    "fact-weights": N_("weights that depend on facts ('weight = ...')"),
    "rounding": N_("rounding ('round', 'floor' and 'ceil')"),
    "grade-conditions": N_("grades in conditions ('grade ID >= LEVEL')"),
}

_YES = ("yes", "ya", "true", "y")
_NO = ("no", "tidak", "false", "n")


def find(ruleset: Ruleset) -> frozenset[str]:
    """The features of FEATURES that a ruleset uses."""
    found: set[str] = set()
    if any(s.high != 1 for s in ruleset.scales):
        found.add("ranged-scales")
    if any(o.na for s in ruleset.scales for o in s.options):
        found.add("na")
    if any(n.aggregate == "weighted" for n in ruleset.nodes.values()):
        found.add("weighted")
    if ruleset.weight_facts:
        found.add("fact-weights")
    expressions = [*(d.expr for d in ruleset.derived),
                   *(n.expr for n in ruleset.nodes.values() if n.expr is not None)]
    kinds = {v.kind for x in expressions for v in e.variables(x)}
    if "fact" in kinds:
        found.add("fact-expressions")
    if "view" in kinds:
        found.add("view-expressions")
    if any(isinstance(x, e.Round) for top in expressions for x in _walk(top)):
        found.add("rounding")
    conditions = [c for p in ruleset.predicates for c in _conditions(p.conditions)]
    if any(getattr(c, "quantity", None) == "grade" for c in conditions):
        found.add("grade-conditions")
    if any(type(c).__name__ == "Every" and getattr(c, "kind", None) is not None
           for p in ruleset.predicates for c in _conditions(p.conditions)):
        found.add("every-under")
    return frozenset(found)


def _walk(expression: e.Expr) -> Iterator[e.Expr]:
    yield expression
    for child in e.children(expression):
        yield from _walk(child)


def _conditions(conditions: Any) -> Iterator[Any]:
    for condition in conditions:
        yield condition
        yield from _conditions(getattr(condition, "parts", ()))
        part = getattr(condition, "part", None)
        if part is not None:
            yield from _conditions((part,))


def refuse(ruleset: Ruleset, where: str, supported: frozenset[str] = frozenset()) -> None:
    """ZonaError naming the first feature of the ruleset that `where` does not support."""
    for feature in sorted(ruleset.features - supported):
        named = _(FEATURES[feature]) if feature in FEATURES else repr(feature)
        raise ZonaError(_("{where} does not support {feature} yet (ruleset '{ruleset}')",
                          where=_(where), feature=named, ruleset=ruleset.id))


def specialise(ruleset: Ruleset, facts: Mapping[str, object]) -> Ruleset:
    """The variant of the ruleset whose weights are those of these facts' values."""
    if not ruleset.weight_facts:
        return ruleset
    key: list[str] = []
    problems: list[AnswerProblem] = []
    declared = ruleset.facts_by_name
    for name in ruleset.weight_facts:
        fact = declared[name]
        found = weight_fact_value(fact.kind, fact.levels, facts.get(name))
        if found is None:
            said = _("the weights depend on this fact; give one of {levels}",
                     levels=", ".join(fact.levels)) if fact.kind == "levels" else \
                _("the weights depend on this fact; give yes or no")
            problems.append(AnswerProblem(f"facts.{name}", said))
        else:
            key.append(found)
    if problems:
        raise ZonaAnswerError(problems)
    return ruleset.variants[tuple(key)]


def weight_fact_value(kind: str, levels: tuple[str, ...], raw: object) -> str | None:
    """A levels fact's level, or a yes/no fact's "yes" or "no"; None when it is missing or
    not one of them."""
    if raw is None:
        return None
    if kind == "yesno":
        if isinstance(raw, bool):
            return "yes" if raw else "no"
        word = str(raw).strip().lower()
        return "yes" if word in _YES else "no" if word in _NO else None
    text = str(raw).strip()
    if text in levels:
        return text
    matches = [level for level in levels if level.lower() == text.lower()]
    return matches[0] if len(matches) == 1 else None

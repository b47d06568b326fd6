"""Amended thresholds without a new ruleset file: `amend(ruleset, {"WBK.total": "80"})`.

A key names one comparison of a predicate, `PREDICATE.SUBJECT`: the node or view it compares
(`WBK.total`, `WBK.ipak`), `share(NODE)` for a share, the group of an `every` condition
(`WBK.areas`, also `every:areas`), a fact (`ELIGIBLE_WBK.spip_maturity`, also
`fact:spip_maturity`) or a grade (`grade:NAME`); or one level of a grade by bands,
`GRADE.LEVEL`, whose band then starts at the new value. Values are read exactly: "80",
"18.5", 80, Decimal("18.5"), Fraction(37, 2), a float through its shortest decimal (18.5),
a share as "65%" (or 0.65), a fact's level by name, yes/no. The result is a new Ruleset (the
original is left as it is) whose fingerprint says it was amended; every path scores it
(exact, batch, SQL), and `zona.batch.whatif` compares a table of units under both.
"""

from __future__ import annotations

import decimal
import hashlib
import re
from collections.abc import Iterator, Mapping
from fractions import Fraction
from typing import Any

import attrs

from zona import model as m
from zona.errors import ZonaError, did_you_mean
from zona.i18n import _
from zona.model.grades import Grade, Level
from zona.numtext import NumberProblem, exact_decimal, exact_text, read_number


def amend(ruleset: m.Ruleset, amendments: Mapping[str, object]) -> m.Ruleset:
    """The ruleset with the thresholds that `amendments` names changed (see the module)."""
    if not amendments:
        return ruleset
    predicates = {p.name: p for p in ruleset.predicates}
    grades = {g.name: g for g in ruleset.grades}
    notes = []
    for key, value in amendments.items():
        owner, dot, subject = str(key).partition(".")
        if not dot or not subject:
            raise ZonaError(_("amendment '{key}': write PREDICATE.SUBJECT (WBK.total) or "
                              "GRADE.LEVEL", key=str(key)))
        if owner in predicates:
            predicates[owner], note = _predicate(ruleset, predicates[owner], subject, value)
        elif owner in grades:
            grades[owner], note = _band(grades[owner], subject, value)
        else:
            hint = did_you_mean(owner, [*predicates, *grades])
            raise ZonaError(_("amendment '{key}': {ruleset} has no predicate or grade "
                              "'{owner}'", key=str(key), ruleset=ruleset.id, owner=owner)
                            + (f" ({hint})" if hint else ""))
        notes.append(note)
    texts = attrs.evolve(ruleset.texts, notes=(*ruleset.texts.notes, *notes))
    digest = hashlib.sha256("\0".join([ruleset.fingerprint, *notes]).encode()).hexdigest()
    variants = {k: amend(v, amendments) for k, v in ruleset.variants.items()}
    return attrs.evolve(ruleset, texts=texts, fingerprint=f"sha256:{digest}",
                        predicates=tuple(predicates[p.name] for p in ruleset.predicates),
                        grades=tuple(grades[g.name] for g in ruleset.grades), variants=variants)


# --- predicates ------------------------------------------------------------------------------


def _keys(condition: m.Compare | m.Every) -> tuple[str, ...]:
    """The keys that name a comparison: its own first, then the short one."""
    if isinstance(condition, m.Every):
        return f"every:{condition.group}", condition.group
    if condition.quantity == "share":
        return f"share({condition.subject})", condition.subject
    if condition.quantity in ("fact", "grade"):
        return f"{condition.quantity}:{condition.subject}", condition.subject
    return (condition.subject,)


def _comparisons(condition: m.Condition) -> Iterator[m.Compare | m.Every]:
    if isinstance(condition, m.Compare | m.Every):
        yield condition
    elif isinstance(condition, m.AllOf | m.AnyOf):
        for part in condition.parts:
            yield from _comparisons(part)
    elif isinstance(condition, m.NoneOf):
        yield from _comparisons(condition.part)


def _predicate(ruleset: m.Ruleset, predicate: m.Predicate, subject: str,
               value: object) -> tuple[m.Predicate, str]:
    found = [c for top in predicate.conditions for c in _comparisons(top) if subject in _keys(c)]
    if not found:
        keys = [_keys(c)[0] for top in predicate.conditions for c in _comparisons(top)]
        hint = did_you_mean(subject, keys)
        raise ZonaError(_("predicate {predicate} compares no '{subject}'; it compares "
                          "{keys}", predicate=predicate.name, subject=subject,
                          keys=", ".join(keys)) + (f" ({hint})" if hint else ""))
    if len(found) > 1:
        raise ZonaError(_("predicate {predicate} compares '{subject}' more than once ({texts}); "
                          "amend the predicate in a ruleset that extends this one",
                          predicate=predicate.name, subject=subject,
                          texts="; ".join(c.text for c in found)))
    old = found[0]
    threshold = _threshold(ruleset, old, value)
    text = old.text[:old.text.rindex(f" {old.op} ")] + f" {old.op} " + _shown(old, threshold)
    new: m.Compare | m.Every
    if isinstance(old, m.Every):
        assert isinstance(threshold, Fraction)
        new = attrs.evolve(old, threshold=threshold, text=text)
    else:
        new = attrs.evolve(old, threshold=threshold, text=text)
    conditions = tuple(_replace(c, old, new) for c in predicate.conditions)
    note = _("amended: {predicate} requires {new} (was {old})", predicate=predicate.name,
             new=text, old=old.text)
    return attrs.evolve(predicate, conditions=conditions), note


def _replace(condition: m.Condition, old: m.Compare | m.Every,
             new: m.Compare | m.Every) -> m.Condition:
    """The condition with `old` replaced, and the text of every condition around it."""
    if condition is old:
        return new
    if isinstance(condition, m.AllOf | m.AnyOf | m.NoneOf):
        parts = condition.parts if isinstance(condition, m.AllOf | m.AnyOf) else (
            condition.part,)
        replaced = tuple(_replace(p, old, new) for p in parts)
        if replaced == parts:
            return condition
        text = re.sub(rf"(?<![\w.:(]){re.escape(old.text)}(?![\w.%)])",
                      new.text.replace("\\", "\\\\"), condition.text, count=1)
        if isinstance(condition, m.NoneOf):
            return attrs.evolve(condition, part=replaced[0], text=text)
        return attrs.evolve(condition, parts=replaced, text=text)
    return condition


def _threshold(ruleset: m.Ruleset, old: m.Compare | m.Every, value: object) -> m.FactValue:
    """The new threshold, of the kind the old one is, checked as the compiler checks it."""
    if isinstance(old, m.Compare) and old.quantity in ("fact", "grade"):
        return _fact_threshold(ruleset, old, value)
    share = old.quantity == "share"
    number = _number(value, share)
    if isinstance(old, m.Every):
        members = old.members or _children(ruleset, old.group)
        limit = Fraction(1) if share else min(_maximum(ruleset, c) for c in members)
    else:
        limit = Fraction(1) if share else _maximum(ruleset, old.subject)
    if number < 0 or number > limit:
        shown = f"{exact_text(number * 100)}%" if share else exact_text(number)
        top = "100%" if share else exact_text(limit)
        subject = old.group if isinstance(old, m.Every) else old.subject
        raise ZonaError(_("the threshold {value} is outside 0..{limit}, the range of "
                          "'{subject}'", value=shown, limit=top, subject=subject))
    return number


def _children(ruleset: m.Ruleset, group: str) -> list[str]:
    views = ruleset.views_by_name
    if group in views:
        return [c.name for c in views[group].children]
    return [c.name for c in ruleset.node(group).children]


def _maximum(ruleset: m.Ruleset, name: str) -> Fraction:
    node = ruleset.nodes.get(name)
    return node.maximum if node is not None else ruleset.views_by_name[name].maximum


def _fact_threshold(ruleset: m.Ruleset, old: m.Compare, value: object) -> m.FactValue:
    if old.quantity == "grade":
        levels = [v.name for v in ruleset.grades_by_name[old.subject].levels]
        return _level(str(value).strip(), levels, old.subject)
    fact = ruleset.facts_by_name[old.subject]
    if fact.kind == "levels":
        return _level(str(value).strip(), list(fact.levels), fact.name)
    if fact.kind == "yesno":
        text = str(value).strip().lower()
        if isinstance(value, bool) or text in ("yes", "no", "ya", "tidak"):
            return value if isinstance(value, bool) else text in ("yes", "ya")
        raise ZonaError(_("fact '{fact}' is yes or no, not '{value}'", fact=fact.name,
                          value=str(value)))
    number = _number(value, False)
    if (fact.low is not None and number < fact.low) or \
            (fact.high is not None and number > fact.high):
        raise ZonaError(_("the threshold {value} is outside {low}..{high}, the values of fact "
                          "'{fact}'", value=exact_text(number), fact=fact.name,
                          low=exact_text(fact.low) if fact.low is not None else "",
                          high=exact_text(fact.high) if fact.high is not None else ""))
    return number


def _level(name: str, levels: list[str], owner: str) -> str:
    if name not in levels:
        raise ZonaError(_("'{threshold}' is not a level of '{owner}' ({levels})",
                          threshold=name, owner=owner, levels=", ".join(levels)))
    return name


def _number(value: object, share: bool) -> Fraction:
    """An exact number: a whole number, Fraction, Decimal, a float by its shortest decimal,
    or text (`18.5`, `18,5`, and for a share `65%`)."""
    percent = isinstance(value, str) and value.strip().endswith("%")
    text = value.strip().removesuffix("%") if isinstance(value, str) else None
    found: Fraction | None = None
    try:
        if isinstance(value, bool):
            found = None
        elif isinstance(value, int | Fraction):
            found = Fraction(value)
        elif isinstance(value, float):
            found = exact_decimal(decimal.Decimal(repr(value)))
        elif isinstance(value, decimal.Decimal):
            found = exact_decimal(value)
        elif text is not None:
            found = read_number(text)
    except NumberProblem as problem:
        raise ZonaError(str(problem)) from None
    if found is None:
        raise ZonaError(_("'{written}' is not a number", written=value))
    if percent and not share:
        raise ZonaError(_("a percentage compares a share: {value} is not a score",
                          value=str(value).strip()))
    return found / 100 if percent else found


def _shown(old: m.Compare | m.Every, value: m.FactValue) -> str:
    """The threshold as the condition's text writes it (`80`, `65%`, `WBK`, `yes`)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return value
    if old.text.endswith("%"):
        return f"{exact_text(value * 100)}%"
    return exact_text(value)


# --- grades ----------------------------------------------------------------------------------


def _band(grade: Grade, name: str, value: object) -> tuple[Grade, str]:
    """The grade with level `name`'s band starting at `value` (and the band below ending
    there): the levels stay in order."""
    positions = {v.name: i for i, v in enumerate(grade.levels)}
    if name not in positions:
        raise ZonaError(_("'{threshold}' is not a level of '{owner}' ({levels})",
                          threshold=name, owner=grade.name, levels=", ".join(positions)))
    index = positions[name]
    level = grade.levels[index]
    if level.band is None or level.band.low is None:
        raise ZonaError(_("level {level} of grade {grade} has no band with a lower end to move",
                          level=name, grade=grade.name))
    low = _number(value, False)
    below = _low_end(grade.levels[:index], reverse=True)
    above = _low_end(grade.levels[index + 1:], reverse=False)
    if (below is not None and low <= below) or (above is not None and low >= above):
        raise ZonaError(_("level {level} of grade {grade} would no longer lie between the "
                          "levels beside it", level=name, grade=grade.name))
    old = level.band.low
    levels: list[Level] = []
    for i, each in enumerate(grade.levels):
        band = each.band
        if i == index and band is not None:
            band = attrs.evolve(band, low=low)
        elif band is not None and band.high == old and i < index:
            band = attrs.evolve(band, high=low)
        levels.append(attrs.evolve(each, band=band) if band is not each.band else each)
    note = _("amended: level {level} of grade {grade} starts at {new} (was {old})",
             level=name, grade=grade.name, new=exact_text(low), old=exact_text(old))
    return attrs.evolve(grade, levels=tuple(levels)), note


def _low_end(levels: tuple[Level, ...], reverse: bool) -> Fraction | None:
    ordered = reversed(levels) if reverse else iter(levels)
    return next((v.band.low for v in ordered if v.band is not None and v.band.low is not None),
                None)


def amendments_text(amendments: Mapping[str, Any]) -> str:
    """`WBK.total=80, WBBM.total=90`: a scenario's name."""
    return ", ".join(f"{k}={v}" for k, v in amendments.items())


__all__ = ["amend", "amendments_text"]

"""Reading one answer or fact as the exact path sees it: exact numbers, option values,
levels and yes/no; ValueError says what is wrong."""

from __future__ import annotations

import decimal
from collections.abc import Mapping
from fractions import Fraction

from zona import model as m
from zona.errors import AnswerProblem, did_you_mean
from zona.numtext import exact_text

_YES = ("yes", "ya", "true", "y")
_NO = ("no", "tidak", "false", "n")


def read_value(spec: m.Input, raw: object) -> Fraction | None:
    """One answer as an exact number (None when unanswered); ValueError says what is wrong."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if spec.kind == "choice":
        return _choice(spec, raw)
    number = _number(raw)
    if spec.kind == "count":
        if number is None or number.denominator != 1:
            raise ValueError(f"{_shown(raw)} is not a whole number; a count is 0, 1, 2, ...")
        if number < 0:
            raise ValueError(f"{_shown(raw)} is negative; a count is 0, 1, 2, ...")
        return number
    low, high = spec.low, spec.high
    if number is None:
        raise ValueError(f"{_shown(raw)} is not a number")
    if (low is not None and number < low) or (high is not None and number > high):
        raise ValueError(f"{exact_text(number)} is outside {exact_text(low or Fraction(0))}"
                         f"..{exact_text(high or Fraction(0))}")
    return number


def is_not_applicable(spec: m.Input, raw: object) -> bool:
    """Whether an answer names an option of the input's scale that means "not applicable"
    (as an option is named: exactly, or in another case when only one option matches)."""
    if spec.scale is None or not spec.scale.not_applicable or not isinstance(raw, str):
        return False
    text = raw.strip()
    if text in spec.scale.names:
        return text in spec.scale.not_applicable
    matches = [o for o in spec.scale.names if o.lower() == text.lower()]
    return len(matches) == 1 and matches[0] in spec.scale.not_applicable


def _choice(spec: m.Input, raw: object) -> Fraction:
    assert spec.scale is not None
    text = str(raw).strip()
    value = spec.scale.value(text)
    if value is None:
        matches = [o for o in spec.scale.names if o.lower() == text.lower()]
        if len(matches) == 1 and matches[0] not in spec.scale.not_applicable:
            found = spec.scale.value(matches[0])
            return found if found is not None else Fraction(0)
        numbered = _numbered(spec.scale, raw)
        if numbered is not None:
            return numbered
        raise ValueError(f"{_shown(raw)} is not on the scale {spec.scale.label or spec.scale.name} "
                         f"({', '.join(spec.scale.names)})")
    return value


def _numbered(scale: m.Scale, raw: object) -> Fraction | None:
    """The value of the numbered option a number names (`3`, `"3"`, `3.0`, `Decimal("3")`
    name option `3`), or None."""
    number = _number(raw)
    if number is None or number.denominator != 1:
        return None
    return scale.value(str(number.numerator))


def _number(raw: object) -> Fraction | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | Fraction):
        return Fraction(raw)
    if isinstance(raw, float):
        return Fraction(decimal.Decimal(repr(raw))) if raw == raw and abs(raw) != float("inf") \
            else None
    if isinstance(raw, decimal.Decimal):
        return Fraction(raw) if raw.is_finite() else None
    if isinstance(raw, str):
        try:
            parsed = decimal.Decimal(raw.strip())
        except decimal.InvalidOperation:
            return None
        return Fraction(parsed) if parsed.is_finite() else None
    return None


def read_facts(ruleset: m.Ruleset, facts: Mapping[str, object],
                problems: list[AnswerProblem]) -> dict[str, m.FactValue]:
    if not facts:
        return {}
    declared = ruleset.facts_by_name
    found: dict[str, m.FactValue] = {}
    for key, raw in facts.items():
        name = str(key)
        fact = declared.get(name)
        where = f"facts.{name}"
        if fact is None:
            hint = did_you_mean(name, declared)
            problems.append(AnswerProblem(where, "no fact has this id"
                                          + (f". {hint}" if hint else "")))
        elif raw is not None:
            try:
                found[name] = read_fact(fact, raw)
            except ValueError as error:
                problems.append(AnswerProblem(where, str(error)))
    return found


def read_fact(fact: m.Fact, raw: object) -> m.FactValue:
    """One fact's value (a level name, a bool or an exact number); ValueError if it is bad."""
    if fact.kind == "levels":
        text = str(raw).strip()
        matches = [level for level in fact.levels if level.lower() == text.lower()]
        if text in fact.levels:
            return text
        if len(matches) != 1:
            raise ValueError(f"{_shown(raw)} is not one of {', '.join(fact.levels)}")
        return matches[0]
    if fact.kind == "yesno":
        if isinstance(raw, bool):
            return raw
        word = str(raw).strip().lower()
        if word in _YES or word in _NO:
            return word in _YES
        raise ValueError(f"{_shown(raw)} is not yes or no")
    number = _number(raw)
    if number is None:
        raise ValueError(f"{_shown(raw)} is not a number")
    if (fact.low is not None and number < fact.low) or (
            fact.high is not None and number > fact.high):
        raise ValueError(f"{exact_text(number)} is outside {exact_text(fact.low or Fraction(0))}"
                         f"..{exact_text(fact.high or Fraction(0))}")
    return number


def _shown(raw: object) -> str:
    """An answer as a message shows it: a Decimal as written (1.5), anything else as
    Python writes it ('tiga' for a text, 2.5 for a number)."""
    if isinstance(raw, decimal.Decimal):
        return str(raw)
    return repr(raw)

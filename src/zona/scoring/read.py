"""Reading one answer or fact as the exact path sees it: exact numbers, option values,
levels and yes/no; ValueError says what is wrong."""

from __future__ import annotations

import datetime
import decimal
import json
from collections.abc import Mapping
from fractions import Fraction

from zona import model as m
from zona.errors import AnswerProblem, did_you_mean
from zona.i18n import _, exact, whole
from zona.model.chaining import (
    grade_problem,
    kind_problem,
    matching_grades,
    range_text,
    source_problem,
)
from zona.numtext import (
    MAX_DIGITS,
    NumberProblem,
    exact_decimal,
    grouped_thousand,
    read_number,
)
from zona.scoring.grade_result import GradeResult
from zona.scoring.result import NodeResult, Result

_YES = ("yes", "ya", "true", "y")
_NO = ("no", "tidak", "false", "n")


def read_value(spec: m.Input, raw: object) -> Fraction | None:
    """One answer as an exact number (None when unanswered, and for an option that means
    "not applicable": is_not_applicable tells the two apart); ValueError says what is wrong."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if spec.kind == "choice":
        if is_not_applicable(spec, raw):
            return None
        return _choice(spec, raw)
    number = _number(raw)
    if spec.kind == "count":
        if isinstance(raw, str) and grouped_thousand(raw):
            raise ValueError(_("'{value}' is ambiguous for a count: {plain} with a thousands "
                               "separator, or the decimal {number}; write a count without "
                               "separators ({plain})", value=raw.strip(),
                               plain=raw.strip().replace(".", ""),
                               number=exact(number or Fraction(0))))
        if number is None or number.denominator != 1:
            raise ValueError(_("{value} is not a whole number; a count is 0, 1, 2, ...",
                               value=_shown(raw)))
        if number < 0:
            raise ValueError(_("{value} is negative; a count is 0, 1, 2, ...", value=_shown(raw)))
        return number
    low, high = spec.low, spec.high
    if number is None:
        raise ValueError(_("{value} is not a number", value=_shown(raw)))
    if (low is not None and number < low) or (high is not None and number > high):
        raise ValueError(_("{value} is outside {low}..{high}", value=exact(number),
                           low=exact(low or Fraction(0)), high=exact(high or Fraction(0))))
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
        raise ValueError(_("{value} is not on the scale {scale} ({options})", value=_shown(raw),
                           scale=spec.scale.label or spec.scale.name,
                           options=", ".join(spec.scale.names)))
    return value


def _numbered(scale: m.Scale, raw: object) -> Fraction | None:
    """The value of the numbered option a number names (`3`, `"3"`, `3.0`, `Decimal("3")`
    name option `3`), or None."""
    number = _number(raw)
    if number is None or number.denominator != 1:
        return None
    return scale.value(str(number.numerator))


def _number(raw: object) -> Fraction | None:
    """An answer or fact as an exact number; None when it is no number; NumberProblem (a
    ValueError) when it is one that zona refuses (zona.numtext.read_number)."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        if raw.bit_length() > _MAX_BITS:
            raise NumberProblem(_("a number of {bits} bits is too large (at most {digits} "
                                  "digits)", bits=whole(raw.bit_length()),
                                  digits=whole(MAX_DIGITS)))
        return Fraction(raw)
    if isinstance(raw, Fraction):
        return raw
    if isinstance(raw, float):
        if raw != raw or abs(raw) == float("inf"):
            return None
        return exact_decimal(decimal.Decimal(repr(raw)))
    if isinstance(raw, decimal.Decimal):
        return exact_decimal(raw)
    if isinstance(raw, str):
        return read_number(raw)
    return None


_MAX_BITS = 133  # about MAX_DIGITS decimal digits


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
            problems.append(AnswerProblem(where, _("no fact has this id")
                                          + (f". {hint}" if hint else "")))
        elif raw is not None:  # another ruleset's Result was read by plain_facts first
            try:
                found[name] = read_fact(fact, raw)
            except ValueError as error:
                problems.append(AnswerProblem(where, str(error)))
    return found


def plain_facts(ruleset: m.Ruleset, facts: Mapping[str, object],
                problems: list[AnswerProblem]) -> Mapping[str, object]:
    """The facts with every other ruleset's Result (or GradeResult) replaced by the value it
    gives (left out when unknown); what cannot be a fact's value is added to `problems`."""
    if not any(isinstance(raw, Result | GradeResult) for raw in facts.values()):
        return facts
    declared = ruleset.facts_by_name
    plain: dict[str, object] = {}
    for key, raw in facts.items():
        fact = declared.get(str(key))
        if fact is None or not isinstance(raw, Result | GradeResult):
            plain[key] = raw
            continue
        try:
            value = chained(fact, raw)
        except ValueError as error:
            problems.append(AnswerProblem(f"facts.{key}", str(error)))
        else:
            if value is not None:
                plain[key] = value
    return plain


def fact_number(fact: m.Fact, value: m.FactValue | None) -> Fraction | None:
    """A fact's value as an expression reads it: a number, a level's position (lowest 0),
    yes 1, no 0; None when unknown."""
    if value is None:
        return None
    if fact.kind == "levels":
        return Fraction(fact.levels.index(str(value)))
    if isinstance(value, bool):
        return Fraction(int(value))
    return value if isinstance(value, Fraction) else None


def read_fact(fact: m.Fact, raw: object) -> m.FactValue:
    """One fact's value (a level name, a bool or an exact number; for a chained fact, also
    another ruleset's Result or GradeResult); ValueError if it is bad."""
    if isinstance(raw, Result | GradeResult):
        value = chained(fact, raw)
        if value is None:
            raise ValueError(_("{result} does not decide it (an undecided grade or an "
                               "unanswered score): leave the fact out",
                               result=_result_name(raw)))
        raw = value
    if fact.kind == "levels":
        text = str(raw).strip()
        matches = [level for level in fact.levels if level.lower() == text.lower()]
        if text in fact.levels:
            return text
        if len(matches) != 1:
            raise ValueError(_("{value} is not one of {levels}", value=_shown(raw),
                               levels=", ".join(fact.levels)))
        return matches[0]
    if fact.kind == "yesno":
        if isinstance(raw, bool):
            return raw
        word = str(raw).strip().lower()
        if word in _YES or word in _NO:
            return word in _YES
        raise ValueError(_("{value} is not yes or no", value=_shown(raw)))
    number = _number(raw)
    if number is None:
        raise ValueError(_("{value} is not a number", value=_shown(raw)))
    if (fact.low is not None and number < fact.low) or (
            fact.high is not None and number > fact.high):
        raise ValueError(_("{value} is outside {low}..{high}", value=exact(number),
                           low=exact(fact.low or Fraction(0)),
                           high=exact(fact.high or Fraction(0))))
    return number


SHOWN = 80  # characters of a text answer a message quotes


def _shown(raw: object) -> str:
    """An answer as a message shows it: a Decimal as written (1.5), a number as Python
    writes it (2.5), a text quoted ('tiga'; at most SHOWN characters, control characters
    escaped); bytes, a date or a time (from YAML or a Parquet column) as text, never a
    Python repr such as datetime.date(2020, 1, 1)."""
    if isinstance(raw, decimal.Decimal):
        return str(raw)
    if isinstance(raw, bytes):
        return f"{_shown(raw.decode('utf-8', errors='replace'))} ({_('binary data')})"
    if isinstance(raw, datetime.datetime):
        raw = raw.isoformat(sep=" ")
    elif isinstance(raw, datetime.date | datetime.time | datetime.timedelta):
        raw = str(raw)
    if isinstance(raw, list | tuple | dict):  # from JSON or YAML: shown as JSON writes it
        raw = json.dumps(raw, ensure_ascii=False, default=str)
    if isinstance(raw, str):
        return repr(raw if len(raw) <= SHOWN else raw[:SHOWN] + "...")
    return repr(raw) if isinstance(raw, int | float) else repr(str(raw)[:SHOWN])


# --- chaining: a fact from another ruleset's result (zona.model.chaining) ---------------

def chained(fact: m.Fact, raw: Result | GradeResult) -> m.FactValue | None:
    """The value another ruleset's Result (or one of its GradeResults) gives a fact: a
    grade's level, a numbered level's number, or a node's score or share. None when the
    result leaves it unknown (an undecided grade, an unanswered or not applicable node);
    ValueError when it cannot be the fact's value (another ruleset, other levels, ...)."""
    origin = fact.source
    if fact.kind == "yesno":
        raise ValueError(kind_problem(fact.kind, "grade"))
    if isinstance(raw, GradeResult):
        if origin is not None and (origin.quantity, origin.name) != ("grade", raw.name):
            wanted = _("grade '{grade}'", grade=origin.name) if origin.quantity == "grade" \
                else _("the {quantity} of '{name}'", quantity=origin.quantity, name=origin.name)
            raise ValueError(_("this is grade '{grade}', but the fact comes from {source} of "
                               "'{ruleset}'", grade=raw.name, source=wanted,
                               ruleset=origin.ruleset))
        return _level(fact, raw, None)
    other = raw.ruleset
    if origin is None:
        return _level(fact, raw.grades[_only_grade(fact, raw)], other.id)
    if other.id != origin.ruleset:
        raise ValueError(_("this is a result of '{ruleset}', but the fact comes from "
                           "'{origin}'", ruleset=other.id, origin=origin.ruleset))
    problem = source_problem(fact, other, origin)
    if problem is not None:
        raise ValueError(problem)
    if origin.quantity == "grade":
        return _level(fact, raw.grades[origin.name], other.id)
    node = raw[origin.name]
    if isinstance(node, NodeResult) and not (node.answered and node.applicable):
        return None
    return node.score if origin.quantity == "score" else node.share


def _only_grade(fact: m.Fact, result: Result) -> str:
    """The one grade of the result that can be the value of a fact that does not say where
    it comes from: the same levels (a levels fact), numbered levels in range (a number)."""
    grades = matching_grades(fact, result.ruleset.grades)
    if len(grades) == 1:
        return grades[0].name
    wanted = _("whose levels are {levels}", levels=", ".join(fact.levels)) \
        if fact.kind == "levels" else \
        _("with numbered levels within {range}", range=range_text(fact))
    if grades:
        names = ", ".join(g.name for g in grades)
        raise ValueError(_("the result of '{ruleset}' has several grades {wanted} ({names}); "
                           "give one of them, e.g. result.grades['{first}'], or write `from "
                           "\"{ruleset}\" grade NAME` on the fact", ruleset=result.ruleset.id,
                           wanted=wanted, names=names, first=grades[0].name))
    have = "; ".join(f"{g.name}: {', '.join(v.name for v in g.levels)}"
                     for g in result.ruleset.grades) or _("none")
    raise ValueError(_("the result of '{ruleset}' has no grade {wanted} (its grades: {have})",
                       ruleset=result.ruleset.id, wanted=wanted, have=have))


def _level(fact: m.Fact, result: GradeResult, ruleset: str | None) -> m.FactValue | None:
    problem = grade_problem(fact, result.grade, ruleset)
    if problem is not None:
        raise ValueError(problem)
    if result.level is None:
        return None
    return result.level if fact.kind == "levels" else Fraction(int(result.level))


def _result_name(raw: Result | GradeResult) -> str:
    return _("grade '{grade}'", grade=raw.name) if isinstance(raw, GradeResult) else \
        _("the result of '{ruleset}'", ruleset=raw.ruleset.id)

"""Why a unit has its grades: each grade's level and label, why it was reached (the value in
the level's band, or the `when` conditions that hold), what the next level up needs (more
value for its band, or the conditions that fail), and the margin down (how far the value is
above the band's low end).

`explain_grade` returns the explanation as data (`GradeExplanation`, lines of text with the
conditions behind them); `grade_lines` words it for `zona explain`, and the HTML views and
the report show the same pieces. Every sentence comes from the phrase table.
"""

from __future__ import annotations

from fractions import Fraction

import attrs

from zona import model as m
from zona.analysis.phrases import phrase
from zona.analysis.wording import area_label, compare_line, condition_lines, label
from zona.i18n import exact, number
from zona.model import expr as e
from zona.numtext import exact_text
from zona.scoring.grade_result import GradeResult, LevelResult
from zona.scoring.result import ConditionResult, Result


def figure(value: Fraction) -> str:
    """A grade's value as shown: exact when it is a short decimal (68.33, 3.5), else
    rounded to 4 places."""
    text = exact_text(value)
    return exact(value) if "/" not in text and len(text.partition(".")[2]) <= 4 \
        else number(value, 4)


def level_name(grade: m.Grade, level: str, lang: str) -> str:
    """A level with its label: `B (Baik)`, or just `B`."""
    found = grade.levels_by_name[level]
    text = found.texts.label_en if lang == "en" and found.texts.label_en else found.label
    shown = " ".join((text or "").split())
    return f"{level} ({shown})" if shown and shown != level else level


def grade_title(grade: m.Grade, lang: str) -> str:
    """`Predikat (predikat)`, or the grade's id when it has no label."""
    shown = label(grade.texts, grade.name, lang)
    return f"{shown} ({grade.name})" if shown != grade.name else grade.name


def level_text(found: GradeResult, lang: str) -> str:
    """The unit's level as a person reads it: `B (Baik)`, `belum dapat diputuskan, paling
    rendah WBK (Menuju WBK)`, or that the value is not answered."""
    grade = found.grade
    if not found.answered:
        return phrase("g_unanswered", lang, value=value_text(grade))
    if found.level is None:
        at_least = level_name(grade, found.at_least, lang) if found.at_least else "-"
        return phrase("g_undecided", lang, level=at_least)
    return level_name(grade, found.level, lang)


# --- the value a grade reads ------------------------------------------------------------


def value_text(grade: m.Grade) -> str:
    """The grade's `by` value as written (`nilai`, `floor(total, 0)`); `-` by rules."""
    return expr_text(grade.value) if grade.value is not None else "-"


def expr_text(expression: e.Expr) -> str:
    """A compiled expression as text, close to how it is written."""
    if isinstance(expression, e.Const):
        return exact_text(expression.value)
    if isinstance(expression, e.Var):
        return f"fact {expression.name}" if expression.kind == "fact" else expression.name
    if isinstance(expression, e.Negate):
        return f"-{_operand(expression.operand)}"
    if isinstance(expression, e.Not):
        return f"not {_operand(expression.operand)}"
    if isinstance(expression, e.Round):
        mode = f", {expression.mode}" if expression.mode != "half_up" else ""
        places = f", {expression.places}" if expression.places or mode else ""
        return f"{expression.function}({expr_text(expression.value)}{places}{mode})"
    if isinstance(expression, e.Divide):
        return "divide(" + ", ".join(expr_text(x) for x in e.children(expression)) + ")"
    if isinstance(expression, e.Extremum):
        return f"{expression.function}(" + ", ".join(map(expr_text, expression.args)) + ")"
    if isinstance(expression, e.If):
        return (f"if {expr_text(expression.test)} then {expr_text(expression.then)} "
                f"else {expr_text(expression.otherwise)}")
    return f"{_operand(expression.left)} {expression.op} {_operand(expression.right)}"


def _operand(expression: e.Expr) -> str:
    text = expr_text(expression)
    return f"({text})" if isinstance(expression, e.Binary | e.If) else text


def band_bound(band: m.Band) -> str:
    """A band's low end as a condition: `> 60`, `>= 2.6`."""
    assert band.low is not None
    return f"{'>' if band.low_open else '>='} {exact_text(band.low)}"


# --- the explanation ---------------------------------------------------------------------


@attrs.frozen
class Line:
    """One sentence of a grade's explanation, and the conditions it rests on."""

    text: str
    conditions: tuple[ConditionResult, ...] = ()
    #: True: show each condition in full (the `when` that holds); False: only its
    #: comparisons that fail or are undecided
    full: bool = False


@attrs.frozen
class GradeExplanation:
    """A grade's explanation: its title and level as text, why the level was reached, what
    the next level up needs (or that it is the top), and the margin down."""

    result: GradeResult
    title: str
    level: str
    reached: tuple[Line, ...]
    next: tuple[Line, ...]
    margin: str | None


def explain_grade(found: GradeResult, lang: str) -> GradeExplanation:
    """A grade's explanation in `lang`."""
    grade = found.grade
    base = found.level if found.level is not None else found.at_least
    reached: list[Line] = []
    following: list[Line] = []
    if base is not None and found.answered:
        reached = _reached(found, found.levels[base], lang)
        if found.level is None:  # undecided: the levels above that may still hold
            for level in grade.levels[grade.position(base) + 1:]:
                above = found.levels[level.name]
                if above.holds is None:
                    following.append(Line(phrase("g_undecided_by", lang, level=level_name(
                        grade, level.name, lang)), tuple(above.conditions)))
        else:
            following += _next(found, lang)
    margin = None
    down = found.margin_down
    if down is not None and base is not None and found.level is not None:
        band = grade.levels_by_name[base].band
        assert band is not None
        margin = phrase("g_margin", lang, margin=figure(down), bound=band_bound(band))
    return GradeExplanation(found, grade_title(grade, lang), level_text(found, lang),
                            tuple(reached), tuple(following), margin)


def _reached(found: GradeResult, level: LevelResult, lang: str) -> list[Line]:
    grade = found.grade
    name = level_name(grade, level.name, lang)
    band = level.level.band
    lines = []
    if band is not None and found.value is not None:
        key = "g_in_band" if band.contains(found.value) else "g_reaches_band"
        lines.append(Line(phrase(key, lang, value=figure(found.value), level=level.name,
                                 band=band.text)))
    if level.level.when is not None:
        key = "g_also_when" if lines else "g_when_holds"
        lines.append(Line(phrase(key, lang, level=name), tuple(level.conditions), full=True))
    if not lines:
        lines.append(Line(phrase("g_lowest", lang, level=name)))
    return lines


def _next(found: GradeResult, lang: str) -> list[Line]:
    """What the level above the unit's (or above the one known to hold) needs."""
    grade = found.grade
    if found.next is None:
        return [Line(phrase("g_top", lang, level=level_name(grade, found.level or "", lang)))]
    following = found.levels[found.next]
    name = level_name(grade, found.next, lang)
    band = following.level.band
    failing = tuple(following.failing())
    if band is not None and band.low is not None and following.reached is False:
        gap = found.gap_to_next
        assert gap is not None
        key = "g_next_band_when" if failing else "g_next_band"
        return [Line(phrase(key, lang, next=name, bound=band_bound(band), gap=figure(gap)),
                     failing)]
    if band is not None:
        return [Line(phrase("g_next_reached", lang, next=name), failing)]
    return [Line(phrase("g_next_when", lang, next=name), failing)]


def grade_lines(result: Result, lang: str) -> list[str]:
    """The grades section of `zona explain` (empty for a ruleset without grades)."""
    if not result.ruleset.grades:
        return []
    lines = [phrase("grades", lang)]
    for found in result.grades.values():
        told = explain_grade(found, lang)
        lines.append("  " + phrase("grade", lang, title=told.title, level=told.level))
        for line in (*told.reached, *told.next):
            lines.append("    " + line.text)
            lines.extend(condition_text(result, line, lang, "      "))
        if told.margin:
            lines.append("    " + told.margin)
    return lines


def condition_text(result: Result, line: Line, lang: str, indent: str) -> list[str]:
    """The conditions behind a line: in full, or only the comparisons that do not pass
    (through the predicates they refer to)."""
    if line.full:
        return [text for found in line.conditions
                for text in condition_lines(result, found, lang, indent)]
    return [text for found in line.conditions
            for text in _failing(result, found, lang, indent, set())]


def _failing(result: Result, found: ConditionResult, lang: str, indent: str,
             seen: set[str]) -> list[str]:
    lines = []
    for part in found.leaves():
        if part.passed is True:
            continue
        text = part.text
        if isinstance(part.condition, m.Every) and part.subject:
            text += f" -- {part.subject} " + area_label(result.ruleset, result[part.subject],
                                                        lang)
        lines.append(compare_line(result, part, lang, indent, text))
        if isinstance(part.condition, m.PredicateRef) and part.condition.name not in seen:
            seen.add(part.condition.name)
            for inner in result.predicates[part.condition.name].conditions:
                lines.extend(_failing(result, inner, lang, indent + "  ", seen))
    return lines


__all__ = ["GradeExplanation", "Line", "band_bound", "condition_text", "explain_grade",
           "expr_text", "figure", "grade_lines", "grade_title", "level_name", "level_text",
           "value_text"]

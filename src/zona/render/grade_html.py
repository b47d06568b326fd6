"""Grades in HTML: a ruleset's grades and their levels, and a unit's grades (the level, why
it was reached, what the next level up needs, the margin down), for the notebook views and
the report. Every text is escaped; the explanation is zona.analysis.grades'."""

from __future__ import annotations

from html import escape

from zona import model as m
from zona.analysis import grades as g
from zona.analysis.phrases import phrase
from zona.analysis.wording import label
from zona.i18n import check_lang, speaking
from zona.scoring.result import Result


def ruleset_grades(ruleset: m.Ruleset, lang: str = "id") -> str:
    """Each grade with the value it reads and its levels, lowest first: each level's label,
    band and `when` condition."""
    if not ruleset.grades:
        return ""
    with speaking(check_lang(lang)):
        return _ruleset_grades(ruleset, lang)


def _ruleset_grades(ruleset: m.Ruleset, lang: str) -> str:
    items = []
    for grade in ruleset.grades:
        rows = "".join(
            f"<tr data-level=\"{escape(level.name)}\"><td><b>{escape(level.name)}</b></td>"
            f"<td>{escape(label(level.texts, '', lang))}</td>"
            f"<td class=\"num\">{escape(level.band.text if level.band else '')}</td>"
            f"<td><code>{escape(level.when.text if level.when else '')}</code></td></tr>"
            for level in grade.levels)
        by = (f" &mdash; {escape(phrase('h_by', lang))} <code>{escape(g.value_text(grade))}"
              f"</code>" if grade.value is not None else "")
        head = "".join(f"<th>{escape(phrase(k, lang))}</th>"
                       for k in ("h_level", "h_label", "h_band", "h_when"))
        items.append(f'<li data-grade="{escape(grade.name)}"><b>{escape(grade.name)}</b> '
                     f"{escape(label(grade.texts, grade.name, lang))}{by}"
                     f"<table><tr>{head}</tr>{rows}</table></li>")
    return f"<h3>{escape(phrase('grades', lang))}</h3><ul>{''.join(items)}</ul>"


def result_grades(result: Result, lang: str = "id") -> str:
    """A table of the unit's grades: the level, the value, why the level was reached, what
    the next level needs, and the margin down. Each row carries data-grade and data-level
    (empty when undecided or unanswered); its words and numbers in `lang`."""
    if not result.ruleset.grades:
        return ""
    with speaking(check_lang(lang)):
        return _result_grades(result, lang)


def _result_grades(result: Result, lang: str) -> str:
    rows = []
    for found in result.grades.values():
        told = g.explain_grade(found, lang)
        value = g.figure(found.value) if found.value is not None else ""
        why = "<br>".join(_line(result, line, lang) for line in told.reached)
        needs = "<br>".join(_line(result, line, lang) for line in told.next)
        status = "" if found.level is not None else " undecided"
        rows.append(f'<tr class="{status.strip()}" data-grade="{escape(found.name)}" '
                    f'data-level="{escape(found.level or "")}"><td>{escape(told.title)}</td>'
                    f"<td><b>{escape(told.level)}</b></td><td class=\"num\">{escape(value)}"
                    f"</td><td>{why}</td><td>{needs}</td>"
                    f"<td>{escape(told.margin or '')}</td></tr>")
    head = "".join(f"<th>{escape(phrase(k, lang))}</th>" for k in
                   ("h_grade", "h_level", "h_value", "h_why", "h_next", "h_margin"))
    return (f"<h3>{escape(phrase('grades', lang))}</h3>"
            f"<table><tr>{head}</tr>{''.join(rows)}</table>")


def _line(result: Result, line: g.Line, lang: str) -> str:
    """A sentence and the conditions behind it, one per line."""
    found = [text.strip() for text in g.condition_text(result, line, lang, "")]
    return escape(line.text) + "".join(f"<br><small>{escape(text)}</small>" for text in found)


def grade_badges(result: Result, lang: str = "id") -> str:
    """One badge per grade (the report's summary): its title and level."""
    with speaking(check_lang(lang)):
        return "".join(
            f'<div class="verdict is-{"passed" if found.level is not None else "undecided"}" '
            f'data-summary-grade="{escape(found.name)}" '
            f'data-level="{escape(found.level or "")}">'
            f"<b>{escape(g.grade_title(found.grade, lang))}</b>: "
            f"{escape(g.level_text(found, lang))}</div>" for found in result.grades.values())


__all__ = ["grade_badges", "result_grades", "ruleset_grades"]

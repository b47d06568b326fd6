"""A unit's report: one self-contained, printable HTML page.

Scores, predicates, grades, the explanation (areas and the costliest questions) and, for
each failing predicate and each grade below its top level, the smallest plan of answer
changes that makes it pass or brings the grade to its next level (zona.analysis.gap).
Inline CSS only: no script, no external resource (a Content-Security-Policy says so).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from zona import model as m
from zona.analysis import explain as x
from zona.analysis.grades import level_text
from zona.errors import ZonaError
from zona.i18n import N_, _, exact, speaking
from zona.numtext import exact_text
from zona.render import html as h
from zona.render.grade_html import grade_badges, result_grades
from zona.render.report_budget import Budget
from zona.render.report_notes import ReadingNotes, notes_html
from zona.scoring.result import Result

if TYPE_CHECKING:
    from zona.analysis.gap import GapPlan
    from zona.analysis.gap.conditions import Blocking

PAGE_CSS = """
body { margin: 0 auto; max-width: 1100px; padding: 16px 24px; }
header h1 { font-size: 1.6em; margin: 0 0 .2em; }
.zona h2 { font-size: 1.25em; margin: 1.2em 0 .4em; border-bottom: 2px solid #d0d7de; }
.verdicts { display: flex; flex-wrap: wrap; gap: .6em; margin: .6em 0; }
.verdict { border: 2px solid; border-radius: 6px; padding: .3em .8em; }
.verdict.is-passed { border-color: #1a7f37; }
.verdict.is-failed { border-color: #cf222e; }
.verdict.is-undecided { border-color: #bf8700; }
.criteria { color: #57606a; font-size: .9em; margin: .2em 0 0; padding-left: 1.2em; }
.note { color: #57606a; }
footer { margin-top: 2em; color: #57606a; font-size: .9em; }
@page { size: A4; margin: 14mm; }
@media print {
  body { max-width: none; padding: 0; }
  .zona { font-size: 9.5pt; }
  summary { list-style: none; }
  summary::-webkit-details-marker { display: none; }
  tr, .row, .verdict { break-inside: avoid; }
  h2 { break-after: avoid; }
  section { break-inside: auto; }
}
"""

_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def default_targets(result: Result) -> list[str]:
    """The targets a plan is worth making for: each predicate not passed with a score
    condition (not only facts) among the conditions that fail or are undecided, then each
    grade's next level up (`predikat>=BB`), for a grade decided below its top level."""
    found = [p.name for p in result.predicates.values()
             if p.passed is not True and any(_scored(c.condition) for c in p.failing())]
    found += [f"{g.name}>={g.next}" for g in result.grades.values()
              if g.level is not None and g.next is not None]
    return found


def _scored(condition: m.Condition) -> bool:
    """A comparison that answers can move: not a fact."""
    return not (isinstance(condition, m.Compare) and condition.quantity == "fact")


def report_html(result: Result, lang: str = "id", *, unit: str | None = None,
                targets: Sequence[str] | None = None, top: int = 15,
                surveys: bool = False, notes: ReadingNotes | None = None,
                sheet_notes: Mapping[str, str] | None = None,
                evidence: Mapping[str, str] | None = None) -> str:
    """The whole report page as HTML text (with `notes`, a section on how it was made:
    date, versions, facts, unanswered questions, warnings, the workbook's own total; with
    `sheet_notes` or `evidence`, the sheet's Catatan and Bukti dukung by question id); its
    words and numbers in `lang` (a wrong argument: ZonaError in the language in use)."""
    x.check_lang(lang)
    if top < 0:
        raise ZonaError(_("top must be 0 or more, not {top}", top=top))
    chosen = list(targets) if targets is not None else default_targets(result)
    from zona.analysis.gap.targets import parse_target

    for target in chosen:
        parse_target(result.ruleset, target)  # ZonaError for a target that is none
    with speaking(lang):
        return _report_html(result, lang, unit=unit, chosen=chosen, top=top,
                            surveys=surveys, notes=notes, sheet_notes=sheet_notes,
                            evidence=evidence)


def _report_html(result: Result, lang: str, *, unit: str | None, chosen: list[str],
                 top: int, surveys: bool, notes: ReadingNotes | None,
                 sheet_notes: Mapping[str, str] | None,
                 evidence: Mapping[str, str] | None) -> str:
    ruleset = result.ruleset
    title = x.phrase("r_title", lang, rubric=x.label(ruleset.texts, ruleset.id, lang))
    heading = f"{title}: {unit}" if unit else title
    budget = Budget()  # for all the plans together (ZONA_MAX_REPORT_SECONDS)
    parts = [
        _header(result, lang, unit),
        f"<section>{h.areas_table(result, lang)}</section>",
        *([f"<section>{h.predicates_table(result, lang)}</section>"] if ruleset.predicates
          else []),
        *([f"<section>{result_grades(result, lang)}</section>"] if ruleset.grades else []),
        f"<section>{_losses(result, lang, top)}</section>",
        *(f"<section>{_plan(result, name, lang, surveys, budget)}</section>"
          for name in chosen),
        *([_remarks(result, sheet_notes or {}, evidence or {}, lang)]
          if sheet_notes or evidence else []),
        *([notes_html(result, notes, lang)] if notes is not None else []),
        f"<section><h3>{escape(x.phrase('h_tree', lang))}</h3>"
        f"{h.node_tree(result, lang, open_depth=99, leaves=False)}</section>",
        f"<footer>{escape(x.phrase('r_footer', lang, ruleset=ruleset.id))}</footer>",
    ]
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{_POLICY}">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(heading)}</title>\n<style>{h.CSS}{PAGE_CSS}</style>\n</head>\n"
            f'<body class="zona">\n' + "\n".join(parts) + "\n</body>\n</html>\n")


def _header(result: Result, lang: str, unit: str | None) -> str:
    ruleset = result.ruleset
    total = result.total
    badges = "".join(
        f'<div class="verdict is-{_key(p.passed)}" data-summary-predicate="{escape(p.name)}">'
        f"<b>{escape(p.name)}</b> {escape(x.label(p.predicate.texts, p.name, lang))}: "
        f'<span class="{_key(p.passed)}-text">{escape(x.verdict(p.passed, lang, True))}'
        f"</span></div>" for p in result.predicates.values()) + grade_badges(result, lang)
    total_text = x.phrase("total", lang, score=x.num(total.score), maximum=x.num(total.maximum),
                          share=x.pct(total.share) + x.exact_note(total.score, lang, True))
    parts = "".join(f"<li>{escape(line.strip())}</li>" for line in x.total_lines(result, lang)[1:])
    regulation = f"<div>{escape(ruleset.regulation)}</div>" if ruleset.regulation else ""
    rubric = x.label(ruleset.texts, ruleset.id, lang)
    return (f"<header><h1>{escape(x.phrase('r_title', lang, rubric=rubric))}</h1>"
            + (f"<div><b>{escape(x.phrase('unit', lang, unit=unit))}</b></div>" if unit else "")
            + f"<div>{escape(ruleset.id)}: {escape(x.label(ruleset.texts, ruleset.id, lang))}"
            f"</div>{regulation}</header>"
            f'<section><h2>{escape(x.phrase("r_summary", lang))}</h2>'
            f'<p data-total="{escape(exact_text(total.score))}"><b>{escape(total_text)}</b></p>'
            f'<ul>{parts}</ul><div class="verdicts">{badges}</div></section>')


def _key(passed: bool | None) -> str:
    return {True: "passed", False: "failed", None: "undecided"}[passed]


def _losses(result: Result, lang: str, top: int) -> str:
    found = x.losses(result)
    rows = []
    for rank, loss in enumerate(found[:top], 1):
        node = loss.result.node
        criteria = x.criteria_lines(node.texts, lang)
        listed = ("<ul class=\"criteria\">" + "".join(f"<li>{escape(c)}</li>" for c in criteria)
                  + "</ul>") if criteria else ""
        rows.append(f"<tr><td class=\"num\">{rank}</td><td><span class=\"name\">"
                    f"{escape(node.name)}</span>{escape(x.soal_text(result, node))} "
                    f"{escape(x.label(node.texts, node.name, lang))}{listed}</td>"
                    f"<td>{escape(x.answer_text(result, node, lang))}</td>"
                    f'<td class="num">{escape(x.num(loss.earned))} / {escape(x.num(loss.most))}'
                    f'</td><td class="num"><b>{escape(x.num(loss.lost))}</b></td></tr>')
    head = "".join(f"<th>{escape(x.phrase(k, lang))}</th>"
                   for k in ("h_rank", "h_question", "h_answer", "h_score", "h_lost"))
    body = (f"<table><tr>{head}</tr>{''.join(rows)}</table>" if rows
            else f"<p>{escape(x.phrase('no_losses', lang))}</p>")
    rest = found[top:]
    lost = x.num(sum((r.lost for r in rest), Fraction(0)))
    more = (f'<p class="note">{escape(x.phrase("more_losses", lang, count=len(rest), lost=lost))}'
            "</p>" if rest else "")
    return f"<h2>{escape(x.phrase('losses', lang))}</h2>{body}{more}"


def _plan(result: Result, target: str, lang: str, surveys: bool, budget: Budget) -> str:
    """The gap plan for one predicate, as a section, within what is left of the budget."""
    from zona.analysis.gap import LIMIT, gap, parse_target

    goal = parse_target(result.ruleset, target)
    title = x.phrase("r_gap", lang, predicate=target) if goal.grade is None else \
        x.phrase("r_gap_grade", lang, grade=goal.grade, level=goal.level)
    heading = f'<h2 data-gap="{escape(goal.text)}">{escape(title)}</h2>'
    if (seconds := budget.left(LIMIT)) is None:
        return heading + budget.spent(lang)
    try:
        plan = gap(result, target, surveys=surveys, time_limit=seconds)
    except ZonaError as error:  # a predicate the optimiser cannot search: say so, go on
        return heading + f'<p class="note">{escape(str(error))}</p>'
    body = plan_html(plan, result, lang)
    if not plan.changes and any(b.frozen for b in plan.blocking) and not surveys:
        # blocked by a held measured input (a survey index): show what it would have to
        # reach, rising only as its `change` allows
        if (seconds := budget.left(LIMIT)) is None:
            return heading + body + budget.spent(lang)
        surveyed = gap(result, target, surveys=True, time_limit=seconds)
        if surveyed.changes:
            measured = result.ruleset.words.measured_in(lang)
            body += (f"<p>{escape(_gap_phrase('measured', lang, measured=measured))}</p>"
                     + plan_html(surveyed, result, lang))
    return heading + body


# How a gap plan was found when the exact search did not decide (zona.analysis.gap): the
# catalogue's messages, kept beside their one use.
_GAP_PHRASES = {
    "time": N_("The exact search did not finish within the time limit ({seconds} s)."),
    "shape": N_("This condition cannot be optimised exactly ({note})."),
    "found": N_("The plan below was found by a heuristic search and checked by re-scoring the "
                "answers, but it is not proven minimal."),
    "none_in_time": N_("No plan was found within the time limit ({seconds} s)."),
    "unmet_head": N_("The heuristic search found no plan to pass {predicate}:"),
    "unmet": N_("{condition}: not met by any plan the heuristic search found (a plan may "
                "still exist)"),
    "impossible": N_("{condition}: cannot be met with the answers that may change"),
    "measured": N_("If the {measured} could rise, the fewest changes would be:"),
    "held": N_("Not changed: {names} (the {measured} are held: a unit does not choose them)."),
}


def _gap_phrase(key: str, lang: str, **values: object) -> str:
    return _(_GAP_PHRASES[key], lang, **values)


def _heuristic_note(plan: GapPlan, lang: str) -> str:
    """Why the plan is not proven minimal, or why there is none ('' for an exact plan)."""
    if plan.method == "exact" or plan.proven_minimal:
        return ""
    seconds = exact(Fraction(f"{plan.time_limit:g}"), lang) if plan.time_limit else "-"
    if plan.out_of_time:
        text = _gap_phrase("none_in_time", lang, seconds=seconds)
    elif plan.time_limit_reached and plan.exact_timed_out:
        text = _gap_phrase("time", lang, seconds=seconds)
    else:
        text = _gap_phrase("shape", lang, note=plan.said_note(lang) or "")
    if plan.changes:
        text += " " + _gap_phrase("found", lang)
    return f'<p class="note" data-proven-minimal="false">{escape(text)}</p>'


def plan_html(plan: GapPlan, result: Result, lang: str) -> str:
    """A gap plan: the changes, the result after them, and what blocks the target."""
    target = plan.target if plan.grade is None else f"{plan.grade} >= {plan.level}"
    parts = [_heuristic_note(plan, lang)]
    if plan.feasible and not plan.changes:
        parts.append(f"<p>{escape(x.phrase('r_gap_passes', lang, predicate=target))}</p>")
    if plan.changes:
        inputs = result.ruleset.inputs_by_name
        numbering = result.ruleset.words.numbering_in(lang)
        rows = "".join(
            f'<tr data-change="{escape(c.id)}"><td><span class="name">{escape(c.id)}</span>'
            f"{escape(f' ({numbering} {c.soal})' if c.soal is not None else '')} "
            f"{escape(x.label(inputs[c.id].texts, c.id, lang))}</td>"
            f"<td>{escape(c.old if c.old is not None else x.phrase('not_answered', lang))}</td>"
            f"<td><b>{escape(c.new)}</b></td>"
            f'<td class="num">+{escape(x.num(c.points))}</td></tr>' for c in plan.changes)
        head = "".join(f"<th>{escape(x.phrase(k, lang))}</th>"
                       for k in ("h_question", "h_from", "h_to", "h_points"))
        after = plan.after
        if plan.grade is not None:
            said = x.phrase("r_gap_after_grade", lang, score=x.num(after.total.score),
                            grade=plan.grade,
                            level=level_text(after.grades[plan.grade], lang))
        else:
            said = x.phrase("r_gap_after", lang, score=x.num(after.total.score),
                            predicate=target, verdict=x.verdict(plan.passed(), lang, True))
        parts.append(f"<p>{escape(x.phrase('r_gap_changes', lang, count=len(plan.changes)))}"
                     f"</p><table><tr>{head}</tr>{rows}</table><p>{escape(said)}</p>")
    if not plan.feasible and plan.blocking:
        items = "".join(f"<li>{escape(_blocking(b, lang))}</li>" for b in plan.blocking)
        said = _gap_phrase("unmet_head", lang, predicate=target) \
            if any(b.kind == "unmet" for b in plan.blocking) \
            else x.phrase("r_gap_blocked", lang, predicate=target)
        parts.append(f"<p>{escape(said)}</p>"
                     f"<ul>{items}</ul>")
    inputs = result.ruleset.inputs_by_name
    measured = [f for f in plan.frozen if inputs[f].measured and not plan.surveys]
    if measured:
        said = _gap_phrase("held", lang, names=", ".join(measured),
                           measured=result.ruleset.words.measured_in(lang))
        parts.append(f'<p class="note">{escape(said)}</p>')
    if others := [f for f in plan.frozen if f not in measured]:
        said = x.phrase("r_frozen_inputs", lang, names=", ".join(others))
        parts.append(f'<p class="note">{escape(said)}</p>')
    return "".join(parts)


def _blocking(blocking: Blocking, lang: str) -> str:
    if blocking.kind == "unmet":
        return _gap_phrase("unmet", lang, condition=blocking.condition)
    if blocking.kind == "score" and blocking.threshold is None:
        return _gap_phrase("impossible", lang, condition=blocking.condition)
    if blocking.highest is not None and blocking.threshold is not None:
        text = x.phrase("r_block_reach", lang, condition=blocking.condition,
                        highest=x.num(blocking.highest), threshold=x.num(blocking.threshold))
    elif blocking.threshold is not None:
        text = x.phrase("r_block_joint", lang, condition=blocking.condition)
    else:
        text = x.phrase("r_block_fact", lang, condition=blocking.condition)
    if blocking.frozen:
        text += " (" + x.phrase("r_frozen_inputs", lang, names=", ".join(blocking.frozen)) + ")"
    return text


_REMARK_WORDS = (N_("Notes and evidence"), N_("Question"), N_("Notes"), N_("Evidence"))


def _remarks(result: Result, notes: Mapping[str, str], evidence: Mapping[str, str],
             lang: str) -> str:
    """The sheet's notes and evidence links, a row per question that has either; a link
    is clickable only when it is an http(s) address."""
    title, *heads = (_(word, lang) for word in _REMARK_WORDS)
    numbering = result.ruleset.words.numbering_in(lang)
    rows = []
    for spec in result.ruleset.inputs:
        note, link = notes.get(spec.name, ""), evidence.get(spec.name, "")
        if not note and not link:
            continue
        shown = (f'<a href="{escape(link)}" rel="noopener noreferrer">{escape(link)}</a>'
                 if link.lower().startswith(("https://", "http://")) else escape(link))
        soal = f" ({numbering} {spec.soal})" if spec.soal is not None else ""
        rows.append(f'<tr data-remarks="{escape(spec.name)}"><td><span class="name">'
                    f"{escape(spec.name)}</span>{escape(soal)} "
                    f"{escape(x.label(spec.texts, spec.name, lang))}</td>"
                    f"<td>{escape(note)}</td><td>{shown}</td></tr>")
    head = "".join(f"<th>{escape(h)}</th>" for h in heads)
    return (f'<section class="remarks"><h2>{escape(title)}</h2>'
            f"<table><tr>{head}</tr>{''.join(rows)}</table></section>")


def write_report(path: str | Path, page: str) -> None:
    """Write the page atomically: a temporary file beside `path`, then os.replace()."""
    from zona.io.atomic import write_text_atomic

    write_text_atomic(path, page)


__all__ = ["default_targets", "report_html", "write_report"]

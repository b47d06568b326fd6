"""Why a unit scored what it did: totals, areas, predicate conditions, the costliest questions.

The analysis (`areas`, `contributions`, `losses`) reads a Result and its ruleset's tree and
never re-scores; `explain` renders it as text in Indonesian (default) or English. Every
sentence comes from the one phrase table `PHRASES` (zona.analysis.phrases), which the
HTML report shares.
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

import attrs

from zona import model as m
from zona.analysis.grades import grade_lines
from zona.analysis.phrases import LANGS, PHRASES, check_lang, phrase
from zona.analysis.wording import (
    area_label,
    compare_line,
    condition_lines,
    exact_note,
    label,
    margin_text,
    num,
    pct,
    share_text,
    signed,
    threshold_text,
    value_text,
    verdict,
)
from zona.errors import ZonaError
from zona.i18n import _, exact, speaking
from zona.numtext import exact_text
from zona.scoring.result import ConditionResult, NodeResult, Result, ViewResult

# --- areas -------------------------------------------------------------------------


@attrs.frozen
class Area:
    """One area with the comparisons the predicates' `every` conditions make of it."""

    result: NodeResult | ViewResult
    label: str
    checks: tuple[tuple[str, ConditionResult], ...]  # (predicate name, this area's comparison)


def everies(condition: m.Condition) -> Iterator[m.Every]:
    """The `every child of ...` conditions inside a condition."""
    if isinstance(condition, m.Every):
        yield condition
    elif isinstance(condition, m.AllOf | m.AnyOf):
        for part in condition.parts:
            yield from everies(part)
    elif isinstance(condition, m.NoneOf):
        yield from everies(condition.part)


def area_group(ruleset: m.Ruleset) -> str | None:
    """The group the predicates' `every` conditions name; else the first view with children."""
    for predicate in ruleset.predicates:
        for condition in predicate.conditions:
            for every in everies(condition):
                if every.kind is None:  # `every child of`, not `every KIND under`
                    return every.group
    for view in ruleset.views:
        if view.children:
            return view.name
    return None


def _every_results(found: ConditionResult, group: str) -> Iterator[ConditionResult]:
    if isinstance(found.condition, m.Every) and found.condition.group == group \
            and found.condition.kind is None:
        yield found
    elif not isinstance(found.condition, m.Every):
        for part in found.parts:
            yield from _every_results(part, group)


def areas(result: Result, lang: str = "id") -> tuple[str, list[Area]]:
    """The area group's label and its areas; the top-level subtrees when there is no group."""
    ruleset = result.ruleset
    group = area_group(ruleset)
    members: list[NodeResult | ViewResult]
    if group is not None and group in ruleset.views_by_name:
        title = label(ruleset.views_by_name[group].texts, group, lang)
        members = [result.views[v.name] for v in ruleset.views_by_name[group].children]
    else:
        parent = result.nodes[group] if group is not None else result.total
        title = label(parent.node.texts, parent.name, lang)
        members = list(parent.children)
    checks: dict[str, list[tuple[str, ConditionResult]]] = {}
    for predicate in result.predicates.values():
        for top in predicate.conditions:
            for every in _every_results(top, group or ""):
                for part in every.parts:
                    checks.setdefault(part.subject or "", []).append((predicate.name, part))
    return title, [Area(r, area_label(ruleset, r, lang), tuple(checks.get(r.name, ())))
                   for r in members]


# --- contributions and losses ---------------------------------------------------------


@attrs.frozen
class Loss:
    """A question (or item) and what it brings to the total: earned of at most `most`."""

    result: NodeResult
    earned: Fraction
    most: Fraction

    @property
    def lost(self) -> Fraction:
        return self.most - self.earned


def contributions(result: Result) -> dict[str, tuple[Fraction, Fraction]]:
    """Every node's (earned, most) in points of the total, through the sums and means above it.

    Under a sum a child brings its score (at most its maximum, re-weighted when a sibling
    does not apply); under a mean of weight W with n counted children it brings its
    contribution (at most W/n; 0 when not counted), under a weighted mean at most
    W x its weight / the weights counted.
    Nodes below an `expr` or `choice` node are not reached: their effect is not linear;
    nor are those below a node that does not apply (its score is fixed by its `na` policy).
    """
    root = result.total
    found = {root.name: (root.score, root.maximum)}
    scale = {root.name: Fraction(1)}
    for parent in root.walk():
        how = parent.node.aggregate
        if how not in ("sum", "mean", "weighted") or parent.name not in scale \
                or not parent.applicable:  # what does not apply has a fixed score
            continue
        factor = scale[parent.name]
        # a child that does not apply is left out under `na reweight` (re-weighting the rest)
        kept = [c for c in parent.children if c.applicable or c.node.na != "reweight"]
        names = {c.name for c in kept}
        counted = {c.name: c.node.weight or 1 if how == "weighted" else 1 for c in kept
                   if c.answered or c.node.missing == "zero"}
        weights = sum(counted.values(), Fraction(0))
        room = sum((c.maximum for c in kept), Fraction(0))
        stretch = parent.maximum / room if room else Fraction(0)
        for child in parent.children:
            if how == "sum":
                most = child.maximum * stretch if child.name in names else Fraction(0)
            else:
                most = parent.maximum * counted[child.name] / weights \
                    if child.name in counted else Fraction(0)
            earned = child.contribution if child.contribution is not None else child.score
            found[child.name] = (factor * earned, factor * most)
            scale[child.name] = factor * most / child.maximum if child.maximum else Fraction(0)
    return found


def questions(result: Result) -> list[NodeResult]:
    """The scored leaves (questions and items) reached through sums and means, in tree order."""
    reached = contributions(result)
    return [n for n in result.total.walk()
            if n.name in reached and n.node.aggregate in ("choice", "expr")]


def losses(result: Result) -> list[Loss]:
    """Every question that loses points, the costliest first (ties in tree order)."""
    reached = contributions(result)
    found = [Loss(n, *reached[n.name]) for n in questions(result)]
    return sorted((loss for loss in found if loss.lost > 0), key=lambda loss: -loss.lost)


def unanswered(result: Result) -> list[NodeResult]:
    """The questions and items with no answer that their mean leaves out (not counted as 0)."""
    reached = contributions(result)
    return [n for n in questions(result) if not n.answered and reached[n.name][1] == 0]


def answer_text(result: Result, node: m.Node, lang: str) -> str:
    """What the unit answered for a question or item, e.g. 'B (0.75); terbaik A' or 'q88 = 3'."""
    ruleset = result.ruleset
    spec = ruleset.inputs_by_name.get(node.name)
    if node.aggregate == "choice" and spec is not None and spec.scale is not None:
        value = result.values.get(node.name)
        if node.name in result.not_applicable:
            return phrase("not_applicable", lang)
        if value is None:
            return phrase("not_answered", lang)
        names = [o.name for o in spec.scale.valued if o.value == value]
        chosen = exact(value) if not names else names[0] \
            if names[0] == exact_text(value) else f"{names[0]} ({exact(value)})"
        return phrase("answer_best", lang, answer=chosen, best=spec.scale.best.name)
    parts = []
    for name in node.inputs:
        value = result.values.get(name)
        shown = phrase("not_applicable", lang) if name in result.not_applicable else "-"
        parts.append(f"{name} = {exact(value) if value is not None else shown}")
    return ", ".join(parts) or phrase("not_answered", lang)


def criteria_lines(texts: m.Texts, lang: str) -> list[str]:
    """A question's criteria in `lang` (English falls back to Indonesian), one line each."""
    text = (texts.criteria_en if lang == "en" else None) or texts.criteria or ""
    return [line.strip() for line in text.strip().splitlines() if line.strip()]


def soal_text(result: Result, node: m.Node) -> str:
    """' (soal 12)' or ' (soal 88, 89)': the PortalRB numbers behind a question or item."""
    inputs = result.ruleset.inputs_by_name
    numbers = [node.soal, *(inputs[n].soal for n in node.inputs if n in inputs)]
    shown = ", ".join(dict.fromkeys(str(n) for n in numbers if n is not None))
    return f" (soal {shown})" if shown else ""


# --- the text ------------------------------------------------------------------------


def explain(result: Result, lang: str = "id", *, top: int | None = 10,
            unit: str | None = None) -> str:
    """The whole explanation as text: totals, areas, predicates, the `top` costliest questions;
    its words and numbers in `lang`."""
    if top is not None and top < 0:
        raise ZonaError(_("top must be 0 or more, not {top}", top=top))
    with speaking(check_lang(lang)):
        return _explain(result, lang, top, unit)


def _explain(result: Result, lang: str, top: int | None, unit: str | None) -> str:
    ruleset = result.ruleset
    lines = [phrase("title", lang, ruleset=label(ruleset.texts, ruleset.id, lang))]
    if unit:
        lines.append(phrase("unit", lang, unit=unit))
    lines += ["", *total_lines(result, lang), "", *area_lines(result, lang), ""]
    lines.append(phrase("predicates", lang))
    for predicate in result.predicates.values():
        lines.append("  " + phrase("predicate", lang, name=predicate.name,
                                   label=label(predicate.predicate.texts, predicate.name, lang),
                                   verdict=verdict(predicate.passed, lang, predicate=True)))
        for condition in predicate.conditions:
            lines.extend(condition_lines(result, condition, lang, "    "))
    found = grade_lines(result, lang)
    lines += ["", *found] if found else []
    lines += ["", *loss_lines(result, lang, top)]
    return "\n".join(lines)


def total_lines(result: Result, lang: str) -> list[str]:
    total = result.total
    share = pct(total.share) + exact_note(total.score, lang, always=True)
    lines = [phrase("total", lang, score=num(total.score), maximum=num(total.maximum),
                    share=share)]
    for part in total.children:
        lines.append("  " + phrase("part", lang, label=label(part.node.texts, part.name, lang),
                                   score=num(part.score), maximum=num(part.maximum),
                                   share=share_text(part, lang)))
    return lines


def area_lines(result: Result, lang: str) -> list[str]:
    title, found = areas(result, lang)
    lines = [phrase("areas", lang, label=title)]
    for area in found:
        lines.append("  " + phrase("part", lang, label=area.label, score=num(area.result.score),
                                   maximum=num(area.result.maximum),
                                   share=share_text(area.result, lang)))
        for predicate, check in area.checks:
            lines.append("    " + phrase("area_check", lang, predicate=predicate,
                                         threshold=threshold_text(check),
                                         verdict=verdict(check.passed, lang),
                                         margin=margin_text(result, check, lang)))
    return lines


def loss_lines(result: Result, lang: str, top: int | None) -> list[str]:
    lines = [phrase("losses", lang)]
    found = losses(result)
    shown = found if top is None else found[:top]
    if not found:
        lines.append("  " + phrase("no_losses", lang))
    for rank, loss in enumerate(shown, 1):
        node = loss.result.node
        lines.append("  " + phrase("loss", lang, rank=rank, name=f"{node.name} "
                                   f"{label(node.texts, node.name, lang)}",
                                   soal=soal_text(result, node), lost=num(loss.lost),
                                   earned=num(loss.earned), most=num(loss.most)))
        lines.append("     " + phrase("answer", lang, answer=answer_text(result, node, lang)))
        criteria = criteria_lines(node.texts, lang)
        if criteria:
            lines.append("     " + phrase("criteria", lang))
            lines.extend("       " + line for line in criteria)
    rest = found[len(shown):]
    if rest:
        lines.append("  " + phrase("more_losses", lang, count=len(rest),
                                   lost=num(sum((r.lost for r in rest), Fraction(0)))))
    missing = unanswered(result)
    if missing:
        lines.append("  " + phrase("unanswered", lang,
                                   names=", ".join(n.name for n in missing)))
    if result.not_applicable:
        lines.append("  " + phrase("not_applicable_list", lang,
                                   names=", ".join(result.not_applicable)))
    return lines


__all__ = ["LANGS", "PHRASES", "Area", "Loss", "area_label", "areas", "check_lang",
           "compare_line", "condition_lines", "contributions", "exact_note", "explain", "label",
           "losses", "margin_text", "num", "pct", "phrase", "share_text", "signed",
           "threshold_text", "unanswered", "value_text", "verdict"]

"""Plain-text rendering of a Result: the table `zona score` prints, in the language in use
(zona.i18n: its words and its numbers)."""

from __future__ import annotations

from fractions import Fraction

from zona import model as m
from zona.i18n import N_, _, exact, number, percent
from zona.limits import printable
from zona.render.grade_text import grade_line
from zona.scoring.result import ConditionResult, NodeResult, Result


def result_table(result: Result, depth: int = 4, unit: str | None = None) -> str:
    """Scores down to `depth` levels below the total, then every predicate's conditions."""
    ruleset = result.ruleset
    title = printable(ruleset.title or ruleset.id)
    lines = [f"{ruleset.id}: {title}" + (f" -- {printable(unit)}" if unit else "")]
    rows = [(n, level) for n, level in _walk(result.total, 0) if level <= depth]
    width = max(len(_name(n, level)) for n, level in rows)
    width = min(max(width, 20), 72)
    heads = _("node"), _("score"), _("max"), _("share")
    lines.append(f"{heads[0]:<{width}}  {heads[1]:>8}  {heads[2]:>7}  {heads[3]:>7}")
    for node, level in rows:
        name = _name(node, level)
        if len(name) > width:
            name = name[: width - 1] + "…"
        share = percent(node.share) if node.answered else "-"
        if not node.applicable:  # answered "not applicable" (or all below it was)
            share = _("n/a")
        lines.append(f"{name:<{width}}  {number(node.score):>8}  "
                     f"{number(node.maximum):>7}  {share:>7}")
    lines.append(_("total (exact): {value}", value=_exact(result.total.score)))
    lines.extend(unanswered_lines(result))
    for predicate in result.predicates.values():
        lines.append("")
        label = predicate.predicate.texts.label
        lines.append(f"{predicate.name}{f' ({printable(label)})' if label else ''}: "
                     f"{_(_VERDICTS[predicate.passed])}")
        for condition in predicate.conditions:
            lines.extend(_condition(condition, "  "))
    if result.ruleset.grades:
        lines.append("")
        lines.extend(grade_line(grade) for grade in result.grades.values())
    return "\n".join(lines)


def unanswered_lines(result: Result, shown: int = 12) -> list[str]:
    """A warning naming the questions left unanswered (none when every one is answered)."""
    missing = result.unanswered
    if not missing:
        return []
    asked = len(result.ruleset.inputs_by_name) - len(result.not_applicable)
    names = ", ".join(missing[:shown]) + (_(", ... ({count} more)", count=len(missing) - shown)
                                          if len(missing) > shown else "")
    policies = {result.ruleset.inputs_by_name[name].missing for name in missing}
    how = _(_POLICIES.get(policies.pop(), "{how}"), how="") if len(policies) == 1 \
        else _("as each question's `missing` says")
    return [_("warning: {count} of {asked} questions unanswered ({how}): {names}",
              count=len(missing), asked=asked, how=how, names=names)]


_POLICIES = {"zero": N_("each scored as 0"), "exclude": N_("left out of their parents' scores")}


def _walk(node: NodeResult, level: int) -> list[tuple[NodeResult, int]]:
    found = [(node, level)]
    for child in node.children:
        found.extend(_walk(child, level + 1))
    return found


def _name(node: NodeResult, level: int) -> str:
    label = node.node.texts.label
    return "  " * level + node.name + (f"  {printable(label)}" if label and label != node.name
                                       else "")


def _exact(value: Fraction) -> str:
    text = exact(value)
    return text if "/" not in text else f"{text} = {number(value, 6)}..."


_VERDICTS = {True: N_("PASSED"), False: N_("FAILED"), None: N_("UNDECIDED")}
_MARKS = {True: N_("ok"), False: N_("FAIL"), None: N_("??")}


def _mark(passed: bool | None) -> str:
    return _(_MARKS[passed]).ljust(4)


def _condition(result: ConditionResult, indent: str) -> list[str]:
    condition = result.condition
    text = result.text
    if isinstance(result.actual, Fraction):
        text += f"  ({_figures(result, _is_share(condition))})"
    elif result.actual is not None:
        text += "  (" + _("value {value}", value=_fact_text(result.actual)) + ")"
    elif isinstance(condition, m.Compare) and condition.quantity == "fact":
        text += "  (" + _("fact not given") + ")"
    lines = [f"{indent}{_mark(result.passed)} {text}"]
    for part in result.parts:
        if isinstance(condition, m.Every):
            figures = _figures(part, condition.quantity == "share")
            lines.append(f"{indent}     {_mark(part.passed)} {part.subject}  ({figures})")
        else:
            lines.extend(_condition(part, indent + "     "))
    return lines


def _is_share(condition: m.Condition) -> bool:
    return isinstance(condition, m.Compare | m.Every) and condition.quantity == "share"


def _figures(result: ConditionResult, share: bool) -> str:
    actual = result.actual if isinstance(result.actual, Fraction) else Fraction(0)
    shown = percent(actual) if share else number(actual)
    if result.margin is None:
        return _("value {value}", value=shown)
    sign = "+" if result.margin >= 0 else "-"
    margin = sign + number(abs(result.margin) * (100 if share else 1))
    if share:
        margin = _("{margin} points", margin=margin)
    return _("value {value}, margin {margin}", value=shown, margin=margin)


def _fact_text(value: m.FactValue) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)

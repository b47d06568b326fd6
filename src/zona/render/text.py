"""Plain-text rendering of a Result: the table `zona score` prints."""

from __future__ import annotations

from fractions import Fraction

from zona import model as m
from zona.numtext import approx_text, exact_text
from zona.render.grade_text import grade_line
from zona.scoring.result import ConditionResult, NodeResult, Result


def result_table(result: Result, depth: int = 4, unit: str | None = None) -> str:
    """Scores down to `depth` levels below the total, then every predicate's conditions."""
    ruleset = result.ruleset
    title = ruleset.title or ruleset.id
    lines = [f"{ruleset.id}: {title}" + (f" -- {unit}" if unit else "")]
    rows = [(n, level) for n, level in _walk(result.total, 0) if level <= depth]
    width = max(len(_name(n, level)) for n, level in rows)
    width = min(max(width, 20), 72)
    lines.append(f"{'node':<{width}}  {'score':>8}  {'max':>7}  {'share':>7}")
    for node, level in rows:
        name = _name(node, level)
        if len(name) > width:
            name = name[: width - 1] + "…"
        share = f"{approx_text(node.share * 100, 1)}%" if node.answered else "-"
        if not node.applicable:  # answered "not applicable" (or all below it was)
            share = "n/a"
        lines.append(f"{name:<{width}}  {approx_text(node.score):>8}  "
                     f"{approx_text(node.maximum):>7}  {share:>7}")
    lines.append(f"total (exact): {_exact(result.total.score)}")
    lines.extend(unanswered_lines(result))
    for predicate in result.predicates.values():
        lines.append("")
        label = predicate.predicate.texts.label
        lines.append(f"{predicate.name}{f' ({label})' if label else ''}: "
                     f"{_verdict(predicate.passed).upper()}")
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
    names = ", ".join(missing[:shown]) + (f", ... ({len(missing) - shown} more)"
                                          if len(missing) > shown else "")
    policies = {result.ruleset.inputs_by_name[name].missing for name in missing}
    how = {"zero": "each scored as 0", "exclude": "left out of their parents' scores"}.get(
        policies.pop(), "") if len(policies) == 1 else "as each question's `missing` says"
    return [f"warning: {len(missing)} of {asked} questions unanswered ({how}): {names}"]


def _walk(node: NodeResult, level: int) -> list[tuple[NodeResult, int]]:
    found = [(node, level)]
    for child in node.children:
        found.extend(_walk(child, level + 1))
    return found


def _name(node: NodeResult, level: int) -> str:
    label = node.node.texts.label
    return "  " * level + node.name + (f"  {label}" if label and label != node.name else "")


def _exact(value: Fraction) -> str:
    text = exact_text(value)
    return text if "/" not in text else f"{text} = {approx_text(value, 6)}..."


def _verdict(passed: bool | None) -> str:
    return {True: "passed", False: "failed", None: "undecided"}[passed]


_MARKS = {True: "ok  ", False: "FAIL", None: "??  "}


def _condition(result: ConditionResult, indent: str) -> list[str]:
    condition = result.condition
    text = result.text
    if isinstance(result.actual, Fraction):
        text += f"  ({_figures(result, _is_share(condition))})"
    elif result.actual is not None:
        text += f"  (value {_fact_text(result.actual)})"
    elif isinstance(condition, m.Compare) and condition.quantity == "fact":
        text += "  (fact not given)"
    lines = [f"{indent}{_MARKS[result.passed]} {text}"]
    for part in result.parts:
        if isinstance(condition, m.Every):
            figures = _figures(part, condition.quantity == "share")
            lines.append(f"{indent}     {_MARKS[part.passed]} {part.subject}  ({figures})")
        else:
            lines.extend(_condition(part, indent + "     "))
    return lines


def _is_share(condition: m.Condition) -> bool:
    return isinstance(condition, m.Compare | m.Every) and condition.quantity == "share"


def _figures(result: ConditionResult, share: bool) -> str:
    actual = result.actual if isinstance(result.actual, Fraction) else Fraction(0)
    shown = f"{approx_text(actual * 100, 1)}%" if share else approx_text(actual)
    if result.margin is None:
        return f"value {shown}"
    sign = "+" if result.margin >= 0 else "-"
    margin = abs(result.margin) * (100 if share else 1)
    return f"value {shown}, margin {sign}{approx_text(margin, 2)}{' points' if share else ''}"


def _fact_text(value: m.FactValue) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)

"""Generic properties of any ruleset, checked with hypothesis over generated answer sheets
(`zona test --properties`; docs/testing.md):

* **bounds**: every node scores within 0..its maximum (scoring never stops on a value out
  of range), every view within 0..its maximum;
* **parts sum to the whole**: each sum, mean and weighted mean is what docs/language.md
  ("How scores are computed") says of its children (re-weighting, `missing` and `na`
  policies included), and its children's contributions add up to it;
* **monotone**: raising one answer (a better option, a larger number) moves every node the
  way zona.testing.monotone says the language guarantees, and never the other way; the
  answers for which nothing is guaranteed are listed with the reason, not checked;
* **reachable and avoidable**: every predicate, every threshold in a predicate and every
  grade level can both hold and fail for some answers (by zona.analysis.bounds over all
  answers unknown; a verdict it cannot decide is listed as not proven, never reported as
  a violation).

Runs are deterministic (`derandomize=True`); a violation comes with hypothesis's smallest
example.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any

import attrs

from zona.extras import require

require("hypothesis", "testing", "zona test --properties")

from hypothesis import HealthCheck, Phase, Verbosity, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from zona import model as m  # noqa: E402
from zona.errors import ZonaError, ZonaEvaluationError  # noqa: E402
from zona.i18n import _, exact, pgettext  # noqa: E402
from zona.scoring import Result  # noqa: E402
from zona.scoring.result import NodeResult  # noqa: E402
from zona.testing.monotone import FLAT, directions  # noqa: E402
from zona.testing.reach import reachability  # noqa: E402
from zona.testing.strategies import answer_sheets, facts  # noqa: E402

Sheet = tuple[dict[str, object], dict[str, object]]


@attrs.frozen
class Violation:
    """A property that failed, why, and the smallest answers (and facts) that show it."""

    prop: str
    message: str
    answers: Mapping[str, object] = attrs.field(factory=dict)
    facts: Mapping[str, object] = attrs.field(factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"property": self.prop, "message": self.message,
                "answers": {k: str(v) for k, v in self.answers.items()},
                "facts": {k: str(v) for k, v in self.facts.items()}}


@attrs.frozen
class PropertyReport:
    """The properties of one ruleset: those that held, the violations, and what was not
    checked (with the reason)."""

    ruleset: str
    checked: tuple[str, ...]
    violations: tuple[Violation, ...]
    skipped: tuple[str, ...]

    @property
    def held(self) -> bool:
        return not self.violations

    def text(self) -> str:
        """The report for a person, in the language in use."""
        count, held = len(self.checked), len(self.checked) - len(self.violations)
        lines = [_("{ruleset}: properties: {held} of {count} held, {skipped} not checked",
                   ruleset=self.ruleset, held=held, count=count, skipped=len(self.skipped))
                 if self.skipped else
                 _("{ruleset}: properties: {held} of {count} held", ruleset=self.ruleset,
                   held=held, count=count)]
        names = _properties()
        for violation in self.violations:
            message = violation.message.replace("\n", "\n    ")
            lines.append("  " + _("VIOLATED {property}: {message}", message=message,
                                  property=names.get(violation.prop, violation.prop)))
            if violation.facts:
                lines.append("    " + _("answers {answers}, facts {facts}",
                                        answers=dict(violation.answers),
                                        facts=dict(violation.facts)))
            elif violation.answers:
                lines.append("    " + _("answers {answers}", answers=dict(violation.answers)))
        lines += ["  " + _("not checked: {reason}", reason=reason) for reason in self.skipped]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {"ruleset": self.ruleset, "held": self.held, "checked": list(self.checked),
                "violations": [v.to_dict() for v in self.violations],
                "skipped": list(self.skipped)}


def _properties() -> dict[str, str]:
    """The properties' names (the JSON's) as a person reads them in the language in use."""
    return {"bounds": pgettext("property", "bounds"),
            "parts sum to the whole": pgettext("property", "parts sum to the whole"),
            "monotone": pgettext("property", "monotone"),
            "reachable and avoidable": pgettext("property", "reachable and avoidable")}


class _Found(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def check_properties(ruleset: m.Ruleset, examples: int = 50) -> PropertyReport:
    """Check every generic property of `ruleset` with `examples` answer sheets each."""
    violations: list[Violation] = []
    skipped: list[str] = []
    sheets = st.tuples(answer_sheets(ruleset), facts(ruleset))
    runs: list[tuple[str, Callable[[Any], None], st.SearchStrategy[Any]]] = [
        ("bounds", lambda drawn: _bounds(ruleset, drawn), sheets),
        ("parts sum to the whole", lambda drawn: _sums(ruleset, drawn), sheets),
    ]
    raising, reasons = _monotone_inputs(ruleset)
    skipped += reasons
    if raising:
        runs.append(("monotone", lambda s: _monotone(ruleset, s),
                     st.tuples(st.sampled_from(raising), sheets, st.integers(0, 400),
                               st.integers(1, 400))))
    for name, check, strategy in runs:
        found = _run(check, strategy, examples)
        if found is not None:
            violations.append(Violation(name, *found))
    unreachable, unproven = reachability(ruleset)
    violations += [Violation("reachable and avoidable", text) for text in unreachable]
    skipped += unproven
    checked = (*(name for name, _, _ in runs), "reachable and avoidable")
    return PropertyReport(ruleset.id, checked, tuple(violations), tuple(skipped))


def _run(check: Callable[[Any], None], strategy: st.SearchStrategy[Any], examples: int,
         ) -> tuple[str, dict[str, object], dict[str, object]] | None:
    """Run one property; the message and smallest example of a violation, or None."""
    last: list[Any] = []

    @settings(max_examples=examples, derandomize=True, database=None, deadline=None,
              verbosity=Verbosity.quiet, phases=(Phase.generate, Phase.shrink),
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def run(drawn: Any) -> None:
        last[:] = [drawn]
        check(drawn)

    try:
        run()
    except _Found as found:
        drawn = last[0]
        sheet = drawn[1] if isinstance(drawn[0], str) else drawn
        return found.message, sheet[0], sheet[1]
    return None


def _score(ruleset: m.Ruleset, sheet: Sheet, stops: bool = False) -> Result | None:
    """The result, None when the answers are refused; with `stops`, a score out of range
    is a _Found (the bounds property), else None."""
    try:
        return ruleset.score(*sheet)
    except ZonaEvaluationError as error:
        if stops:
            raise _Found(_("scoring stopped: {error}", error=error)) from None
        return None
    except ZonaError:
        return None


def _bounds(ruleset: m.Ruleset, sheet: Sheet) -> None:
    result = _score(ruleset, sheet, stops=True)
    if result is None:
        return
    for node in result.total.walk():
        if not 0 <= node.score <= node.maximum:
            raise _Found(_("'{node}' scores {score}, outside 0..{maximum}", node=node.name,
                           score=exact(node.score), maximum=exact(node.maximum)))
    for view in result.views.values():
        if not 0 <= view.score <= view.maximum:
            raise _Found(_("view '{view}' scores {score}, outside 0..{maximum}",
                           view=view.name, score=exact(view.score),
                           maximum=exact(view.maximum)))


def _sums(ruleset: m.Ruleset, sheet: Sheet) -> None:
    result = _score(ruleset, sheet)
    if result is None:
        return
    for node in result.total.walk():
        expected = recomputed(node)
        if expected is not None and expected != node.score:
            raise _Found(_("'{node}' ({aggregate}) scores {score}, but its children give "
                           "{expected}", node=node.name, aggregate=node.node.aggregate,
                           score=exact(node.score), expected=exact(expected)))
        if expected is not None and node.children:
            parts = sum((c.contribution or Fraction(0) for c in node.children), Fraction(0))
            if parts != node.score:
                raise _Found(_("the contributions of the children of '{node}' add up to "
                               "{parts}, not its score {score}", node=node.name,
                               parts=exact(parts), score=exact(node.score)))


def recomputed(node: NodeResult) -> Fraction | None:
    """A sum's, mean's or weighted mean's score from its children, as docs/language.md
    defines it; None for other nodes and nodes that do not apply."""
    aggregate = node.node.aggregate
    if aggregate not in ("sum", "mean", "weighted") or not node.children or not node.applicable:
        return None
    if aggregate == "sum":
        kept = [c for c in node.children if c.applicable or c.node.na != "reweight"]
        raw = sum((c.score for c in kept), Fraction(0))
        most = sum((c.maximum for c in kept), Fraction(0))
        return raw if most == node.maximum else node.maximum * raw / most
    counted: list[tuple[NodeResult, Fraction]] = []
    for child in node.children:
        if not child.applicable:
            if child.node.na != "reweight":
                counted.append((child, Fraction(1 if child.node.na == "full" else 0)))
        elif child.answered:
            counted.append((child, child.share))
        elif child.node.missing == "zero":
            counted.append((child, Fraction(0)))
    if not counted:
        return Fraction(0)
    if aggregate == "mean":
        return node.maximum * sum((s for _, s in counted), Fraction(0)) / len(counted)
    weights = [(c.node.weight or Fraction(0), s) for c, s in counted]
    return node.maximum * sum((w * s for w, s in weights), Fraction(0)) / sum(
        (w for w, _ in weights), Fraction(0))


def _monotone_inputs(ruleset: m.Ruleset) -> tuple[list[str], list[str]]:
    """The inputs whose raising has a guaranteed effect on the total, and the others with
    the reason."""
    raising: list[str] = []
    reasons: list[str] = []
    for spec in ruleset.inputs:
        if spec.kind == "choice" and spec.scale is not None and len(
                {o.value for o in spec.scale.valued}) < 2:
            continue
        total = directions(ruleset, spec.name)["total"]
        if isinstance(total, str):
            reasons.append(_("monotone in '{name}': {reason}", name=spec.name, reason=total))
        else:
            raising.append(spec.name)
    return raising, reasons


def _monotone(ruleset: m.Ruleset, drawn: tuple[str, Sheet, int, int]) -> None:
    name, (answers, known), start, step = drawn
    low, high = _two_answers(ruleset.inputs_by_name[name], start, step)
    if low is None or high is None:
        return
    before = _score(ruleset, ({**answers, name: low}, known))
    after = _score(ruleset, ({**answers, name: high}, known))
    if before is None or after is None:
        return
    for node, way in directions(ruleset, name).items():
        if isinstance(way, str):
            continue
        change = after.nodes[node].score - before.nodes[node].score
        if (way == FLAT and change != 0) or change * way < 0:
            said = {"name": name, "low": _answer(low), "high": _answer(high), "node": node,
                    "change": exact(change)}
            if way == FLAT:
                raise _Found(_("raising '{name}' from {low} to {high} moves '{node}' by "
                               "{change}, but the language guarantees it not to change", **said))
            if way > 0:
                raise _Found(_("raising '{name}' from {low} to {high} moves '{node}' by "
                               "{change}, but the language guarantees it never to fall", **said))
            raise _Found(_("raising '{name}' from {low} to {high} moves '{node}' by {change}, "
                           "but the language guarantees it never to rise", **said))


def _answer(raw: object) -> str:
    """An answer in a message: a number as the language writes it, an option as named."""
    return exact(raw) if isinstance(raw, Fraction) else str(raw)


def _two_answers(spec: m.Input, start: int, step: int) -> tuple[object, object]:
    """A lower and a higher answer for an input."""
    if spec.kind == "count":
        return start, start + step
    if spec.kind == "decimal":
        assert spec.low is not None and spec.high is not None
        span = spec.high - spec.low
        low = spec.low + span * Fraction(min(start, 399), 400)
        return low, min(spec.high, low + span * Fraction(step, 400))
    assert spec.scale is not None
    options = sorted(spec.scale.valued, key=lambda o: o.value)
    lower = options[start % len(options)]
    higher = [o for o in options if o.value > lower.value]
    if not higher:
        return None, None
    return lower.name, higher[step % len(higher)].name

"""Gap analysis: the fewest answer changes that make a predicate pass, or bring a grade to a
level (`predikat>=BB`), within a time limit.

    >>> plan = zona.analysis.gap.gap(result, "WBK")
    >>> plan.feasible, plan.proven_minimal, [(c.id, c.old, c.new) for c in plan.changes]

The exact search (zona.analysis.gap.exact) minimises the number of changed answers, or of
grade steps, and proves it. Where it cannot optimise the target ('not', '<=' ... on
scores), or does not finish within its share of the time limit, a greedy search
(zona.analysis.gap.greedy) makes a plan in the rest of the time, not proven minimal.
Every plan is verified: `plan.after` is the unit re-scored by the normal path,
`ruleset.score`, and it must meet the target's score conditions; no change may go where
its input's `change` forbids (`change up`: never lower; zona.analysis.gap.held). An answer
"not applicable" is never changed, and no plan answers "not applicable".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from fractions import Fraction
from typing import Any, Literal

import attrs

from zona import model as m
from zona.analysis.gap.answers import answers_of, apply, input_order, shown, unit_answers
from zona.analysis.gap.clock import EXACT_SHARE, LIMIT, Clock, OutOfTime, Progress
from zona.analysis.gap.conditions import Blocking, Requirement, fact_blockings, requirements
from zona.analysis.gap.exact import Exact, exact
from zona.analysis.gap.goal import Goal
from zona.analysis.gap.greedy import Greedy
from zona.analysis.gap.held import check_allowed, held_by_ruleset, limits
from zona.analysis.gap.leaves import GRID, Unsupported, steps_between
from zona.analysis.gap.targets import Target, parse_target
from zona.errors import ZonaError, did_you_mean
from zona.i18n import N_, Message, _
from zona.numtext import exact_text
from zona.scoring.result import Result

Minimise = Literal["answers", "steps"]
Method = Literal["exact", "heuristic"]
#: the note of a plan whose exact search ran out of its share of the time limit
TIMED_OUT = N_("the exact search did not finish within {used} s of the time limit of {limit} s")


@attrs.frozen
class Change:
    """One answer to change: input `id` (PortalRB `soal`) from `old` to `new`.

    `old`/`new` are the answers as written (an option name, a number); `old` is None when
    the input was unanswered. `points` is what this change alone adds to the total, and
    `steps` how many options up (or down) the scale it moves (1 for a count or decimal).
    """

    id: str
    soal: int | None
    old: str | None
    new: str
    old_value: Fraction | None
    new_value: Fraction
    points: Fraction
    steps: int

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "soal": self.soal, "from": self.old, "to": self.new,
                "steps": self.steps, **_number("points", self.points)}


@attrs.frozen
class GapPlan:
    """The smallest set of answer changes that makes predicate `target` pass, or brings
    grade `grade` to at least `level` (then `target` is written `grade>=level`).

    `feasible` is True when the target holds after the changes; otherwise `blocking`
    names the conditions in the way. When only facts block, `changes` still holds what the
    score conditions need. `proven_minimal` is True when the exact search finished: no plan
    costs less (or, without a plan, none exists). A heuristic plan (`method`) is verified
    but may not be the least; `note` says why the exact search did not decide (in English,
    as the JSON has it; `said_note(lang)` in a language). `frozen` are
    the inputs held (by `freeze` or by the ruleset: zona.analysis.gap.held), `limits` each
    input the ruleset lets move one way only or not at all.
    """

    target: str
    minimise: Minimise
    feasible: bool
    changes: tuple[Change, ...]
    after: Result
    blocking: tuple[Blocking, ...] = ()
    frozen: tuple[str, ...] = ()
    surveys: bool = False
    proven_minimal: bool = True
    method: Method = "exact"
    note: str | None = None
    time_limit: float | None = None
    time_limit_reached: bool = False
    elapsed: float = attrs.field(default=0.0, eq=False)  # seconds the analysis took
    grade: str | None = None
    level: str | None = None
    #: each input a plan may not move freely, with its `change` ("up", "down", "fixed")
    limits: tuple[tuple[str, str], ...] = ()
    note_message: Message | None = attrs.field(default=None, eq=False)  # `note`, to translate

    def said_note(self, lang: str | None = None) -> str | None:
        """`note` in `lang` (default: the language in use)."""
        return self.note_message.said(lang) if self.note_message is not None else self.note

    @property
    def exact_timed_out(self) -> bool:
        """Whether the exact search stopped at its share of the time limit (`note` says so)."""
        return self.note_message is not None and self.note_message.msgid == TIMED_OUT

    @property
    def goal(self) -> Target:
        """The target as zona.analysis.gap.targets reads it."""
        return Target(self.target, None if self.grade else self.target, self.grade, self.level)

    def passed(self) -> bool | None:
        """Whether the target holds after the changes (three-valued, as scoring has it)."""
        return self.goal.reached(self.after)

    @property
    def cost(self) -> int:
        """The minimised quantity: the number of changes, or of grade steps."""
        return sum(c.steps for c in self.changes) if self.minimise == "steps" \
            else len(self.changes)

    @property
    def out_of_time(self) -> bool:
        """True when the time limit ran out before any plan was found (nothing decided)."""
        return (not self.changes and not self.feasible and not self.proven_minimal
                and all(b.kind == "fact" for b in self.blocking))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready document; `after` is Result.to_dict() of the changed answers."""
        return {
            "target": self.target,
            "minimise": self.minimise,
            "feasible": self.feasible,
            "cost": self.cost,
            "proven_minimal": self.proven_minimal,
            "method": self.method,
            "note": self.note,
            "time_limit": self.time_limit,
            "time_limit_reached": self.time_limit_reached,
            "changes": [c.to_dict() for c in self.changes],
            "blocking": [b.to_dict() for b in self.blocking],
            "frozen": list(self.frozen),
            "surveys": self.surveys,
            "survey_step": exact_text(GRID) if self.surveys else None,
            "measured": [i.name for i in self.after.ruleset.inputs if i.measured],
            "limits": dict(self.limits),
            "words": self.after.ruleset.words.to_dict(),
            **({"grade": {"name": self.grade, "level": self.level,
                          "after": self.after.grades[self.grade].level}}
               if self.grade is not None else {}),
            "after": self.after.to_dict(),
        }


# --- the analysis ---------------------------------------------------------------


def gap(result: Result, target: str | Target, *, minimise: Minimise = "answers",
        freeze: Iterable[str] = (), surveys: bool = False, time_limit: float | None = LIMIT,
        progress: Callable[[Progress], None] | None = None) -> GapPlan:
    """The fewest answer changes (or grade steps) that make predicate `target` pass, or
    bring a grade to a level (`"predikat>=BB"`: that level or one above it).

    `freeze` lists inputs that may not change. The ruleset's `change` and `measured`
    hold the rest: measured inputs (survey indices; every decimal input unless it says
    `measured no`) are held unless `surveys` is True, and decimals are then searched in
    steps of 0.01; no input moves where its `change` forbids.
    Facts and answers "not applicable" never change. `time_limit` is in seconds (None: no
    limit); `progress` is called with a Progress now and then during a long analysis.
    Raises ZonaError for an unknown target or input; a target the exact search cannot
    optimise gets a heuristic plan.
    """
    ruleset = result.ruleset
    target = parse_target(ruleset, target)
    if minimise not in ("answers", "steps"):
        raise ZonaError(_("minimise must be 'answers' or 'steps', not {value}",
                          value=repr(minimise)))
    clock = Clock(time_limit, progress)
    job = _Job(result, target, minimise, _frozen(result, freeze, surveys), surveys, clock)
    clock.until(EXACT_SHARE)
    try:
        found = exact(result, target, job.answers, job.free, minimise == "steps", clock,
                      job.held)
        return _exact_plan(job, found)
    except Unsupported as error:
        note: Message | None = error.message
    except OutOfTime:
        note = Message(TIMED_OUT, (("used", _seconds(EXACT_SHARE * time_limit)),
                                   ("limit", _seconds(time_limit)))) if time_limit else None
    clock.until(1.0)
    return _heuristic_plan(job, note)


@attrs.define
class _Job:
    """One gap analysis: what it was asked, and the unit's answers."""

    result: Result
    target: Target
    minimise: Minimise
    held: set[str]
    surveys: bool
    clock: Clock
    answers: dict[str, object] = attrs.field(init=False)
    free: list[str] = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        ruleset = self.result.ruleset
        self.answers = unit_answers(self.result)
        fixed = set(self.result.not_applicable)  # answered "not applicable": never changed
        self.free = [i.name for i in ruleset.inputs
                     if i.name not in self.held and i.name not in fixed]

    def score(self, plan: Mapping[str, Fraction]) -> Result:
        ruleset = self.result.ruleset
        return ruleset.score(apply(ruleset, self.answers, plan), self.result.facts)

    def plan(self, after: Result, changes: Mapping[str, Fraction],
             blocking: Iterable[Blocking], **how: Any) -> GapPlan:
        ruleset = self.result.ruleset
        order = input_order(ruleset)
        made = tuple(_change(ruleset, self.result, self.answers, name, changes[name])
                     for name in sorted(changes, key=order))
        check_allowed(made, ruleset, self.held)
        target = self.target
        return GapPlan(target.text, self.minimise, target.reached(after) is True, made, after,
                       tuple(blocking), tuple(sorted(self.held, key=order)), self.surveys,
                       time_limit=self.clock.limit, time_limit_reached=self.clock.reached,
                       elapsed=self.clock.elapsed, grade=target.grade, level=target.level,
                       limits=limits(ruleset), **how)


def _exact_plan(job: _Job, found: Exact) -> GapPlan:
    if found.plan is None:
        return job.plan(job.score({}), {}, found.blocking + found.facts)
    after = job.score(found.plan)
    if not all(r.met(after) for r in found.needed):
        if any(r.band is not None for r in found.needed):  # a grade's value left unanswered
            raise Unsupported(N_("gap analysis could not verify its exact plan for {target}"),
                              target=str(job.target))
        _verify(job.target.text, False)
    return job.plan(after, found.plan, found.facts)


def _heuristic_plan(job: _Job, note: Message | None) -> GapPlan:
    """A verified plan from the greedy search, or why there is none."""
    clock, result = job.clock, job.result
    clock.enter("heuristic", 0)
    goal = Goal(result, job.target)
    facts = fact_blockings(result, job.target)
    greedy = Greedy(goal, result, job.free, job.minimise == "steps", clock)
    how: dict[str, Any] = {"method": "heuristic", "note": note.said("en") if note else "",
                           "note_message": note, "proven_minimal": False}
    try:
        plan, met = greedy.search()
    except OutOfTime:
        clock.enter("finishing")
        return job.plan(job.score({}), {}, facts, **how)
    clock.enter("finishing", len(plan))
    if met:
        plan = greedy.tidy(plan)
        after = job.score(plan)
        _verify(job.target.text, goal.met(after))
        return job.plan(after, plan, facts, **{**how, "proven_minimal": not plan})
    impossible = not facts and _impossible(result, job.target, job.free)
    reason = (N_("cannot be met by changing the allowed answers (proven by interval bounds "
                 "over every allowed answer)") if impossible else
              N_("no change the heuristic search tried brings it closer; a plan may still "
                 "exist"))
    blocking = [Blocking(text, reason, kind="score" if impossible else "unmet")
                for text in goal.failing(job.score(plan))]
    return job.plan(job.score({}), {}, blocking + facts, **{**how, "proven_minimal": impossible})


def _impossible(result: Result, target: Target, free: list[str]) -> bool:
    """Whether interval bounds prove that no answers of the `free` inputs pass `target`.

    Only for a predicate, and a unit that answered every input: bounds lets an unknown
    input take any value, never leave it blank, while a plan may leave a blank input blank.
    """
    from zona.analysis.bounds import bounds

    ruleset = result.ruleset
    fixed = set(result.not_applicable)
    if target.predicate is None or any(result.values.get(i.name) is None
                                       for i in ruleset.inputs if i.name not in fixed):
        return False
    known = answers_of(ruleset, {i.name: result.values.get(i.name) for i in ruleset.inputs
                                 if i.name not in free}, result.not_applicable)
    try:
        return bounds(ruleset, known, result.facts).predicates.get(target.predicate) == \
            "failed"
    except ZonaError:
        return False


def _verify(target: str, met: bool) -> None:
    if not met:
        raise ZonaError(_("gap analysis found changes that do not meet the conditions of "
                          "{target} when scored; this is a bug in zona, please report it",
                          target=target))


def _seconds(value: float) -> Fraction:
    """Seconds to 3 significant digits, as a number a message writes in its language."""
    return Fraction(f"{value:.3g}")


def _frozen(result: Result, freeze: Iterable[str], surveys: bool) -> set[str]:
    """The inputs no plan may change: those the user froze, and those the ruleset holds
    (zona.analysis.gap.held: `change fixed`, measured ones unless `surveys`, `up`/`down`
    ones left blank)."""
    ruleset = result.ruleset
    names = [freeze] if isinstance(freeze, str) else list(freeze)
    unknown = [n for n in names if n not in ruleset.inputs_by_name]
    if unknown:
        hints = [did_you_mean(n, ruleset.inputs_by_name) for n in unknown]
        said = [_("'{name}': no question or input has this id", name=n) + (f". {h}" if h else "")
                for n, h in zip(unknown, hints, strict=True)]
        raise ZonaError(_("cannot freeze {names}", names="; ".join(said)))
    return set(names) | held_by_ruleset(result, surveys)


def _change(ruleset: m.Ruleset, result: Result,
            answers: Mapping[str, object], name: str, value: Fraction) -> Change:
    spec = ruleset.inputs_by_name[name]
    old = result.values.get(name)
    alone = ruleset.score(apply(ruleset, answers, {name: value}), result.facts)
    steps = steps_between(spec, old, value)
    return Change(name, spec.soal, shown(spec, old), shown(spec, value) or "", old, value,
                  alone.total.score - result.total.score, steps)


def _number(key: str, value: Fraction) -> dict[str, Any]:
    plain: int | float = value.numerator if value.denominator == 1 else float(value)
    return {key: plain, f"{key}_exact": exact_text(value)}


__all__ = ["Blocking", "Change", "GapPlan", "Progress", "Requirement", "gap", "requirements"]

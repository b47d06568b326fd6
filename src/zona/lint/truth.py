"""Conditions decided in advance, over every answer sheet (and every value of the facts):
which hold always or never, which predicates no unit passes and which grade levels no
unit gets. Sound: a claim is made only when the intervals of zona.lint.reach prove it."""

from __future__ import annotations

from fractions import Fraction

from zona import model as m
from zona.analysis.intervals import Span, Truth, compare
from zona.i18n import _
from zona.lint.reach import Reach
from zona.numtext import exact_text


def both(a: Truth, b: Truth) -> Truth:
    """Kleene `and`."""
    return False if False in (a, b) else (None if None in (a, b) else True)


def either(a: Truth, b: Truth) -> Truth:
    """Kleene `or`."""
    return True if True in (a, b) else (None if None in (a, b) else False)


class Decide:
    """The truth of each condition, predicate and grade level of a ruleset."""

    def __init__(self, reach: Reach) -> None:
        self.reach = reach
        self.ruleset = reach.ruleset
        self._predicates: dict[str, Truth] = {}
        self._grades: dict[str, list[str | None]] = {}

    # --- predicates and conditions ---------------------------------------------------

    def predicate(self, name: str) -> Truth:
        """Whether a predicate holds always (True), never (False) or either (None)."""
        if name not in self._predicates:
            self._predicates[name] = None  # no cycles: the compiler forbids them
            found: Truth = True
            for condition in self.ruleset.predicates_by_name[name].conditions:
                found = both(found, self.condition(condition))
            self._predicates[name] = found
        return self._predicates[name]

    def condition(self, condition: m.Condition) -> Truth:
        if isinstance(condition, m.AllOf):
            found: Truth = True
            for part in condition.parts:
                found = both(found, self.condition(part))
            return found
        if isinstance(condition, m.AnyOf):
            found = False
            for part in condition.parts:
                found = either(found, self.condition(part))
            return found
        if isinstance(condition, m.NoneOf):
            inner = self.condition(condition.part)
            return None if inner is None else not inner
        if isinstance(condition, m.PredicateRef):
            return self.predicate(condition.name)
        if isinstance(condition, m.Every):
            share = condition.quantity == "share"
            each = [compare(condition.op, self.reach.score(part, share),
                            Span.point(condition.threshold)) for part in condition.members]
            if each and all(t is True for t in each):
                return True
            # a member that does not apply is skipped, so "never" needs every one to apply
            if False in each and "na" not in self.ruleset.features:
                return False
            return None
        return self._compare(condition)

    def _compare(self, condition: m.Compare) -> Truth:
        if condition.quantity in ("score", "share"):
            assert isinstance(condition.threshold, Fraction)
            return compare(condition.op, self.reach.score(
                condition.subject, condition.quantity == "share"),
                Span.point(condition.threshold))
        if condition.quantity == "grade":
            grade = self.ruleset.grades_by_name[condition.subject]
            target = _position(grade, condition.threshold)
            each = {compare(condition.op, Span.point(Fraction(i)), Span.point(Fraction(target)))
                    for i in self.possible(grade.name)}
            return each.pop() if len(each) == 1 else None
        fact = self.ruleset.facts_by_name[condition.subject]
        if fact.kind == "yesno":
            return None
        threshold = condition.threshold
        if fact.kind == "levels":
            threshold = Fraction(fact.levels.index(str(threshold)))
        assert isinstance(threshold, Fraction)
        return compare(condition.op, self.reach.fact(fact), Span.point(threshold))

    def why(self, condition: m.Condition) -> str:
        """What the verdict of a condition rests on ('' when nothing short says it)."""
        if isinstance(condition, m.NoneOf):
            return self.why(condition.part)
        if isinstance(condition, m.AllOf | m.AnyOf):
            decisive = isinstance(condition, m.AnyOf)  # an `or` is decided by a true part
            for part in condition.parts:
                if self.condition(part) is decisive:
                    reason = self.why(part)
                    return holds_text(part.text, decisive, reason, " ")
            return ""
        if isinstance(condition, m.PredicateRef):
            return _("predicate '{name}' can never hold", name=condition.name) \
                if self.predicate(condition.name) is False else ""
        if isinstance(condition, m.Every):
            share = condition.quantity == "share"
            return "; ".join(_range(p, self.reach.score(p, share), share)
                             for p in condition.members[:3]) + (
                "; ..." if len(condition.members) > 3 else "")
        if not isinstance(condition, m.Compare):
            return ""
        if condition.quantity in ("score", "share"):
            share = condition.quantity == "share"
            return _range(condition.subject, self.reach.score(condition.subject, share), share)
        if condition.quantity == "grade":
            grade = self.ruleset.grades_by_name[condition.subject]
            can = ", ".join(grade.levels[i].name for i in self.possible(grade.name))
            return _("grade '{grade}' can only be {can}", grade=grade.name, can=can)
        fact = self.ruleset.facts_by_name[condition.subject]
        if fact.kind == "levels":
            return _("fact '{fact}' is one of {levels}, lowest first", fact=fact.name,
                     levels=", ".join(fact.levels))
        return _("fact '{fact}' lies in {ends}", fact=fact.name, ends=_ends(self.reach.fact(fact)))

    # --- grades ------------------------------------------------------------------------

    def levels(self, name: str) -> list[str | None]:
        """For each level of a grade, lowest first: why no unit gets it, or None."""
        if name not in self._grades:
            self._grades[name] = [None] * len(self.ruleset.grades_by_name[name].levels)
            self._grades[name] = self._levels(self.ruleset.grades_by_name[name])
        return self._grades[name]

    def possible(self, name: str) -> list[int]:
        """The positions of the levels a unit can get."""
        return [i for i, why in enumerate(self.levels(name)) if why is None]

    def value(self, grade: m.Grade) -> Span | None:
        return None if grade.value is None else self.reach.expression(grade.value)

    def holds(self, grade: m.Grade, index: int) -> tuple[Truth, str]:
        """Whether a level holds (reaches its band and meets its `when`), and why not."""
        if index == 0:
            return True, ""
        level, value = grade.levels[index], self.value(grade)
        found: Truth = True
        why = ""
        if level.band is not None and level.band.low is not None and value is not None:
            band, low = level.band, level.band.low
            if value.low is not None and (value.low > low or (
                    value.low == low and not band.low_open)):
                found = True
            elif value.high is not None and (value.high < low or (
                    value.high == low and band.low_open)):
                found = False
                why = _("its band {band} starts above every value the grade reads ({ends})",
                        band=band.text, ends=_ends(value))
            else:
                found = None
        if level.when is not None:
            when = self.condition(level.when)
            if when is False and found is not False:
                reason = self.why(level.when)
                why = _("its condition `{condition}` never holds: {reason}",
                        condition=level.when.text, reason=reason) if reason else \
                    _("its condition `{condition}` never holds", condition=level.when.text)
            found = both(found, when)
        return found, why

    def _levels(self, grade: m.Grade) -> list[str | None]:
        found: list[str | None] = []
        held = [self.holds(grade, i) for i in range(len(grade.levels))]
        for index, (truth, why) in enumerate(held):
            above = [j for j in range(index + 1, len(grade.levels)) if held[j][0] is True]
            if truth is False:
                found.append(why)
            elif above:
                top = grade.levels[above[-1]]
                found.append(_("level '{level}' above it always holds", level=top.name))
            else:
                found.append(None)
        return found


def holds_text(condition: str, verdict: bool, why: str, joint: str) -> str:
    r"""`\`x > 1\` always holds`, with its reason after `joint` (`: ` or ` (`...`)`)."""
    if not why:
        return _("`{condition}` always holds", condition=condition) if verdict else \
            _("`{condition}` never holds", condition=condition)
    if joint == ": ":
        return _("`{condition}` always holds: {why}", condition=condition, why=why) \
            if verdict else _("`{condition}` never holds: {why}", condition=condition, why=why)
    return _("`{condition}` always holds ({why})", condition=condition, why=why) if verdict \
        else _("`{condition}` never holds ({why})", condition=condition, why=why)


def _position(grade: m.Grade, threshold: object) -> int:
    if isinstance(threshold, str) and threshold in grade.levels_by_name:
        return grade.position(threshold)
    for index, level in enumerate(grade.levels):
        if level.number is not None and level.number == threshold:
            return index
    return grade.position(str(threshold))


def _ends(value: Span) -> str:
    low = "" if value.low is None else exact_text(value.low)
    high = "" if value.high is None else exact_text(value.high)
    return f"{low}..{high}"


def _range(name: str, value: Span, share: bool) -> str:
    if share:
        assert value.high is not None
        return _("the share of '{name}' lies in 0%..{high}%", name=name,
                 high=exact_text(value.high * 100))
    assert value.high is not None
    return _("'{name}' scores 0..{high}", name=name, high=exact_text(value.high))


__all__ = ["Decide", "both", "either"]

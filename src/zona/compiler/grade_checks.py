"""The checks on a grade's levels: their shape (how many, named or numbered, lowest first,
bands with `by` and rules without) and how their bands cover the range of the value
(gaps, overlaps, order, ends, unreachable levels); and `grade ID OP LEVEL` in conditions.

Each message is located at the level, the band end or the grade it is about.
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from itertools import pairwise

from zona import model as m
from zona.compiler.checks import unknown
from zona.compiler.symbols import Table
from zona.errors import Diagnostic, did_you_mean
from zona.i18n import _
from zona.language import syntax as s
from zona.language import unparse
from zona.model.intervals import Span as Range
from zona.numtext import exact_text
from zona.source import Span

_CODE = "grade"


def bare(name: str) -> str:
    """A name in the compiler's graph of dependencies without its kind (`predicate P`,
    `grade G`)."""
    return name.removeprefix("predicate ").removeprefix("grade ")


def named(level: s.LevelDecl) -> str:
    """A level as messages name it: `'B'`, or `2` for a numbered level."""
    return level.name if level.numbered else f"'{level.name}'"


def band_text(low: Fraction | None, low_open: bool, high: Fraction | None,
              high_open: bool) -> str:
    """A band as written: `> 60 .. 70`, `.. < 1.8`, `> 90 ..`."""
    return m.Band(low, low_open, high, high_open).text


def _text(band: s.Band) -> str:
    return band_text(band.low, band.low_open, band.high, band.high_open)


def _error(message: str, span: Span | None) -> Diagnostic:
    return Diagnostic(message, span, code=_CODE)


def check_shape(decl: s.GradeDecl, value: str | None) -> Iterator[Diagnostic]:
    """The levels' shape; `value` names the grade's value (None for a grade by rules)."""
    levels = decl.levels
    grade = f"grade '{decl.name}'"
    if len(levels) < 2:
        yield _error(_("{grade} needs at least two levels", grade=grade), decl.span)
    seen: set[str] = set()
    for level in levels:
        if level.name in seen:
            yield Diagnostic(_("{grade} lists level {level} twice", grade=grade,
                               level=named(level)), level.span,
                             code="duplicate")
        seen.add(level.name)
    if levels and any(v.numbered != levels[0].numbered for v in levels):
        odd = next(v for v in levels if v.numbered != levels[0].numbered)
        yield _error(_("{grade} mixes numbered and named levels; use one kind", grade=grade),
                     odd.span)
    elif levels and levels[0].numbered:
        for before, level in pairwise(levels):
            if int(level.name) < int(before.name):
                yield _error(_("level {level} of {grade} is listed after level {before}; list "
                               "levels lowest first", level=level.name, grade=grade,
                               before=before.name), level.span)
    if levels and levels[0].when is not None:
        yield _error(_("the lowest level {levels} of {grade} holds when no other does, so it "
                       "cannot have `when`", levels=named(levels[0]), grade=grade), levels[0].span)
    for level in levels:
        if value is None and level.band is not None:
            yield _error(_("level {level} of {grade} has a band, but the grade has no value to "
                           "read it from; add `by VALUE` to the grade", level=named(level),
                           grade=grade),
                         level.band.span or level.span)
        elif value is not None and level.band is None:
            yield _error(_("level {level} of {grade} needs a band (LOW .. HIGH): the grade reads "
                           "bands over {value}", level=named(level), grade=grade, value=value),
                           level.span)
        elif value is None and level is not levels[0] and level.when is None:
            yield _error(_("level {level} of {grade} needs `when CONDITION`: only the lowest "
                           "level holds without one", level=named(level), grade=grade), level.span)
        if level.band is not None and _empty(level.band):
            yield _error(_("the band of level {level} is empty: {band}", level=named(level),
                           band=_text(level.band)),
                         level.band.span or level.span)


def _empty(band: s.Band) -> bool:
    if band.low is None or band.high is None:
        return False
    return band.low > band.high or (band.low == band.high and (band.low_open or band.high_open))


def _starts_below(a: s.Band, b: s.Band) -> bool:
    """Whether band a starts strictly below band b (a missing low end is -infinity)."""
    if b.low is None:
        return False
    if a.low is None:
        return True
    return a.low < b.low or (a.low == b.low and not a.low_open and b.low_open)


def check_bands(decl: s.GradeDecl, value: str, reach: Range,
                unbounded: tuple[str | None, str | None]) -> Iterator[Diagnostic]:
    """How the bands cover the range `reach` of the value, assuming the shape is right:
    order, gaps and overlaps between neighbours, then the two ends and unreachable levels.
    `unbounded` says why the value has no lower or upper bound, when it has none."""
    levels = decl.levels
    grade = f"grade '{decl.name}'"
    bands = [(v, v.band) for v in levels if v.band is not None]
    ordered = True
    for (before, low), (level, band) in pairwise(bands):
        if _starts_below(band, low):
            ordered = False
            yield _error(_("level {level} of {grade} is listed after {before} but its band "
                           "({band}) lies below it; list levels lowest first", level=named(level),
                           grade=grade, before=named(before), band=_text(band)),
                         level.span)
    if not ordered:
        return
    for (before, low), (level, band) in pairwise(bands):
        yield from _neighbours(grade, before, low, level, band, reach)
    yield from _ends(grade, value, bands, reach, unbounded)


def _neighbours(grade: str, before: s.LevelDecl, low: s.Band, level: s.LevelDecl,
                band: s.Band, reach: Range) -> Iterator[Diagnostic]:
    where = band.low_span or band.span or level.span
    names = _("{first} and {second}", first=named(before), second=named(level))
    if low.high is not None and band.low is not None:
        if low.high == band.low:
            end = exact_text(band.low)
            if low.high_open and band.low_open and _meets((band.low, False, band.low, False),
                                                          reach):
                rewritten = band_text(band.low, False, band.high, band.high_open)
                yield _error(_("gap between levels {names} of {grade}: {end} is in neither; make "
                               "one end include it (write '{rewritten}' or '.. {end}')",
                               names=names, grade=grade, end=end, rewritten=rewritten),
                             where)
            elif not low.high_open and not band.low_open:
                yield _error(_("levels {names} of {grade} overlap: {end} is in both; write '> "
                               "{end}' for {level} or '< {end}' for {before}", names=names,
                               grade=grade, end=end, level=named(level), before=named(before)),
                               where)
            return
        if low.high < band.low:
            gap = (low.high, not low.high_open, band.low, not band.low_open)
            if _meets(gap, reach):
                yield _error(_("gap between levels {names} of {grade}: values {value} have no "
                               "level", names=names, grade=grade, value=band_text(*gap)), where)
            return
    start = _end(band.low, band.low_open, low.low, low.low_open, upper=False)
    stop = _end(band.high, band.high_open, low.high, low.high_open, upper=True)
    yield _error(_("levels {names} of {grade} overlap: values {value} are in both", names=names,
                   grade=grade, value=band_text(*start, *stop)), where)


def _end(a: Fraction | None, a_open: bool, b: Fraction | None, b_open: bool,
         upper: bool) -> tuple[Fraction | None, bool]:
    """The end of the intersection of two bands from two of their ends: the higher of two
    low ends, or the lower of two high ends (None: unbounded)."""
    if a is None:
        return b, b_open
    if b is None or a == b:
        return a, a_open or (a == b and b_open)
    return (a, a_open) if (a < b) == upper else (b, b_open)


def _meets(gap: tuple[Fraction, bool, Fraction, bool], reach: Range) -> bool:
    """Whether some value of `reach` lies in the gap (low, low_open, high, high_open)."""
    low, low_open, high, high_open = gap
    above = reach.high is None or reach.high > low or (reach.high == low and not low_open)
    below = reach.low is None or reach.low < high or (reach.low == high and not high_open)
    return above and below


def _ends(grade: str, value: str, bands: list[tuple[s.LevelDecl, s.Band]], reach: Range,
          unbounded: tuple[str | None, str | None]) -> Iterator[Diagnostic]:
    if not bands:
        return
    first, last = bands[0][1], bands[-1][1]
    if first.low is not None:
        where = first.low_span or first.span
        start = exact_text(first.low)
        said = _("above {start} (> {start})", start=start) if first.low_open \
            else _("at {start}", start=start)
        if reach.low is None:
            why = f" ({unbounded[0]})" if unbounded[0] else ""
            shown = band_text(None, False, first.high, first.high_open)
            yield _error(_("the value of {grade} has no lower bound{why}, so its lowest band must "
                           "be open: write '{shown}'", grade=grade, why=why, shown=shown), where)
        elif reach.low < first.low:
            missing = band_text(reach.low, False, first.low, not first.low_open)
            yield _error(_("the bands of {grade} start {said}, but {value} can be as low as "
                           "{low}: values {missing} have no level", grade=grade, said=said,
                           value=value, low=exact_text(reach.low), missing=missing), where)
        elif reach.low == first.low and first.low_open:
            yield _error(_("the bands of {grade} start {said}, but {value} can be {start}: "
                           "{start} has no level", grade=grade, said=said, value=value,
                           start=start), where)
    if last.high is not None:
        where = last.high_span or last.span
        end = exact_text(last.high)
        said = _("below {end} (< {end})", end=end) if last.high_open \
            else _("at {end}", end=end)
        if reach.high is None:
            why = f" ({unbounded[1]})" if unbounded[1] else ""
            shown = band_text(last.low, last.low_open, None, False)
            yield _error(_("the value of {grade} has no upper bound{why}, so its top band must be "
                           "open: write '{shown}'", grade=grade, why=why, shown=shown), where)
        elif reach.high > last.high:
            missing = band_text(last.high, not last.high_open, reach.high, False)
            yield _error(_("the bands of {grade} end {said}, but {value} can reach {high}: values "
                           "{missing} have no level", grade=grade, said=said, value=value,
                           high=exact_text(reach.high), missing=missing), where)
        elif reach.high == last.high and last.high_open:
            yield _error(_("the bands of {grade} end {said}, but {value} can be {end}: {end} has "
                           "no level", grade=grade, said=said, value=value, end=end), where)
    if reach.high is None:
        return
    for level, band in bands:
        if band.low is not None and (band.low > reach.high or (
                band.low == reach.high and band.low_open)):
            yield _error(_("level {level} of {grade} can never be reached: its band {band} is "
                           "above the highest value {value} can reach ({high})", level=named(level),
                           grade=grade, band=_text(band), value=value,
                           high=exact_text(reach.high)), band.span or level.span)


# --- `grade ID OP LEVEL` in a condition ------------------------------------------------


def grade_as_score(table: Table, cond: s.Comparison, name: str, text: str,
                   diagnostics: list[Diagnostic]) -> m.Compare:
    """A grade compared as if it were a node: say how to compare it, with the level
    written (or its top level)."""
    threshold = cond.threshold
    levels = table.grades[name].levels
    if isinstance(threshold, s.LevelThreshold | s.NumberThreshold) and levels:
        level = unparse.threshold(threshold)
    else:
        level = levels[-1].name if levels else "..."
    diagnostics.append(Diagnostic(_("'{name}' is a grade; write `grade {name} {op} {level}`",
                                    name=name, op=cond.op, level=level), cond.quantity.span,
                                    code="predicate"))
    return m.Compare("score", name, cond.op, Fraction(0), text, cond.span)


def compare_grade(table: Table, cond: s.Comparison, quantity: s.GradeOf, text: str,
                  diagnostics: list[Diagnostic]) -> m.Compare:
    """`grade ID OP LEVEL` (or `OP NUMBER` for numbered levels): the model comparison, its
    threshold the level's name."""
    decl = table.grades.get(quantity.name)
    found = m.Compare("grade", quantity.name, cond.op, "", text, cond.span)
    if decl is None:
        diagnostics.append(unknown("grade", quantity.name, quantity.span, table.grades))
        return found
    levels = decl.levels
    names = [v.name for v in levels]
    shown = ", ".join(names)
    threshold = cond.threshold
    numbered = bool(levels) and all(v.numbered for v in levels)
    if isinstance(threshold, s.LevelThreshold):
        name = threshold.name
    elif isinstance(threshold, s.NumberThreshold) and numbered:
        value = threshold.value
        name = str(value.numerator) if value.denominator == 1 else exact_text(value)
    else:
        diagnostics.append(Diagnostic(
            _("grade '{quantity}' has levels ({shown}); compare it with one of them",
              quantity=quantity.name, shown=shown) if not numbered else
            _("grade '{quantity}' has numbered levels ({shown}); compare it with one of them",
              quantity=quantity.name, shown=shown),
            threshold.span, code="predicate"))
        return found
    if name not in names:
        diagnostics.append(Diagnostic(
            _("'{name}' is not a level of grade '{quantity}' ({shown})", name=name,
              quantity=quantity.name, shown=shown), threshold.span,
            did_you_mean(name, names), code="unknown"))
        return found
    return m.Compare("grade", quantity.name, cond.op, name, text, cond.span)

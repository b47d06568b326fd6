"""The formulas of predicates, their conditions, and grades.

Verdicts are 1 (holds), 0 (fails) or "" (undecided: a fact is not given). A node that
`every ... :` skips (it does not apply) shows "n/a" in its comparison's row. A grade's cell
is its level's name (a numbered level's number), or "" while it is undecided or unanswered;
each level's cell is whether it holds, three-valued.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from zona.io.formulas import NA, NO, OPERATORS, YES, number, text
from zona.io.formulas_excel import call
from zona.model import Fact, FactValue
from zona.model import expr as e
from zona.model.grades import Band, Grade


def compare(actual: str, op: str, threshold: Fraction) -> str:
    """1 when the actual value (a score or share cell; "" and "n/a" count as 0) meets the
    threshold."""
    return f"=IF(ROUND(N({actual})-{number(threshold)},9){OPERATORS.get(op, op)}0,1,0)"


def skippable(skipped: str | None, formula: str) -> str:
    """A comparison of `every ... :`, "n/a" when its node does not apply."""
    return formula if skipped is None else f"=IF({skipped},{NA},{formula.removeprefix('=')})"


def fact_compare(fact: Fact, ref: str, op: str, threshold: FactValue) -> str:
    """A condition on a fact: "" while the fact is not given."""
    if fact.kind == "levels":
        bar = fact.levels.index(str(threshold))
        held = [level for i, level in enumerate(fact.levels)
                if e.compare(op, Fraction(i), Fraction(bar))]
        test = _any_text(ref, held)
    elif fact.kind == "yesno":
        wanted = (threshold is True) == (op == "==")
        test = _any_text(ref, list(YES if wanted else NO))
    else:
        assert isinstance(threshold, Fraction)
        test = f"ROUND({ref}-{number(threshold)},9){OPERATORS.get(op, op)}0"
    return f'=IF({ref}="","",IF({test},1,0))'


def _any_text(ref: str, texts: Sequence[str]) -> str:
    if not texts:
        return "FALSE"
    tests = [f"{ref}={text(t)}" for t in texts]
    return tests[0] if len(tests) == 1 else call("OR", tests)


def all_of(refs: Sequence[str]) -> str:
    """0 if any part fails, else "" if any is undecided, else 1 (Kleene's and)."""
    if not refs:
        return "=1"
    count, total = call("COUNT", refs), call("SUM", refs)
    return f'=IF({count}-{total}>0,0,IF({count}<{len(refs)},"",1))'


def any_of(refs: Sequence[str]) -> str:
    """1 if any part holds, else "" if any is undecided, else 0 (Kleene's or)."""
    count, total = call("COUNT", refs), call("SUM", refs)
    return f'=IF({total}>0,1,IF({count}<{len(refs)},"",0))'


def every_of(refs: Sequence[str]) -> str:
    """`every ... :` over comparisons that are never undecided, some perhaps skipped
    ("n/a"): 0 if any fails, else 1 (nothing compared holds)."""
    if not refs:
        return "=1"
    return f"=IF({call('COUNT', refs)}-{call('SUM', refs)}>0,0,1)"


def none_of(ref: str) -> str:
    return f'=IF({ref}="","",1-{ref})'


def same(ref: str) -> str:
    """Another verdict cell, "" staying ""."""
    return f'=IF({ref}="","",{ref})'


# --- grades ----------------------------------------------------------------------------


def band_reached(value: str, band: Band) -> str:
    """Whether the value reaches the band's low end (v >= LOW, v > LOW for `> LOW`); ""
    while the value is unanswered."""
    if band.low is None:
        return f'=IF({value}="","",1)'
    op = ">" if band.low_open else ">="
    return f'=IF({value}="","",IF(ROUND({value}-{number(band.low)},9){op}0,1,0))'


def _name(grade: Grade, index: int) -> str:
    level = grade.levels[index]
    return level.name if level.numbered else text(level.name)


def grade_level(grade: Grade, holds: Sequence[str], value: str | None) -> str:
    """The highest level that holds, read from the top; "" when a level above it is
    undecided, or when the value the bands read is unanswered. `holds`: each level's cell
    (the lowest level's is not read: it always holds)."""
    formula = _name(grade, 0)
    for index in range(1, len(grade.levels)):
        formula = (f"IF({holds[index]}=1,{_name(grade, index)},"
                   f'IF({holds[index]}="","",{formula}))')
    return f'=IF({value}="","",{formula})' if value is not None else "=" + formula


def _at_least(holds: Sequence[str]) -> str:
    """The position of the highest level known to hold (the lowest's is 0)."""
    formula = "0"
    for index in range(1, len(holds)):
        formula = f"IF({holds[index]}=1,{index},{formula})"
    return formula


def grade_compare(grade: Grade, cell: str, holds: Sequence[str], op: str, level: str) -> str:
    """`grade ID OP LEVEL`, by position: decided by the grade's level; while the grade is
    undecided, `>=` and `>` pass when the level known to hold passes, else undecided."""
    test = f"{_at_least(holds)}{OPERATORS.get(op, op)}{grade.position(level)}"
    if op in (">=", ">"):
        return f'=IF({cell}<>"",IF({test},1,0),IF({test},1,""))'
    return f'=IF({cell}<>"",IF({test},1,0),"")'

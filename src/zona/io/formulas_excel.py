"""Excel's limits on a formula, kept while writing and checked after.

Excel refuses (or "repairs" by deleting) a formula of more than 8,192 characters, a
function given more than 255 arguments, and functions nested more than 64 deep. A sum of a
300-question sub-area is written as sums of at most 255 cells (`call`), a 90-option scale as
blocks of IFs (`chain`); whatever still passes a limit is found by `excel_problem`, so that
the template is refused with the reason instead of being written broken.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from zona.i18n import N_, _, whole

MAX_LENGTH = 8_192  # characters of a formula
MAX_ARGUMENTS = 255  # arguments of one function
MAX_NESTING = 64  # functions within functions
_CHAIN = 24  # a chain of IFs longer than this is written in blocks
#: how the results of a function over groups of arguments are combined (COUNT: summed)
_COMBINED = {"SUM": "SUM", "COUNT": "SUM", "AND": "AND", "OR": "OR", "MIN": "MIN",
             "MAX": "MAX"}


def call(function: str, arguments: Sequence[str]) -> str:
    """`FUNCTION(a,b,...)`; over 255 arguments, the function of groups of at most 255
    combined (`SUM(SUM(...),SUM(...))`, COUNT's groups summed, AVERAGE as SUM / COUNT)."""
    if len(arguments) <= MAX_ARGUMENTS:
        return f"{function}({','.join(arguments)})"
    if function == "AVERAGE":
        return f"({call('SUM', arguments)}/{call('COUNT', arguments)})"
    groups = [call(function, arguments[start:start + MAX_ARGUMENTS])
              for start in range(0, len(arguments), MAX_ARGUMENTS)]
    return call(_COMBINED[function], groups)


def chain(cases: Sequence[tuple[str, str]], otherwise: str) -> str:
    """`IF(test1,value1,IF(test2,value2,...,otherwise))`, the first test that holds giving
    the value. A long chain is cut into blocks of about its square root in length, each
    tried as a whole first (`IF(OR(tests of the block),chain of the block,next block)`), so
    that a 90-option scale nests 20 IFs deep, not 90."""
    if len(cases) <= _CHAIN:
        formula = otherwise
        for test, value in reversed(cases):
            formula = f"IF({test},{value},{formula})"
        return formula
    size = math.isqrt(len(cases) - 1) + 1
    blocks = [cases[start:start + size] for start in range(0, len(cases), size)]
    formula = otherwise
    for block in reversed(blocks):
        tests = [test for test, _value in block]
        formula = f"IF({call('OR', tests)},{chain(block, otherwise)},{formula})"
    return formula


def excel_problem(formula: str) -> str | None:
    """Why Excel would not take the formula (too long, a function of too many arguments,
    functions nested too deep), or None."""
    if len(formula) > MAX_LENGTH:
        return _("{count} characters (Excel's limit: {most})", count=whole(len(formula)),
                 most=whole(MAX_LENGTH))
    arguments, nesting = _measure(formula)
    if arguments > MAX_ARGUMENTS:
        return _("a function of {count} arguments (Excel's limit: {most})",
                 count=whole(arguments), most=whole(MAX_ARGUMENTS))
    if nesting > MAX_NESTING:
        return _("functions nested {count} deep (Excel's limit: {most})",
                 count=whole(nesting), most=whole(MAX_NESTING))
    return None


def _measure(formula: str) -> tuple[int, int]:
    """The most arguments of one function call and the deepest nesting of calls; text in
    quotes and array constants in braces are skipped."""
    stack: list[list[int]] = []  # per open bracket: [is a call, its arguments]
    most_arguments = nesting = deepest = 0
    quoted = braced = False
    previous = ""
    for char in formula:
        if quoted:
            quoted = char != '"'
        elif char == '"':
            quoted = True
        elif braced:
            braced = char != "}"
        elif char == "{":
            braced = True
        elif char == "(":
            is_call = previous.isalnum() or previous in "._"
            stack.append([int(is_call), 1])
            nesting += is_call
            deepest = max(deepest, nesting)
        elif char == ")" and stack:
            called, count = stack.pop()
            nesting -= called
            if called:
                most_arguments = max(most_arguments, count)
        elif char == "," and stack:
            stack[-1][1] += 1
        if not char.isspace():
            previous = char
    return most_arguments, deepest


#: the template's refusal, for zona.io.workbook
TOO_BIG = N_("the xlsx template cannot hold the formula of {name} (row {row}): {reason}; "
             "write the template as CSV, JSON or YAML instead, or split the ruleset's "
             "largest groups")

__all__ = ["MAX_ARGUMENTS", "MAX_LENGTH", "MAX_NESTING", "TOO_BIG", "call", "chain",
           "excel_problem"]

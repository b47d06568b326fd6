"""Spreadsheet formulas of the compiled model's expressions, so a template scores itself in
Excel or LibreOffice the way zona does (nodes: zona.io.formulas_nodes; conditions and
grades: zona.io.formulas_verdicts; what may not apply: zona.io.formulas_na).

Conventions: an unanswered value is the empty text "" (AVERAGE, COUNT and SUM skip it,
as the official workbook's "Blm Diisi"); a value that does not apply and is left out of
its parent (`na reweight`) is the text "n/a", skipped by the same functions; an
expression is "n/a" when a value it reads is, else "" when any value it reads is "".
Comparisons, and the rounding functions, first round to 9 decimals, so that a value that
is exactly on a threshold (or exactly a half) in zona's exact arithmetic is on it in the
spreadsheet's binary floating point too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

import attrs

from zona.io.formulas_excel import call, chain
from zona.model import Input, Ruleset
from zona.model import expr as e
from zona.numtext import exact_text

if TYPE_CHECKING:
    from zona.io.formulas_na import NotApplicable

#: The text of a value that does not apply and is left out, and its formula.
NA_TEXT = "n/a"
NA = f'"{NA_TEXT}"'
OPERATORS = {"==": "=", "!=": "<>"}
YES = ("ya", "yes", "y", "true")
NO = ("tidak", "no", "n", "false")


@attrs.frozen
class Cells:
    """Where each value lives: answer cells of inputs and facts; score cells of nodes,
    derived values, views and grades' values; share cells; the nodes each view sums; and
    the cell of the combination of facts the weights depend on (None without one)."""

    answer: Mapping[str, str]
    score: Mapping[str, str]
    share: Mapping[str, str]
    fact: Mapping[str, str] = attrs.field(factory=dict)
    parts: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    variant: str | None = None


def number(value: Fraction) -> str:
    """An exact constant: a decimal where it terminates, else (p/q)."""
    text = exact_text(value)
    return f"({text})" if "/" in text or value < 0 else text


def text(value: str) -> str:
    """A text constant."""
    return '"' + value.replace('"', '""') + '"'


def either(tests: Sequence[str]) -> str:
    """Any of the tests (the test itself when there is one)."""
    unique = list(dict.fromkeys(tests))
    return unique[0] if len(unique) == 1 else call("OR", unique)


def every(tests: Sequence[str]) -> str:
    """All of the tests (the test itself when there is one)."""
    unique = list(dict.fromkeys(tests))
    return unique[0] if len(unique) == 1 else call("AND", unique)


def option_test(ref: str, name: str) -> str:
    """Whether an answer cell names an option. A numbered option (`3`) is named by the
    number 3 or the text "3": the cell is compared as text. (Spreadsheets compare texts
    without regard to case, as zona reads a unique option in another case.)"""
    if name.isdigit():
        return f'{ref}&""={text(name)}'
    return f"{ref}={text(name)}"


def choice_value(spec: Input, ref: str) -> str:
    """The value of a choice answer: IF(ref="Ya",1,IF(ref="Tidak",0,NA())). A "not
    applicable" option reads as the scale's top under `na full`, 0 under `zero`; under
    `reweight` the caller has left it out already."""
    assert spec.scale is not None
    cases = []
    for option in spec.scale.options:
        if option.na and spec.na == "reweight":
            continue
        value = (spec.scale.high if spec.na == "full" else Fraction(0)) if option.na \
            else option.value
        cases.append((option_test(ref, option.name), number(value)))
    return chain(cases, "NA()")


def not_applicable_answer(spec: Input, ref: str) -> str | None:
    """Whether the answer cell names a "not applicable" option (None: the scale has none)."""
    names = spec.scale.not_applicable if spec.scale is not None else ()
    return either([option_test(ref, n) for n in names]) if names else None


def yes_no(ref: str) -> str:
    """A yes/no fact as an expression reads it: 1 or 0."""
    return (f"IF({either([f'{ref}={text(w)}' for w in YES])},1,"
            f"IF({either([f'{ref}={text(w)}' for w in NO])},0,NA()))")


def level_position(ref: str, levels: Sequence[str], otherwise: str = "NA()") -> str:
    """A levels fact's position among its levels, lowest 0."""
    return chain([(f"{ref}={text(level)}", str(index)) for index, level in enumerate(levels)],
                 otherwise)


def rounding(x: e.Round, value: str) -> str:
    """round/floor/ceil exactly as zona rounds: the value times 10**places is first rounded
    to 9 decimals (so that 67.685 x 100 is the half 6768.5, not 6768.4999...), then to a
    whole number by the function's rule (ROUND rounds halves away from zero; INT down)."""
    scale = number(Fraction(10) ** x.places)
    y = f"ROUND({value},9)" if x.places == 0 else f"ROUND({value}*{scale},9)"
    if x.function == "floor":
        whole = f"INT({y})"
    elif x.function == "ceil":
        whole = f"(-INT(-{y}))"
    elif x.mode == "half_down":
        whole = f"(SIGN({y})*(-INT(0.5-ABS({y}))))"
    elif x.mode == "half_even":
        whole = f"IF(MOD(ABS({y}),1)=0.5,2*ROUND({y}/2,0),ROUND({y},0))"
    else:
        whole = f"ROUND({y},0)"
    return whole if x.places == 0 else f"({whole}/{scale})"


class Translator:
    """Expressions of the compiled model as spreadsheet formulas over the cells."""

    def __init__(self, ruleset: Ruleset, cells: Cells, na: NotApplicable) -> None:
        self.ruleset, self.cells, self.na = ruleset, cells, na
        self.derived = {d.name: d for d in ruleset.derived}

    def guarded(self, expression: e.Expr, na: str = NA) -> str:
        """The expression; `na` when a value it reads does not apply (and is left out),
        else "" when any value it reads is unanswered."""
        names = list(dict.fromkeys(e.variables(expression)))
        body = self.translate(expression)
        blank = [self.blank(v) for v in names]
        if blank:
            body = f'IF({either(blank)},"",{body})'
        dropped = [t for v in names if (t := self.na.dropped(v.kind, v.name)) is not None]
        if dropped:
            body = f"IF({either(dropped)},{na},{body})"
        return body

    def blank(self, var: e.Var) -> str:
        """The test that a value an expression reads is unanswered."""
        if var.kind == "input":
            return f'{self.cells.answer[var.name]}=""'
        if var.kind == "fact":
            return f'{self.cells.fact[var.name]}=""'
        if var.kind == "view":  # unanswered when every node it sums is
            return f'{call("COUNT", [self.cells.score[p] for p in self.cells.parts[var.name]])}=0'
        return f'{self.cells.score[var.name]}=""'

    def translate(self, expression: e.Expr) -> str:
        """The expression alone (its values assumed answered)."""
        x = expression
        if isinstance(x, e.Const):
            return number(x.value)
        if isinstance(x, e.Var):
            return self._var(x)
        if isinstance(x, e.Negate):
            return f"(-{self.translate(x.operand)})"
        if isinstance(x, e.Not):
            return f"NOT({self.translate(x.operand)})"
        if isinstance(x, e.Divide):
            denominator = self.translate(x.denominator)
            return (f"IF({denominator}=0,{self.translate(x.if_zero)},"
                    f"{self.translate(x.numerator)}/{denominator})")
        if isinstance(x, e.Extremum):
            return call(x.function.upper(), [self.translate(a) for a in x.args])
        if isinstance(x, e.If):
            return (f"IF({self.translate(x.test)},{self.translate(x.then)},"
                    f"{self.translate(x.otherwise)})")
        if isinstance(x, e.Round):
            return rounding(x, self.translate(x.value))
        left, right = self.translate(x.left), self.translate(x.right)
        if x.op in e.LOGIC:
            return f"{x.op.upper()}({left},{right})"
        if x.op in e.COMPARISONS:  # on the difference rounded to 9 decimals
            if isinstance(x.right, e.Const) and x.right.value == 0:
                return f"(ROUND({left},9){OPERATORS.get(x.op, x.op)}0)"
            return f"(ROUND({left}-{right},9){OPERATORS.get(x.op, x.op)}0)"
        return f"({left}{x.op}{right})"

    def _var(self, var: e.Var) -> str:
        if var.kind == "fact":
            fact = self.ruleset.facts_by_name[var.name]
            ref = self.cells.fact[var.name]
            if fact.kind == "levels":
                return level_position(ref, fact.levels)
            return yes_no(ref) if fact.kind == "yesno" else ref
        if var.kind != "input":
            return self.cells.score[var.name]
        spec = self.ruleset.inputs_by_name[var.name]
        ref = self.cells.answer[var.name]
        return choice_value(spec, ref) if spec.kind == "choice" else ref

"""Spreadsheet formulas from the compiled model, so a template scores itself in Excel or
LibreOffice the way zona does.

Conventions: an unanswered value is the empty text "" (AVERAGE, COUNT and SUM skip it,
as the official workbook's "Blm Diisi"); an expression is "" when any value it names is
""; a node's share cell holds 0 instead of "" when its missing-answer policy is `zero`.
Verdicts are 1 (holds), 0 (fails) or "" (undecided: a fact is not given). Comparisons
with thresholds are made on the difference rounded to 9 decimals, so that a value that
is exactly on a threshold in zona's exact arithmetic is on it in the spreadsheet's
binary floating point too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction

import attrs

from zona.model import Fact, FactValue, Input, Node, Ruleset, View
from zona.model import expr as e
from zona.numtext import exact_text

_OPERATORS = {"==": "=", "!=": "<>"}
_YES = ("ya", "yes", "y", "true")
_NO = ("tidak", "no", "n", "false")


@attrs.frozen
class Cells:
    """Where each value lives: answer cells of inputs and facts, score and share cells."""

    answer: Mapping[str, str]
    score: Mapping[str, str]
    share: Mapping[str, str]
    fact: Mapping[str, str] = attrs.field(factory=dict)


def number(value: Fraction) -> str:
    """An exact constant: a decimal where it terminates, else (p/q)."""
    text = exact_text(value)
    return f"({text})" if "/" in text or value < 0 else text


def _text(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


def choice_value(spec: Input, ref: str) -> str:
    """The value of a choice answer: IF(ref="Ya",1,IF(ref="Tidak",0,NA()))."""
    assert spec.scale is not None
    formula = "NA()"
    for option in reversed(spec.scale.options):
        formula = f"IF({ref}={_text(option.name)},{number(option.value)},{formula})"
    return formula


def _guard(refs: Sequence[str], body: str) -> str:
    """body, or "" when any of refs is ""."""
    unique = list(dict.fromkeys(refs))
    if not unique:
        return body
    test = f'{unique[0]}=""' if len(unique) == 1 else \
        "OR(" + ",".join(f'{r}=""' for r in unique) + ")"
    return f'IF({test},"",{body})'


def _rounding(x: e.Round, value: str) -> str:
    """round/floor/ceil as a spreadsheet computes them (ROUND rounds halves away from zero;
    INT rounds down); the spreadsheet's binary floating point may differ from zona's exact
    rounding on a value that is a half only in decimal."""
    scale = number(Fraction(10) ** x.places)
    if x.function == "floor":
        return f"(INT({value}*{scale})/{scale})"
    if x.function == "ceil":
        return f"(-INT(-{value}*{scale})/{scale})"
    if x.mode == "half_down":
        return f"(SIGN({value})*ROUNDUP(ABS({value})*{scale}-0.5,0)/{scale})"
    if x.mode == "half_even":
        return (f"(IF(MOD(ABS({value})*{scale},1)=0.5,2*ROUND({value}*{scale}/2,0),"
                f"ROUND({value}*{scale},0))/{scale})")
    return f"ROUND({value},{x.places})"


class Translator:
    """Expressions of the compiled model as spreadsheet formulas over the cells."""

    def __init__(self, ruleset: Ruleset, cells: Cells) -> None:
        self.ruleset, self.cells = ruleset, cells

    def guarded(self, expression: e.Expr) -> str:
        """The expression, or "" when any value it names is unanswered."""
        refs = [self._blank_ref(v) for v in e.variables(expression)]
        return _guard(refs, self.translate(expression))

    def _blank_ref(self, var: e.Var) -> str:
        return self.cells.answer[var.name] if var.kind == "input" else self.cells.score[var.name]

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
            return f"{x.function.upper()}({','.join(self.translate(a) for a in x.args)})"
        if isinstance(x, e.If):
            return (f"IF({self.translate(x.test)},{self.translate(x.then)},"
                    f"{self.translate(x.otherwise)})")
        if isinstance(x, e.Round):
            return _rounding(x, self.translate(x.value))
        left, right = self.translate(x.left), self.translate(x.right)
        if x.op in e.LOGIC:
            return f"{x.op.upper()}({left},{right})"
        return f"({left}{_OPERATORS.get(x.op, x.op)}{right})"

    def _var(self, var: e.Var) -> str:
        if var.kind != "input":
            return self.cells.score[var.name]
        spec = self.ruleset.inputs_by_name[var.name]
        ref = self.cells.answer[var.name]
        return choice_value(spec, ref) if spec.kind == "choice" else ref

    # --- nodes ---------------------------------------------------------------------

    def node_score(self, node: Node) -> str:
        """The node's score, "" when it is unanswered."""
        if node.aggregate == "choice":
            spec = self.ruleset.inputs_by_name[node.name]
            ref = self.cells.answer[node.name]
            return "=" + _guard([ref], _times(choice_value(spec, ref), node.maximum))
        if node.aggregate == "expr":
            assert node.expr is not None
            return "=" + self.guarded(node.expr)
        if node.aggregate == "sum":
            refs = ",".join(self.cells.score[c.name] for c in node.children)
            return f'=IF(COUNT({refs})=0,"",SUM({refs}))'
        refs = ",".join(self.cells.share[c.name] for c in node.children)
        return "=" + f'IF(COUNT({refs})=0,"",{_times(f"AVERAGE({refs})", node.maximum)})'

    def node_share(self, node: Node) -> str:
        """score / maximum; "" when unanswered, or 0 under the `zero` policy."""
        ref = self.cells.score[node.name]
        empty = "0" if node.missing == "zero" else '""'
        share = ref if node.maximum == 1 else f"{ref}/{number(node.maximum)}"
        return f'=IF({ref}="",{empty},{share})'

    def view_score(self, view: View) -> str:
        parts = [self.cells.score[p] for p in view.parts]
        parts += [self.cells.score[c.name] for c in view.children]
        return f"=SUM({','.join(parts)})" if parts else "=0"

    def view_share(self, view: View) -> str:
        if view.maximum == 0:
            return "=0"
        return f"={self.cells.score[view.name]}/{number(view.maximum)}"


def _times(formula: str, factor: Fraction) -> str:
    return formula if factor == 1 else f"{formula}*{number(factor)}"


# --- predicates ----------------------------------------------------------------------


def compare(actual: str, op: str, threshold: Fraction) -> str:
    """1 when the actual value (a score or share cell; "" counts as 0) meets the threshold."""
    return f"=IF(ROUND(N({actual})-{number(threshold)},9){_OPERATORS.get(op, op)}0,1,0)"


def fact_compare(fact: Fact, ref: str, op: str, threshold: FactValue) -> str:
    """A condition on a fact: "" while the fact is not given."""
    if fact.kind == "levels":
        bar = fact.levels.index(str(threshold))
        held = [level for i, level in enumerate(fact.levels)
                if e.compare(op, Fraction(i), Fraction(bar))]
        test = _any_text(ref, held)
    elif fact.kind == "yesno":
        wanted = (threshold is True) == (op == "==")
        test = _any_text(ref, list(_YES if wanted else _NO))
    else:
        assert isinstance(threshold, Fraction)
        test = f"ROUND({ref}-{number(threshold)},9){_OPERATORS.get(op, op)}0"
    return f'=IF({ref}="","",IF({test},1,0))'


def _any_text(ref: str, texts: Sequence[str]) -> str:
    if not texts:
        return "FALSE"
    tests = [f"{ref}={_text(t)}" for t in texts]
    return tests[0] if len(tests) == 1 else f"OR({','.join(tests)})"


def all_of(refs: Sequence[str]) -> str:
    """0 if any part fails, else "" if any is undecided, else 1 (Kleene's and)."""
    if not refs:
        return "=1"
    joined = ",".join(refs)
    return f'=IF(COUNT({joined})-SUM({joined})>0,0,IF(COUNT({joined})<{len(refs)},"",1))'


def any_of(refs: Sequence[str]) -> str:
    """1 if any part holds, else "" if any is undecided, else 0 (Kleene's or)."""
    joined = ",".join(refs)
    return f'=IF(SUM({joined})>0,1,IF(COUNT({joined})<{len(refs)},"",0))'


def none_of(ref: str) -> str:
    return f'=IF({ref}="","",1-{ref})'


def same(ref: str) -> str:
    """Another verdict cell, "" staying ""."""
    return f'=IF({ref}="","",{ref})'

"""`round(x, n, mode)`, `floor(x, n)`, `ceil(x, n)` in expressions: how many values, the
number of decimals (a whole number written as a number, `-1` for tens) and the mode."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

from zona.errors import Diagnostic, did_you_mean
from zona.i18n import _
from zona.language import syntax as s
from zona.language import unparse
from zona.model import expr as e

FUNCTIONS = e.ROUNDING


def rounding(node: s.Call, number: Callable[[s.Expr], e.Expr],
             diagnostics: list[Diagnostic]) -> e.Expr:
    """The model expression of a rounding call; problems are appended to `diagnostics`."""
    function, args = node.function, node.args
    most = 3 if function == "round" else 2
    if not 1 <= len(args) <= most:
        message = _("{function} takes a value, a number of decimals and a rounding mode (the "
                    "last two optional), not {args} values", function=function, args=len(args)) \
            if function == "round" else \
            _("{function} takes a value and a number of decimals (optional), not {args} values",
              function=function, args=len(args))
        diagnostics.append(Diagnostic(message,
                                      node.span, code="expression"))
        return e.Const(Fraction(0))
    value = number(args[0])
    places = _places(args[1]) if len(args) > 1 else 0
    if places is None:
        diagnostics.append(Diagnostic(_("the number of decimals must be a whole number written as "
                                        "a number, such as 2"), args[1].span, code="expression"))
        places = 0
    mode = "half_up"
    if len(args) > 2:
        written = args[2]
        word = written.name if isinstance(written, s.Ref) else unparse.expression(written)
        if word in e.MODES:
            mode = word
        else:
            diagnostics.append(Diagnostic(
                _("unknown rounding mode '{word}'", word=word), written.span,
                did_you_mean(word, e.MODES)
                or _("The modes are half_up, half_even and half_down."), code="unknown"))
    return e.Round(function, value, places, mode)


def _places(written: s.Expr) -> int | None:
    """The number of decimals as written (`2`, `-1`), or None when it is not a whole
    number written as a number."""
    sign = 1
    if isinstance(written, s.Negate):
        sign, written = -1, written.operand
    if isinstance(written, s.Number) and written.value.denominator == 1:
        return sign * written.value.numerator
    return None

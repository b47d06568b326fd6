"""W501: a count read as a denominator that does not say how a plan may change it.

Such a count is usually an obligation (complaints to follow up, officials who must file a
wealth report): lowering it raises the share, so `zona gap` would propose reporting fewer.
The author decides with `change up` (an obligation) or `change free` (lowering it is a real
improvement), on the input, a node around it or the header.
"""

from __future__ import annotations

from collections.abc import Iterator

from zona.compiler.changes import declared
from zona.errors import Diagnostic
from zona.i18n import _
from zona.lint.codes import warning
from zona.lint.context import Context, subexpressions
from zona.model import expr as e


def undeclared_denominators(ctx: Context) -> Iterator[Diagnostic]:
    """W501 for each count read (directly or through derived values) as a denominator of
    `divide` whose `change` is not declared anywhere."""
    ruleset = ctx.ruleset
    derived = {d.name: d.expr for d in ruleset.derived}
    own = declared(ctx.module)  # with what nodes and the header declare for them
    found: dict[str, str] = {}  # a count -> the first value that divides by it
    for name, expression, _written in ctx.expressions():
        for part in subexpressions(expression):
            if isinstance(part, e.Divide):
                for count in _inputs(part.denominator, derived):
                    found.setdefault(count, name)
    for count, reader in found.items():
        spec = ruleset.inputs_by_name[count]
        if spec.kind != "count" or own.get(count, (None, None))[0] is not None \
                or not ctx.here(spec.span):
            continue
        yield warning(
            "W501", _("count '{count}' is a denominator (in '{reader}') but does not say how a "
                      "plan may change it: zona gap may propose lowering it", count=count,
                      reader=reader), spec.span,
            _("An obligation (complaints to follow up, officials who must report) should say "
              "`change up`; write `change free` if a lower count is a real improvement."))


def _inputs(expression: e.Expr, derived: dict[str, e.Expr]) -> Iterator[str]:
    seen: set[str] = set()
    stack = [expression]
    while stack:
        for var in e.variables(stack.pop()):
            if var.kind == "input":
                yield var.name
            elif var.kind == "derived" and var.name not in seen:
                seen.add(var.name)
                stack.append(derived[var.name])


__all__ = ["undeclared_denominators"]

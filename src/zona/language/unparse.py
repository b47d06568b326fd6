"""Syntax tree -> zona source text. `parse(unparse(tree)) == tree` holds."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from zona.language import syntax as s
from zona.numtext import exact_text

_PRECEDENCE = {"or": 1, "and": 2, "==": 4, "!=": 4, "<": 4, "<=": 4, ">": 4, ">=": 4,
               "+": 5, "-": 5, "*": 6, "/": 6}
_INDENT = "    "


def quote(text: str) -> str:
    """A string literal for any text."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return '"' + escaped.replace("\t", "\\t") + '"'


def number(value: Fraction) -> str:
    """A literal for a terminating decimal (what the grammar can write)."""
    text = exact_text(value)
    if "/" in text:
        raise ValueError(f"{value} has no finite decimal form")
    return text


def expression(expr: s.Expr, parent: int = 0) -> str:
    """Source text of an expression, parenthesised only where needed."""
    if isinstance(expr, s.Number):
        return _signed(expr.value)
    if isinstance(expr, s.Percent):
        return f"{number(expr.value)}%"
    if isinstance(expr, s.Ref):
        return expr.name
    if isinstance(expr, s.FactRef):
        return f"fact {expr.name}"
    if isinstance(expr, s.ShareRef):
        return f"share({expr.name})"
    if isinstance(expr, s.Call):
        return f"{expr.function}({', '.join(expression(a) for a in expr.args)})"
    if isinstance(expr, s.Negate):
        return _wrap(f"-{expression(expr.operand, 7)}", 7, parent)
    if isinstance(expr, s.Not):
        return _wrap(f"not {expression(expr.operand, 3)}", 3, parent)
    if isinstance(expr, s.If):
        text = (f"if {expression(expr.test, 1)} then {expression(expr.then)} "
                f"else {expression(expr.otherwise)}")
        return _wrap(text, 0, parent) if parent == 0 else f"({text})"
    level = _PRECEDENCE[expr.op]
    # comparisons do not chain: both sides bind tighter
    left_level = level + 1 if level == 4 else level
    text = f"{expression(expr.left, left_level)} {expr.op} {expression(expr.right, level + 1)}"
    return _wrap(text, level, parent)


def _signed(value: Fraction) -> str:
    return number(value) if value >= 0 else f"-{number(-value)}"


def _wrap(text: str, level: int, parent: int) -> str:
    return f"({text})" if level < parent else text


def condition(cond: s.Condition, parent: int = 0) -> str:
    """Source text of a predicate condition."""
    if isinstance(cond, s.Comparison):
        return f"{_quantity(cond.quantity)} {cond.op} {threshold(cond.threshold)}"
    if isinstance(cond, s.EveryChild):
        return (f"every child of {cond.group}: {cond.quantity} {cond.op} "
                f"{threshold(cond.threshold)}")
    if isinstance(cond, s.EveryUnder):
        return (f"every {cond.kind} under {cond.group}: {cond.quantity} {cond.op} "
                f"{threshold(cond.threshold)}")
    if isinstance(cond, s.PredicateRef):
        return f"predicate {cond.name}"
    if isinstance(cond, s.CondNot):
        return f"not {condition(cond.operand, 3)}"
    if isinstance(cond, s.CondAnd):
        return _wrap(f"{condition(cond.left, 2)} and {condition(cond.right, 3)}", 2, parent)
    return _wrap(f"{condition(cond.left, 1)} or {condition(cond.right, 2)}", 1, parent)


def _quantity(quantity: s.Quantity) -> str:
    if isinstance(quantity, s.ShareOf):
        return f"share({quantity.name})"
    if isinstance(quantity, s.FactOf):
        return f"fact {quantity.name}"
    if isinstance(quantity, s.GradeOf):
        return f"grade {quantity.name}"
    return quantity.name


def threshold(value: s.Threshold) -> str:
    """Source text of a predicate threshold."""
    if isinstance(value, s.NumberThreshold):
        return number(value.value)
    if isinstance(value, s.PercentThreshold):
        return f"{number(value.value)}%"
    if isinstance(value, s.LevelThreshold):
        return value.name
    return "yes" if value.value else "no"


def module(tree: s.Module) -> str:
    """Source text of a whole ruleset."""
    header = tree.header
    extends = f" extends {quote(header.extends)}" if header.extends is not None else ""
    lines = [f"ruleset {quote(header.id)}{extends} {{"]
    lines += [_INDENT + _member(a) for a in header.attrs]
    lines.append("}")
    for decl in tree.declarations:
        lines.append("")
        lines.extend(_declaration(decl))
    return "\n".join(lines) + "\n"


def _label(label: str | None) -> str:
    return f" {quote(label)}" if label is not None else ""


def _block(head: str, members: list[str]) -> list[str]:
    if not members:
        return [head + " {}"]
    return [head + " {", *(_INDENT + line for m in members for line in m.split("\n")), "}"]


def _declaration(decl: Any) -> list[str]:
    if isinstance(decl, s.ScaleDecl):
        return [_scale(decl)]
    if isinstance(decl, s.FactDecl):
        head = f"fact {decl.name}{_label(decl.label)} {_fact_type(decl.type)}"
        if decl.texts or decl.sources:
            return _block(head, [*(_member(t) for t in decl.texts),
                                 *(f"from {quote(f.ruleset)} {f.quantity} {f.name}"
                                   for f in decl.sources)])
        return [head]
    if isinstance(decl, s.NodeDecl):
        members = ["\n".join(_member_lines(m)) for m in decl.members]
        return _block(f"{decl.kind} {decl.name}{_label(decl.label)}", members)
    if isinstance(decl, s.InputDecl):
        return _block(f"input {decl.name}{_label(decl.label)}",
                      [_member(m) for m in decl.members])
    if isinstance(decl, s.DerivedDecl):
        return _texts_after(f"derived {decl.name}{_label(decl.label)} = "
                            f"{expression(decl.expr)}", decl.texts)
    if isinstance(decl, s.ViewSum):
        return _texts_after(f"view {decl.name}{_label(decl.label)} = {' + '.join(decl.parts)}",
                            decl.texts)
    if isinstance(decl, s.GradeDecl):
        by = f" by {expression(decl.by)}" if decl.by is not None else ""
        return _block(f"grade {decl.name}{_label(decl.label)}{by}",
                      ["\n".join(_member_lines(m)) for m in decl.members])
    if isinstance(decl, s.ViewGroup):
        members = ["\n".join(_member_lines(m)) for m in decl.members]
        return _block(f"view {decl.name}{_label(decl.label)}", members)
    if isinstance(decl, s.PredicateDecl):
        return _block(f"predicate {decl.name}{_label(decl.label)}",
                      [_member(m) for m in decl.members])
    if isinstance(decl, s.Amend):
        return _block(f"amend {decl.name}", [_member(m) for m in decl.members])
    if isinstance(decl, s.Remove):
        return [f"remove {decl.name}"]
    if isinstance(decl, s.Move):
        return [f"move {decl.name} to {decl.parent}"]
    if isinstance(decl, s.AddTo):
        members = ["\n".join(_declaration(d)) for d in decl.declarations]
        return _block(f"add to {decl.parent}", members)
    raise TypeError(f"not a declaration: {decl!r}")


def _scale(decl: s.ScaleDecl) -> str:
    span = f" range {_signed(decl.range[0])}..{_signed(decl.range[1])}" if decl.range else ""
    body = [f"assumed {quote(a.text)}" for a in decl.assumptions]
    body.append(", ".join(_option(o) for o in decl.options))
    return f"scale {decl.name}{_label(decl.label)}{span} {{ {' '.join(body)} }}"


def _option(option: s.ScaleOption) -> str:
    value = "na" if option.na else number(option.value) if option.value is not None else None
    given = f" = {value}" if value is not None else ""
    return f"{option.name}{given}{_label(option.label)}"


def _texts_after(head: str, texts: tuple[Any, ...]) -> list[str]:
    """A declaration with an optional trailing block of texts."""
    return _block(head, [_member(t) for t in texts]) if texts else [head]


def band(value: s.Band) -> str:
    """Source text of a grade level's band: `> 60 .. 70`, `.. < 1.8`, `> 90 ..`."""
    low = "" if value.low is None else f"{'> ' if value.low_open else ''}{_signed(value.low)} "
    high = "" if value.high is None else \
        f" {'< ' if value.high_open else ''}{_signed(value.high)}"
    return f"{low}..{high}"


def _level(level: s.LevelDecl) -> list[str]:
    head = f"level {level.name}{_label(level.label)}"
    if level.band is not None:
        head += f" {band(level.band)}"
    if level.when is not None:
        head += f" when {condition(level.when)}"
    return _texts_after(head, level.texts)


def _member_lines(member: Any) -> list[str]:
    if isinstance(member, s.LevelDecl):
        return _level(member)
    if isinstance(member, s.NodeDecl | s.InputDecl | s.DerivedDecl | s.ViewSum | s.ViewGroup):
        return _declaration(member)
    return [_member(member)]


def _fact_type(fact_type: s.FactType) -> str:
    if isinstance(fact_type, s.YesNoType):
        return "yesno"
    if isinstance(fact_type, s.LevelsType):
        return f"levels {{ {', '.join(fact_type.levels)} }}"
    if fact_type.low is None or fact_type.high is None:
        return "number"
    return f"number {_signed(fact_type.low)}..{_signed(fact_type.high)}"


def _member(member: Any) -> str:
    if isinstance(member, s.Title):
        return f"title{' ' + member.lang if member.lang else ''} {quote(member.text)}"
    if isinstance(member, s.Regulation):
        return f"regulation {quote(member.text)}"
    if isinstance(member, s.Effective):
        end = f" {member.end.isoformat()}" if member.end else ""
        return f"effective {member.start.isoformat()} ..{end}"
    if isinstance(member, s.Maximum):
        return f"maximum {number(member.value)}"
    if isinstance(member, s.MissingPolicy):
        return f"missing {member.policy}"
    if isinstance(member, s.NaPolicy):
        return f"na {member.policy}"
    if isinstance(member, s.WeightIs):
        return f"weight = {expression(member.expr)}"
    if isinstance(member, s.Text):
        return f"{member.kind}{' ' + member.lang if member.lang else ''} {quote(member.text)}"
    if isinstance(member, s.Assumed):
        return f"assumed {quote(member.text)}"
    if isinstance(member, s.Assessors):
        return f"assessors {', '.join(member.names)}"
    if isinstance(member, s.Weight):
        return f"weight {number(member.value)}"
    if isinstance(member, s.Aggregate):
        return f"aggregate {member.how}"
    if isinstance(member, s.ScoreIs):
        return f"score = {expression(member.expr)}"
    if isinstance(member, s.ScaleRef):
        return f"scale {member.name}"
    if isinstance(member, s.Soal):
        return f"soal {member.number}"
    if isinstance(member, s.CountType):
        return "count"
    if isinstance(member, s.DecimalType):
        return f"decimal {_signed(member.low)}..{_signed(member.high)}"
    if isinstance(member, s.Require):
        return f"require {condition(member.condition)}"
    if isinstance(member, s.GradeBy):
        return f"by {expression(member.expr)}"
    if isinstance(member, s.LevelDecl):
        return "\n".join(_level(member))
    if isinstance(member, s.ChangeRule):
        return f"change {member.direction}"
    if isinstance(member, s.Measured):
        return "measured" if member.measured else "measured no"
    if isinstance(member, s.Words):
        return f"{member.kind}{' ' + member.lang if member.lang else ''} {quote(member.text)}"
    raise TypeError(f"not a member: {member!r}")

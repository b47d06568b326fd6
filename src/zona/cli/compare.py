"""`zona compare --ruleset R unit.json tpi.json [tpn.json]`: where assessors disagree."""

from __future__ import annotations

import argparse
import sys
from decimal import Decimal
from fractions import Fraction
from typing import TextIO

from zona.analysis.compare import Comparison, compare
from zona.analysis.diff_grades import grade_word, said_grade
from zona.cli.common import (
    Commands,
    add_fact_arguments,
    command_facts,
    load_ruleset,
    write_json,
)
from zona.i18n import _, exact, number, pgettext
from zona.io.assessors import answer_text, read_assessors
from zona.limits import printable
from zona.model import Node

WIDTH = 9
FINAL = 14


def register(commands: Commands[argparse.ArgumentParser]) -> None:
    """Add the `compare` subcommand."""
    parser = commands.add_parser(
        "compare", help=_("compare the unit's, the TPI's and the TPN's answers for one unit"))
    parser.add_argument("files", nargs="+", metavar="FILE",
                        help=_("answer sheets, one per assessor: NAME=PATH names the assessor; "
                               "a PortalRB list with jawaban_unit and jawaban_tpi holds two; "
                               "otherwise they are unit, tpi, tpn in the order given"))
    parser.add_argument("--ruleset", "-r", metavar="RULESET", required=True,
                        help=_("a ruleset file (.zona) or a built-in ruleset's name"))
    parser.add_argument("--json", action="store_true", help=_("print a JSON document"))
    parser.add_argument("--depth", type=int, default=2,
                        help=_("levels of the tree to show in the scores (default 2)"))
    add_fact_arguments(parser, _("the unit"))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, out: TextIO) -> int:

    ruleset = load_ruleset(args.ruleset)
    facts = command_facts(args, ruleset)
    sheets, warnings = read_assessors(args.files, ruleset)
    for path, warning in warnings:
        print(_("{file}: warning: {warning}", file=path, warning=warning), file=sys.stderr)
    found = compare(ruleset, sheets, facts)
    if args.json:
        write_json(out, found.to_dict(), ruleset)
    else:
        out.write(render(found, args.depth) + "\n")
    return 0


def render(found: Comparison, depth: int = 2) -> str:
    """The comparison as text: disagreements, scores and predicates side by side."""
    names = [*reversed(found.assessors), "final"]
    head = _row("", [*names[:-1], _("final")])
    lines = [f"{found.ruleset.id}" + (f" -- {printable(found.unit)}" if found.unit else ""),
             _("assessors, the first prevails: {names}", names=", ".join(
                 f"{printable(a)} ({printable(found.sheets[a].source)})"
                 for a in found.assessors)), "",
             _("answers that differ: {count} of {asked}", count=len(found.disagreements),
               asked=len(found.ruleset.inputs))]
    if found.disagreements:
        lines.append(head)
    results = {a: found.results[a] for a in found.assessors}
    for item in found.disagreements:
        cells = [_answer(item.answers[a]) if a in item.answers else "-" for a in names[:-1]]
        cells.append(f"{_answer(item.answers[item.final])} ({item.final})")
        lines.append(_row(_label(item.input, item.label), cells))
        if item.node is not None:
            scores = [number(item.scores[a]) if a == "final" or
                      results[a].nodes[item.node].answered else "-" for a in names]
            lines.append(_row("  " + _("score of {node}", node=item.node), scores))
        for alternative in item.alternatives:
            change = "; ".join([*(f"{p} {_verdict(a)} -> {_verdict(b)}"
                                  for p, (a, b) in alternative.flips.items()),
                                *(f"{g} {said_grade(a)} -> {said_grade(b)}"
                                  for g, (a, b) in alternative.grades.items())])
            lines.append("    " + _("with {assessor}'s answer {answer}: total {before} -> "
                                   "{after}; ", assessor=alternative.assessor,
                                   answer=printable(_answer(alternative.answer)),
                                   before=number(found.final.total.score),
                                   after=number(alternative.total))
                         + (_("FLIPS {change}", change=change) if change
                            else _("no predicate or grade changes")))
    ordered = [*(found.results[a] for a in reversed(found.assessors)), found.final]
    columns = [*names[:-1], _("final")]
    lines += ["", _row(_("scores"), columns)]
    depths = _depths(found.ruleset.root)
    for node in found.final.total.walk():
        level = depths[node.name]
        if level <= depth:
            label = "  " * level + _label(node.name, node.node.texts.label or "")
            lines.append(_row(label, [number(r.nodes[node.name].score) for r in ordered]))
    lines += ["", _row(_("predicates"), columns)]
    for name in found.final.predicates:
        lines.append(_row(name, [_verdict(r.predicates[name].passed) for r in ordered]))
    if found.final.grades:
        lines += ["", _row(_("grades"), columns)]
        for name in found.final.grades:
            lines.append(_row(name, [said_grade(grade_word(r.grades[name])) for r in ordered]))
    return "\n".join(lines)


def _row(label: str, cells: list[str]) -> str:
    """A label and right-aligned cells; the last (final) cell is wider."""
    shown = [_cut(c, WIDTH) for c in cells[:-1]] + [_cut(cells[-1], FINAL)] if cells else []
    widths = [WIDTH] * (len(shown) - 1) + [FINAL]
    return f"{_cut(label, 48):<48} " + " ".join(f"{c:>{w}}" for c, w in zip(shown, widths,
                                                                           strict=True))


def _cut(text: str, width: int) -> str:
    """One line of at most `width` characters, control characters escaped (a label's ESC
    or newline never reaches the terminal)."""
    text = printable(text.replace("\n", " "), len(text))
    return text if len(text) <= width else text[:width - 1] + "…"


def _depths(node: Node, level: int = 0) -> dict[str, int]:
    found = {node.name: level}
    for child in node.children:
        found.update(_depths(child, level + 1))
    return found


def _answer(raw: object) -> str:
    """An answer for a person: a number as the language writes it, a text as written."""
    if isinstance(raw, Decimal) and not raw.is_finite():
        return answer_text(raw)
    if isinstance(raw, int | Fraction | Decimal) and not isinstance(raw, bool):
        return exact(Fraction(raw))
    return answer_text(raw)


def _label(name: str, label: str) -> str:
    return f"{name}  {' '.join(label.split())}".strip()


def _verdict(passed: bool | None) -> str:
    return {True: pgettext("short verdict", "passed"),
            False: pgettext("short verdict", "failed"),
            None: pgettext("short verdict", "undecided")}[passed]


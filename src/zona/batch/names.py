"""Which column of a table holds which input and which fact: the one reading of a table's
column names that batch scoring and the SQL query share (no numpy needed)."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from zona import model as m
from zona.errors import AnswerProblem, ZonaAnswerError, ZonaError
from zona.i18n import _
from zona.io.sheets import FACT_PREFIX, SOAL, input_id


@attrs.define
class Columns:
    """Which column holds each input and fact, the columns carried over, and warnings."""

    inputs: dict[str, str] = attrs.field(factory=dict)  # input id -> column
    facts: dict[str, str] = attrs.field(factory=dict)  # fact id -> column
    carried: list[str] = attrs.field(factory=list)
    warnings: list[str] = attrs.field(factory=list)


def columns_of(ruleset: m.Ruleset, names: Sequence[str]) -> Columns:
    """Each column's meaning: an input (by id, `soal_<n>` or `soal <n>`), a fact
    (`fact:NAME`), or carried over; a ZonaAnswerError for two columns of one input or
    fact, a `fact:` column naming no fact, or no column naming a question."""
    found = Columns()
    problems: list[AnswerProblem] = []
    facts = ruleset.facts_by_name
    for name in names:
        key = name.strip()
        if key.startswith(FACT_PREFIX):
            fact = key[len(FACT_PREFIX):]
            if fact not in facts:
                problems.append(AnswerProblem(name, _("{ruleset} has no fact {fact}",
                                                        ruleset=ruleset.id, fact=repr(fact))))
            elif fact in found.facts:
                problems.append(AnswerProblem(name, _("a second column for fact {fact} "
                                                      "(first: {first})", fact=fact,
                                                      first=found.facts[fact])))
            else:
                found.facts[fact] = name
            continue
        input_name = input_id(key, ruleset)
        if input_name in ruleset.inputs_by_name:
            if input_name in found.inputs:
                problems.append(AnswerProblem(name, _("a second column for {input} "
                                                      "(first: {first})", input=input_name,
                                                      first=found.inputs[input_name])))
            else:
                found.inputs[input_name] = name
            continue
        if SOAL.fullmatch(key):
            found.warnings.append(_("column {name} names no soal of {ruleset}; it is carried "
                                    "over as it is", name=repr(name), ruleset=ruleset.id))
        found.carried.append(name)
    if problems:
        raise ZonaAnswerError(problems, "table")
    if not found.inputs and ruleset.inputs:
        raise ZonaAnswerError([AnswerProblem("table", _("no column names a question: use "
                                                       "input ids (q1, ...) or soal_<n>"))],
                              "table")
    return found


#: the kinds of node an analyst reads by default (with total, views and the items under them)
_READ = frozenset({"component", "subcomponent", "area"})


def default_outputs(ruleset: m.Ruleset) -> list[str]:
    """The scores batch scoring and SQL return by default: `total`; every component,
    subcomponent and area (in a ruleset without these kinds, every node of the first two
    levels that is not a question); the items directly under them (IPAK, IPKP); every
    view. `nodes="all"` asks for every node."""
    chosen: list[str] = ["total"]
    kinds = {node.kind for node in ruleset.nodes.values()}

    def visit(node: m.Node, depth: int) -> None:
        for child in node.children:
            if _READ & kinds:
                wanted = child.kind in _READ or (
                    child.kind == "item" and (node.kind in _READ or node is ruleset.root))
            else:
                wanted = depth < 2 and child.kind != "question"
            if wanted:
                chosen.append(child.name)
                visit(child, depth + 1)

    visit(ruleset.root, 0)
    return [*chosen, *(v.name for top in ruleset.views for v in top.walk())]


def outputs(ruleset: m.Ruleset, nodes: Sequence[str] | str | None) -> list[str]:
    """The scores to return: the defaults (None), every node and view ("all"), or `total`
    and the nodes and views named."""
    views = [v.name for top in ruleset.views for v in top.walk()]
    if nodes == "all":
        return [*ruleset.nodes, *views]
    if nodes is None:
        return default_outputs(ruleset)
    if isinstance(nodes, str):
        raise ZonaError(_("nodes={nodes}: give 'all' or a list of node and view ids",
                          nodes=repr(nodes)))
    unknown = [n for n in nodes if n not in ruleset.nodes and n not in views]
    if unknown:
        raise ZonaError(_("{ruleset} has no node or view {names}", ruleset=ruleset.id,
                          names=", ".join(map(repr, unknown))))
    return list(dict.fromkeys(["total", *nodes]))


__all__ = ["Columns", "columns_of", "default_outputs", "outputs"]

"""Chained facts (`fact sakip levels {...} { from "sakip-88-2021" grade predikat }`): the
ruleset a fact comes from is found as an `extends` base is (`NAME.zona` beside the file, else
a built-in ruleset), compiled, and asked whether its grade, node or view can be the fact's
value (zona.model.chaining). A ruleset that cannot be found is not an error here: scoring
checks the Result it is given instead."""

from __future__ import annotations

from collections.abc import Mapping

from zona.compiler.build import compile_module
from zona.compiler.loader import find_ruleset, load_module, read_ruleset
from zona.errors import Diagnostic, ZonaCompileError, ZonaError
from zona.i18n import _
from zona.language import syntax as s
from zona.model import Ruleset
from zona.model.chaining import source_problem
from zona.source import Source, Span


def compile_source(source: Source, chain: tuple[str, ...] = ()) -> Ruleset:
    """Compile a ruleset and check its chained facts against the rulesets they come from;
    `chain` holds the ids of the rulesets whose facts led here (to find a circle)."""
    module, bases = load_module(source)
    ruleset = compile_module(module, source, bases)
    spans = {d.name: d.sources[0].span for d in module.declarations
             if isinstance(d, s.FactDecl) and d.sources}
    problems = chain_problems(ruleset, source, chain, spans)
    if problems:
        raise ZonaCompileError(problems, source, bases)
    return ruleset


def chain_problems(ruleset: Ruleset, source: Source, chain: tuple[str, ...] = (),
                   spans: Mapping[str, Span | None] | None = None) -> list[Diagnostic]:
    """What is wrong with the chained facts of a compiled ruleset, for those whose ruleset
    can be found (each at `spans[fact]`, its `from`, else at the fact); that ruleset's own
    problems are raised against its own file."""
    here = (*chain, ruleset.id)
    found: list[Diagnostic] = []
    for fact in ruleset.facts:
        origin = fact.source
        if origin is None:
            continue
        span = (spans or {}).get(fact.name, fact.span)
        if origin.ruleset in here:
            circle = " -> ".join([*here, origin.ruleset])
            found.append(Diagnostic(_("circular chain: {circle}", circle=circle), span,
                                    code="chain"))
            continue
        try:
            path = find_ruleset(origin.ruleset, source)
        except ZonaError:
            continue  # not beside this file and not built in: the Result is checked instead
        other = compile_source(read_ruleset(path, source, span, "chain"), here)
        problem = source_problem(fact, other, origin) if other.id == origin.ruleset else (
            _("fact '{fact}' comes from '{origin}', but {path} is the ruleset '{other}'",
              fact=fact.name, origin=origin.ruleset, path=path, other=other.id))
        if problem is not None:
            found.append(Diagnostic(problem, span, code="chain"))
    return found

"""A ruleset as one SQL query that scores a table of answers inside a database.

Every value is an exact rational held as an integer numerator `n` over a denominator
`s * b`: `s` is static (worked out here: the least common multiple of what the value's
parts need, such as option values, weights and 1..k for a mean of k children) and `b`
is dynamic (a per-row integer: 10**scale of a decimal answer, a divide()'s
denominator). Sums, means, min/max, `if` and divide are integer arithmetic on these;
every comparison (thresholds, `if` tests, min/max) cross-multiplies, so verdicts are
exact. Integers are HUGEINT (DuckDB) or DECIMAL(38, 0) (Spark); a unit whose numbers
outgrow 38 digits raises an overflow error (DuckDB) or gets NULLs (Spark), never a
wrong verdict. See docs/batch.md.

This module assembles the query; the parts are in sql_dialect (spelling), sql_exact
(the arithmetic), sql_layout (the CTEs), sql_read (answers and facts), sql_expressions
and sql_tree (scores) and sql_predicates (verdicts).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from zona import model as m
from zona.batch import SUPPORTED, names
from zona.batch.names import Columns, columns_of
from zona.batch.sql_dialect import DIALECTS, Dialect, joined, quote
from zona.batch.sql_exact import Exact, Rat
from zona.batch.sql_layout import Layout
from zona.batch.sql_predicates import Predicates
from zona.batch.sql_read import Facts, Reader, given_facts
from zona.batch.sql_tree import Tree
from zona.errors import AnswerProblem, ZonaAnswerError, ZonaError
from zona.i18n import N_, _
from zona.io.sheets import FACT_PREFIX

# the problems the query writes, in the language in use when it is made
_UNANSWERED = N_("unanswered, and the missing-answer policy here is 'error'")
_NOTHING = N_("nothing it depends on was answered, and the missing-answer policy here is "
              "'error'")


def to_sql(ruleset: m.Ruleset, dialect: str = "duckdb", table: str = "answers", *,
           soal: bool | None = None, columns: object = None,
           keep: Sequence[str] | None = None, facts: Mapping[str, object] | None = None,
           nodes: Sequence[str] | str | None = None) -> str:
    """One SELECT scoring every row of `table`: the table batch scoring reads (one unit per
    row, a column per input named by its id or `soal_<n>`, facts as `fact:NAME` columns).

    `columns`: the table's column names (or the table itself: a pandas, polars, Arrow,
    DuckDB or Spark table), read as batch scoring reads them: inputs without a column are
    unanswered, facts come from their `fact:NAME` columns, and the other columns are kept.
    Without `columns`, an input is read from its id's column or its `soal_<n>` column
    (`soal=True` or `False`: only that one), and every fact not in `facts` from its
    `fact:NAME` column; DuckDB takes a column the table lacks as empty (NULL), Spark stops
    with an error naming it. `keep`: columns to carry into the result; `facts`: facts for
    every row (a fact given both ways is an error when `columns` shows it). The result holds
    the kept columns, `total`, every node's and view's score (DOUBLE; `nodes=` picks some), a
    BOOLEAN per predicate (NULL when a needed fact is unknown), a text per grade (its level;
    NULL when undecided or unanswered), and `problems`: NULL for a unit that could be scored,
    else what is wrong (its scores, verdicts and grades are then NULL). A ruleset whose
    weights depend on facts is scored with the weights of `facts`.
    """
    ruleset.refuse(N_("the SQL back end"), SUPPORTED)
    if ruleset.weight_facts:  # weights that depend on facts: fixed by `facts` for every row
        if not all((facts or {}).get(f) is not None for f in ruleset.weight_facts):
            raise ZonaError(_("this ruleset's weights depend on facts ({facts}); give them "
                              "for every row with facts=",
                              facts=", ".join(ruleset.weight_facts)))
        ruleset = ruleset.specialise(facts or {})
    sql = Dialect.named(dialect)
    named = None if columns is None else columns_of(ruleset, column_names(columns))
    if named is not None:
        _given_once(ruleset, facts or {}, named)
    given = given_facts(ruleset, facts or {})
    outputs = names.outputs(ruleset, nodes)
    taken = [*ruleset.inputs_by_name, *ruleset.nodes, *(p.name for p in ruleset.predicates),
             *(g.name for g in ruleset.grades), *(f"soal_{i.soal}" for i in ruleset.inputs),
             *(keep or ()), *(column_names(columns) if columns is not None else ()), table]
    exact, layout = Exact(sql), Layout(taken)  # internal names no input name starts
    reader = Reader(exact, layout, named, soal)
    values = reader.inputs(ruleset)
    read = reader.facts(ruleset, given)
    tree = Tree(ruleset, exact, layout, values, read, reader.na)
    tree.build()
    verdicts = Predicates(ruleset, exact, layout, tree, read)
    grades = {g.name: verdicts.grades.text(g.name) for g in ruleset.grades}
    problems = _problems(ruleset, reader, values, tree, read)
    ok = f"{layout.problems} IS NULL"
    if keep is None:
        keep = named.carried if named is not None else ()
    selects = [sql.ident(c) for c in keep]
    for name in outputs:
        score = tree.scores[name]
        value = (f"CAST({score.n} AS DOUBLE) / (CAST({score.s} AS DOUBLE) * "
                 f"CAST({exact.b(score)} AS DOUBLE))")
        selects.append(f"CASE WHEN {ok} THEN COALESCE({value}, 0.0) END AS {sql.ident(name)}")
    for p in ruleset.predicates:
        selects.append(f"CASE WHEN {ok} THEN {verdicts.predicate(p)} END AS "
                       f"{sql.ident(p.name)}")
    for name, text in grades.items():
        selects.append(f"CASE WHEN {ok} THEN {text} END AS {sql.ident(name)}")
    selects.append(f"{layout.problems} AS {sql.ident('problems')}")
    defaults = [sql.ident(c) for c in reader.defaults]
    only = None if named is not None else [sql.ident(c) for c in dict.fromkeys(
        [*reader.used, *keep])]  # a column the query does not know never enters it
    return ("WITH " + ",\n".join(layout.ctes(table, problems, defaults, only)) + "\nSELECT\n  "
            + ",\n  ".join(selects) + f"\nFROM {layout.done}")


def column_names(table: object) -> list[str]:
    """A table's column names: `columns` (pandas, polars, DuckDB, Spark), `column_names`
    (Arrow), or the names themselves."""
    for attribute in ("column_names", "columns"):
        found = getattr(table, attribute, None)
        if found is not None and not callable(found):
            return [str(c) for c in found]
    if isinstance(table, str) or not isinstance(table, Collection):
        raise ZonaError(_("columns=: expected column names or a table, not {kind}",
                          kind=type(table).__name__))
    return [str(c) for c in table]


def _given_once(ruleset: m.Ruleset, facts: Mapping[str, object], named: Columns) -> None:
    """A fact given for every row and as a column is an error, as in batch scoring."""
    twice = [AnswerProblem(f"facts.{name}", _("also given by column {column}; give it once",
                                              column=repr(named.facts[name])))
             for name in facts if name in named.facts]
    if twice:
        raise ZonaAnswerError(twice, "facts")


def _problems(ruleset: m.Ruleset, reader: Reader, values: Mapping[str, Rat],
              tree: Tree, facts: Facts) -> str:
    """SQL for a row's problems: reading problems, facts that expressions read but nobody
    gave, and unanswered required inputs, else formula scores out of range, else nodes left
    unanswered under the 'error' policy (what does not apply is not unanswered)."""
    from zona.scoring import plan_of

    plan = plan_of(ruleset)
    needed = [f"CASE WHEN {facts.sql[fact]} IS NULL THEN "
              + quote(f"{FACT_PREFIX}{fact}: "
                      + _("needed by '{owner}', but not given", owner=owner)) + " END"
              for fact, owner in plan.expression_facts.items()]
    required = []
    for name in plan.required:
        found = reader.source(ruleset.inputs_by_name[name])
        column = quote(name) if found is None else found[1]
        message = f"{column} || {quote(': ' + _(_UNANSWERED))}"
        na = reader.na.get(name, "FALSE")
        required.append(f"CASE WHEN {values[name].n} IS NULL AND NOT {na} THEN {message} END")
    unanswered = [
        f"CASE WHEN {tree.scores[n.name].n} IS NULL AND NOT {tree.na.get(n.name, 'FALSE')} "
        f"THEN {quote(n.name + ': ' + _(_NOTHING))} END"
        for n in ruleset.nodes.values() if n.missing == "error" and n.name != "total"]
    return (f"COALESCE({joined(reader.problems + needed + required)}, "
            f"{joined(tree.checks)}, {joined(unanswered)})")


__all__ = ["DIALECTS", "Rat", "column_names", "quote", "to_sql"]

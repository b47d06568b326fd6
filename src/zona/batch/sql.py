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
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Mapping, Sequence
from fractions import Fraction

import attrs

from zona import model as m
from zona.errors import ZonaError
from zona.io.sheets import FACT_PREFIX
from zona.model import expr as e

DIALECTS = ("duckdb", "spark")
_DECIMAL = r"[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)"
_WHOLE = r"[+]?[0-9]+([.]0*)?"
_COLUMN = re.compile(r"\bz[a-z]\d+\b")
_UNANSWERED = "unanswered, and the missing-answer policy here is 'error'"
_NOTHING = "nothing it depends on was answered, and the missing-answer policy here is 'error'"
_OPS = {"==": "=", "!=": "<>", "<": "<", "<=": "<=", ">": ">", ">=": ">="}


@attrs.frozen
class Rat:
    """An exact value n / (s * b): n is SQL (NULL when unanswered), b SQL or None (1)."""

    n: str
    s: int
    b: str | None = None


def to_sql(ruleset: m.Ruleset, dialect: str = "duckdb", table: str = "answers", *,
           soal: bool = False, columns: Collection[str] | None = None,
           keep: Sequence[str] = (), facts: Mapping[str, object] | None = None,
           nodes: Sequence[str] | None = None) -> str:
    """One SELECT scoring every row of `table`: one unit per row, a column per input named
    by its id (or `soal_<n>` with soal=True), facts as `fact:NAME` columns.

    `columns`: the table's columns: inputs without one are unanswered, and facts are read
    from the `fact:NAME` columns among them (without `columns`, every input has a column
    and facts come only from `facts`); `keep`: columns to carry into the result; `facts`: facts for
    every row. The result holds the kept columns, `total`, every node's and view's score
    (DOUBLE; `nodes=` picks some), a BOOLEAN per predicate (NULL when a needed fact is
    unknown), and `problems`: NULL for a unit that could be scored, else what is wrong
    (its scores and verdicts are then NULL).
    """
    return _Compiler(ruleset, dialect, table, soal, columns, keep, facts or {},
                     nodes).query()


def quote(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


class _Compiler:
    def __init__(self, ruleset: m.Ruleset, dialect: str, table: str, soal: bool,
                 columns: Collection[str] | None, keep: Sequence[str],
                 facts: Mapping[str, object], nodes: Sequence[str] | None) -> None:
        if dialect not in DIALECTS:
            raise ZonaError(f"unknown SQL dialect {dialect!r}: use {' or '.join(DIALECTS)}")
        self.ruleset, self.table, self.keep = ruleset, table, list(keep)
        self.spark = dialect == "spark"
        self.int = "DECIMAL(38, 0)" if self.spark else "HUGEINT"
        self.present = None if columns is None else set(columns)
        self.soal = soal
        self.given = _given_facts(ruleset, facts)
        self.values: dict[str, Rat] = {}  # inputs (as values) and derived values
        self.numbers: dict[str, Rat] = {}  # number facts read from columns
        self.scores: dict[str, Rat] = {}  # nodes and views
        self.levels: list[dict[str, str]] = [{}]  # computed columns, by CTE
        self.level_of: dict[str, int] = {}
        self.problems: list[str] = []  # reading problems, each SQL text or NULL
        self.checks: list[str] = []  # evaluation problems
        self.required: list[str] = []
        outputs = [*ruleset.nodes, *(v.name for t in ruleset.views for v in t.walk())]
        self.outputs = outputs if nodes is None else list(dict.fromkeys(["total", *nodes]))
        for name in self.outputs:
            if name not in outputs:
                raise ZonaError(f"{ruleset.id} has no node or view {name!r}")

    # --- SQL details -----------------------------------------------------------------

    def ident(self, name: str) -> str:
        if self.spark:
            return "`" + name.replace("`", "``") + "`"
        return '"' + name.replace('"', '""') + '"'

    def lit(self, value: int) -> str:
        return f"CAST({value} AS {self.int})"

    def text(self, column: str) -> str:
        kind = "STRING" if self.spark else "VARCHAR"
        return f"NULLIF(TRIM(CAST({self.ident(column)} AS {kind})), '')"

    def matches(self, text: str, pattern: str) -> str:
        if self.spark:
            return f"({text} RLIKE '^{pattern}$')"
        return f"regexp_full_match({text}, '{pattern}')"

    def column(self, kind: str, sql: str) -> str:
        """A computed column (named z<kind><number>: safe in any case-insensitive
        dialect), placed in the first CTE after the columns it uses."""
        name = f"z{kind}{len(self.level_of)}"
        level = 1 + max((self.level_of[n] for n in _COLUMN.findall(sql)), default=0)
        while len(self.levels) <= level:
            self.levels.append({})
        self.levels[level][name] = sql
        self.level_of[name] = level
        return name

    # --- inputs -------------------------------------------------------------------------

    def source(self, spec: m.Input) -> str | None:
        name = f"soal_{spec.soal}" if self.soal and spec.soal is not None else spec.name
        return name if self.present is None or name in self.present else None

    def inputs(self) -> None:
        for spec in self.ruleset.inputs:
            source = self.source(spec)
            if source is None:
                self.values[spec.name] = Rat("NULL", 1)
                continue
            text = self.text(source)
            label = f"{source}: "
            if spec.kind == "choice":
                self.values[spec.name] = self.choice(spec, text, label)
            elif spec.kind == "count":
                self.values[spec.name] = self.count(spec, text, label)
            else:
                self.values[spec.name] = self.decimal(spec, text, label)

    def choice(self, spec: m.Input, text: str, label: str) -> Rat:
        assert spec.scale is not None
        options = spec.scale.options
        common = _lcm(*(o.value.denominator for o in options))
        cases = [f"WHEN {text} = {quote(o.name)} THEN {o.value * common}" for o in options]
        lowered = [o.name.lower() for o in options]
        cases += [f"WHEN LOWER({text}) = {quote(o.name.lower())} THEN {o.value * common}"
                  for o in options if lowered.count(o.name.lower()) == 1]
        value = self.column("v", f"CAST(CASE {' '.join(cases)} END AS {self.int})")
        shown = ", ".join(spec.scale.names)
        scale = spec.scale.label or spec.scale.name
        message = quote(f" is not on the scale {scale} ({shown})")
        self.problems.append(
            f"CASE WHEN {text} IS NOT NULL AND {value} IS NULL THEN "
            f"{quote(label)} || {_quoted(text)} || {message} END")
        return Rat(value, common)

    def count(self, spec: m.Input, text: str, label: str) -> Rat:
        whole = self.matches(text, _WHOLE)
        part = f"SPLIT_PART({text}, '.', 1)" if not self.spark \
            else f"SPLIT({text}, '[.]')[0]"
        value = self.column("v", f"CASE WHEN {whole} THEN CAST({part} AS {self.int}) END")
        self.problems.append(
            f"CASE WHEN {text} IS NOT NULL AND NOT {whole} THEN {quote(label)} || {text} || "
            f"CASE WHEN {self.matches(text, _DECIMAL)} AND {text} LIKE '-%' THEN "
            f"' is negative; a count is 0, 1, 2, ...' ELSE "
            f"' is not a whole number; a count is 0, 1, 2, ...' END END")
        return Rat(value, 1)

    def decimal(self, spec: m.Input, text: str, label: str) -> Rat:
        ok = self.matches(text, _DECIMAL)
        digits = f"CASE WHEN POSITION('.' IN {text}) > 0 THEN LENGTH({text}) - " \
                 f"POSITION('.' IN {text}) ELSE 0 END"
        number = self.column("v", f"CASE WHEN {ok} THEN CAST(REPLACE(REPLACE({text}, '.', ''), "
                                  f"'+', '') AS {self.int}) END")
        scale = self.column("b", f"CASE WHEN {ok} THEN CAST(CONCAT('1', "
                                 f"REPEAT('0', {digits})) AS {self.int}) END")
        value = Rat(number, 1, scale)
        bounds = []
        if spec.low is not None:
            bounds.append(self.compare(value, "<", _const(spec.low)))
        if spec.high is not None:
            bounds.append(self.compare(value, ">", _const(spec.high)))
        low = _text(spec.low or Fraction(0))
        high = _text(spec.high or Fraction(0))
        outside = " OR ".join(bounds) or "FALSE"
        self.problems.append(
            f"CASE WHEN {text} IS NOT NULL AND NOT {ok} THEN {quote(label)} || '''' || {text} "
            f"|| ''' is not a number' WHEN {number} IS NOT NULL AND ({outside}) THEN "
            f"{quote(label)} || {text} || {quote(f' is outside {low}..{high}')} END")
        return value

    # --- exact arithmetic ---------------------------------------------------------------

    def b(self, value: Rat) -> str:
        return value.b if value.b is not None else "1"

    def scaled(self, value: Rat, s: int) -> str:
        factor = s // value.s
        return value.n if factor == 1 else f"({value.n} * {self.lit(factor)})"

    def add(self, parts: Sequence[Rat], negate: Sequence[bool] = ()) -> Rat:
        """The sum of the parts (unanswered parts count as 0)."""
        s = _lcm(*(p.s for p in parts))
        dynamic = [i for i, p in enumerate(parts) if p.b is not None]
        terms = []
        for i, part in enumerate(parts):
            others = [f"COALESCE({parts[j].b}, 1)" for j in dynamic if j != i]
            term = " * ".join([f"COALESCE({self.scaled(part, s)}, 0)", *others])
            terms.append(("- " if negate and negate[i] else "+ ") + term)
        b = " * ".join(f"COALESCE({parts[j].b}, 1)" for j in dynamic) or None
        return Rat(f"({' '.join(terms)})", s, f"({b})" if b else None)

    def compare(self, left: Rat, op: str, right: Rat) -> str:
        s = _lcm(left.s, right.s)
        return (f"({self.scaled(left, s)} * {self.b(right)} {_OPS[op]} "
                f"{self.scaled(right, s)} * {self.b(left)})")

    def pick(self, test: str, then: Rat, otherwise: Rat) -> Rat:
        s = _lcm(then.s, otherwise.s)
        b = None if then.b is None and otherwise.b is None else \
            f"CASE WHEN {test} THEN {self.b(then)} ELSE {self.b(otherwise)} END"
        return Rat(f"CASE WHEN {test} THEN {self.scaled(then, s)} ELSE "
                   f"{self.scaled(otherwise, s)} END", s, b)

    def number(self, x: e.Expr) -> Rat:
        if isinstance(x, e.Const):
            return _const(x.value)
        if isinstance(x, e.Var):
            return self.scores[x.name] if x.kind == "node" else self.values[x.name]
        if isinstance(x, e.Negate):
            inner = self.number(x.operand)
            return Rat(f"(-{inner.n})", inner.s, inner.b)
        if isinstance(x, e.If):
            return self.pick(self.truth(x.test), self.number(x.then), self.number(x.otherwise))
        if isinstance(x, e.Extremum):
            found = self.number(x.args[0])
            for arg in x.args[1:]:
                other = self.number(arg)
                first = self.compare(found, "<=" if x.function == "min" else ">=", other)
                found = self.pick(first, found, other)
            return found
        if isinstance(x, e.Divide):
            top, bottom, zero = (self.number(y) for y in (x.numerator, x.denominator,
                                                         x.if_zero))
            sign = f"CASE WHEN {bottom.n} < 0 THEN -1 ELSE 1 END"
            quotient = Rat(f"({top.n} * {self.lit(bottom.s)} * {self.b(bottom)} * {sign})",
                           top.s, f"({self.b(top)} * ABS({bottom.n}))")
            return self.pick(f"({bottom.n} = 0)", zero, quotient)
        assert isinstance(x, e.Binary)
        left, right = self.number(x.left), self.number(x.right)
        if x.op in ("+", "-"):
            return self.add([left, right], [False, x.op == "-"])
        if x.op == "*":
            b = None if left.b is None and right.b is None else \
                f"({self.b(left)} * {self.b(right)})"
            return Rat(f"({left.n} * {right.n})", left.s * right.s, b)
        constant = x.right  # `/` only by a non-zero constant
        assert isinstance(constant, e.Const)
        p, q = constant.value.numerator, constant.value.denominator
        return Rat(f"({left.n} * {self.lit(q if p > 0 else -q)})", left.s * abs(p), left.b)

    def truth(self, x: e.Expr) -> str:
        if isinstance(x, e.Not):
            return f"(NOT {self.truth(x.operand)})"
        if isinstance(x, e.If):
            return f"CASE WHEN {self.truth(x.test)} THEN {self.truth(x.then)} " \
                   f"ELSE {self.truth(x.otherwise)} END"
        assert isinstance(x, e.Binary)
        if x.op in ("and", "or"):
            return f"({self.truth(x.left)} {x.op.upper()} {self.truth(x.right)})"
        return self.compare(self.number(x.left), x.op, self.number(x.right))

    def expression(self, name: str, x: e.Expr) -> Rat:
        """An expression's value as columns: NULL unless everything it mentions is answered."""
        refs = list(dict.fromkeys((v.kind, v.name) for v in e.variables(x)))
        known = [(self.scores[n] if k == "node" else self.values[n]).n for k, n in refs]
        guard = " AND ".join(f"{n} IS NOT NULL" for n in known) or "TRUE"
        value = self.number(x)
        n = self.column("n", f"CASE WHEN {guard} THEN {value.n} END")
        b = None if value.b is None else self.column("d", f"CASE WHEN {guard} THEN {value.b} END")
        return Rat(n, value.s, b)

    # --- the tree -----------------------------------------------------------------------

    def tree(self) -> None:
        from zona.scoring import dependency_order

        derived = {d.name: d for d in self.ruleset.derived}
        for name in dependency_order(self.ruleset):
            if name in derived:
                self.values[name] = self.expression(name, derived[name].expr)
            else:
                self.scores[name] = self.node(self.ruleset.nodes[name])
        for top in self.ruleset.views:
            for view in reversed(list(top.walk())):
                parts = [self.scores[p] for p in (*view.parts, *(c.name for c in view.children))]
                self.scores[view.name] = self.store(view.name, self.add(parts), True)

    def store(self, name: str, value: Rat, answered: bool | str) -> Rat:
        guard = "TRUE" if answered is True else str(answered)
        n = self.column("n", f"CASE WHEN {guard} THEN {value.n} END")
        b = None if value.b is None else self.column("d", f"CASE WHEN {guard} THEN {value.b} END")
        return Rat(n, value.s, b)

    def node(self, node: m.Node) -> Rat:
        if node.aggregate == "choice":
            value = self.values[node.name]
            p, q = node.maximum.numerator, node.maximum.denominator
            return self.store(node.name, Rat(f"({value.n} * {self.lit(p)})", value.s * q),
                              f"{value.n} IS NOT NULL")
        if node.aggregate == "expr":
            if node.expr is None:
                return self.store(node.name, Rat("NULL", 1), "FALSE")
            found = self.expression(node.name, node.expr)
            top = _const(node.maximum)
            self.checks.append(
                f"CASE WHEN {found.n} IS NOT NULL AND ({self.compare(found, '<', Rat('0', 1))}"
                f" OR {self.compare(found, '>', top)}) THEN "
                f"{quote(f'{node.name!r} scored outside 0..{_text(node.maximum)}')} END")
            return found
        children = [self.scores[c.name] for c in node.children]
        answered = " OR ".join(f"{c.n} IS NOT NULL" for c in children) or "FALSE"
        if node.aggregate == "sum":
            return self.store(node.name, self.add(children), answered)
        return self.mean(node, children)

    def mean(self, node: m.Node, children: list[Rat]) -> Rat:
        shares = []
        counts = []
        for child, found in zip(node.children, children, strict=True):
            p, q = child.maximum.numerator, child.maximum.denominator
            shares.append(Rat(f"({found.n} * {self.lit(q)})" if q != 1 else found.n,
                              found.s * p, found.b))
            counts.append("1" if child.missing == "zero" else
                          f"CASE WHEN {found.n} IS NOT NULL THEN 1 ELSE 0 END")
        total = self.add(shares)
        count = self.column("c", f"({' + '.join(counts) or '0'})")
        k = len(children)
        whole = _lcm(*range(1, k + 1))
        per = " ".join(f"WHEN {i} THEN {whole // i}" for i in range(1, k + 1))
        top_p, top_q = node.maximum.numerator, node.maximum.denominator
        value = Rat(f"({total.n} * {self.lit(top_p)} * CASE {count} {per} END)",
                    total.s * top_q * whole, total.b)
        return self.store(node.name, value, f"{count} > 0")

    # --- predicates and facts -----------------------------------------------------------

    def fact_text(self, name: str) -> str | None:
        column = FACT_PREFIX + name
        if self.present is None or column not in self.present:
            return None  # fact columns are read only when `columns` names them
        return self.text(column)

    def facts(self) -> dict[str, str]:
        """Each fact as SQL: a level's position, a BOOLEAN, or the fact's number (NULL
        when unknown), with its reading problems."""
        found: dict[str, str] = {}
        for fact in self.ruleset.facts:
            if fact.name in self.given:
                found[fact.name] = self.given[fact.name]
                continue
            text = self.fact_text(fact.name)
            if text is None:
                found[fact.name] = "NULL"
                continue
            label = quote(f"{FACT_PREFIX}{fact.name}: ")
            if fact.kind == "levels":
                lowered = [lv.lower() for lv in fact.levels]
                cases = [f"WHEN {text} = {quote(lv)} THEN {i}" for i, lv in enumerate(fact.levels)]
                cases += [f"WHEN LOWER({text}) = {quote(lv.lower())} THEN {i}"
                          for i, lv in enumerate(fact.levels)
                          if lowered.count(lv.lower()) == 1]
                value = f"CASE {' '.join(cases)} END"
                shown = ", ".join(fact.levels)
                bad = f"' is not one of {shown}'"
            elif fact.kind == "yesno":
                value = (f"CASE WHEN LOWER({text}) IN ('yes', 'ya', 'true', 'y') THEN TRUE "
                         f"WHEN LOWER({text}) IN ('no', 'tidak', 'false', 'n') THEN FALSE END")
                bad = "' is not yes or no'"
            else:
                self.numbers[fact.name] = self.decimal(
                    m.Input(fact.name, "decimal", low=fact.low, high=fact.high), text,
                    f"{FACT_PREFIX}{fact.name}: ")
                found[fact.name] = self.numbers[fact.name].n
                continue
            found[fact.name] = self.column("f", value)
            self.problems.append(f"CASE WHEN {text} IS NOT NULL AND {found[fact.name]} IS NULL "
                                 f"THEN {label} || '''' || {text} || '''' || {bad} END")
        return found

    def condition(self, c: m.Condition, facts: dict[str, str]) -> str:
        if isinstance(c, m.AllOf | m.AnyOf):
            joint = " AND " if isinstance(c, m.AllOf) else " OR "
            return "(" + joint.join(self.condition(p, facts) for p in c.parts) + ")"
        if isinstance(c, m.NoneOf):
            return f"(NOT {self.condition(c.part, facts)})"
        if isinstance(c, m.PredicateRef):
            return self.predicate(self.ruleset.predicates_by_name[c.name], facts)
        if isinstance(c, m.Every):
            views = self.ruleset.views_by_name
            group = [v.name for v in views[c.group].children] if c.group in views else \
                [n.name for n in self.ruleset.node(c.group).children]
            return "(" + " AND ".join(self.threshold(g, c.quantity, c.op, c.threshold)
                                      for g in group) + ")"
        if c.quantity == "fact":
            return self.fact_condition(c, facts[c.subject])
        assert isinstance(c.threshold, Fraction)
        return self.threshold(c.subject, c.quantity, c.op, c.threshold)

    def threshold(self, subject: str, quantity: str, op: str, threshold: Fraction) -> str:
        top = self.ruleset.nodes[subject].maximum if subject in self.ruleset.nodes else \
            self.ruleset.views_by_name[subject].maximum
        if quantity == "share":
            if not top:
                return "TRUE" if e.compare(op, Fraction(0), threshold) else "FALSE"
            threshold = threshold * top
        score = self.scores[subject]  # an unanswered node scores 0
        b = None if score.b is None else f"COALESCE({score.b}, 1)"
        return self.compare(Rat(f"COALESCE({score.n}, 0)", score.s, b), op, _const(threshold))

    def fact_condition(self, c: m.Compare, value: str) -> str:
        fact = self.ruleset.facts_by_name[c.subject]
        if fact.kind == "levels":
            return f"({value} {_OPS[c.op]} {fact.levels.index(str(c.threshold))})"
        if fact.kind == "yesno":
            same = "=" if c.op == "==" else "<>"
            return f"({value} {same} {'TRUE' if c.threshold is True else 'FALSE'})"
        assert isinstance(c.threshold, Fraction)
        number = self.numbers.get(c.subject) or _const_sql(value)
        return f"CASE WHEN {number.n} IS NOT NULL THEN " \
               f"{self.compare(number, c.op, _const(c.threshold))} END"

    def predicate(self, p: m.Predicate, facts: dict[str, str]) -> str:
        return "(" + (" AND ".join(self.condition(c, facts) for c in p.conditions)
                      or "TRUE") + ")"

    # --- the query ----------------------------------------------------------------------

    def query(self) -> str:
        self.inputs()
        facts = self.facts()
        self.tree()
        for name in _required(self.ruleset):
            spec = self.ruleset.inputs_by_name[name]
            source = self.source(spec) or name
            message = quote(f"{source}: {_UNANSWERED}")
            self.required.append(f"CASE WHEN {self.values[name].n} IS NULL THEN {message} END")
        unanswered = [
            f"CASE WHEN {self.scores[n.name].n} IS NULL THEN {quote(f'{n.name}: {_NOTHING}')} END"
            for n in self.ruleset.nodes.values() if n.missing == "error" and n.name != "total"]
        problems = (f"COALESCE({_joined(self.problems + self.required)}, "
                    f"{_joined(self.checks)}, {_joined(unanswered)})")
        ok = "z_problems IS NULL"
        selects = [self.ident(c) for c in self.keep]
        for name in self.outputs:
            score = self.scores[name]
            value = (f"CAST({score.n} AS DOUBLE) / (CAST({score.s} AS DOUBLE) * "
                     f"CAST({self.b(score)} AS DOUBLE))")
            selects.append(f"CASE WHEN {ok} THEN COALESCE({value}, 0.0) END AS "
                           f"{self.ident(name)}")
        for p in self.ruleset.predicates:
            selects.append(f"CASE WHEN {ok} THEN {self.predicate(p, facts)} END AS "
                           f"{self.ident(p.name)}")
        selects.append(f"z_problems AS {self.ident('problems')}")
        ctes = [f"z_0 AS (SELECT * FROM {self.table})"]
        for i, columns in enumerate(self.levels[1:], start=1):
            body = ",\n    ".join(f"{sql} AS {name}" for name, sql in columns.items())
            ctes.append(f"z_{i} AS (SELECT *,\n    {body}\n  FROM z_{i - 1})")
        last = len(self.levels) - 1
        ctes.append(f"z_done AS (SELECT *, {problems} AS z_problems FROM z_{last})")
        return ("WITH " + ",\n".join(ctes) + "\nSELECT\n  " + ",\n  ".join(selects)
                + "\nFROM z_done")


def _given_facts(ruleset: m.Ruleset, facts: Mapping[str, object]) -> dict[str, str]:
    """Facts given for every row, as SQL constants."""
    from zona.scoring import read_fact

    found: dict[str, str] = {}
    for name, raw in facts.items():
        fact = ruleset.facts_by_name.get(name)
        if fact is None:
            raise ZonaError(f"{ruleset.id} has no fact {name!r}")
        value = read_fact(fact, raw)
        if fact.kind == "levels":
            found[name] = str(fact.levels.index(str(value)))
        elif isinstance(value, bool):
            found[name] = "TRUE" if value else "FALSE"
        else:
            assert isinstance(value, Fraction)
            found[name] = f"{value.numerator}/{value.denominator}"
    return found


def _const(value: Fraction) -> Rat:
    return Rat(str(value.numerator), value.denominator)


def _const_sql(text: str) -> Rat:
    top, _, bottom = text.partition("/")
    return Rat(top, int(bottom or 1))


def _text(value: Fraction) -> str:
    from zona.numtext import exact_text

    return exact_text(value)


def _lcm(*values: int) -> int:
    return math.lcm(*values) if values else 1


_APOSTROPHE = quote("'")  # the SQL literal for one single quote


def _quoted(text: str) -> str:
    """SQL for a text between single quotes, as Python's repr shows a string."""
    return f"{_APOSTROPHE} || {text} || {_APOSTROPHE}"


def _joined(parts: list[str]) -> str:
    if not parts:
        return "NULL"
    return f"NULLIF(CONCAT_WS('; ', {', '.join(parts)}), '')"


def _required(ruleset: m.Ruleset) -> list[str]:
    from zona.scoring import plan_of

    return list(plan_of(ruleset).required)


__all__ = ["DIALECTS", "Rat", "quote", "to_sql"]

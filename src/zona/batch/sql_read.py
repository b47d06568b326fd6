"""Answers and facts as the query reads them: text columns parsed into exact values (or
fact levels and BOOLEANs), with SQL for each reading problem; facts given for every row
as SQL constants."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

import attrs

from zona import model as m
from zona.batch.names import Columns
from zona.batch.sql_dialect import quote, quoted
from zona.batch.sql_exact import Exact, Rat, const, const_sql, lcm
from zona.batch.sql_layout import Layout
from zona.errors import ZonaError
from zona.i18n import _, exact
from zona.io.sheets import FACT_PREFIX

_DECIMAL = r"[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)"
_WHOLE = r"[+]?[0-9]+([.]0*)?"


@attrs.frozen
class Facts:
    """Each fact as SQL (a level's position, a BOOLEAN, or a number; NULL when unknown),
    and the exact value of each number fact read from a column."""

    sql: dict[str, str]
    numbers: dict[str, Rat]
    kinds: dict[str, str] = attrs.field(factory=dict)

    def value(self, name: str) -> Rat:
        """A fact as an expression reads it: a number, a level's position, yes 1, no 0."""
        sql = self.sql[name]
        if self.kinds.get(name) == "yesno":
            return Rat(f"CASE WHEN {sql} THEN 1 WHEN NOT {sql} THEN 0 END", 1)
        if self.kinds.get(name) == "levels":
            return Rat(sql, 1)
        return self.numbers.get(name) or const_sql(sql)


class Reader:
    """Reads the answer and fact columns; `problems` collects SQL for what is wrong
    (a text, or NULL when nothing is).

    With `columns` (the table's column names read as batch scoring reads them), each input
    and fact has its column or none. Without, every input is read from its id's column or
    its `soal_<n>` column (only one of them with `soal` True or False), and every fact not
    given for every row from its `fact:NAME` column: DuckDB fills the columns the table
    lacks with NULL (`defaults`), Spark stops with an error naming the missing column."""

    def __init__(self, exact: Exact, layout: Layout, columns: Columns | None,
                 soal: bool | None) -> None:
        self.exact, self.layout, self.soal = exact, layout, soal
        self.dialect = exact.dialect
        self.named = columns
        self.tolerant = columns is None and not self.dialect.spark
        #: the columns the query reads that the table may lack (DuckDB: NULL when absent)
        self.defaults: dict[str, None] = {}
        #: every column of the table the query reads
        self.used: dict[str, None] = {}
        self.problems: list[str] = []
        #: the inputs with a "not applicable" option: SQL for whether a row answers it
        self.na: dict[str, str] = {}

    def text(self, column: str) -> str:
        """A column of the table as trimmed text (zona.batch.sql_dialect), noted as used."""
        self.used[column] = None
        return self.dialect.text(column)

    def candidates(self, spec: m.Input) -> list[str]:
        """The columns an input's answers may be in, first preferred."""
        if self.named is not None:
            found = self.named.inputs.get(spec.name)
            return [] if found is None else [found]
        numbered = f"soal_{spec.soal}" if spec.soal is not None else None
        if numbered is None or self.soal is False:
            names = [spec.name]
        elif self.soal:
            names = [numbered]
        else:
            names = [spec.name, numbered] if self.tolerant else [spec.name]
        if self.tolerant:
            self.defaults.update(dict.fromkeys(names))
        return names

    def source(self, spec: m.Input) -> tuple[str, str] | None:
        """SQL for an input's answer as text and for the name of the column it came from
        (None when the table has no column for it)."""
        names = self.candidates(spec)
        if not names:
            return None
        texts = [self.text(n) for n in names]
        if len(names) == 1:
            return texts[0], quote(names[0])
        first, second = texts
        self.problems.append(
            f"CASE WHEN {first} IS NOT NULL AND {second} IS NOT NULL THEN "
            + quote(f"{names[1]}: " + _("a second column for {input} (first: {first})",
                                        input=spec.name, first=names[0])) + " END")
        return (f"COALESCE({first}, {second})",
                f"CASE WHEN {first} IS NULL AND {second} IS NOT NULL THEN {quote(names[1])} "
                f"ELSE {quote(names[0])} END")

    def inputs(self, ruleset: m.Ruleset) -> dict[str, Rat]:
        """Every input's value (NULL when unanswered)."""
        values: dict[str, Rat] = {}
        for spec in ruleset.inputs:
            source = self.source(spec)
            if source is None:
                values[spec.name] = Rat("NULL", 1)
                continue
            text, column = source
            label = f"{column} || ': '"
            if spec.kind == "choice":
                values[spec.name] = self.choice(spec, text, label)
            elif spec.kind == "count":
                values[spec.name] = self.count(text, label)
            else:
                values[spec.name] = self.decimal(spec, text, label)
        return values

    def choice(self, spec: m.Input, text: str, label: str) -> Rat:
        """An option's value (an exact match, else a case-insensitive one when only one
        option matches, else a number naming a numbered option), as zona.scoring.read reads
        it. An option that means "not applicable" reads as the scale's top (`na full`), 0
        (`na zero`) or NULL (`na reweight`), and sets the input's flag in `self.na`."""
        scale = spec.scale
        assert scale is not None
        options = scale.options
        common = lcm(*(o.value.denominator for o in options), scale.high.denominator)
        na_value = {"full": str(scale.high * common), "zero": "0"}.get(spec.na, "NULL")

        def worth(option: m.ScaleOption) -> str:
            return na_value if option.na else str(option.value * common)

        lowered = [o.name.lower() for o in options]
        unique = [o for o in options if lowered.count(o.name.lower()) == 1]
        cases = [f"WHEN {text} = {quote(o.name)} THEN {worth(o)}" for o in options]
        cases += [f"WHEN LOWER({text}) = {quote(o.name.lower())} THEN {worth(o)}"
                  for o in unique]
        numbered = [o for o in options if o.name.isdigit() and not o.na]
        if numbered:
            whole = self.dialect.matches(text, _WHOLE)
            number = f"CAST({self.dialect.before_point(text)} AS {self.dialect.integer})"
            cases += [f"WHEN {whole} AND {number} = {int(o.name)} THEN {worth(o)}"
                      for o in numbered]
        value = self.layout.column(
            "v", f"CAST(CASE {' '.join(cases)} END AS {self.dialect.integer})")
        na = "FALSE"
        if scale.not_applicable:
            marks = [f"WHEN {text} = {quote(o.name)} THEN {'TRUE' if o.na else 'FALSE'}"
                     for o in options]
            marks += [f"WHEN LOWER({text}) = {quote(o.name.lower())} THEN TRUE"
                      for o in unique if o.na]
            na = self.na[spec.name] = self.layout.column(
                "a", f"CASE {' '.join(marks)} ELSE FALSE END")
        shown = ", ".join(scale.names)
        before, after = _around("{value} is not on the scale {scale} ({options})",
                                scale=scale.label or scale.name, options=shown)
        self.problems.append(
            f"CASE WHEN {text} IS NOT NULL AND {value} IS NULL AND NOT {na} THEN "
            f"{label} || {before} || {quoted(text)} || {after} END")
        return Rat(value, common)

    def count(self, text: str, label: str) -> Rat:
        """A whole number 0, 1, 2, ... (`3.0` too)."""
        whole = self.dialect.matches(text, _WHOLE)
        part = self.dialect.before_point(text)
        value = self.layout.column(
            "v", f"CASE WHEN {whole} THEN CAST({part} AS {self.dialect.integer}) END")
        negative = _around("{value} is negative; a count is 0, 1, 2, ...")
        fraction = _around("{value} is not a whole number; a count is 0, 1, 2, ...")
        self.problems.append(
            f"CASE WHEN {text} IS NOT NULL AND NOT {whole} THEN {label} || "
            f"CASE WHEN {self.dialect.matches(text, _DECIMAL)} AND {text} LIKE '-%' THEN "
            f"{negative[0]} || {text} || {negative[1]} ELSE "
            f"{fraction[0]} || {text} || {fraction[1]} END END")
        return Rat(value, 1)

    def decimal(self, spec: m.Input, text: str, label: str) -> Rat:
        """A decimal as digits over 10**scale, checked against the input's range."""
        ok = self.dialect.matches(text, _DECIMAL)
        digits = f"CASE WHEN POSITION('.' IN {text}) > 0 THEN LENGTH({text}) - " \
                 f"POSITION('.' IN {text}) ELSE 0 END"
        number = self.layout.column(
            "v", f"CASE WHEN {ok} THEN CAST(REPLACE(REPLACE({text}, '.', ''), "
                 f"'+', '') AS {self.dialect.integer}) END")
        scale = self.layout.column(
            "b", f"CASE WHEN {ok} THEN CAST(CONCAT('1', "
                 f"REPEAT('0', {digits})) AS {self.dialect.integer}) END")
        value = Rat(number, 1, scale)
        bounds = []
        if spec.low is not None:
            bounds.append(self.exact.compare(value, "<", const(spec.low)))
        if spec.high is not None:
            bounds.append(self.exact.compare(value, ">", const(spec.high)))
        low = exact(spec.low or Fraction(0))
        high = exact(spec.high or Fraction(0))
        outside = " OR ".join(bounds) or "FALSE"
        nan = _around("{value} is not a number")
        out = _around("{value} is outside {low}..{high}", low=low, high=high)
        point = exact(Fraction(1, 2))[1]  # the language's decimal mark
        shown = text if point == "." else f"REPLACE({text}, '.', {quote(point)})"
        self.problems.append(
            f"CASE WHEN {text} IS NOT NULL AND NOT {ok} THEN {label} || {nan[0]} || "
            f"{quoted(text)} || {nan[1]} WHEN {number} IS NOT NULL AND ({outside}) THEN "
            f"{label} || {out[0]} || {shown} || {out[1]} END")
        return value

    def fact_text(self, name: str) -> str | None:
        """A fact's column as text; None when the table has no column for it."""
        if self.named is not None:
            column = self.named.facts.get(name)
            if column is None:
                return None
        else:
            column = FACT_PREFIX + name
            if self.tolerant:
                self.defaults[column] = None
        return self.text(column)

    def facts(self, ruleset: m.Ruleset, given: Mapping[str, str]) -> Facts:
        """Every fact: `given` (SQL constants) first, then its column, else NULL."""
        found: dict[str, str] = {}
        numbers: dict[str, Rat] = {}
        for fact in ruleset.facts:
            if fact.name in given:
                found[fact.name] = given[fact.name]
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
                bad = _around("{value} is not one of {levels}",
                              levels=", ".join(fact.levels))
            elif fact.kind == "yesno":
                value = (f"CASE WHEN LOWER({text}) IN ('yes', 'ya', 'true', 'y') THEN TRUE "
                         f"WHEN LOWER({text}) IN ('no', 'tidak', 'false', 'n') THEN FALSE END")
                bad = _around("{value} is not yes or no")
            else:
                numbers[fact.name] = self.decimal(
                    m.Input(fact.name, "decimal", low=fact.low, high=fact.high), text,
                    quote(f"{FACT_PREFIX}{fact.name}: "))
                found[fact.name] = numbers[fact.name].n
                continue
            found[fact.name] = self.layout.column("f", value)
            self.problems.append(f"CASE WHEN {text} IS NOT NULL AND {found[fact.name]} IS NULL "
                                 f"THEN {label} || {bad[0]} || {quoted(text)} || {bad[1]} END")
        return Facts(found, numbers, {f.name: f.kind for f in ruleset.facts})


def _around(message: str, **fields: str) -> tuple[str, str]:
    """The message (a catalogue msgid with a `{value}` field) in the language in use, as
    the SQL constants before and after the value (the exact path's words)."""
    said = _(message, value="\0", **fields)
    before, _mark, after = said.partition("\0")
    return quote(before), quote(after)


def given_facts(ruleset: m.Ruleset, facts: Mapping[str, object]) -> dict[str, str]:
    """Facts given for every row, as SQL constants."""
    from zona.scoring import read_fact

    found: dict[str, str] = {}
    for name, raw in facts.items():
        fact = ruleset.facts_by_name.get(name)
        if fact is None:
            raise ZonaError(_("{ruleset} has no fact {fact}", ruleset=ruleset.id,
                              fact=repr(name)))
        value = read_fact(fact, raw)
        if fact.kind == "levels":
            found[name] = str(fact.levels.index(str(value)))
        elif isinstance(value, bool):
            found[name] = "TRUE" if value else "FALSE"
        else:
            assert isinstance(value, Fraction)
            found[name] = f"{value.numerator}/{value.denominator}"
    return found


__all__ = ["Facts", "Reader", "given_facts"]

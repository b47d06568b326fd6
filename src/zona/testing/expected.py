"""A case's `[case.expect]` table as checks, each name checked against the ruleset: the
total, nodes, views, values, predicates (true, false or "unknown"), grades (a level, or
"unknown") and an expected refusal of the answers (`error`)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from fractions import Fraction
from typing import Any, Protocol

import attrs

from zona import model as m
from zona.errors import did_you_mean
from zona.i18n import N_, _
from zona.source import Span
from zona.testing.locate import Key

NUMBER = re.compile(r"-?\d+(\.\d+)?|-?\d+/\d+")
UNKNOWN = "unknown"
EXPECT_KEYS = ("total", "nodes", "views", "values", "predicates", "grades", "error")
TABLES = {"nodes": "node", "views": "view", "values": "value", "predicates": "predicate",
          "grades": "grade"}

Expected = Fraction | bool | str | None


@attrs.frozen
class Check:
    """One expected value: `kind` is total, node, view, value, predicate, grade or error;
    `expected` a Fraction (numbers), True/False/None (a predicate; None is unknown), a
    level name or None (a grade; None is undecided or unanswered), or a text the refusal
    of the answers must contain (error)."""

    kind: str
    name: str
    expected: Expected
    span: Span

    @property
    def label(self) -> str:
        """How the check is named in messages: `total`, `nodes.perencanaan`, ..."""
        return self.kind if self.kind in ("total", "error") else f"{self.kind}s.{self.name}"


class Reader(Protocol):
    """What checking an expect table needs of the file's reader."""

    def span(self, key: Key) -> Span: ...

    def error(self, key: Key, message: str, hint: str | None = None) -> None: ...

    def number(self, raw: object, key: Key, what: str) -> Fraction | None: ...


def expected_checks(reader: Reader, expect: Mapping[str, Any], key: Key,
                    ruleset: m.Ruleset) -> list[Check]:
    """The checks of one `[case.expect]` table; problems go to `reader.error`."""
    checks: list[Check] = []
    if "total" in expect:
        value = reader.number(expect["total"], (*key, "total"), "total")
        if value is not None:
            checks.append(Check("total", "", value, reader.span((*key, "total"))))
    if "error" in expect:
        text = expect["error"]
        if isinstance(text, str):
            checks.append(Check("error", "", text, reader.span((*key, "error"))))
        else:
            reader.error((*key, "error"), _('error must be a text the refusal of the answers '
                                            'contains, e.g. error = "s7"'))
    names = _names(ruleset)
    for table, kind in TABLES.items():
        given = expect.get(table)
        if given is None:
            continue
        if not isinstance(given, dict):
            reader.error((*key, table), _("{table} must be a table: {table} = {{ ID = ... }}",
                                          table=table))
            continue
        for name, raw in given.items():
            where = (*key, table, name)
            if name not in names[kind]:
                hint = did_you_mean(name, names[kind])
                reader.error(where, _(_NO_SUCH[kind], ruleset=ruleset.id, name=name), hint)
                continue
            found = _expected(reader, kind, name, raw, where, ruleset)
            if not isinstance(found, _Bad):
                checks.append(Check(kind, name, found, reader.span(where)))
    return checks


#: "has no" in messages, one sentence per kind of name
_NO_SUCH = {"node": N_("ruleset '{ruleset}' has no node '{name}'"),
            "view": N_("ruleset '{ruleset}' has no view '{name}'"),
            "value": N_("ruleset '{ruleset}' has no value '{name}'"),
            "predicate": N_("ruleset '{ruleset}' has no predicate '{name}'"),
            "grade": N_("ruleset '{ruleset}' has no grade '{name}'")}
#: what an expected number is, in messages
_EXPECTED = {"node": N_("the expected node of '{name}'"),
             "view": N_("the expected view of '{name}'"),
             "value": N_("the expected value of '{name}'")}


class _Bad:
    """An expected value that could not be read (its problem is reported)."""


_BAD = _Bad()


def _names(ruleset: m.Ruleset) -> dict[str, list[str]]:
    return {
        "node": list(ruleset.nodes),
        "view": [v.name for top in ruleset.views for v in top.walk()],
        "value": [*(i.name for i in ruleset.inputs), *(d.name for d in ruleset.derived)],
        "predicate": list(ruleset.predicates_by_name),
        "grade": list(ruleset.grades_by_name),
    }


def _expected(reader: Reader, kind: str, name: str, raw: object, where: Key,
              ruleset: m.Ruleset) -> Expected | _Bad:
    if kind == "predicate":
        if isinstance(raw, bool):
            return raw
        if raw == UNKNOWN:
            return None
        reader.error(where, _("predicate '{name}' is expected as true, false or \"unknown\"",
                              name=name))
        return _BAD
    if kind == "grade":
        levels = [level.name for level in ruleset.grades_by_name[name].levels]
        level = str(raw) if isinstance(raw, int) and not isinstance(raw, bool) else raw
        if level == UNKNOWN:
            return None
        if isinstance(level, str) and level in levels:
            return level
        hint = did_you_mean(str(level), levels)
        reader.error(where, _("'{raw}' is not a level of grade '{name}' ({levels}); expect "
                              "one of them, or \"unknown\"", raw=raw, name=name,
                              levels=", ".join(levels)), hint)
        return _BAD
    value = reader.number(raw, where, _(_EXPECTED[kind], name=name))
    return _BAD if value is None else value

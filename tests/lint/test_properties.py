"""Properties of the linter: silencing removes exactly the warnings named, renaming ids
changes no warning, and every claim a warning makes holds for sampled answer sheets."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import zona
from tests.conftest import DATA
from tests.strategies import Generated, answer_sheets, valid_rulesets
from zona.lint import diagnose, warnings
from zona.lint.codes import BY_CODE

CASES = sorted((DATA / "lint").glob("*.zona"))
_QUOTED = re.compile(r'("""[\s\S]*?"""|"(?:\\.|[^"\\\n])*"|#[^\n]*)')
SLOW = settings(max_examples=40, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def silence(text: str, chosen: dict[int, set[str]]) -> str:
    """The text with `# zona: ignore[...]` naming `chosen[line]` at the end of each line."""
    lines = text.split("\n")
    for line, codes in chosen.items():
        lines[line - 1] += f"  # zona: ignore[{', '.join(sorted(codes))}]"
    return "\n".join(lines)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_silencing_removes_exactly_the_warnings_named(data: st.DataObject) -> None:
    path = data.draw(st.sampled_from(CASES))
    name = path.relative_to(DATA.parent.parent).as_posix()
    text = path.read_text("utf-8")
    before = diagnose(text, name)
    if not before:
        return
    chosen = data.draw(st.lists(st.sampled_from(before), unique_by=lambda d: (d.code, d.span)))
    by_line: dict[int, set[str]] = {}
    for d in chosen:
        assert d.span is not None
        # by code or by name, whichever the draw says
        word = BY_CODE[d.code].name if data.draw(st.booleans()) else d.code
        by_line.setdefault(d.span.line, set()).add(word)
    silenced = {(d.span.line if d.span else 0, d.code) for d in chosen}
    after = diagnose(silence(text, by_line), name)
    expected = [d for d in before
                if (d.span.line if d.span else 0, d.code) not in silenced]
    assert [(d.code, d.span, d.message) for d in after] == \
        [(d.code, d.span, d.message) for d in expected]


def rename(text: str, ruleset: zona.Ruleset) -> str:
    """Every id prefixed with `r_` (outside texts and comments), except an id that is also
    a level or option name, which the same word could stand for."""
    words = {*(n for n in ruleset.nodes if n != "total"), *ruleset.inputs_by_name,
             *(s.name for s in ruleset.scales), *ruleset.facts_by_name,
             *(d.name for d in ruleset.derived), *ruleset.views_by_name,
             *ruleset.predicates_by_name, *ruleset.grades_by_name}
    levels = {*(v for f in ruleset.facts for v in f.levels),
              *(v.name for g in ruleset.grades for v in g.levels),
              *(o.name for s in ruleset.scales for o in s.options)}
    words -= levels
    if not words:
        return text
    pattern = re.compile(r"(?<![\w.])(" + "|".join(map(re.escape, sorted(words))) + r")(?!\w)")
    parts = _QUOTED.split(text)
    return "".join(p if i % 2 else pattern.sub(r"r_\1", p) for i, p in enumerate(parts))


@SLOW
@given(valid_rulesets(grades=True))
def test_renaming_ids_changes_no_warning(generated: Generated) -> None:
    text = generated.text
    ruleset = zona.loads(text)
    renamed = rename(text, ruleset)
    zona.loads(renamed)  # still valid
    assert [(d.code, d.span.line if d.span else None) for d in warnings(text)] == \
        [(d.code, d.span.line if d.span else None) for d in warnings(renamed)]


@SLOW
@given(st.data())
def test_claims_hold_for_answer_sheets(data: st.DataObject) -> None:
    """A predicate said never to hold fails (or is undecided) for every sheet; a level
    said never to be the grade is not the grade; a capped node stays below its maximum."""
    generated = data.draw(valid_rulesets(grades=True))
    text = generated.text
    ruleset = zona.loads(text)
    found = warnings(text)
    for d in found:
        assert d.code in BY_CODE and d.severity == "warning"
        assert d.span is not None and d.span.file in (None, "<string>")
    answers, facts = data.draw(answer_sheets(generated))
    result = ruleset.score(answers, facts)
    lines = text.split("\n")
    for d in found:
        assert d.span is not None
        word = lines[d.span.line - 1][d.span.column - 1:d.span.end_column]
        if d.code == "W204":
            assert result.predicates[word].passed is not True
        elif d.code == "W203":
            grade = re.search(r"of grade '(\w+)'", d.message)
            assert grade is not None
            assert result.grades[grade.group(1)].level != word
        elif d.code == "W302":
            assert result.nodes[word].score < ruleset.node(word).maximum


def test_corpus_files_are_linted_against_their_own_text() -> None:
    """Only the file's own spans are reported (extends_child does not see the base's)."""
    for path in CASES:
        name = path.relative_to(DATA.parent.parent).as_posix()
        for d in diagnose(path.read_text("utf-8"), name):
            assert d.span is not None and d.span.file in (None, name), (name, d)


def test_builtin_rulesets_and_examples_have_no_warnings() -> None:
    """Every warning in the shipped rulesets was either a mistake (fixed) or is silenced
    with a comment saying why."""
    root = DATA.parent.parent
    for path in [*sorted((root / "rulesets").glob("*.zona")),
                 *sorted((root / "examples").glob("*.zona"))]:
        name = path.relative_to(root).as_posix()
        assert diagnose(path.read_text("utf-8"), name) == [], name



"""Rulesets an attacker writes: a 10 MB one-line label, a 350-term `and`, deep nesting. Each
is refused by `zona check` (zona.check) exactly as scoring would refuse it, never a
RecursionError or gigabytes of memory."""

from __future__ import annotations

from pathlib import Path

import pytest

import zona
from zona.errors import ZonaSyntaxError
from zona.io.atomic import write_text_atomic
from zona.limits import SettingError

HEAD = 'ruleset "d" { maximum 100 }\nscale s "S" { Ya = 1, Tidak = 0 }\n'
TAIL = 'component c "C" {\n    weight 100\n    question q1 "Q" { scale s }\n}\n'
TOO_DEEP = ("the ruleset nests deeper than 100 levels here; write it flatter, or raise the "
            "limit with ZONA_MAX_DEPTH")


def predicate(condition: str) -> str:
    return f'{HEAD}predicate p "P" {{ require {condition} }}\n{TAIL}'


def first_line(text: str) -> str:
    with pytest.raises(ZonaSyntaxError) as caught:
        zona.loads(text, "hostile.zona")
    return str(caught.value).splitlines()[0]


def test_a_one_line_label_of_a_million_characters() -> None:
    text = f'ruleset "x" {{\n title "{"a" * 1_000_000}"\n}}\n'
    assert first_line(text) == ("hostile.zona:2:1: error: the line is longer than 100,000 "
                                "characters; raise the limit with ZONA_MAX_LINE_CHARS")
    assert zona.check(text, "hostile.zona")[0].message.startswith("the line is longer")


def test_the_line_limit_is_raised_by_its_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZONA_MAX_LINE_CHARS", "200000")
    text = HEAD.replace("maximum", f'title "{"a" * 150_000}"\n maximum') + TAIL
    assert zona.loads(text, "wide.zona").id == "d"


def test_a_350_term_and_is_refused_by_check_and_by_load() -> None:
    text = predicate(" and ".join(["q1 >= 1"] * 350))
    assert first_line(text) == f"hostile.zona:3:3069: error: {TOO_DEEP}"
    assert [d.message for d in zona.check(text, "hostile.zona")] == [TOO_DEEP]


def test_deep_unary_minus_and_calls_are_refused() -> None:
    text = f'{HEAD}{TAIL[:-2]}    item i "I" {{ score = {"-" * 300}q1 }}\n}}\n'
    assert first_line(text).endswith(TOO_DEEP)


def test_what_is_accepted_scores_gap_and_explains() -> None:
    ruleset = zona.loads(predicate(" and ".join(["q1 >= 1"] * 90)), "wide.zona")
    result = ruleset.score({"q1": "Ya"})
    assert result.total.score == 100
    assert result.explain() is not None
    grouped = zona.loads(predicate("(" * 2000 + "q1 >= 1" + ")" * 2000), "grouped.zona")
    assert grouped.score({"q1": "Ya"}).total.score == 100


def test_the_depth_limit_is_raised_by_its_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZONA_MAX_DEPTH", "150")
    assert zona.loads(predicate(" and ".join(["q1 >= 1"] * 120)), "x.zona").id == "d"


def test_a_limit_variable_must_be_a_number(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZONA_MAX_DEPTH", "lots\x1b[2J")
    with pytest.raises(SettingError) as caught:  # a ZonaError, not a LimitError of a file
        zona.loads(predicate("q1 >= 1"), "x.zona")
    assert str(caught.value) == "ZONA_MAX_DEPTH=lots\\x1b[2J: write a whole number"


def test_a_killed_writer_leaves_nothing_after_the_next_write(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    stale = tmp_path / ".out.csv.zona-999999999.abc.tmp"  # no such process
    stale.write_text("half", encoding="utf-8")
    live = tmp_path / f".out.csv.zona-{__import__('os').getpid()}.abc.tmp"
    live.write_text("being written", encoding="utf-8")
    write_text_atomic(target, "a,b\n")
    assert target.read_text(encoding="utf-8") == "a,b\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["out.csv", live.name])


def test_a_number_of_5000_digits_is_a_syntax_error_not_a_traceback() -> None:
    text = f'{HEAD}{TAIL.replace("weight 100", "weight " + "9" * 5000)}'
    assert first_line(text) == ("hostile.zona:4:12: error: a number of more than 40 digits; "
                                "no rubric needs one")
    labelled = HEAD.replace("maximum", f'title "{"1" * 60}" maximum') + f"# {'2' * 60}\n" + TAIL
    assert zona.loads(labelled, "digits.zona").id == "d"  # digits in texts and comments

"""Exact error texts at the API level: answers, evaluation, zona.check, deep nesting."""

from __future__ import annotations

import pytest

import zona

SHEET = '''ruleset "answers" { maximum 10 }
scale yt "Ya/Tidak" { Ya = 1, Tidak = 0 }
fact prior levels { none, WBK, WBBM }
fact kkn yesno
fact tlhp number 0..100
component c {
    weight 10
    question q1 { weight 4 scale yt }
    item agen {
        weight 3
        input n_agen { count }
        input n_ubah { count }
        score = 3 * min(1, divide(n_ubah, n_agen, 0))
    }
    item ipak {
        weight 3
        missing error
        input ipak_index { decimal 0..4 }
        score = ipak_index / 4 * 3
    }
}
'''


@pytest.fixture(scope="module")
def sheet() -> zona.Ruleset:
    return zona.loads(SHEET, "answers.zona")


def test_answer_error_lists_every_problem(sheet: zona.Ruleset) -> None:
    """One ZonaAnswerError lists every problem in the answers and facts, in order."""
    with pytest.raises(zona.ZonaAnswerError) as caught:
        sheet.score({"q1": "Maybe", "n_agen": -2, "n_ubah": 1.5, "q2": "Ya", "n_agne": 1},
                    {"prior": "WBKK", "kkn": "perhaps", "prio": "WBK"})
    assert str(caught.value) == """\
answers: 9 problems in the answers
  q1: 'Maybe' is not on the scale Ya/Tidak (Ya, Tidak)
  n_agen: -2 is negative; a count is 0, 1, 2, ...
  n_ubah: 1.5 is not a whole number; a count is 0, 1, 2, ...
  q2: no question or input has this id
  n_agne: no question or input has this id. Did you mean 'n_agen'?
  facts.prior: 'WBKK' is not one of none, WBK, WBBM
  facts.kkn: 'perhaps' is not yes or no
  facts.prio: no fact has this id. Did you mean 'prior'?
  ipak_index: unanswered, and the missing-answer policy here is 'error'"""
    assert len(caught.value.problems) == 9
    assert caught.value.problems[0] == zona.AnswerProblem(
        "q1", "'Maybe' is not on the scale Ya/Tidak (Ya, Tidak)")


def test_answer_error_singular(sheet: zona.Ruleset) -> None:
    """A single problem is announced as '1 problem'."""
    with pytest.raises(zona.ZonaAnswerError) as caught:
        sheet.score({"q1": "Ya", "ipak_index": 4, "n_agen": "-1", "n_ubah": 1})
    assert str(caught.value) == ("answers: 1 problem in the answers\n"
                                 "  n_agen: '-1' is negative; a count is 0, 1, 2, ...")


def test_answer_error_caps_the_list(sheet: zona.Ruleset) -> None:
    """More than 50 problems: the first 50 are shown, then a count of the rest."""
    with pytest.raises(zona.ZonaAnswerError) as caught:
        sheet.score({f"zz{i}": 1 for i in range(60)} | {"ipak_index": 1})
    lines = str(caught.value).splitlines()
    assert lines[0] == "answers: 60 problems in the answers"
    assert lines[1] == "  zz0: no question or input has this id"
    assert lines[-1] == "  ... and 10 more"
    assert len(lines) == 52
    assert len(caught.value.problems) == 60


def test_fact_out_of_range_names_the_range(sheet: zona.Ruleset) -> None:
    """A number fact outside its declared range says which range."""
    with pytest.raises(zona.ZonaAnswerError) as caught:
        sheet.score({"ipak_index": 1}, {"tlhp": 150})
    assert str(caught.value) == ("answers: 1 problem in the answers\n"
                                 "  facts.tlhp: 150 is outside 0..100")


@pytest.mark.parametrize("value", ["4.5", "x", float("nan")])
def test_invalid_value_under_missing_error_is_one_problem(sheet: zona.Ruleset,
                                                          value: object) -> None:
    """An invalid answer to an input under `missing error` is one problem, not two."""
    with pytest.raises(zona.ZonaAnswerError) as caught:
        sheet.score({"ipak_index": value})
    assert len(caught.value.problems) == 1, [str(p) for p in caught.value.problems]


# --- evaluation --------------------------------------------------------------

OVERFLOW = '''ruleset "eval" { }
input n { count }
item i "Terlalu besar" { score = n / 2 }
'''


def test_score_above_maximum_is_an_evaluation_error() -> None:
    """An item whose expression leaves 0..maximum raises ZonaEvaluationError at the item."""
    ruleset = zona.loads(OVERFLOW, "eval.zona")
    assert ruleset.score({"n": 2}).total.score == 1
    with pytest.raises(zona.ZonaEvaluationError) as caught:
        ruleset.score({"n": 3})
    assert str(caught.value) == """\
eval.zona:3:6: error: 'i' scored 1.5, outside 0..1; bound its score, for example with min(1, ...)
  3 | item i "Terlalu besar" { score = n / 2 }
    |      ^"""


def test_score_below_zero_hint() -> None:
    """A score below 0 suggests bounding it with max(0, ...)."""
    ruleset = zona.loads(OVERFLOW.replace("n / 2", "1 - n"), "eval.zona")
    with pytest.raises(zona.ZonaEvaluationError) as caught:
        ruleset.score({"n": 3})
    assert str(caught.value).splitlines()[0] == (
        "eval.zona:3:6: error: 'i' scored -2, outside 0..1; bound its score, for example "
        "with max(0, ...)")


# --- zona.check ----------------------------------------------------------------

CHECKED = '''ruleset "check" { maximum 10 }
scale yt { Ya = 1, Tidak = 0 }
component c {
    weight 10
    question q1 { weight 4 scale yt }
    question q2 { weight 5 scale YT }
}
predicate P { require share(c) >= 60 }
'''


def _plain(diagnostics: list[zona.Diagnostic]) -> list[tuple[object, ...]]:
    return [(d.message, d.span.line, d.span.column, d.span.end_line, d.span.end_column,
             d.hint, d.severity, d.code) if d.span else (d.message, d.hint) for d in diagnostics]


def test_check_returns_every_diagnostic_in_source_order() -> None:
    """zona.check returns each problem as a Diagnostic, in source order, without raising."""
    assert _plain(zona.check(CHECKED, "check.zona")) == [
        ("the weights of the children of 'c' sum to 9, not its weight 10", 4, 12, 4, 13,
         None, "error", "weights"),
        ("unknown scale 'YT'", 6, 34, 6, 35, "Did you mean 'yt'?", "error", "unknown"),
        ("a share lies in 0..1; 60 can never be reached", 8, 35, 8, 36, "Did you mean 60%?",
         "error", "predicate"),
    ]


def test_check_on_a_syntax_error_returns_that_one() -> None:
    """A syntax error is the only diagnostic zona.check returns."""
    found = zona.check('ruleset "x" { }\nitem i { score = 1 + }\n', "x.zona")
    assert _plain(found) == [
        ("unexpected '}'; expected '(', '-', 'fact', 'share', a name, a number or a "
         "percentage such as 60%", 2, 22, 2, 22, None, "error", "syntax")]


def test_check_on_a_valid_ruleset_is_empty() -> None:
    """A valid ruleset has no diagnostics."""
    assert zona.check(CHECKED.replace("weight 5", "weight 6").replace("YT", "yt")
                      .replace(">= 60", ">= 60%")) == []


def test_compile_error_caps_the_list() -> None:
    """More than 50 diagnostics: the first 50 are rendered, then a count of the rest."""
    text = 'ruleset "many" { }\nitem i { score = ' + " + ".join(
        f"u{i}" for i in range(55)) + " }\n"
    with pytest.raises(zona.ZonaCompileError) as caught:
        zona.loads(text, "many.zona")
    assert len(caught.value.diagnostics) == 55
    rendered = str(caught.value).splitlines()
    assert rendered[0] == "many.zona:2:18: error: unknown name 'u0'"
    assert rendered[-1] == "... and 5 more"
    assert len(rendered) == 50 * 3 + 1


# --- deep nesting ----------------------------------------------------------------

TOO_DEEP = """\
deep.zona:1:1: error: the ruleset is nested too deeply to read
  1 | ruleset "deep" { }
    | ^"""


def test_deep_parentheses_are_fine() -> None:
    """Thousands of parentheses around a value only group it: the ruleset compiles."""
    text = 'ruleset "deep" { }\nitem i { score = min(1, ' + "(" * 5000 + "1" + ")" * 5000 + ") }"
    assert zona.loads(text).score({}).total.score == 1


@pytest.mark.parametrize("text", [
    'ruleset "deep" { }\nitem i { score = min(1, ' + "-" * 5000 + "1) }",
    'ruleset "deep" { }\n' + "".join(f"group g{i} {{ " for i in range(3000))
    + "item i { score = 1 }" + " }" * 3000,
    'ruleset "deep" { }\nitem i { score = 1 }\npredicate P { require ' + "not " * 5000
    + "i >= 0 }",
], ids=["negation", "groups", "conditions"])
def test_deep_nesting_is_a_syntax_error(text: str) -> None:
    """Nesting too deep to read is a ZonaSyntaxError, not a RecursionError."""
    with pytest.raises(zona.ZonaSyntaxError) as caught:
        zona.loads(text, "deep.zona")
    assert str(caught.value) == TOO_DEEP
    assert len(zona.check(text, "deep.zona")) == 1


def test_deep_parenthesised_sums_are_a_zona_error() -> None:
    """Deeply nested parentheses around sums raise a ZonaError, never a lark or
    RecursionError (several depths, since where the recursion limit strikes varies)."""
    for depth in (1000, 1500, 2000, 3000, 5000):
        text = ('ruleset "deep" { }\nitem i { score = min(1, ' + "(0 + " * depth + "1"
                + ")" * depth + ") }")
        try:
            zona.loads(text, "deep.zona")
        except zona.ZonaError as error:
            assert str(error) == TOO_DEEP


def test_long_reference_chain_scores_or_is_rejected() -> None:
    """A ruleset that compiles can be scored without a RecursionError."""
    text = 'ruleset "chain" { }\ninput n { count }\n' + "".join(
        f"item i{k} {{ score = i{k + 1} }}\n" for k in range(500)) + (
        "item i500 { score = min(1, n) }\n")
    try:
        ruleset = zona.loads(text)
    except zona.ZonaError:
        return
    assert ruleset.score({"n": 1}).total.score == 501


def test_excerpt_shows_the_line_lark_counted() -> None:
    """The excerpt shows the line the error is on, even after a form feed in a comment."""
    text = 'ruleset "r" { }\n# a form feed \x0c in a comment\nitem i { score = 1 + }\n'
    with pytest.raises(zona.ZonaSyntaxError) as caught:
        zona.loads(text, "ff.zona")
    assert str(caught.value).splitlines()[1] == "  3 | item i { score = 1 + }"

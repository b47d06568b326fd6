"""Numbers people write: the decimal comma of Indonesian Excel, and limits that keep a
13-byte number from hanging a reader (zona.numtext.read_number)."""

from __future__ import annotations

import decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import zona
from zona.numtext import NumberProblem, read_number

EXAMPLE = Path(__file__).parent.parent / "examples"


@pytest.mark.parametrize(("text", "value"), [
    ("3,72", Fraction(93, 25)), ("3.72", Fraction(93, 25)), ("-2,5", Fraction(-5, 2)),
    (",5", Fraction(1, 2)), ("0,500", Fraction(1, 2)), (" 3,5 ", Fraction(7, 2)),
    ("1e3", Fraction(1000)), ("1000", Fraction(1000)), ("7", Fraction(7)),
    ("tiga", None), ("", None), ("3,7,2", None), ("1e", None),
])
def test_numbers_as_people_write_them(text: str, value: Fraction | None) -> None:
    assert read_number(text) == value


@pytest.mark.parametrize(("text", "message"), [
    ("1,500", "'1,500' is ambiguous: a decimal comma (1.5) or a thousands separator "
              "(1500); write 1.5 or 1500"),
    ("1.500.000", "'1.500.000' groups thousands; write the number without separators "
                  "(1500000)"),
    ("1,500,000", "'1,500,000' groups thousands; write the number without separators "
                  "(1500000)"),
    ("1e100000000", "'1e100000000' has too many digits or too large an exponent "
                    "(at most 40 digits, 10^±40)"),
    ("1e-100000000", "'1e-100000000' has too many digits or too large an exponent "
                     "(at most 40 digits, 10^±40)"),
    ("9" * 41, f"'{'9' * 41}' has too many digits or too large an exponent "
               "(at most 40 digits, 10^±40)"),
])
def test_refused_numbers_say_why(text: str, message: str) -> None:
    with pytest.raises(NumberProblem) as caught:
        read_number(text)
    assert str(caught.value) == message


@given(st.decimals(min_value=-10**6, max_value=10**6, places=4, allow_nan=False,
                   allow_infinity=False))
def test_decimal_comma_reads_as_the_decimal_point(value: decimal.Decimal) -> None:
    text = format(value, "f")
    comma = text.replace(".", ",")
    whole, _, part = comma.partition(",")
    if len(part) == 3 and whole.lstrip("+-") not in ("", "0"):
        with pytest.raises(NumberProblem):
            read_number(comma)
    else:
        assert read_number(comma) == Fraction(value) == read_number(text)


def test_a_fact_with_a_decimal_comma_reads_like_its_point() -> None:
    from zona.scoring.read import read_fact

    ruleset = zona.load_builtin("permenpan-90-2021")
    fact = ruleset.facts_by_name["spip_maturity"]
    assert read_fact(fact, "3,5") == read_fact(fact, "3.5") == Fraction(7, 2)
    with pytest.raises(ValueError, match="is ambiguous"):
        read_fact(ruleset.facts_by_name["tlhp"], "1,500")


def test_a_semicolon_csv_with_decimal_commas_scores_like_its_json(tmp_path: Path) -> None:
    ruleset = zona.load_builtin("permenpan-90-2021")
    number = next(i for i in ruleset.inputs_by_name.values() if i.kind == "decimal")
    path = tmp_path / "unit.csv"
    path.write_text(f"id;answer\n{number.name};3,25\n", encoding="utf-8")
    from zona.io.sheets import read_answers

    assert read_answers(path, ruleset).answers == {number.name: "3,25"}
    comma = ruleset.score({number.name: "3,25"})
    point = ruleset.score({number.name: "3.25"})
    assert comma.total == point.total and comma.nodes == point.nodes


def test_a_huge_exponent_in_json_is_a_located_problem_not_a_hang(tmp_path: Path) -> None:
    from zona.io.sheets import read_answers

    ruleset = zona.load(EXAMPLE / "example.zona")
    first = next(iter(ruleset.inputs_by_name))
    path = tmp_path / "bomb.json"
    path.write_text(f'{{"answers": {{"{first}": 1e100000000}}}}', encoding="utf-8")
    with pytest.raises(zona.ZonaError) as caught:
        ruleset.score(read_answers(path, ruleset).answers)
    assert "too many digits or too large an exponent" in str(caught.value)


@given(st.integers(-10**12, 10**12), st.integers(0, 30), st.integers(0, 30),
       st.sampled_from([1, 1, 1, 3, 7, 9, 11]))
def test_exact_text_is_the_shortest_exact_decimal_or_p_over_q(numerator: int, twos: int,
                                                              fives: int, other: int) -> None:
    from zona.numtext import exact_text, terminates

    value = Fraction(numerator, 2**twos * 5**fives * other)
    text = exact_text(value)
    if value.denominator == 1:
        assert text == str(value.numerator)
    elif terminates(value):
        assert "/" not in text and Fraction(decimal.Decimal(text)) == value
        assert not text.endswith("0") and text.lstrip("-").split(".")[0] != ""
    else:
        assert text == f"{value.numerator}/{value.denominator}"

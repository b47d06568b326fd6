"""Templates within Excel's limits: 255 arguments per function, 64 nested functions, 8,192
characters per formula, 255 characters in a dropdown's list. A 300-question sub-area sums
and averages groups of at most 255 cells, a 90-option scale is chosen by blocks of IFs
and its dropdown lists the options from the hidden sheet; LibreOffice computes what zona
does. What still passes a limit is refused with the reason, never written broken."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

import zona
from tests.io.test_template import SOFFICE, compare_sheet, fill, recalculate
from zona.errors import ZonaError
from zona.io.formulas_excel import _measure, call, chain, excel_problem
from zona.io.template import write_template

openpyxl = pytest.importorskip("openpyxl")


def wide(questions: int, options: int, aggregate: str) -> zona.Ruleset:
    """A sub-area of `questions` yes/no questions but the first, of an `options`-option
    scale, summed, averaged or weighted."""
    top = questions if aggregate == "sum" else 100
    weight = "" if aggregate == "mean" else " weight 1"
    scale = ", ".join(f"L{i} = {i}" for i in range(options))
    lines = [f'ruleset "lebar" {{ maximum {top} }}',
             f'scale many "Banyak" range 0..{options - 1} {{ {scale} }}',
             'scale yt "Ya/Tidak" { Ya = 1, Tidak = 0 }',
             f'component c "C" {{ weight {top}', f'area a "A" {{ weight {top}',
             f'subarea s "S" {{ weight {top}',
             "" if aggregate == "mean" else f"aggregate {aggregate}"]
    lines += [f'question q{i} "Soal {i}" {{ scale {"many" if i == 0 else "yt"}{weight} }}'
              for i in range(questions)]
    return zona.loads("\n".join([*lines, "}", "}", "}"]))


def formulas(path: Path) -> list[str]:
    sheet = openpyxl.load_workbook(path)["Jawaban"]
    return [str(c.value) for row in sheet.iter_rows() for c in row
            if isinstance(c.value, str) and c.value.startswith("=")]


@pytest.mark.parametrize("aggregate", ["mean", "sum", "weighted"])
def test_a_300_question_subarea_and_a_90_option_scale(tmp_path: Path, aggregate: str) -> None:
    ruleset = wide(300, 90, aggregate)
    path = tmp_path / f"{aggregate}.xlsx"
    write_template(ruleset, path)
    found = formulas(path)
    assert [f for f in found if excel_problem(f) is not None] == []
    most_arguments = max(_measure(f)[0] for f in found)
    deepest = max(_measure(f)[1] for f in found)
    assert (most_arguments, deepest) == (255, 21)  # 300 cells; the 90 options in blocks
    book = openpyxl.load_workbook(path)
    lists = [v.formula1 for v in book["Jawaban"].data_validations.dataValidation
             if v.type == "list"]
    assert "zona!$D$1:$D$90" in lists
    assert [book["zona"][f"D{n}"].value for n in (1, 90)] == ["L0", "L89"]


def test_the_sum_of_300_cells_is_sums_of_255() -> None:
    cells = [f"I{n}" for n in range(1, 301)]
    assert call("SUM", cells) == (f"SUM(SUM({','.join(cells[:255])}),"
                                  f"SUM({','.join(cells[255:])}))")
    assert call("COUNT", cells) == (f"SUM(COUNT({','.join(cells[:255])}),"
                                    f"COUNT({','.join(cells[255:])}))")
    assert call("AVERAGE", cells) == f"({call('SUM', cells)}/{call('COUNT', cells)})"
    assert call("AVERAGE", cells[:3]) == "AVERAGE(I1,I2,I3)"


def test_a_long_chain_of_ifs_is_cut_into_blocks() -> None:
    assert chain([("A1=1", "1"), ("A1=2", "2")], "NA()") == "IF(A1=1,1,IF(A1=2,2,NA()))"
    cases = [(f"A1={n}", str(n)) for n in range(90)]
    formula = chain(cases, "NA()")
    assert _measure(formula) == (10, 20)
    assert formula.startswith("IF(OR(A1=0,A1=1,A1=2,A1=3,A1=4,A1=5,A1=6,A1=7,A1=8,A1=9),"
                              "IF(A1=0,0,IF(A1=1,1,")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice recalculates the template")
def test_libreoffice_computes_the_wide_template_as_zona(tmp_path: Path) -> None:
    for aggregate in ("mean", "weighted"):
        ruleset = wide(300, 90, aggregate)
        rng = random.Random(14)
        answers: dict[str, object] = {"q0": "L57"}
        answers |= {f"q{i}": rng.choice(["Ya", "Tidak"]) for i in range(1, 300)
                    if rng.random() < 0.9}
        template = tmp_path / f"{aggregate}.xlsx"
        write_template(ruleset, template)
        filled = fill(template, tmp_path / f"filled-{aggregate}.xlsx", answers)
        (recalculated,) = recalculate([filled], tmp_path / f"out-{aggregate}")
        assert compare_sheet(recalculated, ruleset.score(answers)) == 608


def test_a_formula_beyond_excel_is_refused_with_the_reason(tmp_path: Path) -> None:
    deep = "a"
    for _ in range(70):
        deep = f"min(1, {deep})"
    ruleset = zona.loads(f'ruleset "dalam" {{ maximum 1 }}\ninput a "A" {{ decimal 0..1 }}\n'
                         f'item s "S" {{ score = {deep} }}')
    target = tmp_path / "deep.xlsx"
    with pytest.raises(ZonaError) as caught:
        write_template(ruleset, target)
    assert str(caught.value) == (
        "the xlsx template cannot hold the formula of s (row 11): functions nested 71 deep "
        "(Excel's limit: 64); write the template as CSV, JSON or YAML instead, or split the "
        "ruleset's largest groups")
    assert not target.exists()
    write_template(ruleset, tmp_path / "deep.csv")  # a text template has no formulas

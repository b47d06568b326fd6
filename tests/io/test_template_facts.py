"""Text templates whose weights depend on facts: the combination shown is said, and chosen
with --fact; the facts given are filled in and read back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import zona
from tests.conftest import DATA
from zona.cli.main import main
from zona.io import read_answers
from zona.io.template import template_text

RULESET = DATA / "valid" / "fact_expressions.zona"
NOTE = ("The weights depend on facts; this template shows those for instansi = {}. For "
        "another combination (instansi: pemda, kementerian) write the template with "
        "--fact NAME=VALUE.")


def test_without_facts_the_first_combination_is_named() -> None:
    document = json.loads(template_text(zona.load(RULESET), "json"))
    assert document["template"]["weights_for"] == {"instansi": "pemda"}
    assert document["template"]["weights_note"] == NOTE.format("pemda")
    assert [q["weight"] for q in document["template"]["questions"]] == ["6", "6", "8"]
    assert f"# {NOTE.format('pemda')}\n" in template_text(zona.load(RULESET), "yaml")


@pytest.mark.parametrize("fmt", ["csv", "json", "yaml"])
def test_a_fact_chooses_the_weights_and_is_read_back(fmt: str, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / f"unit.{fmt}"
    assert main(["template", "-r", str(RULESET), "-o", str(path),
                 "--fact", "instansi=kementerian"]) == 0
    assert capsys.readouterr().err == ""  # the weights shown are the ones asked for
    text = path.read_text(encoding="utf-8")
    assert NOTE.format("kementerian") in text
    sheet = read_answers(path, zona.load(RULESET))
    assert {k: v for k, v in sheet.facts.items() if v is not None} == {"instansi": "kementerian"}


def test_the_command_notes_the_combination_it_chose(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["template", "-r", str(RULESET), "--format", "csv"]) == 0
    captured = capsys.readouterr()
    assert captured.err == f"zona template: note: {NOTE.format('pemda')}\n"
    assert "\nt1,,,,Y/T,Y/T,,6," in captured.out


def test_the_xlsx_template_takes_its_facts_in_the_workbook(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]
                                                          ) -> None:
    code = main(["template", "-r", str(RULESET), "-o", str(tmp_path / "t.xlsx"),
                 "--fact", "instansi=pemda"])
    assert code == 1 and "fill the fact cells in the workbook" in capsys.readouterr().err

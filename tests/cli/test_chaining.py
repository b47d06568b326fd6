"""`--fact-from NAME=SHEET` (or `NAME=RULESET:SHEET`): another ruleset's result as a fact,
on every command that takes `--fact`; and the example sheets that name a ruleset beside
them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import ROOT
from zona.cli.main import build_parser, main

EXAMPLES = ROOT / "examples"
UNIT = EXAMPLES / "unit-90-2021.portalrb.json"
SAKIP = EXAMPLES / "sakip-88-2021.answers.json"
SPIP = EXAMPLES / "spip-maturity.answers.json"
CHAINED = ["--fact-from", f"sakip={SAKIP}", "--fact-from", f"spip_maturity={SPIP}"]


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize(("name", "line"), [
    ("sakip-88-2021",
     "Predikat SAKIP (predikat): B  (value 67.69, band > 60 .. 70; BB needs > 70: 2.31 more)"),
    ("spbe-59-2020", "Predikat Indeks SPBE (predikat): Baik  (value 2.77, band 2.6 .. < 3.5; "
                     "SangatBaik needs >= 3.5: 0.73 more)"),
    ("spip-maturity", "Tingkat maturitas SPIP (maturitas): 2"),
])
def test_an_example_sheet_finds_its_ruleset_beside_it(capsys: pytest.CaptureFixture[str],
                                                      name: str, line: str) -> None:
    code, out, err = run(capsys, "score", "--depth", "1", EXAMPLES / f"{name}.answers.json")
    assert (code, err) == (0, "")
    assert out.splitlines()[-1].startswith(line)


def _conditions(document: dict[str, object], predicate: str) -> dict[str, object]:
    predicates = document["predicates"]
    assert isinstance(predicates, dict)
    return {c["condition"]: (c["passed"], c.get("actual"))
            for c in predicates[predicate]["conditions"]}


def test_score_with_facts_from_other_results(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "score", "-r", "permenpan-90-2021", UNIT, *CHAINED, "--json")
    assert (code, err) == (0, "")
    wbk = _conditions(json.loads(out), "ELIGIBLE_WBK")
    assert wbk["fact sakip >= B"] == (True, "B")
    assert wbk["fact spip_maturity >= 3"] == (False, 2)
    assert _conditions(json.loads(out), "ELIGIBLE_WBBM")["fact sakip >= BB"] == (False, "B")
    code, table, _ = run(capsys, "score", "-r", "permenpan-90-2021", UNIT, *CHAINED)
    assert code == 0 and "ok   fact sakip >= B  (value B)" in table


def test_the_ruleset_may_be_named_before_the_sheet(capsys: pytest.CaptureFixture[str],
                                                   tmp_path: Path) -> None:
    bare = tmp_path / "sakip-unit.json"  # a sheet that names no ruleset
    sheet = json.loads(SAKIP.read_text(encoding="utf-8"))
    bare.write_text(json.dumps({"answers": sheet["answers"]}), encoding="utf-8")
    ruleset = EXAMPLES / "sakip-88-2021.zona"
    code, out, _ = run(capsys, "score", "-r", "permenpan-90-2021", UNIT, "--json",
                       "--fact-from", f"sakip={ruleset}:{bare}")
    assert code == 0
    assert _conditions(json.loads(out), "ELIGIBLE_WBK")["fact sakip >= B"] == (True, "B")
    code, _, err = run(capsys, "score", "-r", "permenpan-90-2021", UNIT,
                       "--fact-from", f"sakip={bare}")
    assert code == 1 and "the sheet names no ruleset" in err


@pytest.mark.parametrize(("option", "message"), [
    (f"sakip={EXAMPLES / 'spbe-59-2020.answers.json'}",
     f"--fact-from sakip: {EXAMPLES / 'spbe-59-2020.answers.json'}: the result of "
     "'spbe-59-2020' has no grade whose levels are D, C, CC, B, BB, A, AA (its grades: "
     "predikat: Kurang, Cukup, Baik, SangatBaik, Memuaskan)"),
    (f"spip_maturity={SAKIP}",
     f"--fact-from spip_maturity: {SAKIP}: the result of 'sakip-88-2021' has no grade with "
     "numbered levels within 0..5 (its grades: predikat: D, C, CC, B, BB, A, AA)"),
    (f"sakp={SAKIP}",
     "--fact-from sakp: ruleset 'permenpan-90-2021' has no fact 'sakp'. Did you mean 'sakip'?"),
    ("sakip", "--fact-from 'sakip': write NAME=SHEET or NAME=RULESET:SHEET, e.g. "
              "sakip=sakip-unit.json"),
])
def test_a_fact_from_the_wrong_result(capsys: pytest.CaptureFixture[str], option: str,
                                      message: str) -> None:
    code, out, err = run(capsys, "score", "-r", "permenpan-90-2021", UNIT, "--fact-from", option)
    assert (code, out, err) == (1, "", message + "\n")


def test_a_fact_given_twice(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "score", "-r", "permenpan-90-2021", UNIT, "--fact", "sakip=A",
                       "--fact-from", f"sakip={SAKIP}")
    assert code == 1
    assert err == "--fact and --fact-from both give the fact 'sakip'; give it once\n"


def test_every_command_that_takes_facts_takes_them_from_results() -> None:
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    assert isinstance(commands, dict)
    with_facts = {name for name, sub in commands.items()
                  if any("--fact" in a.option_strings for a in sub._actions)}
    assert with_facts == {"score", "explain", "gap", "report", "compare", "batch", "cohort",
                          "template", "whatif"}
    for name in with_facts:
        assert any("--fact-from" in a.option_strings for a in commands[name]._actions), name


def test_other_commands_read_the_chained_facts(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "explain", "-r", "permenpan-90-2021", UNIT, *CHAINED,
                         "--lang", "id")
    assert code == 0, err
    assert "fact spip_maturity >= 3: nilai 2" in out
    code, out, err = run(capsys, "compare", "-r", "permenpan-90-2021", f"unit={UNIT}",
                         f"tpi={UNIT}", *CHAINED, "--json")
    assert code == 0, err
    results = json.loads(out)["results"]
    assert {r["predicates"]["ELIGIBLE_WBK"]["passed"] for r in results.values()} == {False}


def test_batch_takes_the_facts_for_every_unit(capsys: pytest.CaptureFixture[str],
                                              tmp_path: Path) -> None:
    """Without the facts the eligibility is undecided; SAKIP B and SPIP 2 make it fail."""
    pytest.importorskip("numpy")
    table = tmp_path / "units.csv"
    table.write_text("unit,q1\nA,Ya\nB,Tidak\n", encoding="utf-8")
    argv = ("batch", table, "-r", "permenpan-90-2021", "--json")
    before = json.loads(run(capsys, *argv)[1])["predicates"]["ELIGIBLE_WBK"]
    code, out, err = run(capsys, *argv, *CHAINED)
    after = json.loads(out)["predicates"]["ELIGIBLE_WBK"]
    assert (code, err) == (0, "")
    assert (before["undecided"], after["failed"]) == (2, 2)

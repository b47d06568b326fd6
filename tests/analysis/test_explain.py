"""Explanations: exact text, contributions that add up, thresholds read from the predicates."""

from __future__ import annotations

import json
import string
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import zona
from tests.conftest import ROOT
from tests.sheets import extreme_answers
from tests.strategies import answer_sheets, valid_rulesets
from zona.analysis.explain import PHRASES, areas, contributions, explain, losses, phrase, questions
from zona.cli.main import main
from zona.i18n import LANGS, translations
from zona.io import read_answers

EXAMPLE = ROOT / "examples" / "example.zona"
ANSWERS = ROOT / "examples" / "example-answers.json"
UNIT = ROOT / "examples" / "unit-90-2021.portalrb.json"


def _example() -> zona.Result:
    sheet = read_answers(ANSWERS)
    result: zona.Result = sheet.score(zona.load(EXAMPLE))
    return result


def _unit() -> zona.Result:
    ruleset = zona.load_builtin("permenpan-90-2021")
    result: zona.Result = read_answers(UNIT, ruleset).score(ruleset)
    return result


# The example unit, worked by hand: q1 Ya (1) and q2 B (0.67) share mp_tim's 10 points
# (5 + 3.35); agen_konkret = min(1, 2/3) of 20 = 40/3; tt 30; ipak 3.6/4 x 40 = 36.
# Losses in points of the total: agen_konkret 20 - 40/3 = 20/3, ipak 4, q2 5 - 3.35 = 1.65.
EXAMPLE_EN = """\
Score explanation: Example evaluation worksheet
Unit: Kantor Contoh

Total score 87.68 out of 100.00 (87.68 %; exactly 5261/60).
  Enablers: 51.68 of 60.00 (86.14 %)
  Results: 36.00 of 40.00 (90.00 %)

Area perubahan
  Change management: 21.68 of 30.00 (72.28 %)
    WBK needs 60.00 %: passed, margin +12.28 percentage points (+3.68 points)
  Business processes: 30.00 of 30.00 (100.00 %)
    WBK needs 60.00 %: passed, margin +40.00 percentage points (+12.00 points)

Predicates
  WBK (Towards a Corruption-Free Zone): PASSED
    total >= 75: value 87.68, threshold 75.00, margin +12.68: passed
    every child of areas: share >= 60%: passed
      area_mp Change management: value 72.28 %, threshold 60.00 %, \
margin +12.28 percentage points (+3.68 points): passed
      area_tt Business processes: value 100.00 %, threshold 60.00 %, \
margin +40.00 percentage points (+12.00 points): passed
    ipak >= 36: value 36.00, threshold 36.00, margin +0.00: passed
  WBBM (Towards a Clean and Serving Bureaucracy Zone): PASSED
    predicate WBK: passed
    total >= 85: value 87.68, threshold 85.00, margin +2.68: passed
    fact prior_predicate >= WBK: value WBK: passed

Questions that cost the most points (in points of the total)
  1. agen_konkret Agen perubahan telah membuat perubahan yang konkret (soal 3, 4): \
loses 6.67 points (earns 13.33 of 20.00)
     Answer: n_agen = 3, n_ubah = 2
  2. ipak Survei Persepsi Anti Korupsi (soal 6): loses 4.00 points (earns 36.00 of 40.00)
     Answer: ipak_index = 3.6
  3. q2 Anggota tim dipilih melalui prosedur yang jelas (soal 2): \
loses 1.65 points (earns 3.35 of 5.00)
     Answer: B (0.67); best A
     Criteria:
       a. Jika dengan prosedur yang jelas dan mempertimbangkan kompetensi;
       b. Jika dengan prosedur, tanpa mempertimbangkan kompetensi;
       c. Jika sebagian anggota dipilih dengan prosedur;
       d. Jika tidak melalui prosedur."""


def test_example_in_english_exactly() -> None:
    assert explain(_example(), "en", unit="Kantor Contoh") == EXAMPLE_EN


def test_example_in_indonesian_by_default() -> None:
    text = explain(_example(), top=1)
    assert text.splitlines()[:4] == [
        "Penjelasan nilai: Contoh lembar kerja evaluasi", "",
        "Nilai total 87,68 dari 100,00 (87,68 %; tepat 5261/60).",
        "  Pengungkit: 51,68 dari 60,00 (86,14 %)"]
    assert "    WBK minimal 60,00 %: terpenuhi, selisih +12,28 poin persentase (+3,68 poin)" \
        in text
    assert "  WBBM (Menuju WBBM): LULUS" in text
    assert ("  1. agen_konkret Agen perubahan telah membuat perubahan yang konkret (soal 3, 4): "
            "kehilangan 6,67 poin (memperoleh 13,33 dari 20,00)") in text
    assert "  ... dan 2 pertanyaan lain yang kehilangan 5,65 poin." in text


def test_losses_are_exact() -> None:
    found = {loss.result.name: (loss.earned, loss.most) for loss in losses(_example())}
    assert found == {"agen_konkret": (Fraction(40, 3), Fraction(20)),
                     "ipak": (Fraction(36), Fraction(40)),
                     "q2": (Fraction(335, 100), Fraction(5))}
    assert [loss.result.name for loss in losses(_example())] == ["agen_konkret", "ipak", "q2"]


def test_phrase_table_is_complete_in_both_languages() -> None:
    for key in PHRASES:  # (tests/i18n checks the whole catalogue the same way)
        indonesian, english = (translations(lang).gettext(PHRASES[key]) for lang in LANGS)
        fields = [{f for _, f, _, _ in string.Formatter().parse(t) if f} for t in
                  (indonesian, english)]
        assert fields[0] == fields[1], key
        assert indonesian and english, key
    with pytest.raises(zona.ZonaError, match="unknown language 'fr'"):
        phrase("title", "fr", ruleset="x")
    with pytest.raises(zona.ZonaError, match="unknown language"):
        explain(_example(), "fr")


def test_every_losing_choice_gains_exactly_its_loss_at_its_best_answer() -> None:
    """Points lost are what the total gains when that one answer is raised to its best option
    (computed by the normal scoring path), for every choice question of the 90/2021 unit."""
    result = _unit()
    ruleset = result.ruleset
    answers = dict(read_answers(UNIT, ruleset).answers)
    checked = 0
    for loss in losses(result):
        spec = ruleset.inputs_by_name.get(loss.result.name)
        if spec is None or spec.scale is None:
            continue
        raised = ruleset.score({**answers, spec.name: spec.scale.best.name})
        assert raised.total.score - result.total.score == loss.lost, spec.name
        checked += 1
    assert checked > 20
    ipak = next(loss for loss in losses(result) if loss.result.name == "ipak")
    top = ruleset.score({**answers, "q125": "4"})
    assert top.total.score - result.total.score == ipak.lost


@pytest.mark.parametrize("name", ["permenpan-90-2021", "permenpan-52-2014", "portalrb-2026"])
def test_contributions_add_up_on_real_rulesets(name: str) -> None:
    ruleset = zona.load_builtin(name)
    for best in (True, False):
        result = ruleset.score(extreme_answers(ruleset, best))
        found = contributions(result)
        leaves = questions(result)
        assert sum(found[n.name][0] for n in leaves) == result.total.score
        assert sum(found[n.name][1] for n in leaves) == result.total.maximum
        assert (losses(result) == []) is best


@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_contributions_add_up_on_generated_rulesets(data: st.DataObject) -> None:
    """The questions' contributions to the total add up to the total; each lies in 0..most;
    the explanation renders in both languages."""
    generated = data.draw(valid_rulesets())
    answers, facts = data.draw(answer_sheets(generated))
    result = zona.loads(generated.text).score(answers, facts)
    found = contributions(result)
    assert sum(found[n.name][0] for n in questions(result)) == result.total.score
    for node in questions(result):
        earned, most = found[node.name]
        assert 0 <= earned <= most
    assert sum(loss.lost for loss in losses(result)) <= result.total.maximum
    for lang in ("id", "en"):
        assert explain(result, lang, top=None)


_THRESHOLDS = """
ruleset "t" { maximum 10 }
scale yt "Ya/Tidak" { Ya = 1, Tidak = 0 }
component a "Satu" { weight 4  question q1 "Q1" { scale yt } question q2 "Q2" { scale yt } }
component b "Dua" { weight 6  question q3 "Q3" { scale yt } }
predicate P "Pertama" { require every child of total: share >= 55% }
predicate Q "Kedua" { require every child of total: score >= 3 }
"""


def test_area_thresholds_come_from_the_predicates() -> None:
    """No views: the areas are the top-level subtrees, checked against the thresholds the
    predicates state (55 % of the share, 3 points), not against a built-in 60/75 %."""
    result = zona.loads(_THRESHOLDS).score({"q1": "Ya", "q2": "Tidak", "q3": "Ya"})
    _, found = areas(result, "en")
    assert [a.result.name for a in found] == ["a", "b"]
    checks = {a.result.name: [(p, c.threshold, c.passed) for p, c in a.checks] for a in found}
    assert checks == {"a": [("P", Fraction(55, 100), False), ("Q", Fraction(3), False)],
                      "b": [("P", Fraction(55, 100), True), ("Q", Fraction(3), True)]}
    text = explain(result, "en")
    assert "  Satu: 2.00 of 4.00 (50.00 %)" in text
    assert "    P needs 55.00 %: failed, margin -5.00 percentage points (-0.20 points)" in text
    assert "    Q needs 3.00: failed, margin -1.00" in text


def test_a_margin_hidden_by_rounding_gets_its_exact_value() -> None:
    text = _THRESHOLDS.replace("share >= 55%", "share >= 50.001%")
    result = zona.loads(text).score({"q1": "Ya", "q2": "Tidak", "q3": "Ya"})
    assert ("P needs 50.001 %: failed, margin -0.00 percentage points "
            "(-0.00 points; exactly -0.00004)"
            in explain(result, "en"))


def test_unanswered_questions_are_listed() -> None:
    result = zona.loads(_THRESHOLDS).score({"q1": "Ya", "q3": "Tidak"})
    assert "  Not answered (not counted): q2" in explain(result, "en")


def test_workbook_explanation(shared_workbook: Path) -> None:
    from zona.io.lke import read_lke

    workbook = read_lke(shared_workbook)
    ruleset = zona.load_builtin(workbook.ruleset)
    text = explain(workbook.answers.score(ruleset), "id")
    assert "Nilai total 95,63 dari 100,00 (95,63 %; tepat 261077/2730)." in text
    assert "  WBK (Menuju Wilayah Bebas dari Korupsi (WBK)): LULUS" in text


def test_cli_explain(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code = main(["explain", "--ruleset", str(EXAMPLE), str(ANSWERS), "--lang", "en",
                 "--top", "3"])
    out = capsys.readouterr().out
    assert code == 0
    assert out == EXAMPLE_EN + "\n"
    code = main(["--lang", "id", "explain", "-r", "permenpan-90-2021", str(UNIT), "--fact",
                 "prior_predicate=WBK", "--top", "0"])
    out = capsys.readouterr().out
    assert code == 0
    assert "    fact prior_predicate >= WBK: nilai WBK: terpenuhi" in out
    assert "  ... dan 36 pertanyaan lain" in out
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"q1": "Mungkin"}), encoding="utf-8")
    assert main(["explain", "-r", str(EXAMPLE), str(bad)]) == 1
    assert "'Mungkin' is not on the scale" in capsys.readouterr().err
    assert main(["explain", "-r", str(EXAMPLE), str(ANSWERS), "--fact", "oops"]) == 1
    assert "write NAME=VALUE" in capsys.readouterr().err


def test_docs_show_real_output(capsys: pytest.CaptureFixture[str],
                               monkeypatch: pytest.MonkeyPatch) -> None:
    """docs/explain.md's first console block is what the command prints today, and its
    Python example runs and prints the losses it shows."""
    import re
    import subprocess
    import sys

    text = (ROOT / "docs" / "explain.md").read_text(encoding="utf-8")
    block = re.search(r"```console\n\$ (zona explain [^\n]*)\n(.*?)```", text, re.S)
    assert block is not None
    command, shown = block.groups()
    monkeypatch.chdir(ROOT)
    assert main(command.split()[1:]) == 0
    assert capsys.readouterr().out == shown
    (python,) = re.findall(r"```python\n(.*?)```", text, re.S)
    ran = subprocess.run([sys.executable, "-c", python], cwd=ROOT, check=True,
                         capture_output=True, text=True, timeout=60)
    expected = [line.removeprefix("# ") for line in python.splitlines()
                if line.startswith("# ")]
    assert ran.stdout.splitlines()[-3:] == expected


def test_an_unanswered_question_counted_as_zero_is_a_loss() -> None:
    """Under `missing zero` an unanswered question counts as 0: it loses its share of the
    mean (and is not listed as left out); under `exclude` it is left out of the mean."""
    zero = _THRESHOLDS.replace('question q2 "Q2" { scale yt }',
                               'question q2 "Q2" { scale yt  missing zero }')
    result = zona.loads(zero).score({"q1": "Ya", "q3": "Ya"})
    assert {loss.result.name: loss.lost for loss in losses(result)} == {"q2": 2}
    assert "Not answered" not in explain(result, "en")
    result = zona.loads(_THRESHOLDS).score({"q1": "Ya", "q3": "Ya"})
    assert losses(result) == []

"""Ruleset errors and warnings in Indonesian: the invalid and lint corpora read in `id`, exact
for a handful of files, and no English sentence left anywhere in either corpus
(docs/language-of-output.md; the English texts are tests/data/invalid/*.expected.txt)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import zona
from tests.conftest import DATA
from zona.cli.main import main
from zona.errors import Diagnostic
from zona.i18n import speaking
from zona.lint import diagnose
from zona.source import Source, Span

INVALID = sorted((DATA / "invalid").glob("*.zona"))
LINT = sorted((DATA / "lint").glob("*.zona"))
# Words of English prose: none may remain in an Indonesian message once the code it quotes
# (`...`, '...', "...") is taken out.
ENGLISH = re.compile(r"\b(the|is|are|not|cannot|must|write|expected|unexpected|of|with|and|or|"
                     r"has|have|needs|unknown|only|given|twice|which|can|be|it|its|no|to|in|"
                     r"for|as|never|always|holds|used|remove|reads|than)\b")
QUOTED = re.compile(r"`[^`]*`|'[^']*'|\"[^\"]*\"")


def _error(path: Path, lang: str) -> str:
    """The rendered error of an invalid ruleset in `lang`."""
    with speaking(lang):  # the message is made, and the frame rendered, in `lang`
        with pytest.raises(zona.ZonaError) as caught:
            zona.loads(path.read_text(encoding="utf-8"), f"tests/data/invalid/{path.name}")
        return str(caught.value)


def _messages(rendered: str, severity: str) -> list[str]:
    """The message (and hint) of each diagnostic line, without the excerpt under it."""
    return [line.split(f": {severity}: ", 1)[1] for line in rendered.splitlines()
            if f": {severity}: " in line and not line.startswith("  ")]


def _english_words(message: str) -> list[str]:
    return ENGLISH.findall(QUOTED.sub("", message))


@pytest.mark.parametrize(("name", "expected"), [
    ("syntax_colon_after_weight",
     "tests/data/invalid/syntax_colon_after_weight.zona:11:11: kesalahan: hapus ':': tulis "
     "`weight 60`\n  11 |     weight: 60\n     |           ^"),
    ("syntax_bad_policy",
     "tests/data/invalid/syntax_bad_policy.zona:2:13: kesalahan: nama 'never' tidak diharapkan "
     "di sini; seharusnya kebijakan jawaban kosong (error, exclude, zero)\n"
     "  2 |     missing never\n    |             ^^^^^"),
    ("syntax_decimal_comma_scale",
     "tests/data/invalid/syntax_decimal_comma_scale.zona:7:32: kesalahan: '0,5' memakai koma "
     "desimal; zona menulis desimal dengan titik: `0.5`. Pisahkan opsi dengan ', ', yaitu koma "
     "dan spasi.\n  7 | scale abc \"A/B/C\" { A = 1, B = 0,5, C = 0 }\n"
     "    |                                ^^^"),
    ("unknown_scale",
     "tests/data/invalid/unknown_scale.zona:5:35: kesalahan: skala 'YT' tidak dikenal. Apakah "
     "yang dimaksud 'yt'?\n  5 |     question q1 { weight 10 scale YT }\n"
     "    |                                   ^^"),
    ("mixed_weights",
     "tests/data/invalid/mixed_weights.zona:5:14: kesalahan: sebagian anak 'c' berbobot dan "
     "sebagian tidak; beri bobot pada setiap anak (sum) atau tidak sama sekali "
     "('aggregate mean')\n  5 |     question q1 { weight 10 scale yt }\n    |              ^^"),
    ("grade_gap",
     "tests/data/invalid/grade_gap.zona:9:14: kesalahan: celah antara tingkat 'C' dan 'CC' pada "
     "grade 'predikat': nilai > 50 .. < 55 tidak memiliki tingkat\n"
     "  9 |     level CC 55 .. 100\n    |              ^^"),
])
def test_invalid_rulesets_in_indonesian(name: str, expected: str) -> None:
    assert _error(DATA / "invalid" / f"{name}.zona", "id") == expected


def test_check_speaks_indonesian(capsys: pytest.CaptureFixture[str]) -> None:
    """`zona --lang id check` on the lint corpus: warnings, their hints and the frame."""
    assert main(["--lang", "id", "check", "tests/data/lint/duplicates.zona"]) == 0
    err = capsys.readouterr().err
    assert err.startswith(
        "tests/data/lint/duplicates.zona:7:14: peringatan: question 'q2' memiliki teks yang sama "
        "dengan question 'q1' (baris 6): \"Tim telah DIBENTUK\". Dua kriteria dengan teks yang "
        "sama biasanya salinan yang belum disunting; ubah rumusan salah satunya. [W401]\n")
    assert "predikat 'WBK' mensyaratkan `tim >= 7.5` dua kali (baris 11). Hapus salah satu " \
        "dari dua baris `require` itu. [W402]" in err


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_no_english_sentence_in_an_indonesian_error(path: Path) -> None:
    """Every error of the invalid corpus, in Indonesian: another text than the English one,
    the same number of diagnostics, and no English prose outside what it quotes."""
    english, indonesian = _error(path, "en"), _error(path, "id")
    assert indonesian != english
    messages = _messages(indonesian, "kesalahan")
    assert len(messages) == len(_messages(english, "error")) > 0
    assert {m: _english_words(m) for m in messages if _english_words(m)} == {}


@pytest.mark.parametrize("path", LINT, ids=lambda p: p.stem)
def test_no_english_sentence_in_an_indonesian_warning(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    name = f"tests/data/lint/{path.name}"
    with speaking("id"):
        found = diagnose(text, name)
        rendered = [d.render(Source(text, name)) for d in found]
    with speaking("en"):
        assert len(diagnose(text, name)) == len(found)
    for shown in rendered:
        severity = "peringatan" if ": peringatan: " in shown else "kesalahan"
        messages = _messages(shown, severity)
        assert messages, shown
        assert {m: _english_words(m) for m in messages if _english_words(m)} == {}


@given(message=st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
                       max_size=40),
       severity=st.sampled_from(["error", "warning"]),
       line=st.integers(1, 3), column=st.integers(1, 5))
def test_render_translates_only_the_severity(message: str, severity: str, line: int,
                                             column: int) -> None:
    """The frame of a diagnostic in Indonesian is the English one with `kesalahan` or
    `peringatan` for the severity: the place, the message and the excerpt stay as they are."""
    source = Source("a\nbb\nccc\n", "r.zona")
    diagnostic = Diagnostic(message, Span(line, column, line, column), severity=severity)
    with speaking("en"):
        english = diagnostic.render(source)
    with speaking("id"):
        indonesian = diagnostic.render(source)
    word = {"error": "kesalahan", "warning": "peringatan"}[severity]
    head = f"r.zona:{line}:{column}: "
    assert english.startswith(f"{head}{severity}: ")
    assert indonesian == english.replace(f"{head}{severity}: ", f"{head}{word}: ", 1)


def test_the_language_is_read_when_the_diagnostic_is_made(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A ruleset compiled under ZONA_LANG=id reports in Indonesian (no --lang needed)."""
    monkeypatch.setenv("ZONA_LANG", "id")
    with pytest.raises(zona.ZonaError, match=r"kesalahan: skala 'YT' tidak dikenal"):
        zona.loads((DATA / "invalid" / "unknown_scale.zona").read_text("utf-8"), "x.zona")

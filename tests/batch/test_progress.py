"""Progress bars (zona.batch.progress): tqdm's on stderr when asked for or when a large table
is watched, none when refused or when tqdm is missing; the command line's own bar."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import zona

pd = pytest.importorskip("pandas")
pytest.importorskip("tqdm")

from zona.batch import progress, score_table  # noqa: E402
from zona.batch.whatif import compare, step  # noqa: E402
from zona.cli.main import main  # noqa: E402

SAMPLE = Path(__file__).parents[2] / "examples" / "units-90-2021.csv"
LKE = zona.load_builtin("permenpan-90-2021")
UNITS = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False).replace({"": None})


def test_progress_true_draws_a_bar_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    scored = score_table(LKE, UNITS, progress=True)
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "permenpan-90-2021: 100%|" in captured.err and "| 200/200 [" in captured.err
    assert "units/s]" in captured.err
    assert scored.equals(score_table(LKE, UNITS, progress=False))


@pytest.mark.parametrize("chosen", [False, None])
def test_no_bar_when_refused_or_for_a_small_table(capsys: pytest.CaptureFixture[str],
                                                  chosen: bool | None) -> None:
    score_table(LKE, UNITS, progress=chosen)
    assert capsys.readouterr() == ("", "")


def test_a_large_watched_table_gets_a_bar_by_itself(capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "LARGE", 100)
    monkeypatch.setattr(progress, "watched", lambda: False)
    score_table(LKE, UNITS)
    assert capsys.readouterr().err == ""  # large, but nobody watches
    monkeypatch.setattr(progress, "watched", lambda: True)
    score_table(LKE, UNITS)
    assert "100%|" in capsys.readouterr().err
    score_table(LKE, UNITS.head(100))
    assert capsys.readouterr().err == ""  # watched, but not large


def test_without_tqdm_no_bar_and_no_error(capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "tqdm", None)  # `import tqdm` raises ImportError
    scored = score_table(LKE, UNITS, progress=True)
    assert capsys.readouterr() == ("", "")
    assert int(scored.WBK.sum()) == 95


def test_a_callable_hears_every_chunk_and_a_study_counts_every_scoring() -> None:
    calls: list[tuple[int, int]] = []
    score_table(LKE, UNITS, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(200, 200)]
    calls.clear()
    compare(LKE, UNITS.head(3), [step(+1), {"WBK.total": "80"}],
            progress=lambda done, total: calls.append((done, total)))
    assert calls == [(3, 9), (6, 9), (9, 9)]


def test_the_command_line_bar_needs_nothing_installed(capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "tqdm", None)
    output = tmp_path / "scored.csv"
    code = main(["batch", str(SAMPLE), "-r", "permenpan-90-2021", "--progress", "-o",
                 str(output)])
    captured = capsys.readouterr()
    assert code == 0
    assert captured.err == "\r[##############################] 100% 200/200 units\n"
    assert "#" not in output.read_text(encoding="utf-8")
    code = main(["whatif", str(SAMPLE), "-r", "permenpan-90-2021", "--step", "up",
                 "--progress"])
    assert "] 100% 400/400 units\n" in capsys.readouterr().err

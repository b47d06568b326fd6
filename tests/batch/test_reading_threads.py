"""Columns are read in the pool's threads, a pandas frame's too (encoding text columns is
the slow part of reading them); only taking a pandas Series from its frame happens on the
calling thread."""

from __future__ import annotations

import threading

import pytest

import zona
from zona.batch import columns, score_table

pd = pytest.importorskip("pandas")


def test_a_pandas_frame_is_read_in_the_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    rules = zona.load_builtin("permenpan-90-2021")
    frame = pd.DataFrame({"soal_1": ["Ya", "Tidak", None], "soal_2": ["A", "B", "C"],
                          "unit": ["a", "b", "c"]})
    read_on: list[str] = []
    real = columns._pandas

    def recording(name: str, series: object) -> columns.Column:
        read_on.append(threading.current_thread().name)
        return real(name, series)

    monkeypatch.setattr(columns, "_pandas", recording)
    scored = score_table(rules, frame, workers=2)
    assert scored["unit"].tolist() == ["a", "b", "c"] and len(read_on) == 2
    assert threading.main_thread().name not in read_on

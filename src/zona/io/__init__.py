"""Answer sheets in and out."""

from __future__ import annotations

from zona.io.lke import LkeSheet, read_lke
from zona.io.sheets import AnswerSheet, parse_answers, read_answers

__all__ = ["AnswerSheet", "LkeSheet", "parse_answers", "read_answers", "read_lke"]

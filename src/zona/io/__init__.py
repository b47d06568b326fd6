"""Answer sheets in and out."""

from __future__ import annotations

from zona.io.sheets import AnswerSheet, parse_answers, read_answers

__all__ = ["AnswerSheet", "parse_answers", "read_answers"]

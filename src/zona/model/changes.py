"""How a plan may change an answer (`change up`, `measured`), and the header's words for
people (what the measured inputs are, what an input's number is called).

    >>> allows("up", Fraction(6), Fraction(7)), allows("up", Fraction(6), Fraction(1))
    (True, False)
"""

from __future__ import annotations

from fractions import Fraction
from typing import Literal, TypeAlias

import attrs

#: `change free|up|down|fixed` (docs/language.md, "How a plan may change an input")
Change: TypeAlias = Literal["free", "up", "down", "fixed"]
CHANGES: tuple[Change, ...] = ("free", "up", "down", "fixed")


def allows(change: Change, old: Fraction | None, new: Fraction) -> bool:
    """Whether a plan may move an answer from `old` (None: blank) to `new`.

    `free` allows any value; `up` only a higher one, `down` only a lower one, and neither
    fills in a blank answer (there is nothing to stay above or below); `fixed` none.
    """
    if new == old:
        return True
    if change == "free":
        return True
    if change == "fixed" or old is None:
        return False
    return new > old if change == "up" else new < old


@attrs.frozen
class Words:
    """The header's words: `measured "..."`/`measured en "..."` (what the measured inputs
    are, for people) and `numbering "..."`/`numbering en "..."` (an input's number)."""

    measured: str = "indeks survei"
    measured_en: str = "survey indices"
    numbering: str = "soal"
    numbering_en: str | None = None  # None: the same as `numbering`

    def measured_in(self, lang: str) -> str:
        """What the measured inputs are called in a language ("id" or "en")."""
        return self.measured_en if lang == "en" else self.measured

    def numbering_in(self, lang: str) -> str:
        """What an input's number is called in a language ("id" or "en")."""
        return (self.numbering_en or self.numbering) if lang == "en" else self.numbering

    def to_dict(self) -> dict[str, str]:
        return {"measured": self.measured, "measured_en": self.measured_en,
                "numbering": self.numbering, "numbering_en": self.numbering_in("en")}


__all__ = ["CHANGES", "Change", "Words", "allows"]

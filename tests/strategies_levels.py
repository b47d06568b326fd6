"""Generated rulesets with the constructs beyond the first language (ranged scales,
weighted means, not applicable, `share()`, `every KIND under`): moved to
zona.testing.generated_levels (public, for authors' own properties); re-exported here for
the tests (tests/batch/generated.py extends its builder)."""

from __future__ import annotations

from zona.testing.generated_levels import Levels, _Builder, level_rulesets, level_sheets

__all__ = ["Levels", "_Builder", "level_rulesets", "level_sheets"]

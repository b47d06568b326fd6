"""Grades for the generated rulesets: moved to zona.testing.generated_grades (public, for
authors' own properties); re-exported here for the tests."""

from __future__ import annotations

from zona.testing.generated_grades import grade_declarations

__all__ = ["grade_declarations"]

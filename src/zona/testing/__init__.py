"""Tests for rulesets: declarative cases and generic properties.

A ruleset's cases are written in `NAME.tests.toml` beside `NAME.zona` (docs/testing.md):
`read_cases` reads one file (every problem located), `run_file` runs its cases against
zona.scoring, and `find_files` finds the files a path names. `zona test` is the command.

With the `testing` extra (hypothesis), `zona.testing.strategies` holds the hypothesis
strategies (answer sheets and facts for a ruleset, rulesets for fuzzing) and
`zona.testing.properties` the generic properties `zona test --properties` runs; neither
is imported here, so the cases work without hypothesis.
"""

from __future__ import annotations

from zona.testing.cases import SUFFIX, Case, CaseFile, path_of_tests, read_cases
from zona.testing.expected import Check
from zona.testing.run import CaseResult, CheckResult, FileResult, find_files, run_case, run_file

__all__ = [
           "SUFFIX",
           "Case",
           "CaseFile",
           "CaseResult",
           "Check",
           "CheckResult",
           "FileResult",
           "find_files",
           "path_of_tests",
           "read_cases",
           "run_case",
           "run_file",
]

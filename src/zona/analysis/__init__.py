"""Analyses that read a Result or a Ruleset: `explain` (with `phrases`, `wording` and
`grades`: why a unit has its grades), `gap` (the fewest changes to reach a predicate or a
grade's level), `bounds` and `intervals` (scores with unknown answers), `sensitivity`,
`diff` and `diff_grades` (between rulesets) and `compare` (between assessors of one unit).
"""

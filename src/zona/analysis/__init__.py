"""Analyses that read a Result or a Ruleset: `explain`, `gap` (the fewest changes to reach a
target), `bounds` and `intervals` (scores with unknown answers), `sensitivity`, `diff`
(between rulesets) and `compare` (between assessors of one unit).
"""

"""The phrase table: every sentence of explanations and reports, by key.

`PHRASES` maps a key to its English message; the message catalogues (zona.i18n,
`zona/locale/*/LC_MESSAGES/zona.po`) hold its Indonesian and English texts, and `phrase`
looks one up in a language and fills in its fields. `explain` and the HTML and report
renderers all speak through it.
"""

from __future__ import annotations

from zona.i18n import LANGS, N_, _, check_lang

__all__ = ["LANGS", "PHRASES", "check_lang", "missing", "phrase"]

# key -> the English message (the msgid of the catalogues); str.format fields in braces.
PHRASES: dict[str, str] = {
    "title": N_("Score explanation: {ruleset}"),
    "unit": N_("Unit: {unit}"),
    "total": N_("Total score {score} out of {maximum} ({share})."),
    "part": N_("{label}: {score} of {maximum} ({share})"),
    "exact": N_("exactly {value}"),
    "areas": N_("{label}"),
    "area_check": N_("{predicate} needs {threshold}: {verdict}, margin {margin}"),
    "predicates": N_("Predicates"),
    "predicate": N_("{name} ({label}): {verdict}"),
    "condition": N_("{text}: value {actual}, threshold {threshold}, margin {margin}: {verdict}"),
    "condition_value": N_("{text}: value {actual}: {verdict}"),
    "condition_plain": N_("{text}: {verdict}"),
    "fact_missing": N_("{text}: fact not given: {verdict}"),
    "grade_missing": N_("{text}: grade undecided: {verdict}"),
    "share_margin": N_("{margin} percentage points ({points} points{note})"),
    "losses": N_("Questions that cost the most points (in points of the total)"),
    "loss": N_("{rank}. {name}{soal}: loses {lost} points (earns {earned} of {most})"),
    "answer": N_("Answer: {answer}"),
    "answer_best": N_("{answer}; best {best}"),
    "criteria": N_("Criteria:"),
    "no_losses": N_("No question loses any points."),
    "more_losses": N_("... and {count} more questions losing {lost} points."),
    "unanswered": N_("Not answered (not counted): {names}"),
    "passed": N_("passed"),
    "failed": N_("failed"),
    "undecided": N_("undecided"),
    "p_passed": N_("PASSED"),
    "p_failed": N_("FAILED"),
    "p_undecided": N_("UNDECIDED"),
    "yes": N_("yes"),
    "no": N_("no"),
    "not_answered": N_("not answered"),
    "not_applicable": N_("not applicable"),
    "not_given": N_("fact not given"),
    "points": N_("points"),
    # grades (zona.analysis.grades)
    "grades": N_("Grades"),
    "grade": N_("{title}: {level}"),
    "g_undecided": N_("undecided, at least {level}"),
    "g_unanswered": N_("not answered ({value} cannot be computed yet)"),
    "g_in_band": N_("reached: the value {value} lies in the band of {level} ({band})"),
    "g_reaches_band": N_("reached: the value {value} reaches the band of {level} ({band})"),
    "g_when_holds": N_("reached: the conditions of {level} hold:"),
    "g_also_when": N_("and the conditions of {level} hold:"),
    "g_lowest": N_("reached: {level} is the lowest level, which holds when no level above it does"),
    "g_next_band": N_("next: {next} needs a value {bound}: {gap} more"),
    "g_next_band_when": N_("next: {next} needs a value {bound} ({gap} more) and:"),
    "g_next_reached": N_("next: the band of {next} is reached, but not its conditions:"),
    "g_next_when": N_("next: {next} needs:"),
    "g_top": N_("{level} is the top level"),
    "g_margin": N_("margin down: {margin} above the low end of its band ({bound})"),
    "g_undecided_by": N_("undecided: {level} depends on:"),
    "not_applicable_list": N_("Answered not applicable: {names}"),
    # headings of the HTML views and the report
    "h_tree": N_("Scores by component"),
    "h_node": N_("Component"),
    "h_score": N_("Score"),
    "h_weight": N_("Weight"),
    "h_answer": N_("Answer"),
    "h_condition": N_("Condition"),
    "h_value": N_("Value"),
    "h_threshold": N_("Threshold"),
    "h_margin": N_("Margin"),
    "h_verdict": N_("Verdict"),
    "h_scales": N_("Answer scales"),
    "h_grade": N_("Grade"),
    "h_level": N_("Level"),
    "h_label": N_("Label"),
    "h_band": N_("Band"),
    "h_when": N_("Condition"),
    "h_by": N_("by the value"),
    "h_why": N_("Why"),
    "h_next": N_("Next level"),
    "h_range": N_("range"),
    "h_views": N_("Views"),
    "units": N_("units"),
    "h_rank": N_("No."),
    "h_question": N_("Question"),
    "h_lost": N_("Lost"),
    "h_from": N_("From"),
    "h_to": N_("To"),
    "h_points": N_("Points gained"),
    # the unit report
    "r_title": N_("Evaluation Report: {rubric}"),
    "r_summary": N_("Summary"),
    "r_footer": N_("Made by zona with ruleset {ruleset}; numbers are rounded for display and "
                   "computed exactly."),
    "r_reading": N_("Reading notes"),
    "r_made": N_("Made on {date} with zona {version}; ruleset {ruleset} (fingerprint "
                 "{fingerprint})."),
    "r_inferred": N_("Part of this ruleset is inferred rather than read in its source; "
                     "`assumed` marks: {count} (listed by zona assumptions {ruleset})."),
    "r_facts": N_("Facts used"),
    "r_no_facts": N_("No facts were given."),
    "r_unanswered": N_("{count} of {asked} questions are unanswered: {names}"),
    "r_all_answered": N_("Every question is answered."),
    "r_warnings": N_("Warnings from reading the sheet"),
    "r_workbook": N_("The workbook's own total ({cell}): {workbook}; zona's: {zona}; difference "
                     "{difference}."),
    "r_workbook_cell": N_("{cell} {node} ({label}): workbook {workbook}, zona {zona}; moves the "
                          "total {moves}"),
    "r_gap": N_("Fewest answer changes to pass {predicate}"),
    "r_gap_grade": N_("Fewest answer changes for {grade} to reach {level}"),
    "r_gap_after_grade": N_("After the changes: total {score}; {grade}: {level}."),
    "r_gap_changes": N_("Answers to change: {count} (points gained: by that change alone)."),
    "r_gap_after": N_("After the changes: total {score}; {predicate}: {verdict}."),
    "r_gap_passes": N_("{predicate} already passes; nothing to change."),
    "r_gap_blocked": N_("{predicate} cannot pass by changing the answers that may change alone. "
                        "Blocked by:"),
    "r_block_fact": N_("{condition}: depends on a fact about the unit, not on answers"),
    "r_block_reach": N_("{condition}: at most {highest} with the answers that may change, "
                        "threshold {threshold}"),
    "r_block_joint": N_("{condition}: cannot be met together with the other blocking conditions"),
    "r_gap_surveys": N_("If the survey indices could rise, the fewest changes would be:"),
    "r_frozen_inputs": N_("frozen: {names}"),
    "r_frozen": N_("Not changed: {names} (survey indices are frozen: a unit cannot answer its "
                   "own survey)."),
}


def phrase(key: str, lang: str = "id", /, **values: object) -> str:
    """One sentence of the phrase table in `lang`, with its fields filled in."""
    return _(PHRASES[key], check_lang(lang)).format(**values)


def missing(condition: object) -> str:
    """The phrase for a comparison without a value: an unknown fact, or a grade that is
    undecided or unanswered."""
    return "grade_missing" if getattr(condition, "quantity", None) == "grade" \
        else "fact_missing"

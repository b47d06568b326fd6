"""The phrase table: every sentence of explanations and reports, in Indonesian and English.

`PHRASES` maps a key to its (Indonesian, English) pair; `phrase` looks one up and fills in
its fields. `explain` and the HTML and report renderers all speak through it.
"""

from __future__ import annotations

from zona.errors import ZonaError

LANGS = ("id", "en")

# key -> (Indonesian, English); str.format fields in braces.
PHRASES: dict[str, tuple[str, str]] = {
    "title": ("Penjelasan nilai: {ruleset}", "Score explanation: {ruleset}"),
    "unit": ("Unit kerja: {unit}", "Unit: {unit}"),
    "total": ("Nilai total {score} dari {maximum} ({share}).",
              "Total score {score} out of {maximum} ({share})."),
    "part": ("{label}: {score} dari {maximum} ({share})",
             "{label}: {score} of {maximum} ({share})"),
    "exact": ("tepat {value}", "exactly {value}"),
    "areas": ("{label}", "{label}"),
    "area_check": ("{predicate} minimal {threshold}: {verdict}, selisih {margin}",
                   "{predicate} needs {threshold}: {verdict}, margin {margin}"),
    "predicates": ("Predikat", "Predicates"),
    "predicate": ("{name} ({label}): {verdict}", "{name} ({label}): {verdict}"),
    "condition": ("{text}: nilai {actual}, ambang {threshold}, selisih {margin}: {verdict}",
                  "{text}: value {actual}, threshold {threshold}, margin {margin}: {verdict}"),
    "condition_value": ("{text}: nilai {actual}: {verdict}", "{text}: value {actual}: {verdict}"),
    "condition_plain": ("{text}: {verdict}", "{text}: {verdict}"),
    "fact_missing": ("{text}: fakta belum diberikan: {verdict}",
                     "{text}: fact not given: {verdict}"),
    "grade_missing": ("{text}: tingkat belum dapat diputuskan: {verdict}",
                      "{text}: grade undecided: {verdict}"),
    "share_margin": ("{margin} poin persentase ({points} poin{note})",
                     "{margin} percentage points ({points} points{note})"),
    "losses": ("Pertanyaan yang paling banyak kehilangan nilai (dalam poin nilai total)",
               "Questions that cost the most points (in points of the total)"),
    "loss": ("{rank}. {name}{soal}: kehilangan {lost} poin (memperoleh {earned} dari {most})",
             "{rank}. {name}{soal}: loses {lost} points (earns {earned} of {most})"),
    "answer": ("Jawaban: {answer}", "Answer: {answer}"),
    "answer_best": ("{answer}; terbaik {best}", "{answer}; best {best}"),
    "criteria": ("Kriteria:", "Criteria:"),
    "no_losses": ("Tidak ada pertanyaan yang kehilangan nilai.", "No question loses any points."),
    "more_losses": ("... dan {count} pertanyaan lain yang kehilangan {lost} poin.",
                    "... and {count} more questions losing {lost} points."),
    "unanswered": ("Belum dijawab (tidak dihitung): {names}",
                   "Not answered (not counted): {names}"),
    "passed": ("terpenuhi", "passed"),
    "failed": ("tidak terpenuhi", "failed"),
    "undecided": ("belum dapat diputuskan", "undecided"),
    "p_passed": ("LULUS", "PASSED"),
    "p_failed": ("TIDAK LULUS", "FAILED"),
    "p_undecided": ("BELUM DAPAT DIPUTUSKAN", "UNDECIDED"),
    "yes": ("ya", "yes"),
    "no": ("tidak", "no"),
    "not_answered": ("belum dijawab", "not answered"),
    "not_applicable": ("tidak berlaku", "not applicable"),
    "not_given": ("fakta belum diberikan", "fact not given"),
    "points": ("poin", "points"),
    # grades (zona.analysis.grades)
    "grades": ("Peringkat", "Grades"),
    "grade": ("{title}: {level}", "{title}: {level}"),
    "g_undecided": ("belum dapat diputuskan, paling rendah {level}",
                    "undecided, at least {level}"),
    "g_unanswered": ("belum dijawab ({value} belum dapat dihitung)",
                     "not answered ({value} cannot be computed yet)"),
    "g_in_band": ("tercapai: nilai {value} berada dalam pita {level} ({band})",
                  "reached: the value {value} lies in the band of {level} ({band})"),
    "g_reaches_band": ("tercapai: nilai {value} mencapai pita {level} ({band})",
                       "reached: the value {value} reaches the band of {level} ({band})"),
    "g_when_holds": ("tercapai: syarat {level} terpenuhi:", "reached: the conditions of {level} "
                     "hold:"),
    "g_also_when": ("dan syarat {level} terpenuhi:", "and the conditions of {level} hold:"),
    "g_lowest": ("tercapai: {level} adalah tingkat terendah, yang berlaku bila tidak ada "
                 "tingkat di atasnya yang berlaku",
                 "reached: {level} is the lowest level, which holds when no level above it "
                 "does"),
    "g_next_band": ("berikutnya: {next} memerlukan nilai {bound}: kurang {gap}",
                    "next: {next} needs a value {bound}: {gap} more"),
    "g_next_band_when": ("berikutnya: {next} memerlukan nilai {bound} (kurang {gap}) dan:",
                         "next: {next} needs a value {bound} ({gap} more) and:"),
    "g_next_reached": ("berikutnya: pita {next} sudah tercapai, tetapi syaratnya belum:",
                       "next: the band of {next} is reached, but not its conditions:"),
    "g_next_when": ("berikutnya: {next} memerlukan:", "next: {next} needs:"),
    "g_top": ("{level} adalah tingkat tertinggi", "{level} is the top level"),
    "g_margin": ("selisih ke bawah: {margin} di atas batas bawah pitanya ({bound})",
                 "margin down: {margin} above the low end of its band ({bound})"),
    "g_undecided_by": ("belum dapat diputuskan: {level} bergantung pada:",
                       "undecided: {level} depends on:"),
    "not_applicable_list": ("Dijawab tidak berlaku: {names}",
                            "Answered not applicable: {names}"),
    # headings of the HTML views and the report
    "h_tree": ("Nilai per komponen", "Scores by component"),
    "h_node": ("Komponen", "Component"),
    "h_score": ("Nilai", "Score"),
    "h_weight": ("Bobot", "Weight"),
    "h_answer": ("Jawaban", "Answer"),
    "h_condition": ("Syarat", "Condition"),
    "h_value": ("Nilai", "Value"),
    "h_threshold": ("Ambang", "Threshold"),
    "h_margin": ("Selisih", "Margin"),
    "h_verdict": ("Hasil", "Verdict"),
    "h_scales": ("Skala jawaban", "Answer scales"),
    "h_grade": ("Peringkat", "Grade"),
    "h_level": ("Tingkat", "Level"),
    "h_label": ("Keterangan", "Label"),
    "h_band": ("Pita nilai", "Band"),
    "h_when": ("Syarat", "Condition"),
    "h_by": ("dari nilai", "by the value"),
    "h_why": ("Mengapa", "Why"),
    "h_next": ("Tingkat berikutnya", "Next level"),
    "h_range": ("rentang", "range"),
    "h_views": ("Kelompok", "Views"),
    "units": ("unit kerja", "units"),
    "h_rank": ("No.", "No."),
    "h_question": ("Pertanyaan", "Question"),
    "h_lost": ("Hilang", "Lost"),
    "h_from": ("Dari", "From"),
    "h_to": ("Menjadi", "To"),
    "h_points": ("Tambahan poin", "Points gained"),
    # the unit report
    "r_title": ("Laporan Penilaian {rubric}", "Evaluation Report: {rubric}"),
    "r_summary": ("Ringkasan", "Summary"),
    "r_footer": ("Dibuat oleh zona dengan aturan {ruleset}; angka dibulatkan untuk tampilan, "
                 "dihitung secara tepat.",
                 "Made by zona with ruleset {ruleset}; numbers are rounded for display and "
                 "computed exactly."),
    "r_reading": ("Catatan pembacaan", "Reading notes"),
    "r_made": ("Dibuat {date} dengan zona {version}; aturan {ruleset} (sidik jari {fingerprint}).",
               "Made on {date} with zona {version}; ruleset {ruleset} (fingerprint "
               "{fingerprint})."),
    "r_facts": ("Fakta yang dipakai", "Facts used"),
    "r_no_facts": ("Tidak ada fakta yang diberikan.", "No facts were given."),
    "r_unanswered": ("{count} dari {asked} pertanyaan belum dijawab: {names}",
                     "{count} of {asked} questions are unanswered: {names}"),
    "r_all_answered": ("Semua pertanyaan dijawab.", "Every question is answered."),
    "r_warnings": ("Peringatan saat membaca lembar jawaban", "Warnings from reading the sheet"),
    "r_workbook": ("Nilai total lembar kerja ({cell}): {workbook}; nilai zona: {zona}; "
                   "selisih {difference}.",
                   "The workbook's own total ({cell}): {workbook}; zona's: {zona}; "
                   "difference {difference}."),
    "r_workbook_cell": ("{cell} {node} ({label}): lembar kerja {workbook}, zona {zona}; "
                        "menggeser total {moves}",
                        "{cell} {node} ({label}): workbook {workbook}, zona {zona}; moves "
                        "the total {moves}"),
    "r_gap": ("Perubahan jawaban paling sedikit agar memenuhi {predicate}",
              "Fewest answer changes to pass {predicate}"),
    "r_gap_grade": ("Perubahan jawaban paling sedikit agar {grade} mencapai {level}",
                    "Fewest answer changes for {grade} to reach {level}"),
    "r_gap_after_grade": ("Setelah perubahan: nilai total {score}; {grade}: {level}.",
                          "After the changes: total {score}; {grade}: {level}."),
    "r_gap_changes": ("Jawaban yang perlu diubah: {count} (tambahan poin: jika hanya jawaban "
                      "itu yang diubah).",
                      "Answers to change: {count} (points gained: by that change alone)."),
    "r_gap_after": ("Setelah perubahan: nilai total {score}; {predicate}: {verdict}.",
                    "After the changes: total {score}; {predicate}: {verdict}."),
    "r_gap_passes": ("{predicate} sudah terpenuhi; tidak ada yang perlu diubah.",
                     "{predicate} already passes; nothing to change."),
    "r_gap_blocked": ("{predicate} tidak dapat dipenuhi hanya dengan mengubah jawaban yang "
                      "boleh diubah. Penghalangnya:",
                      "{predicate} cannot pass by changing the answers that may change alone. "
                      "Blocked by:"),
    "r_block_fact": ("{condition}: bergantung pada fakta tentang unit, bukan pada jawaban",
                     "{condition}: depends on a fact about the unit, not on answers"),
    "r_block_reach": ("{condition}: paling tinggi {highest} dengan jawaban yang boleh diubah, "
                      "ambang {threshold}",
                      "{condition}: at most {highest} with the answers that may change, "
                      "threshold {threshold}"),
    "r_block_joint": ("{condition}: tidak dapat dipenuhi bersama syarat penghalang lainnya",
                      "{condition}: cannot be met together with the other blocking conditions"),
    "r_gap_surveys": ("Jika indeks survei dapat naik, perubahan paling sedikit adalah:",
                      "If the survey indices could rise, the fewest changes would be:"),
    "r_frozen_inputs": ("dibekukan: {names}", "frozen: {names}"),
    "r_frozen": ("Tidak diubah: {names} (indeks survei dibekukan karena unit tidak dapat "
                 "mengisi surveinya sendiri).",
                 "Not changed: {names} (survey indices are frozen: a unit cannot answer its "
                 "own survey)."),
}


def phrase(key: str, lang: str = "id", /, **values: object) -> str:
    """One sentence of the phrase table in `lang`, with its fields filled in."""
    return PHRASES[key][LANGS.index(check_lang(lang))].format(**values)


def missing(condition: object) -> str:
    """The phrase for a comparison without a value: an unknown fact, or a grade that is
    undecided or unanswered."""
    return "grade_missing" if getattr(condition, "quantity", None) == "grade" \
        else "fact_missing"


def check_lang(lang: str) -> str:
    """`lang` when it is a supported language; ZonaError otherwise."""
    if lang not in LANGS:
        raise ZonaError(f"unknown language {lang!r}: use 'id' (Indonesian) or 'en' (English)")
    return lang

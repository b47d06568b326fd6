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
    "h_views": ("Kelompok", "Views"),
    "units": ("unit kerja", "units"),
    "h_rank": ("No.", "No."),
    "h_question": ("Pertanyaan", "Question"),
    "h_lost": ("Hilang", "Lost"),
    "h_from": ("Dari", "From"),
    "h_to": ("Menjadi", "To"),
    "h_points": ("Tambahan poin", "Points gained"),
    # the unit report
    "r_title": ("Laporan Penilaian Zona Integritas", "Integrity Zone Evaluation Report"),
    "r_summary": ("Ringkasan", "Summary"),
    "r_footer": ("Dibuat oleh zona dengan aturan {ruleset}; angka dibulatkan untuk tampilan, "
                 "dihitung secara tepat.",
                 "Made by zona with ruleset {ruleset}; numbers are rounded for display and "
                 "computed exactly."),
    "r_gap": ("Perubahan jawaban paling sedikit agar memenuhi {predicate}",
              "Fewest answer changes to pass {predicate}"),
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

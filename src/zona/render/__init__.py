"""Results and rulesets for people: the text table (`text`, with `grade_text`), HTML (`html`,
with `grade_html`), plots (`plots`) and the printable report (`report`).
"""

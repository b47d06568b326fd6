"""Results and rulesets for people: the text table (`text`), HTML (`html`), plots (`plots`)
and the printable report (`report`).
"""

"""Texts and small syntax pieces the generated rulesets draw (labels, notes, `assumed`)."""

from __future__ import annotations

from hypothesis import strategies as st

from zona.language import syntax as s

INNER_KINDS = ("component", "subcomponent", "area", "subarea", "group")

#: Characters that str.splitlines() treats as line ends besides "\n" (and "\r\n").
#: unparse leaves them raw inside quoted texts and then splits nested blocks on them,
#: which breaks the round trip (see tests/scoring/test_properties.py,
#: test_round_trip_line_separators), so the general strategies leave them out.
LINE_SEPARATORS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"

#: Any text (but LINE_SEPARATORS), including quotes, backslashes, newlines and tabs.
texts = st.one_of(
    st.text(st.characters(exclude_characters=LINE_SEPARATORS), max_size=12),
    st.text(alphabet='ab "\\\n\t#{}', max_size=12),
)

langs = st.sampled_from((None, "en", "id"))
assumed = st.builds(s.Assumed, text=texts)

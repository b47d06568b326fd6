"""`zona fmt`: one canonical layout for a ruleset's text, keeping every comment.

`format_source(text)` parses the text (a syntax error is raised as by `zona.load`), then
writes lark's tree of it again: four spaces a level, one space around operators and between
words, numbers, names and texts spelled as the author wrote them, and the author's comments
and blank lines where the author put them (zona.language.format_lines). The layout of
declarations and blocks is in zona.language.format_blocks, the one-line text of attributes
and formulas in zona.language.format_inline. Formatting twice changes nothing, and the
formatted text parses to the same syntax tree (tests/language/test_format.py).
"""

from __future__ import annotations

from zona.errors import Diagnostic, ZonaSyntaxError
from zona.i18n import _
from zona.language.format_blocks import Layout
from zona.language.format_lines import Emitter
from zona.language.format_scan import SourceText
from zona.language.grammar import parser
from zona.language.parser import parse
from zona.source import Source, Span


def format_source(text: str, name: str = "<string>") -> str:
    """The canonical text of a ruleset; ZonaSyntaxError when the text does not parse."""
    parse(text, name)  # the language's own syntax errors (and bad texts, dates)
    try:
        tree = parser().parse(text)
        source = SourceText(text)
        out = Emitter(source)
        Layout(source, out).module(tree)
    except RecursionError:
        raise ZonaSyntaxError(
            Diagnostic(_("the ruleset is nested too deeply to read"), Span.point(1, 1),
                       code="syntax"), Source(text, name)) from None
    return out.render()

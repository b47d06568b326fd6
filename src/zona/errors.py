"""The ZonaError family, diagnostics and the one renderer of located messages."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

from zona.source import Source, Span

MAX_SHOWN = 50


@attrs.frozen
class Diagnostic:
    """One problem found in a ruleset: a message, where it is, and an optional hint."""

    message: str
    span: Span | None = None
    hint: str | None = None
    severity: str = "error"
    code: str = ""

    def render(self, source: Source | None) -> str:
        """`path:line:col: error: message`, then the source line with a caret under the span."""
        name = source.name if source is not None else "<string>"
        separator = " " if self.message.endswith(".") else ". "
        text = self.message + (f"{separator}{self.hint}" if self.hint else "")
        severity = severity_word(self.severity)
        if self.span is None or source is None:
            return _shown(f"{name}: {severity}: {text}")
        head = f"{name}:{self.span.line}:{self.span.column}: {severity}: {text}"
        return _shown(head) + "\n" + excerpt(source, self.span)


def severity_word(severity: str) -> str:
    """`error` or `warning` in the language in use (`kesalahan`, `peringatan`)."""
    from zona.i18n import pgettext  # zona.i18n imports this module

    if severity == "error":
        return pgettext("severity", "error")
    if severity == "warning":
        return pgettext("severity", "warning")
    return severity


def _shown(text: str) -> str:
    """Text for a terminal: control characters escaped (a label's ESC or newline quoted in a
    message never clears the screen or prints a line of its own)."""
    from zona.limits import printable  # foundation; limits imports this module

    return printable(text, len(text))


EXCERPT = 100  # characters of the line shown on each side of the span


def excerpt(source: Source, span: Span) -> str:
    """The line a span starts on, numbered, with carets under the span: at most EXCERPT
    characters either side of it, control characters escaped (the carets moved to match)."""
    line = source.line_text(span.line).expandtabs(1)
    number = str(span.line)
    start = max(0, min(span.column - 1, len(line)))
    end = max(start + 1, span.end_column if span.end_line == span.line else len(line))
    first, last = max(0, start - EXCERPT), min(len(line), end + EXCERPT)
    before = ("..." if first else "") + _shown(line[first:start])
    marked = _shown(line[start:end])
    after = _shown(line[end:last]) + ("..." if last < len(line) else "")
    gutter = " " * len(number)
    width = max(1, len(marked))
    return f"  {number} | {before}{marked}{after}\n  {gutter} | {' ' * len(before)}{'^' * width}"


def render_all(diagnostics: Sequence[Diagnostic], source: Source | None,
               others: Sequence[Source] = ()) -> str:
    """Render diagnostics in order, capped at MAX_SHOWN with a count of the rest.

    A diagnostic whose span names another file (a ruleset this one extends)
    is shown against that file's text.
    """
    by_name = {s.name: s for s in others}

    def source_of(diagnostic: Diagnostic) -> Source | None:
        file = diagnostic.span.file if diagnostic.span is not None else None
        return by_name.get(file, source) if file is not None else source

    shown = [d.render(source_of(d)) for d in diagnostics[:MAX_SHOWN]]
    rest = len(diagnostics) - MAX_SHOWN
    if rest > 0:
        from zona.i18n import _  # zona.i18n imports this module

        shown.append(_("... and {rest} more", rest=rest))
    return "\n".join(shown)


class ZonaError(Exception):
    """Base of every error zona raises on bad input."""


class ZonaSyntaxError(ZonaError):
    """The text is not a well-formed zona ruleset (the first error only)."""

    def __init__(self, diagnostic: Diagnostic, source: Source) -> None:
        super().__init__(diagnostic, source)
        self.diagnostic = diagnostic
        self.source = source

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        return (self.diagnostic,)

    def __str__(self) -> str:
        return self.diagnostic.render(self.source)


class ZonaCompileError(ZonaError):
    """The ruleset parses but breaks the language's rules; carries every diagnostic."""

    def __init__(self, diagnostics: Iterable[Diagnostic], source: Source,
                 others: Sequence[Source] = ()) -> None:
        found = tuple(diagnostics)
        super().__init__(found, source, tuple(others))
        self.diagnostics = found
        self.source = source
        self.others = tuple(others)

    def __str__(self) -> str:
        return render_all(self.diagnostics, self.source, self.others)


@attrs.frozen
class AnswerProblem:
    """One problem in an answer sheet: where (an input id, cell or pointer) and what."""

    location: str
    message: str

    def __str__(self) -> str:
        """One line: control characters from the input (a newline, an escape) are escaped."""
        from zona.limits import printable  # foundation; limits imports this module

        return f"{printable(self.location, 300)}: {printable(self.message, 2000)}"


class ZonaAnswerError(ZonaError):
    """An answer sheet has problems; lists every one of them."""

    def __init__(self, problems: Iterable[AnswerProblem], source: str = "answers") -> None:
        found = tuple(problems)
        super().__init__(found, source)
        self.problems = found
        self.source = source

    def __str__(self) -> str:
        from zona.i18n import _, ngettext  # zona.i18n imports this module

        count = len(self.problems)
        head = ngettext("{source}: {count} problem in the answers",
                        "{source}: {count} problems in the answers", count, source=self.source)
        lines = [f"  {p}" for p in self.problems[:MAX_SHOWN]]
        if count > MAX_SHOWN:
            lines.append("  " + _("... and {rest} more", rest=count - MAX_SHOWN))
        return "\n".join([head, *lines])


class ZonaEvaluationError(ZonaError):
    """A ruleset produced an impossible value while scoring (a score above its maximum)."""

    def __init__(self, message: str, span: Span | None = None,
                 source: Source | None = None) -> None:
        super().__init__(message, span, source)
        self.message = message
        self.span = span
        self.source = source

    def __str__(self) -> str:
        return Diagnostic(self.message, self.span).render(self.source)


def did_you_mean(name: str, candidates: Iterable[str]) -> str | None:
    """A hint naming the closest candidate, if any is close."""
    import difflib  # only when a name is unknown

    close = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    if not close:
        lowered = {c.lower(): c for c in candidates}
        if name.lower() in lowered:
            close = [lowered[name.lower()]]
    if not close:
        return None
    from zona.i18n import _  # zona.i18n imports this module

    return _("Did you mean '{name}'?", name=close[0])

"""argparse in the language of the output: its own words (`usage:`, `options`, `the
following arguments are required: ...`) from zona's catalogue, in the language in use.

argparse marks its words for gettext and looks each one up, when it says it, through the
two functions it bound at import: `gettext.gettext` and `gettext.ngettext` (its
module-level names `_` and `ngettext`). Python's own guide ("How to translate the argparse
output") translates them through gettext's process-wide default text domain; gettext then
takes the language from LANGUAGE, LC_ALL, LC_MESSAGES or LANG, never from `--lang`, so
using it would mean changing the text domain of the whole process and writing LANGUAGE
into the environment (inherited by every child process). Instead `Parser`, zona's
ArgumentParser, binds argparse's two names to zona's catalogue only while it builds itself,
adds an argument, parses, formats its help or reports an error, and puts gettext's
functions back afterwards: any other parser in the process, the text domain and the
environment stay as they were.

The words are argparse's own msgids, listed here (`WORDS`, `plural_words`) so that `make
locale` extracts them into zona's catalogue; a test checks that every message Babel finds
in the running Python's argparse.py is among them.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
from collections.abc import Callable, Iterator
from typing import Any, ParamSpec, TypeVar

from zona.errors import ZonaError
from zona.i18n import N_, language, ngettext, translations

P = ParamSpec("P")
T = TypeVar("T")

#: argparse's messages (Python 3.11 to 3.13), as its source writes them
WORDS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("subcommands"),
    N_("%(heading)s:"),
    N_(" (default: %(default)s)"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("%(prog)s: warning: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("unexpected option string: %s"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
    N_("argument '%(argument_name)s' is deprecated"),
    N_("option '%(option)s' is deprecated"),
    N_("command '%(parser_name)s' is deprecated"),
    # a program's own mistakes in declaring its arguments (zona's tests would show them)
    N_("cannot have multiple subparser arguments"),
    N_("conflicting subparser: %s"),
    N_("conflicting subparser alias: %s"),
    N_("argument \"-\" with mode %r"),
    N_("%r is not callable"),
    N_(".__call__() not defined"),
    N_("cannot merge actions - two groups are named %r"),
    N_("invalid option string %(option)r: must start with a character %(prefix_chars)r"),
    N_("dest= is required for options like %r"),
    N_("invalid conflict_resolution value: %r"),
    N_("mutually exclusive arguments must be optional"),
    N_("'required' is an invalid argument for positionals"),
)


def plural_words(count: int) -> tuple[str, ...]:
    """argparse's messages with a plural, for `count`, in the language in use (argparse
    asks for them itself; here they are marked for the catalogue)."""
    return (ngettext("expected %s argument", "expected %s arguments", count),
            ngettext("conflicting option string: %s", "conflicting option strings: %s",
                     count))


def _gettext(message: str) -> str:
    try:
        return translations(language()).gettext(message)
    except ZonaError:  # a ZONA_LANG naming no language: `zona` reports it after parsing
        return message


def _ngettext(singular: str, plural: str, count: int) -> str:
    try:
        return translations(language()).ngettext(singular, plural, count)
    except ZonaError:
        return singular if count == 1 else plural


@contextlib.contextmanager
def argparse_speaking() -> Iterator[None]:
    """Within the block, argparse says its words from zona's catalogue."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = _gettext, _ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


def _speaking(method: Callable[P, T]) -> Callable[P, T]:
    @functools.wraps(method)
    def spoken(*args: P.args, **kwargs: P.kwargs) -> T:
        with argparse_speaking():
            return method(*args, **kwargs)
    return spoken


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose own words are in the language in use (its subcommands'
    parsers are Parsers too: argparse makes them of their parent's class)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        with argparse_speaking():
            super().__init__(*args, **kwargs)

    add_argument = _speaking(argparse.ArgumentParser.add_argument)
    add_subparsers = _speaking(argparse.ArgumentParser.add_subparsers)
    # the same overloads as ArgumentParser's (mypy cannot carry overloads through a wrapper)
    parse_args = _speaking(argparse.ArgumentParser.parse_args)  # type: ignore[assignment]
    parse_known_args = _speaking(  # type: ignore[assignment]
        argparse.ArgumentParser.parse_known_args)
    format_usage = _speaking(argparse.ArgumentParser.format_usage)
    format_help = _speaking(argparse.ArgumentParser.format_help)
    error = _speaking(argparse.ArgumentParser.error)


__all__ = ["WORDS", "Parser", "argparse_speaking", "plural_words"]

"""Exact numbers as text: decimals where they terminate, p/q where they do not."""

from __future__ import annotations

import decimal
import re
import unicodedata
from fractions import Fraction


def exact_text(value: Fraction) -> str:
    """A fraction as a decimal when it terminates (0.67, 4), else p/q (261077/2730)."""
    numerator, denominator = value.numerator, value.denominator
    if denominator == 1:
        return str(numerator)
    digits = _decimal_places(denominator)
    if digits is None:
        return f"{numerator}/{denominator}"
    scaled = abs(numerator) * (10**digits // denominator)  # exact: 10**digits % d == 0
    text = str(scaled).rjust(digits + 1, "0")
    return f"{'-' if numerator < 0 else ''}{text[:-digits]}.{text[-digits:]}"


def terminates(value: Fraction) -> bool:
    """Whether the fraction is a finite decimal (its denominator has no prime but 2 and 5)."""
    return _decimal_places(value.denominator) is not None


def _decimal_places(denominator: int) -> int | None:
    """The fewest decimal places that write 1/denominator exactly (None if none do): the
    larger of the powers of 2 and 5 in it, when it has no other prime."""
    twos = (denominator & -denominator).bit_length() - 1
    rest, fives = denominator >> twos, 0
    while rest % 5 == 0:
        rest //= 5
        fives += 1
    return max(twos, fives) if rest == 1 else None


def approx_text(value: Fraction, places: int = 2) -> str:
    """A fraction rounded half-up to `places` decimals, for display only."""
    scale = 10**places
    rounded = (abs(value) * scale * 2 + 1) // 2
    sign = "-" if value < 0 and rounded else ""
    whole, part = divmod(int(rounded), scale)
    return f"{sign}{whole}.{str(part).rjust(places, '0')}" if places else f"{sign}{whole}"


MAX_DIGITS = 40  # digits a number written in an answer, fact or table may have
MAX_EXPONENT = 40  # how far an exponent may move the decimal point


class NumberProblem(ValueError):
    """Text that looks like a number but is refused: too long, too large, or ambiguous."""


_NUMBER = re.compile(r"[+-]?([0-9]+([.,][0-9]*)?|[.,][0-9]+)([eE][+-]?[0-9]+)?")
_GROUPED_DOT = re.compile(r"[+-]?[0-9]{1,3}(\.[0-9]{3})+")  # 1.500.000: Indonesian thousands
_GROUPED_COMMA = re.compile(r"[+-]?[0-9]{1,3}(,[0-9]{3}){2,}")  # 1,500,000: English thousands
_ONE_GROUP = re.compile(r"[+-]?[1-9][0-9]{0,2}\.[0-9]{3}")  # 1.000: 1, or 1000 in Indonesian


def read_number(text: str) -> Fraction | None:
    """A number written as text, exactly: `3.72`, `3,72` (a decimal comma, as Indonesian Excel
    writes it), `1e3`; None when the text is not a number. NumberProblem when it is one but is
    refused: more than MAX_DIGITS digits or an exponent beyond MAX_EXPONENT (never a hang
    on `1e100000000`), or a comma that could be a decimal or a thousands separator (`1,500`).
    Only ASCII digits are read: `1_000` and digits of other scripts (`٣`, `３`) are refused
    (not_plain), never read as another number."""
    written = text.strip()
    if not _NUMBER.fullmatch(written):
        not_plain(written)
        if _GROUPED_DOT.fullmatch(written) or _GROUPED_COMMA.fullmatch(written):
            from zona.i18n import _  # here: zona.i18n imports this module

            raise NumberProblem(_("{number} groups thousands; write the number without "
                                  "separators ({plain})", number=_excerpt(text),
                                  plain=re.sub("[.,]", "", written)[:60]))
        return None
    mantissa, _e, exponent = written.lower().partition("e")
    if "," in mantissa:
        whole, _comma, part = mantissa.partition(",")
        if len(part) == 3 and whole.lstrip("+-") not in ("", "0"):
            from zona.i18n import _, exact

            # the decimal as the reader writes one (1,5 / 1.5): unlike 1.500, never read
            # as a thousand by an Indonesian reader, and read by zona as the decimal
            point, plain = exact(Fraction(decimal.Decimal(whole + "." + part))), whole + part
            raise NumberProblem(_(
                "{number} is ambiguous: a decimal comma ({decimal}) or a thousands separator "
                "({plain}); write {decimal} or {plain}", number=_excerpt(text),
                decimal=point, plain=plain))
        mantissa = f"{whole}.{part}"
    if len(exponent.lstrip("+-").lstrip("0")) > 9:  # beyond what Decimal can even hold
        raise _too_large(text)
    return _exact(decimal.Decimal(mantissa + (f"e{exponent}" if exponent else "")), text)


def not_plain(written: str) -> None:
    """NumberProblem when text would be a number but for `_` between its digits or digits
    of another script (which Python's int() and Decimal() would read)."""
    from zona.i18n import _  # here: zona.i18n imports this module

    if "_" in written and _NUMBER.fullmatch(written.replace("_", "")):
        raise NumberProblem(_("{number} separates digits with '_'; write the number without "
                              "separators ({plain})", number=_excerpt(written),
                              plain=written.replace("_", "")[:60]))
    if any(c.isdecimal() and not c.isascii() for c in written):
        ascii_digits = "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c
                               for c in written)
        if _NUMBER.fullmatch(ascii_digits):
            raise NumberProblem(_("{number} has digits of another script; write the digits "
                                  "0-9 ({plain})", number=_excerpt(written),
                                  plain=ascii_digits[:60]))


def grouped_thousand(text: str) -> bool:
    """Whether text is one group of Indonesian thousands (`1.000`, `12.500`): a count
    written so is 1 or 1000, so reading a count refuses it (a JSON or YAML number 1.000,
    not text, is the number 1, as those formats define it)."""
    return bool(_ONE_GROUP.fullmatch(text.strip()))


def exact_decimal(value: decimal.Decimal, shown: str | None = None) -> Fraction | None:
    """A finite Decimal as a Fraction within the limits of read_number (None if not finite)."""
    return _exact(value, shown if shown is not None else str(value)) if value.is_finite() \
        else None


def _exact(value: decimal.Decimal, shown: str) -> Fraction:
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    if abs(value.adjusted()) > MAX_EXPONENT or exponent < -MAX_EXPONENT \
            or len(digits) > MAX_DIGITS:
        raise _too_large(shown)
    return Fraction(value)


def _too_large(shown: str) -> NumberProblem:
    from zona.i18n import _  # here: zona.i18n imports this module

    return NumberProblem(_("{number} has too many digits or too large an exponent (at most "
                           "{digits} digits, 10^±{exponent})", number=_excerpt(shown),
                           digits=MAX_DIGITS, exponent=MAX_EXPONENT))


def _excerpt(text: str, most: int = 60) -> str:
    """The number as written, between quotes, cut to `most` characters (never a repr)."""
    shown = text.strip()
    return f"'{shown[:most]}...'" if len(shown) > most else f"'{shown}'"

"""Cell parsers: text from a spreadsheet cell → a Python value, or ``CellError`` with a message.

Spreadsheets carry quirks: full-width digits, thousands separators, dates typed as date cells
(read back as ``2024-01-01 00:00:00``), periods typed as dates, 是/否 booleans.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from liandong.core.models import WAN
from liandong.engines import uscc as uscc_engine

TRUE = {"是", "true", "1", "y", "yes", "t", "√", "✓", "1.0"}
FALSE = {"否", "false", "0", "n", "no", "f", "×", "0.0"}


class CellError(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _halfwidth(text: str) -> str:
    return "".join(chr(ord(c) - 0xFEE0) if 0xFF01 <= ord(c) <= 0xFF5E else c for c in text)


def parse_text(text: str) -> str:
    return text.strip()


def parse_uscc(text: str) -> str:
    value = uscc_engine.normalize(text)
    if re.fullmatch(r"\d(\.\d+)?E\+\d+", value):
        raise CellError(_("The code was read as a number; format the column as text."))
    try:
        return uscc_engine.validate(value).value
    except uscc_engine.UsccError as err:
        if err.code == "length":
            raise CellError(_("Must be 18 characters, got %(n)d.") % {"n": len(value)}) from None
        if err.code == "charset":
            raise CellError(
                _("Character %(pos)d is not allowed (the code never uses I, O, Z, S, V).") % {"pos": err.position}
            ) from None
        raise CellError(
            _("Wrong check character %(got)s: expected %(expected)s (GB 32100-2015).")
            % {"got": value[-1], "expected": err.expected}
        ) from None


def parse_date(text: str) -> dt.date:
    value = _halfwidth(text.strip())
    m = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]00:00(?::00)?(?:\.0+)?)?", value)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            pass
    raise CellError(_("Not a date; write YYYY-MM-DD."))


def parse_period(text: str) -> str:
    value = _halfwidth(text.strip())
    m = (re.fullmatch(r"(\d{4})[-/.年](\d{1,2})月?(?:[-/.]01(?: 00:00:00)?)?", value)
         or re.fullmatch(r"(\d{4})(\d{2})", value))
    if m and 1 <= int(m[2]) <= 12 and 1990 <= int(m[1]) <= 2100:
        return f"{int(m[1]):04d}-{int(m[2]):02d}"
    raise CellError(_("Not a period; write YYYY-MM."))


def parse_year(text: str) -> int:
    value = _halfwidth(text.strip()).removesuffix("年").removesuffix(".0")
    if re.fullmatch(r"\d{4}", value) and 1949 <= int(value) <= 2100:
        return int(value)
    raise CellError(_("Not a year; write YYYY."))


def parse_decimal(text: str) -> Decimal:
    value = _halfwidth(text.strip()).replace(",", "").replace("，", "").removesuffix("%")
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise CellError(_("Not a number.")) from None
    if not number.is_finite():
        raise CellError(_("Not a number."))
    return number


def parse_wan(text: str) -> Decimal:
    """An amount in 万元 → yuan (docs/architecture.md#data: 万元 at the edges, yuan in the database)."""
    number = parse_decimal(text)  # may be negative: profit, for one
    return (number * WAN).quantize(Decimal("0.01"))


def parse_int(text: str) -> int:
    number = parse_decimal(text)
    if number != number.to_integral_value():
        raise CellError(_("Not a whole number."))
    if number < 0:
        raise CellError(_("Must not be negative."))
    return int(number)


def parse_bool(text: str) -> bool:
    value = _halfwidth(text.strip()).lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise CellError(_("Write 是 or 否 (yes or no)."))


PARSERS = {
    "text": parse_text,
    "uscc": parse_uscc,
    "date": parse_date,
    "period": parse_period,
    "year": parse_year,
    "wan": parse_wan,
    "int": parse_int,
    "bool": parse_bool,
    "decimal": parse_decimal,
    "pct": parse_decimal,
}

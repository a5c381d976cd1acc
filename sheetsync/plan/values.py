"""Reading one cell's value the way people type it: numbers, money, percents, dates, yes/no, enums.

Every parser takes the raw cell (what the backend read: str, int, float, bool, date or
None) and returns the typed value, or raises `BadValue` with the message key that says why.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import zoneinfo

from sheetsync.plan.schema import ENUM_LOOKUP, norm

SERIAL_EPOCH = dt.date(1899, 12, 30)  # Sheets and Excel day 0
_MAX_SERIAL = 2_958_465  # 9999-12-31


class BadValue(ValueError):
    """A cell that does not hold what its column needs; `key` names the message."""

    def __init__(self, key: str, **details: object) -> None:
        super().__init__(key)
        self.key = key
        self.details = details


def is_blank(raw: object) -> bool:
    if raw is None:
        return True
    if isinstance(raw, float) and math.isnan(raw):
        return True
    return isinstance(raw, str) and not raw.strip()


_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007']+")
# Currency codes people actually put in marketing budgets; an unknown 3-letter word next to
# a number is more likely a typo than money, so it stays a problem.
_CODES = "USD|EUR|RUB|RUR|GBP|JPY|CNY|KZT|UAH|BYN|CHF|TRY|INR|AED|PLN|CZK|SEK|NOK|DKK|CAD|AUD"
_CURRENCY = rf"(?:[$€₽£¥₴₸₺₹]|руб\.?|р\.|(?:{_CODES})(?![A-Za-z]))"
_LEADING_CURRENCY = re.compile(rf"^{_CURRENCY}\s*", re.IGNORECASE)
_TRAILING_CURRENCY = re.compile(rf"\s*{_CURRENCY}$", re.IGNORECASE)
_NUMERIC = re.compile(r"^\d[\d.,]*$|^[.,]\d+$")


def _strip_signs(text: str) -> tuple[str, bool, bool]:
    """Peel currency, parentheses, sign and percent; return (digits, negative, percent)."""
    text = text.strip().replace("\u2212", "-").replace("\u2013", "-")
    negative = False
    percent = False
    for _ in range(3):  # the pieces may come in any order: "(800 $)", "-$800", "$-800"
        before = text
        if text.startswith("(") and text.endswith(")"):
            negative = not negative
            text = text[1:-1].strip()
        if text.endswith("%"):
            percent = True
            text = text[:-1].strip()
        text = _LEADING_CURRENCY.sub("", text)
        text = _TRAILING_CURRENCY.sub("", text)
        if text.startswith("-"):
            negative = not negative
            text = text[1:].strip()
        elif text.startswith("+"):
            text = text[1:].strip()
        if text == before:
            break
    return text, negative, percent


def _digits_to_float(text: str, decimal_comma: bool) -> float:
    text = _SPACES.sub("", text)
    if not _NUMERIC.match(text):
        raise BadValue("not_a_number")
    commas, dots = text.count(","), text.count(".")
    if commas and dots:
        # The separator that comes last is the decimal one: 1,234.5 and 1.234,5.
        if text.rfind(",") > text.rfind("."):
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
    elif commas > 1:
        text = text.replace(",", "")
    elif commas == 1:
        whole, frac = text.split(",")
        # 1,234 is a thousand in English and one and a bit in Russian; 1234,5 is a decimal.
        if not decimal_comma and len(frac) == 3 and whole and len(whole) <= 3:
            text = whole + frac
        else:
            text = whole + "." + frac
    elif dots > 1:
        text = text.replace(".", "")
    try:
        return float(text)
    except ValueError as exc:
        raise BadValue("not_a_number") from exc


def parse_number(raw: object, decimal_comma: bool = False) -> float:
    """A number, money or percent as typed: '1 200,50 ₽', '$1,200.50', '(800)', '1,5%'."""
    if isinstance(raw, bool):
        raise BadValue("not_a_number")
    if isinstance(raw, int | float):
        try:
            value = float(raw)  # an int of 400 digits overflows a float
        except OverflowError:
            raise BadValue("not_a_number") from None
        if not math.isfinite(value):
            raise BadValue("not_a_number")
        return value
    if not isinstance(raw, str):
        raise BadValue("not_a_number")
    digits, negative, percent = _strip_signs(raw)
    value = _digits_to_float(digits, decimal_comma)
    if not math.isfinite(value):  # 400 nines typed: beyond any float
        raise BadValue("not_a_number")
    if percent:
        value /= 100
    return -value if negative else value


def parse_target(raw: object, decimal_comma: bool = False) -> tuple[float, str]:
    """A goal's target: absolute (`3%`, `45`) or relative to its baseline (`+25`, `+50%`).

    Returns (number, kind) with kind `abs`, `add` (baseline + n) or `pct` (baseline × (1 + n)).
    """
    if isinstance(raw, str):
        text = raw.strip().replace("\u2212", "-")
        if text.startswith("+"):
            value = parse_number(text[1:], decimal_comma)
            return value, ("pct" if text.endswith("%") else "add")
        if text.startswith("-") and text.endswith("%"):
            # "-20%" cannot be an absolute target for a rate; it means 20 % below the baseline.
            return -parse_number(text[1:], decimal_comma), "pct"
    return parse_number(raw, decimal_comma), "abs"


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s*г\.?)?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")


def _make_date(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise BadValue("no_such_date") from exc


def parse_date(raw: object, day_first: bool = True) -> dt.date:
    """A date cell, a Sheets serial number, `2026-11-27`, `27.11.2026` or `27/11/2026`.

    A slash date whose parts are both ≤ 12 is read day-first or month-first by the locale.
    """
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, bool):
        raise BadValue("not_a_date")
    if isinstance(raw, int | float):
        if not 1 <= raw <= _MAX_SERIAL:  # NaN too; compared first, so no int overflows
            raise BadValue("not_a_date")
        return SERIAL_EPOCH + dt.timedelta(days=int(raw))
    if not isinstance(raw, str):
        raise BadValue("not_a_date")
    text = raw.strip()
    if m := _ISO.match(text):
        return _make_date(int(m[1]), int(m[2]), int(m[3]))
    if m := _DOTTED.match(text):
        return _make_date(int(m[3]), int(m[2]), int(m[1]))
    if m := _SLASHED.match(text):
        first, second, year = int(m[1]), int(m[2]), int(m[3])
        if first > 12 or (day_first and second <= 12):
            return _make_date(year, second, first)
        return _make_date(year, first, second)
    try:
        serial = parse_number(text)
    except BadValue:
        raise BadValue("not_a_date") from None
    if serial != int(serial):
        raise BadValue("not_a_date")
    return parse_date(serial, day_first)


_YES = {"yes", "y", "true", "да", "д", "1", "x", "х", "✓", "✔", "+", "v", "истина"}
_NO = {"no", "n", "false", "нет", "н", "0", "-", "—", "ложь"}


def parse_yesno(raw: object) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int | float) and raw in (0, 1):
        return bool(raw)
    word = norm(raw)
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise BadValue("not_yes_no")


def parse_enum(raw: object, enum: str) -> str:
    code = ENUM_LOOKUP[enum].get(norm(raw))
    if code is None:
        raise BadValue("bad_enum", choices=enum)
    return code


def parse_text(raw: object) -> str:
    """Text as a person sees it: whole numbers without `.0`, dates in ISO form."""
    if type(raw) is str:  # nearly every cell: skip the type tests below
        return " ".join(raw.split())
    if isinstance(raw, bool):
        return "TRUE" if raw else "FALSE"
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat()
    if isinstance(raw, dt.date):
        return raw.isoformat()
    return " ".join(str(raw).split())


_LIST_SPLIT = re.compile(r"\s*[,;\n]\s*")


def parse_list(raw: object) -> tuple[str, ...]:
    """Several IDs or names in one cell: `G1, G2`, `Anna; Boris`."""
    return tuple(part for part in _LIST_SPLIT.split(parse_text(raw)) if part)


# Signs and words people write for the currencies they mean; anything else must be a code.
_CURRENCY_WORDS = {
    "$": "USD",
    "us$": "USD",
    "dollar": "USD",
    "dollars": "USD",
    "доллар": "USD",
    "доллары": "USD",
    "долларов": "USD",
    "€": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "евро": "EUR",
    "₽": "RUB",
    "р.": "RUB",
    "руб": "RUB",
    "руб.": "RUB",
    "рубль": "RUB",
    "рубли": "RUB",
    "рублей": "RUB",
    "£": "GBP",
    "₴": "UAH",
    "₸": "KZT",
}
_CODE = re.compile(r"^[A-Za-z]{3}$")


def parse_currency(raw: object) -> str:
    """The Currency setting as an ISO code: `usd` → USD, `$` → USD, `рубли` → RUB."""
    text = parse_text(raw)
    code = _CURRENCY_WORDS.get(norm(text))
    if code:
        return code
    if _CODE.match(text):
        return text.upper()
    raise BadValue("bad_currency")


@functools.cache
def _zones_by_folded_name() -> dict[str, str]:
    return {name.casefold(): name for name in zoneinfo.available_timezones()}


def parse_time_zone(raw: object) -> str:
    """An IANA time zone name, its case forgiven: `europe/moscow` → `Europe/Moscow`.

    Checked against the zone database's list, never opened as a path, so `Europe` (a folder)
    or `../x` are bad values rather than errors.
    """
    name = _zones_by_folded_name().get(parse_text(raw).casefold())
    if name is None:
        raise BadValue("bad_time_zone")
    return name

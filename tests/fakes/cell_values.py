"""Cell values for the Sheets fake: what a typed string becomes under USER_ENTERED (in the
spreadsheet's locale), serial dates, and the FORMATTED_VALUE text of a value under a
number format -- the subset of Google's behaviour that the recordings and sheetsync need.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

EPOCH = dt.datetime(1899, 12, 30)
DATE_TYPES = frozenset({"DATE", "TIME", "DATE_TIME"})


@dataclass(frozen=True)
class Locale:
    decimal: str
    group: str
    date_order: str  # "MDY" or "DMY"
    date_pattern: str
    date_time_pattern: str
    currency_pattern: str


_EN_US = Locale(".", ",", "MDY", "M/d/yyyy", "M/d/yyyy H:mm:ss", '"$"#,##0.00')
_LOCALES = {
    "en_US": _EN_US,
    "en_GB": Locale(".", ",", "DMY", "dd/MM/yyyy", "dd/MM/yyyy HH:mm:ss", '"£"#,##0.00'),
    "ru_RU": Locale(",", "\u00a0", "DMY", "dd.MM.yyyy", "dd.MM.yyyy H:mm:ss", '#,##0.00\\ "₽"'),
    "de_DE": Locale(",", ".", "DMY", "dd.MM.yyyy", "dd.MM.yyyy HH:mm:ss", '#,##0.00\\ "€"'),
    "fr_FR": Locale(",", "\u202f", "DMY", "dd/MM/yyyy", "dd/MM/yyyy HH:mm:ss", '#,##0.00\\ "€"'),
}


def locale_info(name: str | None) -> Locale:
    if not name:
        return _EN_US
    if name in _LOCALES:
        return _LOCALES[name]
    language = name.split("_")[0]
    for key, value in _LOCALES.items():
        if key.startswith(language + "_"):
            return value
    return _EN_US


def normalize_number(value: float | int) -> float | int:
    """Google stores doubles but writes integral ones without a fraction: ``53``, not
    ``53.0``. Keeping integral numbers as int makes our JSON read the same."""
    if value.__class__ is int:
        return value
    if value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def to_serial(value: dt.date | dt.datetime) -> float | int:
    """Sheets' serial number: days since 1899-12-30, time as the fraction of a day."""
    if isinstance(value, dt.datetime):
        delta = value.replace(tzinfo=None) - EPOCH
        return normalize_number(delta.days + delta.seconds / 86400 + delta.microseconds / 8.64e10)
    return (value - EPOCH.date()).days


def from_serial(serial: float) -> dt.datetime:
    return EPOCH + dt.timedelta(days=serial)


# --------------------------------------------------------------------------------------
# USER_ENTERED parsing
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Typed:
    """What a typed input becomes: a value or a formula, and the number format Sheets
    applies on its own (a date typed as 2026-11-27 gets a date format)."""

    value: Any = None
    formula: str | None = None
    number_format: dict[str, str] | None = None


_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
_LOCAL_DATE = re.compile(r"^(\d{1,2})([./])(\d{1,2})\2(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")


def _number_text(text: str, locale: Locale) -> tuple[float, dict[str, str] | None] | None:
    """A number as a person types it in this locale: ``1,234.5``, ``50%``, ``$800``."""
    body = text.replace("\u00a0", " ").replace("\u202f", " ").strip()
    negative = False
    if body.startswith("(") and body.endswith(")"):
        negative, body = True, body[1:-1].strip()
    if body.startswith("-"):
        negative, body = not negative, body[1:].strip()
    elif body.startswith("+"):
        body = body[1:].strip()
    percent = body.endswith("%")
    if percent:
        body = body[:-1].strip()
    currency = None
    for symbol in ("$", "€", "£", "₽"):
        if body.startswith(symbol):
            currency, body = symbol, body[1:].strip()
        elif body.endswith(symbol):
            currency, body = symbol, body[:-1].strip()
    if body.startswith("-") and not negative:
        negative, body = True, body[1:].strip()
    if not body:
        return None
    decimal, group = locale.decimal, locale.group
    grouped = False
    plain = re.fullmatch(r"\d+(?:[eE][+-]?\d+)?", body)
    dotted = decimal == "." and re.fullmatch(r"\d*\.\d+(?:[eE][+-]?\d+)?|\d+\.", body)
    if plain or dotted:
        number_text = body
    elif re.fullmatch(r"\d*,\d+|\d+,", body) and decimal == ",":
        number_text = body.replace(",", ".")
    else:
        separators = {group, " "} if group.isspace() else {group}
        pattern = "|".join(re.escape(sep) for sep in separators)
        match = re.fullmatch(
            rf"(\d{{1,3}}(?:(?:{pattern})\d{{3}})+)(?:{re.escape(decimal)}(\d+))?", body
        )
        if not match:
            return None
        grouped = True
        number_text = re.sub(pattern, "", match.group(1))
        if match.group(2):
            number_text += "." + match.group(2)
    try:
        number = float(number_text)
    except ValueError:
        return None
    if negative:
        number = -number
    fraction = "." in number_text and not number_text.endswith(".")
    if "e" in number_text.lower():
        return number, {"type": "SCIENTIFIC", "pattern": "0.00E+00"}
    if percent:
        return number / 100, {"type": "PERCENT", "pattern": "0.00%" if fraction else "0%"}
    if currency:
        pattern = f'"{currency}"#,##0.00' if currency in "$£" else f'#,##0.00\\ "{currency}"'
        return number, {"type": "CURRENCY", "pattern": pattern}
    if grouped:
        return number, {"type": "NUMBER", "pattern": "#,##0.00" if fraction else "#,##0"}
    return number, None


def _date(year: int, month: int, day: int, clock: tuple[str | None, ...]) -> Any:
    try:
        when = dt.datetime(year, month, day)
    except ValueError:
        return None
    hours, minutes, seconds = clock
    if hours is not None:
        if int(hours) > 23 or int(minutes or 0) > 59 or int(seconds or 0) > 59:
            return None
        when = when.replace(hour=int(hours), minute=int(minutes or 0), second=int(seconds or 0))
    return when


def parse_user_entered(value: Any, locale_name: str | None, text_format: bool = False) -> Typed:
    """What Sheets stores when a person types ``value`` (USER_ENTERED)."""
    if value.__class__ is bool:
        return Typed(value)
    if isinstance(value, int | float):
        return Typed(normalize_number(value))
    text = str(value)
    if text == "":
        return Typed(None)
    if text.startswith("'"):
        # A leading apostrophe forces text and is not part of the value.
        return Typed(text[1:] or None)
    if text.startswith("=") and len(text) > 1:
        return Typed(None, formula=text)
    if text_format:
        return Typed(text)
    stripped = text.strip()
    if stripped.upper() in ("TRUE", "FALSE"):
        return Typed(stripped.upper() == "TRUE")
    locale = locale_info(locale_name)
    match = _ISO_DATE.match(stripped)
    if match:
        year, month, day, *clock = match.groups()
        when = _date(int(year), int(month), int(day), tuple(clock))
        if when is not None:
            if clock[0] is None:
                return Typed(
                    to_serial(when.date()), None, {"type": "DATE", "pattern": "yyyy-mm-dd"}
                )
            pattern = "yyyy-mm-dd h:mm:ss" if clock[2] else "yyyy-mm-dd h:mm"
            return Typed(to_serial(when), None, {"type": "DATE_TIME", "pattern": pattern})
    match = _LOCAL_DATE.match(stripped)
    if match:
        first, separator, second, year, *clock = match.groups()
        month, day = (first, second) if locale.date_order == "MDY" else (second, first)
        when = _date(int(year), int(month), int(day), tuple(clock))
        if when is not None:
            pattern = (
                locale.date_pattern
                if separator in locale.date_pattern
                else ("dd.MM.yyyy" if separator == "." else "M/d/yyyy")
            )
            if clock[0] is None:
                return Typed(to_serial(when.date()), None, {"type": "DATE", "pattern": pattern})
            return Typed(
                to_serial(when), None, {"type": "DATE_TIME", "pattern": pattern + " H:mm:ss"}
            )
    match = _TIME.match(stripped)
    if match:
        hours, minutes, seconds = match.groups()
        if int(hours) < 24 and int(minutes) < 60 and int(seconds or 0) < 60:
            fraction = (int(hours) * 3600 + int(minutes) * 60 + int(seconds or 0)) / 86400
            pattern = "h:mm:ss" if seconds else "h:mm"
            return Typed(normalize_number(fraction), None, {"type": "TIME", "pattern": pattern})
    number = _number_text(stripped, locale)
    if number is not None:
        return Typed(normalize_number(number[0]), None, number[1])
    return Typed(text)


# --------------------------------------------------------------------------------------
# FORMATTED_VALUE
# --------------------------------------------------------------------------------------

_DEFAULT_PATTERNS = {
    "TEXT": "@",
    "NUMBER": "#,##0.00",
    "PERCENT": "0.00%",
    "SCIENTIFIC": "0.00E+00",
    "TIME": "h:mm:ss am/pm",
}


def effective_pattern(number_format: dict[str, Any] | None, locale: Locale) -> str | None:
    if not number_format:
        return None
    pattern = number_format.get("pattern")
    if pattern:
        return pattern
    kind = number_format.get("type")
    if kind == "DATE":
        return locale.date_pattern
    if kind == "DATE_TIME":
        return locale.date_time_pattern
    if kind == "CURRENCY":
        return locale.currency_pattern
    return _DEFAULT_PATTERNS.get(kind)


def is_date_format(number_format: dict[str, Any] | None) -> bool:
    return bool(number_format) and number_format.get("type") in DATE_TYPES


def format_general(number: float | int, locale: Locale) -> str:
    """Sheets' automatic format: integers whole, else ten significant digits."""
    if number.__class__ is int or (number.is_integer() and abs(number) < 1e15):
        text = str(int(number))
    elif math.isinf(number) or math.isnan(number):
        return "#NUM!"
    else:
        text = f"{number:.10g}"
        if "e" in text:
            mantissa, exponent = text.split("e")
            text = f"{mantissa}E{int(exponent):+03d}"
    return text.replace(".", locale.decimal) if locale.decimal != "." else text


def format_value(value: Any, number_format: dict[str, Any] | None, locale_name: str | None) -> str:
    """The FORMATTED_VALUE text of a stored value."""
    if value is None:
        return ""
    if value.__class__ is bool:
        return "TRUE" if value else "FALSE"
    if value.__class__ is str:
        return value
    locale = locale_info(locale_name)
    pattern = effective_pattern(number_format, locale)
    if not pattern:
        return format_general(value, locale)
    try:
        return format_pattern(value, pattern, locale)
    except (ValueError, OverflowError, ArithmeticError):
        return format_general(value, locale)


_DATE_TOKEN = re.compile(
    r'"[^"]*"|\\.|\[[^\]]*\]|am/pm|a/p|yyyy|yy|mmmmm|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|ss|s|'
    r"\.0+|.",
    re.IGNORECASE,
)
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _sections(pattern: str) -> list[str]:
    sections, current, quoted, index = [], "", False, 0
    while index < len(pattern):
        char = pattern[index]
        if char == '"':
            quoted = not quoted
        elif char == "\\" and not quoted and index + 1 < len(pattern):
            current += pattern[index : index + 2]
            index += 2
            continue
        elif char == ";" and not quoted:
            sections.append(current)
            current = ""
            index += 1
            continue
        current += char
        index += 1
    sections.append(current)
    return sections


def _is_date_pattern(section: str) -> bool:
    stripped = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", section)
    return bool(re.search(r"[ydhs]", stripped, re.IGNORECASE)) or (
        bool(re.search(r"m", stripped, re.IGNORECASE)) and not re.search(r"[0#?]", stripped)
    )


def format_pattern(value: float | int, pattern: str, locale: Locale) -> str:
    sections = _sections(pattern)
    section = sections[0]
    negative_section = False
    if value < 0 and len(sections) > 1 and sections[1]:
        section, negative_section = sections[1], True
    elif value == 0 and len(sections) > 2 and sections[2]:
        section = sections[2]
    if section.strip() == "@":
        return format_general(value, locale)
    if _is_date_pattern(section):
        return _format_date(value, section)
    text = _format_number(abs(value) if negative_section else value, section, locale)
    return text


def _format_date(serial: float, section: str) -> str:
    when = from_serial(serial + 1e-9)  # guard against 0.9999999 of a second
    tokens = _DATE_TOKEN.findall(section)
    twelve_hour = any(token.lower() in ("am/pm", "a/p") for token in tokens)
    out: list[str] = []
    for index, token in enumerate(tokens):
        low = token.lower()
        if token.startswith('"'):
            out.append(token[1:-1])
        elif token.startswith("\\"):
            out.append(token[1:])
        elif token.startswith("["):
            continue
        elif low == "yyyy":
            out.append(f"{when.year:04d}")
        elif low == "yy":
            out.append(f"{when.year % 100:02d}")
        elif low in ("m", "mm"):
            # "m" after an hour or before seconds is minutes, as in Excel.
            before = [t.lower() for t in tokens[:index] if t.strip() and t[0].isalpha()]
            after = [t.lower() for t in tokens[index + 1 :] if t.strip() and t[0].isalpha()]
            minutes = (before and before[-1] in ("h", "hh")) or (after and after[0] in ("s", "ss"))
            number = when.minute if minutes else when.month
            out.append(f"{number:02d}" if low == "mm" else str(number))
        elif low == "mmm":
            out.append(_MONTHS[when.month - 1][:3])
        elif low == "mmmm":
            out.append(_MONTHS[when.month - 1])
        elif low == "mmmmm":
            out.append(_MONTHS[when.month - 1][0])
        elif low == "d":
            out.append(str(when.day))
        elif low == "dd":
            out.append(f"{when.day:02d}")
        elif low == "ddd":
            out.append(_DAYS[when.weekday()][:3])
        elif low == "dddd":
            out.append(_DAYS[when.weekday()])
        elif low in ("h", "hh"):
            hour = when.hour % 12 or 12 if twelve_hour else when.hour
            out.append(f"{hour:02d}" if low == "hh" else str(hour))
        elif low in ("s", "ss"):
            out.append(f"{when.second:02d}" if low == "ss" else str(when.second))
        elif low == "am/pm":
            out.append("AM" if when.hour < 12 else "PM")
        elif low == "a/p":
            out.append("A" if when.hour < 12 else "P")
        elif low.startswith("."):
            digits = len(low) - 1
            out.append("." + f"{when.microsecond / 1e6:.{digits}f}"[2:])
        else:
            out.append(token)
    return "".join(out)


def _literal(text: str) -> str:
    out, index = "", 0
    while index < len(text):
        char = text[index]
        if char == '"':
            end = text.find('"', index + 1)
            end = len(text) if end < 0 else end
            out += text[index + 1 : end]
            index = end + 1
            continue
        if char == "\\" and index + 1 < len(text):
            out += text[index + 1]
            index += 2
            continue
        if char == "[":
            end = text.find("]", index)
            block = text[index + 1 : end if end >= 0 else len(text)]
            if block.startswith("$"):
                out += block[1:].split("-")[0]
            index = (end if end >= 0 else len(text)) + 1
            continue
        if char in "_*":
            index += 2  # spacing directives take the next character
            continue
        out += char
        index += 1
    return out


def _format_number(value: float | int, section: str, locale: Locale) -> str:
    match = re.search(r"[0#?][0#?,]*(?:\.[0#?]*)?(?:[eE][+-]0+)?|\.[0#?]+", section)
    if not match:
        return _literal(section)
    prefix, spec, suffix = section[: match.start()], match.group(0), section[match.end() :]
    if "%" in prefix + suffix:
        value = value * 100
    scientific = re.search(r"[eE][+-](0+)$", spec)
    if scientific:
        mantissa_spec = spec[: scientific.start()]
        decimals = len(mantissa_spec.split(".")[1]) if "." in mantissa_spec else 0
        text = f"{value:.{decimals}E}"
        mantissa, exponent = text.split("E")
        width = len(scientific.group(1))
        sign = "-" if int(exponent) < 0 else "+"
        body = f"{mantissa}E{sign}{abs(int(exponent)):0{width}d}"
        body = body.replace(".", locale.decimal)
        return _literal(prefix) + body + _literal(suffix)
    integer_spec, _, fraction_spec = spec.partition(".")
    grouping = "," in integer_spec
    min_int = integer_spec.count("0")
    max_dec = len(fraction_spec)
    min_dec = fraction_spec.count("0")
    negative = value < 0
    quantum = Decimal(1).scaleb(-max_dec)
    rounded = Decimal(repr(abs(float(value)))).quantize(quantum, rounding=ROUND_HALF_UP)
    text = f"{rounded:f}"
    whole, _, fraction = text.partition(".")
    fraction = fraction.ljust(max_dec, "0")[:max_dec]
    while len(fraction) > min_dec and fraction.endswith("0"):
        fraction = fraction[:-1]
    whole = whole.lstrip("0")
    whole = whole.rjust(min_int, "0")
    if grouping and whole:
        groups = []
        while len(whole) > 3:
            groups.insert(0, whole[-3:])
            whole = whole[:-3]
        groups.insert(0, whole)
        whole = locale.group.join(groups)
    body = whole + (locale.decimal + fraction if fraction else "")
    sign = "-" if negative and rounded != 0 else ""
    return sign + _literal(prefix) + body + _literal(suffix)

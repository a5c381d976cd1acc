"""How report figures are written as text, in the plan's language: percents, money, dates.

English: `1,234.50`, `68%`, `$800.00`, `2026-11-27`. Russian: `1 234,50`, `68 %`,
`$800,00`, `27.11.2026`. Used by the report templates (as filters) and by the sentences the
report model writes. Empty figures are shown as `—`. Grouping, the minus sign and money are
i18n's, as in every other text sheetsync writes.
"""

from __future__ import annotations

import datetime as dt
import math

from sheetsync.i18n import MINUS, grouped, t

DASH = "—"


def _missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return math.isnan(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def number(value: object, lang: str = "en", digits: int | None = None) -> str:
    """A plain number: whole numbers without decimals, others with up to two."""
    if _missing(value):
        return DASH
    x = float(value)  # type: ignore[arg-type]
    if digits is not None:
        return grouped(x, digits, lang)
    if x == round(x):
        return grouped(x, 0, lang)
    text = grouped(x, 2, lang)
    return text.rstrip("0").rstrip(",.")


def percent(value: object, lang: str = "en", digits: int = 0) -> str:
    """A fraction as a percent: 0.68 → `68%` (`68 %` in Russian)."""
    if _missing(value):
        return DASH
    text = grouped(float(value) * 100, digits, lang)  # type: ignore[arg-type]
    return t(lang, "fmt:percent", n=text)


def value(value: object, fmt: str, lang: str = "en") -> str:
    """A KPI value in its goal's format: `percent` for rates typed as percents, else number."""
    return percent(value, lang, 1) if fmt == "percent" else number(value, lang)


def signed(text_of: str, raw: object) -> str:
    """Prefix a formatted change with + (or keep its minus); `—` stays as is."""
    if _missing(raw) or text_of == DASH:
        return DASH
    if text_of.startswith(MINUS) or not any(ch in "123456789" for ch in text_of):
        return text_of  # negative already, or zero as shown (a float's dust is no change)
    return "+" + text_of


def change(raw: object, fmt: str, lang: str = "en") -> str:
    """A change in a KPI's value: `+5`, `−0.2%`."""
    return signed(value(raw, fmt, lang), raw)


def points(raw: object, lang: str = "en") -> str:
    """A change in a ratio, in percentage points: `+12 pts` (`+12 п.п.`)."""
    if _missing(raw):
        return DASH
    text = signed(grouped(float(raw) * 100, 0, lang), raw)  # type: ignore[arg-type]
    return t(lang, "fmt:points", n=text)


def date(day: object, lang: str = "en") -> str:
    if day is None:
        return DASH
    if isinstance(day, dt.datetime):
        day = day.date()
    if not isinstance(day, dt.date):
        return str(day)
    return day.strftime(t(lang, "date-typed"))

"""Report periods: the ISO week, month or quarter a day falls in, and its code.

Codes are what report tab titles and output keys carry: `2026-W48` (ISO week, Monday to
Sunday), `2026-11`, `2026-Q4`. Each period includes both its first and its last day.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

KINDS = ("week", "month", "quarter")

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")


@dataclass(frozen=True, order=True)
class Period:
    """One report period; ordering is by first day, so older periods sort first."""

    start: dt.date
    end: dt.date
    kind: str
    code: str

    def previous(self) -> Period:
        return containing(self.kind, self.start - dt.timedelta(days=1))

    def next(self) -> Period:
        return containing(self.kind, self.end + dt.timedelta(days=1))

    def is_over(self, today: dt.date) -> bool:
        """The period has ended: its last day is before `today`."""
        return self.end < today


def _month_end(year: int, month: int) -> dt.date:
    first_next = dt.date(year + month // 12, month % 12 + 1, 1)
    return first_next - dt.timedelta(days=1)


def containing(kind: str, day: dt.date) -> Period:
    """The period of `kind` (week, month, quarter) that `day` falls in."""
    if kind == "week":
        year, week, weekday = day.isocalendar()
        start = day - dt.timedelta(days=weekday - 1)
        return Period(start, start + dt.timedelta(days=6), kind, f"{year}-W{week:02d}")
    if kind == "month":
        return Period(day.replace(day=1), _month_end(day.year, day.month), kind, f"{day:%Y-%m}")
    if kind == "quarter":
        quarter = (day.month - 1) // 3 + 1
        first_month = 3 * quarter - 2
        return Period(
            dt.date(day.year, first_month, 1),
            _month_end(day.year, first_month + 2),
            kind,
            f"{day.year}-Q{quarter}",
        )
    raise ValueError(f"unknown report period {kind!r}; expected one of {', '.join(KINDS)}")


def parse(code: str) -> Period | None:
    """The period a code names, or None when the text is no period code."""
    try:
        if m := _WEEK.match(code):
            start = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return containing("week", start)
        if m := _MONTH.match(code):
            return containing("month", dt.date(int(m[1]), int(m[2]), 1))
        if m := _QUARTER.match(code):
            return containing("quarter", dt.date(int(m[1]), 3 * int(m[2]) - 2, 1))
    except ValueError:  # week 54, month 13: not a real period
        return None
    return None


def last_periods(kind: str, today: dt.date, count: int) -> list[Period]:
    """The `count` periods of `kind` ending with the one `today` falls in, oldest first."""
    periods = [containing(kind, today)]
    while len(periods) < count:
        periods.append(periods[-1].previous())
    return periods[::-1]

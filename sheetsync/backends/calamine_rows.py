"""python-calamine's rows turned into a Grid's cells: the one hot loop of the .xlsx read.

calamine gives every cell of a tab's used area as a Python value: "" for an empty cell,
float, int, str, bool, date, datetime, time or timedelta. A Grid wants None for empty, a
date for a datetime at midnight, and cannot use a time or a timedelta (a date-formatted
number below 1, whose value only the sheet's XML has: the caller reads that tab the plain
way instead).

On the benchmark plan (500,000 cells) converting cell by cell in Python took as long as
calamine's own parse. Here a row whose values are all of the plain kinds (text, numbers,
bools, bare dates) is converted in one comprehension, or kept as it is when it has no empty
cell; any other row goes cell by cell, as `cell` says. tests/test_calamine_rows.py checks
`rows` against the cell-by-cell reference on every kind of value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

# Values taken as they are. Exact types: a datetime is a date too, and must not pass.
PLAIN_KINDS = frozenset((str, float, int, bool, dt.date))


class NotAGridValue(Exception):
    """A time or a timedelta: a date-formatted number calamine could not give back."""


def cell(value: object) -> object:
    """One calamine value as a Grid cell (the reference: `rows` must give the same)."""
    if value == "" or value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time() else value
    if isinstance(value, dt.time | dt.timedelta):
        raise NotAGridValue(value)
    return value


def rows(values: Iterable[list]) -> list[list]:
    """All rows of a tab as Grid rows; NotAGridValue if a cell holds a time or timedelta."""
    out: list[list] = []
    for row in values:
        if not set(map(type, row)) <= PLAIN_KINDS:
            out.append([cell(value) for value in row])
        elif "" in row:
            out.append([None if value == "" else value for value in row])
        else:
            out.append(row)
    return out

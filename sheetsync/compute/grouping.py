"""Group arithmetic over small integer codes: the totals the rules take of the spend log.

The rules group up to 100,000 spend rows by activity, day, week or month and need each
group's sum, size and the row of its largest amount. Pandas' groupby hashes its keys again
on every call; here the keys are already codes (0..n-1, -1 for none), so a group is an index.

Sums go through pandas' own grouped sum, on a Categorical of the codes (no hashing), so
every total is added exactly as `DataFrame.groupby(...).sum()` adds it (compensated, in row
order) and no figure moves by a fraction of a cent because of how it was grouped.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

# Day numbers: days since 1970-01-01, the integers the rules group, order and compare dates by.
EPOCH_DAY = np.datetime64(0, "D")
ORDINAL_1970 = dt.date(1970, 1, 1).toordinal()


def day_number(day: dt.date) -> int:
    """A date's day number."""
    return day.toordinal() - ORDINAL_1970


def day_date(number: int) -> dt.date:
    """The date of a day number."""
    return dt.date.fromordinal(int(number) + ORDINAL_1970)


def group_sum(codes: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    """Σ values per code 0..n-1 (0.0 for a code with no rows); rows coded -1 are left out."""
    if n == 0:
        return np.zeros(0, dtype="float64")
    keys = pd.Categorical.from_codes(codes, categories=pd.RangeIndex(n), validate=False)
    summed = pd.Series(values, dtype="float64", copy=False).groupby(keys, observed=False).sum()
    return summed.to_numpy("float64")


def group_size(codes: np.ndarray, n: int) -> np.ndarray:
    """Rows per code 0..n-1; rows coded -1 are left out."""
    return np.bincount(codes[codes >= 0], minlength=n).astype("int64")


def group_first_max(codes: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    """Per code 0..n-1, the position of its largest value, the first of equals (what pandas'
    `idxmax` picks); -1 for a code with no rows. Every code must be ≥ 0."""
    top = np.full(n, -np.inf)
    np.maximum.at(top, codes, values)
    hits = np.flatnonzero(values == top[codes])
    first = np.full(n, -1, dtype="int64")
    groups, at = np.unique(codes[hits], return_index=True)
    first[groups] = hits[at]
    return first


def dense(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Codes 0..k-1 for integer keys, numbered in ascending key order, and the k keys."""
    if not keys.size:
        return np.zeros(0, dtype="int64"), keys[:0]
    low, high = int(keys.min()), int(keys.max())
    if high - low >= max(4 * keys.size, 2**20):  # sparse keys: hash them
        codes, uniques = pd.factorize(keys, sort=True)
        return codes.astype("int64", copy=False), np.asarray(uniques)
    # Keys within a short range (days, months, activity × day): count each possible key and
    # number the ones present, which needs no hashing and no sort.
    offset = keys - low
    present = np.flatnonzero(np.bincount(offset, minlength=high - low + 1))
    number = np.empty(high - low + 1, dtype="int64")
    number[present] = np.arange(present.size)
    return number[offset], present + low


def day_numbers(dates: pd.Series | np.ndarray) -> np.ndarray:
    """Day numbers of a date column, as int64 (the plan's dates are whole days). A NaT gives
    some number: mask it with `np.isnat` on the dates."""
    values = np.asarray(dates)
    if values.dtype == "datetime64[s]":  # how the plan stores dates: one integer division
        return values.view("int64") // 86_400
    return (values.astype("datetime64[D]") - EPOCH_DAY).astype("int64")


def in_day_order(days: np.ndarray) -> np.ndarray:
    """The positions that put rows in day order, rows of one day in their own order (a stable
    sort). A plan's spend spans a few hundred days, so the days fit 16 bits and numpy sorts
    them by radix: ten times faster than a general sort of 100,000 rows."""
    if days.size and int(days.max()) - int(days.min()) < 2**16:
        return np.argsort((days - days.min()).astype("uint16"), kind="stable")
    return np.argsort(days, kind="stable")

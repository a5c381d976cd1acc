"""Calendar arithmetic shared by the rules: the elapsed share of a period.

Periods include both ends. Works on whole columns (numpy datetime64).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd


def _days(dates: pd.Series) -> np.ndarray:
    """A date column as datetime64[D] (NaT stays NaT), converting it only when it is not
    already dates."""
    if not pd.api.types.is_datetime64_dtype(dates.dtype):
        dates = pd.to_datetime(dates)
    return dates.to_numpy().astype("datetime64[D]")


def elapsed_share(start: pd.Series, end: pd.Series, today: dt.date) -> np.ndarray:
    """`elapsed` as a plain float array, for rules that go on computing with it."""
    first, last = _days(start), _days(end)
    now = np.datetime64(today, "D")
    missing = np.isnat(first) | np.isnat(last)
    # NaT compares False, so a missing end counts to today, as pandas' `where` did.
    upto = np.where(last < now, last, now)
    length = np.where(missing, np.nan, (last - first).astype("int64") + 1.0)
    done = np.where(np.isnat(first), np.nan, (upto - first).astype("int64") + 1.0)
    with np.errstate(all="ignore"):
        share = done / np.where(length > 0, length, np.nan)
    return np.clip(share, 0.0, 1.0)

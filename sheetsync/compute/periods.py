"""Calendar arithmetic shared by every rule: elapsed share of a period, ISO weeks, months.

Periods include both ends. Works on scalars and on whole columns (numpy datetime64).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd


def as_timestamp(day: dt.date) -> pd.Timestamp:
    return pd.Timestamp(day)


def elapsed(start: pd.Series, end: pd.Series, today: dt.date) -> pd.Series:
    """(min(today, end) − start + 1 day) ÷ (end − start + 1 day), clamped to [0, 1].

    NaN where a date is missing or the period ends before it starts.
    """
    now = pd.Timestamp(today)
    start = pd.to_datetime(start)
    end = pd.to_datetime(end)
    length = (end - start).dt.days + 1
    done = (end.where(end < now, now) - start).dt.days + 1
    share = (done / length.where(length > 0)).clip(lower=0, upper=1)
    return share.astype("float64")


def days_between(later: pd.Series | pd.Timestamp, earlier: pd.Series | pd.Timestamp):
    return (pd.to_datetime(later) - pd.to_datetime(earlier)) / np.timedelta64(1, "D")

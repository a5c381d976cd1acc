"""Calendar arithmetic shared by the rules: the elapsed share of a period.

Periods include both ends. Works on whole columns (numpy datetime64).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd


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

"""Spend within a date range, per activity and in total: the figure a report period needs.

Pure and vectorised. Both ends of the range are included; spend on activity IDs the plan
does not know counts in the total (that money is gone too) under its own ID. Activity IDs are
matched as the budget matches them: trimmed, case-insensitive (`activity_key`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from sheetsync.plan.schema import norm


@dataclass(frozen=True)
class SpendInRange:
    by_activity: pd.Series  # activity_key(ID) -> amount, only activities that spent
    total: float

    def of(self, activity_id: object) -> float:
        return float(self.by_activity.get(activity_key(activity_id), 0.0))


def activity_key(activity_id: object) -> str:
    return norm(activity_id) if isinstance(activity_id, str) else ""


def spend_between(spend: pd.DataFrame, first: dt.date | None, last: dt.date) -> SpendInRange:
    """Σ Spend dated within [first, last] (from the beginning when `first` is None)."""
    dated = spend["date"].notna() & spend["amount"].notna()
    inside = dated & (spend["date"] <= pd.Timestamp(last))
    if first is not None:
        inside &= spend["date"] >= pd.Timestamp(first)
    rows = spend.loc[inside, ["activity", "amount"]]
    # Normalise each distinct ID once, not once per spend row; a missing ID (code -1) takes
    # the last key, "".
    codes, uniques = pd.factorize(rows["activity"])
    keys = pd.Index([activity_key(u) for u in uniques] + [""])
    by_activity = rows["amount"].groupby(keys[codes], sort=False).sum()
    return SpendInRange(by_activity.astype("float64"), float(rows["amount"].sum()))

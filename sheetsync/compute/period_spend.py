"""Spend within a date range, per activity and in total: the figures a report period needs.

Pure and vectorised. Both ends of the range are included; spend on activity IDs the plan
does not know counts in the total (that money is gone too) under its own ID, and in
`unknown`. Activity IDs are matched as the budget matches them: trimmed, case-insensitive
(`norm_key`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from sheetsync.plan import Plan
from sheetsync.plan.schema import norm_key

NO_ACTIVITY = ""  # the key of spend that names no activity


@dataclass(frozen=True)
class SpendInRange:
    by_activity: pd.Series  # norm_key(ID) -> amount, only activities that spent
    total: float
    unknown: float  # spend on IDs not on the Activities tab, or naming no activity

    def of(self, activity_id: object) -> float:
        return float(self.by_activity.get(norm_key(activity_id) or NO_ACTIVITY, 0.0))


def spend_between(plan: Plan, first: dt.date | None, last: dt.date) -> SpendInRange:
    """Σ Spend dated within [first, last] (from the beginning when `first` is None)."""
    spend = plan.spend.df
    dated = spend["date"].notna() & spend["amount"].notna()
    inside = dated & (spend["date"] <= pd.Timestamp(last))
    if first is not None:
        inside &= spend["date"] >= pd.Timestamp(first)
    rows = spend.loc[inside, ["activity", "amount"]]
    # Normalise each distinct ID once, not once per spend row; a missing ID (code -1) takes
    # the last key, NO_ACTIVITY.
    codes, uniques = pd.factorize(rows["activity"])
    keys = pd.Index([norm_key(u) or NO_ACTIVITY for u in uniques] + [NO_ACTIVITY])
    by_activity = rows["amount"].groupby(keys[codes], sort=False).sum().astype("float64")
    known = plan.activities.df["id"].map(norm_key)
    unknown = float(by_activity[~by_activity.index.isin(known.dropna())].sum())
    return SpendInRange(by_activity, float(rows["amount"].sum()), unknown)

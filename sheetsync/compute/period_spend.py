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


class PeriodSpend:
    """The plan's usable spend rows (dated, with an amount), each with its activity's key
    worked out once, so that the sums of several ranges (a report per rule, each over its own
    period) cost a filter and a group-by each. `between` gives what `spend_between` does."""

    def __init__(self, plan: Plan) -> None:
        spend = plan.spend.df
        usable = (spend["date"].notna() & spend["amount"].notna()).to_numpy()
        self._dates = spend["date"].to_numpy()[usable]
        self._amounts = spend["amount"].to_numpy("float64")[usable]
        # Normalise each distinct ID once, not once per spend row; a missing ID (code -1)
        # takes the last key, NO_ACTIVITY. Rows are then grouped by the key's code: the same
        # groups, in the same order, summed the same way (pandas' grouped sum) as by the key.
        codes, uniques = pd.factorize(spend["activity"].to_numpy()[usable])
        keys = pd.Index([norm_key(u) or NO_ACTIVITY for u in uniques] + [NO_ACTIVITY])
        key_of_unique, self._keys = pd.factorize(keys)  # " a1 " and "A1" share a key
        self._key_codes = key_of_unique[codes]
        self._known = plan.activities.df["id"].map(norm_key).dropna()

    def between(self, first: dt.date | None, last: dt.date) -> SpendInRange:
        """Σ Spend dated within [first, last] (from the beginning when `first` is None)."""
        inside = self._dates <= pd.Timestamp(last).to_datetime64()
        if first is not None:
            inside &= self._dates >= pd.Timestamp(first).to_datetime64()
        amounts = pd.Series(self._amounts[inside])
        summed = amounts.groupby(self._key_codes[inside], sort=False).sum()
        by_activity = pd.Series(
            summed.to_numpy("float64"), index=self._keys[summed.index.to_numpy()]
        )
        unknown = float(by_activity[~by_activity.index.isin(self._known)].sum())
        return SpendInRange(by_activity, float(amounts.sum()), unknown)


def spend_between(plan: Plan, first: dt.date | None, last: dt.date) -> SpendInRange:
    """Σ Spend dated within [first, last] (from the beginning when `first` is None)."""
    return PeriodSpend(plan).between(first, last)

"""Spend from the ad cabinets beside the typed Spend tab (docs/import.md): which of the two counts
for each activity (the Spend source setting), what each adds up to, and the alerts that
reconcile them: `unknown-campaign` (cost no activity claims) and `spend-mismatch` (typed
and imported spend of an activity's week more than 5 % apart).

Pure. Imported rows join the spend ledger with their Imported spend tab row moved up by
IMPORTED_ROW, so every rule's "row" stays one integer that sorts typed rows first and still
names its cell (`spend_cells`).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from sheetsync.compute.alerts import Alert, cells_of, make_alert
from sheetsync.compute.grouping import day_date, day_numbers, dense, group_sum
from sheetsync.i18n import money, t
from sheetsync.plan import Plan

IMPORTED_ROW = 1_000_000_000  # added to an Imported spend row: beyond any sheet's rows
MISMATCH_SHARE = 0.05  # typed and imported spend of a week further apart than this
# A ledger column's cell on the Imported spend tab.
IMPORTED_COLUMN = {
    "date": "date", "amount": "cost", "results": "conversions", "activity": "campaign",
}  # fmt: skip


def spend_cells(plan: Plan, column: str, rows: list[int]) -> list[str | None]:
    """The cell of each ledger row: on the Spend tab, or (row ≥ IMPORTED_ROW) on the
    Imported spend tab."""
    rows = [int(r) for r in rows]
    if all(r < IMPORTED_ROW for r in rows):
        return cells_of(plan.spend, column, rows)
    typed = iter(cells_of(plan.spend, column, [r for r in rows if r < IMPORTED_ROW]))
    imported = iter(
        cells_of(
            plan.imported,
            IMPORTED_COLUMN.get(column, "cost"),
            [r - IMPORTED_ROW for r in rows if r >= IMPORTED_ROW],
        )
    )
    return [next(imported) if r >= IMPORTED_ROW else next(typed) for r in rows]


def imported_ledger(plan: Plan, today: dt.date) -> pd.DataFrame:
    """The imported rows dated ≤ today, in the ledger's shape (budget.spend_ledger)."""
    frame = plan.imported.df
    dates = frame["date"].to_numpy()
    cost = frame["cost"].to_numpy("float64")
    keep = ~np.isnat(dates) & (dates <= np.datetime64(today)) & ~np.isnan(cost)
    return pd.DataFrame(
        {
            "date": dates[keep],
            "activity": pd.Series(frame["campaign"].to_numpy(object)[keep], dtype=object),
            "amount": cost[keep],
            "results": frame["conversions"].to_numpy("float64")[keep],
            "row": frame["row"].to_numpy("int64")[keep] + IMPORTED_ROW,
            "act": frame["act"].to_numpy("int64")[keep],
            "day": day_numbers(dates[keep]),
            "imported": np.ones(int(keep.sum()), dtype=bool),
        }
    )


def with_campaigns(plan: Plan) -> np.ndarray:
    """Per activity (in Activities order): whether its Campaigns cell names any."""
    frame = plan.activities.df
    if "campaigns" not in frame:
        return np.zeros(len(frame), dtype=bool)
    return np.array([bool(c) for c in frame["campaigns"].tolist()], dtype=bool)


def imported_days(plan: Plan, imported: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Per activity, the first and last day its imported rows cover (day numbers); an
    activity with none gets an empty span (first > last)."""
    count = len(plan.activities.df)
    first = np.full(count, np.iinfo("int64").max)
    last = np.full(count, np.iinfo("int64").min)
    act = imported["act"].to_numpy("int64")
    day = imported["day"].to_numpy("int64")
    mapped = act >= 0
    np.minimum.at(first, act[mapped], day[mapped])
    np.maximum.at(last, act[mapped], day[mapped])
    return first, last


def counted_ledger(plan: Plan, today: dt.date, typed: pd.DataFrame) -> pd.DataFrame:
    """The spend every rule counts, by the Spend source setting: typed, imported, both, or
    (not set) for an activity with Campaigns its imported spend over the days its imports
    cover and its typed spend on the days before and after, for the rest typed spend. Cost
    on a campaign no activity claims counts in the plan's spend: that money is gone too."""
    imported = imported_ledger(plan, today)
    source = plan.settings.spend_source
    if source == "typed" or imported.empty:
        return typed
    if source == "imported":
        return imported
    if source is None:
        claimed = with_campaigns(plan)
        first, last = imported_days(plan, imported)
        act = typed["act"].to_numpy("int64")
        day = typed["day"].to_numpy("int64")
        known = act >= 0
        mine = np.maximum(act, 0)
        own = known & claimed[mine] & (day >= first[mine]) & (day <= last[mine])
        typed = typed[~own]
    joined = pd.concat([typed, imported], ignore_index=True)
    # Date order, typed before imported within a day, as the rules read a log.
    order = np.lexsort((joined["row"].to_numpy(), joined["day"].to_numpy()))
    return joined.iloc[order].reset_index(drop=True)


def spent_by_source(plan: Plan, today: dt.date, typed: pd.DataFrame) -> tuple[np.ndarray, ...]:
    """Per activity: typed spend to date, imported spend to date (NaN when nothing was ever
    imported for it and it names no campaigns)."""
    count = len(plan.activities.df)
    typed_act = typed["act"].to_numpy("int64")
    typed_sum = group_sum(typed_act, typed["amount"].to_numpy("float64"), count)
    imported = imported_ledger(plan, today)
    imported_sum = group_sum(
        imported["act"].to_numpy("int64"), imported["amount"].to_numpy("float64"), count
    )
    claims = with_campaigns(plan)
    return typed_sum, np.where(claims, imported_sum, np.nan)


def unknown_campaign_alerts(plan: Plan, today: dt.date) -> list[Alert]:
    """Cost on a campaign no activity claims: one alert per platform and campaign."""
    ledger = imported_ledger(plan, today)
    unmapped = ledger[ledger["act"].to_numpy() < 0]
    if unmapped.empty:
        return []
    frame = plan.imported.df
    by_row = dict(zip(frame["row"].tolist(), frame["platform"].tolist(), strict=True))
    unmapped = unmapped.assign(
        platform=[by_row.get(r - IMPORTED_ROW, "") for r in unmapped["row"].tolist()]
    )
    lang, currency = plan.lang, plan.settings.currency
    alerts = []
    for (platform, campaign), rows in unmapped.groupby(["platform", "activity"], sort=True):
        total = float(rows["amount"].sum())
        first_row = int(rows["row"].min())
        alerts.append(
            make_alert(
                "unknown-campaign",
                campaign,
                t(
                    lang,
                    "unknown-campaign",
                    platform=platform,
                    subject=campaign,
                    total=money(lang, total, currency),
                    first=day_date(int(rows["day"].min())).isoformat(),
                    last=day_date(int(rows["day"].max())).isoformat(),
                ),
                plan.settings.budget_controller,
                spend_cells(plan, "amount", [first_row])[0],
            )
        )
    return alerts


def _monday(days):  # a day number or an array of them
    """The Monday of each day's ISO week."""
    return days - (days + 3) % 7


def mismatch_alerts(plan: Plan, today: dt.date, typed: pd.DataFrame) -> list[Alert]:
    """Per activity with Campaigns that also has typed spend, per ISO week its imports
    cover: typed and imported spend more than 5 % apart (of the larger)."""
    imported = imported_ledger(plan, today)
    if imported.empty or typed.empty:
        return []
    claims = with_campaigns(plan)
    typed_act = typed["act"].to_numpy("int64")
    typed_mine = (typed_act >= 0) & claims[np.maximum(typed_act, 0)]
    if not typed_mine.any():
        return []
    first, last = imported_days(plan, imported)
    acts = plan.activities.df.reset_index(drop=True)
    lang, currency = plan.lang, plan.settings.currency

    def weekly(ledger: pd.DataFrame, mask: np.ndarray) -> dict[tuple[int, int], float]:
        act = ledger["act"].to_numpy("int64")[mask]
        week = _monday(ledger["day"].to_numpy("int64")[mask])
        codes, keys = dense(act * 10_000_000 + week)
        sums = group_sum(codes, ledger["amount"].to_numpy("float64")[mask], len(keys))
        pairs = zip(keys.tolist(), sums.tolist(), strict=True)
        return {(k // 10_000_000, k % 10_000_000): s for k, s in pairs}

    typed_weeks = weekly(typed, typed_mine)
    imported_act = imported["act"].to_numpy("int64")
    imported_weeks = weekly(imported, imported_act >= 0)
    typed_acts = set(typed_act[typed_mine].tolist())
    alerts = []
    for act, week in sorted(set(typed_weeks) | set(imported_weeks)):
        # Only the weeks the activity's imports cover: before them nothing was imported.
        if act not in typed_acts or first[act] > last[act]:
            continue
        if not _monday(int(first[act])) <= week <= _monday(int(last[act])):
            continue
        written = typed_weeks.get((act, week), 0.0)
        cabinet = imported_weeks.get((act, week), 0.0)
        larger = max(written, cabinet)
        if larger <= 0 or abs(written - cabinet) <= MISMATCH_SHARE * larger:
            continue
        year, number, _ = day_date(week).isocalendar()
        label = f"{year}-W{number:02d}"
        aid = str(acts["id"].iloc[act])
        row = int(acts["row"].iloc[act])
        alerts.append(
            make_alert(
                "spend-mismatch",
                f"{aid} {label}",
                t(
                    lang,
                    "spend-mismatch",
                    subject=aid,
                    week=label,
                    typed=money(lang, written, currency),
                    imported=money(lang, cabinet, currency),
                    difference=money(lang, abs(written - cabinet), currency),
                ),
                plan.settings.budget_controller,
                plan.activities.cell("campaigns", row),
            )
        )
    return alerts

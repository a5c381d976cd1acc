"""KPI status per goal (docs/workbook.md): current, progress, pace, status, forecast.

Pure and vectorised: the goals and actuals tables in, one row per goal out. Actuals count
when they are dated within [Start, min(End, today)]; later-dated rows are ignored.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from sheetsync.compute.alerts import Alert, cells_of, make_alert
from sheetsync.compute.grouping import EPOCH_DAY, day_number, day_numbers, group_sum
from sheetsync.compute.periods import elapsed_share
from sheetsync.i18n import t
from sheetsync.plan import Plan
from sheetsync.plan.schema import norm_key

STATUSES = ("not-started", "no-data", "achieved", "missed", "on-track", "at-risk", "off-track")

KPI_COLUMNS = [
    "id", "goal", "metric", "aggregation", "owner", "baseline", "target", "start", "end",
    "current", "progress", "expected", "pace", "status", "forecast", "stale", "last_actual",
    "actuals_counted", "row",
]  # fmt: skip


def _metric_keys(goals: pd.DataFrame) -> list[str | None]:
    """What an Actuals row's Metric must say to count for a goal: its metric, else its ID."""
    return [
        norm_key(
            gid if metric is None or (isinstance(metric, float) and metric != metric) else metric
        )
        for metric, gid in zip(goals["metric"].tolist(), goals["id"].tolist(), strict=True)
    ]


def _counted_actuals(
    goals: pd.DataFrame, actuals: pd.DataFrame, today: dt.date
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The actuals that count, each joined to every goal whose metric it names, kept only
    within [Start, min(End, today)]: (goal position, day number, value) per pair, ordered by
    goal, date and sheet row."""
    by_key: dict[str, list[int]] = {}
    for position, key in enumerate(_metric_keys(goals)):
        if key is not None:
            by_key.setdefault(key, []).append(position)
    dates = actuals["date"].to_numpy()
    values = actuals["value"].to_numpy("float64")
    ok = ~np.isnat(dates) & ~np.isnan(values)
    codes, metrics = pd.factorize(actuals["metric"].to_numpy(object)[ok], use_na_sentinel=True)
    # Each distinct metric's goals, flattened: a fact repeats once per goal it counts for.
    matches = [by_key.get(norm_key(m), []) for m in metrics] + [[]]  # code -1: no metric
    per_metric = np.array([len(m) for m in matches], dtype="int64")
    starts = np.cumsum(per_metric) - per_metric
    flat = np.array([g for m in matches for g in m], dtype="int64")
    repeat = per_metric[codes]
    fact = np.repeat(np.flatnonzero(ok), repeat)
    within = np.arange(repeat.sum()) - np.repeat(np.cumsum(repeat) - repeat, repeat)
    goal = flat[np.repeat(starts[codes], repeat) + within]

    day = day_numbers(dates)[fact]
    first = day_numbers(goals["start"])
    last = day_numbers(goals["end"])
    now = day_number(today)
    # A missing End counts to today; a missing Start counts nothing (NaT compares False).
    upper = np.where(~np.isnat(goals["end"].to_numpy()) & (last < now), last, now)
    has_start = ~np.isnat(goals["start"].to_numpy())
    inside = has_start[goal] & (day >= first[goal]) & (day <= upper[goal])
    goal, day, fact = goal[inside], day[inside], fact[inside]
    order = np.lexsort((actuals["row"].to_numpy("int64")[fact], day, goal))
    return goal[order], day[order], values[fact[order]]


def kpi_status(plan: Plan, today: dt.date) -> pd.DataFrame:
    goals = plan.goals.df.reset_index(drop=True)
    count_goals = len(goals)
    goal, day, value = _counted_actuals(goals, plan.actuals.df, today)
    now = day_number(today)

    count = np.bincount(goal, minlength=count_goals)
    counted = count > 0
    with np.errstate(all="ignore"):
        # Sums as pandas' grouped sum adds them (compensated, in date order); a mean is that
        # sum over the count, as pandas' grouped mean computes it.
        total = np.where(counted, group_sum(goal, value, count_goals), np.nan)
        mean = total / np.where(counted, count, np.nan)
        # Facts are in date order: a goal's last fact is its newest; a goal with none takes
        # position -1, the padding after them.
        last_at = np.full(count_goals, -1, dtype="int64")
        np.maximum.at(last_at, goal, np.arange(goal.size))
        last = np.append(value, np.nan)[last_at]
        newest_day = np.append(day, 0)[last_at]
        newest = np.where(
            counted, EPOCH_DAY + newest_day.astype("timedelta64[D]"), np.datetime64("NaT")
        ).astype("datetime64[s]")

        aggregation = goals["aggregation"].fillna("last")
        how = aggregation.to_numpy(object)
        is_sum = how == "sum"
        current = np.select([is_sum, how == "mean"], [total, mean], default=last)
        current = np.where(counted, current, np.nan).astype("float64")

        target = goals["target"].to_numpy("float64")
        baseline = goals["baseline"].astype("float64").fillna(0.0).to_numpy()
        span = target - baseline
        span = np.where(span != 0, span, np.nan)
        progress = np.where(
            is_sum, current / np.where(target != 0, target, np.nan), (current - baseline) / span
        )

        expected = elapsed_share(goals["start"], goals["end"], today)
        pace = progress / np.where(expected > 0, expected, np.nan)

        # Forecast at End: a sum extrapolates by elapsed time, last/mean follow the
        # least-squares line through the period's actuals (two or more of them).
        start_nat = np.isnat(goals["start"].to_numpy())
        end_nat = np.isnat(goals["end"].to_numpy())
        first, end = day_numbers(goals["start"]), day_numbers(goals["end"])
        x = (day - first[goal]).astype("float64")
        sums = {
            name: np.where(counted, group_sum(goal, column, count_goals), np.nan)
            for name, column in (("x", x), ("y", value), ("xx", x * x), ("xy", x * value))
        }
        n = count.astype("float64")
        denominator = n * sums["xx"] - sums["x"] ** 2
        slope = (n * sums["xy"] - sums["x"] * sums["y"]) / np.where(
            denominator > 0, denominator, np.nan
        )
        intercept = (sums["y"] - slope * sums["x"]) / np.where(n > 0, n, np.nan)
        x_end = np.where(start_nat | end_nat, np.nan, (end - first).astype("float64"))
        line_at_end = intercept + slope * x_end
        trend = np.where((n >= 2) & ~np.isnan(line_at_end), line_at_end, current)
        forecast = np.where(is_sum, current / np.where(expected > 0, expected, np.nan), trend)

    not_started = ~start_nat & (now < first)
    measurable = ~np.isnan(target) & ~start_nat & ~end_nat
    status = np.select(
        [
            not_started,
            ~measurable,
            count == 0,
            progress >= 1,
            ~end_nat & (now > end),
            pace >= 0.9,
            pace >= 0.7,
        ],
        ["not-started", "", "no-data", "achieved", "missed", "on-track", "at-risk"],
        default="off-track",
    ).astype(object)
    # A goal with no status (no valid target or dates) has no status; its problem says why.
    status[status == ""] = None

    running = ~start_nat & ~end_nat & (first <= now) & (now <= end)
    stale = running & counted & (now - newest_day > plan.settings.stale_after_days)

    return pd.DataFrame(
        {
            "id": goals["id"],
            "goal": goals["goal"],
            "metric": goals["metric"],
            "aggregation": aggregation,
            "owner": goals["owner"],
            "baseline": goals["baseline"],
            "target": target,
            "start": goals["start"],
            "end": goals["end"],
            "current": current,
            "progress": progress,
            "expected": expected,
            "pace": pace,
            # object, not the str dtype pandas 3 would infer: None is no status, not NaN.
            "status": pd.Series(status, dtype=object),
            "forecast": forecast,
            "stale": stale.astype(bool),
            "last_actual": newest,
            "actuals_counted": count.astype(int),
            "row": goals["row"],
        },
        columns=KPI_COLUMNS,
    )


def stale_alerts(plan: Plan, kpis: pd.DataFrame, today: dt.date) -> list[Alert]:
    alerts = []
    now = pd.Timestamp(today)
    stale = kpis[kpis["stale"]]
    for gid, metric, last, owner, cell in zip(
        *(stale[c].tolist() for c in ("id", "metric", "last_actual", "owner")),
        cells_of(plan.goals, "metric", stale["row"].tolist()),
        strict=True,
    ):
        alerts.append(
            make_alert(
                "stale-kpi",
                gid,
                t(
                    plan.lang,
                    "stale-kpi",
                    subject=gid,
                    metric=metric if isinstance(metric, str) else gid,
                    last=last.date().isoformat(),
                    days=(now - last).days,
                    limit=plan.settings.stale_after_days,
                ),
                owner,
                cell,
            )
        )
    return alerts

"""KPI status per goal (SPEC §4): current, progress, expected, pace, status, forecast, stale.

Pure and vectorised: the goals and actuals tables in, one row per goal out. Actuals count
when they are dated within [Start, min(End, today)]; later-dated rows are ignored.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from sheetsync.compute.alerts import Alert, make_alert
from sheetsync.compute.periods import elapsed
from sheetsync.i18n import say
from sheetsync.plan import Plan
from sheetsync.plan.schema import norm_key

STATUSES = ("not-started", "no-data", "achieved", "missed", "on-track", "at-risk", "off-track")

KPI_COLUMNS = [
    "id", "goal", "metric", "aggregation", "owner", "baseline", "target", "start", "end",
    "current", "progress", "expected", "pace", "status", "forecast", "stale", "last_actual",
    "actuals_counted", "row",
]  # fmt: skip


def _metric_keys(goals: pd.DataFrame) -> pd.Series:
    """What an Actuals row's Metric must say to count for a goal: its metric, else its ID."""
    metric = goals["metric"].where(goals["metric"].notna(), goals["id"])
    return metric.map(norm_key)


def counted_actuals(goals: pd.DataFrame, actuals: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """Actuals joined to their goals, kept only within [Start, min(End, today)]."""
    keyed_goals = pd.DataFrame(
        {
            "goal_index": goals.index,
            "key": _metric_keys(goals),
            "start": goals["start"],
            "end": goals["end"],
        }
    ).dropna(subset=["key"])
    facts = actuals.loc[
        actuals["date"].notna() & actuals["value"].notna(), ["date", "metric", "value", "row"]
    ]
    facts = facts.assign(key=facts["metric"].map(norm_key))
    joined = facts.merge(keyed_goals, on="key", how="inner")
    now = pd.Timestamp(today)
    upper = joined["end"].where(joined["end"] < now, now)
    inside = (joined["date"] >= joined["start"]) & (joined["date"] <= upper)
    return joined[inside].sort_values(["goal_index", "date", "row"], kind="stable")


def kpi_status(plan: Plan, today: dt.date) -> pd.DataFrame:
    goals = plan.goals.df.reset_index(drop=True)
    facts = counted_actuals(goals, plan.actuals.df, today)
    now = pd.Timestamp(today)

    groups = facts.groupby("goal_index")
    count = groups["value"].size().reindex(goals.index, fill_value=0)
    total = groups["value"].sum().reindex(goals.index)
    mean = groups["value"].mean().reindex(goals.index)
    last = groups["value"].last().reindex(goals.index)
    newest = groups["date"].max().reindex(goals.index)

    aggregation = goals["aggregation"].fillna("last")
    current = np.select([aggregation == "sum", aggregation == "mean"], [total, mean], default=last)
    current = pd.Series(current, index=goals.index, dtype="float64").where(count > 0)

    target = goals["target"].astype("float64")
    baseline = goals["baseline"].astype("float64").fillna(0.0)
    is_sum = aggregation == "sum"
    span = (target - baseline).where(lambda s: s != 0)
    progress = (current / target.where(target != 0)).where(is_sum, (current - baseline) / span)

    expected = elapsed(goals["start"], goals["end"], today)
    pace = progress / expected.where(expected > 0)

    # Forecast at End: a sum extrapolates by elapsed time, last/mean follow the
    # least-squares line through the period's actuals (two or more of them).
    x = (facts["date"] - facts["start"]).dt.days.astype("float64")
    y = facts["value"].astype("float64")
    sums = pd.DataFrame({"g": facts["goal_index"], "x": x, "y": y, "xx": x * x, "xy": x * y})
    sums = sums.groupby("g")[["x", "y", "xx", "xy"]].sum().reindex(goals.index)
    n = count.astype("float64")
    denominator = n * sums["xx"] - sums["x"] ** 2
    slope = (n * sums["xy"] - sums["x"] * sums["y"]) / denominator.where(denominator > 0)
    intercept = (sums["y"] - slope * sums["x"]) / n.where(n > 0)
    x_end = (goals["end"] - goals["start"]).dt.days.astype("float64")
    line_at_end = intercept + slope * x_end
    trend = line_at_end.where((n >= 2) & line_at_end.notna(), current)
    forecast = (current / expected.where(expected > 0)).where(is_sum, trend)

    not_started = goals["start"].notna() & (now < goals["start"])
    measurable = target.notna() & goals["start"].notna() & goals["end"].notna()
    status = pd.Series(
        np.select(
            [
                not_started,
                ~measurable,
                count == 0,
                progress >= 1,
                now > goals["end"],
                pace >= 0.9,
                pace >= 0.7,
            ],
            ["not-started", "", "no-data", "achieved", "missed", "on-track", "at-risk"],
            default="off-track",
        ),
        index=goals.index,
        dtype=object,
    )
    # A goal with no valid target or dates has no status; its problem says why.
    status = status.where(status != "", None)

    running = (goals["start"] <= now) & (now <= goals["end"])
    stale_after = plan.settings.stale_after_days
    age = (now - newest).dt.days
    stale = running & newest.notna() & (age > stale_after)

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
            "status": status,
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
    for goal in kpis[kpis["stale"]].itertuples():
        alerts.append(
            make_alert(
                "stale-kpi",
                goal.id,
                say(
                    plan.lang,
                    "stale-kpi",
                    subject=goal.id,
                    metric=goal.metric if isinstance(goal.metric, str) else goal.id,
                    last=goal.last_actual.date().isoformat(),
                    days=(now - goal.last_actual).days,
                    limit=plan.settings.stale_after_days,
                ),
                goal.owner,
                plan.goals.cell("metric", goal.row),
            )
        )
    return alerts

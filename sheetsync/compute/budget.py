"""Budget planning and pacing (SPEC §4 Budget): the plan summary, each activity's pacing, the
spend-against-plan curve, and the planning alerts `over-limit`, `underfunded`, `over-budget`.

Pure and vectorised over the spend log. Spend counts when it has an amount and is dated on or
before today; spend on an activity ID the plan does not know still counts in the plan's spent.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from sheetsync.compute.alerts import Alert, make_alert
from sheetsync.compute.figures import number_or_none
from sheetsync.compute.periods import elapsed
from sheetsync.i18n import money, say, spend_rows
from sheetsync.plan import Plan
from sheetsync.plan.schema import norm_key

STOPPED = ("paused", "done", "cancelled")

ACTIVITY_COLUMNS = [
    "id", "activity", "channel", "owner", "goals", "activity_status", "start", "end",
    "status", "planned", "spent", "remaining", "expected_to_date", "pace", "projected",
    "spend_rows", "row",
]  # fmt: skip

# The spend-against-plan chart covers the plan's weeks, but a typo'd year must not make it
# thousands of weeks long: at most two years back and one year ahead of today.
WEEKS_BACK, WEEKS_AHEAD = 104, 52


def _goal_keys(ids: object) -> list[str]:
    """The distinct goals an activity serves, as matching keys (an empty cell serves none)."""
    if not isinstance(ids, tuple | list):
        return []
    return list(dict.fromkeys(k for k in map(norm_key, ids) if k))


def spend_ledger(plan: Plan, today: dt.date) -> pd.DataFrame:
    """The spend rows that count (an amount, dated ≤ today), each with `act`: the position of
    its activity in the Activities table, or -1 for an ID the plan does not know (or none)."""
    spend = plan.spend.df
    now = pd.Timestamp(today)
    keep = spend["date"].notna() & (spend["date"] <= now) & spend["amount"].notna()
    ledger = spend.loc[keep, ["date", "activity", "amount", "results", "row"]].copy()
    ledger["amount"] = ledger["amount"].astype("float64")
    ledger["results"] = pd.to_numeric(ledger["results"], errors="coerce").astype("float64")
    # IDs match as the plan's IDs do (trimmed, case-insensitive): normalise each distinct
    # typed ID once, not each spend row.
    keys = plan.activities.df["id"].map(norm_key).tolist()
    position = {key: i for i, key in enumerate(keys) if key is not None}
    codes, typed = pd.factorize(ledger["activity"], use_na_sentinel=True)
    act_of = np.array([position.get(norm_key(t), -1) for t in typed] + [-1], dtype="int64")
    ledger["act"] = act_of[codes]  # code -1 (no activity typed) takes the trailing -1
    # One integer per activity and day, for grouping by both at the speed of one key.
    day = ledger["date"].to_numpy("datetime64[D]").astype("int64")
    ledger["act_day"] = (ledger["act"].to_numpy() << 32) + (day + 2**31)
    return ledger.reset_index(drop=True)


def _undated_notes(plan: Plan, currency: str) -> list[str]:
    """Spend with an amount but no date cannot be placed in time: say so, once."""
    spend = plan.spend.df
    undated = spend[spend["date"].isna() & spend["amount"].notna()]
    if undated.empty:
        return []
    return [
        say(
            plan.lang,
            "undated-spend",
            rows=spend_rows(plan.lang, len(undated)),
            total=money(plan.lang, float(undated["amount"].sum()), currency),
            cell=plan.spend.cell("date", int(undated["row"].min())),
        )
    ]


def activity_pacing(plan: Plan, today: dt.date, ledger: pd.DataFrame) -> pd.DataFrame:
    """One row per activity: planned, spent to date, remaining, expected to date, pace, budget
    status and projected spend at its end. An activity with no budget or no dates gets nulls
    (and no status where none can be judged); it is the checklist's business to flag it."""
    acts = plan.activities.df.reset_index(drop=True)
    positions = pd.RangeIndex(len(acts))
    own = ledger[ledger["act"] >= 0]
    by_act = own.groupby("act")["amount"]
    spent = by_act.sum().reindex(positions, fill_value=0.0).astype("float64")
    rows = by_act.size().reindex(positions, fill_value=0).astype("int64")

    planned = acts["budget"].astype("float64")
    share = elapsed(acts["start"], acts["end"], today).reset_index(drop=True)
    expected = planned * share
    remaining = planned - spent
    pace = spent / expected.where(expected > 0)
    state = acts["status"]  # the plan's own status: planned, active, paused, done, cancelled

    status = pd.Series(
        np.select(
            [
                spent > planned,
                spent > 1.1 * expected,
                (state == "active") & (spent < 0.9 * expected),
                expected.notna(),
            ],
            ["over-budget", "overspending", "underspending", "on-pace"],
            default="",
        ),
        index=positions,
        dtype=object,
    )
    # No budget, or no dates to pace against: nothing to judge, so no status.
    status = status.where(status != "", None)

    # At the end: a stopped activity spends no more; a running one keeps its rate so far;
    # one not yet started is expected to spend its plan.
    stopped = state.isin(STOPPED)
    projected = pd.Series(
        np.select(
            [stopped, share > 0, share == 0],
            [spent, spent / share.where(share > 0), np.fmax(planned, spent)],
            default=np.nan,
        ),
        index=positions,
        dtype="float64",
    )

    return pd.DataFrame(
        {
            "id": acts["id"],
            "activity": acts["activity"],
            "channel": acts["channel"],
            "owner": acts["owner"],
            "goals": acts["goal"],
            "activity_status": state,
            "start": acts["start"],
            "end": acts["end"],
            "status": status,
            "planned": planned,
            "spent": spent,
            "remaining": remaining,
            "expected_to_date": expected,
            "pace": pace,
            "projected": projected,
            "spend_rows": rows,
            "row": acts["row"],
        },
        columns=ACTIVITY_COLUMNS,
    )


def goal_funding(plan: Plan) -> pd.DataFrame:
    """Top-down, per goal: required = |target − baseline| × cost per result (no baseline is
    0); carried = the goal's share of its activities' budgets (split equally among the goals
    an activity serves); gap = what must still be found (0 when covered)."""
    goals = plan.goals.df.reset_index(drop=True)
    acts = plan.activities.df
    target = goals["target"].astype("float64")
    baseline = goals["baseline"].astype("float64").fillna(0.0)
    required = (target - baseline).abs() * goals["cost_per_result"].astype("float64")

    served = acts["goal"].map(_goal_keys)
    links = pd.DataFrame({"goal_key": served, "budget": acts["budget"].astype("float64")})
    links["share"] = links["budget"].fillna(0.0) / served.map(len).where(served.map(len) > 0)
    links = links.explode("goal_key").dropna(subset=["goal_key"])
    carried_by_key = links.groupby("goal_key")["share"].sum()
    carried = goals["id"].map(norm_key).map(carried_by_key).fillna(0.0).astype("float64")
    gap = (required - carried).clip(lower=0).where(required.notna())
    return pd.DataFrame(
        {
            "goal": goals["id"],
            "target": target,
            "baseline": baseline,
            "cost_per_result": goals["cost_per_result"].astype("float64"),
            "required": required,
            "carried": carried,
            "gap": gap,
            "owner": goals["owner"],
            "row": goals["row"],
        }
    )


def weekly_curve(
    activities: pd.DataFrame, ledger: pd.DataFrame, today: dt.date
) -> list[dict[str, Any]]:
    """Per ISO week, cumulative: the plan's expected spend by the week's Sunday (each
    activity's budget spread evenly over its dates) and the spend logged by then."""
    now = pd.Timestamp(today)
    plannable = activities[
        activities["planned"].notna()
        & activities["start"].notna()
        & activities["end"].notna()
        & (activities["end"] >= activities["start"])
    ]
    firsts = [plannable["start"].min(), ledger["date"].min()]
    lasts = [plannable["end"].max(), now]
    first = min((d for d in firsts if pd.notna(d)), default=None)
    if first is None:
        return []
    last = max(d for d in lasts if pd.notna(d))
    this_monday = now - pd.Timedelta(days=now.weekday())
    first_monday = max(
        first - pd.Timedelta(days=first.weekday()), this_monday - pd.Timedelta(weeks=WEEKS_BACK)
    )
    last_monday = min(
        last - pd.Timedelta(days=last.weekday()), this_monday + pd.Timedelta(weeks=WEEKS_AHEAD)
    )
    mondays = pd.date_range(first_monday, last_monday, freq="7D")
    sundays = (mondays + pd.Timedelta(days=6)).to_numpy("datetime64[D]")

    start = plannable["start"].to_numpy("datetime64[D]")[:, None]
    end = plannable["end"].to_numpy("datetime64[D]")[:, None]
    length = (end - start).astype("int64") + 1
    done = (np.minimum(sundays[None, :], end) - start).astype("int64") + 1
    shares = np.clip(done / length, 0.0, 1.0)
    planned = (plannable["planned"].to_numpy("float64")[:, None] * shares).sum(axis=0)

    dates = ledger["date"].to_numpy("datetime64[D]")
    order = np.argsort(dates, kind="stable")
    cumulative = np.concatenate([[0.0], np.cumsum(ledger["amount"].to_numpy("float64")[order])])
    spent = cumulative[np.searchsorted(dates[order], sundays, side="right")]

    iso = mondays.isocalendar()
    return [
        {
            "week": f"{year}-W{week:02d}",
            "planned_cumulative": float(plan_sum),
            "spent_cumulative": float(spent_sum) if monday <= now else None,
        }
        for year, week, monday, plan_sum, spent_sum in zip(
            iso["year"], iso["week"], mondays, planned, spent, strict=True
        )
    ]


def plan_budget(
    plan: Plan, today: dt.date, ledger: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """The per-activity pacing table and the plan's budget summary (the `--json` keys).

    Besides the SPEC's keys the summary carries the figures tabs and reports show, so they
    only lay them out: `plan_total` (the limit, else what is allocated), `share_of_plan`
    (spent ÷ plan_total), `expected_to_date` (Σ activities' expected spend by today, None
    when none can be paced) and, top-down, `carried` (Σ what the activities carry to goals).
    """
    if ledger is None:
        ledger = spend_ledger(plan, today)
    settings = plan.settings
    activities = activity_pacing(plan, today, ledger)
    mode = settings.budget_mode
    limit = settings.budget_limit
    allocated = float(activities["planned"].sum())
    spent = float(ledger["amount"].sum())

    unallocated = None
    if limit is not None and mode != "top-down":
        unallocated = limit - allocated
    required = gap = carried = None
    goals: list[dict[str, Any]] = []
    if mode == "top-down":
        funding = goal_funding(plan)
        goals = [
            {
                "goal": g.goal,
                "required": number_or_none(g.required),
                "carried": g.carried,
                "gap": number_or_none(g.gap),
            }
            for g in funding.itertuples()
        ]
        carried = float(funding["carried"].sum())
        if funding["required"].notna().any():
            required = float(funding["required"].sum())
            gap = float(funding["gap"].sum())

    plan_total = limit if limit is not None else allocated
    expected = activities["expected_to_date"]
    last_spend = ledger["date"].max() if len(ledger) else None
    no_results = ledger.loc[ledger["results"] == 0, "amount"].sum()
    budget = {
        "mode": mode,
        "limit": limit,
        "allocated": allocated,
        "unallocated": unallocated,
        "required": required,
        "spent": spent,
        "gap": gap,
        "carried": carried,
        "plan_total": plan_total,
        "share_of_plan": spent / plan_total if plan_total else None,
        "expected_to_date": float(expected.sum()) if expected.notna().any() else None,
        "currency": settings.currency,
        "goals": goals,
        "controller": settings.budget_controller,
        "control_method": settings.control_method,
        "check_every": settings.check_every,
        "last_spend": last_spend.date().isoformat() if last_spend is not None else None,
        "no_results_share": float(no_results / spent) if spent > 0 else None,
        "weekly": weekly_curve(activities, ledger, today),
        "notes": _undated_notes(plan, settings.currency),
    }
    return activities, budget


def budget_alerts(plan: Plan, activities: pd.DataFrame, budget: dict[str, Any]) -> list[Alert]:
    """`over-limit` (bottom-up plan above its limit), `underfunded` goals (top-down) and
    `over-budget` activities."""
    lang, currency = plan.lang, plan.settings.currency
    cash = lambda amount: money(lang, float(amount), currency)  # noqa: E731
    alerts: list[Alert] = []
    unallocated = budget["unallocated"]
    if unallocated is not None and unallocated < 0:
        alerts.append(
            make_alert(
                "over-limit",
                "budget",
                say(
                    lang,
                    "over-limit",
                    allocated=cash(budget["allocated"]),
                    limit=cash(budget["limit"]),
                    excess=cash(-unallocated),
                ),
                plan.settings.budget_controller,
                plan.settings.cells.get("budget_limit"),
            )
        )
    if budget["mode"] == "top-down":
        # The summary's goals are the Goals tab's rows, in order: their cells and owners.
        funding = plan.goals.df.reset_index(drop=True).assign(
            required=pd.to_numeric([g["required"] for g in budget["goals"]], errors="coerce"),
            carried=[g["carried"] for g in budget["goals"]],
            gap=pd.to_numeric([g["gap"] for g in budget["goals"]], errors="coerce"),
        )
        funding["baseline"] = funding["baseline"].fillna(0.0)
        short = funding[funding["required"].notna() & (funding["carried"] < funding["required"])]
        for goal in short.itertuples():
            alerts.append(
                make_alert(
                    "underfunded",
                    goal.id,
                    say(
                        lang,
                        "underfunded",
                        subject=goal.id,
                        required=cash(goal.required),
                        target=f"{goal.target:g}",
                        baseline=f"{goal.baseline:g}",
                        cost=cash(goal.cost_per_result),
                        carried=cash(goal.carried),
                        gap=cash(goal.gap),
                    ),
                    goal.owner,
                    plan.goals.cell("cost_per_result", goal.row),
                )
            )
    for act in activities[activities["status"] == "over-budget"].itertuples():
        alerts.append(
            make_alert(
                "over-budget",
                act.id,
                say(
                    lang,
                    "over-budget",
                    subject=act.id,
                    spent=cash(act.spent),
                    planned=cash(act.planned),
                    excess=cash(act.spent - act.planned),
                ),
                act.owner,
                plan.activities.cell("budget", act.row),
            )
        )
    return alerts

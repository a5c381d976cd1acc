"""Budget planning and pacing (docs/budget.md): the plan summary, each activity's pacing, the
spend-against-plan curve, and the planning alerts `over-limit`, `underfunded`, `over-budget`.

Pure and vectorised over the spend log. Spend counts when it has an amount and is dated on or
before today; spend on an activity ID the plan does not know still counts in the plan's spent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from sheetsync.compute import reconcile
from sheetsync.compute.alerts import Alert, cells_of, make_alert
from sheetsync.compute.figures import number_or_none
from sheetsync.compute.grouping import (
    day_date,
    day_number,
    day_numbers,
    group_size,
    group_sum,
    in_day_order,
)
from sheetsync.compute.periods import elapsed_share
from sheetsync.i18n import money, spend_rows, t
from sheetsync.plan import Plan
from sheetsync.plan.schema import norm_key


@dataclass(frozen=True)
class GoalFunding:
    """Top-down: what a goal needs (|target − baseline| × cost per result), what its
    activities carry to it, and the gap between."""

    goal: str
    required: float | None
    carried: float
    gap: float | None


@dataclass(frozen=True)
class WeekSpend:
    """One ISO week of the spend-vs-plan curve, cumulative by its Sunday."""

    week: str  # 2026-W48
    planned_cumulative: float
    spent_cumulative: float | None  # None for a week still to come


@dataclass(frozen=True)
class BudgetSummary:
    """The plan's budget: the `--json` keys (mode, limit, allocated, unallocated, required,
    spent) and the figures the tabs and reports show beside them."""

    mode: str | None
    limit: float | None
    allocated: float
    unallocated: float | None  # limit − allocated, bottom-up with a limit
    required: float | None  # top-down: Σ what the goals need
    spent: float
    gap: float | None  # top-down: Σ what is still to be found
    carried: float | None  # top-down: Σ what the activities carry to goals
    plan_total: float  # the limit, else what is allocated
    share_of_plan: float | None  # spent ÷ plan_total
    expected_to_date: float | None  # Σ activities' expected spend by today
    currency: str | None
    goals: tuple[GoalFunding, ...]
    controller: str | None
    control_method: str | None
    check_every: str | None
    last_spend: str | None  # ISO date of the newest spend counted
    no_results_share: float | None  # share of spend that brought 0 results
    weekly: tuple[WeekSpend, ...]
    notes: tuple[str, ...]  # sentences for the Budget Control tab

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


STOPPED = ("paused", "done", "cancelled")

ACTIVITY_COLUMNS = [
    "id", "activity", "channel", "owner", "goals", "activity_status", "start", "end",
    "status", "planned", "spent", "remaining", "expected_to_date", "pace", "projected",
    "spend_rows", "row", "typed_spent", "imported_spent",
]  # fmt: skip

# The spend-against-plan chart covers the plan's weeks, but a typo'd year must not make it
# thousands of weeks long: at most two years back and one year ahead of today.
WEEKS_BACK, WEEKS_AHEAD = 104, 52


def _goal_keys(ids: object, norms: dict[str, str | None]) -> list[str]:
    """The distinct goals an activity serves, as matching keys (an empty cell serves none).
    `norms` keeps each goal ID's key: the same few IDs recur across a thousand activities."""
    if not isinstance(ids, tuple | list):
        return []
    keys = (norms[i] if i in norms else norms.setdefault(i, norm_key(i)) for i in ids)
    return list(dict.fromkeys(k for k in keys if k))


def spend_ledger(plan: Plan, today: dt.date) -> pd.DataFrame:
    """The spend every rule counts: the typed Spend tab's rows, and the rows imported from
    the ad cabinets as the Spend source setting says (`compute.reconcile`)."""
    typed = typed_ledger(plan, today)
    if plan.imported.df.empty:
        return typed
    return reconcile.counted_ledger(plan, today, typed)


def typed_ledger(plan: Plan, today: dt.date) -> pd.DataFrame:
    """The Spend tab's rows that count (an amount, dated ≤ today), in sheet order, each with
    `act`: the position of its activity in the Activities table, or -1 for an ID the plan
    does not know (or none), `day`: its date's day number (`compute.grouping`), and
    `imported`: False (rows from the ad cabinets are True)."""
    spend = plan.spend.df
    dates = spend["date"].to_numpy()
    amount = spend["amount"].to_numpy("float64")
    keep = ~np.isnat(dates) & (dates <= np.datetime64(today)) & ~np.isnan(amount)
    results = spend["results"]
    if results.dtype != "float64":
        results = pd.to_numeric(results, errors="coerce")
    # IDs match as the plan's IDs do (trimmed, case-insensitive): normalise each distinct
    # typed ID once, not each spend row.
    ids = plan.activities.df["id"].tolist()
    keys = [norm_key(i) for i in ids]
    position = {key: i for i, key in enumerate(keys) if key is not None}
    # Most spend rows type an ID exactly as the Activities tab does: those need no norm_key.
    exact = {
        typed: i for i, (typed, key) in enumerate(zip(ids, keys, strict=True)) if key is not None
    }
    activity = spend["activity"].to_numpy(object)
    codes, typed = pd.factorize(activity, use_na_sentinel=True)
    act_of = np.array(
        [exact[t] if t in exact else position.get(norm_key(t), -1) for t in typed] + [-1],
        dtype="int64",
    )
    act = act_of[codes[keep]]  # code -1 (no activity typed) takes the trailing -1
    return pd.DataFrame(
        {
            "date": dates[keep],
            # object, as typed: pandas 3 would otherwise infer (and check) a str column.
            "activity": pd.Series(activity[keep], dtype=object, copy=False),
            "amount": amount[keep],
            "results": results.to_numpy("float64")[keep],
            "row": spend["row"].to_numpy("int64")[keep],
            "act": act,
            "day": day_numbers(dates[keep]),
            "imported": np.zeros(int(keep.sum()), dtype=bool),
        },
        copy=False,  # every column is a fresh array: no need to copy them once more
    )


def _undated_notes(plan: Plan, currency: str) -> list[str]:
    """Spend with an amount but no date cannot be placed in time: say so, once."""
    spend = plan.spend.df
    amount = spend["amount"].to_numpy("float64")
    undated = np.isnat(spend["date"].to_numpy()) & ~np.isnan(amount)
    if not undated.any():
        return []
    return [
        t(
            plan.lang,
            "undated-spend",
            rows=spend_rows(plan.lang, int(undated.sum())),
            total=money(plan.lang, float(amount[undated].sum()), currency),
            cell=plan.spend.cell("date", int(spend["row"].to_numpy()[undated].min())),
        )
    ]


def activity_pacing(plan: Plan, today: dt.date, ledger: pd.DataFrame) -> pd.DataFrame:
    """One row per activity: planned, spent to date, remaining, expected to date, pace, budget
    status and projected spend at its end. An activity with no budget or no dates gets nulls
    (and no status where none can be judged); it is the checklist's business to flag it."""
    acts = plan.activities.df.reset_index(drop=True)
    count = len(acts)
    act = ledger["act"].to_numpy("int64")
    spent = group_sum(act, ledger["amount"].to_numpy("float64"), count)
    rows = group_size(act, count)

    # Typed and imported spend side by side, whichever of them counts (Budget Control).
    if plan.imported.df.empty:
        typed_spent = spent.copy()
        imported_spent = np.full(count, np.nan)  # nothing imported yet: no column shown
    else:
        typed_spent, imported_spent = reconcile.spent_by_source(
            plan, today, typed_ledger(plan, today)
        )
    planned = acts["budget"].to_numpy("float64")
    share = elapsed_share(acts["start"], acts["end"], today)
    state = acts["status"].to_numpy(object)  # the plan's own status: planned, active, …
    active = np.array([s == "active" for s in state], dtype=bool)
    stopped = np.array([s in STOPPED for s in state], dtype=bool)
    # Sums near 1e308 overflow to inf: a figure shown as "—", not a warning in cron mail
    # (pandas, which did this arithmetic before, keeps numpy quiet the same way).
    with np.errstate(all="ignore"):
        expected = planned * share
        remaining = planned - spent
        pace = spent / np.where(expected > 0, expected, np.nan)
        status = np.select(
            [
                spent > planned,
                spent > 1.1 * expected,
                active & (spent < 0.9 * expected),
                ~np.isnan(expected),
            ],
            ["over-budget", "overspending", "underspending", "on-pace"],
            default="",
        ).astype(object)
        # At the end: a stopped activity spends no more; a running one keeps its rate so far;
        # one not yet started is expected to spend its plan.
        projected = np.select(
            [stopped, share > 0, share == 0],
            [spent, spent / np.where(share > 0, share, np.nan), np.fmax(planned, spent)],
            default=np.nan,
        ).astype("float64")
    # No budget, or no dates to pace against: nothing to judge, so no status.
    status[status == ""] = None

    return pd.DataFrame(
        {
            "id": acts["id"],
            "activity": acts["activity"],
            "channel": acts["channel"],
            "owner": acts["owner"],
            "goals": acts["goal"],
            "activity_status": acts["status"],
            "start": acts["start"],
            "end": acts["end"],
            # object, not the str dtype pandas 3 would infer: None is no status, not NaN.
            "status": pd.Series(status, dtype=object),
            "planned": planned,
            "spent": spent,
            "remaining": remaining,
            "expected_to_date": expected,
            "pace": pace,
            "projected": projected,
            "spend_rows": rows,
            "row": acts["row"],
            "typed_spent": typed_spent,
            "imported_spent": imported_spent,
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

    # One link per (activity, goal it serves), in plan order, carrying an equal share of the
    # activity's budget; a goal carries the sum of its links' shares.
    link_keys: list[str] = []
    link_shares: list[float] = []
    norms: dict[str, str | None] = {}
    for keys, budget in zip(
        (_goal_keys(ids, norms) for ids in acts["goal"].tolist()),
        acts["budget"].to_numpy("float64").tolist(),
        strict=True,
    ):
        if keys:
            link_keys += keys
            link_shares += [(0.0 if budget != budget else budget) / len(keys)] * len(keys)
    codes, linked = pd.factorize(np.array(link_keys, dtype=object))
    sums = group_sum(codes, np.array(link_shares, dtype="float64"), len(linked))
    carried_by_key = dict(zip(linked.tolist(), sums.tolist(), strict=True))
    carried = pd.Series(
        [carried_by_key.get(norm_key(gid), 0.0) for gid in goals["id"].tolist()],
        index=goals.index,
        dtype="float64",
    )
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


def _monday(day: int) -> int:
    """The Monday of a day's ISO week, both as days since 1970-01-01 (a Thursday)."""
    return day - (day + 3) % 7


def weekly_curve(
    activities: pd.DataFrame, ledger: pd.DataFrame, today: dt.date
) -> tuple[WeekSpend, ...]:
    """Per ISO week, cumulative: the plan's expected spend by the week's Sunday (each
    activity's budget spread evenly over its dates) and the spend logged by then."""
    planned_all = activities["planned"].to_numpy("float64")
    starts = day_numbers(activities["start"])
    ends = day_numbers(activities["end"])
    dated = ~np.isnat(activities["start"].to_numpy()) & ~np.isnat(activities["end"].to_numpy())
    plannable = ~np.isnan(planned_all) & dated & (ends >= starts)
    start, end = starts[plannable], ends[plannable]
    days = ledger["day"].to_numpy("int64")
    now = day_number(today)

    firsts = [int(d.min()) for d in (start, days) if d.size]
    if not firsts:
        return ()
    first, last = min(firsts), max([int(end.max()), now] if end.size else [now])
    this_monday = _monday(now)
    first_monday = max(_monday(first), this_monday - 7 * WEEKS_BACK)
    last_monday = min(_monday(last), this_monday + 7 * WEEKS_AHEAD)
    mondays = np.arange(first_monday, last_monday + 1, 7, dtype="int64")
    sundays = mondays + 6

    length = (end - start)[:, None] + 1
    done = np.minimum(sundays[None, :], end[:, None]) - start[:, None] + 1
    shares = np.clip(done / length, 0.0, 1.0)
    # Spend logged by each Sunday: a running total in date order (the sheet's order within a
    # day), read off where each Sunday ends.
    order = in_day_order(days)
    with np.errstate(all="ignore"):  # an overflow is inf, shown as "—"
        planned = (planned_all[plannable][:, None] * shares).sum(axis=0)
        spent_so_far = np.cumsum(ledger["amount"].to_numpy("float64")[order])
    cumulative = np.concatenate([[0.0], spent_so_far])
    spent = cumulative[np.searchsorted(days[order], sundays, side="right")]

    return tuple(
        WeekSpend(
            week="{}-W{:02d}".format(*day_date(monday).isocalendar()),
            planned_cumulative=float(plan_sum),
            spent_cumulative=float(spent_sum) if monday <= now else None,
        )
        for monday, plan_sum, spent_sum in zip(mondays.tolist(), planned, spent, strict=True)
    )


def plan_budget(
    plan: Plan, today: dt.date, ledger: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, BudgetSummary]:
    """The per-activity pacing table and the plan's budget summary."""
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
    goals: tuple[GoalFunding, ...] = ()
    if mode == "top-down":
        funding = goal_funding(plan)
        goals = tuple(
            GoalFunding(
                goal=g.goal,
                required=number_or_none(g.required),
                carried=g.carried,
                gap=number_or_none(g.gap),
            )
            for g in funding.itertuples()
        )
        carried = float(funding["carried"].sum())
        if funding["required"].notna().any():
            required = float(funding["required"].sum())
            gap = float(funding["gap"].sum())

    plan_total = limit if limit is not None else allocated
    expected = activities["expected_to_date"]
    last_spend = ledger["day"].max() if len(ledger) else None
    with np.errstate(all="ignore"):  # an overflow is inf, shown as "—"
        no_results = ledger["amount"].to_numpy()[ledger["results"].to_numpy() == 0].sum()
    budget = BudgetSummary(
        mode=mode,
        limit=limit,
        allocated=allocated,
        unallocated=unallocated,
        required=required,
        spent=spent,
        gap=gap,
        carried=carried,
        plan_total=plan_total,
        share_of_plan=spent / plan_total if plan_total else None,
        expected_to_date=float(expected.sum()) if expected.notna().any() else None,
        currency=settings.currency,
        goals=goals,
        controller=settings.budget_controller,
        control_method=settings.control_method,
        check_every=settings.check_every,
        last_spend=day_date(last_spend).isoformat() if last_spend is not None else None,
        no_results_share=float(no_results / spent) if spent > 0 else None,
        weekly=weekly_curve(activities, ledger, today),
        notes=tuple(_undated_notes(plan, settings.currency)),
    )
    return activities, budget


def budget_alerts(plan: Plan, activities: pd.DataFrame, budget: BudgetSummary) -> list[Alert]:
    """`over-limit` (bottom-up plan above its limit), `underfunded` goals (top-down) and
    `over-budget` activities."""
    lang, currency = plan.lang, plan.settings.currency
    cash = lambda amount: money(lang, float(amount), currency)  # noqa: E731
    alerts: list[Alert] = []
    unallocated = budget.unallocated
    if unallocated is not None and unallocated < 0:
        alerts.append(
            make_alert(
                "over-limit",
                "budget",
                t(
                    lang,
                    "over-limit",
                    allocated=cash(budget.allocated),
                    limit=cash(budget.limit),
                    excess=cash(-unallocated),
                ),
                plan.settings.budget_controller,
                plan.settings.cells.get("budget_limit"),
                amount=-unallocated,
            )
        )
    summary = budget.goals
    # Most plans fund every goal: look before building the table the alerts read.
    short_of = np.array([g.required for g in summary], dtype="float64")  # None: NaN
    carried = np.array([g.carried for g in summary], dtype="float64")
    if budget.mode == "top-down" and (carried < short_of).any():  # NaN is never short
        # The summary's goals are the Goals tab's rows, in order: their cells and owners.
        funding = plan.goals.df.reset_index(drop=True).assign(
            required=pd.to_numeric([g.required for g in summary], errors="coerce"),
            carried=[g.carried for g in summary],
            gap=pd.to_numeric([g.gap for g in summary], errors="coerce"),
        )
        funding["baseline"] = funding["baseline"].fillna(0.0)
        short = funding[funding["required"].notna() & (funding["carried"] < funding["required"])]
        for goal in short.itertuples():
            alerts.append(
                make_alert(
                    "underfunded",
                    goal.id,
                    t(
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
    over = (activities["status"] == "over-budget").to_numpy()
    sentence = partial(t, lang, "over-budget")  # hundreds of alerts on a big plan
    for aid, owner, spent, planned, cell in zip(
        *(activities[c].to_numpy()[over].tolist() for c in ("id", "owner")),
        *(activities[c].to_numpy("float64")[over].tolist() for c in ("spent", "planned")),
        cells_of(plan.activities, "budget", activities["row"].to_numpy()[over].tolist()),
        strict=True,
    ):
        alerts.append(
            make_alert(
                "over-budget",
                aid,
                sentence(
                    subject=aid,
                    spent=money(lang, spent, currency),
                    planned=money(lang, planned, currency),
                    excess=money(lang, spent - planned, currency),
                ),
                owner,
                cell,
                amount=spent - planned,
            )
        )
    return alerts

"""Pure computation: `compute(plan, today) -> Results`. No I/O, no clock, no globals.

One module per concern (kpi, budget, coverage, checklist, owners); this module only calls
them in order and gathers their alerts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from sheetsync.compute import budget, checklist, coverage, kpi, owners, reconcile, spend_alerts
from sheetsync.compute.alerts import Alert, sort_alerts
from sheetsync.compute.budget import BudgetSummary
from sheetsync.compute.checklist import Checklist
from sheetsync.compute.lifecycle import Acknowledgement, KeyRecord, Lifecycle, lifecycle
from sheetsync.compute.owners import Unowned
from sheetsync.plan import Plan


@dataclass(frozen=True)
class Results:
    """Everything compute() worked out for one plan and day, complete once built."""

    today: dt.date
    plan: Plan
    kpis: pd.DataFrame  # KPI status per goal
    activities: pd.DataFrame  # budget pacing per activity
    budget: BudgetSummary
    alerts: list[Alert]  # most severe first
    checklist: Checklist
    owners: pd.DataFrame  # the owners board, one row per person
    unowned: Unowned  # goals and live activities nobody owns
    # Each alert's key and state (new, worse, ongoing, acknowledged), the ones resolved today.
    lifecycle: Lifecycle


@dataclass
class AlertMemory:
    """What a run knows of alerts before today: history's record of every key, and the
    acknowledgements people typed in the Alerts tab, by key."""

    remembered: dict[str, KeyRecord] = field(default_factory=dict)
    acknowledged: dict[str, Acknowledgement] = field(default_factory=dict)


def compute(plan: Plan, today: dt.date, memory: AlertMemory | None = None) -> Results:
    kpis = kpi.kpi_status(plan, today)
    alerts: list[Alert] = kpi.stale_alerts(plan, kpis, today)
    typed = budget.typed_ledger(plan, today)
    imported = not plan.imported.df.empty
    # The spend every rule counts: typed, imported from the ad cabinets, or both.
    ledger = reconcile.counted_ledger(plan, today, typed) if imported else typed
    activities, summary = budget.plan_budget(plan, today, ledger)
    alerts += budget.budget_alerts(plan, activities, summary)
    alerts += spend_alerts.spend_alerts(plan, today, ledger)
    if imported:
        alerts += reconcile.unknown_campaign_alerts(plan, today)
        alerts += reconcile.mismatch_alerts(plan, today, typed)
    # Coverage, the checklist and the owners board ask the same questions of the plan.
    cover = coverage.coverage_of(plan)
    alerts += coverage.coverage_alerts(plan, cover)
    alerts = sort_alerts(alerts)
    memory = memory or AlertMemory()
    return Results(
        today=today,
        plan=plan,
        kpis=kpis,
        activities=activities,
        budget=summary,
        alerts=alerts,
        # The checklist reads the budget and the spend alerts; the owners board counts
        # every alert.
        checklist=checklist.score_checklist(plan, kpis, summary, alerts, cover),
        owners=owners.owners_board(plan, kpis, alerts, cover),
        unowned=owners.unowned(plan, cover),
        lifecycle=lifecycle(alerts, today, memory.remembered, memory.acknowledged),
    )

"""Pure computation: `compute(plan, today) -> Results`. No I/O, no clock, no globals.

One module per concern (kpi, budget, coverage, checklist, owners); this module only calls
them in order and gathers their alerts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from sheetsync.compute import budget, checklist, coverage, kpi, owners, reconcile, spend_alerts
from sheetsync.compute.alerts import Alert, sort_alerts
from sheetsync.compute.checklist import Checklist
from sheetsync.compute.lifecycle import Acknowledgement, KeyRecord, Lifecycle, lifecycle
from sheetsync.plan import Plan


@dataclass
class Results:
    today: dt.date
    plan: Plan
    kpis: pd.DataFrame
    alerts: list[Alert] = field(default_factory=list)
    # Set by compute(), every one: None only while it is still computing them.
    activities: pd.DataFrame | None = None  # budget pacing per activity
    budget: dict[str, Any] | None = None  # plan summary: mode, limit, allocated, …
    checklist: Checklist | None = None
    owners: pd.DataFrame | None = None
    extras: dict[str, Any] = field(default_factory=dict)  # figures a tab or report needs
    # Each alert's key and state (new, worse, ongoing, acknowledged), the ones resolved today.
    lifecycle: Lifecycle | None = None


@dataclass
class AlertMemory:
    """What a run knows of alerts before today: history's record of every key, and the
    acknowledgements people typed in the Alerts tab, by key."""

    remembered: dict[str, KeyRecord] = field(default_factory=dict)
    acknowledged: dict[str, Acknowledgement] = field(default_factory=dict)


def compute(plan: Plan, today: dt.date, memory: AlertMemory | None = None) -> Results:
    results = _compute(plan, today)
    memory = memory or AlertMemory()
    results.lifecycle = lifecycle(results.alerts, today, memory.remembered, memory.acknowledged)
    return results


def _compute(plan: Plan, today: dt.date) -> Results:
    kpis = kpi.kpi_status(plan, today)
    results = Results(today=today, plan=plan, kpis=kpis)
    alerts: list[Alert] = kpi.stale_alerts(plan, kpis, today)
    typed = budget.typed_ledger(plan, today)
    imported = not plan.imported.df.empty
    # The spend every rule counts: typed, imported from the ad cabinets, or both.
    ledger = reconcile.counted_ledger(plan, today, typed) if imported else typed
    results.activities, results.budget = budget.plan_budget(plan, today, ledger)
    alerts += budget.budget_alerts(plan, results.activities, results.budget)
    alerts += spend_alerts.spend_alerts(plan, today, ledger)
    if imported:
        alerts += reconcile.unknown_campaign_alerts(plan, today)
        alerts += reconcile.mismatch_alerts(plan, today, typed)
    # Coverage, the checklist and the owners board ask the same questions of the plan.
    cover = coverage.coverage_of(plan)
    alerts += coverage.coverage_alerts(plan, cover)
    results.alerts = sort_alerts(alerts)
    # The checklist reads the budget and the spend alerts; the owners board counts every
    # alert, so it comes last.
    results.checklist = checklist.score_checklist(results, cover)
    results.owners = owners.owners_board(results, cover)
    results.extras["unowned"] = owners.unowned(results, cover)
    return results

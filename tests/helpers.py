"""Building plans in tests from rows written in the test itself.

`make_plan({"Goals": [[header...], [row...]]})` gives a Plan as if those tabs were read from a
workbook; `results_for(tabs, today)` also computes it.
"""

from __future__ import annotations

import datetime as dt

from sheetsync.compute import Results, compute
from sheetsync.contracts import Grid, WorkbookInfo
from sheetsync.plan import Plan, read_plan


def make_plan(
    tabs: dict[str, list[list]], *, locale: str | None = None, title: str = "Test plan"
) -> Plan:
    grids = {name: Grid([list(r) for r in rows]) for name, rows in tabs.items()}
    info = WorkbookInfo(title=title, tabs=list(tabs), owned={}, locale=locale)
    return read_plan(info, grids)


def results_for(
    tabs: dict[str, list[list]], today: str | dt.date, *, locale: str | None = None
) -> Results:
    day = dt.date.fromisoformat(today) if isinstance(today, str) else today
    return compute(make_plan(tabs, locale=locale), day)


GOALS_HEADER = [
    "ID",
    "Goal",
    "Metric",
    "Aggregation",
    "Baseline",
    "Target",
    "Start",
    "End",
    "Owner",
    "Cost per result",
    "Reward",
    "Penalty",
]
ACTIVITIES_HEADER = [
    "ID",
    "Activity",
    "Goal",
    "Channel",
    "Owner",
    "Start",
    "End",
    "Status",
    "Budget",
    "Daily cap",
    "Expected result",
]
SPEND_HEADER = ["Date", "Activity", "Amount", "Results", "Note"]
ACTUALS_HEADER = ["Date", "Metric", "Value", "Source", "Note"]

# The English example plan's tabs, as a sync on 2026-11-27 leaves them.
DEMO_INPUTS = [
    "Settings",
    "Team",
    "Goals",
    "Actuals",
    "Activities",
    "Spend",
    "Reporting",
    "Checklist",
]
DEMO_OUTPUTS = [
    "KPI Status",
    "Budget Control",
    "Alerts",
    "Checklist Score",
    "Owners",
    "Sync",
    # Report tabs after the fixed outputs, grouped by rule, newest first.
    "Weekly report 2026-W48",
    "Monthly report 2026-11",
]

"""Rendering: Results in, output tabs out. Layout is decided here, never numbers.

`TAB_RENDERERS` lists the plan-level tabs in the order they appear in the workbook; each
takes the Results and returns a tab, or None when the plan has nothing for it. The Sync tab
is rendered apart because it also says what the run itself did.
"""

from __future__ import annotations

from collections.abc import Callable

from sheetsync.compute import Results
from sheetsync.contracts import OutputTab
from sheetsync.render.alerts_tab import render_alerts
from sheetsync.render.budget_tab import render_budget_control
from sheetsync.render.checklist_tab import render_checklist
from sheetsync.render.imported_tab import render_imported
from sheetsync.render.kpi_tab import render_kpi_status
from sheetsync.render.owners_tab import render_owners
from sheetsync.render.sync_tab import render_sync

TAB_RENDERERS: list[Callable[[Results], OutputTab | list[OutputTab] | None]] = [
    render_kpi_status,
    render_budget_control,
    render_alerts,
    render_checklist,
    render_owners,
    render_imported,
]


def render_outputs(results: Results) -> list[OutputTab]:
    """Every plan-level output tab (not Sync), in workbook order."""
    tabs: list[OutputTab] = []
    for renderer in TAB_RENDERERS:
        made = renderer(results)
        if made is None:
            continue
        tabs.extend(made if isinstance(made, list) else [made])
    return tabs


__all__ = ["TAB_RENDERERS", "OutputTab", "render_outputs", "render_sync"]

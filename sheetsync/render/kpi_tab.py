"""The KPI Status tab: one row per goal, statuses coloured, progress against expected charted."""

from __future__ import annotations

import pandas as pd

from sheetsync.compute import Results
from sheetsync.render.layout import ChartRequest, table_tab
from sheetsync.render.model import Cell, OutputTab, cell, value_format
from sheetsync.render.words import STATUS_COLOURS, status_word, tab_title, word


def render_kpi_status(results: Results) -> OutputTab:
    lang = results.plan.lang
    kpis = results.kpis
    raw_targets = (
        results.plan.goals.df.set_index("row")["target_raw"]
        if len(results.plan.goals.df)
        else pd.Series(dtype=object)
    )
    columns = [
        "id",
        "goal",
        "metric",
        "owner",
        "baseline",
        "target",
        "current",
        "progress",
        "expected",
        "pace",
        "status",
        "forecast",
        "stale",
        "last_actual",
        "start",
        "end",
    ]
    body = []
    for goal in kpis.itertuples():
        fmt = value_format(raw_targets.get(goal.row))
        body.append(
            [
                cell(goal.id, bold=True),
                cell(goal.goal),
                cell(goal.metric),
                cell(goal.owner),
                cell(goal.baseline, fmt=fmt),
                cell(goal.target, fmt=fmt),
                cell(goal.current, fmt=fmt),
                cell(goal.progress, fmt="percent"),
                cell(goal.expected, fmt="percent"),
                cell(goal.pace, fmt="percent"),
                Cell(status_word(lang, goal.status), fill=STATUS_COLOURS[goal.status], bold=True),
                cell(goal.forecast, fmt=fmt),
                Cell(word(lang, "yes"), fill="amber") if goal.stale else Cell(word(lang, "no")),
                cell(goal.last_actual, fmt="date"),
                cell(goal.start, fmt="date"),
                cell(goal.end, fmt="date"),
            ]
        )
    return table_tab(
        "kpi-status",
        tab_title(lang, "kpi-status"),
        word(lang, "as_of", plan=results.plan.name, today=results.today.isoformat()),
        [word(lang, c) for c in columns],
        body,
        chart=ChartRequest("column", word(lang, "chart_progress"), 0, (7, 8)),
    )

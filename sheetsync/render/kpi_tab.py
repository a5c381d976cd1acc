"""The KPI Status tab: one row per goal, statuses coloured, progress against expected charted."""

from __future__ import annotations

from sheetsync.compute import Results
from sheetsync.contracts import Cell, OutputTab
from sheetsync.i18n import status_word, t, tab_title
from sheetsync.render.cells import STATUS_COLOURS, cell, cells, date_values, kpi_formats
from sheetsync.render.layout import ChartRequest, table_tab


def render_kpi_status(results: Results) -> OutputTab:
    lang = results.plan.lang
    kpis = results.kpis
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
    # Built column by column: each column's values converted at once.
    fmts = kpi_formats(results.plan.goals.df, kpis)

    def figures(key: str) -> list[Cell]:
        values = kpis[key].tolist()
        if set(map(type, values)) <= {float, type(None)}:  # as cell() makes them: NaN empty
            return [Cell(v if v == v else None, f) for v, f in zip(values, fmts, strict=True)]
        return [cell(v, fmt=f) for v, f in zip(values, fmts, strict=True)]

    status_cells = {
        s: Cell(status_word(lang, s), fill=STATUS_COLOURS[s], bold=True)
        for s in set(kpis["status"].tolist())
    }
    stale = {True: Cell(t(lang, "yes"), fill="amber"), False: Cell(t(lang, "no"))}
    body_columns = [
        cells(kpis["id"].tolist(), bold=True),
        cells(kpis["goal"].tolist()),
        cells(kpis["metric"].tolist()),
        cells(kpis["owner"].tolist()),
        figures("baseline"),
        figures("target"),
        figures("current"),
        cells(kpis["progress"].tolist(), fmt="percent"),
        cells(kpis["expected"].tolist(), fmt="percent"),
        cells(kpis["pace"].tolist(), fmt="percent"),
        [status_cells[s] for s in kpis["status"].tolist()],
        figures("forecast"),
        [stale[bool(s)] for s in kpis["stale"].tolist()],
        cells(date_values(kpis["last_actual"]), fmt="date"),
        cells(date_values(kpis["start"]), fmt="date"),
        cells(date_values(kpis["end"]), fmt="date"),
    ]
    body = [list(row) for row in zip(*body_columns, strict=True)]
    tab = table_tab(
        "kpi-status",
        tab_title(lang, "kpi-status"),
        t(lang, "as_of", plan=results.plan.name, today=results.today.isoformat()),
        [t(lang, c) for c in columns],
        body,
        chart=ChartRequest("column", t(lang, "chart_progress"), 0, (7, 8)),
        autofilter=True,
    )
    tab.active = True  # the tab a workbook opens on, where it can (see the backends)
    return tab

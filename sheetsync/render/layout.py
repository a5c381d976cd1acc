"""The one layout every table tab shares: a title line, a bold header, rows, sensible widths.

Tab modules describe their columns and cells; this module decides where they go, which
rows are frozen, how wide each column is, and where a chart sits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sheetsync.render.model import Cell, Chart, OutputTab

MIN_WIDTH, MAX_WIDTH = 8, 60


@dataclass(frozen=True)
class ChartRequest:
    kind: str
    title: str
    x_col: int
    series_cols: tuple[int, ...]


def _shown_length(c: Cell) -> int:
    if c.value is None:
        return 0
    if isinstance(c.value, float):
        return 12 if c.fmt and c.fmt.startswith("money") else 9
    if isinstance(c.value, dt.date):
        return 10
    text = str(c.value)
    return len(text) if "\n" not in text else max(map(len, text.split("\n")))


def auto_widths(rows: list[list[Cell]], skip: int = 0) -> list[float]:
    """A width per column from its longest cell (title lines excluded), within bounds."""
    width = max((len(r) for r in rows), default=0)
    widths = [float(MIN_WIDTH)] * width
    for row in rows[skip:]:
        if len(row) == 1:
            continue  # a line of text above or below a table, not a column's cell
        for j, c in enumerate(row):
            if c.wrap:
                continue
            widths[j] = max(widths[j], min(MAX_WIDTH, _shown_length(c) + 2))
    for row in rows[skip:]:
        for j, c in enumerate(row):
            if c.wrap:
                widths[j] = max(widths[j], 50.0)
    return widths


def title_cell(text: str) -> Cell:
    return Cell(text, bold=True, size=14, fill="title")


def header_cells(names: list[str]) -> list[Cell]:
    return [Cell(n, bold=True, fill="header") for n in names]


def table_tab(
    key: str,
    title: str,
    heading: str,
    header: list[str],
    body: list[list[Cell]],
    *,
    above: list[list[Cell]] | None = None,
    below: list[list[Cell]] | None = None,
    chart: ChartRequest | None = None,
) -> OutputTab:
    """A tab: heading line, optional lines above the table, header, body, lines below."""
    rows: list[list[Cell]] = [[title_cell(heading)]]
    rows.extend(above or [])
    header_index = len(rows)
    rows.append(header_cells(header))
    rows.extend(body)
    rows.extend(below or [])
    charts = []
    if chart and body:
        charts.append(
            Chart(
                kind=chart.kind,
                title=chart.title,
                header_row=header_index,
                first_row=header_index + 1,
                last_row=header_index + len(body),
                x_col=chart.x_col,
                series_cols=chart.series_cols,
                anchor_row=header_index + len(body) + len(below or []) + 2,
                anchor_col=0,
            )
        )
    return OutputTab(
        key=key,
        title=title,
        rows=rows,
        widths=auto_widths(rows, skip=1),
        frozen_rows=header_index + 1,
        charts=charts,
    )

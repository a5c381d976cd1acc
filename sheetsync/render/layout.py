"""The one layout every table tab shares: a title line, a bold header, rows, sensible widths.

Tab modules describe their columns and cells; this module decides where they go, which
rows are frozen, how wide each column is, and where a chart sits.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from operator import attrgetter

from sheetsync.contracts import Cell, Chart, OutputTab

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


_VALUE, _WRAP = attrgetter("value"), attrgetter("wrap")


def _longest(cells: list[Cell]) -> int:
    """max(_shown_length) over a column's cells, kind by kind rather than cell by cell: text
    counts its longest line, figures one width per format, dates 10."""
    values = list(map(_VALUE, cells))
    kinds = set(map(type, values))
    kinds.discard(_NONE)  # an empty cell is 0 wide
    if not kinds <= _MEASURED:
        return max(map(_shown_length, cells), default=0)  # anything else, cell by cell
    longest = 10 if dt.date in kinds else 0
    if float in kinds:
        formats = {c.fmt for c, v in zip(cells, values, strict=True) if v.__class__ is float}
        money = any(f and f.startswith("money") for f in formats)
        longest = max(longest, 12 if money else 9)
    if str in kinds:
        # Only text is left once empty cells are: None and "" add nothing to the longest.
        texts = values if len(kinds) == 1 else [v for v in values if v.__class__ is str]
        texts = list(filter(None, texts))
        if "\n" in "".join(texts):
            longest = max(longest, *(max(map(len, t.split("\n"))) for t in texts))
        else:
            longest = max(longest, max(map(len, texts), default=0))
    return longest


_NONE = type(None)
_MEASURED = frozenset({str, float, dt.date})


def auto_widths(rows: list[list[Cell]], skip: int = 0) -> list[float]:
    """A width per column from its longest cell (title lines excluded), within bounds."""
    width = max(map(len, rows), default=0)
    widths: list[float] = [float(MIN_WIDTH)] * width
    body = rows[skip:]
    # A line of text above or below a table (a row of one cell) is not a column's cell.
    lines = [row[0] for row in body if len(row) == 1]
    wrapped: set[int] = {0} if any(map(_WRAP, lines)) else set()
    # Rows of one length (one table of a tab) are measured together, column by column, and
    # each column's width is the largest its tables need: a column's width is a max over its
    # cells, so it is the same as measuring the whole column at once.
    tables: dict[int, list[list[Cell]]] = {}
    for row in body:
        if len(row) > 1:
            tables.setdefault(len(row), []).append(row)
    for table in tables.values():
        for j, column in enumerate(zip(*table, strict=True)):
            cells = list(column)
            if any(map(_WRAP, cells)):
                wrapped.add(j)
                cells = [c for c in cells if not c.wrap]
            if cells:
                # As max(width, shown + 2) cell by cell: stays 8.0 unless a cell needs more.
                shown = min(MAX_WIDTH, _longest(cells) + 2)
                if shown > widths[j]:
                    widths[j] = shown
    for j in wrapped:
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
    autofilter: bool = False,
    link_columns: tuple[int, ...] = (),
) -> OutputTab:
    """A tab: heading line, optional lines above the table, header, body, lines below.

    `autofilter` puts a filter on the table (header and body); each cell of the body's
    `link_columns` that holds a cell address (`Spend!C145`) links to that cell."""
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
    links = {
        (header_index + 1 + r, c): row[c].value
        for r, row in enumerate(body)
        for c in link_columns
        if c < len(row) and is_address(row[c].value)
    }
    return OutputTab(
        key=key,
        title=title,
        rows=rows,
        widths=auto_widths(rows, skip=1),
        frozen_rows=header_index + 1,
        charts=charts,
        links=links,
        autofilter=(header_index, 0, header_index + len(body), len(header) - 1)
        if autofilter and body
        else None,
    )


_ADDRESS = re.compile(r"^(?:'(?:[^']|'')+'|[^!']+)![A-Z]{1,3}[1-9][0-9]*$")


def is_address(value: object) -> bool:
    """Whether a cell holds one cell's address, `Spend!C145` or `'KPI Status'!A1`."""
    return isinstance(value, str) and _ADDRESS.match(value) is not None

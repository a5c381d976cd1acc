"""Output tabs as Sheets API v4 batchUpdate requests: typed cells, formats, widths, frozen
header, warning-only protection, the mark, charts.

Every cell is sent typed (numberValue, stringValue, boolValue) through updateCells, never
as USER_ENTERED text, so a person's `=HYPERLINK(...)` stays text. Dates go as serial
numbers with a date format, as Sheets stores them.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from typing import Any

from sheetsync.backends.base import MARK_NAME, OwnedTab
from sheetsync.render.model import COLOURS, Cell, Chart, OutputTab, number_format

SERIAL_EPOCH = dt.datetime(1899, 12, 30)
PIXELS_PER_CHAR, PADDING_PIXELS = 7, 10
ROW_PIXELS, COLUMN_PIXELS = 21, 100  # Sheets' defaults, to size the grid around a chart
MIN_ROWS, MIN_COLUMNS = 50, 10  # an output tab's grid is at least this big: it looks like a sheet
PROTECTION_NOTE = "Written by sheetsync: edits here are overwritten at the next sync."
MIN_RUN = 3  # shorter runs of one format cost fewer bytes inline than as a repeatCell
_FORMAT_TYPES = {"percent": "PERCENT", "number": "NUMBER", "int": "NUMBER", "date": "DATE"}


def colour(hex_rgb: str) -> dict[str, float]:
    return {
        "red": int(hex_rgb[0:2], 16) / 255,
        "green": int(hex_rgb[2:4], 16) / 255,
        "blue": int(hex_rgb[4:6], 16) / 255,
    }


def serial(value: dt.date) -> float | int:
    """A Sheets serial number: days since 1899-12-30, the fraction being the time of day."""
    if isinstance(value, dt.datetime):
        return (value.replace(tzinfo=None) - SERIAL_EPOCH) / dt.timedelta(days=1)
    return (value - SERIAL_EPOCH.date()).days


def extended_value(value: object) -> dict[str, Any] | None:
    if value is None:
        return None
    if isinstance(value, bool):  # before int: a bool is an int to Python
        return {"boolValue": value}
    if isinstance(value, int | float):
        return {"numberValue": value} if math.isfinite(value) else None
    if isinstance(value, dt.date):
        return {"numberValue": serial(value)}
    return {"stringValue": str(value)}


def cell_format(c: Cell) -> dict[str, Any]:
    """The cell's userEnteredFormat. Shared between cells of the same style (a big tab has
    a handful of styles and 100,000 cells), so treat it as read-only."""
    return _style_format(c.fmt, c.fill, c.bold, c.size, c.wrap, isinstance(c.value, dt.date))


@functools.lru_cache(maxsize=4096)
def _style_format(
    number: str | None, fill: str | None, bold: bool, size: int | None, wrap: bool, is_date: bool
) -> dict[str, Any]:
    fmt: dict[str, Any] = {}
    pattern = number_format(number)
    if pattern is None and is_date:
        pattern = number_format("date")  # a date shown as a serial number helps nobody
    if pattern:
        if number in _FORMAT_TYPES:
            kind = _FORMAT_TYPES[number]
        elif number and number.startswith("money:"):
            kind = "CURRENCY"
        else:
            kind = "DATE"
        fmt["numberFormat"] = {"type": kind, "pattern": pattern}
    text: dict[str, Any] = {}
    if fill:
        background, foreground = COLOURS[fill]
        fmt["backgroundColor"] = colour(background)
        text["foregroundColor"] = colour(foreground)
    if bold:
        text["bold"] = True
    if size:
        text["fontSize"] = size
    if text:
        fmt["textFormat"] = text
    if wrap:
        fmt["wrapStrategy"] = "WRAP"
        fmt["verticalAlignment"] = "TOP"
    return fmt


def cell_data(c: Cell) -> dict[str, Any]:
    data: dict[str, Any] = {}
    value = extended_value(c.value)
    if value is not None:
        data["userEnteredValue"] = value
    fmt = cell_format(c)
    if fmt:
        data["userEnteredFormat"] = fmt
    return data


def grid_size(tab: OutputTab) -> tuple[int, int]:
    """Rows and columns the tab's grid needs: its cells, widths and charts, at least a sheet."""
    rows = len(tab.rows)
    columns = max(tab.width, len(tab.widths))
    for chart in tab.charts:
        rows = max(rows, chart.anchor_row + math.ceil(chart.height_px / ROW_PIXELS) + 1)
        columns = max(columns, chart.anchor_col + math.ceil(chart.width_px / COLUMN_PIXELS) + 1)
    return max(rows, MIN_ROWS, tab.frozen_rows + 1), max(columns, MIN_COLUMNS)


def grid_properties(tab: OutputTab) -> dict[str, int]:
    rows, columns = grid_size(tab)
    return {"rowCount": rows, "columnCount": columns, "frozenRowCount": tab.frozen_rows}


def add_sheet(tab: OutputTab, sheet_id: int) -> dict[str, Any]:
    return {
        "addSheet": {
            "properties": {
                "sheetId": sheet_id,
                "title": tab.title,
                "gridProperties": grid_properties(tab),
            }
        }
    }


def resize_sheet(tab: OutputTab, sheet_id: int, title: str | None) -> dict[str, Any]:
    """Grid size and frozen rows of an existing tab (and its title, when it changes)."""
    properties: dict[str, Any] = {"sheetId": sheet_id, "gridProperties": grid_properties(tab)}
    fields = "gridProperties.rowCount,gridProperties.columnCount,gridProperties.frozenRowCount"
    if title is not None:
        properties["title"] = title
        fields = "title," + fields
    return {"updateSheetProperties": {"properties": properties, "fields": fields}}


def format_runs(
    formats: list[list[dict[str, Any]]], width: int
) -> list[tuple[int, int, int, dict[str, Any]]]:
    """Runs of at least MIN_RUN cells down one column with the same format, as (column,
    first row, row after the last, format): a big tab is mostly columns of money or dates,
    and one repeatCell per run is far smaller to send than the format in every cell."""
    runs: list[tuple[int, int, int, dict[str, Any]]] = []
    for col in range(width):
        start, current = 0, None
        for row in range(len(formats) + 1):
            line = formats[row] if row < len(formats) else ()
            fmt = line[col] if col < len(line) and line[col] else None
            if fmt is current:  # formats are shared per style, so `is` compares styles
                continue
            if current is not None and row - start >= MIN_RUN:
                runs.append((col, start, row, current))
            start, current = row, fmt
    return runs


def cells(tab: OutputTab, sheet_id: int) -> list[dict[str, Any]]:
    """Every cell of the tab, typed and formatted; the rest of the sheet cleared ("*").

    The values, and the formats of cells outside a run, go in one updateCells (which also
    clears every format it does not set); each run's format follows as one repeatCell."""
    formats = [[cell_format(c) for c in row] for row in tab.rows]
    runs = format_runs(formats, tab.width)
    for col, first, end, _ in runs:  # these cells get their format from the repeatCell
        for row in range(first, end):
            formats[row][col] = {}
    rows = []
    for row, row_formats in zip(tab.rows, formats, strict=True):
        values = []
        for c, fmt in zip(row, row_formats, strict=True):
            data: dict[str, Any] = {}
            value = extended_value(c.value)
            if value is not None:
                data["userEnteredValue"] = value
            if fmt:
                data["userEnteredFormat"] = fmt
            values.append(data)
        rows.append({"values": values})
    out: list[dict[str, Any]] = [
        {"updateCells": {"range": {"sheetId": sheet_id}, "rows": rows, "fields": "*"}}
    ]
    for col, first, end, fmt in runs:
        out.append(
            {
                "repeatCell": {
                    "range": {
                        "sheetId": sheet_id,
                        "startRowIndex": first,
                        "endRowIndex": end,
                        "startColumnIndex": col,
                        "endColumnIndex": col + 1,
                    },
                    "cell": {"userEnteredFormat": fmt},
                    "fields": "userEnteredFormat",
                }
            }
        )
    return out


def column_widths(tab: OutputTab, sheet_id: int) -> list[dict[str, Any]]:
    """One updateDimensionProperties per run of equal widths, in pixels."""
    pixels = [round(w * PIXELS_PER_CHAR + PADDING_PIXELS) for w in tab.widths]
    out: list[dict[str, Any]] = []
    start = 0
    for end in range(1, len(pixels) + 1):
        if end == len(pixels) or pixels[end] != pixels[start]:
            out.append(
                {
                    "updateDimensionProperties": {
                        "range": {
                            "sheetId": sheet_id,
                            "dimension": "COLUMNS",
                            "startIndex": start,
                            "endIndex": end,
                        },
                        "properties": {"pixelSize": pixels[start]},
                        "fields": "pixelSize",
                    }
                }
            )
            start = end
    return out


def protect(sheet_id: int) -> dict[str, Any]:
    return {
        "addProtectedRange": {
            "protectedRange": {
                "range": {"sheetId": sheet_id},
                "description": PROTECTION_NOTE,
                "warningOnly": True,
            }
        }
    }


def mark_value(tab: OutputTab) -> str:
    return OwnedTab.make_mark(tab.key, tab.mark_digest(), tab.final)


def create_mark(tab: OutputTab, sheet_id: int) -> dict[str, Any]:
    return {
        "createDeveloperMetadata": {
            "developerMetadata": {
                "metadataKey": MARK_NAME,
                "metadataValue": mark_value(tab),
                "location": {"sheetId": sheet_id},
                "visibility": "DOCUMENT",
            }
        }
    }


def update_mark(tab: OutputTab, metadata_id: int) -> dict[str, Any]:
    return {
        "updateDeveloperMetadata": {
            "dataFilters": [{"developerMetadataLookup": {"metadataId": metadata_id}}],
            "developerMetadata": {"metadataValue": mark_value(tab)},
            "fields": "metadataValue",
        }
    }


def delete_chart(chart_id: int) -> dict[str, Any]:
    return {"deleteEmbeddedObject": {"objectId": chart_id}}


def add_chart(chart: Chart, sheet_id: int) -> dict[str, Any]:
    def source(column: int) -> dict[str, Any]:
        return {
            "sourceRange": {
                "sources": [
                    {
                        "sheetId": sheet_id,
                        "startRowIndex": chart.header_row,
                        "endRowIndex": chart.last_row + 1,
                        "startColumnIndex": column,
                        "endColumnIndex": column + 1,
                    }
                ]
            }
        }

    return {
        "addChart": {
            "chart": {
                "spec": {
                    "title": chart.title,
                    "basicChart": {
                        "chartType": "LINE" if chart.kind == "line" else "COLUMN",
                        "legendPosition": "BOTTOM_LEGEND",
                        "headerCount": 1,
                        "axis": [{"position": "BOTTOM_AXIS"}, {"position": "LEFT_AXIS"}],
                        "domains": [{"domain": source(chart.x_col)}],
                        "series": [
                            {"series": source(c), "targetAxis": "LEFT_AXIS"}
                            for c in chart.series_cols
                        ],
                    },
                },
                "position": {
                    "overlayPosition": {
                        "anchorCell": {
                            "sheetId": sheet_id,
                            "rowIndex": chart.anchor_row,
                            "columnIndex": chart.anchor_col,
                        },
                        "widthPixels": chart.width_px,
                        "heightPixels": chart.height_px,
                    }
                },
            }
        }
    }


def tab_contents(tab: OutputTab, sheet_id: int) -> list[dict[str, Any]]:
    """What every written tab gets after its sheet exists at the right size."""
    out = [*cells(tab, sheet_id), *column_widths(tab, sheet_id)]
    out.extend(add_chart(chart, sheet_id) for chart in tab.charts)
    return out

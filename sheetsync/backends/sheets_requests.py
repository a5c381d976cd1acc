"""Output tabs as Sheets API v4 batchUpdate requests: typed cells, formats, widths, frozen
header, warning-only protection, the mark, charts.

Every cell is sent typed (numberValue, stringValue, boolValue) through updateCells, never
as USER_ENTERED text, so a person's `=HYPERLINK(...)` stays text. Dates go as serial
numbers with a date format, as Sheets stores them.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import islice
from json.encoder import encode_basestring
from typing import Any

from sheetsync.contracts import COLOURS, MARK_NAME, Chart, OutputTab, OwnedTab, number_format

SERIAL_EPOCH = dt.datetime(1899, 12, 30)
SERIAL_DAY_ONE = SERIAL_EPOCH.toordinal()  # a date's serial is its ordinal minus this
PIXELS_PER_CHAR, PADDING_PIXELS = 7, 10
ROW_PIXELS, COLUMN_PIXELS = 21, 100  # Sheets' defaults, to size the grid around a chart
MIN_ROWS, MIN_COLUMNS = 50, 10  # an output tab's grid is at least this big: it looks like a sheet
PROTECTION_NOTE = "Written by sheetsync: edits here are overwritten at the next sync."
MIN_RUN = 3  # shorter runs of one format cost fewer bytes inline than as a repeatCell
_FORMAT_TYPES = {"percent": "PERCENT", "number": "NUMBER", "int": "NUMBER", "date": "DATE"}


def colour(hex_rgb: str) -> dict[str, float]:
    """A Sheets Color from `RRGGBB`, in four decimals: level k goes as k/255 rounded up,
    which is under k + 0.03 when scaled back, so it is k again whether Sheets rounds or
    truncates. Zero channels are left out, as Google returns them. A colour costs ~40
    bytes instead of ~70 in every cell that carries it."""
    out: dict[str, float] = {}
    for name, at in (("red", 0), ("green", 2), ("blue", 4)):
        level = int(hex_rgb[at : at + 2], 16)
        if level == 255:
            out[name] = 1
        elif level:
            out[name] = -(-level * 10_000 // 255) / 10_000
    return out


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


def _width(tab: OutputTab) -> int:
    """OutputTab.width, its rows' lengths taken in C: a big tab has thousands of rows."""
    return max(map(len, tab.rows), default=0)


def grid_size(tab: OutputTab) -> tuple[int, int]:
    """Rows and columns the tab's grid needs: its cells, widths and charts, at least a sheet."""
    rows = len(tab.rows)
    columns = max(_width(tab), len(tab.widths))
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


# Bytes a repeatCell costs beyond the CellData it carries (compact JSON, a 10-digit sheet
# ID, 4-digit rows): a run of one value down a column is sent once when that saves bytes.
REPEAT_BYTES = 164
_NO_CELL = "{}"  # CellData of a cell with nothing in it


@dataclass(frozen=True)
class Encoded:
    """A request already encoded as JSON text. The updateCells of a big tab is built so,
    cell by cell from cached pieces: no dict per cell for Python to allocate, track and
    collect, nor for the encoder to walk again (half the write's CPU went there)."""

    text: str


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


class _Styles(dict):
    """(userEnteredFormat, its JSON) per style key (fmt, fill, bold, size, wrap[, is a
    date]); None for the default look. One object per style, so runs compare identity."""

    def __missing__(self, key: tuple) -> tuple[dict[str, Any], str] | None:
        if len(self) > 4096:
            self.clear()
        fmt = _style_format(*key[:5], len(key) > 5)
        style = self[key] = (fmt, _dumps(fmt)) if fmt else None
        return style


_STYLES = _Styles()


def _typed(tab: OutputTab, width: int) -> tuple[list[str], list[tuple | None]]:
    """Each cell as the JSON of a CellData holding its value only ("{}" when empty), and
    its style apart; row after row in one flat list each, short rows padded to `width`.

    This is the one loop over every cell, so the common types (text, float, int, date,
    empty) are tested by exact type and written from JSON's own pieces (`float.__repr__`,
    the C string escaper), as json.dumps writes them; anything else goes through json.dumps.
    Flat lists of strings, not a list per row, leave the garbage collector nothing to chase."""
    styles = _STYLES
    isfinite, number, escape = math.isfinite, float.__repr__, encode_basestring
    texts: list[str] = []
    looks: list[tuple | None] = []
    text, look = texts.append, looks.append
    for row in tab.rows:
        for c in row:
            v = c.value
            t = type(v)
            key: tuple = (c.fmt, c.fill, c.bold, c.size, c.wrap)
            if t is str:
                text('{"userEnteredValue":{"stringValue":' + escape(v) + "}}")
            elif v is None:
                text(_NO_CELL)
            elif t is float and isfinite(v):
                text('{"userEnteredValue":{"numberValue":' + number(v) + "}}")
            elif t is int:
                text('{"userEnteredValue":{"numberValue":' + int.__repr__(v) + "}}")
            elif t is dt.date:
                serial_day = v.toordinal() - SERIAL_DAY_ONE
                text('{"userEnteredValue":{"numberValue":' + int.__repr__(serial_day) + "}}")
                key = (*key, True)  # shown as a date even without a date format
            else:
                value = extended_value(v)
                text(_NO_CELL if value is None else _dumps({"userEnteredValue": value}))
                if isinstance(v, dt.date):
                    key = (*key, True)
            look(styles[key])
        if len(row) < width:
            texts += [_NO_CELL] * (width - len(row))
            looks += [None] * (width - len(row))
    return texts, looks


def _runs(items: Sequence[Any], same: Callable[[Any, Any], bool], shortest: int) -> list[range]:
    """Maximal runs of at least `shortest` neighbours that `same` pairs, found by C-level
    scans (map, list.index) rather than a Python step per item: columns are 100,000 long."""
    links = list(map(same, items, islice(items, 1, None)))
    links.append(False)
    runs: list[range] = []
    end = 0
    while True:
        try:
            start = links.index(True, end)
        except ValueError:
            return runs
        end = links.index(False, start)
        if end - start + 1 >= shortest:
            runs.append(range(start, end + 1))


def _repeat(sheet_id: int, rows: range, cols: range, cell: dict[str, Any]) -> dict[str, Any]:
    return {
        "repeatCell": {
            "range": {
                "sheetId": sheet_id,
                "startRowIndex": rows.start,
                "endRowIndex": rows.stop,
                "startColumnIndex": cols.start,
                "endColumnIndex": cols.stop,
            },
            "cell": cell,
            "fields": ",".join(cell),
        }
    }


def cells(tab: OutputTab, sheet_id: int) -> list[dict[str, Any] | Encoded]:  # noqa: C901 - predates the complexity check: split when next changed
    """Every cell of the tab, typed and formatted; the rest of the sheet cleared ("*").

    One updateCells covers the whole sheet, so whatever an earlier version left (a value, a
    colour, a note) is cleared unless set again. A run down a column of one format, or of
    one value when that is smaller to send, then goes as one repeatCell setting only that
    field, and its cells in the updateCells go without it; so do runs of one format along
    a row (a header). A big tab is mostly such columns."""
    width = _width(tab)
    texts, looks = _typed(tab, width)  # cell (row, col) is at row * width + col
    repeats: dict[tuple[range, range], dict[str, Any]] = {}  # (rows, columns) -> CellData
    for col in range(width):
        column = looks[col::width]
        if not any(column):
            continue
        for run in _runs(column, operator.is_, MIN_RUN):
            style = column[run.start]
            if style is not None:
                repeats[run, range(col, col + 1)] = {"userEnteredFormat": style[0]}
                looks[run.start * width + col : run.stop * width : width] = [None] * len(run)
    for col in range(width):
        column = texts[col::width]
        for run in _runs(column, operator.eq, 2):
            text = column[run.start]
            if text == _NO_CELL:
                continue
            size = len(text.encode())
            if len(run) * (size - 2) <= REPEAT_BYTES + size:
                continue  # its cells would shrink to {} by less than the repeatCell costs
            where = (run, range(col, col + 1))
            repeats[where] = {**json.loads(text), **repeats.get(where, {})}
            texts[run.start * width + col : run.stop * width : width] = [_NO_CELL] * len(run)
    rows: list[str] = []
    # A short row's padding is empty and unstyled, so each row is taken at its own length.
    for row, length in enumerate(map(len, tab.rows)):
        first = row * width
        line = texts[first : first + length]
        row_looks = looks[first : first + length]
        if any(row_looks):
            if length - row_looks.count(None) >= MIN_RUN:  # a header row, say
                for run in _runs(row_looks, operator.is_, MIN_RUN):
                    style = row_looks[run.start]
                    if style is not None:
                        repeats[range(row, row + 1), run] = {"userEnteredFormat": style[0]}
                        row_looks[run.start : run.stop] = [None] * len(run)
            for col, style in enumerate(row_looks):
                if style is not None:
                    text = line[col]
                    line[col] = (
                        text[:-1] + ',"userEnteredFormat":' + style[1] + "}"
                        if text != _NO_CELL
                        else '{"userEnteredFormat":' + style[1] + "}"
                    )
        while line and line[-1] == _NO_CELL:
            line.pop()  # the range is the whole sheet: what is not sent is cleared
        rows.append('{"values":[' + ",".join(line) + "]}" if line else _NO_CELL)
    update = Encoded(
        '{"updateCells":{"range":{"sheetId":'
        + _dumps(sheet_id)
        + '},"rows":['
        + ",".join(rows)
        + '],"fields":"*"}}'
    )
    return [update, *(_repeat(sheet_id, rs, cs, cell) for (rs, cs), cell in repeats.items())]


def body_bytes(requests: list[dict[str, Any] | Encoded]) -> bytes:
    """The batchUpdate body as compact UTF-8 JSON: Cyrillic text in a third of the bytes of
    \\uXXXX escapes, no spaces after separators. A lone surrogate (which UTF-8 cannot hold)
    goes as the same \\uXXXX escape json.dumps would have written."""
    parts = [r.text if isinstance(r, Encoded) else _dumps(r) for r in requests]
    return ('{"requests":[' + ",".join(parts) + "]}").encode("utf-8", "backslashreplace")


def column_widths(tab: OutputTab, sheet_id: int, rewrite: bool = False) -> list[dict[str, Any]]:
    """One updateDimensionProperties per run of equal widths, in pixels. On a rewrite the
    grid's columns past the tab's widths go back to Sheets' default, so an earlier, wider
    version of the tab leaves no widths behind (the xlsx backend starts a fresh sheet)."""
    pixels = [round(w * PIXELS_PER_CHAR + PADDING_PIXELS) for w in tab.widths]
    if rewrite:
        pixels += [COLUMN_PIXELS] * (grid_size(tab)[1] - len(pixels))
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


def protect(sheet_id: int, editable: list[tuple[int, int, int]] | None = None) -> dict[str, Any]:
    """Warning-only protection of the whole tab, but for the blocks people may write in."""
    protected: dict[str, Any] = {
        "range": {"sheetId": sheet_id},
        "description": PROTECTION_NOTE,
        "warningOnly": True,
    }
    if editable:
        protected["unprotectedRanges"] = [_block(sheet_id, b) for b in editable]
    return {"addProtectedRange": {"protectedRange": protected}}


def unprotect_blocks(
    protection_id: int, sheet_id: int, editable: list[tuple[int, int, int]]
) -> dict[str, Any]:
    return {
        "updateProtectedRange": {
            "protectedRange": {
                "protectedRangeId": protection_id,
                "unprotectedRanges": [_block(sheet_id, b) for b in editable],
            },
            "fields": "unprotectedRanges",
        }
    }


def _block(sheet_id: int, block: tuple[int, int, int]) -> dict[str, Any]:
    # From its first row to the bottom of the tab, however many rows a later write has.
    first_row, first_col, last_col = block
    return {
        "sheetId": sheet_id,
        "startRowIndex": first_row,
        "startColumnIndex": first_col,
        "endColumnIndex": last_col + 1,
    }


def editable_block(grid_range: dict[str, Any]) -> tuple[int, int, int]:
    """An unprotected range as the metadata gives it, in OutputTab.editable's form."""
    first_col = int(grid_range.get("startColumnIndex", 0))
    return (
        int(grid_range.get("startRowIndex", 0)),
        first_col,
        int(grid_range.get("endColumnIndex", first_col + 1)) - 1,
    )


def mark_value(tab: OutputTab, digest: str | None = None) -> str:
    """The mark: key, digest (`digest` when the caller has worked it out), final."""
    return OwnedTab.make_mark(tab.key, digest or tab.mark_digest(), tab.final)


def create_mark(tab: OutputTab, sheet_id: int, digest: str | None = None) -> dict[str, Any]:
    return {
        "createDeveloperMetadata": {
            "developerMetadata": {
                "metadataKey": MARK_NAME,
                "metadataValue": mark_value(tab, digest),
                "location": {"sheetId": sheet_id},
                "visibility": "DOCUMENT",
            }
        }
    }


def update_mark(tab: OutputTab, metadata_id: int, digest: str | None = None) -> dict[str, Any]:
    return {
        "updateDeveloperMetadata": {
            "dataFilters": [{"developerMetadataLookup": {"metadataId": metadata_id}}],
            "developerMetadata": {"metadataValue": mark_value(tab, digest)},
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


def tab_contents(
    tab: OutputTab,
    sheet_id: int,
    rewrite: bool = False,
    gids: dict[str, int] | None = None,
) -> list[dict[str, Any] | Encoded]:
    """What every written tab gets after its sheet exists at the right size; `rewrite`
    when the sheet holds an earlier version of the tab. `gids` (tab title -> sheet ID)
    lets cell addresses link to their cells. A tab's basic filter is set anew on each
    write (setBasicFilter replaces the one there)."""
    out = [*cells(tab, sheet_id), *column_widths(tab, sheet_id, rewrite)]
    out.extend(add_chart(chart, sheet_id) for chart in tab.charts)
    if tab.links and gids:
        out.extend(links(tab, sheet_id, gids))
    out.extend(basic_filter(tab, sheet_id))
    return out


def split_address(target: str) -> tuple[str, str] | None:
    """`Spend!C145` -> ("Spend", "C145"); `'KPI Status'!A1` -> ("KPI Status", "A1")."""
    if "!" not in target:
        return None
    sheet, cell = target.rsplit("!", 1)
    if len(sheet) >= 2 and sheet[0] == sheet[-1] == "'":
        sheet = sheet[1:-1].replace("''", "'")
    return sheet, cell


def links(tab: OutputTab, sheet_id: int, gids: dict[str, int]) -> list[dict[str, Any]]:
    """Each linked cell's text as a link to its cell, `#gid=…&range=C145`, set on the text
    (a textFormatRun), never a HYPERLINK formula. Runs of linked cells down a column go as
    one updateCells; a target tab that does not exist leaves its cell plain text."""
    by_column: dict[int, list[tuple[int, str, str]]] = {}
    for (row, col), target in sorted(tab.links.items(), key=lambda item: (item[0][1], item[0][0])):
        found = split_address(target)
        if found is None or found[0] not in gids or row >= len(tab.rows):
            continue
        text = tab.rows[row][col].value if col < len(tab.rows[row]) else None
        if not isinstance(text, str) or not text:
            continue
        uri = f"#gid={gids[found[0]]}&range={found[1]}"
        by_column.setdefault(col, []).append((row, text, uri))
    out: list[dict[str, Any]] = []
    for col, cells_ in by_column.items():
        run: list[tuple[int, str, str]] = []
        for item in [*cells_, None]:
            if item is not None and (not run or item[0] == run[-1][0] + 1):
                run.append(item)
                continue
            if run:
                out.append(
                    {
                        "updateCells": {
                            "start": {"sheetId": sheet_id, "rowIndex": run[0][0],
                                      "columnIndex": col},
                            "rows": [
                                {"values": [{
                                    "userEnteredValue": {"stringValue": text},
                                    "textFormatRuns": [
                                        {"startIndex": 0, "format": {"link": {"uri": uri}}}
                                    ],
                                }]}
                                for _, text, uri in run
                            ],
                            "fields": "userEnteredValue,textFormatRuns",
                        }
                    }
                )  # fmt: skip
            run = [item] if item is not None else []
    return out


def basic_filter(tab: OutputTab, sheet_id: int) -> list[dict[str, Any]]:
    """The tab's autofilter as the sheet's basic filter (none: nothing to send; a rewrite
    clears an earlier one first, see `tab_contents`)."""
    if not tab.autofilter:
        return []
    first_row, first_col, last_row, last_col = tab.autofilter
    return [
        {
            "setBasicFilter": {
                "filter": {
                    "range": {
                        "sheetId": sheet_id,
                        "startRowIndex": first_row,
                        "endRowIndex": last_row + 1,
                        "startColumnIndex": first_col,
                        "endColumnIndex": last_col + 1,
                    }
                }
            }
        }
    ]


def move_sheet(sheet_id: int, index: int) -> dict[str, Any]:
    return {
        "updateSheetProperties": {
            "properties": {"sheetId": sheet_id, "index": index},
            "fields": "index",
        }
    }


def moves(current: list[tuple[int, str]], order: list[str]) -> list[dict[str, Any]]:
    """The moves that lay the sheets (sheet ID, title, in their order after the other
    requests) out so the titles in `order` stand in that order in the places they hold;
    every other sheet keeps its place. Placed left to right, each move is leftward, so
    its index needs no "before the move" correction."""
    wanted = [t for t in order if any(title == t for _, title in current)]
    slots = [i for i, (_, title) in enumerate(current) if title in set(wanted)]
    by_title = {title: sid for sid, title in current}
    final = list(current)
    for slot, title in zip(slots, wanted, strict=True):
        final[slot] = (by_title[title], title)
    out = []
    sheets = list(current)
    for i, (sid, _) in enumerate(final):
        at = next(j for j, (s, _) in enumerate(sheets) if s == sid)
        if at != i:
            out.append(move_sheet(sid, i))
            sheets.insert(i, sheets.pop(at))
    return out

"""The state behind the Sheets fake: spreadsheets (Workbook), their tabs (Sheet) and cells,
copy-on-write transactions, and how that state reads back through the API (values in
each render option, GridData, the Spreadsheet resource).

Cells are stored compactly because the fake must hold a 100,000-row plan: a cell is None
(empty), a bare scalar (str, int, float or bool: a value with nothing else) or a ``Cell``.
Stored cells are never mutated, only replaced, so a transaction can share them with the
state it forked from.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any
from zoneinfo import ZoneInfo

from . import a1
from .cell_values import format_value, is_date_format
from .errors import ApiError, invalid
from .formulas import Evaluator, FormulaError, hyperlink_target

DEFAULT_ROWS = 1000
DEFAULT_COLUMNS = 26
DEFAULT_ROW_PIXELS = 21
DEFAULT_COLUMN_PIXELS = 100

# As a new spreadsheet reports them (copied from the recordings).
DEFAULT_FORMAT: dict[str, Any] = {
    "backgroundColor": {"red": 1, "green": 1, "blue": 1},
    "padding": {"top": 2, "right": 3, "bottom": 2, "left": 3},
    "verticalAlignment": "BOTTOM",
    "wrapStrategy": "OVERFLOW_CELL",
    "textFormat": {
        "foregroundColor": {},
        "fontFamily": "arial,sans,sans-serif",
        "fontSize": 10,
        "bold": False,
        "italic": False,
        "strikethrough": False,
        "underline": False,
        "foregroundColorStyle": {"rgbColor": {}},
    },
    "backgroundColorStyle": {"rgbColor": {"red": 1, "green": 1, "blue": 1}},
}


def _theme_color(kind: str, **rgb: float) -> dict[str, Any]:
    return {"colorType": kind, "color": {"rgbColor": rgb}}


DEFAULT_THEME: dict[str, Any] = {
    "primaryFontFamily": "Arial",
    "themeColors": [
        _theme_color("TEXT"),
        _theme_color("BACKGROUND", red=1, green=1, blue=1),
        _theme_color("ACCENT1", red=0.25882354, green=0.52156866, blue=0.95686275),
        _theme_color("ACCENT2", red=0.91764706, green=0.2627451, blue=0.20784314),
        _theme_color("ACCENT3", red=0.9843137, green=0.7372549, blue=0.015686275),
        _theme_color("ACCENT4", red=0.20392157, green=0.65882355, blue=0.3254902),
        _theme_color("ACCENT5", red=1, green=0.42745098, blue=0.003921569),
        _theme_color("ACCENT6", red=0.27450982, green=0.7411765, blue=0.7764706),
        _theme_color("LINK", red=0.06666667, green=0.33333334, blue=0.8),
    ],
}

VALUE_RENDER = ("FORMATTED_VALUE", "UNFORMATTED_VALUE", "FORMULA")
DATETIME_RENDER = ("SERIAL_NUMBER", "FORMATTED_STRING")


class Cell:
    """A cell holding more than a bare value. ``value`` is the user-entered scalar (None
    for a formula or no value); ``fmt`` the userEnteredFormat; ``extra`` other CellData
    fields kept verbatim (textFormatRuns)."""

    __slots__ = ("extra", "fmt", "formula", "note", "validation", "value")

    def __init__(
        self,
        value: Any = None,
        formula: str | None = None,
        fmt: dict[str, Any] | None = None,
        note: str | None = None,
        validation: dict[str, Any] | None = None,
        extra: dict[str, Any] | None = None,
    ):
        self.value = value
        self.formula = formula
        self.fmt = fmt
        self.note = note
        self.validation = validation
        self.extra = extra

    def __repr__(self) -> str:
        fields = {name: getattr(self, name) for name in self.__slots__ if getattr(self, name)}
        return f"Cell({fields})"


CellParts = tuple[Any, "str | None", "dict | None", "str | None", "dict | None", "dict | None"]
EMPTY_PARTS: CellParts = (None, None, None, None, None, None)


def unpack(stored: Any) -> CellParts:
    if stored is None:
        return EMPTY_PARTS
    if stored.__class__ is Cell:
        return (
            stored.value,
            stored.formula,
            stored.fmt,
            stored.note,
            stored.validation,
            stored.extra,
        )
    return (stored, None, None, None, None, None)


def pack(
    value: Any,
    formula: str | None = None,
    fmt: dict[str, Any] | None = None,
    note: str | None = None,
    validation: dict[str, Any] | None = None,
    extra: dict[str, Any] | None = None,
) -> Any:
    """The most compact stored form of a cell."""
    if value == "" and value.__class__ is str:
        value = None  # Sheets has no empty-string values: "" is an empty cell
    if formula is None and not fmt and not note and not validation and not extra:
        return value
    return Cell(value, formula, fmt or None, note or None, validation or None, extra or None)


def cell_format(stored: Any) -> dict[str, Any] | None:
    return stored.fmt if stored.__class__ is Cell else None


# --------------------------------------------------------------------------------------
# Sheets and workbooks
# --------------------------------------------------------------------------------------

_FALSY_GRID_DEFAULTS = (
    "frozenRowCount",
    "frozenColumnCount",
    "hideGridlines",
    "rowGroupControlAfter",
    "columnGroupControlAfter",
)


def normalize_sheet_properties(properties: dict[str, Any]) -> dict[str, Any]:
    """Google leaves zero and false defaults out of SheetProperties."""
    for key in ("hidden", "rightToLeft"):
        if not properties.get(key):
            properties.pop(key, None)
    grid = properties.get("gridProperties")
    if grid is not None:
        for key in _FALSY_GRID_DEFAULTS:
            if not grid.get(key):
                grid.pop(key, None)
    return properties


def grid_range_out(grid_range: dict[str, Any]) -> dict[str, Any]:
    """A GridRange as Google writes it back: nulls dropped, sheetId 0 left out."""
    out = {key: value for key, value in grid_range.items() if value is not None}
    if not out.get("sheetId"):
        out.pop("sheetId", None)
    return out


class Sheet:
    """One tab: its SheetProperties plus everything that hangs off it."""

    def __init__(self, properties: dict[str, Any]):
        self.properties = properties
        self.rows: list[list[Any]] = []
        self.protected_ranges: list[dict[str, Any]] = []
        self.conditional_formats: list[dict[str, Any]] = []
        self.charts: list[dict[str, Any]] = []
        self.merges: list[dict[str, Any]] = []
        self.banded_ranges: list[dict[str, Any]] = []
        self.basic_filter: dict[str, Any] | None = None
        self.row_meta: dict[int, dict[str, Any]] = {}
        self.column_meta: dict[int, dict[str, Any]] = {}
        self._rows_shared = False

    # -- identity ----------------------------------------------------------------------

    @property
    def sheet_id(self) -> int:
        return self.properties.get("sheetId", 0)

    @property
    def title(self) -> str:
        return self.properties["title"]

    @property
    def index(self) -> int:
        return self.properties.get("index", 0)

    @property
    def row_count(self) -> int:
        return self.properties.get("gridProperties", {}).get("rowCount", 0)

    @property
    def column_count(self) -> int:
        return self.properties.get("gridProperties", {}).get("columnCount", 0)

    @property
    def is_grid(self) -> bool:
        return self.properties.get("sheetType", "GRID") == "GRID"

    def __repr__(self) -> str:
        return f"Sheet({self.title!r}, id={self.sheet_id}, {self.row_count}x{self.column_count})"

    # -- copy-on-write -----------------------------------------------------------------

    def clone(self, share_rows: bool = False) -> Sheet:
        twin = Sheet(copy.deepcopy(self.properties))
        twin.rows = self.rows if share_rows else [list(row) for row in self.rows]
        twin._rows_shared = share_rows
        twin.protected_ranges = copy.deepcopy(self.protected_ranges)
        twin.conditional_formats = copy.deepcopy(self.conditional_formats)
        twin.charts = copy.deepcopy(self.charts)
        twin.merges = copy.deepcopy(self.merges)
        twin.banded_ranges = copy.deepcopy(self.banded_ranges)
        twin.basic_filter = copy.deepcopy(self.basic_filter)
        twin.row_meta = copy.deepcopy(self.row_meta)
        twin.column_meta = copy.deepcopy(self.column_meta)
        return twin

    def own_rows(self) -> None:
        if self._rows_shared:
            self.rows = [list(row) for row in self.rows]
            self._rows_shared = False

    # -- cells -------------------------------------------------------------------------

    def get(self, row: int, col: int) -> Any:
        rows = self.rows
        if row < len(rows):
            cells = rows[row]
            if col < len(cells):
                return cells[col]
        return None

    def put(self, row: int, col: int, stored: Any) -> None:
        rows = self.rows
        if row >= len(rows):
            if stored is None:
                return
            rows.extend([] for _ in range(row + 1 - len(rows)))
        cells = rows[row]
        if col >= len(cells):
            if stored is None:
                return
            cells.extend([None] * (col + 1 - len(cells)))
        cells[col] = stored

    def compact(self, first: int = 0, last: int | None = None) -> None:
        """Drop trailing empties (of rows first..last) so sizes and reads stay cheap."""
        rows = self.rows
        for cells in rows[first:last]:
            while cells and cells[-1] is None:
                cells.pop()
        while rows and not rows[-1]:
            rows.pop()

    def truncate(self) -> None:
        """Data beyond the grid is deleted with it, as when a sheet shrinks."""
        rows, cols = self.row_count, self.column_count
        del self.rows[rows:]
        for cells in self.rows:
            del cells[cols:]
        self.row_meta = {k: v for k, v in self.row_meta.items() if k < rows}
        self.column_meta = {k: v for k, v in self.column_meta.items() if k < cols}

    def insert_rows(self, at: int, count: int) -> None:
        if at < len(self.rows):
            self.rows[at:at] = [[] for _ in range(count)]
        self.row_meta = {(k + count if k >= at else k): v for k, v in self.row_meta.items()}

    def delete_rows(self, start: int, end: int) -> None:
        del self.rows[start:end]
        count = end - start
        self.row_meta = {
            (k - count if k >= end else k): v
            for k, v in self.row_meta.items()
            if not start <= k < end
        }

    def insert_columns(self, at: int, count: int) -> None:
        for cells in self.rows:
            if at < len(cells):
                cells[at:at] = [None] * count
        self.column_meta = {(k + count if k >= at else k): v for k, v in self.column_meta.items()}

    def delete_columns(self, start: int, end: int) -> None:
        for cells in self.rows:
            del cells[start:end]
        count = end - start
        self.column_meta = {
            (k - count if k >= end else k): v
            for k, v in self.column_meta.items()
            if not start <= k < end
        }

    def last_row_with_data(self, col0: int = 0, col1: int | None = None) -> int:
        """Index of the last row holding a value in the columns, or -1."""
        for row in range(len(self.rows) - 1, -1, -1):
            cells = self.rows[row][col0:col1]
            if any(unpack(stored)[0] is not None or unpack(stored)[1] for stored in cells):
                return row
        return -1


class Workbook:
    """One spreadsheet (a Drive file too)."""

    def __init__(self, spreadsheet_id: str, properties: dict[str, Any], created: str):
        self.spreadsheet_id = spreadsheet_id
        self.properties = properties
        self.sheets: list[Sheet] = []
        self.developer_metadata: list[dict[str, Any]] = []
        self.named_ranges: list[dict[str, Any]] = []
        self.created_time = created
        self.modified_time = created
        self._owned: set[int] = set()

    def __repr__(self) -> str:
        return f"Workbook({self.title!r}, {[sheet.title for sheet in self.sheets]})"

    @property
    def title(self) -> str:
        return self.properties["title"]

    @property
    def locale(self) -> str:
        return self.properties.get("locale", "en_US")

    @property
    def time_zone(self) -> str:
        return self.properties.get("timeZone", "Etc/GMT")

    @property
    def url(self) -> str:
        return f"https://docs.google.com/spreadsheets/d/{self.spreadsheet_id}/edit"

    # -- lookups -----------------------------------------------------------------------

    def by_id(self, sheet_id: int) -> Sheet | None:
        for sheet in self.sheets:
            if sheet.sheet_id == sheet_id:
                return sheet
        return None

    def by_title(self, title: str) -> Sheet | None:
        folded = title.casefold()
        for sheet in self.sheets:
            if sheet.title.casefold() == folded:
                return sheet
        return None

    def titles(self) -> set[str]:
        return {sheet.title.casefold() for sheet in self.sheets}

    def first_grid(self) -> Sheet | None:
        for sheet in self.sheets:
            if sheet.is_grid:
                return sheet
        return None

    def reindex(self) -> None:
        for index, sheet in enumerate(self.sheets):
            if sheet.properties.get("index") != index:
                self.writable(sheet, cells=False).properties["index"] = index

    def owns(self, sheet: Sheet) -> bool:
        return id(sheet) in self._owned

    # -- copy-on-write transactions ----------------------------------------------------

    def fork(self) -> Workbook:
        """A transaction: a copy sharing every sheet until it is written to."""
        twin = Workbook.__new__(Workbook)
        twin.__dict__.update(self.__dict__)
        twin.properties = copy.deepcopy(self.properties)
        twin.sheets = list(self.sheets)
        twin.developer_metadata = copy.deepcopy(self.developer_metadata)
        twin.named_ranges = copy.deepcopy(self.named_ranges)
        twin._owned = set()
        return twin

    def writable(self, sheet: Sheet, cells: bool = True) -> Sheet:
        """The transaction's own copy of a sheet (``cells=False``: properties only, rows
        still shared until a cell write needs them)."""
        if id(sheet) in self._owned:
            if cells:
                sheet.own_rows()
            return sheet
        position = next(i for i, s in enumerate(self.sheets) if s is sheet)
        twin = sheet.clone(share_rows=not cells)
        self.sheets[position] = twin
        self._owned.add(id(twin))
        return twin

    def add_sheet(self, sheet: Sheet, index: int | None = None) -> None:
        position = len(self.sheets) if index is None else max(0, min(index, len(self.sheets)))
        self.sheets.insert(position, sheet)
        self._owned.add(id(sheet))
        self.reindex()

    def remove_sheet(self, sheet: Sheet) -> None:
        self.sheets.remove(sheet)
        self._owned.discard(id(sheet))
        self.developer_metadata = [
            item
            for item in self.developer_metadata
            if item.get("location", {}).get("sheetId") != sheet.sheet_id
            and item.get("location", {}).get("dimensionRange", {}).get("sheetId") != sheet.sheet_id
        ]
        self.named_ranges = [
            item for item in self.named_ranges if item["range"].get("sheetId", 0) != sheet.sheet_id
        ]
        self.reindex()


# --------------------------------------------------------------------------------------
# Ranges
# --------------------------------------------------------------------------------------


class Block:
    """A resolved rectangle on one sheet, 0-based half-open."""

    __slots__ = ("col0", "col1", "row0", "row1", "sheet")

    def __init__(self, sheet: Sheet, row0: int, row1: int, col0: int, col1: int):
        self.sheet = sheet
        self.row0, self.row1, self.col0, self.col1 = row0, row1, col0, col1

    @property
    def a1(self) -> str:
        return a1.format_range(self.sheet.title, self.row0, self.row1, self.col0, self.col1)

    @property
    def rows(self) -> int:
        return self.row1 - self.row0

    @property
    def columns(self) -> int:
        return self.col1 - self.col0


def parse_a1(workbook: Workbook, text: str) -> tuple[Sheet, a1.A1]:
    """The sheet and parsed bounds of an A1 range, or Google's "Unable to parse range"."""
    try:
        parsed = a1.parse(text, workbook.titles())
    except a1.A1Error:
        raise invalid(f"Unable to parse range: {text}") from None
    sheet = workbook.first_grid() if parsed.title is None else workbook.by_title(parsed.title)
    if sheet is None or not sheet.is_grid:
        raise invalid(f"Unable to parse range: {text}")
    return sheet, parsed


def clamp_block(sheet: Sheet, parsed: a1.A1, text: str) -> Block:
    """A range as reads see it: open sides run to the grid's edge, overhang is cut."""
    rows, cols = sheet.row_count, sheet.column_count
    row0 = parsed.start_row or 0
    col0 = parsed.start_col or 0
    if row0 >= rows or col0 >= cols:
        raise invalid(
            f"Range ({a1.quote_title(sheet.title)}!{text.rpartition('!')[2]}) exceeds grid "
            f"limits. Max rows: {rows}, max columns: {cols}"
        )
    row1 = rows if parsed.end_row is None else min(parsed.end_row, rows)
    col1 = cols if parsed.end_col is None else min(parsed.end_col, cols)
    return Block(sheet, row0, row1, col0, col1)


def grid_limits_error(sheet: Sheet, row0: int, row1: int, col0: int, col1: int) -> ApiError:
    # Google's words, e.g. "Range (Solar!Y1) exceeds grid limits. Max rows: 981, max
    # columns: 24" (reported against Home Assistant's Sheets integration).
    written = a1.format_range(sheet.title, row0, row1, col0, col1)
    return invalid(
        f"Range ({written}) exceeds grid limits. Max rows: {sheet.row_count}, "
        f"max columns: {sheet.column_count}"
    )


# --------------------------------------------------------------------------------------
# Reading values back
# --------------------------------------------------------------------------------------


class Reader:
    """Computes what cells read as, evaluating formulas once per read (memoised)."""

    def __init__(self, workbook: Workbook, today: Callable[[], dt.date]):
        self.workbook = workbook
        self._today = today
        self._memo: dict[tuple[int, int, int], Any] = {}
        self._busy: set[tuple[int, int, int]] = set()
        self.evaluator = Evaluator(self)
        self.locale = workbook.locale
        self._effective: dict[int, tuple[Any, dict[str, Any]]] = {}

    # Context protocol for the formula evaluator
    def today(self) -> dt.date:
        return self._today()

    def bounds(self, title: str | None) -> tuple[int, int] | None:
        sheet = self._sheet(title)
        return None if sheet is None else (sheet.row_count, sheet.column_count)

    def value(self, title: str | None, row: int, col: int) -> Any:
        sheet = self._sheet(title)
        if sheet is None:
            return FormulaError("REF", f"Unresolved sheet name '{title}'.")
        return self.effective(sheet, row, col, sheet.get(row, col))

    def _sheet(self, title: str | None) -> Sheet | None:
        if title is None:
            return self.workbook.first_grid()
        return self.workbook.by_title(title)

    def effective(self, sheet: Sheet, row: int, col: int, stored: Any) -> Any:
        """The effective value: the value, or what a formula evaluates to."""
        if stored.__class__ is not Cell:
            return stored
        if stored.formula is None:
            return stored.value
        key = (sheet.sheet_id, row, col)
        if key in self._memo:
            return self._memo[key]
        if key in self._busy:
            return FormulaError(
                "REF",
                "Circular dependency detected. To resolve with iterative calculation, see "
                "File > Settings.",
            )
        self._busy.add(key)
        try:
            result = self.evaluator.evaluate(stored.formula, sheet.title)
        finally:
            self._busy.discard(key)
        self._memo[key] = result
        return result

    def render(
        self,
        sheet: Sheet,
        row: int,
        col: int,
        stored: Any,
        value_render: str,
        datetime_render: str,
    ) -> Any:
        """One cell as the values API returns it ("" for empty)."""
        cls = stored.__class__
        if stored is None:
            return ""
        if cls is not Cell:
            if value_render == "FORMATTED_VALUE" and cls is not str:
                return format_value(stored, None, self.locale)
            return stored
        if value_render == "FORMULA" and stored.formula is not None:
            return stored.formula
        value = self.effective(sheet, row, col, stored)
        if value is None:
            return ""
        if value.__class__ is FormulaError:
            return value.text
        number_format = (stored.fmt or {}).get("numberFormat")
        if value_render == "FORMATTED_VALUE":
            return format_value(value, number_format, self.locale)
        if (
            datetime_render == "FORMATTED_STRING"
            and is_date_format(number_format)
            and value.__class__ is not str
            and value.__class__ is not bool
        ):
            return format_value(value, number_format, self.locale)
        return value

    def values(
        self,
        block: Block,
        value_render: str = "FORMATTED_VALUE",
        datetime_render: str = "SERIAL_NUMBER",
        major: str = "ROWS",
    ) -> list[list[Any]]:
        """A block as ValueRange.values: trailing empty cells and rows trimmed."""
        sheet = block.sheet
        rows = sheet.rows
        col0, col1 = block.col0, block.col1
        fast = value_render == "UNFORMATTED_VALUE"
        out: list[list[Any]] = []
        render = self.render
        for row in range(block.row0, min(block.row1, len(rows))):
            cells = rows[row][col0:col1]
            if fast and Cell not in map(type, cells):
                # Bare values only (checked at C speed): the common case of a big tab.
                rendered = ["" if stored is None else stored for stored in cells]
            elif fast:
                rendered = [
                    ""
                    if stored is None
                    else render(sheet, row, col0 + offset, stored, value_render, datetime_render)
                    if stored.__class__ is Cell
                    else stored
                    for offset, stored in enumerate(cells)
                ]
            else:
                rendered = [
                    render(sheet, row, col0 + offset, stored, value_render, datetime_render)
                    for offset, stored in enumerate(cells)
                ]
            while rendered and rendered[-1] == "":
                rendered.pop()
            out.append(rendered)
        if major == "COLUMNS":
            width = max((len(row) for row in out), default=0)
            out = [[row[col] if col < len(row) else "" for row in out] for col in range(width)]
            for column in out:
                while column and column[-1] == "":
                    column.pop()
        while out and not out[-1]:
            out.pop()
        return out

    # -- GridData ----------------------------------------------------------------------

    def cell_data(self, sheet: Sheet, row: int, col: int, stored: Any) -> dict[str, Any]:
        value, formula, fmt, note, validation, extra = unpack(stored)
        data: dict[str, Any] = {}
        if formula is not None:
            data["userEnteredValue"] = {"formulaValue": formula}
            value = self.effective(sheet, row, col, stored)
        elif value is not None:
            data["userEnteredValue"] = extended_value(value)
        if value is not None:
            data["effectiveValue"] = extended_value(value)
            number_format = (fmt or {}).get("numberFormat")
            if value.__class__ is FormulaError:
                data["formattedValue"] = value.text
            else:
                data["formattedValue"] = format_value(value, number_format, self.locale)
        if fmt:
            data["userEnteredFormat"] = fmt
        if value is not None or fmt:
            # Formats are shared between cells, so their effective form is computed once.
            cached = self._effective.get(id(fmt))
            if cached is None or cached[0] is not fmt:
                default = self.workbook.properties.get("defaultFormat", {})
                cached = self._effective[id(fmt)] = (fmt, effective_format(default, fmt))
            data["effectiveFormat"] = cached[1]
        if formula is not None:
            link = hyperlink_target(formula)
            if link:
                data["hyperlink"] = link
        if note:
            data["note"] = note
        if validation:
            data["dataValidation"] = validation
        if extra:
            data.update(extra)
        return data

    def grid_data(self, block: Block) -> dict[str, Any]:
        sheet = block.sheet
        data: dict[str, Any] = {}
        if block.row0:
            data["startRow"] = block.row0
        if block.col0:
            data["startColumn"] = block.col0
        row_data: list[dict[str, Any]] = []
        for row in range(block.row0, min(block.row1, len(sheet.rows))):
            cells = sheet.rows[row][block.col0 : block.col1]
            values = [
                self.cell_data(sheet, row, block.col0 + offset, stored)
                for offset, stored in enumerate(cells)
            ]
            while values and not values[-1]:
                values.pop()
            row_data.append({"values": values} if values else {})
        while row_data and not row_data[-1]:
            row_data.pop()
        if row_data:
            data["rowData"] = row_data
        data["rowMetadata"] = [
            dimension_out(sheet.row_meta.get(row), DEFAULT_ROW_PIXELS)
            for row in range(block.row0, block.row1)
        ]
        data["columnMetadata"] = [
            dimension_out(sheet.column_meta.get(col), DEFAULT_COLUMN_PIXELS)
            for col in range(block.col0, block.col1)
        ]
        return data


def dimension_out(meta: dict[str, Any] | None, default_pixels: int) -> dict[str, Any]:
    out = {"pixelSize": default_pixels}
    if meta:
        out.update(meta)
    return out


def extended_value(value: Any) -> dict[str, Any]:
    cls = value.__class__
    if cls is bool:
        return {"boolValue": value}
    if cls is str:
        return {"stringValue": value}
    if cls is FormulaError:
        return {"errorValue": {"type": value.type, "message": value.message}}
    return {"numberValue": value}


def effective_format(default: dict[str, Any], fmt: dict[str, Any] | None) -> dict[str, Any]:
    merged = copy.deepcopy(default)
    for key, value in (fmt or {}).items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        else:
            merged[key] = value
    return merged


def spreadsheet_json(
    workbook: Workbook,
    reader: Reader,
    blocks: list[Block] | None,
    include_grid: bool,
) -> dict[str, Any]:
    """The Spreadsheet resource. ``blocks`` (from ``ranges``) limit which sheets appear;
    grid data is computed only when asked for, since it is the expensive part."""
    out: dict[str, Any] = {
        "spreadsheetId": workbook.spreadsheet_id,
        "properties": workbook.properties,
    }
    by_sheet: dict[int, list[Block]] = {}
    for block in blocks or ():
        by_sheet.setdefault(block.sheet.sheet_id, []).append(block)
    sheets_out = []
    for sheet in workbook.sheets:
        if blocks is not None and sheet.sheet_id not in by_sheet:
            continue
        entry: dict[str, Any] = {"properties": sheet.properties}
        if include_grid and sheet.is_grid:
            sheet_blocks = by_sheet.get(sheet.sheet_id) or [
                Block(sheet, 0, sheet.row_count, 0, sheet.column_count)
            ]
            entry["data"] = [reader.grid_data(block) for block in sheet_blocks]
        if sheet.merges:
            entry["merges"] = sheet.merges
        if sheet.conditional_formats:
            entry["conditionalFormats"] = sheet.conditional_formats
        if sheet.protected_ranges:
            entry["protectedRanges"] = sheet.protected_ranges
        if sheet.basic_filter:
            entry["basicFilter"] = sheet.basic_filter
        if sheet.banded_ranges:
            entry["bandedRanges"] = sheet.banded_ranges
        metadata = [
            item
            for item in workbook.developer_metadata
            if item["location"].get("locationType") == "SHEET"
            and item["location"].get("sheetId") == sheet.sheet_id
        ]
        if metadata:
            entry["developerMetadata"] = metadata
        if sheet.charts:
            entry["charts"] = sheet.charts
        sheets_out.append(entry)
    out["sheets"] = sheets_out
    if workbook.named_ranges:
        out["namedRanges"] = workbook.named_ranges
    spreadsheet_metadata = [
        item
        for item in workbook.developer_metadata
        if item["location"].get("locationType") == "SPREADSHEET"
    ]
    if spreadsheet_metadata:
        out["developerMetadata"] = spreadsheet_metadata
    out["spreadsheetUrl"] = workbook.url
    return out


def today_in(time_zone: str, now: dt.datetime) -> dt.date:
    try:
        return now.astimezone(ZoneInfo(time_zone)).date()
    except (KeyError, ValueError):
        return now.date()


def iter_block(block: Block) -> Iterable[tuple[int, int]]:
    for row in range(block.row0, block.row1):
        for col in range(block.col0, block.col1):
            yield row, col

"""``spreadsheets.batchUpdate`` for the Sheets fake: one handler per request kind, all run
against a forked workbook so the batch is applied all-or-nothing, each answering the reply
Google gives (``{"addSheet": {"properties": ...}}``, ``{}`` for most kinds)."""

from __future__ import annotations

import copy
import json
import random
import struct
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from . import discovery, field_mask
from .cell_values import format_value
from .errors import ApiError, invalid, invalid_request, unimplemented
from .model import (
    DEFAULT_COLUMNS,
    DEFAULT_ROWS,
    Block,
    Sheet,
    Workbook,
    grid_range_out,
    normalize_sheet_properties,
    pack,
    unpack,
)

Handler = Callable[["Batch", dict[str, Any]], dict[str, Any] | None]
_HANDLERS: dict[str, Handler] = {}


def handles(kind: str) -> Callable[[Handler], Handler]:
    def register(function: Handler) -> Handler:
        _HANDLERS[kind] = function
        return function

    return register


IMPLEMENTED_KINDS = _HANDLERS  # filled in below; exported for documentation and tests


# --------------------------------------------------------------------------------------
# Colors: Google stores 8-bit channels and mirrors every Color with its ColorStyle twin
# --------------------------------------------------------------------------------------


def _float32(value: float) -> float | int:
    """The shortest decimal that reads back as the same float32, as Google prints."""
    if value in (0, 1):
        return int(value)
    single = struct.unpack("f", struct.pack("f", value))[0]
    for digits in range(1, 10):
        text = f"{single:.{digits}g}"
        if struct.unpack("f", struct.pack("f", float(text)))[0] == single:
            return float(text)
    return single


def quantize_color(color: dict[str, Any] | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for channel in ("red", "green", "blue"):
        raw = (color or {}).get(channel)
        if raw is None:
            continue
        level = int(float(raw) * 255 + 0.5 - 1e-6)
        level = max(0, min(255, level))
        if level:
            out[channel] = _float32(level / 255)
    alpha = (color or {}).get("alpha")
    if alpha is not None and float(alpha) != 1:
        out["alpha"] = _float32(float(alpha))
    return out


_COLOR_TWINS = (
    ("backgroundColor", "backgroundColorStyle"),
    ("foregroundColor", "foregroundColorStyle"),
    ("tabColor", "tabColorStyle"),
    ("color", "colorStyle"),
)
_TWIN_OF = {plain: style for plain, style in _COLOR_TWINS} | {
    style: plain for plain, style in _COLOR_TWINS
}


def normalize_colors(value: Any) -> Any:
    """Quantize colors and fill in each Color/ColorStyle twin from the other (the style
    wins when both are given, as the API documents)."""
    if isinstance(value, list):
        return [normalize_colors(item) for item in value]
    if not isinstance(value, dict):
        return value
    out = {key: normalize_colors(item) for key, item in value.items() if item is not None}
    for plain, style in _COLOR_TWINS:
        if style in out and isinstance(out[style], dict):
            rgb = out[style].get("rgbColor")
            if rgb is not None:
                out[style] = {"rgbColor": quantize_color(rgb)}
                out[plain] = quantize_color(rgb)
        elif plain in out and isinstance(out[plain], dict):
            out[plain] = quantize_color(out[plain])
            out[style] = {"rgbColor": dict(out[plain])}
    return out


def expand_twins(tree: field_mask.Tree | None) -> field_mask.Tree | None:
    """A mask naming one of a Color/ColorStyle pair updates the other as well."""
    if tree is None:
        return None
    out: field_mask.Tree = {}
    for key, sub in tree.items():
        out[key] = expand_twins(sub)
        twin = _TWIN_OF.get(key)
        if twin and twin not in tree:
            out[twin] = None
    return out


_FORMAT_INTERN: dict[str, dict[str, Any]] = {}
# The C encoder directly: a cheap content key for a format (key order as sent).
_ENCODE = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode


def intern_format(fmt: dict[str, Any] | None) -> dict[str, Any] | None:
    """One shared dict per distinct format: 100,000 cells of an output tab hold a handful
    of formats, and sharing them keeps the fake's memory flat."""
    if not fmt:
        return None
    key = json.dumps(fmt, sort_keys=True)
    found = _FORMAT_INTERN.get(key)
    if found is None:
        if len(_FORMAT_INTERN) > 50_000:
            _FORMAT_INTERN.clear()
        found = _FORMAT_INTERN[key] = fmt
    return found


# --------------------------------------------------------------------------------------
# The batch
# --------------------------------------------------------------------------------------


class Batch:
    """One batchUpdate in progress on a forked workbook."""

    def __init__(self, workbook: Workbook, rng: random.Random, account_email: str):
        self.workbook = workbook
        self.rng = rng
        self.account_email = account_email
        self.index = 0
        self.kind = ""

    def fail(self, message: str) -> ApiError:
        return invalid_request(self.index, self.kind, message)

    # -- lookups -----------------------------------------------------------------------

    def sheet(self, sheet_id: Any, grid: bool = True) -> Sheet:
        sheet = self.workbook.by_id(int(sheet_id or 0))
        if sheet is None:
            raise self.fail(f"No grid with id: {int(sheet_id or 0)}")
        if grid and not sheet.is_grid:
            raise self.fail(f"Sheet with id {sheet.sheet_id} is not a grid sheet.")
        return sheet

    def block(self, grid_range: dict[str, Any] | None, what: str = "range") -> Block:
        if not grid_range:
            raise self.fail(f"{what} is required")
        sheet = self.sheet(grid_range.get("sheetId"))
        rows, cols = sheet.row_count, sheet.column_count
        row0 = int(grid_range.get("startRowIndex") or 0)
        col0 = int(grid_range.get("startColumnIndex") or 0)
        end_row = grid_range.get("endRowIndex")
        end_col = grid_range.get("endColumnIndex")
        row1 = rows if end_row is None else int(end_row)
        col1 = cols if end_col is None else int(end_col)
        if row0 < 0 or col0 < 0:
            raise self.fail(f"GridRange start indexes must be non-negative: {grid_range}")
        if row1 < row0:
            raise self.fail(f"GridRange.startRowIndex[{row0}] is after endRowIndex[{row1}]")
        if col1 < col0:
            raise self.fail(f"GridRange.startColumnIndex[{col0}] is after endColumnIndex[{col1}]")
        if row1 > rows or col1 > cols:
            block = Block(sheet, row0, max(row1, row0 + 1), col0, max(col1, col0 + 1))
            raise self.fail(
                f"Range ({block.a1}) exceeds grid limits. Max rows: {rows}, max columns: {cols}"
            )
        return Block(sheet, row0, row1, col0, col1)

    def dimension_range(
        self, dimension_range: dict[str, Any] | None
    ) -> tuple[Sheet, str, int, int]:
        if not dimension_range:
            raise self.fail("range is required")
        sheet = self.sheet(dimension_range.get("sheetId"))
        dimension = dimension_range.get("dimension")
        if dimension not in ("ROWS", "COLUMNS"):
            raise self.fail("dimension must be ROWS or COLUMNS")
        count = sheet.row_count if dimension == "ROWS" else sheet.column_count
        start = int(dimension_range.get("startIndex") or 0)
        end_raw = dimension_range.get("endIndex")
        end = count if end_raw is None else int(end_raw)
        if start < 0 or end < start:
            raise self.fail(f"Invalid dimension range: [{start}, {end})")
        if end > count:
            raise self.fail(
                f"Cannot use {'row' if dimension == 'ROWS' else 'column'} index {end - 1}: the "
                f"sheet has {count} {'rows' if dimension == 'ROWS' else 'columns'}."
            )
        return sheet, dimension, start, end

    def mask(self, request: dict[str, Any], schema: str) -> field_mask.Tree:
        fields = request.get("fields")
        if not fields:
            raise self.fail("At least one field must be specified in 'fields'.")
        try:
            tree = field_mask.parse(fields)
        except field_mask.FieldMaskError:
            raise self.fail(f"Invalid field mask: {fields}") from None
        bad = discovery.unknown_mask_paths(tree, schema)
        if bad:
            raise self.fail(f"Invalid field mask: '{bad[0]}' is not a field of {schema}.")
        return tree

    # -- ids ---------------------------------------------------------------------------

    def taken_ids(self) -> set[int]:
        taken: set[int] = set()
        for sheet in self.workbook.sheets:
            taken.add(sheet.sheet_id)
            taken.update(item["protectedRangeId"] for item in sheet.protected_ranges)
            taken.update(item["chartId"] for item in sheet.charts)
            taken.update(item.get("bandedRangeId", 0) for item in sheet.banded_ranges)
        taken.update(item["metadataId"] for item in self.workbook.developer_metadata)
        return taken

    def new_id(self) -> int:
        taken = self.taken_ids()
        while True:
            candidate = self.rng.randrange(1, 2**31 - 1)
            if candidate not in taken:
                return candidate

    def writable(self, sheet: Sheet, cells: bool = True) -> Sheet:
        return self.workbook.writable(sheet, cells)


def apply(
    workbook: Workbook,
    requests: list[dict[str, Any]],
    rng: random.Random,
    account_email: str,
) -> list[dict[str, Any]]:
    """Run every request on the (forked) workbook; raise ApiError at the first bad one."""
    batch = Batch(workbook, rng, account_email)
    replies: list[dict[str, Any]] = []
    for index, request in enumerate(requests):
        batch.index = index
        kinds = [key for key, value in (request or {}).items() if value is not None]
        if not kinds:
            raise invalid(f"Invalid requests[{index}]: No request kind set.")
        if len(kinds) > 1:
            raise invalid(
                f"Invalid value at 'requests[{index}]' (oneof), oneof field 'kind' is already "
                f"set. Cannot overwrite with '{discovery.snake(kinds[1])}'"
            )
        kind = kinds[0]
        batch.kind = kind
        handler = _HANDLERS.get(kind)
        if handler is None:
            raise unimplemented(f"batchUpdate request kind '{kind}' (requests[{index}])")
        reply = handler(batch, request[kind])
        replies.append(reply or {})
    for sheet in workbook.sheets:
        if workbook.owns(sheet):
            normalize_sheet_properties(sheet.properties)
    return replies


# --------------------------------------------------------------------------------------
# Sheets
# --------------------------------------------------------------------------------------


def _duplicate_title(batch: Batch, title: str, sheet: Sheet | None = None) -> None:
    other = batch.workbook.by_title(title)
    if other is not None and other is not sheet:
        raise batch.fail(
            f'A sheet with the name "{title}" already exists. Please enter another name.'
        )


def _ordered_properties(properties: dict[str, Any]) -> dict[str, Any]:
    order = ("sheetId", "title", "index", "sheetType", "gridProperties", "hidden")
    out = {key: properties[key] for key in order if key in properties}
    out.update({key: value for key, value in properties.items() if key not in out})
    return out


@handles("addSheet")
def add_sheet(batch: Batch, request: dict[str, Any]) -> dict[str, Any]:
    properties = normalize_colors(copy.deepcopy(request.get("properties") or {}))
    workbook = batch.workbook
    title = properties.get("title")
    if not title:
        number = len(workbook.sheets) + 1
        while workbook.by_title(f"Sheet{number}") is not None:
            number += 1
        title = f"Sheet{number}"
    _duplicate_title(batch, title)
    sheet_id = properties.get("sheetId")
    if sheet_id is not None:
        sheet_id = int(sheet_id)
        if sheet_id < 0:
            raise batch.fail(f"Invalid sheetId: {sheet_id}")
        if workbook.by_id(sheet_id) is not None:
            raise batch.fail(
                f"A sheet with the id {sheet_id} already exists. Please enter another id."
            )
    else:
        sheet_id = batch.new_id()
    sheet_type = properties.get("sheetType") or "GRID"
    if sheet_type != "GRID":
        raise batch.fail("Only GRID sheets can be added with addSheet.")
    grid = {"rowCount": DEFAULT_ROWS, "columnCount": DEFAULT_COLUMNS}
    grid.update(properties.get("gridProperties") or {})
    if int(grid["rowCount"]) < 1 or int(grid["columnCount"]) < 1:
        raise batch.fail("A sheet must have at least one row and one column.")
    _check_frozen(batch, grid)
    properties.update(
        {"sheetId": sheet_id, "title": title, "sheetType": sheet_type, "gridProperties": grid}
    )
    index = properties.pop("index", None)
    properties["index"] = 0
    sheet = Sheet(_ordered_properties(properties))
    workbook.add_sheet(sheet, None if index is None else int(index))
    normalize_sheet_properties(sheet.properties)
    return {"addSheet": {"properties": copy.deepcopy(sheet.properties)}}


def _check_frozen(batch: Batch, grid: dict[str, Any]) -> None:
    if int(grid.get("frozenRowCount") or 0) >= int(grid.get("rowCount") or 0) > 0:
        raise batch.fail("You can't freeze all visible rows on the sheet.")
    if int(grid.get("frozenColumnCount") or 0) >= int(grid.get("columnCount") or 0) > 0:
        raise batch.fail("You can't freeze all visible columns on the sheet.")


@handles("deleteSheet")
def delete_sheet(batch: Batch, request: dict[str, Any]) -> None:
    sheet = batch.sheet(request.get("sheetId"), grid=False)
    if len(batch.workbook.sheets) == 1:
        raise batch.fail("You can't remove all the sheets in a document.")
    batch.workbook.remove_sheet(sheet)
    if all(other.properties.get("hidden") for other in batch.workbook.sheets):
        raise batch.fail("You can't remove all the visible sheets in a document.")


@handles("duplicateSheet")
def duplicate_sheet(batch: Batch, request: dict[str, Any]) -> dict[str, Any]:
    source = batch.sheet(request.get("sourceSheetId"), grid=False)
    title = request.get("newSheetName") or f"Copy of {source.title}"
    _duplicate_title(batch, title)
    new_id = request.get("newSheetId")
    if new_id is not None and batch.workbook.by_id(int(new_id)) is not None:
        raise batch.fail(f"A sheet with the id {new_id} already exists. Please enter another id.")
    twin = source.clone()
    twin.properties["sheetId"] = int(new_id) if new_id is not None else batch.new_id()
    twin.properties["title"] = title
    for item in twin.protected_ranges:
        item["protectedRangeId"] = batch.new_id()
        item["range"] = _on_sheet(item["range"], twin.sheet_id)
    for item in twin.charts:
        item["chartId"] = batch.new_id()
    twin.merges = [_on_sheet(item, twin.sheet_id) for item in twin.merges]
    for rule in twin.conditional_formats:
        rule["ranges"] = [_on_sheet(item, twin.sheet_id) for item in rule.get("ranges", [])]
    index = request.get("insertSheetIndex")
    batch.workbook.add_sheet(twin, None if index is None else int(index))
    normalize_sheet_properties(twin.properties)
    return {"duplicateSheet": {"properties": copy.deepcopy(twin.properties)}}


def _on_sheet(grid_range: dict[str, Any], sheet_id: int) -> dict[str, Any]:
    return grid_range_out({**grid_range, "sheetId": sheet_id})


@handles("updateSheetProperties")
def update_sheet_properties(batch: Batch, request: dict[str, Any]) -> None:
    source = normalize_colors(request.get("properties") or {})
    tree = expand_twins(batch.mask(request, "SheetProperties"))
    assert tree is not None
    if "sheetId" in tree or "sheetType" in tree:
        raise batch.fail("sheetId and sheetType cannot be changed.")
    sheet = batch.writable(batch.sheet(source.get("sheetId"), grid=False), cells=False)
    old_rows, old_cols = sheet.row_count, sheet.column_count
    old_index = sheet.index
    updated = field_mask.merged(sheet.properties, source, tree)
    updated["sheetId"] = sheet.sheet_id
    updated.setdefault("sheetType", sheet.properties.get("sheetType", "GRID"))
    if not updated.get("title"):
        raise batch.fail("Sheet title cannot be empty.")
    _duplicate_title(batch, updated["title"], sheet)
    grid = updated.setdefault("gridProperties", {})
    if sheet.is_grid:
        grid.setdefault("rowCount", old_rows)
        grid.setdefault("columnCount", old_cols)
        if int(grid["rowCount"]) < 1 or int(grid["columnCount"]) < 1:
            raise batch.fail("A sheet must have at least one row and one column.")
        _check_frozen(batch, grid)
    sheet.properties = _ordered_properties(updated)
    if sheet.row_count < old_rows or sheet.column_count < old_cols:
        sheet = batch.writable(sheet)
        sheet.truncate()
    workbook = batch.workbook
    if "index" in tree:
        # Indexes count positions "before the move", as the API documents.
        target = int(source.get("index") or 0)
        workbook.sheets.remove(sheet)
        position = target - 1 if target > old_index else target
        workbook.sheets.insert(max(0, min(position, len(workbook.sheets))), sheet)
    workbook.reindex()
    if all(other.properties.get("hidden") for other in workbook.sheets):
        raise batch.fail("You can't hide all the sheets in a document.")


@handles("updateSpreadsheetProperties")
def update_spreadsheet_properties(batch: Batch, request: dict[str, Any]) -> None:
    source = normalize_colors(request.get("properties") or {})
    tree = expand_twins(batch.mask(request, "SpreadsheetProperties"))
    updated = field_mask.merged(batch.workbook.properties, source, tree)
    if not updated.get("title"):
        raise batch.fail("The spreadsheet title cannot be empty.")
    time_zone = updated.get("timeZone")
    if time_zone:
        try:
            ZoneInfo(time_zone)
        except (KeyError, ValueError):
            raise batch.fail(f"Invalid timeZone: {time_zone}") from None
    batch.workbook.properties = updated


# --------------------------------------------------------------------------------------
# Cells
# --------------------------------------------------------------------------------------

_CELL_FIELDS = ("userEnteredValue", "userEnteredFormat", "note", "dataValidation")
_EXTRA_FIELDS = ("textFormatRuns", "chipRuns", "pivotTable", "dataSourceTable")
_READ_ONLY_FIELDS = (
    "effectiveValue",
    "formattedValue",
    "effectiveFormat",
    "hyperlink",
    "dataSourceFormula",
)


class CellWriter:
    """Applies CellData under a field mask to stored cells. Results are cached per
    (old cell format, CellData) so repeating one format over 100,000 cells stays cheap."""

    def __init__(self, batch: Batch, tree: field_mask.Tree):
        if "*" in tree:
            tree = {name: None for name in (*_CELL_FIELDS, "textFormatRuns")}
        for name in tree:
            if name in _READ_ONLY_FIELDS:
                raise batch.fail(f"Cannot set the read-only field '{name}'.")
        self.batch = batch
        self.tree = tree
        self.format_tree = (
            expand_twins(tree.get("userEnteredFormat")) if ("userEnteredFormat" in tree) else None
        )
        # (id(old format), id(source)) -> (old, source, result); holding old and source
        # keeps their ids from being reused while the entry lives.
        self._format_cache: dict[tuple[int, int], tuple[Any, Any, Any]] = {}
        # Formats by content: each row of an updateCells carries its own copy of the
        # same few formats, and one json.dumps is far cheaper than normalizing again.
        self._by_content: dict[str, dict[str, Any] | None] = {}
        self.values_and_formats = set(tree) == {"userEnteredValue", "userEnteredFormat"}

    def value_of(self, data: dict[str, Any]) -> tuple[Any, str | None]:
        extended = data.get("userEnteredValue")
        if not extended:
            return None, None
        if len(extended) == 1:
            ((kind, raw),) = extended.items()
            if raw is None:
                return None, None
        else:
            kinds = [key for key, value in extended.items() if value is not None]
            if len(kinds) > 1:
                raise invalid(
                    f"Invalid value at 'requests[{self.batch.index}]."
                    f"{discovery.snake(self.batch.kind)}' (oneof), oneof field 'value' is "
                    f"already set. Cannot overwrite with '{discovery.snake(kinds[1])}'"
                )
            if not kinds:
                return None, None
            kind = kinds[0]
            raw = extended[kind]
        if kind == "stringValue":
            return raw, None  # never parsed: "=HYPERLINK(...)" here stays text
        if kind == "numberValue":
            if raw.__class__ is int:
                return raw, None
            number = float(raw)
            if number.is_integer() and abs(number) < 2**53:
                return int(number), None
            return number, None
        if kind == "boolValue":
            return bool(raw), None
        if kind == "formulaValue":
            if not str(raw).startswith("="):
                raise self.batch.fail(f"Formula must start with '=': {raw}")
            return None, raw
        raise self.batch.fail(f"Cannot set {kind}: it is read-only.")

    def new_format(self, old: dict[str, Any] | None, data: dict[str, Any]) -> Any:
        source = data.get("userEnteredFormat")
        if self.format_tree is None:
            # The whole format is replaced: the old one does not matter.
            if not source:
                return None
            key = _ENCODE(source)
            if key not in self._by_content:
                self._by_content[key] = intern_format(normalize_colors(source))
            return self._by_content[key]
        cached = self._format_cache.get((id(old), id(source)))
        if cached is not None and cached[0] is old and cached[1] is source:
            return cached[2]
        result = intern_format(
            field_mask.merged(old, normalize_colors(source or {}), self.format_tree)
        )
        self._format_cache[(id(old), id(source))] = (old, source, result)
        return result

    def apply(self, stored: Any, data: dict[str, Any] | None) -> Any:
        data = data or {}
        if self.values_and_formats:
            # The common shape of an output tab write, without the generic loop.
            _, _, fmt, note, validation, extra = unpack(stored)
            value, formula = self.value_of(data)
            fmt = self.new_format(fmt, data)
            return pack(value, formula, fmt, note, validation, extra)
        value, formula, fmt, note, validation, extra = unpack(stored)
        for name in self.tree:
            if name == "userEnteredValue":
                value, formula = self.value_of(data)
            elif name == "userEnteredFormat":
                fmt = self.new_format(fmt, data)
            elif name == "note":
                note = data.get("note") or None
            elif name == "dataValidation":
                validation = data.get("dataValidation") or None
            elif name in _EXTRA_FIELDS:
                extra = dict(extra or {})
                if data.get(name):
                    extra[name] = data[name]
                else:
                    extra.pop(name, None)
        return pack(value, formula, fmt, note, validation, extra)


def _cell_mask(batch: Batch, request: dict[str, Any]) -> field_mask.Tree:
    return batch.mask(request, "CellData")


@handles("updateCells")
def update_cells(batch: Batch, request: dict[str, Any]) -> None:
    writer = CellWriter(batch, _cell_mask(batch, request))
    rows = request.get("rows") or []
    if request.get("range") is not None and request.get("start") is not None:
        raise invalid(
            f"Invalid value at 'requests[{batch.index}].update_cells' (oneof), oneof field "
            "'area' is already set. Cannot overwrite with 'range'"
        )
    if request.get("range") is not None:
        block = batch.block(request["range"])
        if len(rows) > block.rows:
            raise batch.fail(
                f"Attempting to write row: {block.row0 + len(rows) - 1}, beyond the last "
                f"requested row of: {block.row1 - 1}"
            )
        widest = max((len((row or {}).get("values") or []) for row in rows), default=0)
        if widest > block.columns:
            raise batch.fail(
                f"Attempting to write column: {block.col0 + widest - 1}, beyond the last "
                f"requested column of: {block.col1 - 1}"
            )
        sheet = batch.writable(block.sheet)
        for row in range(block.row0, block.row1):
            row_data = rows[row - block.row0] if row - block.row0 < len(rows) else None
            values = (row_data or {}).get("values") or []
            for col in range(block.col0, block.col1):
                data = values[col - block.col0] if col - block.col0 < len(values) else None
                sheet.put(row, col, writer.apply(sheet.get(row, col), data))
        sheet.compact()
        return
    start = request.get("start")
    if start is None:
        raise batch.fail("Either 'start' or 'range' must be set.")
    sheet = batch.sheet(start.get("sheetId"))
    row0 = int(start.get("rowIndex") or 0)
    col0 = int(start.get("columnIndex") or 0)
    widest = max((len((row or {}).get("values") or []) for row in rows), default=0)
    if rows and widest:
        batch.block(
            {
                "sheetId": sheet.sheet_id,
                "startRowIndex": row0,
                "endRowIndex": row0 + len(rows),
                "startColumnIndex": col0,
                "endColumnIndex": col0 + widest,
            }
        )
    sheet = batch.writable(sheet)
    _write_rows(sheet, writer, rows, row0, col0)


def _write_rows(
    sheet: Sheet, writer: CellWriter, rows: list[dict[str, Any]], row0: int, col0: int
) -> None:
    put, get, apply_cell = sheet.put, sheet.get, writer.apply
    for offset, row_data in enumerate(rows):
        row = row0 + offset
        for col_offset, data in enumerate((row_data or {}).get("values") or []):
            if data is None:
                continue
            col = col0 + col_offset
            put(row, col, apply_cell(get(row, col), data))
    sheet.compact()


@handles("appendCells")
def append_cells(batch: Batch, request: dict[str, Any]) -> None:
    writer = CellWriter(batch, _cell_mask(batch, request))
    sheet = batch.writable(batch.sheet(request.get("sheetId")))
    rows = request.get("rows") or []
    row0 = sheet.last_row_with_data() + 1
    grid = sheet.properties["gridProperties"]
    grid["rowCount"] = max(sheet.row_count, row0 + len(rows))
    widest = max((len((row or {}).get("values") or []) for row in rows), default=0)
    grid["columnCount"] = max(sheet.column_count, widest)
    _write_rows(sheet, writer, rows, row0, 0)


@handles("repeatCell")
def repeat_cell(batch: Batch, request: dict[str, Any]) -> None:
    writer = CellWriter(batch, _cell_mask(batch, request))
    block = batch.block(request.get("range"))
    data = request.get("cell") or {}
    sheet = batch.writable(block.sheet)
    for row in range(block.row0, block.row1):
        for col in range(block.col0, block.col1):
            sheet.put(row, col, writer.apply(sheet.get(row, col), data))
    # Only the rows this request touched (a sync sends a repeatCell per styled row: the
    # whole sheet each time made the fake quadratic in rows).
    sheet.compact(block.row0, block.row1)


def _set_format_part(sheet: Sheet, row: int, col: int, update: Callable[[dict], dict]) -> None:
    value, formula, fmt, note, validation, extra = unpack(sheet.get(row, col))
    fmt = intern_format(update(dict(fmt or {})))
    sheet.put(row, col, pack(value, formula, fmt, note, validation, extra))


@handles("updateBorders")
def update_borders(batch: Batch, request: dict[str, Any]) -> None:
    block = batch.block(request.get("range"))
    sheet = batch.writable(block.sheet)
    sides = {
        side: normalize_colors(request[side])
        for side in ("top", "bottom", "left", "right", "innerHorizontal", "innerVertical")
        if request.get(side) is not None
    }
    for row in range(block.row0, block.row1):
        for col in range(block.col0, block.col1):
            wanted: dict[str, Any] = {}
            if "top" in sides and row == block.row0:
                wanted["top"] = sides["top"]
            if "bottom" in sides and row == block.row1 - 1:
                wanted["bottom"] = sides["bottom"]
            if "left" in sides and col == block.col0:
                wanted["left"] = sides["left"]
            if "right" in sides and col == block.col1 - 1:
                wanted["right"] = sides["right"]
            if "innerHorizontal" in sides:
                if row > block.row0:
                    wanted["top"] = sides["innerHorizontal"]
                if row < block.row1 - 1:
                    wanted["bottom"] = sides["innerHorizontal"]
            if "innerVertical" in sides:
                if col > block.col0:
                    wanted["left"] = sides["innerVertical"]
                if col < block.col1 - 1:
                    wanted["right"] = sides["innerVertical"]
            if not wanted:
                continue

            def update(fmt: dict[str, Any], wanted: dict[str, Any] = wanted) -> dict[str, Any]:
                borders = dict(fmt.get("borders") or {})
                for side, border in wanted.items():
                    if border.get("style") == "NONE":
                        borders.pop(side, None)
                    else:
                        borders[side] = border
                if borders:
                    fmt["borders"] = borders
                else:
                    fmt.pop("borders", None)
                return fmt

            _set_format_part(sheet, row, col, update)
    sheet.compact()


def _overlaps(a: Block, b: dict[str, Any], sheet: Sheet) -> bool:
    b_row0, b_col0 = b.get("startRowIndex", 0), b.get("startColumnIndex", 0)
    b_row1 = b.get("endRowIndex", sheet.row_count)
    b_col1 = b.get("endColumnIndex", sheet.column_count)
    return a.row0 < b_row1 and b_row0 < a.row1 and a.col0 < b_col1 and b_col0 < a.col1


def _inside(a: Block, b: dict[str, Any], sheet: Sheet) -> bool:
    return (
        a.row0 <= b.get("startRowIndex", 0)
        and b.get("endRowIndex", sheet.row_count) <= a.row1
        and a.col0 <= b.get("startColumnIndex", 0)
        and b.get("endColumnIndex", sheet.column_count) <= a.col1
    )


@handles("mergeCells")
def merge_cells(batch: Batch, request: dict[str, Any]) -> None:
    block = batch.block(request.get("range"))
    merge_type = request.get("mergeType") or "MERGE_ALL"
    sheet = batch.writable(block.sheet)
    if any(_overlaps(block, merge, sheet) for merge in sheet.merges):
        raise batch.fail("You can't merge cells that overlap with an existing merge.")
    pieces: list[Block] = []
    if merge_type == "MERGE_ALL":
        pieces = [block]
    elif merge_type == "MERGE_COLUMNS":
        pieces = [
            Block(sheet, block.row0, block.row1, c, c + 1) for c in range(block.col0, block.col1)
        ]
    else:
        pieces = [
            Block(sheet, r, r + 1, block.col0, block.col1) for r in range(block.row0, block.row1)
        ]
    for piece in pieces:
        if piece.rows * piece.columns <= 1:
            continue
        sheet.merges.append(
            grid_range_out(
                {
                    "sheetId": sheet.sheet_id,
                    "startRowIndex": piece.row0,
                    "endRowIndex": piece.row1,
                    "startColumnIndex": piece.col0,
                    "endColumnIndex": piece.col1,
                }
            )
        )
        # A merge keeps only its top-left value.
        for row in range(piece.row0, piece.row1):
            for col in range(piece.col0, piece.col1):
                if (row, col) != (piece.row0, piece.col0):
                    _, _, fmt, note, validation, extra = unpack(sheet.get(row, col))
                    sheet.put(row, col, pack(None, None, fmt, note, validation, extra))
    sheet.compact()


@handles("unmergeCells")
def unmerge_cells(batch: Batch, request: dict[str, Any]) -> None:
    block = batch.block(request.get("range"))
    sheet = batch.writable(block.sheet, cells=False)
    kept = []
    for merge in sheet.merges:
        if not _overlaps(block, merge, sheet):
            kept.append(merge)
        elif not _inside(block, merge, sheet):
            raise batch.fail("The range must not partially span a merge.")
    sheet.merges = kept


@handles("setDataValidation")
def set_data_validation(batch: Batch, request: dict[str, Any]) -> None:
    block = batch.block(request.get("range"))
    rule = request.get("rule")
    if rule is not None:
        condition = rule.get("condition") or {}
        if not condition.get("type"):
            raise batch.fail("A data validation rule needs a condition type.")
        rule = {key: value for key, value in rule.items() if value is not None}
        if rule.get("showCustomUi") is False:
            rule.pop("showCustomUi")
    sheet = batch.writable(block.sheet)
    for row in range(block.row0, block.row1):
        for col in range(block.col0, block.col1):
            value, formula, fmt, note, _, extra = unpack(sheet.get(row, col))
            sheet.put(row, col, pack(value, formula, fmt, note, rule, extra))
    sheet.compact()


# --------------------------------------------------------------------------------------
# Rows and columns
# --------------------------------------------------------------------------------------


@handles("updateDimensionProperties")
def update_dimension_properties(batch: Batch, request: dict[str, Any]) -> None:
    if request.get("dataSourceSheetRange") is not None:
        raise unimplemented("updateDimensionProperties on data source sheets")
    tree = batch.mask(request, "DimensionProperties")
    sheet, dimension, start, end = batch.dimension_range(request.get("range"))
    source = request.get("properties") or {}
    sheet = batch.writable(sheet, cells=False)
    meta = sheet.row_meta if dimension == "ROWS" else sheet.column_meta
    for index in range(start, end):
        updated = field_mask.merged(meta.get(index), source, tree)
        if not updated.get("hiddenByUser"):
            updated.pop("hiddenByUser", None)
        if updated:
            meta[index] = updated
        else:
            meta.pop(index, None)


@handles("autoResizeDimensions")
def auto_resize_dimensions(batch: Batch, request: dict[str, Any]) -> None:
    if request.get("dataSourceSheetDimensions") is not None:
        raise unimplemented("autoResizeDimensions on data source sheets")
    sheet, dimension, start, end = batch.dimension_range(request.get("dimensions"))
    sheet = batch.writable(sheet, cells=False)
    locale = batch.workbook.locale
    for index in range(start, end):
        if dimension == "ROWS":
            sheet.row_meta[index] = {**sheet.row_meta.get(index, {}), "pixelSize": 21}
            continue
        longest = 0
        for cells in sheet.rows:
            if index < len(cells) and cells[index] is not None:
                value, _, fmt, _, _, _ = unpack(cells[index])
                number_format = (fmt or {}).get("numberFormat")
                text = format_value(value, number_format, locale) if value is not None else ""
                longest = max(longest, len(text))
        # Roughly Arial 10: 7 pixels a character plus the cell's padding.
        sheet.column_meta[index] = {
            **sheet.column_meta.get(index, {}),
            "pixelSize": max(21, longest * 7 + 10),
        }


@handles("insertDimension")
def insert_dimension(batch: Batch, request: dict[str, Any]) -> None:
    dimension_range = request.get("range") or {}
    sheet = batch.sheet(dimension_range.get("sheetId"))
    dimension = dimension_range.get("dimension")
    count = sheet.row_count if dimension == "ROWS" else sheet.column_count
    start = int(dimension_range.get("startIndex") or 0)
    end = int(dimension_range.get("endIndex") or 0)
    if dimension not in ("ROWS", "COLUMNS") or not 0 <= start <= count or end <= start:
        raise batch.fail(f"Invalid dimension range to insert: {dimension_range}")
    if start == 0 and request.get("inheritFromBefore"):
        raise batch.fail("Cannot inherit from before the first row or column.")
    sheet = batch.writable(sheet)
    grid = sheet.properties["gridProperties"]
    if dimension == "ROWS":
        grid["rowCount"] = count + end - start
        sheet.insert_rows(start, end - start)
    else:
        grid["columnCount"] = count + end - start
        sheet.insert_columns(start, end - start)


@handles("deleteDimension")
def delete_dimension(batch: Batch, request: dict[str, Any]) -> None:
    sheet, dimension, start, end = batch.dimension_range(request.get("range"))
    count = sheet.row_count if dimension == "ROWS" else sheet.column_count
    if end - start >= count:
        noun = "rows" if dimension == "ROWS" else "columns"
        raise batch.fail(f"You can't delete all the {noun} on the sheet.")
    sheet = batch.writable(sheet)
    grid = sheet.properties["gridProperties"]
    if dimension == "ROWS":
        grid["rowCount"] = count - (end - start)
        sheet.delete_rows(start, end)
    else:
        grid["columnCount"] = count - (end - start)
        sheet.delete_columns(start, end)
    _check_frozen(batch, grid)


@handles("appendDimension")
def append_dimension(batch: Batch, request: dict[str, Any]) -> None:
    sheet = batch.writable(batch.sheet(request.get("sheetId")), cells=False)
    length = int(request.get("length") or 0)
    if length < 1:
        raise batch.fail("length must be positive.")
    key = "rowCount" if request.get("dimension") == "ROWS" else "columnCount"
    if request.get("dimension") not in ("ROWS", "COLUMNS"):
        raise batch.fail("dimension must be ROWS or COLUMNS")
    sheet.properties["gridProperties"][key] += length


# --------------------------------------------------------------------------------------
# Protection
# --------------------------------------------------------------------------------------


def _protected_range(batch: Batch, given: dict[str, Any], existing_id: int | None) -> dict:
    given = {key: value for key, value in given.items() if value is not None}
    if given.get("namedRangeId"):
        raise unimplemented("protected ranges on named ranges")
    block = batch.block(given.get("range"), "protectedRange.range")
    out: dict[str, Any] = {"protectedRangeId": existing_id}
    out["range"] = grid_range_out(given["range"])
    if given.get("description"):
        out["description"] = given["description"]
    warning_only = bool(given.get("warningOnly"))
    users = list((given.get("editors") or {}).get("users") or [])
    groups = list((given.get("editors") or {}).get("groups") or [])
    if warning_only and (users or groups):
        raise batch.fail("Warning-only protected ranges cannot have editors.")
    if warning_only:
        out["warningOnly"] = True
    if given.get("unprotectedRanges"):
        for item in given["unprotectedRanges"]:
            batch.block(item, "unprotectedRanges")
        out["unprotectedRanges"] = [grid_range_out(item) for item in given["unprotectedRanges"]]
    out["requestingUserCanEdit"] = True
    return {"block": block, "range": out, "users": users, "groups": groups}


def _stored_editors(batch: Batch, users: list[str], groups: list[str]) -> dict[str, Any]:
    # The requesting account always stays an editor of what it protects.
    editors: dict[str, Any] = {"users": sorted({*users, batch.account_email})}
    if groups:
        editors["groups"] = groups
    return editors


@handles("addProtectedRange")
def add_protected_range(batch: Batch, request: dict[str, Any]) -> dict[str, Any]:
    given = request.get("protectedRange") or {}
    wanted_id = given.get("protectedRangeId")
    if wanted_id is not None and int(wanted_id) in batch.taken_ids():
        raise batch.fail(f"A protected range with id {wanted_id} already exists.")
    parts = _protected_range(batch, given, int(wanted_id) if wanted_id else batch.new_id())
    stored = dict(parts["range"])
    stored["editors"] = _stored_editors(batch, parts["users"], parts["groups"])
    sheet = batch.writable(parts["block"].sheet, cells=False)
    sheet.protected_ranges.append(stored)
    reply = dict(parts["range"])
    # Google answers a warning-only range with empty editors, and lists the editors of a
    # real one.
    reply["editors"] = {} if parts["range"].get("warningOnly") else copy.deepcopy(stored["editors"])
    return {"addProtectedRange": {"protectedRange": reply}}


def _find_protected(batch: Batch, protected_id: Any) -> tuple[Sheet, int]:
    for sheet in batch.workbook.sheets:
        for position, item in enumerate(sheet.protected_ranges):
            if item["protectedRangeId"] == int(protected_id or 0):
                return sheet, position
    raise batch.fail(f"No protected range with id: {protected_id}")


@handles("updateProtectedRange")
def update_protected_range(batch: Batch, request: dict[str, Any]) -> None:
    given = request.get("protectedRange") or {}
    tree = batch.mask(request, "ProtectedRange")
    sheet, position = _find_protected(batch, given.get("protectedRangeId"))
    sheet = batch.writable(sheet, cells=False)
    current = sheet.protected_ranges.pop(position)
    merged = field_mask.merged(current, given, tree)
    parts = _protected_range(batch, merged, current["protectedRangeId"])
    stored = dict(parts["range"])
    stored["editors"] = _stored_editors(batch, parts["users"], parts["groups"])
    target = batch.writable(parts["block"].sheet, cells=False)
    target.protected_ranges.append(stored)


@handles("deleteProtectedRange")
def delete_protected_range(batch: Batch, request: dict[str, Any]) -> None:
    sheet, position = _find_protected(batch, request.get("protectedRangeId"))
    sheet = batch.writable(sheet, cells=False)
    del sheet.protected_ranges[position]


# --------------------------------------------------------------------------------------
# Developer metadata
# --------------------------------------------------------------------------------------


def metadata_location(batch: Batch, location: dict[str, Any] | None) -> dict[str, Any]:
    location = {key: value for key, value in (location or {}).items() if value is not None}
    location.pop("locationType", None)
    if len(location) != 1:
        raise batch.fail("Developer metadata needs exactly one location.")
    if location.get("spreadsheet"):
        return {"locationType": "SPREADSHEET", "spreadsheet": True}
    if "sheetId" in location:
        sheet = batch.sheet(location["sheetId"], grid=False)
        return {"locationType": "SHEET", "sheetId": sheet.sheet_id}
    if "dimensionRange" in location:
        dimension_range = location["dimensionRange"]
        sheet, dimension, start, end = batch.dimension_range(dimension_range)
        return {
            "locationType": "ROW" if dimension == "ROWS" else "COLUMN",
            "dimensionRange": {
                "sheetId": sheet.sheet_id,
                "dimension": dimension,
                "startIndex": start,
                "endIndex": end,
            },
        }
    raise batch.fail("Developer metadata needs a location.")


def metadata_matches(item: dict[str, Any], lookup: dict[str, Any]) -> bool:
    """Whether a DeveloperMetadataLookup selects an item (exact matching)."""
    for key in ("metadataId", "metadataKey", "metadataValue", "visibility"):
        if lookup.get(key) is not None and item.get(key) != lookup[key]:
            return False
    location = item.get("location", {})
    if lookup.get("locationType") and location.get("locationType") != lookup["locationType"]:
        return False
    wanted = {
        key: value
        for key, value in (lookup.get("metadataLocation") or {}).items()
        if value is not None
    }
    if wanted.get("locationType") and location.get("locationType") != wanted["locationType"]:
        return False
    if wanted.get("spreadsheet") and location.get("locationType") != "SPREADSHEET":
        return False
    if "sheetId" in wanted and (
        location.get("locationType") != "SHEET" or location.get("sheetId") != wanted["sheetId"]
    ):
        return False
    if "dimensionRange" in wanted:
        have = location.get("dimensionRange") or {}
        for key, value in wanted["dimensionRange"].items():
            if value is not None and have.get(key, 0 if key == "sheetId" else None) != value:
                return False
    return True


def data_filter_lookup(batch_or_none: Batch | None, data_filter: dict[str, Any]) -> dict:
    lookup = (data_filter or {}).get("developerMetadataLookup")
    if not lookup:
        raise unimplemented("data filters other than developerMetadataLookup")
    if not any(value is not None for value in lookup.values()):
        message = "A developer metadata lookup must specify at least one field."
        raise batch_or_none.fail(message) if batch_or_none else invalid(message)
    return lookup


@handles("createDeveloperMetadata")
def create_developer_metadata(batch: Batch, request: dict[str, Any]) -> dict[str, Any]:
    given = {
        key: value
        for key, value in (request.get("developerMetadata") or {}).items()
        if value is not None
    }
    key = given.get("metadataKey")
    if not key:
        raise batch.fail("Developer metadata must have a metadataKey.")
    visibility = given.get("visibility")
    if visibility not in ("DOCUMENT", "PROJECT"):
        raise batch.fail("Developer metadata visibility must be DOCUMENT or PROJECT.")
    wanted_id = given.get("metadataId")
    if wanted_id is not None:
        wanted_id = int(wanted_id)
        if wanted_id <= 0:
            raise batch.fail("metadataId must be positive.")
        if any(item["metadataId"] == wanted_id for item in batch.workbook.developer_metadata):
            raise batch.fail(f"Developer metadata with id {wanted_id} already exists.")
    item: dict[str, Any] = {"metadataId": wanted_id or batch.new_id(), "metadataKey": key}
    if given.get("metadataValue") is not None:
        item["metadataValue"] = given["metadataValue"]
    item["location"] = metadata_location(batch, given.get("location"))
    item["visibility"] = visibility
    batch.workbook.developer_metadata.append(item)
    return {"createDeveloperMetadata": {"developerMetadata": copy.deepcopy(item)}}


@handles("updateDeveloperMetadata")
def update_developer_metadata(batch: Batch, request: dict[str, Any]) -> dict[str, Any]:
    tree = batch.mask(request, "DeveloperMetadata")
    source = request.get("developerMetadata") or {}
    filters = request.get("dataFilters") or []
    if not filters:
        raise batch.fail("dataFilters must not be empty.")
    if "metadataId" in tree:
        raise batch.fail("metadataId cannot be updated.")
    changed = []
    for position, item in enumerate(batch.workbook.developer_metadata):
        if any(metadata_matches(item, data_filter_lookup(batch, f)) for f in filters):
            updated = field_mask.merged(item, source, tree)
            if "location" in tree:
                updated["location"] = metadata_location(batch, source.get("location"))
            batch.workbook.developer_metadata[position] = updated
            changed.append(copy.deepcopy(updated))
    reply: dict[str, Any] = {}
    if changed:
        reply["developerMetadata"] = changed
    return {"updateDeveloperMetadata": reply}


@handles("deleteDeveloperMetadata")
def delete_developer_metadata(batch: Batch, request: dict[str, Any]) -> dict[str, Any]:
    lookup = data_filter_lookup(batch, request.get("dataFilter") or {})
    deleted = [item for item in batch.workbook.developer_metadata if metadata_matches(item, lookup)]
    batch.workbook.developer_metadata = [
        item for item in batch.workbook.developer_metadata if not metadata_matches(item, lookup)
    ]
    reply: dict[str, Any] = {}
    if deleted:
        reply["deletedDeveloperMetadata"] = deleted
    return {"deleteDeveloperMetadata": reply}


# --------------------------------------------------------------------------------------
# Conditional formats, charts, filters, bands, named ranges
# --------------------------------------------------------------------------------------


def _rule_sheet(batch: Batch, rule: dict[str, Any]) -> tuple[Sheet, dict[str, Any]]:
    ranges = rule.get("ranges") or []
    if not ranges:
        raise batch.fail("A conditional format rule needs at least one range.")
    blocks = [batch.block(item) for item in ranges]
    if len({block.sheet.sheet_id for block in blocks}) > 1:
        raise batch.fail("All ranges of a conditional format rule must be on the same sheet.")
    if bool(rule.get("booleanRule")) == bool(rule.get("gradientRule")):
        raise batch.fail(
            "A conditional format rule needs exactly one of booleanRule or gradientRule."
        )
    clean = normalize_colors(rule)
    clean["ranges"] = [grid_range_out(item) for item in ranges]
    return blocks[0].sheet, clean


@handles("addConditionalFormatRule")
def add_conditional_format_rule(batch: Batch, request: dict[str, Any]) -> None:
    sheet, rule = _rule_sheet(batch, request.get("rule") or {})
    sheet = batch.writable(sheet, cells=False)
    index = int(request.get("index") or 0)
    if not 0 <= index <= len(sheet.conditional_formats):
        raise batch.fail(f"Invalid index {index} for a conditional format rule.")
    sheet.conditional_formats.insert(index, rule)


def _rule_at(batch: Batch, sheet_id: Any, index: Any) -> tuple[Sheet, int]:
    sheet = batch.writable(batch.sheet(sheet_id), cells=False)
    position = int(index or 0)
    if not 0 <= position < len(sheet.conditional_formats):
        raise batch.fail(f"No conditional format on sheet {sheet.sheet_id} at index {position}")
    return sheet, position


@handles("deleteConditionalFormatRule")
def delete_conditional_format_rule(batch: Batch, request: dict[str, Any]) -> dict[str, Any]:
    sheet, position = _rule_at(batch, request.get("sheetId"), request.get("index"))
    rule = sheet.conditional_formats.pop(position)
    return {"deleteConditionalFormatRule": {"rule": rule}}


@handles("updateConditionalFormatRule")
def update_conditional_format_rule(batch: Batch, request: dict[str, Any]) -> dict[str, Any]:
    sheet, position = _rule_at(batch, request.get("sheetId"), request.get("index"))
    old = sheet.conditional_formats[position]
    reply: dict[str, Any] = {"oldRule": old, "oldIndex": position}
    if request.get("rule") is not None:
        _, rule = _rule_sheet(batch, request["rule"])
        sheet.conditional_formats[position] = rule
        reply.update({"newRule": rule, "newIndex": position})
    elif request.get("newIndex") is not None:
        new_index = int(request["newIndex"])
        rule = sheet.conditional_formats.pop(position)
        sheet.conditional_formats.insert(new_index, rule)
        reply.update({"newRule": rule, "newIndex": new_index})
    else:
        raise batch.fail("Either rule or newIndex must be set.")
    if not reply["oldIndex"]:
        reply.pop("oldIndex")
    if not reply.get("newIndex"):
        reply.pop("newIndex", None)
    return {"updateConditionalFormatRule": reply}


def _check_sources(batch: Batch, value: Any) -> None:
    """Every GridRange a chart reads from must exist (Google rejects dangling sources)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "sources" and isinstance(item, list):
                for grid_range in item:
                    batch.block(grid_range, "chart source")
            else:
                _check_sources(batch, item)
    elif isinstance(value, list):
        for item in value:
            _check_sources(batch, item)


def _chart_position(batch: Batch, position: dict[str, Any] | None) -> tuple[Sheet, dict]:
    position = {key: value for key, value in (position or {}).items() if value is not None}
    if position.get("overlayPosition"):
        overlay = copy.deepcopy(position["overlayPosition"])
        anchor = overlay.get("anchorCell") or {}
        sheet = batch.sheet(anchor.get("sheetId"))
        row, col = int(anchor.get("rowIndex") or 0), int(anchor.get("columnIndex") or 0)
        if row >= sheet.row_count or col >= sheet.column_count:
            raise batch.fail("The chart's anchor cell is outside the sheet.")
        overlay["anchorCell"] = {"sheetId": sheet.sheet_id, "rowIndex": row, "columnIndex": col}
        overlay.setdefault("widthPixels", 600)
        overlay.setdefault("heightPixels", 371)
        return sheet, {"overlayPosition": overlay}
    if position.get("sheetId") is not None:
        sheet = batch.sheet(position["sheetId"])
        overlay = {
            "anchorCell": {"sheetId": sheet.sheet_id, "rowIndex": 0, "columnIndex": 0},
            "widthPixels": 600,
            "heightPixels": 371,
        }
        return sheet, {"overlayPosition": overlay}
    # No position (or newSheet): Google puts the chart on a sheet of its own.
    sheet_id = batch.new_id()
    number = 1
    while batch.workbook.by_title(f"Chart{number}") is not None:
        number += 1
    sheet = Sheet(
        {
            "sheetId": sheet_id,
            "title": f"Chart{number}",
            "index": 0,
            "sheetType": "OBJECT",
        }
    )
    batch.workbook.add_sheet(sheet)
    return sheet, {"sheetId": sheet_id}


@handles("addChart")
def add_chart(batch: Batch, request: dict[str, Any]) -> dict[str, Any]:
    chart = {key: value for key, value in (request.get("chart") or {}).items() if value is not None}
    spec = chart.get("spec")
    if not spec:
        raise batch.fail("A chart needs a spec.")
    _check_sources(batch, spec)
    wanted_id = chart.get("chartId")
    if wanted_id is not None and int(wanted_id) in batch.taken_ids():
        raise batch.fail(f"An object with id {wanted_id} already exists.")
    sheet, position = _chart_position(batch, chart.get("position"))
    spec = normalize_colors(spec)
    spec.setdefault("hiddenDimensionStrategy", "SKIP_HIDDEN_ROWS_AND_COLUMNS")
    stored: dict[str, Any] = {
        "chartId": int(wanted_id) if wanted_id is not None else batch.new_id(),
        "spec": spec,
        "position": position,
    }
    stored["border"] = normalize_colors(
        chart.get("border") or {"colorStyle": {"rgbColor": {"red": 1, "green": 1, "blue": 1}}}
    )
    sheet = batch.writable(sheet, cells=False)
    sheet.charts.append(stored)
    return {"addChart": {"chart": copy.deepcopy(stored)}}


def _find_chart(batch: Batch, chart_id: Any) -> tuple[Sheet, int]:
    for sheet in batch.workbook.sheets:
        for position, chart in enumerate(sheet.charts):
            if chart["chartId"] == int(chart_id or 0):
                return sheet, position
    raise batch.fail(f"No chart with id: {chart_id}")


@handles("updateChartSpec")
def update_chart_spec(batch: Batch, request: dict[str, Any]) -> None:
    sheet, position = _find_chart(batch, request.get("chartId"))
    spec = request.get("spec")
    if not spec:
        raise batch.fail("A chart needs a spec.")
    _check_sources(batch, spec)
    sheet = batch.writable(sheet, cells=False)
    sheet.charts[position] = {**sheet.charts[position], "spec": normalize_colors(spec)}


@handles("deleteEmbeddedObject")
def delete_embedded_object(batch: Batch, request: dict[str, Any]) -> None:
    object_id = request.get("objectId")
    for sheet in batch.workbook.sheets:
        for position, chart in enumerate(sheet.charts):
            if chart["chartId"] == int(object_id or 0):
                sheet = batch.writable(sheet, cells=False)
                del sheet.charts[position]
                if sheet.properties.get("sheetType") == "OBJECT":
                    batch.workbook.remove_sheet(sheet)
                return
    raise batch.fail(f"No embedded object with id: {object_id}")


@handles("setBasicFilter")
def set_basic_filter(batch: Batch, request: dict[str, Any]) -> None:
    basic_filter = request.get("filter") or {}
    block = batch.block(basic_filter.get("range"))
    sheet = batch.writable(block.sheet, cells=False)
    stored = {key: value for key, value in basic_filter.items() if value is not None}
    stored["range"] = grid_range_out(basic_filter["range"])
    sheet.basic_filter = stored


@handles("clearBasicFilter")
def clear_basic_filter(batch: Batch, request: dict[str, Any]) -> None:
    sheet = batch.writable(batch.sheet(request.get("sheetId")), cells=False)
    sheet.basic_filter = None


@handles("addBanding")
def add_banding(batch: Batch, request: dict[str, Any]) -> dict[str, Any]:
    banded = {key: value for key, value in (request.get("bandedRange") or {}).items() if value}
    block = batch.block(banded.get("range"))
    sheet = batch.writable(block.sheet, cells=False)
    stored = normalize_colors(banded)
    stored["bandedRangeId"] = int(banded.get("bandedRangeId") or batch.new_id())
    stored["range"] = grid_range_out(banded["range"])
    sheet.banded_ranges.append(stored)
    return {"addBanding": {"bandedRange": copy.deepcopy(stored)}}


@handles("deleteBanding")
def delete_banding(batch: Batch, request: dict[str, Any]) -> None:
    banded_id = int(request.get("bandedRangeId") or 0)
    for sheet in batch.workbook.sheets:
        for position, item in enumerate(sheet.banded_ranges):
            if item["bandedRangeId"] == banded_id:
                sheet = batch.writable(sheet, cells=False)
                del sheet.banded_ranges[position]
                return
    raise batch.fail(f"No banded range with id: {banded_id}")


@handles("addNamedRange")
def add_named_range(batch: Batch, request: dict[str, Any]) -> dict[str, Any]:
    named = {key: value for key, value in (request.get("namedRange") or {}).items() if value}
    name = named.get("name") or ""
    if not name or any(
        item["name"].casefold() == name.casefold() for item in batch.workbook.named_ranges
    ):
        raise batch.fail(f"Invalid or duplicate named range name: {name!r}")
    batch.block(named.get("range"))
    stored = {
        "namedRangeId": named.get("namedRangeId") or f"{batch.new_id():x}",
        "name": name,
        "range": grid_range_out(named["range"]),
    }
    batch.workbook.named_ranges.append(stored)
    return {"addNamedRange": {"namedRange": copy.deepcopy(stored)}}


@handles("deleteNamedRange")
def delete_named_range(batch: Batch, request: dict[str, Any]) -> None:
    named_id = request.get("namedRangeId")
    before = len(batch.workbook.named_ranges)
    batch.workbook.named_ranges = [
        item for item in batch.workbook.named_ranges if item["namedRangeId"] != named_id
    ]
    if len(batch.workbook.named_ranges) == before:
        raise batch.fail(f"No named range with id: {named_id}")


__all__ = ["IMPLEMENTED_KINDS", "apply", "metadata_matches", "normalize_colors"]

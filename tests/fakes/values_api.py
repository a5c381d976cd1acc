"""The ``spreadsheets.values`` methods of the Sheets fake: get, batchGet, update,
batchUpdate, append, clear and batchClear, with RAW and USER_ENTERED input."""

from __future__ import annotations

from typing import Any

from . import a1
from .cell_values import normalize_number, parse_user_entered
from .errors import invalid
from .model import (
    Block,
    Reader,
    Sheet,
    Workbook,
    clamp_block,
    grid_limits_error,
    pack,
    parse_a1,
    unpack,
)

# Number formats a typed value brings along are interned: 100,000 typed dates share one.
_FORMAT_CACHE: dict[tuple[int, str, str], dict[str, Any]] = {}


def _with_number_format(fmt: dict[str, Any] | None, number_format: dict[str, str]) -> dict:
    key = (id(fmt) if fmt else 0, number_format.get("type", ""), number_format.get("pattern", ""))
    if fmt is None:
        cached = _FORMAT_CACHE.get(key)
        if cached is None:
            cached = _FORMAT_CACHE[key] = {"numberFormat": dict(number_format)}
        return cached
    if fmt.get("numberFormat") == number_format:
        return fmt
    return {**fmt, "numberFormat": dict(number_format)}


def input_option(params: dict[str, list[str]], body: dict[str, Any] | None = None) -> str:
    option = (body or {}).get("valueInputOption") or (params.get("valueInputOption") or [None])[0]
    if option not in ("RAW", "USER_ENTERED"):
        raise invalid("'valueInputOption' is required but not specified")
    return option


def typed_cell(old: Any, raw: Any, option: str, locale: str) -> Any:
    """The stored cell after a person (USER_ENTERED) or a program (RAW) writes ``raw``."""
    _, _, fmt, note, validation, extra = unpack(old)
    if option == "RAW":
        if raw.__class__ is float:
            raw = normalize_number(raw)
        return pack(raw, None, fmt, note, validation, extra)
    number_format = (fmt or {}).get("numberFormat") or {}
    typed = parse_user_entered(raw, locale, text_format=number_format.get("type") == "TEXT")
    if typed.number_format:
        fmt = _with_number_format(fmt, typed.number_format)
    return pack(typed.value, typed.formula, fmt, note, validation, extra)


def write_values(
    workbook: Workbook,
    sheet: Sheet,
    row0: int,
    col0: int,
    limit: tuple[int | None, int | None],
    values: list[Any],
    major: str,
    option: str,
    range_text: str,
    grow: bool = False,
) -> tuple[Block | None, dict[str, int]]:
    """Write a ValueRange's values at (row0, col0); returns the written block and counts."""
    for index, row in enumerate(values):
        if row.__class__ is not list:
            raise invalid(f"Invalid values[{index}]: {_kind(row)}")
        for col, item in enumerate(row):
            if isinstance(item, dict | list):
                raise invalid(f"Invalid values[{index}][{col}]: {_kind(item)}")
    if major == "COLUMNS":
        height = max((len(column) for column in values), default=0)
        values = [
            [column[row] if row < len(column) else None for column in values]
            for row in range(height)
        ]
    height = len(values)
    width = max((len(row) for row in values), default=0)
    row1_limit, col1_limit = limit
    if row1_limit is not None and row0 + height > row1_limit:
        raise invalid(
            f"Requested writing within range [{range_text}], but tried writing to row "
            f"[{row0 + height}]"
        )
    if col1_limit is not None and col0 + width > col1_limit:
        raise invalid(
            f"Requested writing within range [{range_text}], but tried writing to column "
            f"[{a1.column_letters(col0 + width - 1)}]"
        )
    if height == 0 or width == 0:
        return None, {"rows": 0, "columns": 0, "cells": 0}
    if row0 + height > sheet.row_count or col0 + width > sheet.column_count:
        if not grow:
            raise grid_limits_error(sheet, row0, row0 + height, col0, col0 + width)
        sheet = workbook.writable(sheet)
        grid = sheet.properties["gridProperties"]
        grid["rowCount"] = max(sheet.row_count, row0 + height)
        grid["columnCount"] = max(sheet.column_count, col0 + width)
    sheet = workbook.writable(sheet)
    locale = workbook.locale
    rows_written: set[int] = set()
    cols_written: set[int] = set()
    cells = 0
    max_row = max_col = -1
    for offset, row in enumerate(values):
        r = row0 + offset
        for col_offset, item in enumerate(row):
            if item is None:
                continue  # null leaves the cell as it is
            c = col0 + col_offset
            sheet.put(r, c, typed_cell(sheet.get(r, c), item, option, locale))
            cells += 1
            rows_written.add(r)
            cols_written.add(c)
            max_row = max(max_row, r)
            max_col = max(max_col, c)
    sheet.compact()
    if not cells:
        return None, {"rows": 0, "columns": 0, "cells": 0}
    block = Block(sheet, row0, max_row + 1, col0, max_col + 1)
    return block, {"rows": len(rows_written), "columns": len(cols_written), "cells": cells}


def _bounds(parsed: a1.A1) -> tuple[int | None, ...]:
    return (parsed.start_row, parsed.end_row, parsed.start_col, parsed.end_col)


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "struct_value"
    if isinstance(value, list):
        return "list_value"
    return "string_value" if isinstance(value, str) else "number_value"


def _render_options(params: dict[str, list[str]], prefix: str = "") -> tuple[str, str]:
    value_key = f"{prefix}valueRenderOption" if not prefix else f"{prefix}ValueRenderOption"
    date_key = f"{prefix}dateTimeRenderOption" if not prefix else f"{prefix}DateTimeRenderOption"
    value_render = (params.get(value_key) or ["FORMATTED_VALUE"])[0]
    datetime_render = (params.get(date_key) or ["SERIAL_NUMBER"])[0]
    return value_render, datetime_render


def value_range(
    reader: Reader, block: Block, value_render: str, datetime_render: str, major: str
) -> dict[str, Any]:
    out: dict[str, Any] = {"range": block.a1, "majorDimension": major}
    values = reader.values(block, value_render, datetime_render, major)
    if values:
        out["values"] = values
    return out


def _major(params: dict[str, list[str]]) -> str:
    major = (params.get("majorDimension") or ["ROWS"])[0]
    return "COLUMNS" if major == "COLUMNS" else "ROWS"


# --------------------------------------------------------------------------------------
# Reads
# --------------------------------------------------------------------------------------


def get(workbook: Workbook, reader: Reader, range_text: str, params: dict) -> dict[str, Any]:
    sheet, parsed = parse_a1(workbook, range_text)
    block = clamp_block(sheet, parsed, range_text)
    value_render, datetime_render = _render_options(params)
    return value_range(reader, block, value_render, datetime_render, _major(params))


def batch_get(workbook: Workbook, reader: Reader, params: dict) -> dict[str, Any]:
    value_render, datetime_render = _render_options(params)
    major = _major(params)
    out: dict[str, Any] = {"spreadsheetId": workbook.spreadsheet_id}
    ranges = params.get("ranges") or []
    blocks = []
    for range_text in ranges:
        sheet, parsed = parse_a1(workbook, range_text)
        blocks.append(clamp_block(sheet, parsed, range_text))
    if blocks:
        out["valueRanges"] = [
            value_range(reader, block, value_render, datetime_render, major) for block in blocks
        ]
    return out


# --------------------------------------------------------------------------------------
# Writes (each runs on a forked workbook; the caller commits)
# --------------------------------------------------------------------------------------


def _update_one(
    workbook: Workbook,
    range_text: str,
    body: dict[str, Any],
    option: str,
) -> tuple[Block | None, dict[str, int], str]:
    sheet, parsed = parse_a1(workbook, range_text)
    body_range = body.get("range")
    if body_range:
        body_sheet, body_parsed = parse_a1(workbook, body_range)
        if body_sheet is not sheet or _bounds(body_parsed) != _bounds(parsed):
            raise invalid(
                f"Requested range [{range_text}] and data range [{body_range}] must be the same."
            )
    major = "COLUMNS" if body.get("majorDimension") == "COLUMNS" else "ROWS"
    row0 = parsed.start_row or 0
    col0 = parsed.start_col or 0
    if row0 >= sheet.row_count or col0 >= sheet.column_count:
        raise grid_limits_error(sheet, row0, row0 + 1, col0, col0 + 1)
    block, counts = write_values(
        workbook,
        sheet,
        row0,
        col0,
        # A single cell ("Sheet1!A1") anchors the write; a range ("A1:D4") bounds it.
        (parsed.end_row, parsed.end_col) if ":" in range_text.rpartition("!")[2] else (None, None),
        body.get("values") or [],
        major,
        option,
        range_text,
    )
    if block is None:
        sheet = workbook.by_id(sheet.sheet_id) or sheet
        end_row = parsed.end_row if parsed.end_row is not None else row0 + 1
        end_col = parsed.end_col if parsed.end_col is not None else col0 + 1
        text = a1.format_range(sheet.title, row0, end_row, col0, end_col)
    else:
        text = block.a1
    return block, counts, text


def _update_response(
    workbook: Workbook,
    reader: Reader,
    block: Block | None,
    counts: dict[str, int],
    text: str,
    include_values: bool,
    params: dict,
) -> dict[str, Any]:
    out: dict[str, Any] = {"spreadsheetId": workbook.spreadsheet_id, "updatedRange": text}
    if counts["cells"]:
        out["updatedRows"] = counts["rows"]
        out["updatedColumns"] = counts["columns"]
        out["updatedCells"] = counts["cells"]
    if include_values and block is not None:
        value_render, datetime_render = _render_options(params, "response")
        block = Block(
            workbook.by_id(block.sheet.sheet_id) or block.sheet,
            block.row0,
            block.row1,
            block.col0,
            block.col1,
        )
        out["updatedData"] = value_range(reader, block, value_render, datetime_render, "ROWS")
    return out


def _flag(params: dict, name: str, body: dict[str, Any] | None = None) -> bool:
    if body is not None and name in body and body[name] is not None:
        return bool(body[name])
    return (params.get(name) or ["false"])[0].lower() == "true"


def update(
    workbook: Workbook, reader_for: Any, range_text: str, params: dict, body: dict[str, Any]
) -> dict[str, Any]:
    option = input_option(params)
    block, counts, text = _update_one(workbook, range_text, body, option)
    return _update_response(
        workbook,
        reader_for(workbook),
        block,
        counts,
        text,
        _flag(params, "includeValuesInResponse"),
        params,
    )


def batch_update(
    workbook: Workbook, reader_for: Any, params: dict, body: dict[str, Any]
) -> dict[str, Any]:
    option = input_option(params, body)
    data = body.get("data") or []
    results = []
    for index, item in enumerate(data):
        range_text = item.get("range")
        if not range_text:
            raise invalid(f"Invalid data[{index}]: range is required")
        results.append(_update_one(workbook, range_text, item, option))
    reader = reader_for(workbook)
    response_params = {
        "responseValueRenderOption": [body.get("responseValueRenderOption") or "FORMATTED_VALUE"],
        "responseDateTimeRenderOption": [
            body.get("responseDateTimeRenderOption") or "SERIAL_NUMBER"
        ],
    }
    include_values = bool(body.get("includeValuesInResponse"))
    out: dict[str, Any] = {"spreadsheetId": workbook.spreadsheet_id}
    if not results:
        return out
    rows: set[tuple[int, int]] = set()
    cols: set[tuple[int, int]] = set()
    sheets: set[int] = set()
    total_cells = 0
    responses = []
    for block, counts, text in results:
        responses.append(
            _update_response(workbook, reader, block, counts, text, include_values, response_params)
        )
        if block is None:
            continue
        sheet_id = block.sheet.sheet_id
        sheets.add(sheet_id)
        total_cells += counts["cells"]
        rows.update((sheet_id, row) for row in range(block.row0, block.row1))
        cols.update((sheet_id, col) for col in range(block.col0, block.col1))
    if total_cells:
        out["totalUpdatedRows"] = len(rows)
        out["totalUpdatedColumns"] = len(cols)
        out["totalUpdatedCells"] = total_cells
        out["totalUpdatedSheets"] = len(sheets)
    out["responses"] = responses
    return out


def append(
    workbook: Workbook, reader_for: Any, range_text: str, params: dict, body: dict[str, Any]
) -> dict[str, Any]:
    option = input_option(params)
    sheet, parsed = parse_a1(workbook, range_text)
    values = body.get("values") or []
    major = "COLUMNS" if body.get("majorDimension") == "COLUMNS" else "ROWS"
    insert = (params.get("insertDataOption") or ["OVERWRITE"])[0] == "INSERT_ROWS"
    row0 = parsed.start_row or 0
    col0 = parsed.start_col or 0
    col1 = parsed.end_col
    last = sheet.last_row_with_data(col0, col1)
    table_range = None
    if last >= row0:
        first = next(
            row
            for row in range(row0, last + 1)
            if row < len(sheet.rows)
            and any(
                unpack(stored)[0] is not None or unpack(stored)[1]
                for stored in sheet.rows[row][col0:col1]
            )
        )
        used = [
            col0 + offset
            for row in range(first, last + 1)
            for offset, stored in enumerate(sheet.rows[row][col0:col1])
            if unpack(stored)[0] is not None or unpack(stored)[1]
        ]
        table_col0, table_col1 = min(used), max(used) + 1
        table_range = a1.format_range(sheet.title, first, last + 1, table_col0, table_col1)
        target_row, target_col = last + 1, table_col0
    else:
        target_row, target_col = row0, col0
    height = len(values) if major == "ROWS" else max((len(c) for c in values), default=0)
    if insert and height:
        sheet = workbook.writable(sheet)
        sheet.properties["gridProperties"]["rowCount"] = sheet.row_count + height
        sheet.insert_rows(target_row, height)
    block, counts = write_values(
        workbook,
        sheet,
        target_row,
        target_col,
        (None, None),
        values,
        major,
        option,
        range_text,
        grow=True,
    )
    out: dict[str, Any] = {"spreadsheetId": workbook.spreadsheet_id}
    if table_range:
        out["tableRange"] = table_range
    text = (
        block.a1
        if block
        else a1.format_range(sheet.title, target_row, target_row + 1, target_col, target_col + 1)
    )
    out["updates"] = _update_response(
        workbook,
        reader_for(workbook),
        block,
        counts,
        text,
        _flag(params, "includeValuesInResponse"),
        params,
    )
    return out


def _clear_block(workbook: Workbook, block: Block) -> None:
    sheet = workbook.writable(block.sheet)
    for row in range(block.row0, min(block.row1, len(sheet.rows))):
        cells = sheet.rows[row]
        for col in range(block.col0, min(block.col1, len(cells))):
            stored = cells[col]
            if stored is None:
                continue
            _, _, fmt, note, validation, extra = unpack(stored)
            cells[col] = pack(None, None, fmt, note, validation, extra)
    sheet.compact()


def clear(workbook: Workbook, range_text: str) -> dict[str, Any]:
    sheet, parsed = parse_a1(workbook, range_text)
    block = clamp_block(sheet, parsed, range_text)
    _clear_block(workbook, block)
    return {"spreadsheetId": workbook.spreadsheet_id, "clearedRange": block.a1}


def batch_clear(workbook: Workbook, body: dict[str, Any]) -> dict[str, Any]:
    cleared = []
    for range_text in body.get("ranges") or []:
        sheet, parsed = parse_a1(workbook, range_text)
        block = clamp_block(sheet, parsed, range_text)
        _clear_block(
            workbook,
            Block(
                workbook.by_id(sheet.sheet_id) or sheet,
                block.row0,
                block.row1,
                block.col0,
                block.col1,
            ),
        )
        cleared.append(block.a1)
    out: dict[str, Any] = {"spreadsheetId": workbook.spreadsheet_id}
    if cleared:
        out["clearedRanges"] = cleared
    return out

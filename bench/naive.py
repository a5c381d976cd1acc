"""The script a team writes by hand with gspread, for comparison: open each input tab and
`get_all_records()`, compute, then per output tab add the worksheet if it is missing,
`clear()`, `update()` and `format()`.

It computes the same figures and lays out the same tabs as sheetsync (by calling sheetsync's
parse, compute and render), so the comparison is about how the spreadsheet is read and
written, not about what is computed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import gspread
import requests

from sheetsync.compute import compute
from sheetsync.contracts import Grid, OutputTab, WorkbookInfo, number_format
from sheetsync.plan import read_plan
from sheetsync.plan.schema import match_tab
from sheetsync.render import render_outputs
from sheetsync.reports import report_tabs
from sheetsync.sync import render_sync


def _plain(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def naive_sync(spreadsheet_id: str, session: requests.Session, today: dt.date) -> int:
    """Read, compute and write the way a hand-written script does; returns tabs written."""
    client = gspread.Client(auth=None, session=session)  # type: ignore[arg-type]
    spreadsheet = client.open_by_key(spreadsheet_id)
    titles = [ws.title for ws in spreadsheet.worksheets()]
    grids: dict[str, Grid] = {}
    for title in titles:
        if match_tab(title) is None:
            continue
        worksheet = spreadsheet.worksheet(title)
        records = worksheet.get_all_records(value_render_option="UNFORMATTED_VALUE")
        header = list(records[0]) if records else []
        grids[title] = Grid([header, *([r[h] for h in header] for r in records)])
    info = WorkbookInfo(spreadsheet.title, titles, {}, spreadsheet.locale, spreadsheet.timezone)
    results = compute(read_plan(info, grids), today)
    tabs: list[OutputTab] = render_outputs(results)
    tabs.extend(report_tabs(results, {})[0])
    tabs.append(render_sync(results, today, spreadsheet.url, []))

    existing = {ws.title: ws for ws in spreadsheet.worksheets()}
    for tab in tabs:
        width = max(tab.width, 1)
        worksheet = existing.get(tab.title) or spreadsheet.add_worksheet(
            tab.title, rows=max(len(tab.rows), 1), cols=width
        )
        worksheet.clear()
        worksheet.update([[_plain(c.value) for c in row] for row in tab.rows], "A1")
        last = _column_letter(width - 1)
        worksheet.format(f"A1:{last}1", {"textFormat": {"bold": True}})
        # One format call per column that shows money, percents or dates, the usual way.
        body = tab.rows[1:]
        for col in range(width):
            fmt = next((r[col].fmt for r in body if col < len(r) and r[col].fmt), None)
            pattern = number_format(fmt)
            if pattern:
                letter = _column_letter(col)
                worksheet.format(
                    f"{letter}2:{letter}{len(tab.rows)}",
                    {"numberFormat": {"type": "NUMBER", "pattern": pattern}},
                )
    return len(tabs)

"""The big-write shortcuts (issue 7): formats sent once per run of a column, and report rows
handed from the tab template to the tab without a JSON round trip. Each must leave exactly
what the long way leaves."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sheetsync.backends import sheets_requests as req
from sheetsync.render.model import Cell, OutputTab
from sheetsync.reports.templates import Templates


def test_a_column_run_of_one_format_goes_as_one_repeat_cell_and_short_runs_stay_inline():
    money = "money:USD"
    rows = [
        [Cell("ID", bold=True, fill="header"), Cell("Spent", bold=True, fill="header")],
        [Cell("A1"), Cell(10.0, fmt=money)],
        [Cell("A2"), Cell(20.0, fmt=money)],
        [Cell("A3"), Cell(30.0, fmt=money)],
        [Cell("A4"), Cell(0.5, fmt="percent")],
    ]
    update, *repeats = req.cells(OutputTab("t", "T", rows), sheet_id=7)
    body = update["updateCells"]
    assert body["fields"] == "*" and body["range"] == {"sheetId": 7}
    written = [row["values"] for row in body["rows"]]
    # The three money cells (rows 2-4 of column B) come from one repeatCell...
    (run,) = repeats
    assert run["repeatCell"]["range"] == {
        "sheetId": 7,
        "startRowIndex": 1,
        "endRowIndex": 4,
        "startColumnIndex": 1,
        "endColumnIndex": 2,
    }
    assert run["repeatCell"]["fields"] == "userEnteredFormat"
    assert run["repeatCell"]["cell"]["userEnteredFormat"]["numberFormat"] == {
        "type": "CURRENCY",
        "pattern": '"$"#,##0.00',
    }
    assert [written[r][1] for r in (1, 2, 3)] == [
        {"userEnteredValue": {"numberValue": 10.0}},
        {"userEnteredValue": {"numberValue": 20.0}},
        {"userEnteredValue": {"numberValue": 30.0}},
    ]
    # ...the two header cells (a run of one per column) and the lone percent keep theirs.
    assert written[0][0]["userEnteredFormat"]["textFormat"]["bold"] is True
    assert written[0][1]["userEnteredFormat"]["textFormat"]["bold"] is True
    assert written[4][1]["userEnteredFormat"]["numberFormat"]["type"] == "PERCENT"
    assert written[1][0] == {"userEnteredValue": {"stringValue": "A1"}}


def _tab(tmp_path: Path, body: str):
    (tmp_path / "en").mkdir(exist_ok=True)
    (tmp_path / "en" / "report.tab.j2").write_text(body)
    return Templates(tmp_path, "en", "USD").render_tab(
        "report.tab.j2", "report:x", "X", False, names=["a", "b"], day=dt.date(2026, 11, 27)
    )


def test_template_rows_come_out_as_they_would_through_json(tmp_path):
    tab = _tab(
        tmp_path,
        "{{ header('ID', 'When') }}\n"
        "{{ row(names[0], cell(day), cell(1.5, fmt='nonsense', fill='pink', size=12)) }}\n"
        "{{ row(none, 2, true) }} and after\n"
        "plain text\n",
    )
    assert tab.rows[0] == [
        Cell("ID", bold=True, fill="header"),
        Cell("When", bold=True, fill="header"),
    ]
    assert tab.rows[1] == [
        Cell("a"),
        Cell(dt.date(2026, 11, 27), fmt="date"),
        Cell(1.5, size=12),
    ]
    # A row call with more text on its line is that line as text, the row as its JSON.
    assert tab.rows[2] == [Cell("[null, 2, true] and after")]
    assert tab.rows[3] == [Cell("plain text")]


def test_text_that_looks_like_a_row_marker_stays_text(tmp_path):
    fake = "\ue0000000000000000000:0\ue000"
    tab = _tab(tmp_path, "{{ row('x') }}\n" + fake + "\n{{ row(" + repr(fake) + ") }}\n")
    assert tab.rows == [[Cell("x")], [Cell(fake)], [Cell(fake)]]

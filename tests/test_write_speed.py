"""The big-write shortcuts (issue 7): formats sent once per run down a column or along a row,
values once per long run down a column, the updateCells encoded as text, and report rows
handed from the tab template to the tab without a JSON round trip. Each must leave exactly
what the long way leaves, and a rewrite nothing of the earlier version."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from sheetsync.backends import sheets_requests as req
from sheetsync.backends.gsheets import GoogleSheetsBackend
from sheetsync.contracts import Cell, Changes, OutputTab, TabUpdate
from sheetsync.reports.templates import Templates
from tests.fakes.sheets_api import FakeSheetsAPI


def test_a_column_run_of_one_format_goes_as_one_repeat_cell_and_short_runs_stay_inline():
    money = "money:USD"
    rows = [
        [Cell("ID", bold=True, fill="header"), Cell("Spent", bold=True, fill="header")],
        [Cell("A1"), Cell(10.0, fmt=money)],
        [Cell("A2"), Cell(20.0, fmt=money)],
        [Cell("A3"), Cell(30.0, fmt=money)],
        [Cell("A4"), Cell(0.5, fmt="percent")],
    ]
    sent = json.loads(req.body_bytes(req.cells(OutputTab("t", "T", rows), sheet_id=7)))
    update, *repeats = sent["requests"]
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


# -- what the write leaves in the sheet -------------------------------------------------------


def _backend(fake: FakeSheetsAPI, sid: str) -> GoogleSheetsBackend:
    backend = GoogleSheetsBackend(sid, session=fake.session())
    backend.info()
    return backend


def _write(fake: FakeSheetsAPI, sid: str, tab: OutputTab, replace: str | None = None) -> None:
    _backend(fake, sid).write(Changes(updates=[TabUpdate(tab, replace)]))


def _entered(fake: FakeSheetsAPI, sid: str, where: str) -> tuple[Any, Any]:
    data = fake.cell(sid, where)
    return data.get("userEnteredValue"), data.get("userEnteredFormat")


def test_a_column_run_of_one_value_is_sent_once_when_that_is_smaller():
    rows = [[Cell("Severity", bold=True), Cell("Message", bold=True)]]
    rows += [[Cell("Critical", fill="red"), Cell(f"c{i}")] for i in range(5)]
    rows += [[Cell("Warning", fill="amber"), Cell(f"w{i}")] for i in range(4)]
    tab = OutputTab("alerts", "Alerts", rows)
    update, *repeats = json.loads(req.body_bytes(req.cells(tab, sheet_id=7)))["requests"]
    written = [row.get("values", []) for row in update["updateCells"]["rows"]]
    # {"userEnteredValue":{"stringValue":"Critical"}} is 47 bytes: five of them shrink to {}
    # by 5 x 45 = 225 bytes, more than the 164 + 47 a repeatCell costs; four "Warning"
    # (46 bytes each) would save 4 x 44 = 176 < 210, so they stay in place.
    assert [r[0] for r in written[1:6]] == [{}] * 5
    assert [r[0] for r in written[6:10]] == [{"userEnteredValue": {"stringValue": "Warning"}}] * 4
    by_range = {
        (
            r["repeatCell"]["range"]["startRowIndex"],
            r["repeatCell"]["range"]["endRowIndex"],
            r["repeatCell"]["range"]["startColumnIndex"],
        ): r["repeatCell"]
        for r in repeats
    }
    assert set(by_range) == {(1, 6, 0), (6, 10, 0)}
    critical = by_range[1, 6, 0]
    # The value run and the format run cover the same cells: one repeatCell sets both.
    assert critical["fields"] == "userEnteredValue,userEnteredFormat"
    assert critical["cell"]["userEnteredValue"] == {"stringValue": "Critical"}
    assert critical["cell"]["userEnteredFormat"]["backgroundColor"] == {
        "red": 1,
        "green": 0.7804,
        "blue": 0.8079,
    }
    assert by_range[6, 10, 0]["fields"] == "userEnteredFormat"

    fake = FakeSheetsAPI()
    sid = fake.create_spreadsheet("Plan", {"Goals": [["ID"]]})
    _write(fake, sid, tab)
    for row in range(2, 7):
        value, fmt = _entered(fake, sid, f"Alerts!A{row}")
        assert value == {"stringValue": "Critical"}
        assert fmt["backgroundColor"] == pytest.approx(
            {"red": 1.0, "green": 0xC7 / 255, "blue": 0xCE / 255}, abs=1e-6
        )
        assert _entered(fake, sid, f"Alerts!B{row}")[0] == {"stringValue": f"c{row - 2}"}
    value, fmt = _entered(fake, sid, "Alerts!A10")
    assert value == {"stringValue": "Warning"} and fmt["backgroundColor"]["green"] == pytest.approx(
        0xEB / 255, abs=1e-6
    )


def test_a_header_row_of_one_format_goes_as_one_repeat_cell_along_the_row():
    header = [Cell(name, bold=True, fill="header") for name in ("ID", "Goal", "Owner", "Status")]
    tab = OutputTab("kpi", "KPI", [header, [Cell("G1"), Cell("More leads"), Cell("Ann"), Cell("")]])
    update, *repeats = json.loads(req.body_bytes(req.cells(tab, sheet_id=3)))["requests"]
    assert update["updateCells"]["rows"][0]["values"] == [
        {"userEnteredValue": {"stringValue": name}} for name in ("ID", "Goal", "Owner", "Status")
    ]
    (run,) = repeats
    assert run["repeatCell"]["range"] == {
        "sheetId": 3,
        "startRowIndex": 0,
        "endRowIndex": 1,
        "startColumnIndex": 0,
        "endColumnIndex": 4,
    }
    assert run["repeatCell"]["cell"]["userEnteredFormat"]["textFormat"]["bold"] is True


def test_every_kind_of_value_is_written_as_json_dumps_would_write_it():
    values = [
        'say "hi" \\ back\nslash\t',
        "Привет, мир",
        "=SUM(A1:A2)",
        "\u2028 and 😀",
        0.1,
        1e-7,
        1e20,
        -2.5,
        float("nan"),
        float("inf"),
        7,
        True,
        dt.date(2026, 11, 27),
        dt.datetime(2026, 11, 27, 12, 0),
        np.float64(2.5),
    ]
    tab = OutputTab("t", "T", [[Cell(v) for v in values]])
    body = req.body_bytes(req.cells(tab, sheet_id=1))
    assert "Привет".encode() in body  # UTF-8, not \u escapes: a third of the bytes
    assert b'": ' not in body  # no space after a colon (nor after a comma, bar the text's)
    fake = FakeSheetsAPI()
    sid = fake.create_spreadsheet("Plan", {"Goals": [["ID"]]})
    _write(fake, sid, tab)
    got = [_entered(fake, sid, f"T!{chr(ord('A') + i)}1")[0] for i in range(len(values))]
    assert got == [
        {"stringValue": 'say "hi" \\ back\nslash\t'},
        {"stringValue": "Привет, мир"},
        {"stringValue": "=SUM(A1:A2)"},
        {"stringValue": "\u2028 and 😀"},
        {"numberValue": 0.1},
        {"numberValue": 1e-7},
        {"numberValue": 1e20},
        {"numberValue": -2.5},
        None,
        None,
        {"numberValue": 7},
        {"boolValue": True},
        {"numberValue": 46353},  # days since 1899-12-30
        {"numberValue": 46353.5},
        {"numberValue": 2.5},
    ]
    assert _entered(fake, sid, "T!M1")[1]["numberFormat"]["type"] == "DATE"
    assert _entered(fake, sid, "T!N1")[1]["numberFormat"]["type"] == "DATE"


def test_a_lone_surrogate_goes_as_the_escape_json_dumps_writes():
    body = req.body_bytes(req.cells(OutputTab("t", "T", [[Cell("a\udc80b")]]), sheet_id=1))
    assert b"a\\udc80b" in body
    sent = json.loads(body)["requests"][0]["updateCells"]["rows"][0]["values"][0]
    assert sent == {"userEnteredValue": {"stringValue": "a\udc80b"}}


def test_every_8_bit_colour_level_reads_back_as_itself():
    for level in range(256):
        sent = req.colour(f"{level:02X}0000").get("red", 0)
        assert len(repr(sent)) <= 6  # 0.xxxx at most
        assert round(sent * 255) == level and int(sent * 255) == level  # rounded or cut


def test_a_rewrite_leaves_nothing_of_the_earlier_version():
    money = "money:USD"
    wide = [[Cell("Budget — as of 2026-11-27", bold=True, size=14, fill="title")]]
    wide.append([Cell(f"H{c}", bold=True, fill="header") for c in range(12)])
    for r in range(6):
        amounts = [Cell(100.0 * r + c, fmt=money) for c in range(11)]
        wide.append([Cell(f"r{r}", fill="red"), *amounts])
    fake = FakeSheetsAPI()
    sid = fake.create_spreadsheet("Plan", {"Goals": [["ID"]]})
    _write(fake, sid, OutputTab("budget", "Budget", wide, widths=[20.0] * 12))
    assert _entered(fake, sid, "Budget!L8")[0] == {"numberValue": 510}  # r 5, amount 10

    small = [
        [Cell("x"), Cell(0.25, fmt="percent"), Cell(None)],
        [Cell("y"), Cell(None), Cell(True, fill="green")],
    ]
    _write(fake, sid, OutputTab("budget", "Budget", small, widths=[10.0] * 3), "Budget")
    assert fake.values(sid, "Budget") == [["x", 0.25], ["y", "", True]]
    left = {
        f"{chr(ord('A') + c)}{r + 1}": _entered(fake, sid, f"Budget!{chr(ord('A') + c)}{r + 1}")
        for r in range(8)
        for c in range(10)
    }
    assert left.pop("A1") == ({"stringValue": "x"}, None)
    value, fmt = left.pop("B1")
    assert value == {"numberValue": 0.25} and fmt == {
        "numberFormat": {"type": "PERCENT", "pattern": "0.0%"}
    }
    assert left.pop("A2") == ({"stringValue": "y"}, None)
    value, fmt = left.pop("C2")
    assert value == {"boolValue": True} and set(fmt) >= {"backgroundColor", "textFormat"}
    assert set(left.values()) == {(None, None)}  # no value, no format, no colour left
    sheet = fake.spreadsheet(sid).by_title("Budget")
    assert sheet.properties["gridProperties"]["columnCount"] == 10
    pixels = [(sheet.column_meta.get(c) or {}).get("pixelSize", 100) for c in range(10)]
    # 10 characters x 7 + 10 = 80 px; the 20-character columns (150 px) are back to 100.
    assert pixels == [80, 80, 80] + [100] * 7

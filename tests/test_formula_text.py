"""Text never becomes a formula: what a person typed that starts with =, +, - or @ is written
into output tabs as text, by both backends.

The example plan gets such text in goal names, activity names, an owner's name, a checklist
item and a spend note; after a sync every output cell is read back as stored: in the .xlsx
file a string cell (data_type "s", never "f"), in the Sheets fake a userEnteredValue that
is a stringValue, never a formulaValue.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

import sheetsync
from sheetsync.backends.xlsx import create_workbook
from sheetsync.example import example_tabs
from sheetsync.sync import open_workbook
from tests.fakes import FakeSheetsAPI

TODAY = dt.date(2026, 11, 27)
INPUTS = {"Settings", "Team", "Goals", "Actuals", "Activities", "Spend", "Reporting", "Checklist"}
GOAL_NAMES = ["=1+2", "+7 999 123-45-67 calls", "-20% cost per lead", "@team grow the blog"]
ACTIVITY_NAMES = ['=HYPERLINK("https://evil.example","click")', "@channel promo", "+1 landing"]
OWNER = "=cmd|' /C calc'!A0"
CHECKLIST_ITEM = "-Reviewed by legal"
SPEND_NOTE = "=SUM(A1:A9)"
FORMULA_START = ("=", "+", "-", "@")


def plan_with_formula_text() -> dict[str, list[list]]:
    tabs = example_tabs(TODAY)
    goals, activities = tabs["Goals"], tabs["Activities"]
    for row, name in zip(goals[1:], GOAL_NAMES, strict=False):
        row[goals[0].index("Goal")] = name
    goals[1][goals[0].index("Owner")] = OWNER
    for row, name in zip(activities[1:], ACTIVITY_NAMES, strict=False):
        row[activities[0].index("Activity")] = name
    tabs["Checklist"][1][0] = CHECKLIST_ITEM
    tabs["Spend"][1][tabs["Spend"][0].index("Note")] = SPEND_NOTE
    return tabs


# Texts each output must show, so that the test fails if they never reach an output at all.
EXPECTED = {*GOAL_NAMES, *ACTIVITY_NAMES, OWNER, CHECKLIST_ITEM}


def test_formula_like_text_is_stored_as_text_in_xlsx(tmp_path: Path):
    path = tmp_path / "plan.xlsx"
    create_workbook(path, plan_with_formula_text(), {})
    result = sheetsync.sync(path, today=TODAY, state_dir=tmp_path / "state")
    assert result.location == str(path)
    book = openpyxl.load_workbook(path)
    outputs = [ws for ws in book.worksheets if ws.title not in INPUTS]
    assert {"KPI Status", "Budget Control", "Owners", "Checklist Score"} <= {
        ws.title for ws in outputs
    }
    seen: set[str] = set()
    for ws in outputs:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
                    assert cell.data_type == "s", (ws.title, cell.coordinate, cell.value)
                    seen.add(cell.value)
    assert seen >= EXPECTED


def test_formula_like_text_is_stored_as_text_in_google_sheets():
    fake = FakeSheetsAPI()
    sid = fake.create_spreadsheet("Plan", plan_with_formula_text())
    sheetsync.sync(open_workbook(sid, session=fake.session()), today=TODAY)
    whole = fake.spreadsheet_json(sid, include_grid_data=True)
    outputs = [s for s in whole["sheets"] if s["properties"]["title"] not in INPUTS]
    assert {"KPI Status", "Budget Control", "Owners", "Checklist Score"} <= {
        s["properties"]["title"] for s in outputs
    }
    seen: set[str] = set()
    for sheet in outputs:
        for block in sheet.get("data", []):
            for row in block.get("rowData", []):
                for cell in row.get("values", []):
                    entered = cell.get("userEnteredValue", {})
                    assert "formulaValue" not in entered, (sheet["properties"]["title"], cell)
                    text = entered.get("stringValue")
                    if text is not None and text.startswith(FORMULA_START):
                        assert cell.get("effectiveValue", entered) == {"stringValue": text}
                        seen.add(text)
    assert seen >= EXPECTED

"""Output tabs that look finished: number formats by the metric's own precision."""

from __future__ import annotations

import datetime as dt

from sheetsync.render.cells import value_format
from sheetsync.render.kpi_tab import render_kpi_status
from tests.helpers import GOALS_HEADER, results_for

TODAY = dt.date(2026, 11, 27)


def test_value_format_follows_the_metric():
    assert value_format("3%") == "percent"
    assert value_format("+50%", 100, 150) == "int"  # a relative target of a count
    assert value_format(0.03, 0.015, 0.03) == "percent"  # a percent-formatted cell
    assert value_format(25, 0, 25, "sum") == "int"
    assert value_format(45, 30, 45, "mean") == "number"  # a mean is rarely whole
    assert value_format(4.5, 3.8, 4.5, "last") == "number"


def test_kpi_status_shows_counts_whole_and_rates_as_percents():
    results = results_for(
        {
            "Goals": [
                GOALS_HEADER,
                ["G1", "Clients", "Clients", "sum", None, 25, "2026-10-01", "2026-12-31"],
                [
                    "G2",
                    "Conversion",
                    "Conversion",
                    "last",
                    "1.5%",
                    "3%",
                    "2026-10-01",
                    "2026-12-31",
                ],
            ],
            "Actuals": [
                ["Date", "Metric", "Value"],
                ["2026-11-01", "Clients", 20],
                ["2026-11-01", "Conversion", "2.2%"],
            ],
        },
        TODAY,
    )
    tab = render_kpi_status(results)
    header_at = next(i for i, row in enumerate(tab.rows) if row and row[0].value == "ID")
    header = [c.value for c in tab.rows[header_at]]
    g1, g2 = tab.rows[header_at + 1], tab.rows[header_at + 2]
    for name in ("Target", "Current"):
        assert g1[header.index(name)].fmt == "int"
        assert g2[header.index(name)].fmt == "percent"


def _demo(tmp_path, lang="en"):
    import openpyxl

    from sheetsync.cli import main

    path = tmp_path / f"demo-{lang}.xlsx"
    assert main(["demo", "--lang", lang, "-w", str(path), "--today", "2026-11-27", "-q"]) == 0
    return path, openpyxl.load_workbook(path)


def test_the_demo_opens_on_kpi_status_and_outputs_stand_in_order(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path, book = _demo(tmp_path)
    assert book.active.title == "KPI Status"
    inputs = ["Settings", "Team", "Goals", "Actuals", "Activities", "Spend", "Reporting"]
    assert book.sheetnames[:7] == inputs
    outputs = ["KPI Status", "Budget Control", "Alerts", "Checklist Score", "Owners", "Sync"]
    assert book.sheetnames[8:14] == outputs
    # Report tabs after the fixed outputs, grouped by rule, newest first.
    assert book.sheetnames[14:] == ["Weekly report 2026-W48", "Monthly report 2026-11"]
    from sheetsync.cli import main

    # A week on: the new weekly report stands before the one it follows.
    assert main(["sync", "-w", str(path), "--today", "2026-12-01", "-q"]) == 0
    import openpyxl

    names = openpyxl.load_workbook(path).sheetnames
    reports = [n for n in names if "report" in n]
    assert reports == [
        "Weekly report 2026-W49",
        "Weekly report 2026-W48",
        "Monthly report 2026-12",
        "Monthly report 2026-11",
    ]
    assert names.index("Sync") < names.index("Weekly report 2026-W49")


def test_alerts_cells_link_to_their_cells_and_tables_filter(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _, book = _demo(tmp_path)
    alerts = book["Alerts"]
    header_row = next(r for r in alerts.iter_rows() if r[0].value == "Severity")
    header = [c.value for c in header_row]
    at = header_row[0].row
    assert alerts.auto_filter.ref.startswith(f"A{at}:")
    cell_col = header.index("Cell")
    linked = [
        (row[cell_col].value, row[cell_col].hyperlink.location)
        for row in alerts.iter_rows(min_row=at + 1)
        if row[cell_col].hyperlink is not None
    ]
    assert ("Spend!C145", "'Spend'!C145") in linked
    assert len(linked) >= 10
    # The alert's kind in words; the code stays in --json and the Key column.
    kinds = {row[header.index("Alert")].value for row in alerts.iter_rows(min_row=at + 1)}
    assert "Spend after the end" in kinds and "spend-after-end" not in kinds
    assert book["KPI Status"].auto_filter.ref is not None


def test_a_russian_plan_writes_dates_as_russians_do(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _, book = _demo(tmp_path, "ru")
    kpi = book["Статус KPI"]
    assert kpi["A1"].value.endswith("на 27.11.2026")
    dated = [c for row in kpi.iter_rows() for c in row if c.is_date]
    assert dated and all(c.number_format == "dd.mm.yyyy" for c in dated)
    alerts = book["Предупреждения"]
    texts = " ".join(str(c.value) for row in alerts.iter_rows() for c in row if c.value)
    assert "закончилась 10.11.2026" in texts and "2026-11-10" not in texts


def test_google_sheets_gets_the_same_links_filters_and_order():
    import sheetsync
    from sheetsync.example import example_tabs
    from tests.fakes.sheets_api import FakeSheetsAPI
    from tests.helpers import DEMO_INPUTS, DEMO_OUTPUTS

    fake = FakeSheetsAPI()
    sid = fake.create_spreadsheet("Plan", example_tabs(TODAY))
    sheetsync.sync(sheetsync.open_workbook(sid, session=fake.session()), today=TODAY)
    book = fake.spreadsheet(sid)
    assert [s.title for s in book.sheets] == DEMO_INPUTS + DEMO_OUTPUTS
    state = fake.spreadsheet_json(sid, include_grid_data=True)
    sheets = {s["properties"]["title"]: s for s in state["sheets"]}
    spend_gid = sheets["Spend"]["properties"]["sheetId"]
    alerts = sheets["Alerts"]
    rows = alerts["data"][0]["rowData"]
    header_at = next(
        i for i, r in enumerate(rows)
        if r.get("values") and r["values"][0].get("formattedValue") == "Severity"
    )  # fmt: skip
    links = []
    for r in rows[header_at + 1 :]:
        for c in r.get("values", []):
            for run in c.get("textFormatRuns", []):
                uri = run.get("format", {}).get("link", {}).get("uri")
                if uri:
                    links.append((c["userEnteredValue"]["stringValue"], uri))
    assert ("Spend!C145", f"#gid={spend_gid}&range=C145") in links
    # Text with a link, never a HYPERLINK formula.
    assert all("formulaValue" not in c.get("userEnteredValue", {}) for r in rows
               for c in r.get("values", []))  # fmt: skip
    assert alerts["basicFilter"]["range"]["startRowIndex"] == header_at
    assert sheets["KPI Status"]["basicFilter"]["range"]["startColumnIndex"] == 0
    # A week on, the new weekly report stands first among the reports.
    sheetsync.sync(sheetsync.open_workbook(sid, session=fake.session()), today=dt.date(2026, 12, 1))
    titles = [s.title for s in fake.spreadsheet(sid).sheets]
    assert titles[titles.index("Sync") + 1 :] == [
        "Weekly report 2026-W49",
        "Weekly report 2026-W48",
        "Monthly report 2026-12",
        "Monthly report 2026-11",
    ]


def test_checklist_control_section_shows_its_open_alerts_and_no_item_ids(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _, book = _demo(tmp_path)
    sheet = book["Checklist Score"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert not any("Item ID" in str(v) for row in rows for v in row)
    assert not any(v == "control-limits" for row in rows for v in row)
    control = next(row for row in rows if row[1] == "Control")
    # Limits are set (the item passes), yet they were broken: the count says so.
    assert control[2] == "4 of 4; 9 open alerts against it (5 critical): see Alerts"


def test_sync_tab_says_when_outputs_changed_with_time_and_zone(tmp_path, monkeypatch):
    import re

    import openpyxl

    from sheetsync.cli import main

    monkeypatch.chdir(tmp_path)
    # As cron runs it, with no --today: the day and the time, in the plan's time zone.
    assert main(["demo", "-q"]) == 0
    sheet = openpyxl.load_workbook("sheetsync-demo.xlsx")["Sync"]
    assert sheet["A2"].value == "Outputs last changed"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d \(UTC\)", sheet["B2"].value)
    # Replayed for a given day, the same workbook and day give the same tab: the day alone.
    assert main(["sync", "-w", "sheetsync-demo.xlsx", "--today", "2026-12-31", "-q"]) == 0
    sheet = openpyxl.load_workbook("sheetsync-demo.xlsx")["Sync"]
    assert sheet["B2"].value.date().isoformat() == "2026-12-31"


def test_changed_text_names_the_zone_and_its_offset():
    from zoneinfo import ZoneInfo

    from sheetsync.render.sync_tab import changed_text

    moment = dt.datetime(2026, 11, 27, 7, 5, tzinfo=ZoneInfo("Europe/Moscow"))
    assert changed_text("en", moment) == "2026-11-27 07:05 (Europe/Moscow, UTC+03:00)"
    assert changed_text("ru", moment) == "27.11.2026 07:05 (Europe/Moscow, UTC+03:00)"


def test_budget_control_rows_add_up_to_the_headline(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _, book = _demo(tmp_path)
    sheet = book["Budget Control"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = rows[2]
    spent_at = header.index("Spent to date")
    table = []
    for row in rows[3:]:
        if not any(v is not None for v in row):
            break
        table.append(row)
    # A1..A9, then the $25 on "A99", which is on no Activities row.
    assert table[-1][1] == "Spend on activities not on the Activities tab"
    assert table[-1][spent_at] == 25
    assert round(sum(r[spent_at] or 0 for r in table), 2) == 597.5
    assert "$597.50 spent to date" in rows[1][0]
    assert sheet.auto_filter.ref == f"A3:{sheet.cell(3, len(header)).column_letter}{3 + len(table)}"


def test_owners_show_what_each_open_goal_puts_at_stake(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _, book = _demo(tmp_path)
    sheet = book["Owners"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(r for r in rows if r[0] == "Person")
    at = header.index("At stake: reward / penalty")
    anna = next(r for r in rows if r[0] == "Anna Lee")
    # G1 is on track: its reward and its penalty are both still to play for.
    assert anna[at].startswith("G1: Quarterly bonus")
    assert " / " in anna[at]

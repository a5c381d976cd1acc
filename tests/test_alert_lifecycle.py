"""Alerts over time: keys, new / ongoing / worse / acknowledged, resolved, and what people
type in the Alerts tab's last three columns, carried over by key."""

from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pytest

from sheetsync.cli import main
from sheetsync.compute.alerts import make_alert
from sheetsync.compute.lifecycle import Acknowledgement, lifecycle

D1, D2, D3, D4 = (dt.date(2026, 11, d) for d in (20, 21, 22, 23))


def over_budget(excess: float, severity: str | None = None):
    return make_alert("over-budget", "A6", f"over by {excess}", "Ben", "Activities!I7",
                      severity=severity, amount=excess)  # fmt: skip


def remembered(result):
    return {r.key: r for r in result.records}


def test_keys_are_code_and_subject_and_a_repeated_pair_is_numbered():
    alerts = [
        make_alert("no-owner", "X1", "goal X1 has no owner"),
        make_alert("no-owner", "X1", "activity X1 has no owner"),
        make_alert("daily-limit", "2026-10-23", "over"),
    ]
    assert lifecycle(alerts, D1).keys == ["no-owner:X1", "no-owner:X1#2", "daily-limit:2026-10-23"]


def test_new_then_ongoing_then_worse_only_past_ten_percent():
    day1 = lifecycle([over_budget(100)], D1)
    assert day1.states["over-budget:A6"].state == "new"
    assert day1.states["over-budget:A6"].first_seen == D1
    # The same day again: still new (a second run gives the same outputs).
    again = lifecycle([over_budget(100)], D1, remembered(day1))
    assert again.states["over-budget:A6"].state == "new"

    day2 = lifecycle([over_budget(109)], D2, remembered(day1))  # +9 %: not worse
    assert day2.states["over-budget:A6"].state == "ongoing"
    assert day2.states["over-budget:A6"].first_seen == D1
    day3 = lifecycle([over_budget(111)], D3, remembered(day2))  # +11 % of the first amount
    assert day3.states["over-budget:A6"].state == "worse"
    assert (
        lifecycle([over_budget(111)], D3, remembered(day3)).states["over-budget:A6"].state
        == "worse"
    )
    day4 = lifecycle([over_budget(115)], D4, remembered(day3))  # compared with 111 now
    assert day4.states["over-budget:A6"].state == "ongoing"


def test_a_severity_that_rises_is_worse():
    day1 = lifecycle([over_budget(10, severity="warning")], D1)
    day2 = lifecycle([over_budget(10, severity="critical")], D2, remembered(day1))
    assert day2.states["over-budget:A6"].state == "worse"


def test_resolved_is_listed_on_its_day_and_a_return_is_new_again():
    day1 = lifecycle([over_budget(10)], D1)
    day2 = lifecycle([], D2, remembered(day1))
    assert [(r.key, r.first_seen, r.resolved_on) for r in day2.resolved] == [
        ("over-budget:A6", D1, D2)
    ]
    assert lifecycle([], D3, remembered(day2)).resolved == []
    back = lifecycle([over_budget(10)], D3, remembered(day2))
    assert back.states["over-budget:A6"].state == "new"
    assert back.states["over-budget:A6"].first_seen == D3


def test_acknowledged_until_worse_or_until_its_date_or_resolved():
    ack = {"over-budget:A6": Acknowledgement("Ben", D3, "switched off")}
    day1 = lifecycle([over_budget(10)], D1)
    day2 = lifecycle([over_budget(10)], D2, remembered(day1), ack)
    state = day2.states["over-budget:A6"]
    assert state.state == "acknowledged"
    assert state.acknowledgement.by == "Ben" and state.acknowledgement.on == D2
    # Its Until date passes: no longer acknowledged, the note stays, a new episode starts.
    day4 = lifecycle([over_budget(10)], D4, remembered(day2), ack)
    assert day4.states["over-budget:A6"].state == "ongoing"
    assert day4.states["over-budget:A6"].written == Acknowledgement("", None, "switched off")
    assert [e.reason for e in day4.ended] == ["expired"]
    assert day4.states["over-budget:A6"].episode != state.episode
    # Worse after the acknowledgement was read: it ends.
    worse = lifecycle([over_budget(20)], D3, remembered(day2), ack)
    assert worse.states["over-budget:A6"].state == "worse"
    assert [e.reason for e in worse.ended] == ["worse"]
    # Resolved: the acknowledgement ends with it, and does not cover its return.
    gone = lifecycle([], D3, remembered(day2), ack)
    assert [e.reason for e in gone.ended] == ["resolved"]
    back = lifecycle([over_budget(10)], D4, remembered(gone), {})
    assert back.states["over-budget:A6"].state == "new"


# -- end to end on an .xlsx ------------------------------------------------------------------


@pytest.fixture
def demo(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["demo", "--today", "2026-11-20", "--quiet"]) == 0
    return tmp_path / "sheetsync-demo.xlsx"


def sync_json(path, day: str, capsys) -> dict:
    capsys.readouterr()
    assert main(["sync", "--workbook", str(path), "--today", day, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def alerts_rows(path) -> tuple[list, list[tuple]]:
    rows = list(openpyxl.load_workbook(path)["Alerts"].iter_rows(values_only=True))
    at = next(i for i, r in enumerate(rows) if r[0] == "Severity")
    return list(rows[at]), rows[at + 1 :]


def test_json_carries_key_state_first_seen_and_resolved_alerts(demo, capsys):
    day1 = sync_json(demo, "2026-11-20", capsys)
    alert = next(a for a in day1["alerts"] if a["code"] == "over-budget")
    assert alert["key"] == "over-budget:A6"
    assert alert["state"] == "new" and alert["first_seen"] == "2026-11-20"
    assert day1["resolved_alerts"] == []
    day2 = sync_json(demo, "2026-11-21", capsys)
    assert {a["state"] for a in day2["alerts"]} == {"ongoing"}
    # A person fixes the unknown activity ID in the Spend tab: it resolves.
    book = openpyxl.load_workbook(demo)
    spend = book["Spend"]
    for row in spend.iter_rows(min_row=2):
        if row[1].value == "A99":
            row[1].value = "A1"
    book.save(demo)
    day3 = sync_json(demo, "2026-11-22", capsys)
    resolved = {r["key"]: r for r in day3["resolved_alerts"]}
    assert resolved["unknown-activity:A99"] == {
        "key": "unknown-activity:A99",
        "code": "unknown-activity",
        "subject": "A99",
        "first_seen": "2026-11-20",
        "resolved_on": "2026-11-22",
    }
    assert "unknown-activity:A99" not in {a["key"] for a in day3["alerts"]}
    header, rows = alerts_rows(demo)
    resolved = [r for r in rows if r[header.index("Key")] == "unknown-activity:A99"]
    assert resolved and resolved[0][header.index("State")] == "resolved 2026-11-22"


def test_quiet_prints_only_new_or_worse_critical_alerts(demo, capsys):
    capsys.readouterr()
    assert main(["sync", "-w", str(demo), "--today", "2026-11-20", "--quiet"]) == 0
    first = capsys.readouterr().out
    assert "Over budget" in first and "No owner" not in first
    assert main(["sync", "-w", str(demo), "--today", "2026-11-21", "--quiet"]) == 0
    assert "Over budget" not in capsys.readouterr().out


def test_an_acknowledgement_typed_in_the_alerts_tab_is_carried_over_by_key(demo, capsys):
    sync_json(demo, "2026-11-20", capsys)
    book = openpyxl.load_workbook(demo)
    sheet = book["Alerts"]
    header, rows = alerts_rows(demo)
    at = next(i for i, r in enumerate(sheet.iter_rows(values_only=True)) if r[0] == "Severity")
    target = (
        next(n for n, r in enumerate(rows) if r[header.index("Key")] == "over-budget:A6") + at + 2
    )  # 1-based sheet row
    sheet.cell(target, header.index("Acknowledged by") + 1, "Ben Carter")
    sheet.cell(target, header.index("Until") + 1, dt.datetime(2026, 12, 1))
    sheet.cell(target, header.index("Note") + 1, "Ben: switched off 11-28")
    book.save(demo)

    for day in ("2026-11-21", "2026-11-22"):  # kept on every later sync
        data = sync_json(demo, day, capsys)
        alert = next(a for a in data["alerts"] if a["key"] == "over-budget:A6")
        assert alert["state"] == "acknowledged"
        assert alert["acknowledged_by"] == "Ben Carter"
        assert alert["acknowledged_until"] == "2026-12-01"
        assert alert["note"] == "Ben: switched off 11-28"
        header, rows = alerts_rows(demo)
        row = next(r for r in rows if r[header.index("Key")] == "over-budget:A6")
        assert row[header.index("Acknowledged by")] == "Ben Carter"
        assert row[header.index("Note")] == "Ben: switched off 11-28"
        assert row[header.index("Until")].date() == dt.date(2026, 12, 1)
    # Greyed on the tab.
    sheet = openpyxl.load_workbook(demo)["Alerts"]
    key_col = header.index("Key") + 1
    cell = next(
        sheet.cell(r, 1) for r in range(1, sheet.max_row + 1)
        if sheet.cell(r, key_col).value == "over-budget:A6"
    )  # fmt: skip
    assert cell.fill.fgColor.rgb.endswith("EDEDED")
    # After its Until date, it is an ongoing alert again: the name goes, the note stays.
    data = sync_json(demo, "2026-12-02", capsys)
    alert = next(a for a in data["alerts"] if a["key"] == "over-budget:A6")
    assert alert["state"] == "ongoing" and alert["acknowledged_by"] is None
    assert alert["note"] == "Ben: switched off 11-28"


# -- on Google Sheets, through gspread and the in-process fake --------------------------------


def test_an_acknowledgement_on_google_sheets_comes_back_in_the_same_two_reads(tmp_path):
    import sheetsync
    from sheetsync.example import example_tabs
    from sheetsync.history import History
    from tests.fakes.sheets_api import FakeSheetsAPI

    fake = FakeSheetsAPI()
    sid = fake.create_spreadsheet("Marketing plan", example_tabs(D1))
    with History(tmp_path / "state") as history:
        sheetsync.sync(sheetsync.open_workbook(sid, session=fake.session()), today=D1,
                       history=history)  # fmt: skip
        rows = fake.values(sid, "Alerts")
        at = next(i for i, r in enumerate(rows) if r and r[0] == "Severity")
        header = rows[at]
        people = header.index("Acknowledged by")
        assert header[people:] == ["Acknowledged by", "Until", "Note"]
        # The three columns stay outside the tab's warning-only protection.
        sheet = fake.spreadsheet(sid).by_title("Alerts")
        [protection] = sheet.protected_ranges
        assert protection["warningOnly"] is True
        assert protection["unprotectedRanges"] == [
            {"sheetId": sheet.sheet_id, "startRowIndex": at + 1, "startColumnIndex": people,
             "endColumnIndex": people + 3}
        ]  # fmt: skip
        # A person acknowledges the over-budget alert, as they would type it.
        row = next(n for n, r in enumerate(rows) if "over-budget:A6" in r)
        letter = "ABCDEFGHIJKLMNOP"[people]
        fake.set_values(sid, "Alerts", [["Ben Carter", "2026-12-01", "switched off"]],
                        value_input="USER_ENTERED", start=f"{letter}{row + 1}")  # fmt: skip
        fake.reset_calls()
        result = sheetsync.sync(
            sheetsync.open_workbook(sid, session=fake.session()), today=D2, history=history
        )
    assert fake.api_calls() == {"read": 2, "write": 1}
    alert = next(a for a in result.to_json()["alerts"] if a["key"] == "over-budget:A6")
    assert alert["state"] == "acknowledged"
    assert (alert["acknowledged_by"], alert["acknowledged_until"], alert["note"]) == (
        "Ben Carter", "2026-12-01", "switched off"
    )  # fmt: skip
    rows = fake.values(sid, "Alerts")
    row = next(r for r in rows if "over-budget:A6" in r)
    assert row[people] == "Ben Carter" and row[people + 2] == "switched off"
    assert row[header.index("State")] == "acknowledged"
    assert row[people + 1] == (dt.date(2026, 12, 1) - dt.date(1899, 12, 30)).days  # a date
    assert len(fake.spreadsheet(sid).by_title("Alerts").protected_ranges) == 1


def test_text_typed_elsewhere_in_an_output_tab_is_listed_on_the_sync_tab(demo, capsys):
    sync_json(demo, "2026-11-20", capsys)
    book = openpyxl.load_workbook(demo)
    book["Alerts"]["D20"] = "Ben: switched off 11-28"
    book["KPI Status"]["A30"] = "my note"
    book["Alerts"]["J6"] = "Maria Lopez"  # an acknowledgement: carried over, not listed
    book.save(demo)
    data = sync_json(demo, "2026-11-21", capsys)
    listed = {p["cell"]: p["message"] for p in data["problems"]}
    assert set(listed) == {"Alerts!D20", "'KPI Status'!A30"}
    assert '"Ben: switched off 11-28" was typed in Alerts' in listed["Alerts!D20"]
    sync_rows = [
        [c for c in row if c]
        for row in openpyxl.load_workbook(demo)["Sync"].iter_rows(values_only=True)
    ]
    assert ["Alerts!D20", listed["Alerts!D20"]] in sync_rows
    # The Alerts tab was rewritten (the acknowledgement changed it): the note is gone, and
    # with it the listing on the next run; the acknowledgement stays.
    data = sync_json(demo, "2026-11-22", capsys)
    assert "Alerts!D20" not in {p["cell"] for p in data["problems"]}
    assert sum(a["state"] == "acknowledged" for a in data["alerts"]) == 1

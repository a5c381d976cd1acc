"""The Google Sheets backend through the real gspread against the in-process Sheets fake.

Call counts, typed cells, marks that survive a rename, the all-or-nothing write, bounded
retries (429 with and without Retry-After, an HTML 500, timeouts, a write that timed out
after it was applied) and the messages a person gets for 403, 404, a disabled API and a
bad credentials file. No network: the fake answers every URL, the token endpoint included.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import requests

import sheetsync
from sheetsync.backends.gsheets import GoogleSheetsBackend, zone_name
from sheetsync.cli import main
from sheetsync.contracts import MARK_NAME, Changes
from sheetsync.errors import (
    AuthError,
    BusyError,
    SheetsyncError,
    UnreachableError,
    UsageError,
)
from sheetsync.example import example_tabs
from sheetsync.sync import check, run
from tests.fakes.sheets_api import FakeSheetsAPI
from tests.helpers import DEMO_INPUTS as INPUTS
from tests.helpers import DEMO_OUTPUTS as OUTPUTS
from tests.helpers import GOALS_HEADER

TODAY = dt.date(2026, 11, 27)
SA_EMAIL = "plan-bot@acme-marketing.iam.gserviceaccount.com"


@pytest.fixture
def fake() -> FakeSheetsAPI:
    return FakeSheetsAPI()


@pytest.fixture
def demo(fake: FakeSheetsAPI) -> str:
    return fake.create_spreadsheet("Marketing plan", example_tabs(TODAY))


def open_backend(fake: FakeSheetsAPI, sid: str, sleeps: list | None = None, **options):
    """A backend on the fake with a recorded sleep and a fixed jitter (delay = 3/4 backoff)."""
    sleeps = [] if sleeps is None else sleeps
    return GoogleSheetsBackend(
        sid, session=fake.session(), sleep=sleeps.append, jitter=lambda: 0.5, **options
    )


def methods(fake: FakeSheetsAPI) -> list[str]:
    return [method for method, _ in fake.calls]


def titles(fake: FakeSheetsAPI, sid: str) -> list[str]:
    return [s.title for s in fake.spreadsheet(sid).sheets]


def snapshot(fake: FakeSheetsAPI, sid: str) -> str:
    state = fake.spreadsheet_json(sid, include_grid_data=True)
    return json.dumps(state, sort_keys=True)


# -- a sync, end to end ----------------------------------------------------------------------


def test_the_demo_plan_syncs_in_two_reads_and_one_write_and_reads_back(fake, demo):
    fake.reset_calls()
    result = sheetsync.sync(sheetsync.open_workbook(demo, session=fake.session()), today=TODAY)

    assert methods(fake) == ["GET", "GET", "POST"]
    assert fake.api_calls() == {"read": 2, "write": 1}
    assert result.to_json()["api_calls"] == {"read": 2, "write": 1}
    assert result.tabs_written == OUTPUTS
    assert titles(fake, demo) == INPUTS + OUTPUTS
    assert result.location == f"https://docs.google.com/spreadsheets/d/{demo}"

    kpi = fake.values(demo, "KPI Status")
    assert kpi[0] == ["Example marketing plan — as of 2026-11-27"]
    header = kpi[1]
    assert header[:4] == ["ID", "Goal", "Metric", "Owner"]
    g1 = kpi[2]
    assert g1[0] == "G1"
    # 20 new clients of a target of 25: progress 0.8, stored as a number, shown as a percent.
    assert g1[header.index("Target")] == 25
    assert g1[header.index("Current")] == 20
    assert g1[header.index("Progress")] == pytest.approx(0.8)
    assert g1[header.index("Status")] == "On track"
    # Dates are serial numbers under a date format: 2026-11-27 is day 46353.
    assert fake.values(demo, "Sync")[1] == ["Outputs last changed", 46353]
    progress = fake.cell(demo, "'KPI Status'!H3")
    assert progress["userEnteredValue"] == {"numberValue": 0.8}
    assert progress["userEnteredFormat"]["numberFormat"] == {"type": "PERCENT", "pattern": "0.0%"}
    assert fake.cell(demo, "'Sync'!B2")["userEnteredFormat"]["numberFormat"]["type"] == "DATE"
    heading = fake.cell(demo, "'KPI Status'!B2")["userEnteredFormat"]
    assert heading["textFormat"]["bold"] is True
    assert heading["backgroundColor"] == pytest.approx(
        {"red": 0xD9 / 255, "green": 0xE1 / 255, "blue": 0xF2 / 255}, abs=1e-6
    )


def test_every_output_tab_is_marked_protected_frozen_and_sized(fake, demo):
    sheetsync.sync(sheetsync.open_workbook(demo, session=fake.session()), today=TODAY)
    book = fake.spreadsheet(demo)
    marks = {m["location"]["sheetId"]: m for m in book.developer_metadata}
    for sheet in book.sheets:
        if sheet.title in INPUTS:
            assert sheet.sheet_id not in marks
            assert sheet.protected_ranges == []
            continue
        mark = marks[sheet.sheet_id]
        assert mark["metadataKey"] == MARK_NAME
        assert mark["visibility"] == "DOCUMENT"
        key, digest = mark["metadataValue"].split("|")[:2]
        assert key and len(digest) == 16
        [protection] = sheet.protected_ranges
        assert protection["warningOnly"] is True
        assert protection["range"] == {"sheetId": sheet.sheet_id}
        assert sheet.properties["gridProperties"]["frozenRowCount"] >= 1
    kpi = book.by_title("KPI Status")
    [chart] = kpi.charts
    assert chart["spec"]["basicChart"]["chartType"] in ("COLUMN", "LINE")
    # Column widths: characters × 7 + 10 pixels; the ID column is at the 8-character minimum.
    assert kpi.column_meta[0]["pixelSize"] == 8 * 7 + 10


def test_an_unchanged_plan_is_read_twice_and_written_never(fake, demo):
    sheetsync.sync(sheetsync.open_workbook(demo, session=fake.session()), today=TODAY)
    before = snapshot(fake, demo)
    fake.reset_calls()
    again = sheetsync.sync(sheetsync.open_workbook(demo, session=fake.session()), today=TODAY)
    assert methods(fake) == ["GET", "GET"]
    assert again.tabs_written == [] and again.api_calls.to_json() == {"read": 2, "write": 0}
    assert snapshot(fake, demo) == before


def test_calls_stay_flat_as_tabs_and_rows_grow(fake):
    small = example_tabs(TODAY)
    big = example_tabs(TODAY)
    big["Spend"] = big["Spend"] + big["Spend"][1:] * 30  # 4,000 spend rows
    big["Actuals"] = big["Actuals"] + big["Actuals"][1:] * 30
    rule = big["Reporting"][1]
    big["Reporting"] = [
        *big["Reporting"],
        ["Quarterly review", "quarter", *rule[2:]],
        ["Second monthly", "month", *rule[2:]],
    ]
    counts = {}
    for name, tabs in (("small", small), ("big", big)):
        sid = fake.create_spreadsheet(name, tabs)
        fake.reset_calls()
        result = sheetsync.sync(sheetsync.open_workbook(sid, session=fake.session()), today=TODAY)
        counts[name] = (methods(fake), len(result.tabs_written))
    assert len(big["Spend"]) > 4000
    assert counts["small"] == (["GET", "GET", "POST"], 8)
    assert counts["big"][0] == ["GET", "GET", "POST"]
    assert counts["big"][1] > counts["small"][1]  # more report tabs, still one write


def test_a_changed_plan_is_rewritten_in_place(fake, demo):
    sheetsync.sync(sheetsync.open_workbook(demo, session=fake.session()), today=TODAY)
    before = {s.title: (s.sheet_id, s.index) for s in fake.spreadsheet(demo).sheets}
    fake.reset_calls()
    later = TODAY + dt.timedelta(days=1)
    result = sheetsync.sync(sheetsync.open_workbook(demo, session=fake.session()), today=later)
    assert methods(fake) == ["GET", "GET", "POST"]
    assert "KPI Status" in result.tabs_written
    after = {s.title: (s.sheet_id, s.index) for s in fake.spreadsheet(demo).sheets}
    assert after == before  # same tabs, same IDs (links and formulas survive), same places
    book = fake.spreadsheet(demo)
    assert len(book.by_title("KPI Status").charts) == 1  # replaced, not piled up
    assert all(len(book.by_title(t).protected_ranges) == 1 for t in OUTPUTS)
    assert len(book.developer_metadata) == len(OUTPUTS)
    assert fake.values(demo, "KPI Status")[0] == ["Example marketing plan — as of 2026-11-28"]


def test_every_request_and_answer_fits_googles_discovery_document(demo):
    from tests.fakes import discovery

    fake = FakeSheetsAPI(record_exchanges=True)
    sid = fake.create_spreadsheet("Plan", example_tabs(TODAY))
    for day in (TODAY, TODAY + dt.timedelta(days=1)):  # tabs added, then rewritten in place
        sheetsync.sync(sheetsync.open_workbook(sid, session=fake.session()), today=day)
    assert [e.method_id for e in fake.exchanges] == [
        "sheets.spreadsheets.get",
        "sheets.spreadsheets.values.batchGet",
        "sheets.spreadsheets.batchUpdate",
    ] * 2
    for exchange in fake.exchanges:
        assert exchange.status == 200
        discovery.validate_request(exchange.method_id, exchange.request_body)
        discovery.validate_response(exchange.method_id, exchange.response_body)
    rewrite = fake.exchanges[-1].request_body["requests"]
    kinds = {kind for request in rewrite for kind in request}
    assert "addSheet" not in kinds and "deleteSheet" not in kinds
    assert {"updateSheetProperties", "updateCells", "updateDeveloperMetadata"} <= kinds


def test_nothing_is_sent_for_empty_changes(fake, demo):
    backend = open_backend(fake, demo)
    backend.info()
    fake.reset_calls()
    outcome = backend.write(Changes())
    assert fake.calls == [] and outcome.saved is False and backend.calls.write == 0


# -- what a person typed and did ---------------------------------------------------------------


def test_a_persons_formula_like_text_is_written_as_text(demo):
    fake = FakeSheetsAPI(record_exchanges=True)
    tabs = example_tabs(TODAY)
    link = '=HYPERLINK("https://example.com/evil","click me")'
    goal_col = tabs["Goals"][0].index("Goal")
    tabs["Goals"][1][goal_col] = link
    sid = fake.create_spreadsheet("Plan", tabs)
    sheetsync.sync(sheetsync.open_workbook(sid, session=fake.session()), today=TODAY)
    [write] = [e for e in fake.exchanges if e.method == "POST"]
    body = json.dumps(write.request_body)
    assert "formulaValue" not in body and "USER_ENTERED" not in body
    kpi = fake.values(sid, "KPI Status")
    assert kpi[2][1] == link
    assert fake.cell(sid, "'KPI Status'!B3")["userEnteredValue"] == {"stringValue": link}


def test_a_persons_tab_named_like_an_output_is_left_alone(fake, demo):
    fake.add_sheet(demo, "KPI Status", [["our own KPI notes"], ["keep", 1]])
    person_sheet_id = fake.spreadsheet(demo).by_title("KPI Status").sheet_id
    result = sheetsync.sync(sheetsync.open_workbook(demo, session=fake.session()), today=TODAY)
    assert fake.values(demo, "KPI Status") == [["our own KPI notes"], ["keep", 1]]
    assert "KPI Status" not in result.tabs_written
    assert [p.cell for p in result.problems if p.key == "tab_conflict"] == ["'KPI Status'!A1"]
    marked = {m["location"]["sheetId"] for m in fake.spreadsheet(demo).developer_metadata}
    assert person_sheet_id not in marked


def test_an_output_tab_renamed_and_moved_by_a_person_keeps_its_name_and_place(fake, demo):
    sheetsync.sync(sheetsync.open_workbook(demo, session=fake.session()), today=TODAY)
    fake.rename_sheet(demo, "KPI Status", "Our KPIs")
    fake.move_sheet(demo, "Our KPIs", 0)
    sheet_id = fake.spreadsheet(demo).by_title("Our KPIs").sheet_id
    later = TODAY + dt.timedelta(days=1)
    result = sheetsync.sync(sheetsync.open_workbook(demo, session=fake.session()), today=later)
    assert "Our KPIs" in result.tabs_written
    assert titles(fake, demo)[0] == "Our KPIs" and "KPI Status" not in titles(fake, demo)
    assert fake.spreadsheet(demo).by_title("Our KPIs").sheet_id == sheet_id
    assert fake.values(demo, "Our KPIs")[0] == ["Example marketing plan — as of 2026-11-28"]


def test_an_output_no_longer_wanted_is_deleted_in_the_same_write(fake, demo):
    old_id = fake.add_sheet(demo, "Old board", [["retired output"]])
    fake.batch_update(
        demo,
        [
            {
                "createDeveloperMetadata": {
                    "developerMetadata": {
                        "metadataKey": MARK_NAME,
                        "metadataValue": "retired-board|0123456789abcdef",
                        "location": {"sheetId": old_id},
                        "visibility": "DOCUMENT",
                    }
                }
            }
        ],
    )
    fake.reset_calls()
    result = sheetsync.sync(sheetsync.open_workbook(demo, session=fake.session()), today=TODAY)
    assert result.tabs_deleted == ["Old board"]
    assert "Old board" not in titles(fake, demo)
    assert methods(fake) == ["GET", "GET", "POST"]


def test_a_second_tab_with_the_same_mark_is_left_alone_and_noted(fake, demo):
    sheetsync.sync(sheetsync.open_workbook(demo, session=fake.session()), today=TODAY)
    kpi = fake.spreadsheet(demo).by_title("KPI Status")
    [mark] = [
        m
        for m in fake.spreadsheet(demo).developer_metadata
        if m["location"]["sheetId"] == kpi.sheet_id
    ]
    copy_id = fake.add_sheet(demo, "KPI Status (copy)", [["a person's copy"]])
    fake.batch_update(
        demo,
        [
            {
                "createDeveloperMetadata": {
                    "developerMetadata": {
                        "metadataKey": MARK_NAME,
                        "metadataValue": mark["metadataValue"],
                        "location": {"sheetId": copy_id},
                        "visibility": "DOCUMENT",
                    }
                }
            }
        ],
    )
    result = sheetsync.sync(
        sheetsync.open_workbook(demo, session=fake.session()), today=TODAY + dt.timedelta(days=1)
    )
    assert "KPI Status" in result.tabs_written and "KPI Status (copy)" not in result.tabs_written
    assert fake.values(demo, "KPI Status (copy)") == [["a person's copy"]]
    assert result.notes == [
        'Tab "KPI Status (copy)" carries the same sheetsync mark as "KPI Status" (a copy?); '
        "sheetsync leaves it alone."
    ]


def test_russian_locale_text_numbers_are_parsed_with_a_decimal_comma(fake):
    goals = [
        GOALS_HEADER,
        ["G1", "Leads", "Leads", "last", "1 234,5", "2 000,25", "", "", "Anna", "", "", ""],
    ]
    actuals = [["Date", "Metric", "Value"], ["01.11.2026", "Leads", "1 500,5"]]
    sid = fake.create_spreadsheet(
        "План", {"Goals": goals, "Actuals": actuals}, locale="ru_RU", time_zone="Europe/Moscow"
    )
    backend = open_backend(fake, sid)
    info = backend.info()
    assert (info.locale, info.time_zone) == ("ru_RU", "Europe/Moscow")
    result = check(backend, today=TODAY)
    goal = result.results.plan.goals.df.iloc[0]
    assert goal["baseline"] == 1234.5 and goal["target"] == 2000.25
    actual = result.results.plan.actuals.df.iloc[0]
    assert actual["value"] == 1500.5 and actual["date"] == dt.datetime(2026, 11, 1)


def test_today_comes_from_the_settings_time_zone_else_the_spreadsheets(fake):
    goals = [GOALS_HEADER]
    east = fake.create_spreadsheet("East", {"Goals": goals}, time_zone="Pacific/Kiritimati")
    west = fake.create_spreadsheet(
        "West",
        {"Goals": goals, "Settings": [["Setting", "Value"], ["Time zone", "Pacific/Pago_Pago"]]},
        time_zone="Pacific/Kiritimati",
    )
    # UTC+14 and UTC-11 are 25 hours apart: their dates always differ.
    east_day = check(open_backend(fake, east)).results.today
    west_day = check(open_backend(fake, west)).results.today
    assert east_day == dt.datetime.now(ZoneInfo("Pacific/Kiritimati")).date()
    assert west_day == dt.datetime.now(ZoneInfo("Pacific/Pago_Pago")).date()
    assert east_day > west_day


def test_old_gmt_offsets_become_iana_zones():
    assert zone_name("GMT+03:00") == "Etc/GMT-3"
    assert zone_name("GMT-05:00") == "Etc/GMT+5"
    assert zone_name("GMT") == "GMT" and zone_name("Europe/Moscow") == "Europe/Moscow"
    assert zone_name("GMT+05:30") == "GMT+05:30"  # no Etc/ zone for half hours: left as is


# -- the all-or-nothing write -----------------------------------------------------------------


def test_a_write_refused_midway_leaves_the_spreadsheet_exactly_as_the_person_left_it(fake, demo):
    seen: dict[str, str] = {}

    def person_adds_alerts_tab() -> None:
        fake.add_sheet(demo, "Alerts", [["added while sheetsync ran"]])
        seen["before"] = snapshot(fake, demo)

    # The write adds KPI Status and Budget Control first; its addSheet "Alerts" then fails,
    # so Google applies none of it.
    fake.on_next_request(person_adds_alerts_tab, method="POST")
    fake.reset_calls()
    with pytest.raises(BusyError) as failure:
        sheetsync.sync(sheetsync.open_workbook(demo, session=fake.session()), today=TODAY)
    assert methods(fake) == ["GET", "GET", "POST", "GET"]  # refused, re-read, not resent
    assert snapshot(fake, demo) == seen["before"]
    assert titles(fake, demo) == [*INPUTS, "Alerts"]
    assert failure.value.exit_code == 5
    assert failure.value.message.startswith('A tab named "Alerts" appeared while sheetsync')
    assert "Nothing was written; run sync again" in failure.value.message


def test_a_write_refused_for_no_reason_a_rerun_fixes_says_so(fake, demo):
    sheetsync.sync(sheetsync.open_workbook(demo, session=fake.session()), today=TODAY)
    before = snapshot(fake, demo)
    fake.fail_next(
        400,
        method="POST",
        body={
            "error": {
                "code": 400,
                "message": "Invalid requests[3].updateCells: Attempting to write row: 50",
                "status": "INVALID_ARGUMENT",
            }
        },
    )
    fake.reset_calls()
    later = TODAY + dt.timedelta(days=1)
    with pytest.raises(SheetsyncError) as failure:
        sheetsync.sync(sheetsync.open_workbook(demo, session=fake.session()), today=later)
    assert methods(fake) == ["GET", "GET", "POST", "GET"]  # nothing changed meanwhile: no resend
    assert snapshot(fake, demo) == before
    message = failure.value.message
    assert failure.value.exit_code == 4
    assert message.startswith(f"Google Sheets refused the write to {demo}: HTTP 400")
    assert "Invalid requests[3].updateCells" in message and "exactly as it was" in message


def test_an_output_tab_a_person_deleted_during_the_run_is_written_again(fake, demo):
    sheetsync.sync(sheetsync.open_workbook(demo, session=fake.session()), today=TODAY)
    fake.on_next_request(lambda: fake.delete_sheet(demo, "Alerts"), method="POST")
    fake.reset_calls()
    later = TODAY + dt.timedelta(days=1)
    sheetsync.sync(sheetsync.open_workbook(demo, session=fake.session()), today=later)
    assert methods(fake) == ["GET", "GET", "POST", "GET", "POST"]  # refused, re-read, rebuilt
    assert sorted(titles(fake, demo)) == sorted(INPUTS + OUTPUTS)


def test_an_input_tab_renamed_between_the_reads_is_a_busy_workbook(fake, demo):
    def rename_at_the_values_read() -> None:
        fake.on_next_request(lambda: fake.rename_sheet(demo, "Goals", "Goals 2026"), method="GET")

    fake.on_next_request(rename_at_the_values_read, method="GET")
    with pytest.raises(BusyError) as failure:
        sheetsync.sync(sheetsync.open_workbook(demo, session=fake.session()), today=TODAY)
    assert failure.value.message.startswith('The tab "Goals" was renamed or deleted while')
    assert titles(fake, demo) == [*INPUTS[:2], "Goals 2026", *INPUTS[3:]]


# -- retries ------------------------------------------------------------------------------------


def test_429_with_retry_after_waits_as_told(fake, demo):
    sleeps: list[float] = []
    fake.fail_next(429, retry_after=7)
    info = open_backend(fake, demo, sleeps).info()
    assert info.tabs == INPUTS
    assert sleeps == [7.0]
    assert methods(fake) == ["GET", "GET"]


def test_429_without_retry_after_backs_off_exponentially(fake, demo):
    sleeps: list[float] = []
    fake.fail_next(429, times=3)
    open_backend(fake, demo, sleeps).info()
    assert sleeps == [1.25, 2.5, 5.0]  # 1, 2, 4 s × (1 + jitter/2) with jitter 0.5


def test_an_html_500_is_retried(fake, demo):
    sleeps: list[float] = []
    fake.fail_next(500, body="<html><body><h1>Server Error</h1></body></html>")
    backend = open_backend(fake, demo, sleeps)
    grids = backend.read(["Goals"])
    assert grids["Goals"].rows[0][:2] == ["ID", "Goal"]
    assert sleeps == [1.25] and methods(fake) == ["GET", "GET", "GET"]
    assert backend.calls.read == 3  # every request sent counts against the quota


@pytest.mark.parametrize(
    "exception", [requests.exceptions.ReadTimeout, requests.exceptions.ConnectionError]
)
def test_a_read_that_times_out_or_drops_is_retried(fake, demo, exception):
    sleeps: list[float] = []
    fake.fail_next_with(exception, times=2)
    info = open_backend(fake, demo, sleeps).info()
    assert info.title == "Marketing plan"
    assert sleeps == [1.25, 2.5]


def test_retries_stop_at_the_cap_with_exit_4(fake, demo):
    sleeps: list[float] = []
    fake.fail_next(503, times=100)
    backend = open_backend(fake, demo, sleeps, retry_seconds=5)
    with pytest.raises(UnreachableError) as failure:
        run(backend, today=TODAY)
    assert sleeps == [1.25, 2.5]  # the next wait (5 s) would pass the 5 s cap
    assert len(fake.calls) == 3
    assert failure.value.exit_code == 4
    message = failure.value.message
    assert "did not answer after 3 tries" in message and "HTTP 503" in message
    assert "Nothing was written" in message and "retry_seconds" in message


def test_a_retry_after_longer_than_the_cap_gives_up_at_once(fake, demo):
    sleeps: list[float] = []
    fake.fail_next(429, retry_after=600)
    with pytest.raises(UnreachableError) as failure:
        open_backend(fake, demo, sleeps, retry_seconds=120).info()
    assert sleeps == []
    assert "asked to wait 600 s" in failure.value.message


def test_a_write_that_timed_out_after_it_was_applied_is_not_sent_again(fake, demo):
    fake.timeout_after_apply_next(method="POST")
    fake.reset_calls()
    backend = open_backend(fake, demo)
    result = run(backend, today=TODAY)
    assert methods(fake) == ["GET", "GET", "POST", "GET"]  # re-read, found the marks, done
    assert titles(fake, demo) == INPUTS + OUTPUTS
    assert result.wrote and backend.calls.to_json() == {"read": 3, "write": 1}


def test_a_write_that_timed_out_unapplied_is_sent_again_once(fake, demo):
    fake.fail_next_with(requests.exceptions.ReadTimeout, method="POST")
    fake.reset_calls()
    run(open_backend(fake, demo), today=TODAY)
    assert methods(fake) == ["GET", "GET", "POST", "GET", "POST"]
    assert titles(fake, demo) == INPUTS + OUTPUTS


def test_a_write_answered_503_is_checked_before_it_is_resent(fake, demo):
    fake.fail_next(503, method="POST")
    fake.reset_calls()
    run(open_backend(fake, demo), today=TODAY)
    assert methods(fake) == ["GET", "GET", "POST", "GET", "POST"]
    assert titles(fake, demo) == INPUTS + OUTPUTS


def test_a_write_answered_429_is_simply_retried(fake, demo):
    sleeps: list[float] = []
    fake.fail_next(429, retry_after=2, method="POST")
    fake.reset_calls()
    run(open_backend(fake, demo, sleeps), today=TODAY)
    assert methods(fake) == ["GET", "GET", "POST", "POST"] and sleeps == [2.0]


# -- credentials and the errors a person can act on -------------------------------------------


@pytest.fixture(scope="module")
def private_key_pem() -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


@pytest.fixture
def service_account_file(tmp_path: Path, private_key_pem: str) -> Path:
    example = json.loads(Path("credentials.example.json").read_text())
    example.update(client_email=SA_EMAIL, private_key=private_key_pem)
    path = tmp_path / "service-account.json"
    path.write_text(json.dumps(example))
    return path


def test_a_service_account_key_authenticates_every_call(demo, service_account_file):
    fake = FakeSheetsAPI(require_auth=True)
    sid = fake.create_spreadsheet("Plan", example_tabs(TODAY))
    workbook = sheetsync.open_workbook(
        sid, credentials=str(service_account_file), session=fake.session()
    )
    result = sheetsync.sync(workbook, today=TODAY)
    assert result.tabs_written == OUTPUTS
    assert fake.token_requests == 1  # one access token, reused for the three calls


def test_an_access_token_refused_once_is_refreshed_and_the_call_repeated(service_account_file):
    fake = FakeSheetsAPI(require_auth=True)
    sid = fake.create_spreadsheet("Plan", example_tabs(TODAY))
    backend = GoogleSheetsBackend(sid, credentials=service_account_file, session=fake.session())
    fake.fail_next(401)
    assert backend.info().tabs == INPUTS
    assert fake.token_requests == 2 and methods(fake) == ["GET", "GET"]


def test_403_names_the_service_account_to_share_with(fake, demo, service_account_file):
    fake.deny_access(demo)
    backend = GoogleSheetsBackend(
        demo, credentials=service_account_file, session=fake.session(), sleep=lambda s: None
    )
    with pytest.raises(AuthError) as failure:
        backend.info()
    assert failure.value.exit_code == 3
    message = failure.value.message
    assert f"{SA_EMAIL} has no access to spreadsheet {demo}" in message
    assert "click Share" in message and "Editor" in message


def test_a_403_on_the_write_asks_for_the_editor_role(fake, demo, service_account_file):
    fake.fail_next(403, method="POST")
    backend = GoogleSheetsBackend(
        demo, credentials=service_account_file, session=fake.session(), sleep=lambda s: None
    )
    with pytest.raises(AuthError) as failure:
        run(backend, today=TODAY)
    assert f"{SA_EMAIL} can read spreadsheet {demo} but not edit it" in failure.value.message
    assert titles(fake, demo) == INPUTS


def test_a_disabled_sheets_api_says_how_to_enable_it(fake, demo):
    url = "https://console.developers.google.com/apis/api/sheets.googleapis.com/overview?project=123456789"
    fake.fail_next(
        403,
        body={
            "error": {
                "code": 403,
                "message": "Google Sheets API has not been used in project 123456789 before or "
                f"it is disabled. Enable it by visiting {url} then retry.",
                "status": "PERMISSION_DENIED",
                "details": [
                    {
                        "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                        "reason": "SERVICE_DISABLED",
                        "domain": "googleapis.com",
                        "metadata": {
                            "service": "sheets.googleapis.com",
                            "consumer": "projects/123456789",
                            "activationUrl": url,
                        },
                    }
                ],
            }
        },
    )
    with pytest.raises(AuthError) as failure:
        open_backend(fake, demo).info()
    message = failure.value.message
    assert "The Google Sheets API is not enabled for Google Cloud project 123456789" in message
    assert url in message


def test_an_unknown_spreadsheet_id_is_named(fake):
    missing = "1NoSuchSpreadsheetIdAtAll0000000000000000"
    with pytest.raises(UnreachableError) as failure:
        open_backend(fake, missing).info()
    assert failure.value.exit_code == 4
    assert f"No spreadsheet with ID {missing}" in failure.value.message


@pytest.mark.parametrize(
    ("content", "named"),
    [
        ({"type": "service_account", "private_key": "x", "token_uri": "y"}, "client_email"),
        ({"type": "service_account", "client_email": SA_EMAIL, "token_uri": "y"}, "private_key"),
        ({"client_email": SA_EMAIL}, '"type"'),
        ({"installed": {"client_id": "1", "auth_uri": "a", "token_uri": "t"}}, "client_secret"),
        ("{not json", "not valid JSON"),
    ],
)
def test_a_bad_credentials_file_is_a_usage_error_naming_the_field(tmp_path, content, named):
    path = tmp_path / "key.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    with pytest.raises(UsageError) as failure:
        sheetsync.open_workbook("1" + "a" * 43, credentials=str(path))
    assert named in failure.value.message and failure.value.exit_code == 2


def test_the_cli_exits_2_for_a_credentials_file_missing_a_field(tmp_path, capsys, monkeypatch):
    path = tmp_path / "key.json"
    path.write_text(json.dumps({"type": "service_account", "private_key": "x", "token_uri": "y"}))
    monkeypatch.chdir(tmp_path)
    url = "https://docs.google.com/spreadsheets/d/1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789/edit#gid=0"
    code = main(["check", "--workbook", url, "--credentials", str(path)])
    assert code == 2
    assert "client_email" in capsys.readouterr().err


def test_no_credentials_at_all_is_a_usage_error(monkeypatch):
    monkeypatch.delenv("GOOGLE_APPLICATION_CREDENTIALS", raising=False)
    with pytest.raises(UsageError) as failure:
        sheetsync.open_workbook("1" + "a" * 43)
    assert "GOOGLE_APPLICATION_CREDENTIALS" in failure.value.message


def _oauth_client(tmp_path: Path) -> Path:
    client = tmp_path / "oauth-client.json"
    client.write_text(
        json.dumps(
            {
                "installed": {
                    "client_id": "123-abc.apps.googleusercontent.com",
                    "client_secret": "not-a-secret",
                    "auth_uri": "https://accounts.google.com/o/oauth2/auth",
                    "token_uri": "https://oauth2.googleapis.com/token",
                    "redirect_uris": ["http://localhost"],
                }
            }
        )
    )
    return client


def test_an_oauth_sign_in_cached_in_the_state_folder_is_used(tmp_path):
    fake = FakeSheetsAPI(require_auth=True)
    sid = fake.create_spreadsheet("Plan", example_tabs(TODAY))
    state = tmp_path / ".sheetsync"
    state.mkdir()
    (state / "google-oauth-token.json").write_text(
        json.dumps(
            {
                "type": "authorized_user",
                "client_id": "123-abc.apps.googleusercontent.com",
                "client_secret": "not-a-secret",
                "refresh_token": "1//refresh",
                "token_uri": "https://oauth2.googleapis.com/token",
            }
        )
    )
    backend = GoogleSheetsBackend(
        sid,
        credentials=str(_oauth_client(tmp_path)),
        session=fake.session(),
        state_dir=state,
        interactive=False,
    )
    assert backend.info().tabs == INPUTS
    assert fake.token_requests == 1
    assert backend.identity.kind == "oauth"


def test_an_oauth_client_without_a_saved_sign_in_says_how_to_sign_in(tmp_path, fake, demo):
    with pytest.raises(AuthError) as failure:
        GoogleSheetsBackend(
            demo,
            credentials=str(_oauth_client(tmp_path)),
            session=fake.session(),
            state_dir=tmp_path / ".sheetsync",
            interactive=False,
        )
    assert "sheetsync check" in failure.value.message
    assert str(tmp_path / ".sheetsync" / "google-oauth-token.json") in failure.value.message

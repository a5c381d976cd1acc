"""The Sheets API fake (tests/fakes) against Google's recordings, the discovery document and
the real gspread: the fake is only worth its name if it answers the way Google does."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import gspread
import pytest
import requests
from google.auth.credentials import AnonymousCredentials

from tests.fakes import FakeSheetsAPI, discovery, replay
from tests.fakes.sheets_api import DEFAULT_ACCOUNT

RECORDINGS = Path(__file__).resolve().parents[2] / "shared" / "sheets-api-recordings"
REPO_ROOT = Path(__file__).resolve().parents[1]
SHEETS = "https://sheets.googleapis.com/v4/spreadsheets"

needs_recordings = pytest.mark.skipif(
    not RECORDINGS.is_dir(), reason=f"recordings not found at {RECORDINGS}"
)


def _check_exchanges(fake: FakeSheetsAPI) -> None:
    """Every accepted request and every answer conforms to the discovery document,
    judged by jsonschema (independently of the fake's own fast checker)."""
    for exchange in fake.exchanges:
        if exchange.method_id is None or not exchange.method_id.startswith("sheets."):
            continue
        if not isinstance(exchange.response_body, dict | type(None)):
            continue  # an injected non-JSON body
        if exchange.status < 400:
            discovery.validate_request(exchange.method_id, exchange.request_body)
        discovery.validate_response(exchange.method_id, exchange.response_body, exchange.status)


@pytest.fixture
def fake():
    fake = FakeSheetsAPI(validate_responses=True, record_exchanges=True)
    yield fake
    _check_exchanges(fake)


@pytest.fixture
def client(fake: FakeSheetsAPI) -> gspread.Client:
    return gspread.Client(auth=None, session=fake.session())


@pytest.fixture
def plan(fake: FakeSheetsAPI) -> str:
    return fake.create_spreadsheet(
        "Marketing plan",
        {
            "Goals": [
                ["ID", "Goal", "Start", "Target"],
                ["G1", "More clients", dt.date(2026, 11, 27), 25],
                ["G2", "Conversion", 46357, 0.03],
            ],
            "Spend": [["Date", "Activity", "Amount"], [46353, "A1", 120.5]],
        },
    )


def _raw(fake: FakeSheetsAPI, method: str, url: str, body: Any = None) -> requests.Response:
    return fake.session().request(method, url, json=body)


def _batch(fake: FakeSheetsAPI, sid: str, *requests_: dict) -> requests.Response:
    return _raw(fake, "POST", f"{SHEETS}/{sid}:batchUpdate", {"requests": list(requests_)})


# --------------------------------------------------------------------------------------
# Ground truth: Google's recordings
# --------------------------------------------------------------------------------------


@needs_recordings
def test_every_recorded_interaction_replays_identically():
    result = replay.run(sorted(RECORDINGS.glob("*.json")))
    assert result.failed == 0, "\n".join(result.lines)
    assert result.passed >= 300
    assert result.skipped == len(replay.EXPECTED_FAILURES)


@needs_recordings
def test_replay_command_ends_with_the_summary_line():
    run = subprocess.run(
        [sys.executable, "-m", "tests.fakes.replay"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    last = run.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"\d+ passed, 0 failed", last), run.stdout[-2000:]
    assert run.returncode == 0


def test_replay_reports_a_mismatch(tmp_path: Path):
    cassette = {
        "interactions": [
            {
                "request": {
                    "method": "GET",
                    "uri": f"{SHEETS}/missing?includeGridData=false",
                    "body": None,
                },
                "response": {
                    "status": {"code": 200, "message": "OK"},
                    "body": {"string": '{"spreadsheetId": "missing"}'},
                },
            }
        ]
    }
    path = tmp_path / "made_up.json"
    path.write_text(json.dumps(cassette))
    result = replay.run([path])
    assert (result.passed, result.failed) == (0, 1)
    assert result.lines[0].startswith("made_up.json #0 GET /v4/spreadsheets/missing: status")
    assert all(item.reason for item in replay.IGNORE)


# --------------------------------------------------------------------------------------
# Building a client
# --------------------------------------------------------------------------------------


def test_gspread_client_works_with_a_session_or_anonymous_credentials(fake, plan):
    for client in (
        gspread.Client(auth=None, session=fake.session()),
        gspread.Client(auth=AnonymousCredentials(), session=fake.session()),
        gspread.Client(auth=AnonymousCredentials(), session=fake.authorized_session()),
    ):
        assert client.open_by_key(plan).worksheet("Goals").acell("A2").value == "G1"


def test_service_account_credentials_get_their_token_from_the_fake():
    serialization = pytest.importorskip("cryptography.hazmat.primitives.serialization")
    rsa = pytest.importorskip("cryptography.hazmat.primitives.asymmetric.rsa")
    from google.oauth2 import service_account

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    credentials = service_account.Credentials.from_service_account_info(
        {
            "type": "service_account",
            "project_id": "demo",
            "private_key_id": "1",
            "private_key": pem,
            "client_email": "robot@demo.iam.gserviceaccount.com",
            "client_id": "1",
            "token_uri": "https://oauth2.googleapis.com/token",
        },
        scopes=["https://www.googleapis.com/auth/spreadsheets"],
    )
    fake = FakeSheetsAPI(require_auth=True)
    sid = fake.create_spreadsheet("Plan", {"Goals": [["ID"]]})
    client = gspread.Client(auth=credentials, session=fake.authorized_session(credentials))
    assert client.open_by_key(sid).sheet1.get_all_values() == [["ID"]]
    assert fake.token_requests == 1
    assert all("oauth2" not in url for _, url in fake.calls)


def test_session_refuses_to_reach_the_network(fake):
    with pytest.raises(requests.exceptions.ConnectionError, match="refuses"):
        fake.session().get("https://example.com/")


def test_require_auth_answers_401_without_a_bearer_token():
    fake = FakeSheetsAPI(require_auth=True)
    sid = fake.create_spreadsheet("Plan", {"Goals": [["ID"]]})
    response = fake.session().get(f"{SHEETS}/{sid}")
    assert response.status_code == 401
    assert response.json()["error"]["status"] == "UNAUTHENTICATED"
    ok = fake.session().get(f"{SHEETS}/{sid}", headers={"Authorization": "Bearer x"})
    assert ok.status_code == 200


# --------------------------------------------------------------------------------------
# Reading values
# --------------------------------------------------------------------------------------


def test_get_all_values_reads_what_was_created(client, plan):
    worksheet = client.open_by_key(plan).worksheet("Goals")
    assert worksheet.get_all_values() == [
        ["ID", "Goal", "Start", "Target"],
        ["G1", "More clients", "2026-11-27", "25"],
        ["G2", "Conversion", "46357", "0.03"],
    ]


def test_dates_read_as_serial_numbers_when_unformatted(client, plan):
    worksheet = client.open_by_key(plan).worksheet("Goals")
    assert worksheet.get("C2", value_render_option="UNFORMATTED_VALUE") == [[46353]]
    formatted = worksheet.get(
        "C2", value_render_option="UNFORMATTED_VALUE", date_time_render_option="FORMATTED_STRING"
    )
    assert formatted == [["2026-11-27"]]
    assert worksheet.get("C3", value_render_option="UNFORMATTED_VALUE") == [[46357]]


def test_trailing_empty_rows_and_cells_are_trimmed(fake, client):
    sid = fake.create_spreadsheet(
        "T", {"S": [["a", "", "b", ""], ["", "", "", ""], ["", "c"], ["", ""], [None]]}
    )
    response = _raw(fake, "GET", f"{SHEETS}/{sid}/values/S!A1:F9")
    assert response.json() == {
        "range": "S!A1:F9",
        "majorDimension": "ROWS",
        "values": [["a", "", "b"], [], ["", "c"]],
    }
    assert fake.values(sid, "S") == [["a", "", "b"], [], ["", "c"]]
    empty = _raw(fake, "GET", f"{SHEETS}/{sid}/values/S!D5:E6").json()
    assert empty == {"range": "S!D5:E6", "majorDimension": "ROWS"}


def test_batch_get_one_call_for_many_tabs_with_columns_major(fake, plan):
    response = _raw(
        fake,
        "GET",
        f"{SHEETS}/{plan}/values:batchGet?ranges=Goals&ranges='Spend'!A:B"
        "&valueRenderOption=UNFORMATTED_VALUE&majorDimension=COLUMNS",
    ).json()
    assert [item["range"] for item in response["valueRanges"]] == [
        "Goals!A1:Z1000",
        "Spend!A1:B1000",
    ]
    assert response["valueRanges"][1]["values"] == [["Date", 46353], ["Activity", "A1"]]


def test_bad_ranges_are_rejected_like_google(fake, plan):
    for bad in ("Nope!A1", "Goals!A1:1B", "'Goals"):
        response = _raw(fake, "GET", f"{SHEETS}/{plan}/values/{bad}")
        assert response.status_code == 400
        assert response.json()["error"]["message"] == f"Unable to parse range: {bad}"


# --------------------------------------------------------------------------------------
# Writing values
# --------------------------------------------------------------------------------------


def test_raw_writes_keep_text_as_text(client, fake, plan):
    worksheet = client.open_by_key(plan).worksheet("Spend")
    worksheet.update([["=1+2", "50%", "2026-11-27", "TRUE", 7]], "A3", raw=True)
    assert fake.values(plan, "Spend")[2] == ["=1+2", "50%", "2026-11-27", "TRUE", 7]
    assert fake.cell(plan, "Spend!A3")["userEnteredValue"] == {"stringValue": "=1+2"}


def test_user_entered_writes_are_parsed_as_if_typed(client, fake, plan):
    worksheet = client.open_by_key(plan).worksheet("Spend")
    worksheet.update(
        [["=2*3", "50%", "2026-11-27", "true", "1,234.5", "'0042", "$800", "12.5%"]],
        "A3",
        value_input_option="USER_ENTERED",
    )
    assert fake.values(plan, "Spend")[2] == [6, 0.5, 46353, True, 1234.5, "0042", 800, 0.125]
    assert worksheet.row_values(3) == [
        "6", "50%", "2026-11-27", "TRUE", "1,234.50", "0042", "$800.00", "12.50%",
    ]  # fmt: skip
    assert worksheet.row_values(3, value_render_option="FORMULA")[0] == "=2*3"
    assert fake.cell(plan, "Spend!C3")["userEnteredFormat"]["numberFormat"] == {
        "type": "DATE",
        "pattern": "yyyy-mm-dd",
    }


def test_user_entered_follows_the_spreadsheet_locale(fake, client):
    sid = fake.create_spreadsheet("План", {"Факт": [["Дата", "Сумма"]]}, locale="ru_RU")
    worksheet = client.open_by_key(sid).worksheet("Факт")
    worksheet.update(
        [["27.11.2026", "1 234,5", "1,5", "3/4/2026"]], "A2", value_input_option="USER_ENTERED"
    )
    # Day first in this locale: 3/4/2026 is the 3rd of April (serial 46115).
    assert fake.values(sid, "Факт")[1] == [46353, 1234.5, 1.5, 46115]
    assert worksheet.acell("A2").value == "27.11.2026"
    assert worksheet.acell("C2").value == "1,5"


def test_writes_beyond_the_grid_or_the_range_are_refused(client, fake):
    sid = fake.create_spreadsheet("T", {"S": [["x"]]})
    worksheet = client.open_by_key(sid).worksheet("S")
    with pytest.raises(gspread.exceptions.APIError) as error:
        worksheet.update([["a"], ["b"]], "A1000")
    assert error.value.args[0]["message"] == (
        "Range (S!A1000:A1001) exceeds grid limits. Max rows: 1000, max columns: 26"
    )
    with pytest.raises(gspread.exceptions.APIError) as error:
        worksheet.update([["a", "b", "c"]], "A1:B1")
    assert "tried writing to column [C]" in error.value.args[0]["message"]
    assert fake.values(sid, "S") == [["x"]]


def test_values_batch_update_is_atomic(fake, plan):
    body = {
        "valueInputOption": "RAW",
        "data": [
            {"range": "Spend!A5", "values": [["kept?"]]},
            {"range": "Missing!A1", "values": [["x"]]},
        ],
    }
    response = _raw(fake, "POST", f"{SHEETS}/{plan}/values:batchUpdate", body)
    assert response.status_code == 400
    assert len(fake.values(plan, "Spend")) == 2


def test_values_update_requires_a_value_input_option(fake, plan):
    response = _raw(fake, "PUT", f"{SHEETS}/{plan}/values/Spend!A1", {"values": [["x"]]})
    assert response.status_code == 400
    assert response.json()["error"]["message"] == (
        "'valueInputOption' is required but not specified"
    )


def test_append_and_clear(client, fake, plan):
    worksheet = client.open_by_key(plan).worksheet("Spend")
    response = worksheet.append_row([46354, "A2", 80])
    assert response["tableRange"] == "Spend!A1:C2"
    assert response["updates"]["updatedRange"] == "Spend!A3:C3"
    assert fake.values(plan, "Spend")[2] == [46354, "A2", 80]
    worksheet.batch_clear(["A2:C2"])
    assert fake.values(plan, "Spend") == [["Date", "Activity", "Amount"], [], [46354, "A2", 80]]


def test_null_values_leave_cells_alone(fake, plan):
    body = {"values": [[None, "B"]]}
    _raw(fake, "PUT", f"{SHEETS}/{plan}/values/Spend!A2?valueInputOption=RAW", body)
    assert fake.values(plan, "Spend")[1] == [46353, "B", 120.5]


# --------------------------------------------------------------------------------------
# batchUpdate
# --------------------------------------------------------------------------------------


def test_batch_update_is_all_or_nothing(client, fake, plan):
    spreadsheet = client.open_by_key(plan)
    before = fake.spreadsheet_json(plan, include_grid_data=True)
    goals_id = spreadsheet.worksheet("Goals").id
    body = {
        "requests": [
            {"addSheet": {"properties": {"title": "KPI Status"}}},
            {"updateSheetProperties": {
                "properties": {"sheetId": goals_id, "title": "Renamed"}, "fields": "title"
            }},
            {"updateCells": {
                "start": {"sheetId": goals_id, "rowIndex": 0, "columnIndex": 0},
                "rows": [{"values": [{"userEnteredValue": {"stringValue": "changed"}}]}],
                "fields": "userEnteredValue",
            }},
            {"deleteSheet": {"sheetId": 123456}},
        ]
    }  # fmt: skip
    with pytest.raises(gspread.exceptions.APIError) as error:
        spreadsheet.batch_update(body)
    assert error.value.response.status_code == 400
    assert error.value.args[0] == {
        "code": 400,
        "message": "Invalid requests[3].deleteSheet: No grid with id: 123456",
        "status": "INVALID_ARGUMENT",
    }
    assert fake.spreadsheet_json(plan, include_grid_data=True) == before
    assert [ws.title for ws in spreadsheet.worksheets()] == ["Goals", "Spend"]


def test_duplicate_sheet_title_is_refused_with_googles_message(client, plan):
    spreadsheet = client.open_by_key(plan)
    with pytest.raises(gspread.exceptions.APIError) as error:
        spreadsheet.add_worksheet("goals", rows=10, cols=5)
    assert error.value.args[0]["message"] == (
        'Invalid requests[0].addSheet: A sheet with the name "goals" already exists. '
        "Please enter another name."
    )


def test_unknown_request_kinds_and_fields_are_refused(fake, plan):
    response = _batch(fake, plan, {"addSheat": {"properties": {"title": "X"}}})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["message"] == (
        "Invalid JSON payload received. Unknown name \"addSheat\" at 'requests[0]': "
        "Cannot find field."
    )
    assert error["details"][0]["@type"] == "type.googleapis.com/google.rpc.BadRequest"
    typo = _batch(fake, plan, {"addSheet": {"properties": {"titel": "X"}}})
    assert (
        "Unknown name \"titel\" at 'requests[0].add_sheet.properties'"
        in (typo.json()["error"]["message"])
    )
    wrong_type = _batch(
        fake, plan, {"addSheet": {"properties": {"gridProperties": {"rowCount": "many"}}}}
    )
    assert wrong_type.json()["error"]["message"] == (
        "Invalid value at 'requests[0].add_sheet.properties.grid_properties.row_count' "
        '(TYPE_INT32), "many"'
    )


def test_bad_query_parameters_are_refused(fake, plan):
    response = _raw(fake, "GET", f"{SHEETS}/{plan}/values/Goals?valueRenderOption=RAW")
    assert response.status_code == 400
    assert "value_render_option" in response.json()["error"]["message"]
    unknown = _raw(fake, "GET", f"{SHEETS}/{plan}?includeGridDta=true")
    assert "Cannot bind query parameter" in unknown.json()["error"]["message"]


def test_deleting_the_last_sheet_is_refused(fake):
    sid = fake.create_spreadsheet("T", {"Only": [["x"]]})
    response = _batch(fake, sid, {"deleteSheet": {"sheetId": 0}})
    assert response.json()["error"]["message"] == (
        "Invalid requests[0].deleteSheet: You can't remove all the sheets in a document."
    )


def test_add_sheet_reply_and_client_chosen_ids(fake, plan):
    reply = _batch(
        fake,
        plan,
        {"addSheet": {"properties": {"sheetId": 42, "title": "Alerts", "index": 0,
                                     "gridProperties": {"rowCount": 5, "columnCount": 3,
                                                        "frozenRowCount": 1}}}},
        {"updateCells": {"start": {"sheetId": 42}, "fields": "userEnteredValue",
                         "rows": [{"values": [{"userEnteredValue": {"stringValue": "Code"}}]}]}},
    ).json()  # fmt: skip
    assert reply["replies"] == [
        {
            "addSheet": {
                "properties": {
                    "sheetId": 42,
                    "title": "Alerts",
                    "index": 0,
                    "sheetType": "GRID",
                    "gridProperties": {"rowCount": 5, "columnCount": 3, "frozenRowCount": 1},
                }
            }
        },
        {},
    ]
    titles = [sheet.title for sheet in fake.spreadsheet(plan).sheets]
    assert titles == ["Alerts", "Goals", "Spend"]
    assert fake.values(plan, "Alerts") == [["Code"]]


def test_update_cells_values_formats_and_notes(fake, plan):
    goals = fake.spreadsheet(plan).by_title("Goals").sheet_id
    rows = [
        {
            "values": [
                {"userEnteredValue": {"stringValue": '=HYPERLINK("http://x", "x")'}},
                {"userEnteredValue": {"formulaValue": "=SUM(D2:D3)"}},
                {
                    "userEnteredValue": {"numberValue": 0.25},
                    "userEnteredFormat": {
                        "numberFormat": {"type": "PERCENT", "pattern": "0%"},
                        "backgroundColor": {"red": 1, "green": 0.5},
                        "textFormat": {"bold": True},
                    },
                    "note": "checked",
                },
                {"userEnteredValue": {"boolValue": False}},
            ]
        }
    ]
    response = _batch(
        fake,
        plan,
        {
            "updateCells": {
                "range": {"sheetId": goals, "startRowIndex": 4, "endRowIndex": 5,
                          "startColumnIndex": 0, "endColumnIndex": 4},
                "rows": rows,
                "fields": "userEnteredValue,userEnteredFormat,note",
            }
        },
    )  # fmt: skip
    assert response.status_code == 200, response.text
    assert fake.values(plan, "Goals")[4] == ['=HYPERLINK("http://x", "x")', 25.03, 0.25, False]
    cell = fake.cell(plan, "Goals!C5")
    assert cell["formattedValue"] == "25%"
    assert cell["note"] == "checked"
    assert cell["userEnteredFormat"]["backgroundColor"] == {"red": 1, "green": 0.49803922}
    assert cell["userEnteredFormat"]["backgroundColorStyle"] == {
        "rgbColor": {"red": 1, "green": 0.49803922}
    }
    assert fake.cell(plan, "Goals!B5")["userEnteredValue"] == {"formulaValue": "=SUM(D2:D3)"}


def test_update_cells_needs_fields_and_stays_inside_the_grid(fake, plan):
    no_fields = _batch(
        fake, plan, {"updateCells": {"start": {"sheetId": 0}, "rows": [{"values": [{}]}]}}
    )
    assert no_fields.status_code == 400
    outside = _batch(
        fake,
        plan,
        {"updateCells": {"start": {"sheetId": 0, "rowIndex": 1000}, "fields": "note",
                         "rows": [{"values": [{"note": "x"}]}]}},
    )  # fmt: skip
    assert outside.json()["error"]["message"] == (
        "Invalid requests[0].updateCells: Range (Goals!A1001) exceeds grid limits. "
        "Max rows: 1000, max columns: 26"
    )


def test_repeat_cell_updates_only_the_masked_fields(fake, plan):
    sheet = {"sheetId": 0, "startRowIndex": 0, "endRowIndex": 1}
    _batch(
        fake,
        plan,
        {"repeatCell": {"range": sheet, "fields": "userEnteredFormat",
                        "cell": {"userEnteredFormat": {"horizontalAlignment": "CENTER",
                                                       "textFormat": {"italic": True}}}}},
        {"repeatCell": {"range": sheet, "fields": "userEnteredFormat.textFormat.bold",
                        "cell": {"userEnteredFormat": {"textFormat": {"bold": True}}}}},
    )  # fmt: skip
    fmt = fake.cell(plan, "Goals!B1")["userEnteredFormat"]
    assert fmt == {"horizontalAlignment": "CENTER", "textFormat": {"italic": True, "bold": True}}
    assert fake.values(plan, "Goals")[0] == ["ID", "Goal", "Start", "Target"]


def test_sheet_properties_tab_color_freeze_and_resize(client, fake, plan):
    worksheet = client.open_by_key(plan).worksheet("Goals")
    worksheet.freeze(rows=1)
    worksheet.update_tab_color("#FF0080")
    worksheet.resize(rows=2, cols=3)
    properties = fake.spreadsheet(plan).by_title("Goals").properties
    assert properties["gridProperties"] == {
        "rowCount": 2,
        "columnCount": 3,
        "frozenRowCount": 1,
    }
    # Stored as 8-bit channels, printed as float32, zero channels left out.
    assert properties["tabColorStyle"] == {"rgbColor": {"red": 1, "blue": 0.5019608}}
    assert properties["tabColor"] == {"red": 1, "blue": 0.5019608}
    assert fake.values(plan, "Goals") == [["ID", "Goal", "Start"], ["G1", "More clients", 46353]]


def test_dimension_properties_borders_merges_validation_and_rules(fake, plan):
    grid = {"sheetId": 0, "startRowIndex": 0, "endRowIndex": 2, "startColumnIndex": 0,
            "endColumnIndex": 2}  # fmt: skip
    response = _batch(
        fake,
        plan,
        {"updateDimensionProperties": {
            "range": {"sheetId": 0, "dimension": "COLUMNS", "startIndex": 1, "endIndex": 2},
            "properties": {"pixelSize": 240}, "fields": "pixelSize"}},
        {"autoResizeDimensions": {"dimensions": {"sheetId": 0, "dimension": "COLUMNS",
                                                 "startIndex": 0, "endIndex": 1}}},
        {"updateBorders": {"range": grid, "top": {"style": "SOLID", "width": 1}}},
        {"mergeCells": {"range": {**grid, "startRowIndex": 5, "endRowIndex": 6},
                        "mergeType": "MERGE_ALL"}},
        {"setDataValidation": {"range": {**grid, "startColumnIndex": 3, "endColumnIndex": 4},
                               "rule": {"condition": {"type": "NUMBER_GREATER",
                                                      "values": [{"userEnteredValue": "0"}]},
                                        "strict": True}}},
        {"addConditionalFormatRule": {"index": 0, "rule": {
            "ranges": [grid],
            "booleanRule": {"condition": {"type": "TEXT_EQ",
                                          "values": [{"userEnteredValue": "G1"}]},
                            "format": {"backgroundColor": {"green": 1}}}}}},
    )  # fmt: skip
    assert response.status_code == 200, response.text
    sheet = fake.spreadsheet_json(plan, include_grid_data=True)["sheets"][0]
    assert sheet["data"][0]["columnMetadata"][1] == {"pixelSize": 240}
    assert sheet["merges"] == [
        {"startRowIndex": 5, "endRowIndex": 6, "startColumnIndex": 0, "endColumnIndex": 2}
    ]
    assert sheet["conditionalFormats"][0]["booleanRule"]["format"]["backgroundColorStyle"] == {
        "rgbColor": {"green": 1}
    }
    assert fake.cell(plan, "Goals!A1")["userEnteredFormat"]["borders"] == {
        "top": {"style": "SOLID", "width": 1}
    }
    assert fake.cell(plan, "Goals!D2")["dataValidation"]["condition"]["type"] == "NUMBER_GREATER"


# --------------------------------------------------------------------------------------
# Field masks
# --------------------------------------------------------------------------------------


def test_fields_mask_selects_a_partial_response(client, plan):
    spreadsheet = client.open_by_key(plan)
    metadata = spreadsheet.fetch_sheet_metadata(
        {"fields": "sheets(properties(sheetId,title)),properties(locale,timeZone)"}
    )
    assert metadata == {
        "properties": {"locale": "en_US", "timeZone": "Etc/GMT"},
        "sheets": [
            {"properties": {"sheetId": 0, "title": "Goals"}},
            {"properties": {"sheetId": metadata["sheets"][1]["properties"]["sheetId"],
                            "title": "Spend"}},
        ],
    }  # fmt: skip
    slashes = spreadsheet.fetch_sheet_metadata({"fields": "sheets/properties/title"})
    assert slashes == {"sheets": [{"properties": {"title": "Goals"}},
                                  {"properties": {"title": "Spend"}}]}  # fmt: skip
    # Like Google, an object that holds none of the selected fields stays, empty.
    empty = spreadsheet.fetch_sheet_metadata({"fields": "sheets.properties.tabColorStyle"})
    assert empty == {"sheets": [{"properties": {}}, {"properties": {}}]}


def test_fields_mask_pulls_grid_data_for_ranges(client, plan):
    spreadsheet = client.open_by_key(plan)
    data = spreadsheet.fetch_sheet_metadata(
        {"ranges": "Goals!A2:B2", "fields": "sheets(data(rowData(values(formattedValue))))"}
    )
    assert data == {
        "sheets": [
            {"data": [{"rowData": [{"values": [{"formattedValue": "G1"},
                                               {"formattedValue": "More clients"}]}]}]}
        ]
    }  # fmt: skip


def test_fields_mask_with_an_unknown_field_is_refused(fake, plan):
    response = _raw(fake, "GET", f"{SHEETS}/{plan}?fields=sheets(propertys)")
    assert response.status_code == 400
    assert response.json()["error"]["status"] == "INVALID_ARGUMENT"


# --------------------------------------------------------------------------------------
# Errors and injected faults
# --------------------------------------------------------------------------------------


def test_unknown_spreadsheet_answers_404_in_googles_shape(client, fake):
    response = _raw(fake, "GET", f"{SHEETS}/nope?includeGridData=false")
    assert response.status_code == 404
    assert response.json() == {
        "error": {
            "code": 404,
            "message": "Requested entity was not found.",
            "status": "NOT_FOUND",
        }
    }
    with pytest.raises(gspread.exceptions.SpreadsheetNotFound):
        client.open_by_key("nope")


def test_denied_spreadsheet_answers_403(client, fake, plan):
    fake.deny_access(plan)
    with pytest.raises(PermissionError):
        client.open_by_key(plan)
    fake.allow_access(plan)
    assert client.open_by_key(plan).title == "Marketing plan"


def test_fail_next_answers_an_error_with_retry_after(fake, plan):
    fake.fail_next(429, retry_after=7)
    session = fake.session()
    limited = session.get(f"{SHEETS}/{plan}")
    assert limited.status_code == 429
    assert limited.headers["Retry-After"] == "7"
    assert limited.json()["error"]["status"] == "RESOURCE_EXHAUSTED"
    assert limited.json()["error"]["code"] == 429
    assert session.get(f"{SHEETS}/{plan}").status_code == 200
    assert len(fake.calls) == 2


def test_fail_next_several_times_and_only_for_one_method(fake, plan):
    fake.fail_next(503, times=2, method="POST")
    session = fake.session()
    assert session.get(f"{SHEETS}/{plan}").status_code == 200
    statuses = [
        session.post(f"{SHEETS}/{plan}:batchUpdate", json={"requests": []}).status_code
        for _ in range(3)
    ]
    assert statuses == [503, 503, 200]


def test_fail_next_with_a_non_json_body(client, fake, plan):
    spreadsheet = client.open_by_key(plan)
    fake.fail_next(500, body="<html><body>Server Error</body></html>")
    with pytest.raises(gspread.exceptions.APIError) as error:
        spreadsheet.worksheet("Goals")
    assert error.value.code == -1
    assert error.value.response.status_code == 500
    assert "Server Error" in error.value.response.text
    assert error.value.response.headers["Content-Type"].startswith("text/html")


def test_connection_errors_and_timeouts_apply_nothing(client, fake, plan):
    worksheet = client.open_by_key(plan).worksheet("Spend")
    fake.fail_next_with(requests.exceptions.ConnectionError)
    with pytest.raises(requests.exceptions.ConnectionError):
        worksheet.update([["x"]], "D1")
    fake.fail_next_with(requests.exceptions.ReadTimeout("slow"))
    with pytest.raises(requests.exceptions.ReadTimeout):
        worksheet.update([["x"]], "D1")
    assert fake.values(plan, "Spend")[0] == ["Date", "Activity", "Amount"]


def test_timeout_after_apply_leaves_the_write_done(client, fake, plan):
    worksheet = client.open_by_key(plan).worksheet("Spend")
    fake.timeout_after_apply_next()
    with pytest.raises(requests.exceptions.ReadTimeout):
        worksheet.update([["written"]], "D1")
    assert fake.values(plan, "Spend")[0] == ["Date", "Activity", "Amount", "written"]


def test_a_person_renames_a_tab_between_read_and_write(client, fake, plan):
    worksheet = client.open_by_key(plan).worksheet("Spend")
    fake.on_next_request(lambda: fake.rename_sheet(plan, "Spend", "Expenses"), method="PUT")
    worksheet.get_all_values()  # a GET: the hook waits for the PUT
    with pytest.raises(gspread.exceptions.APIError) as error:
        worksheet.update([["x"]], "D1")
    assert error.value.args[0]["message"] == "Unable to parse range: 'Spend'!D1"
    assert [sheet.title for sheet in fake.spreadsheet(plan).sheets] == ["Goals", "Expenses"]


# --------------------------------------------------------------------------------------
# Developer metadata, protection, charts
# --------------------------------------------------------------------------------------


def test_developer_metadata_round_trip(fake, plan):
    goals = fake.spreadsheet(plan).by_title("Goals").sheet_id
    reply = _batch(
        fake,
        plan,
        {"createDeveloperMetadata": {"developerMetadata": {
            "metadataKey": "sheetsync.owned", "metadataValue": "kpi-status",
            "location": {"sheetId": goals}, "visibility": "DOCUMENT"}}},
    ).json()["replies"][0]  # fmt: skip
    metadata = reply["createDeveloperMetadata"]["developerMetadata"]
    assert metadata == {
        "metadataId": metadata["metadataId"],
        "metadataKey": "sheetsync.owned",
        "metadataValue": "kpi-status",
        "location": {"locationType": "SHEET", "sheetId": goals},
        "visibility": "DOCUMENT",
    }
    fake.rename_sheet(plan, "Goals", "Цели")
    fields = "sheets(properties(sheetId,title),developerMetadata)"
    sheets = _raw(fake, "GET", f"{SHEETS}/{plan}?fields={fields}").json()["sheets"]
    assert sheets[0] == {
        "properties": {"sheetId": goals, "title": "Цели"},
        "developerMetadata": [metadata],
    }
    assert "developerMetadata" not in sheets[1]
    found = _raw(
        fake,
        "POST",
        f"{SHEETS}/{plan}/developerMetadata:search",
        {"dataFilters": [{"developerMetadataLookup": {"metadataKey": "sheetsync.owned"}}]},
    ).json()
    assert found["matchedDeveloperMetadata"][0]["developerMetadata"] == metadata
    by_id = _raw(fake, "GET", f"{SHEETS}/{plan}/developerMetadata/{metadata['metadataId']}")
    assert by_id.json() == metadata
    fake.delete_sheet(plan, "Цели")
    assert fake.spreadsheet(plan).developer_metadata == []


def test_developer_metadata_needs_a_visibility(fake, plan):
    response = _batch(
        fake,
        plan,
        {"createDeveloperMetadata": {"developerMetadata": {
            "metadataKey": "k", "location": {"sheetId": 0}}}},
    )  # fmt: skip
    assert response.status_code == 400
    assert response.json()["error"]["message"].startswith(
        "Invalid requests[0].createDeveloperMetadata: "
    )


def test_warning_only_protected_range(client, fake, plan):
    worksheet = client.open_by_key(plan).worksheet("Goals")
    reply = worksheet.add_protected_range("A1:B2", warning_only=True)
    protected = reply["replies"][0]["addProtectedRange"]["protectedRange"]
    assert protected == {
        "protectedRangeId": protected["protectedRangeId"],
        "range": {"startRowIndex": 0, "endRowIndex": 2, "startColumnIndex": 0,
                  "endColumnIndex": 2},
        "warningOnly": True,
        "requestingUserCanEdit": True,
        "editors": {},
    }  # fmt: skip
    listed = client.open_by_key(plan).list_protected_ranges(worksheet.id)
    assert listed[0]["editors"] == {"users": [DEFAULT_ACCOUNT]}
    _batch(
        fake, plan, {"deleteProtectedRange": {"protectedRangeId": protected["protectedRangeId"]}}
    )
    assert fake.spreadsheet(plan).by_title("Goals").protected_ranges == []


def test_add_chart_reply_and_dangling_sources(fake, plan):
    source = {"sheetId": 0, "startRowIndex": 0, "endRowIndex": 3, "startColumnIndex": 3,
              "endColumnIndex": 4}  # fmt: skip
    spec = {
        "title": "Target",
        "basicChart": {
            "chartType": "COLUMN",
            "series": [{"series": {"sourceRange": {"sources": [source]}}}],
        },
    }
    position = {"overlayPosition": {"anchorCell": {"sheetId": 0, "rowIndex": 5}}}
    reply = _batch(fake, plan, {"addChart": {"chart": {"spec": spec, "position": position}}})
    chart = reply.json()["replies"][0]["addChart"]["chart"]
    assert isinstance(chart["chartId"], int)
    assert chart["spec"]["basicChart"] == spec["basicChart"]
    assert chart["position"]["overlayPosition"]["anchorCell"] == {
        "sheetId": 0,
        "rowIndex": 5,
        "columnIndex": 0,
    }
    assert fake.spreadsheet(plan).by_title("Goals").charts[0]["chartId"] == chart["chartId"]
    dangling = copy.deepcopy(spec)
    dangling["basicChart"]["series"][0]["series"]["sourceRange"]["sources"][0]["sheetId"] = 9
    refused = _batch(fake, plan, {"addChart": {"chart": {"spec": dangling, "position": position}}})
    assert refused.json()["error"]["message"] == "Invalid requests[0].addChart: No grid with id: 9"


# --------------------------------------------------------------------------------------
# Formulas
# --------------------------------------------------------------------------------------


def test_simple_formulas_are_evaluated_and_others_are_errors(fake):
    sid = fake.create_spreadsheet("F", {"A": [[1], [2], [3]], "B b": [[10]]})
    fake.set_values(
        sid,
        "A",
        [["=SUM(A1:A3)", "='B b'!A1*2", "=A1/0", "=VLOOKUP(1,A1:A3,1)", '=IF(A1>0,"yes","no")']],
        value_input="USER_ENTERED",
        start="B1",
    )
    assert fake.values(sid, "A")[0] == [1, 6, 20, "#DIV/0!", "#NAME?", "yes"]
    assert fake.cell(sid, "A!D1")["effectiveValue"]["errorValue"]["type"] == "DIV_ZERO"


# --------------------------------------------------------------------------------------
# Drive, helpers and counters
# --------------------------------------------------------------------------------------


def test_drive_create_list_open_and_delete(client, fake):
    created = client.create("Fresh plan")
    assert client.open("Fresh plan").id == created.id
    assert created.sheet1.title == "Sheet1"
    client.del_spreadsheet(created.id)
    with pytest.raises(gspread.exceptions.SpreadsheetNotFound):
        client.open_by_key(created.id)


def test_person_edits_through_helpers(fake, plan):
    fake.set_values(plan, "Spend", [["2026-11-28", "A2", "1 200"]], "USER_ENTERED", "A3")
    assert fake.values(plan, "Spend")[2] == [46354, "A2", "1 200"]
    fake.add_sheet(plan, "Notes", [["free text"]])
    fake.move_sheet(plan, "Notes", 0)
    assert [sheet.title for sheet in fake.spreadsheet(plan).sheets] == ["Notes", "Goals", "Spend"]
    assert [sheet.index for sheet in fake.spreadsheet(plan).sheets] == [0, 1, 2]
    fake.delete_sheet(plan, "Notes")
    assert fake.values(plan, "Goals")[1][0] == "G1"


def test_calls_bytes_and_api_call_counts(client, fake, plan):
    spreadsheet = client.open_by_key(plan)
    spreadsheet.values_batch_get(["Goals", "Spend"])
    spreadsheet.batch_update({"requests": [{"addSheet": {"properties": {"title": "Sync"}}}]})
    assert [method for method, _ in fake.calls] == ["GET", "GET", "POST"]
    assert fake.api_calls() == {"read": 2, "write": 1}
    assert fake.bytes_sent > 0
    assert fake.bytes_received > fake.bytes_sent
    fake.reset_calls()
    assert (fake.calls, fake.bytes_sent, fake.bytes_received) == ([], 0, 0)


# --------------------------------------------------------------------------------------
# The discovery validator itself
# --------------------------------------------------------------------------------------


def test_discovery_validator_catches_typos_and_allows_nulls():
    method = "sheets.spreadsheets.batchUpdate"
    discovery.validate_request(
        method, {"requests": [{"addProtectedRange": {"protectedRange": {"editors": None}}}]}
    )
    with pytest.raises(discovery.DiscoveryValidationError, match="propertes"):
        discovery.validate_request(method, {"requests": [{"addSheet": {"propertes": {}}}]})
    with pytest.raises(discovery.DiscoveryValidationError):
        discovery.validate_response(
            "sheets.spreadsheets.values.get", {"range": "A1", "values": "x"}
        )
    assert discovery.check_body("ValueRange", {"values": "X"}, "data") == [
        (
            "data.values",
            "Invalid value at 'data.values' (type.googleapis.com/google.protobuf.ListValue), \"X\"",
        )
    ]


# --------------------------------------------------------------------------------------
# Speed: the fake must not be the bottleneck of the 100,000-row benchmark
# --------------------------------------------------------------------------------------


def test_batch_get_of_100k_rows_is_fast():
    fake = FakeSheetsAPI()
    rows = [["Date", "Activity", "Amount", "Results", "Note"]] + [
        [46000 + i % 300, f"A{i % 1000}", 12.5 + i % 7, i % 5, "" if i % 3 else "x"]
        for i in range(100_000)
    ]
    sid = fake.create_spreadsheet("Big", {"Spend": rows})
    session = fake.session()
    # CPU time, not wall time: the suite may share the machine with other jobs.
    started = time.process_time()
    response = session.get(
        f"{SHEETS}/{sid}/values:batchGet",
        params={"ranges": ["Spend"], "valueRenderOption": "UNFORMATTED_VALUE"},
    )
    elapsed = time.process_time() - started
    assert len(response.json()["valueRanges"][0]["values"]) == 100_001
    assert elapsed < 1.5


def test_update_cells_of_10k_rows_is_fast():
    fake = FakeSheetsAPI()
    sid = fake.create_spreadsheet("Big", {"Plan": [["x"]]})
    fmt = {"numberFormat": {"type": "CURRENCY", "pattern": "$#,##0.00"}, "textFormat": {}}
    rows = [
        {
            "values": [{"userEnteredValue": {"stringValue": f"A{i}"}}]
            + [
                {"userEnteredValue": {"numberValue": i * 1.5}, "userEnteredFormat": dict(fmt)}
                for _ in range(5)
            ]
        }
        for i in range(10_000)
    ]
    body = {
        "requests": [
            {"addSheet": {"properties": {"sheetId": 7, "title": "Out",
                                         "gridProperties": {"rowCount": 10_000}}}},
            {"updateCells": {"start": {"sheetId": 7}, "rows": rows,
                             "fields": "userEnteredValue,userEnteredFormat"}},
        ]
    }  # fmt: skip
    data = json.dumps(body).encode("utf-8")
    session = fake.session()
    started = time.process_time()
    response = session.post(
        f"{SHEETS}/{sid}:batchUpdate", data=data, headers={"Content-Type": "application/json"}
    )
    elapsed = time.process_time() - started
    assert response.status_code == 200, response.text[:500]
    assert len(fake.values(sid, "Out")) == 10_000
    assert elapsed < 2.0

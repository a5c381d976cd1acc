"""A Sheets API 200 reply of the wrong shape (issue 12): exit 4 with a sentence, no traceback,
nothing written. The fake answers the request with the odd body; gspread is real."""

from __future__ import annotations

import datetime as dt

import pytest

from sheetsync import cli
from sheetsync.example import example_tabs
from sheetsync.sync import open_workbook
from tests.fakes import FakeSheetsAPI

TODAY = dt.date(2026, 11, 27)

ODD_METADATA = [
    {"sheets": "not a list"},
    {"sheets": [{"properties": "a string"}]},
    {"sheets": [{"properties": {"sheetId": "x", "title": "Goals"}}]},
    {"sheets": [None]},
    {"properties": [], "sheets": []},
    {"valueRanges": []},
    "<html>a proxy's login page</html>",
]
ODD_VALUES = [
    {"valueRanges": "nope"},
    {"valueRanges": [{"values": "abc"}]},
    {"valueRanges": [{"values": [1, 2, 3]}]},
    {"valueRanges": [None]},
]


@pytest.fixture
def cron(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GOOGLE_APPLICATION_CREDENTIALS", raising=False)
    fake = FakeSheetsAPI()
    sid = fake.create_spreadsheet("Marketing plan", example_tabs(TODAY))

    def opened(config):
        return open_workbook(
            config.workbook, session=fake.session(), retry_seconds=5, sleep=lambda s: None
        )

    monkeypatch.setattr(cli, "_open", opened)

    def run(*args: str) -> tuple[int, str]:
        code = cli.main([*args, "--workbook", sid, "--today", TODAY.isoformat()])
        return code, capsys.readouterr().err

    return fake, sid, run


@pytest.mark.parametrize("body", ODD_METADATA)
def test_metadata_reply_of_the_wrong_shape_exits_4(cron, body):
    fake, sid, run = cron
    before = fake.spreadsheet_json(sid, include_grid_data=True)
    fake.fail_next(200, body=body, method="GET")
    code, err = run("sync")
    assert code == 4, err
    assert "reply" in err and "Traceback" not in err
    assert fake.spreadsheet_json(sid, include_grid_data=True) == before


@pytest.mark.parametrize("body", ODD_VALUES)
def test_values_reply_of_the_wrong_shape_exits_4(cron, body):
    fake, sid, run = cron
    before = fake.spreadsheet_json(sid, include_grid_data=True)
    # The first GET (metadata) is answered; the second (the values) gets the odd reply.
    fake.on_next_request(
        lambda: fake.on_next_request(lambda: fake.fail_next(200, body=body), method="GET"),
        method="GET",
    )
    code, err = run("sync")
    assert code == 4, err
    assert "reply" in err and "Traceback" not in err
    assert fake.spreadsheet_json(sid, include_grid_data=True) == before

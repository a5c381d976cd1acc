"""Faults a cron run meets, end to end: the CLI (or `sheetsync.sync`) against the Sheets fake.

Each case checks what the person running cron sees (exit code, one clear sentence, the
`--json` error object), that a failed run left the spreadsheet exactly as it was, that the
input tabs are untouched, and that a run that got through leaves the state a clean sync
leaves. How the backend retries (delays, call sequences) is tested in test_gsheets_backend.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import tempfile
from pathlib import Path

import pytest
import requests

import sheetsync
from sheetsync import cli
from sheetsync.example import example_tabs
from sheetsync.sync import open_workbook
from tests.fakes import FakeSheetsAPI
from tests.helpers import DEMO_INPUTS as INPUTS
from tests.helpers import DEMO_OUTPUTS as OUTPUTS

TODAY = dt.date(2026, 11, 27)
HTML_500 = (
    "<!DOCTYPE html><html lang=en><meta charset=utf-8><title>Error 500 (Server Error)!!1"
    "</title><style>*{margin:0;padding:0}</style><p><b>500.</b> <ins>That’s an error.</ins>"
    "<p>There was an error. Please try again later.</p></html>"
)
RESET = requests.exceptions.ConnectionError(ConnectionResetError(104, "Connection reset by peer"))
RETRY_SECONDS = 10  # sheetsync.toml's cap on the waits of one operation


# -- the spreadsheet as Google holds it ---------------------------------------------------------


def state(fake: FakeSheetsAPI, sid: str) -> dict[str, dict]:
    """Every tab by title: properties (but its position), cells, formats, marks, protection.

    IDs Google picks at random (metadata, protected ranges, charts) and the spreadsheet's own
    ID are blanked, so two spreadsheets synced the same way compare equal.
    """
    whole = fake.spreadsheet_json(sid, include_grid_data=True)
    text = json.dumps(whole, sort_keys=True, ensure_ascii=False).replace(sid, "SID")
    text = re.sub(r'"(metadataId|protectedRangeId|chartId)": \d+', r'"\1": 0', text)
    tabs = {}
    for sheet in json.loads(text)["sheets"]:
        sheet["properties"].pop("index", None)
        tabs[sheet["properties"]["title"]] = sheet
    return tabs


def titles(fake: FakeSheetsAPI, sid: str) -> list[str]:
    return [s.title for s in fake.spreadsheet(sid).sheets]


def inputs(fake: FakeSheetsAPI, sid: str) -> dict[str, dict]:
    everything = state(fake, sid)
    return {title: everything[title] for title in INPUTS if title in everything}


@functools.cache
def _clean_sync_json(today: dt.date) -> str:
    fake = FakeSheetsAPI()
    sid = fake.create_spreadsheet("Marketing plan", example_tabs(TODAY))
    with tempfile.TemporaryDirectory() as folder:
        for day in sorted({TODAY, today}):
            backend = open_workbook(sid, session=fake.session())
            sheetsync.sync(backend, today=day, state_dir=Path(folder))
    return json.dumps(state(fake, sid))


def clean_sync_state(today: dt.date) -> dict[str, dict]:
    """What fault-free syncs of the example plan leave (on TODAY, then on `today`), on a
    spreadsheet of their own. The same for every test, so made once."""
    return json.loads(_clean_sync_json(today))


# -- the command line, on the fake ---------------------------------------------------------------


@pytest.fixture
def fake() -> FakeSheetsAPI:
    return FakeSheetsAPI()


@pytest.fixture
def sid(fake: FakeSheetsAPI) -> str:
    return fake.create_spreadsheet("Marketing plan", example_tabs(TODAY))


class Cron:
    """`sheetsync ARGS --workbook SID` in a folder of its own, its calls sent to the fake."""

    def __init__(self, fake: FakeSheetsAPI, sid: str, capsys: pytest.CaptureFixture) -> None:
        self.fake, self.sid, self.capsys = fake, sid, capsys
        self.sleeps: list[float] = []
        self.out = self.err = ""

    def open(self, config: object) -> object:
        # The only test-only seam: the session (the fake) and a recorded sleep.
        return open_workbook(
            config.workbook,  # type: ignore[attr-defined]
            session=self.fake.session(),
            retry_seconds=config.retry_seconds,  # type: ignore[attr-defined]
            sleep=self.sleeps.append,
            jitter=lambda: 0.5,
        )

    def __call__(self, *args: str, today: dt.date = TODAY) -> int:
        self.capsys.readouterr()
        code = cli.main([*args, "--workbook", self.sid, "--today", today.isoformat()])
        captured = self.capsys.readouterr()
        self.out, self.err = captured.out, captured.err
        return code

    def error(self) -> dict:
        """The `--json` error object printed on stdout."""
        return json.loads(self.out)["error"]


@pytest.fixture
def cron(fake, sid, capsys, tmp_path, monkeypatch) -> Cron:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SHEETSYNC_WORKBOOK", raising=False)
    monkeypatch.delenv("GOOGLE_APPLICATION_CREDENTIALS", raising=False)
    (tmp_path / "sheetsync.toml").write_text(f"retry_seconds = {RETRY_SECONDS}\n")
    runner = Cron(fake, sid, capsys)
    monkeypatch.setattr(cli, "_open", runner.open)
    return runner


def synced_once(cron: Cron) -> None:
    """The outputs as a first sync leaves them; faults then hit a sync that rewrites them."""
    assert cron("sync", "--quiet") == 0
    assert titles(cron.fake, cron.sid) == INPUTS + OUTPUTS


# -- 429: too many requests -----------------------------------------------------------------------


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("retry_after", [2, None])
def test_a_429_storm_that_passes_is_waited_out_and_the_sync_succeeds(
    cron, fake, sid, tmp_path, method, retry_after
):
    fake.fail_next(429, times=3, retry_after=retry_after, method=method)
    assert cron("sync", "--json") == 0
    assert json.loads(cron.out)["tabs_written"] == OUTPUTS
    # The waits grow (1, 2, 4 s, jittered to 5/4); Retry-After lengthens those shorter.
    assert cron.sleeps == ([2.0, 2.5, 5.0] if retry_after else [1.25, 2.5, 5.0])
    assert state(fake, sid) == clean_sync_state(TODAY)


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("retry_after", [3, None])
def test_a_429_storm_past_the_cap_exits_4_and_writes_nothing(cron, fake, sid, method, retry_after):
    synced_once(cron)
    before = state(fake, sid)
    fake.fail_next(429, times=1000, retry_after=retry_after, method=method)
    # A day later every output changes, so this run has something to write.
    assert cron("sync", "--json", today=TODAY + dt.timedelta(days=1)) == 4
    assert cron.error()["exit_code"] == 4
    message = cron.error()["message"]
    assert "HTTP 429" in message and "retry_seconds" in message
    assert "Nothing was written" in message or "no tab is half-written" in message
    assert f"sheetsync: {message}" in cron.err
    assert sum(cron.sleeps) <= RETRY_SECONDS  # the cap holds, however long the storm
    assert state(fake, sid) == before


# -- 5xx with an HTML page, a reset connection, timeouts -------------------------------------------


@pytest.mark.parametrize(
    "fault",
    [
        pytest.param(lambda f: f.fail_next(500, times=2, body=HTML_500), id="html-500"),
        pytest.param(lambda f: f.fail_next_with(RESET, times=2), id="connection-reset"),
        pytest.param(
            lambda f: f.fail_next_with(requests.exceptions.ReadTimeout, times=2), id="read-timeout"
        ),
        pytest.param(
            lambda f: f.fail_next_with(requests.exceptions.ConnectTimeout, times=2),
            id="connect-timeout",
        ),
    ],
)
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_passing_fault_on_a_read_or_the_write_ends_in_one_clean_sync(
    cron, fake, sid, fault, method
):
    if method == "POST":
        fake.on_next_request(lambda: fault(fake), method="POST")
    else:
        fault(fake)
    assert cron("sync", "--json") == 0
    assert json.loads(cron.out)["tabs_written"] == OUTPUTS
    assert titles(fake, sid) == INPUTS + OUTPUTS  # no tab twice
    assert state(fake, sid) == clean_sync_state(TODAY)
    fake.reset_calls()
    assert cron("sync", "--json") == 0
    assert fake.api_calls() == {"read": 2, "write": 0}  # nothing left to do


@pytest.mark.parametrize(
    ("fault", "said"),
    [
        pytest.param(lambda f: f.fail_next(500, times=1000, body=HTML_500), "HTTP 500", id="500"),
        pytest.param(
            lambda f: f.fail_next_with(RESET, times=1000), "connection failed", id="reset"
        ),
        pytest.param(
            lambda f: f.fail_next_with(requests.exceptions.ReadTimeout, times=1000),
            "timed out",
            id="timeout",
        ),
    ],
)
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_fault_that_lasts_exits_4_with_one_clear_sentence(cron, fake, sid, fault, said, method):
    synced_once(cron)
    before = state(fake, sid)
    if method == "POST":
        fake.on_next_request(lambda: fault(fake), method="POST")
    else:
        fault(fake)
    assert cron("sync", today=TODAY + dt.timedelta(days=1)) == 4
    message = cron.err.strip()
    assert message.startswith("sheetsync: ") and said in message
    assert "<" not in message  # no HTML page pasted into cron mail
    assert "Traceback" not in message and len(message.splitlines()) == 1
    if method == "POST":
        assert "no tab is half-written" in message
    else:
        assert "Nothing was written" in message
    assert state(fake, sid) == before


def test_a_write_applied_but_timed_out_is_not_sent_twice(cron, fake, sid):
    fake.timeout_after_apply_next(method="POST")
    assert cron("sync", "--json") == 0
    assert [m for m, _ in fake.calls].count("POST") == 1  # looked, saw it had landed
    assert titles(fake, sid) == INPUTS + OUTPUTS  # no duplicate tab, no "already exists"
    assert state(fake, sid) == clean_sync_state(TODAY)


def test_a_rewrite_applied_but_timed_out_is_not_sent_twice(cron, fake, sid):
    synced_once(cron)
    later = TODAY + dt.timedelta(days=1)
    fake.timeout_after_apply_next(method="POST")
    fake.reset_calls()
    assert cron("sync", "--quiet", today=later) == 0
    assert [m for m, _ in fake.calls].count("POST") == 1
    assert titles(fake, sid) == INPUTS + OUTPUTS
    assert state(fake, sid) == clean_sync_state(later)


# -- a person editing the spreadsheet while sheetsync runs --------------------------------------


def test_an_output_tab_deleted_between_read_and_write_is_written_again(cron, fake, sid):
    synced_once(cron)
    before_inputs = inputs(fake, sid)
    later = TODAY + dt.timedelta(days=1)
    fake.on_next_request(lambda: fake.delete_sheet(sid, "Alerts"), method="POST")
    assert cron("sync", "--quiet", today=later) == 0
    assert sorted(titles(fake, sid)) == sorted(INPUTS + OUTPUTS)
    assert state(fake, sid) == clean_sync_state(later)
    assert inputs(fake, sid) == before_inputs


def test_an_input_tab_renamed_between_read_and_write_is_left_as_the_person_made_it(cron, fake, sid):
    synced_once(cron)
    goals_before = state(fake, sid)["Goals"]
    later = TODAY + dt.timedelta(days=1)
    fake.on_next_request(lambda: fake.rename_sheet(sid, "Goals", "Goals 2026"), method="POST")
    assert cron("sync", "--quiet", today=later) == 0
    after = state(fake, sid)
    assert "Goals" not in after
    renamed = after["Goals 2026"]
    assert renamed["data"] == goals_before["data"]  # the person's cells, as they were
    assert renamed["properties"] == {**goals_before["properties"], "title": "Goals 2026"}
    # The outputs of that run came from what was read before the rename.
    clean = clean_sync_state(later)
    assert {t: after[t] for t in OUTPUTS} == {t: clean[t] for t in OUTPUTS}
    # The next run no longer finds a Goals tab: one problem that names it, exit 0.
    assert cron("check", "--json", today=later) == 0
    problems = json.loads(cron.out)["problems"]
    assert {"cell": "Goals", "message": problems[0]["message"]} in problems
    assert "has no Goals tab" in problems[0]["message"]


def test_an_input_tab_renamed_between_the_two_reads_stops_the_run_with_nothing_written(
    cron, fake, sid
):
    synced_once(cron)
    before = state(fake, sid)

    def rename_at_the_values_read() -> None:
        fake.on_next_request(lambda: fake.rename_sheet(sid, "Goals", "Goals 2026"), method="GET")

    fake.on_next_request(rename_at_the_values_read, method="GET")  # fires at the metadata GET
    code = cron("sync", "--json", today=TODAY + dt.timedelta(days=1))
    assert code == 5
    message = cron.error()["message"]
    assert '"Goals"' in message and "while sheetsync" in message and "run" in message
    assert "Nothing was written" in message
    after = state(fake, sid)
    after["Goals"] = after.pop("Goals 2026")
    after["Goals"]["properties"]["title"] = "Goals"
    assert after == before


def test_a_tab_named_like_an_output_added_during_the_run_stops_it_with_exit_5(cron, fake, sid):
    seen: dict[str, dict] = {}

    def person_adds_alerts() -> None:
        fake.add_sheet(sid, "Alerts", [["my own alerts"]])
        seen["before"] = state(fake, sid)

    fake.on_next_request(person_adds_alerts, method="POST")
    assert cron("sync", "--json") == 5
    assert (
        '"Alerts"' in cron.error()["message"] and "Nothing was written" in cron.error()["message"]
    )
    assert state(fake, sid) == seen["before"]
    # The next run leaves the person's tab alone and says why.
    assert cron("sync", "--json") == 0
    assert fake.values(sid, "Alerts") == [["my own alerts"]]
    assert any(p["cell"] == "Alerts!A1" for p in json.loads(cron.out)["problems"])

"""KPI history in SQLite: what syncs record, same-day replacement, look-ups, and the command."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pytest

import sheetsync
from sheetsync.cli import main
from sheetsync.history import History, workbook_key
from tests.test_reports import write_plan

D = dt.date


def figures(day: str, leads: float, score: float | None = 0.5) -> dict:
    return {
        "today": day,
        "plan": "P",
        "kpis": [
            {
                "id": "G1",
                "goal": "Leads",
                "metric": "Leads",
                "status": "on-track",
                "current": leads,
                "target": 100.0,
                "progress": leads / 100,
                "expected": 0.5,
                "pace": leads / 50,
                "forecast": None,
            },
        ],
        "budget": {"mode": "bottom-up", "limit": 800.0, "spent": 120.0, "weekly": [{"x": 1}]},
        "checklist": {"score": score, "sections": {"goals": 1.0}, "items": []},
        "alerts": [{"severity": "warning", "code": "stale-kpi", "subject": "G1"}],
    }


def test_a_rerun_on_the_same_day_replaces_that_days_record(tmp_path):
    with History(tmp_path / "state") as history:
        history.record("plan.xlsx", figures("2026-11-20", 30))
        history.record("plan.xlsx", figures("2026-11-20", 35, score=0.75))
        history.record("plan.xlsx", figures("2026-11-23", 42))
        history.record("other.xlsx", figures("2026-11-21", 99))
        path = history.kpi_path("plan.xlsx")
        assert [(p["date"], p["current"]) for p in path] == [("2026-11-20", 35), ("2026-11-23", 42)]
        snap = history.snapshot("plan.xlsx", D(2026, 11, 22))
    assert snap.day == D(2026, 11, 20)
    assert snap.kpis["G1"]["current"] == 35 and snap.kpis["G1"]["progress"] == 0.35
    assert snap.checklist_score == 0.75
    assert snap.budget == {"mode": "bottom-up", "limit": 800.0, "spent": 120.0}  # no series
    assert snap.alerts[0]["code"] == "stale-kpi"


def test_snapshot_before_any_record_is_none_and_reading_creates_no_file(tmp_path):
    history = History(tmp_path / "state")
    assert history.snapshot("plan.xlsx", D(2026, 11, 22)) is None
    assert history.kpi_path("plan.xlsx") == []
    assert not (tmp_path / "state").exists()
    history.record("plan.xlsx", figures("2026-11-23", 42))
    assert history.snapshot("plan.xlsx", D(2026, 11, 22)) is None  # only later records
    history.close()


def test_the_file_uses_the_wal_journal(tmp_path):
    with History(tmp_path / "state") as history:
        history.record("plan.xlsx", figures("2026-11-23", 42))
    db = sqlite3.connect(tmp_path / "state" / "history.sqlite3")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()


def test_workbook_keys(tmp_path):
    assert workbook_key(str(tmp_path / "a" / "plan.xlsx"), tmp_path) == "a/plan.xlsx"
    assert workbook_key("/elsewhere/plan.xlsx", tmp_path) == "/elsewhere/plan.xlsx"
    url = "https://docs.google.com/spreadsheets/d/1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789/edit"
    assert workbook_key(url) == "1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"


def test_the_library_sync_records_in_the_default_state_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_plan(tmp_path)
    sheetsync.sync("plan.xlsx", today=D(2026, 10, 12))
    sheetsync.sync(tmp_path / "plan.xlsx", today=D(2026, 10, 19))
    sheetsync.sync("plan.xlsx", today=D(2026, 10, 26), dry_run=True)  # a dry run records nothing
    sheetsync.check("plan.xlsx", today=D(2026, 10, 27))  # nor does a check
    with History(tmp_path / ".sheetsync") as history:
        path = history.kpi_path("plan.xlsx", "G1")
    # G1 sums Leads over 1 Oct – 31 Dec (92 days): 4 on 7 Oct, 6 on 14 Oct.
    assert [(p["date"], p["current"]) for p in path] == [("2026-10-12", 4), ("2026-10-19", 10)]
    assert [p["expected"] for p in path] == pytest.approx([12 / 92, 19 / 92], abs=1e-6)


def test_pull_records_and_the_history_command_shows_the_kpi_path(tmp_path, capsys):
    write_plan(tmp_path)
    config = str(tmp_path / "sheetsync.toml")
    for day in ("2026-10-12", "2026-10-19"):
        assert main(["pull", "-q", "--config", config, "--today", day]) == 0
    assert main(["check", "-q", "--config", config, "--today", "2026-10-26"]) == 0
    capsys.readouterr()
    assert main(["history", "--config", config, "--goal", "G2", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["workbook"] == "plan.xlsx" and data["goal"] == "G2"
    # G2 is the last Visits against baseline 1000, target 2000: 1100 (7 Oct) both days.
    assert [(p["date"], p["current"], p["progress"]) for p in data["history"]] == [
        ("2026-10-12", 1100, 0.1),
        ("2026-10-19", 1100, 0.1),
    ]
    assert main(["history", "--config", config, "--goal", "G1"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "G1  Leads <b>from</b> search  (Leads)"
    assert out[1] == "  progress ▁▁"
    # 12 Oct: progress 4 ÷ 100 = 4 % against 12 ÷ 92 = 13 % expected, pace 0.31: off track.
    assert out[3].split() == ["2026-10-12", "Off", "track", "4", "100", "4%", "13%"]
    assert out[4].split() == ["2026-10-19", "Off", "track", "10", "100", "10%", "21%"]


def test_history_without_records_says_how_to_get_them(tmp_path, capsys):
    write_plan(tmp_path)
    assert main(["history", "--config", str(tmp_path / "sheetsync.toml")]) == 0
    assert "No history recorded for plan.xlsx" in capsys.readouterr().out


def test_the_library_sync_records_nothing_when_the_write_is_refused(tmp_path):
    import datetime as dt

    import pytest

    import sheetsync
    from sheetsync.backends.xlsx import create_workbook
    from sheetsync.errors import BusyError
    from sheetsync.example import example_tabs
    from sheetsync.history import History

    path = tmp_path / "plan.xlsx"
    create_workbook(path, example_tabs(dt.date(2026, 11, 27), "en"), {})
    (tmp_path / ".~lock.plan.xlsx#").write_text("someone")
    state = tmp_path / "state"
    with pytest.raises(BusyError):
        sheetsync.sync(str(path), today=dt.date(2026, 11, 27), state_dir=state)
    with History(state) as history:
        assert history.kpi_path(history.workbook_key(str(path))) == []
    (tmp_path / ".~lock.plan.xlsx#").unlink()
    sheetsync.sync(str(path), today=dt.date(2026, 11, 27), state_dir=state)
    with History(state) as history:
        days = {r["date"] for r in history.kpi_path(history.workbook_key(str(path)))}
    assert days == {"2026-11-27"}

"""The command line end to end in a temporary folder, as a person or cron would run it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import openpyxl
import pytest

import sheetsync
from sheetsync.cli import main

TODAY = "2026-11-27"


@pytest.fixture(autouse=True)
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SHEETSYNC_WORKBOOK", raising=False)
    return tmp_path


def test_demo_writes_the_example_plan_and_syncs_it(in_tmp, capsys):
    assert main(["demo", "--today", TODAY]) == 0
    out = capsys.readouterr().out
    path = in_tmp / "sheetsync-demo.xlsx"
    assert f"Wrote the example plan to {path}" in out
    assert "KPI status:" in out and "G1" in out and "Alerts:" in out
    titles = openpyxl.load_workbook(path).sheetnames
    assert {"Goals", "Activities", "Spend", "KPI Status", "Alerts", "Sync"} <= set(titles)
    # Running the demo again syncs the same file: nothing changed, nothing written.
    before = path.stat().st_mtime_ns
    assert main(["demo", "--today", TODAY]) == 0
    assert "Synced the existing demo plan" in capsys.readouterr().out
    assert path.stat().st_mtime_ns == before


def test_demo_in_russian(in_tmp, capsys):
    assert main(["demo", "--today", TODAY, "--lang", "ru", "--workbook", "демо.xlsx"]) == 0
    titles = openpyxl.load_workbook(in_tmp / "демо.xlsx").sheetnames
    assert {"Цели", "Статус KPI", "Предупреждения", "Синхронизация"} <= set(titles)


def test_init_makes_an_empty_plan_with_dropdowns_and_never_overwrites(in_tmp, capsys):
    assert main(["init", "--lang", "ru"]) == 0
    path = in_tmp / "marketing-plan.xlsx"
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[:3] == ["Настройки", "Команда", "Цели"]
    assert [c.value for c in book["Цели"][1]][:3] == ["ID", "Цель", "Метрика"]
    status_rules = [r.formula1 for r in book["Активности"].data_validations.dataValidation]
    assert '"планируется,активна,на паузе,завершена,отменена"' in status_rules
    assert main(["init", "--lang", "ru"]) == 2
    assert "никогда не перезаписывает" in capsys.readouterr().err
    # An empty plan is not an error: checking it reports what is missing, exit 0.
    assert main(["check", "--json", "--today", TODAY]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["kpis"] == [] and data["problems"] == []


def test_init_example_then_check_push_sync_pull(in_tmp, capsys):
    assert main(["init", "--example", "--workbook", "plan.xlsx", "--today", TODAY]) == 0
    capsys.readouterr()
    assert main(["check", "-w", "plan.xlsx", "--today", TODAY, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    for key in (
        "today",
        "kpis",
        "activities",
        "budget",
        "alerts",
        "checklist",
        "owners",
        "problems",
        "api_calls",
        "tabs_written",
    ):
        assert key in data
    assert data["tabs_written"] == [] and data["api_calls"]["write"] == 0
    assert [k["id"] for k in data["kpis"]] == ["G1", "G2", "G3", "G4"]
    assert set(data["kpis"][0]) >= {
        "id",
        "status",
        "current",
        "progress",
        "expected",
        "pace",
        "forecast",
        "stale",
    }

    assert main(["push", "-w", "plan.xlsx", "--today", TODAY, "--dry-run", "--json"]) == 0
    dry = json.loads(capsys.readouterr().out)
    assert dry["dry_run"] is True and "KPI Status" in dry["tabs_written"]
    assert "KPI Status" not in openpyxl.load_workbook("plan.xlsx").sheetnames

    assert main(["sync", "-w", "plan.xlsx", "--today", TODAY, "--json"]) == 0
    synced = json.loads(capsys.readouterr().out)
    assert synced["api_calls"]["write"] == 1
    assert "KPI Status" in openpyxl.load_workbook("plan.xlsx").sheetnames

    assert main(["pull", "-w", "plan.xlsx", "--today", TODAY]) == 0
    assert "KPI status:" in capsys.readouterr().out


def test_quiet_prints_only_what_needs_attention(in_tmp, capsys):
    main(["init", "--example", "-w", "plan.xlsx", "--today", TODAY])
    capsys.readouterr()
    assert main(["sync", "-w", "plan.xlsx", "--today", TODAY, "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "KPI status:" not in out
    assert all(
        line.startswith(("Alerts:", "  critical", "Input problems", "  ", "Note:"))
        for line in out.splitlines()
        if line
    ), out


def test_config_file_and_environment(in_tmp, capsys, monkeypatch):
    main(["init", "--example", "-w", "from-config.xlsx", "--today", TODAY])
    main(["init", "-w", "from-env.xlsx"])
    (in_tmp / "sheetsync.toml").write_text('workbook = "from-config.xlsx"\n')
    capsys.readouterr()
    assert main(["check", "--json", "--today", TODAY]) == 0
    assert json.loads(capsys.readouterr().out)["workbook"].endswith("from-config.xlsx")
    monkeypatch.setenv("SHEETSYNC_WORKBOOK", "from-env.xlsx")
    assert main(["check", "--json", "--today", TODAY]) == 0
    assert json.loads(capsys.readouterr().out)["workbook"].endswith("from-env.xlsx")
    (in_tmp / "sheetsync.toml").write_text('workbok = "typo.xlsx"\n')
    assert main(["check"]) == 2
    assert "unknown setting(s) workbok" in capsys.readouterr().err


def test_usage_errors_exit_2(in_tmp, capsys):
    assert main(["check", "--today", "27.11.2026"]) == 2
    err = capsys.readouterr().err
    assert "usage: sheetsync check" in err and "'27.11.2026' is not a date" in err
    assert main(["frobnicate"]) == 2
    assert "invalid choice: 'frobnicate'" in capsys.readouterr().err
    assert main(["check", "--json", "-w", "missing.xlsx"]) == 2
    out = json.loads(capsys.readouterr().out)
    assert out["error"]["exit_code"] == 2 and "missing.xlsx" in out["error"]["message"]


def test_python_dash_m_and_the_console_script(in_tmp):
    proc = subprocess.run(
        [sys.executable, "-m", "sheetsync", "demo", "--today", TODAY],
        capture_output=True,
        text=True,
        env={**os.environ},
    )
    assert proc.returncode == 0, proc.stderr
    assert "sheetsync-demo.xlsx" in proc.stdout
    proc = subprocess.run(
        [sys.executable, "-m", "sheetsync", "--version"], capture_output=True, text=True
    )
    assert proc.stdout.strip() == f"sheetsync {sheetsync.__version__}"


def test_library_entry_points(in_tmp):
    main(["init", "--example", "-w", "plan.xlsx", "--today", TODAY])
    import datetime as dt

    book = sheetsync.open_workbook("plan.xlsx")
    checked = sheetsync.check(book, today=dt.date(2026, 11, 27))
    assert checked.to_json()["tabs_written"] == []
    synced = sheetsync.sync("plan.xlsx", today=dt.date(2026, 11, 27))
    assert "KPI Status" in synced.to_json()["tabs_written"]
    json.dumps(synced.to_json())  # plain JSON all the way down


def test_json_has_null_not_nat_for_missing_dates(in_tmp, capsys):
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Goals"
    ws.append(["ID", "Goal", "Metric", "Target", "Start", "End"])
    ws.append(["G1", "Undated", "m", 10, None, None])
    book.save("plan.xlsx")
    assert main(["check", "-w", "plan.xlsx", "--today", TODAY, "--json"]) == 0
    text = capsys.readouterr().out
    assert "NaT" not in text
    goal = json.loads(text)["kpis"][0]
    assert (goal["start"], goal["end"], goal["last_actual"]) == (None, None, None)


def test_the_sync_tab_is_the_same_however_the_path_is_typed(in_tmp, capsys):
    main(["init", "--example", "-w", "plan.xlsx", "--today", TODAY])
    assert main(["sync", "-w", "plan.xlsx", "--today", TODAY]) == 0
    capsys.readouterr()
    assert main(["sync", "-w", str(in_tmp / "plan.xlsx"), "--today", TODAY, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["tabs_written"] == []


def test_a_damaged_history_file_is_exit_2_with_what_to_do(in_tmp, capsys):
    main(["init", "--example", "-w", "plan.xlsx", "--today", TODAY])
    (in_tmp / ".sheetsync").mkdir(exist_ok=True)
    (in_tmp / ".sheetsync" / "history.sqlite3").write_bytes(b"not a database at all" * 100)
    capsys.readouterr()
    assert main(["sync", "-w", "plan.xlsx", "--today", TODAY]) == 2
    err = capsys.readouterr().err
    assert "history file (history.sqlite3 in the state folder) cannot be used" in err
    assert "Traceback" not in err

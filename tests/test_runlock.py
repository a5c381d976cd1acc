"""One run at a time per workbook: a second run exits 5 at once, or waits with --wait."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time

import pytest

from sheetsync.cli import main
from sheetsync.errors import BusyError
from sheetsync.runlock import lock_path, workbook_lock


def test_a_second_run_is_refused_while_the_first_holds_the_lock(tmp_path):
    with (
        workbook_lock(tmp_path, "plan.xlsx"),
        pytest.raises(BusyError) as exc,
        workbook_lock(tmp_path, "plan.xlsx"),
    ):
        pass
    assert "another sync is running" in exc.value.message
    assert exc.value.exit_code == 5
    # Other workbooks are not blocked, and the lock is free again afterwards.
    with workbook_lock(tmp_path, "plan.xlsx"), workbook_lock(tmp_path, "other.xlsx"):
        pass


def _hold_lock_in_child(state, seconds):
    code = textwrap.dedent(
        f"""
        import time, sys
        from pathlib import Path
        from sheetsync.runlock import workbook_lock
        with workbook_lock(Path({str(state)!r}), "plan.xlsx"):
            print("held", flush=True)
            time.sleep({seconds})
        """
    )
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "held"
    return child


def test_cli_sync_exits_5_at_once_or_waits(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["init", "--example", "-w", "plan.xlsx", "--today", "2026-11-27"]) == 0
    child = _hold_lock_in_child(tmp_path / ".sheetsync", 1.5)
    try:
        started = time.monotonic()
        assert main(["sync", "-w", "plan.xlsx", "--today", "2026-11-27"]) == 5
        assert time.monotonic() - started < 1.0
        assert "another sync is running" in capsys.readouterr().err
        # check only reads: it does not need the lock.
        assert main(["check", "-w", "plan.xlsx", "--today", "2026-11-27"]) == 0
        assert main(["sync", "-w", "plan.xlsx", "--today", "2026-11-27", "--wait", "10"]) == 0
    finally:
        child.wait(timeout=10)


def test_a_lock_left_by_a_killed_run_is_taken_over(tmp_path):
    child = _hold_lock_in_child(tmp_path, 60)
    child.kill()
    child.wait(timeout=10)
    assert lock_path(tmp_path, "plan.xlsx").exists()  # the file stays, the lock does not
    with workbook_lock(tmp_path, "plan.xlsx") as path:
        assert "pid" in path.read_text()

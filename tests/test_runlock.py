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


def test_a_second_run_is_refused_while_the_first_holds_the_lock(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
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


def _hold_lock_in_child(state, seconds, cwd=None):
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
    child = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, cwd=cwd or state
    )
    assert child.stdout.readline().strip() == "held"
    return child


def test_cli_sync_exits_5_at_once_or_waits(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["init", "--example", "-w", "plan.xlsx", "--today", "2026-11-27"]) == 0
    child = _hold_lock_in_child(tmp_path / ".sheetsync", 1.5, cwd=tmp_path)
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


def test_a_lock_left_by_a_killed_run_is_taken_over(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    child = _hold_lock_in_child(tmp_path, 60)
    child.kill()
    child.wait(timeout=10)
    assert lock_path(tmp_path, "plan.xlsx").exists()  # the file stays, the lock does not
    with workbook_lock(tmp_path, "plan.xlsx") as path:
        assert "pid" in path.read_text()
    assert not path.exists()  # removed by the run that ended normally


def _init_in(folder, monkeypatch):
    monkeypatch.chdir(folder)
    assert main(["init", "--example", "-w", "plan.xlsx", "--today", "2026-11-27"]) == 0


def test_two_runs_from_different_folders_exclude_each_other(tmp_path, monkeypatch, capsys):
    """Each folder has its own state folder (and sheetsync.toml): the lock follows the
    workbook, beside its resolved file, so the second run is refused all the same."""
    home, elsewhere = tmp_path / "home", tmp_path / "elsewhere"
    home.mkdir(), elsewhere.mkdir()
    _init_in(home, monkeypatch)
    (elsewhere / "link.xlsx").symlink_to(home / "plan.xlsx")  # even through a link
    child = _hold_lock_in_child(home / ".sheetsync", 3, cwd=home)
    try:
        before = (home / "plan.xlsx").read_bytes()
        monkeypatch.chdir(elsewhere)
        for target in (str(home / "plan.xlsx"), "link.xlsx"):
            assert main(["sync", "-w", target, "--today", "2026-11-27"]) == 5
            assert "another sync is running" in capsys.readouterr().err
        assert (home / "plan.xlsx").read_bytes() == before
        assert not (elsewhere / ".sheetsync").exists() or not list(
            (elsewhere / ".sheetsync").rglob("*.lock")
        )
    finally:
        child.wait(timeout=10)


def test_deleting_the_state_folder_mid_run_lets_no_second_run_in(tmp_path, monkeypatch, capsys):
    import shutil

    _init_in(tmp_path, monkeypatch)
    child = _hold_lock_in_child(tmp_path / ".sheetsync", 3, cwd=tmp_path)
    try:
        shutil.rmtree(tmp_path / ".sheetsync", ignore_errors=True)
        assert main(["sync", "-w", "plan.xlsx", "--today", "2026-11-27"]) == 5
    finally:
        child.wait(timeout=10)


def test_a_google_spreadsheet_is_locked_per_user_by_its_id(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    sid = "1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"
    url = f"https://docs.google.com/spreadsheets/d/{sid}/edit#gid=0"
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
    monkeypatch.chdir(tmp_path / "a")
    with workbook_lock(tmp_path / "a" / ".sheetsync", sid) as path:
        assert path == tmp_path / "state" / "sheetsync" / "locks" / f"{sid}.lock"
        monkeypatch.chdir(tmp_path / "b")
        # The same spreadsheet named by its URL, from another folder.
        with pytest.raises(BusyError), workbook_lock(tmp_path / "b" / ".sheetsync", url):
            pass

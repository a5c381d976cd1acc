"""History that cannot be written after the workbook was (issue 12): the sync's result
stands, exit 0 with a note; no advice to discard the history unless it is damaged; no
"Exception ignored" noise on stderr."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from sheetsync import cli, history

TODAY = "2026-11-27"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def synced(tmp_path, monkeypatch, capsys) -> Path:
    monkeypatch.chdir(tmp_path)
    assert cli.main(["init", "--example", "-w", "plan.xlsx", "--today", TODAY]) == 0
    assert cli.main(["sync", "-w", "plan.xlsx", "--today", TODAY]) == 0
    capsys.readouterr()
    return tmp_path


def days_recorded(folder: Path) -> list[str]:
    with sqlite3.connect(folder / ".sheetsync" / history.FILE_NAME) as db:
        return [d for (d,) in db.execute("SELECT day FROM runs ORDER BY day")]


def test_history_locked_by_another_process_leaves_the_sync_standing(synced, capsys, monkeypatch):
    monkeypatch.setattr(history, "BUSY_SECONDS", 0.3)
    db = synced / ".sheetsync" / history.FILE_NAME
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sqlite3, sys, time
            db = sqlite3.connect({str(db)!r}, isolation_level=None)
            db.execute("BEGIN EXCLUSIVE")
            print("held", flush=True)
            sys.stdin.readline()
        """)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert holder.stdout.readline().strip() == "held"
    try:
        before = (synced / "plan.xlsx").read_bytes()
        code, out, err = run(capsys, "sync", "-w", "plan.xlsx", "--today", "2026-11-28", "--json")
        assert code == 0, err
        assert (synced / "plan.xlsx").read_bytes() != before  # the workbook was written
        notes = json.loads(out)["notes"]
        assert any("history file is in use by another process" in n for n in notes), notes
        assert "Move it aside" not in out + err and "Exception ignored" not in err
        assert "Traceback" not in err
    finally:
        holder.communicate("done\n", timeout=10)
    # The next run records again.
    code, _, err = run(capsys, "sync", "-w", "plan.xlsx", "--today", "2026-11-29")
    assert code == 0, err
    assert days_recorded(synced) == [TODAY, "2026-11-29"]


def test_a_damaged_history_file_is_the_one_case_that_advises_moving_it_aside(synced, capsys):
    (synced / ".sheetsync" / history.FILE_NAME).write_bytes(b"not a database" * 100)
    for name in ("-wal", "-shm"):
        (synced / ".sheetsync" / (history.FILE_NAME + name)).unlink(missing_ok=True)
    code, _, err = run(capsys, "sync", "-w", "plan.xlsx", "--today", "2026-11-28")
    assert code == 2 and "Move it aside" in err and "Traceback" not in err


def test_a_full_disk_after_the_write_leaves_the_sync_standing(
    synced, capsys, tmp_path, monkeypatch
):
    full = tmp_path / "full"
    full.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(full)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip("a small file system for a full disk needs mount (root); not here")
    try:
        state = full / "state"
        (synced / "sheetsync.toml").write_text(f'state_dir = "{state}"\n')
        code, _, err = run(capsys, "sync", "-w", "plan.xlsx", "--today", TODAY)
        assert code == 0, err
        from sheetsync.backends.xlsx import XlsxBackend

        write = XlsxBackend.write

        def write_then_fill_the_disk(self, changes):
            outcome = write(self, changes)
            with open(full / "filler", "wb", buffering=0) as filler:  # to the last byte
                try:
                    while True:
                        filler.write(b"\0" * 512)
                except OSError:
                    pass
            return outcome

        monkeypatch.setattr(XlsxBackend, "write", write_then_fill_the_disk)
        before = (synced / "plan.xlsx").read_bytes()
        code, out, err = run(capsys, "sync", "-w", "plan.xlsx", "--today", "2026-11-28", "--json")
        assert code == 0, err
        assert (synced / "plan.xlsx").read_bytes() != before
        notes = json.loads(out)["notes"]
        assert any("could not be recorded in the history file" in n for n in notes), notes
        assert "Exception ignored" not in err and "Traceback" not in err
        assert "Move it aside" not in out + err
    finally:
        os.sync()
        subprocess.run(["umount", "-l", str(full)], capture_output=True)

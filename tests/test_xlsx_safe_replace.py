"""Replacing the workbook file: a person's save during a sync is never lost, a symlink stays
a link, and the file keeps its mode, owner and group."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from python_calamine import CalamineWorkbook

import sheetsync.backends.xlsx as xlsx_backend
from sheetsync.backends.file_replace import TEMP_PREFIX
from sheetsync.backends.xlsx import XlsxBackend, create_workbook
from sheetsync.cli import main
from sheetsync.errors import BusyError
from sheetsync.example import example_tabs
from sheetsync.sync import run

TODAY = dt.date(2026, 11, 27)


@pytest.fixture
def plan_path(tmp_path):
    path = tmp_path / "plan.xlsx"
    create_workbook(path, example_tabs(TODAY, "en"), {})
    return path


def _person_saves_during_the_sync(monkeypatch, action) -> None:
    """Between sheetsync reading the workbook and renaming its new file over it, `action`
    happens (as a person saving in Excel would)."""
    patch = xlsx_backend.patch_workbook

    def patch_then_person_acts(data, changes):
        patched = patch(data, changes)
        action()
        return patched

    monkeypatch.setattr(xlsx_backend, "patch_workbook", patch_then_person_acts)


def test_a_save_by_a_person_during_a_sync_is_kept_and_the_sync_exits_5(
    plan_path, tmp_path, monkeypatch, capsys
):
    # The person's version: the same plan, with a goal they just added.
    theirs = tmp_path / "theirs.xlsx"
    tabs = example_tabs(TODAY, "en")
    tabs["Goals"].append(["G9", "A goal typed during the sync"])
    create_workbook(theirs, tabs, {})
    their_bytes = theirs.read_bytes()
    _person_saves_during_the_sync(monkeypatch, lambda: plan_path.write_bytes(their_bytes))

    code = main(["sync", "--workbook", str(plan_path), "--today", "2026-11-27"])
    err = capsys.readouterr().err
    assert code == 5
    assert "Someone saved plan.xlsx while sheetsync was syncing it" in err
    assert plan_path.read_bytes() == their_bytes  # their save, whole
    assert list(tmp_path.glob(f"{TEMP_PREFIX}*")) == []
    # The next run syncs the saved workbook, the person's goal included.
    monkeypatch.undo()
    assert main(["sync", "--workbook", str(plan_path), "--today", "2026-11-27"]) == 0
    goals = CalamineWorkbook.from_path(str(plan_path)).get_sheet_by_name("Goals").to_python()
    assert goals[-1][:2] == ["G9", "A goal typed during the sync"]


def test_a_save_that_keeps_size_and_time_is_still_noticed(plan_path, monkeypatch):
    """A save that lands with the same size and modification time: the hash tells."""
    stat = plan_path.stat()
    original = plan_path.read_bytes()
    # The last byte of a zip is its comment's length: another value, same size.
    theirs = original[:-1] + bytes([original[-1] ^ 1])

    def same_size_and_time():
        plan_path.write_bytes(theirs)
        os.utime(plan_path, ns=(stat.st_atime_ns, stat.st_mtime_ns))

    _person_saves_during_the_sync(monkeypatch, same_size_and_time)
    with pytest.raises(BusyError, match="Someone saved"):
        run(XlsxBackend(plan_path), today=TODAY)
    assert plan_path.read_bytes() == theirs
    assert plan_path.stat().st_mtime_ns == stat.st_mtime_ns


def test_a_program_opening_the_file_during_the_sync_stops_the_write(plan_path, monkeypatch, capsys):
    lock = plan_path.with_name(".~lock.plan.xlsx#")
    before = plan_path.read_bytes()
    _person_saves_during_the_sync(monkeypatch, lambda: lock.write_text("someone,host"))
    assert main(["sync", "--workbook", str(plan_path), "--today", "2026-11-27"]) == 5
    assert "is open in a spreadsheet program" in capsys.readouterr().err
    assert plan_path.read_bytes() == before


def test_a_symlinked_workbook_stays_a_link_and_its_target_gets_the_outputs(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    target = shared / "plan.xlsx"
    create_workbook(target, example_tabs(TODAY, "en"), {})
    link = tmp_path / "my-plan.xlsx"
    link.symlink_to(target)
    result = run(XlsxBackend(link), today=TODAY)
    assert result.wrote
    assert link.is_symlink() and link.resolve() == target
    assert "KPI Status" in CalamineWorkbook.from_path(str(target)).sheet_names
    # The temporary file was made beside the target, and is gone.
    assert list(shared.glob(f"{TEMP_PREFIX}*")) == [] == list(tmp_path.glob(f"{TEMP_PREFIX}*"))


def test_a_private_file_stays_private(plan_path):
    os.chmod(plan_path, 0o600)
    run(XlsxBackend(plan_path), today=TODAY)
    assert plan_path.stat().st_mode & 0o777 == 0o600


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can hand a file to another user")
def test_a_root_cron_job_gives_the_file_back_to_its_owner(plan_path):
    os.chown(plan_path, 1234, 2345)
    run(XlsxBackend(plan_path), today=TODAY)
    stat = plan_path.stat()
    assert (stat.st_uid, stat.st_gid) == (1234, 2345)
    assert "KPI Status" in CalamineWorkbook.from_path(str(plan_path)).sheet_names

"""A run holds off Python's cycle collector and gives it back as it found it, even when the
run fails: a program embedding sheetsync must not find its collector switched off."""

from __future__ import annotations

import datetime as dt
import gc
import sys

import pytest

from sheetsync.backends.xlsx import create_workbook
from sheetsync.example import example_tabs
from sheetsync.sync import sync

TODAY = dt.date(2026, 11, 27)
sync_module = sys.modules["sheetsync.sync"]


@pytest.fixture
def plan(tmp_path):
    path = tmp_path / "plan.xlsx"
    create_workbook(path, example_tabs(TODAY), {})
    return path


@pytest.fixture
def collector_state():
    enabled = gc.isenabled()
    yield
    if enabled:
        gc.enable()
    else:
        gc.disable()


def _spy_on_read_plan(monkeypatch) -> list[bool]:
    seen: list[bool] = []
    read_plan = sync_module.read_plan

    def spy(*args, **kwargs):
        seen.append(gc.isenabled())
        return read_plan(*args, **kwargs)

    monkeypatch.setattr(sync_module, "read_plan", spy)
    return seen


def test_the_collector_waits_during_a_sync_and_is_back_after_it(
    plan, tmp_path, monkeypatch, collector_state
):
    gc.enable()
    seen = _spy_on_read_plan(monkeypatch)
    result = sync(plan, today=TODAY, state_dir=tmp_path / "state")
    assert result.tabs_written  # the sync really ran and wrote
    assert seen == [False]
    assert gc.isenabled()


def test_a_failed_sync_gives_the_collector_back(plan, tmp_path, monkeypatch, collector_state):
    gc.enable()

    def broken(*args, **kwargs):
        raise RuntimeError("compute broke")

    monkeypatch.setattr(sync_module, "compute", broken)
    with pytest.raises(RuntimeError, match="compute broke"):
        sync(plan, today=TODAY, state_dir=tmp_path / "state")
    assert gc.isenabled()


def test_a_collector_switched_off_by_the_caller_stays_off(plan, tmp_path, collector_state):
    gc.disable()
    sync(plan, today=TODAY, state_dir=tmp_path / "state")
    assert not gc.isenabled()

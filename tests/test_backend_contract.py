"""The contract every backend keeps (rclone-style conformance suite), run on each backend.

Reads back what it wrote, never touches input tabs, writes nothing when nothing changed,
recognises its own tabs by their mark whatever their title, and never overwrites a
person's tab that happens to carry an output tab's name.
"""

from __future__ import annotations

import datetime as dt

import pytest

from sheetsync.example import example_tabs
from sheetsync.render import render_outputs
from sheetsync.sync import run
from tests.handles import HANDLES

TODAY = dt.date(2026, 11, 27)
OUTPUT_TITLES = {"KPI Status", "Alerts", "Sync"}


@pytest.fixture(params=sorted(HANDLES))
def workbook(request, tmp_path):
    return HANDLES[request.param](tmp_path, example_tabs(TODAY, "en"))


def test_sync_writes_output_tabs_and_reads_them_back(workbook):
    result = run(workbook.backend(), today=TODAY)
    assert set(result.tabs_written) >= OUTPUT_TITLES
    assert set(workbook.titles()) >= OUTPUT_TITLES
    # What is stored is what was rendered, typed: numbers stay numbers, text stays text.
    expected = {t.title: t for t in render_outputs(result.results)}["KPI Status"]
    stored = workbook.values("KPI Status")
    assert stored[0][0] == expected.rows[0][0].value
    header = [c.value for c in expected.rows[1]]
    assert stored[1] == header
    first_goal = stored[2]
    assert first_goal[0] == "G1"
    assert isinstance(first_goal[header.index("Progress")], float)
    assert first_goal[header.index("Progress")] == pytest.approx(
        expected.rows[2][header.index("Progress")].value
    )


def test_input_tabs_are_identical_after_a_push(workbook):
    inputs = [t for t in workbook.titles() if t not in OUTPUT_TITLES]
    before = {t: workbook.values(t) for t in inputs}
    run(workbook.backend(), today=TODAY)
    assert {t: workbook.values(t) for t in inputs} == before


def test_a_second_identical_push_writes_nothing(workbook):
    run(workbook.backend(), today=TODAY)
    before = workbook.fingerprint()
    backend = workbook.backend()
    again = run(backend, today=TODAY)
    assert again.tabs_written == [] and again.tabs_deleted == []
    assert backend.calls.write == 0
    assert workbook.fingerprint() == before


def test_a_new_day_rewrites_the_outputs(workbook):
    run(workbook.backend(), today=TODAY)
    later = run(workbook.backend(), today=TODAY + dt.timedelta(days=1))
    assert "KPI Status" in later.tabs_written
    sync_rows = workbook.values("Sync")
    assert sync_rows[1][1] in (TODAY + dt.timedelta(days=1), 46354)  # xlsx date, Sheets serial


def test_an_output_tab_renamed_by_a_person_is_still_recognised(workbook):
    run(workbook.backend(), today=TODAY)
    workbook.rename("KPI Status", "Our KPIs")
    result = run(workbook.backend(), today=TODAY + dt.timedelta(days=1))
    titles = workbook.titles()
    assert "Our KPIs" in result.tabs_written
    assert "Our KPIs" in titles and "KPI Status" not in titles
    assert workbook.values("Our KPIs")[2][0] == "G1"


def test_a_persons_tab_with_an_output_name_is_never_overwritten(workbook):
    workbook.set_values("Alerts", [["My own notes"], ["keep me"]])
    result = run(workbook.backend(), today=TODAY)
    assert workbook.values("Alerts") == [["My own notes"], ["keep me"]]
    assert "Alerts" not in result.tabs_written
    conflict = [p for p in result.problems if p.key == "tab_conflict"]
    assert [p.cell for p in conflict] == ["Alerts!A1"]
    assert "Rename your tab" in conflict[0].message


def test_changing_the_language_renames_outputs_and_deletes_nothing_of_a_persons(workbook):
    run(workbook.backend(), today=TODAY)
    settings = workbook.values("Settings")
    settings = [[r[0], "ru"] if r and r[0] == "Language" else r for r in settings]
    workbook.set_values("Settings", settings)
    result = run(workbook.backend(), today=TODAY)
    titles = set(workbook.titles())
    assert {"Статус KPI", "Предупреждения", "Синхронизация"} <= titles
    assert not OUTPUT_TITLES & titles
    assert "Goals" in titles and result.tabs_deleted == []


def test_dry_run_writes_nothing(workbook):
    before = workbook.fingerprint()
    backend = workbook.backend()
    result = run(backend, today=TODAY, dry_run=True)
    assert set(result.tabs_written) >= OUTPUT_TITLES
    assert backend.calls.write == 0
    assert workbook.fingerprint() == before


def test_a_language_switch_never_takes_a_persons_tab_name(workbook):
    run(workbook.backend(), today=TODAY)
    workbook.set_values("Статус KPI", [["моя вкладка"]])
    settings = [
        [r[0], "ru"] if r and r[0] == "Language" else r for r in workbook.values("Settings")
    ]
    workbook.set_values("Settings", settings)
    run(workbook.backend(), today=TODAY)
    assert workbook.values("Статус KPI") == [["моя вкладка"]]
    assert workbook.values("KPI Status")[2][0] == "G1"  # ours keeps its old name
    # and, its content unchanged, is not rewritten on every run
    again = run(workbook.backend(), today=TODAY)
    assert "KPI Status" not in again.tabs_written


def test_a_persons_tab_differing_only_in_case_is_a_conflict_too(workbook):
    workbook.set_values("kpi status", [["our own KPI notes"]])
    result = run(workbook.backend(), today=TODAY)
    assert workbook.values("kpi status") == [["our own KPI notes"]]
    assert "KPI Status" not in result.tabs_written
    assert {"Alerts", "Sync"} <= set(result.tabs_written)
    conflict = [p for p in result.problems if p.key == "tab_conflict"]
    assert [p.cell for p in conflict] == ["'kpi status'!A1"]

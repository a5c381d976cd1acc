"""What only the local .xlsx backend must do: locks, safe saves, and outputs written into the
workbook itself without touching anything a person made."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import textwrap
import zipfile

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from sheetsync.backends.file_replace import TEMP_PREFIX
from sheetsync.backends.xlsx import (
    XlsxBackend,
    _read_zip_structure,
    create_workbook,
    sibling_path,
)
from sheetsync.cli import main
from sheetsync.example import example_tabs
from sheetsync.sync import run

TODAY = dt.date(2026, 11, 27)


@pytest.fixture
def plan_path(tmp_path):
    path = tmp_path / "plan.xlsx"
    create_workbook(path, example_tabs(TODAY, "en"), {})
    return path


def _state(path):
    return path.read_bytes(), path.stat().st_mtime_ns


@pytest.mark.parametrize("lock_name", [".~lock.plan.xlsx#", "~$plan.xlsx"])
def test_refuses_while_open_in_a_spreadsheet_program(plan_path, lock_name, capsys):
    (plan_path.parent / lock_name).write_text("someone,host,2026-11-27")
    before = _state(plan_path)
    code = main(["sync", "--workbook", str(plan_path), "--today", "2026-11-27"])
    assert code == 5
    assert "is open in a spreadsheet program" in capsys.readouterr().err
    assert _state(plan_path) == before


def test_a_second_identical_push_leaves_bytes_and_mtime(plan_path):
    run(XlsxBackend(plan_path), today=TODAY)
    before = _state(plan_path)
    again = run(XlsxBackend(plan_path), today=TODAY)
    assert again.wrote is False and again.api_calls.write == 0
    assert _state(plan_path) == before


def test_a_save_killed_midway_leaves_the_original_loadable(plan_path):
    """A run killed while writing its temporary file never touches the workbook itself."""
    before = _state(plan_path)
    script = textwrap.dedent(
        f"""
        import os, signal, datetime as dt
        import sheetsync.backends.file_replace as fr
        def dying(temp, original):  # the temporary file is written; the rename never comes
            os.kill(os.getpid(), signal.SIGKILL)
        fr.keep_mode_and_owner = dying
        from sheetsync.backends.xlsx import XlsxBackend
        from sheetsync.sync import run
        run(XlsxBackend({str(plan_path)!r}), today=dt.date(2026, 11, 27))
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True)
    assert proc.returncode == -9
    assert _state(plan_path) == before
    leftovers = list(plan_path.parent.glob(f"{TEMP_PREFIX}*"))
    assert len(leftovers) == 1
    assert "Goals" in CalamineWorkbook.from_path(str(plan_path)).sheet_names
    openpyxl.load_workbook(plan_path)  # still a whole workbook
    # The next run cleans the stale temporary file and saves normally.
    result = run(XlsxBackend(plan_path), today=TODAY)
    assert result.wrote
    assert list(plan_path.parent.glob(f"{TEMP_PREFIX}*")) == []


def _members(path):
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def test_formulas_stay_and_outputs_go_into_the_workbook_itself(plan_path, capsys):
    book = openpyxl.load_workbook(plan_path)
    book["Activities"]["M1"] = "Total"
    book["Activities"]["M2"] = "=SUM(I2:I10)"
    book.save(plan_path)
    before = _members(plan_path)
    code = main(["sync", "--workbook", str(plan_path), "--today", "2026-11-27"])
    assert code == 0
    assert not sibling_path(plan_path).exists()
    after = _members(plan_path)
    # Every input sheet (the formula's included) is the very same part, byte for byte.
    for name in [n for n in before if n.startswith("xl/worksheets/")]:
        assert after[name] == before[name], name
    assert b"<f>SUM(I2:I10)</f>" in b"".join(after.values())
    assert {"KPI Status", "Alerts", "Sync"} <= set(
        CalamineWorkbook.from_path(str(plan_path)).sheet_names
    )
    # And the workbook is written only when something changes.
    again = _state(plan_path)
    assert main(["sync", "--workbook", str(plan_path), "--today", "2026-11-27"]) == 0
    assert _state(plan_path) == again


def test_text_that_looks_like_a_formula_is_written_as_text(plan_path):
    book = openpyxl.load_workbook(plan_path)
    book["Goals"]["B2"] = '=HYPERLINK("http://x")'  # a person's goal name, typed as text
    book["Goals"]["B2"].data_type = "s"
    book.save(plan_path)
    run(XlsxBackend(plan_path), today=TODAY)
    out = openpyxl.load_workbook(plan_path)["KPI Status"]
    cell = out["B3"]
    assert cell.value == '=HYPERLINK("http://x")'
    assert cell.data_type == "s"


def test_input_formats_and_validations_survive_a_push(tmp_path):
    path = tmp_path / "plan.xlsx"
    create_workbook(path, example_tabs(TODAY, "en"), {"Activities": {7: ["active", "done"]}})
    book = openpyxl.load_workbook(path)
    book["Goals"]["B2"].font = openpyxl.styles.Font(italic=True, color="FF0000")
    book["Goals"].column_dimensions["B"].width = 44
    book.save(path)
    run(XlsxBackend(path), today=TODAY)
    after = openpyxl.load_workbook(path)
    assert after["Goals"]["B2"].font.italic is True
    assert after["Goals"].column_dimensions["B"].width == 44
    rules = after["Activities"].data_validations.dataValidation
    assert [r.formula1 for r in rules] == ['"active,done"']


def test_missing_workbook_is_a_usage_error(tmp_path, capsys):
    code = main(["check", "--workbook", str(tmp_path / "nope.xlsx")])
    assert code == 2
    assert "sheetsync init" in capsys.readouterr().err


def test_not_an_xlsx_is_a_usage_error(tmp_path, capsys):
    bad = tmp_path / "bad.xlsx"
    bad.write_text("hello")
    assert main(["check", "--workbook", str(bad)]) == 2
    assert "not an .xlsx workbook" in capsys.readouterr().err


def test_output_file_keeps_its_permissions(plan_path):
    os.chmod(plan_path, 0o640)
    run(XlsxBackend(plan_path), today=TODAY)
    assert plan_path.stat().st_mode & 0o777 == 0o640


def _inject_into_sheet(path, title, xml: bytes) -> None:
    """Add raw XML before </worksheet> in one sheet, as Excel would have written it."""
    import shutil

    part = _read_zip_structure(path)[2][title]
    copy = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(copy, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == part:
                data = data.replace(b"</worksheet>", xml + b"</worksheet>")
            dst.writestr(item, data)
    shutil.move(copy, path)


CROSS_TAB_DROPDOWN = (
    b'<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
    b'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
    b'<x14:dataValidations count="1" '
    b'xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
    b'<x14:dataValidation type="list"><x14:formula1><xm:f>Team!$A$2:$A$9</xm:f>'
    b"</x14:formula1><xm:sqref>I2:I50</xm:sqref></x14:dataValidation>"
    b"</x14:dataValidations></ext></extLst>"
)


def test_a_dropdown_from_another_tab_survives_a_sync(plan_path):
    _inject_into_sheet(plan_path, "Goals", CROSS_TAB_DROPDOWN)
    goals_part = _read_zip_structure(plan_path)[2]["Goals"]
    before = _members(plan_path)[goals_part]
    assert main(["sync", "--workbook", str(plan_path), "--today", "2026-11-27"]) == 0
    assert _members(plan_path)[goals_part] == before
    assert "KPI Status" in CalamineWorkbook.from_path(str(plan_path)).sheet_names


def test_an_old_sibling_file_is_mentioned_once(plan_path):
    sibling = sibling_path(plan_path)
    sibling.write_bytes(b"outputs of an older sheetsync")
    first = run(XlsxBackend(plan_path), today=TODAY)
    assert first.notes == [
        "plan.sheetsync.xlsx was written by an older sheetsync; outputs now go into plan.xlsx "
        "itself, so plan.sheetsync.xlsx can be deleted."
    ]
    assert first.location == str(plan_path)
    second = run(XlsxBackend(plan_path), today=TODAY + dt.timedelta(days=1))
    assert second.notes == []
    assert sibling.read_bytes() == b"outputs of an older sheetsync"  # never written again


def test_a_pasted_control_character_does_not_stop_the_save(plan_path):
    book = openpyxl.load_workbook(plan_path)
    book["Goals"]["B2"] = "Attract_x0007_ clients"  # how Excel stores a pasted BEL
    book.save(plan_path)
    result = run(XlsxBackend(plan_path), today=TODAY)
    assert result.wrote
    names = [
        r[1]
        for r in openpyxl.load_workbook(plan_path)["KPI Status"].iter_rows(
            min_row=3, max_row=3, values_only=True
        )
    ]
    # XML cannot hold the control character: it is shown as U+FFFD, the rest kept.
    assert names == ["Attract\ufffd clients"]


def test_a_new_workbook_gets_the_usual_file_mode(tmp_path):
    old = os.umask(0o022)
    try:
        path = tmp_path / "new.xlsx"
        create_workbook(path, example_tabs(TODAY, "en"), {})
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o644


def test_the_old_sibling_note_speaks_the_plans_language(tmp_path):
    path = tmp_path / "план.xlsx"
    create_workbook(path, example_tabs(TODAY, "ru"), {})
    sibling_path(path).write_bytes(b"old")
    result = run(XlsxBackend(path), today=TODAY)
    assert result.notes == [
        "план.sheetsync.xlsx записан старой версией sheetsync; теперь результаты пишутся в "
        "сам план.xlsx, и план.sheetsync.xlsx можно удалить."
    ]
    sync_tab = openpyxl.load_workbook(path)["Синхронизация"]
    assert result.notes[0] in [c.value for row in sync_tab.iter_rows() for c in row]

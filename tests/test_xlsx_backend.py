"""What only the local .xlsx backend must do: locks, atomic saves, and never losing a formula."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import textwrap

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from sheetsync.backends.xlsx import TEMP_PREFIX, XlsxBackend, create_workbook, sibling_path
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
        import openpyxl.workbook.workbook as wb
        def dying_save(self, handle):
            handle.write(b"PK\\x03\\x04 half a zip")
            handle.flush()
            os.kill(os.getpid(), signal.SIGKILL)
        wb.Workbook.save = dying_save
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


def test_formulas_send_outputs_to_a_sibling_file(plan_path, capsys):
    book = openpyxl.load_workbook(plan_path)
    book["Activities"]["M1"] = "Total"
    book["Activities"]["M2"] = "=SUM(I2:I10)"
    book.save(plan_path)
    before = _state(plan_path)
    code = main(["sync", "--workbook", str(plan_path), "--today", "2026-11-27"])
    out = capsys.readouterr().out
    assert code == 0
    assert _state(plan_path) == before  # the person's file, formulas and all, untouched
    sibling = sibling_path(plan_path)
    assert sibling.name == "plan.sheetsync.xlsx"
    assert "formula cached values" in out and "plan.sheetsync.xlsx" in out
    assert {"KPI Status", "Alerts", "Sync"} <= set(
        CalamineWorkbook.from_path(str(sibling)).sheet_names
    )
    # And the sibling, too, is written only when something changes.
    sibling_before = _state(sibling)
    assert main(["sync", "--workbook", str(plan_path), "--today", "2026-11-27"]) == 0
    assert _state(sibling) == sibling_before


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
    import zipfile

    from sheetsync.backends.xlsx import _read_zip_structure

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


def test_a_dropdown_from_another_tab_sends_outputs_to_the_sibling(plan_path, capsys):
    _inject_into_sheet(plan_path, "Goals", CROSS_TAB_DROPDOWN)
    before = _state(plan_path)
    assert main(["sync", "--workbook", str(plan_path), "--today", "2026-11-27"]) == 0
    assert "dropdowns that draw from another tab" in capsys.readouterr().out
    assert _state(plan_path) == before
    assert sibling_path(plan_path).exists()


def test_the_first_sibling_gets_every_output_even_after_in_place_syncs(plan_path):
    run(XlsxBackend(plan_path), today=TODAY)  # outputs in place, marked
    book = openpyxl.load_workbook(plan_path)
    book["Activities"]["M2"] = "=SUM(I2:I10)"
    book.save(plan_path)
    result = run(XlsxBackend(plan_path), today=TODAY)
    sibling = CalamineWorkbook.from_path(str(sibling_path(plan_path))).sheet_names
    assert {"KPI Status", "Alerts", "Sync"} <= set(sibling)
    assert {"KPI Status", "Alerts", "Sync"} <= set(result.tabs_written)
    assert not [p for p in result.problems if p.key == "tab_conflict"]


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
    assert names == ["Attract clients"]


def test_a_new_workbook_gets_the_usual_file_mode(tmp_path):
    old = os.umask(0o022)
    try:
        path = tmp_path / "new.xlsx"
        create_workbook(path, example_tabs(TODAY, "en"), {})
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o644


def test_the_sibling_note_speaks_the_plans_language(tmp_path):
    path = tmp_path / "план.xlsx"
    create_workbook(path, example_tabs(TODAY, "ru"), {})
    book = openpyxl.load_workbook(path)
    book["Активности"]["M2"] = "=SUM(I2:I10)"
    book.save(path)
    result = run(XlsxBackend(path), today=TODAY)
    assert result.notes == [
        "Сохранение план.xlsx через openpyxl потеряло бы: кэшированные значения формул; "
        "результаты записаны в план.sheetsync.xlsx."
    ]
    sync_tab = openpyxl.load_workbook(sibling_path(path))["Синхронизация"]
    assert result.notes[0] in [c.value for row in sync_tab.iter_rows() for c in row]

"""Hostile .xlsx files (issue 12): each ends in a clear problem or a clean exit, never a
traceback, a hang or a process eating gigabytes.

Each file is the example plan with one part of its package edited, as an attacker (or a
damaged export) would leave it; the command line runs on it as cron would.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import time
import zipfile
from pathlib import Path

import pytest

from sheetsync import cli
from sheetsync.backends.xlsx import XlsxBackend, create_workbook
from sheetsync.errors import BusyError
from sheetsync.example import example_tabs

TODAY = "2026-11-27"
SHEET = {"Settings": "xl/worksheets/sheet1.xml", "Spend": "xl/worksheets/sheet6.xml"}


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("example") / "plan.xlsx"
    create_workbook(path, example_tabs(dt.date(2026, 11, 27), "en"), {})
    return path


def edited(example: Path, target: Path, **parts) -> Path:
    """A copy of the example with parts replaced: name=bytes, or name=function(old bytes)."""
    with zipfile.ZipFile(example) as source, zipfile.ZipFile(target, "w") as out:
        names = source.namelist()
        for name in names:
            data = source.read(name)
            change = parts.pop(name, None)
            if change is not None:
                data = change(data) if callable(change) else change
            out.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
        for name, data in parts.items():  # new parts
            out.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    return target


def cell_xml(ref: str, value: str, style: int | None = None) -> bytes:
    s = f' s="{style}"' if style is not None else ""
    return f'<c r="{ref}"{s}><v>{value}</v></c>'.encode()


def put_in_row(xml: bytes, row: int, cell: bytes) -> bytes:
    """`cell` appended to row `row` (a new row at the end of sheetData if there is none)."""
    tag = f'<row r="{row}">'.encode()
    if tag in xml:
        start = xml.index(tag)
        end = xml.index(b"</row>", start)
        return xml[:end] + cell + xml[end:]
    return xml.replace(b"</sheetData>", tag + cell + b"</row></sheetData>")


def replace_cell(xml: bytes, ref: str, cell: bytes) -> bytes:
    return re.sub(rf'<c r="{ref}"[^>]*>.*?</c>'.encode(), cell, xml, count=1)


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    try:
        code = cli.main(list(args))
    except SystemExit as exc:  # argparse's own usage errors
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


DATE_STYLE = 2  # the example has two cell styles; this one is Excel's built-in date (14)


def with_date_style(styles: bytes) -> bytes:
    assert b'<cellXfs count="2">' in styles
    xf = b'<xf numFmtId="14" fontId="0" fillId="0" borderId="0" applyNumberFormat="1" xfId="0"/>'
    return styles.replace(b'<cellXfs count="2">', b'<cellXfs count="3">').replace(
        b"</cellXfs>", xf + b"</cellXfs>"
    )


def spend_date(example: Path, target: Path, serial: str) -> Path:
    """The example with Spend!A2 a date-formatted cell holding `serial`."""
    return edited(
        example,
        target,
        **{
            "xl/styles.xml": with_date_style,
            SHEET["Spend"]: lambda x: replace_cell(x, "A2", cell_xml("A2", serial, DATE_STYLE)),
        },
    )


# -- crashes that become problems ---------------------------------------------------------------


@pytest.mark.parametrize("serial", ["-150000000000", "-1e20"])
def test_date_cell_far_below_the_calendar_is_a_problem_not_a_panic(
    example, tmp_path, capsys, serial
):
    path = spend_date(example, tmp_path / "plan.xlsx", serial)
    code, out, err = run_cli(capsys, "check", "-w", str(path), "--today", TODAY, "--json")
    assert code == 0, err
    assert "Traceback" not in err and "Panic" not in err
    problems = json.loads(out)["problems"]
    cells = [p for p in problems if p["cell"] == "Spend!A2"]
    assert cells, problems
    assert "is not a date" in cells[0]["message"]


@pytest.mark.parametrize(("serial", "shown"), [("0", '"0"'), ("-1", '"-1"')])
def test_date_cell_serial_zero_or_negative_shows_the_number_typed(
    example, tmp_path, capsys, serial, shown
):
    path = spend_date(example, tmp_path / "plan.xlsx", serial)
    code, out, err = run_cli(capsys, "check", "-w", str(path), "--today", TODAY, "--json")
    assert code == 0, err
    message = next(p["message"] for p in json.loads(out)["problems"] if p["cell"] == "Spend!A2")
    assert shown in message and "00:00:00" not in message


@pytest.mark.parametrize("kind", ["text", "number"])
def test_whole_number_setting_of_400_nines_is_a_problem(example, tmp_path, capsys, kind):
    nines = "9" * 400
    # Settings!B14 is "Stale after days", a whole-number setting.
    cell = (
        f'<c r="B14" t="inlineStr"><is><t>{nines}</t></is></c>'
        if kind == "text"
        else f'<c r="B14"><v>{nines}</v></c>'
    ).encode()
    path = edited(
        example,
        tmp_path / "plan.xlsx",
        **{SHEET["Settings"]: lambda x: replace_cell(x, "B14", cell)},
    )
    code, out, err = run_cli(capsys, "check", "-w", str(path), "--today", TODAY, "--json")
    assert code == 0, err
    problems = [p for p in json.loads(out)["problems"] if p["cell"] == "Settings!B14"]
    assert problems and "is not a number" in problems[0]["message"]


# -- refused files: exit 2, one sentence ---------------------------------------------------------

BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
)
XXE = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


@pytest.mark.parametrize("declaration", [BILLION_LAUGHS, XXE], ids=["billion-laughs", "xxe"])
@pytest.mark.parametrize("part", ["sheet", "shared-strings"])
def test_xml_entity_declarations_exit_2(example, tmp_path, capsys, declaration, part):
    if part == "sheet":
        change = {SHEET["Spend"]: lambda x: declaration + x}
    else:
        strings = (
            declaration + b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
            b'main" count="1" uniqueCount="1"><si><t>&lol2;</t></si></sst>'
        )
        change = {"xl/sharedStrings.xml": strings}
    path = edited(example, tmp_path / "plan.xlsx", **change)
    before = path.read_bytes()
    for command in ("check", "sync"):
        code, out, err = run_cli(capsys, command, "-w", str(path), "--today", TODAY)
        assert code == 2, (out, err)
        assert "entity declarations" in err and "Traceback" not in err
    assert path.read_bytes() == before


def test_tab_renamed_between_the_two_reads_exits_5(example, tmp_path):
    path = shutil.copy(example, tmp_path / "plan.xlsx")
    backend = XlsxBackend(path)
    backend.info()
    edited(
        example,
        tmp_path / "renamed.xlsx",
        **{"xl/workbook.xml": lambda x: x.replace(b'name="Spend"', b'name="Spend 2"')},
    )
    os.replace(tmp_path / "renamed.xlsx", path)
    with pytest.raises(BusyError, match=re.escape('"Spend" of plan.xlsx was renamed or deleted')):
        backend.read(["Settings", "Goals", "Spend"])


def test_today_past_9000_is_a_usage_error(example, tmp_path, capsys):
    path = shutil.copy(example, tmp_path / "plan.xlsx")
    before = path.read_bytes()
    code, _, err = run_cli(capsys, "sync", "-w", str(path), "--today", "9999-12-31")
    assert code == 2 and "Traceback" not in err
    assert "9000-12-31" in err
    assert path.read_bytes() == before


# -- what the path is -----------------------------------------------------------------------------


def _not_a_file(kind: str, tmp_path: Path) -> Path:
    path = tmp_path / "plan.xlsx"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        path.symlink_to("/dev/null")
    else:
        path.symlink_to("/dev/zero")
    return path


@pytest.mark.parametrize("kind", ["fifo", "device", "zero"])
@pytest.mark.parametrize("command", ["check", "sync"])
def test_fifo_device_or_dev_zero_is_refused_before_the_lock(tmp_path, capsys, kind, command):
    path = _not_a_file(kind, tmp_path)
    state = tmp_path / "state"
    (tmp_path / "sheetsync.toml").write_text(f'state_dir = "{state}"\n')
    started = time.monotonic()
    code, _, err = run_cli(
        capsys, command, "-w", str(path), "--config", str(tmp_path / "sheetsync.toml")
    )
    assert time.monotonic() - started < 10
    assert code == 2, err
    assert "not a workbook file" in err and "Traceback" not in err
    # Refused before anything was opened or locked.
    locks = [p for p in tmp_path.rglob("*.lock*") if p.name != path.name]
    assert locks == []


# -- zip bombs and cell counts --------------------------------------------------------------------


def _whitespace(megabytes: int) -> bytes:
    return b" " * (megabytes * 2**20)


@pytest.mark.parametrize("where", ["sheet", "drawing"])
def test_zip_bomb_is_refused_with_exit_2(example, tmp_path, capsys, where):
    padding = _whitespace(300)
    if where == "sheet":
        change = {SHEET["Spend"]: lambda x: x.replace(b"<sheetData>", b"<sheetData>" + padding)}
    else:
        change = {"xl/drawings/drawing1.xml": b"<xdr:wsDr>" + padding + b"</xdr:wsDr>"}
    path = edited(example, tmp_path / "plan.xlsx", **change)
    assert path.stat().st_size < 2 * 2**20
    before = path.read_bytes()
    for command in ("check", "sync"):
        code, _, err = run_cli(capsys, command, "-w", str(path), "--today", TODAY)
        assert code == 2, err
        assert "zip bomb" in err and "Traceback" not in err
    assert path.read_bytes() == before


def test_part_that_unpacks_to_more_than_it_declares_is_refused(example, tmp_path, capsys):
    path = edited(
        example,
        tmp_path / "plan.xlsx",
        **{SHEET["Spend"]: lambda x: x.replace(b"<sheetData>", b"<sheetData>" + b" " * 500_000)},
    )
    # Make the zip directory understate the part's size, as a crafted bomb does.
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo(SHEET["Spend"])
    real = info.file_size.to_bytes(4, "little")
    small = (4000).to_bytes(4, "little")
    assert data.count(real) >= 2
    path.write_bytes(bytes(data).replace(real, small))
    code, _, err = run_cli(capsys, "check", "-w", str(path), "--today", TODAY)
    assert code == 2, err
    assert "more than" in err and "declares" in err and "Traceback" not in err


@pytest.mark.parametrize("ref", ["XFD1048576", "CV1048576"])
def test_one_far_cell_costs_what_the_cells_cost(example, tmp_path, capsys, ref):
    row = int(re.sub(r"[A-Z]", "", ref))
    path = edited(
        example,
        tmp_path / "plan.xlsx",
        **{SHEET["Spend"]: lambda x: put_in_row(x, row, cell_xml(ref, "1"))},
    )
    assert path.stat().st_size < 30_000
    started = time.monotonic()
    code, out, err = run_cli(capsys, "check", "-w", str(path), "--today", TODAY, "--json")
    assert time.monotonic() - started < 10
    assert code == 0, err
    problems = [p for p in json.loads(out)["problems"] if p["cell"] == "Spend!A1"]
    assert problems and ref in problems[0]["message"], problems

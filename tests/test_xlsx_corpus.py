"""Workbooks people really make, each synced: nothing but sheetsync's own parts changes.

The corpus: the demo plan saved by LibreOffice; an Excel-like plan written by XlsxWriter
(formulas with cached values, conditional formats, data validation, a chart, comments,
defined names, an autofilter, a table); the same with a customXml part; and an .xlsm with
a VBA project. After one sync each must keep every part outside the allowed list byte for
byte (decompressed), read the same input cells through python-calamine (formula values
too), load in openpyxl, convert to PDF in LibreOffice, and hold the output tabs.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from sheetsync.backends.xlsx import XlsxBackend, create_workbook
from sheetsync.example import example_tabs
from sheetsync.sync import run

TODAY = dt.date(2026, 11, 27)
SOFFICE = shutil.which("soffice")
NEEDS_SOFFICE = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) is not installed: apt-get install "
    "libreoffice-calc-nogui"
)  # fmt: skip
# The parts a sync may change; parts it adds or removes must be output sheets' own.
ALLOWED = {
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
    "[Content_Types].xml",
    "docProps/app.xml",
    "xl/styles.xml",
}
OUTPUT_PART = re.compile(
    r"xl/(worksheets/sheet\d+\.xml|worksheets/_rels/sheet\d+\.xml\.rels|drawings/drawing\d+\.xml"
    r"|drawings/_rels/drawing\d+\.xml\.rels|charts/chart\d+\.xml)$"
)
VBA_PROJECT = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)  # an OLE header, as Excel's


def soffice(*args: str, cwd: Path) -> None:
    """LibreOffice headless, with a profile of its own (others may run it at the same time)."""
    assert SOFFICE is not None
    profile = cwd / "lo-profile"
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", *args],
        cwd=cwd,
        capture_output=True,
        timeout=180,
        check=False,
    )


def libreoffice_saved(folder: Path) -> Path:
    source = folder / "source"
    source.mkdir()
    create_workbook(source / "lo-plan.xlsx", example_tabs(TODAY, "en"), {})
    soffice(
        "--convert-to", "xlsx", "--outdir", str(folder), str(source / "lo-plan.xlsx"), cwd=folder
    )
    path = folder / "lo-plan.xlsx"
    assert path.exists(), "LibreOffice did not save the demo plan as .xlsx"
    return path


def excel_like(path: Path, vba: bool = False) -> Path:
    """The example plan as Excel would hold it, through XlsxWriter."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    bold = book.add_format({"bold": True})
    money = book.add_format({"num_format": "#,##0.00"})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    red = book.add_format({"bg_color": "#FFC7CE"})
    tabs = example_tabs(TODAY, "en")
    for title, rows in tabs.items():
        sheet = book.add_worksheet(title)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, dt.date):
                    sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), day)
                elif r == 0:
                    sheet.write_string(r, c, str(value), bold)
                elif isinstance(value, str):
                    sheet.write_string(r, c, value)
                else:
                    sheet.write(r, c, value)
        if title == "Activities":
            budgets = [
                row[8] for row in rows[1:] if len(row) > 8 and isinstance(row[8], int | float)
            ]
            last = len(rows)
            sheet.write_string(last, 7, "Total", bold)
            # A SUM row under Budget, its value cached as Excel saves it.
            sheet.write_formula(last, 8, f"=SUM(I2:I{last})", money, sum(budgets))
            sheet.data_validation(
                1, 7, 200, 7, {"validate": "list", "source": ["active", "paused", "done"]}
            )
            sheet.write_comment(1, 1, "Check the header colour with the designer")
            sheet.conditional_format(1, 8, last - 1, 8, {"type": "cell", "criteria": ">",
                                                        "value": 100, "format": red})  # fmt: skip
        if title == "Spend":
            sheet.autofilter(0, 0, len(rows) - 1, len(rows[0]) - 1)
            chart = book.add_chart({"type": "column"})
            chart.add_series({"values": ["Spend", 1, 2, len(rows) - 1, 2], "name": "Amount"})
            sheet.insert_chart("H2", chart)
        if title == "Team":
            sheet.add_table(0, 0, len(rows) - 1, len(rows[0]) - 1, {
                "columns": [{"header": str(h)} for h in rows[0]],
                "data": [list(r) for r in rows[1:]],
            })  # fmt: skip
    book.define_name("Budget_total", "=Activities!$I$2:$I$20")
    if vba:
        bin_path = path.with_name("vbaProject.bin")
        bin_path.write_bytes(VBA_PROJECT)
        book.add_vba_project(str(bin_path))
    book.close()
    return path


def with_custom_xml(source: Path, path: Path) -> Path:
    """A copy holding a customXml data part, as SharePoint and document tools add."""
    item = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<plan xmlns="urn:example:plan"><owner>Anna</owner></plan>'
    )
    props = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="no"?>'
        b'<ds:datastoreItem ds:itemID="{6C5F1F8B-0000-4000-8000-000000000001}" '
        b'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml">'
        b"<ds:schemaRefs/></ds:datastoreItem>"
    )
    item_rels = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/customXmlProps" Target="itemProps1.xml"/></Relationships>'
    )
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdCustom1" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/customXml" '
                    b'Target="../customXml/item1.xml"/></Relationships>',
                )
            if info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/customXml/itemProps1.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.customXmlProperties+xml"/></Types>',
                )
            dst.writestr(info, data)
        dst.writestr("customXml/item1.xml", item)
        dst.writestr("customXml/itemProps1.xml", props)
        dst.writestr("customXml/_rels/item1.xml.rels", item_rels)
    return path


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def cells(path: Path) -> dict[str, list[list]]:
    book = CalamineWorkbook.from_path(str(path))
    return {title: book.get_sheet_by_name(title).to_python() for title in book.sheet_names}


class Synced:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.before = members(path)
        self.cells_before = cells(path)
        self.result = run(XlsxBackend(path), today=TODAY)
        self.after = members(path)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, Synced]:
    folder = tmp_path_factory.mktemp("corpus")
    paths = {
        "excel-like": excel_like(folder / "excel-like.xlsx"),
        "macros": excel_like(folder / "macros.xlsm", vba=True),
    }
    paths["customxml"] = with_custom_xml(
        excel_like(folder / "plain.xlsx"), folder / "customxml.xlsx"
    )
    if SOFFICE:
        paths["libreoffice"] = libreoffice_saved(folder)
    synced = {name: Synced(path) for name, path in paths.items()}
    if SOFFICE:
        pdfs = folder / "pdf"
        soffice("--convert-to", "pdf", "--outdir", str(pdfs), *map(str, paths.values()), cwd=folder)
    return synced


NAMES = ["excel-like", "macros", "customxml", "libreoffice"]


def synced(corpus: dict[str, Synced], name: str) -> Synced:
    if name not in corpus:
        pytest.skip(
            "LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui"
        )
    return corpus[name]


@pytest.mark.parametrize("name", NAMES)
def test_every_part_outside_the_allowed_list_is_byte_identical(corpus, name):
    book = synced(corpus, name)
    assert book.result.wrote
    kept = {n for n in book.before if n not in ALLOWED}
    removed = kept - set(book.after)
    changed = {n for n in kept & set(book.after) if book.after[n] != book.before[n]}
    assert changed == set(), changed
    # Parts that went or came are output sheets' own (a first sync only adds them).
    assert removed == set()
    added = set(book.after) - set(book.before)
    assert added and all(OUTPUT_PART.fullmatch(n) for n in added), added
    print(f"{name}: {len(book.before)} parts compared, {len(kept)} outside the allowed list, "
          f"0 changed; {len(added)} output parts added")  # fmt: skip


@pytest.mark.parametrize("name", NAMES)
def test_every_input_cell_reads_as_before_formula_values_included(corpus, name):
    book = synced(corpus, name)
    after = cells(book.path)
    for title, rows in book.cells_before.items():
        assert after[title] == rows, title
    if name != "libreoffice":
        activities = after["Activities"]
        assert "Total" in activities[-1] and 780 in activities[-1]  # the SUM's cached value


@pytest.mark.parametrize("name", NAMES)
def test_openpyxl_loads_it_and_the_outputs_are_there(corpus, name):
    book = synced(corpus, name)
    loaded = openpyxl.load_workbook(book.path, keep_vba=name == "macros")
    assert {"KPI Status", "Budget Control", "Alerts", "Sync"} <= set(loaded.sheetnames)
    assert loaded["KPI Status"]["A3"].value == "G1"
    if name == "macros":
        assert book.after["xl/vbaProject.bin"] == VBA_PROJECT
    if name == "customxml":
        assert b"<owner>Anna</owner>" in book.after["customXml/item1.xml"]


@NEEDS_SOFFICE
@pytest.mark.parametrize("name", NAMES)
def test_libreoffice_converts_it_to_pdf(corpus, name):
    book = synced(corpus, name)
    pdf = book.path.parent / "pdf" / (book.path.stem + ".pdf")
    assert pdf.exists(), f"LibreOffice could not convert {book.path.name}"
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000


def test_a_second_sync_of_each_writes_nothing(corpus):
    for book in corpus.values():
        stamp = (book.path.read_bytes(), os.stat(book.path).st_mtime_ns)
        again = run(XlsxBackend(book.path), today=TODAY)
        assert not again.wrote
        assert (book.path.read_bytes(), os.stat(book.path).st_mtime_ns) == stamp


def test_the_next_days_sync_rewrites_only_sheetsyncs_own_parts(corpus):
    """The cron run of the following day rewrites every output tab in place: the input
    parts stay as they were the day before, and the old output parts go."""
    for name, book in corpus.items():
        before = members(book.path)
        cells_before = cells(book.path)
        later = run(XlsxBackend(book.path), today=TODAY + dt.timedelta(days=1))
        assert later.wrote, name
        after = members(book.path)
        kept = {n for n in before if n not in ALLOWED and not OUTPUT_PART.fullmatch(n)}
        assert {n for n in kept if after.get(n) != before[n]} == set(), name
        assert all(OUTPUT_PART.fullmatch(n) for n in set(after) ^ set(before)), name
        inputs = [t for t in cells_before if t not in later.tabs_written]
        now = cells(book.path)
        assert {t: now[t] for t in inputs} == {t: cells_before[t] for t in inputs}, name
        openpyxl.load_workbook(book.path, keep_vba=name == "macros")

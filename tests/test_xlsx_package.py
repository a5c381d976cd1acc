"""The package writer on its own: what it changes in a workbook, and what it must not."""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import tempfile
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from sheetsync.backends.xlsx import XlsxBackend, create_workbook
from sheetsync.backends.xlsx_package import (
    Package,
    _assemble,
    assemble_plainly,
    clean_text,
    parse_rels,
    patch_workbook,
    resolve_target,
)
from sheetsync.contracts import Cell, Changes, OutputTab, TabUpdate
from sheetsync.example import example_tabs
from sheetsync.sync import run

TODAY = dt.date(2026, 11, 27)


@pytest.fixture
def plan_bytes(tmp_path) -> bytes:
    path = tmp_path / "plan.xlsx"
    create_workbook(path, example_tabs(TODAY, "en"), {"Activities": {7: ["active", "done"]}})
    return path.read_bytes()


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.testzip() is None
        return {n: z.read(n) for n in z.namelist()}


def tab(title: str, rows: list[list[Cell]], key: str = "kpi-status", **extra) -> OutputTab:
    return OutputTab(key=key, title=title, rows=rows, widths=[12, 30], **extra)


def test_raw_copy_gives_the_same_members_as_the_plain_zipfile_way(plan_bytes):
    written = {"xl/worksheets/sheet99.xml": b"<worksheet/>", "xl/workbook.xml": b"<x/>"}
    package = Package(plan_bytes)
    deleted = {"docProps/core.xml"}
    fast, plain = _assemble(package, deleted, written), assemble_plainly(package, deleted, written)
    assert members(fast) == members(plain)
    assert list(members(fast)) == list(members(plain))  # same order, too
    assert "docProps/core.xml" not in members(fast)


def test_only_the_allowed_parts_change_and_styles_only_grow(plan_bytes):
    new = patch_workbook(
        plan_bytes,
        Changes(updates=[TabUpdate(tab("KPI Status", [[Cell("x", bold=True, fill="red")]]), None)]),
    )
    before, after = members(plan_bytes), members(new)
    changed = {n for n in before if before[n] != after.get(n)}
    assert changed <= {
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "[Content_Types].xml",
        "docProps/app.xml",
        "xl/styles.xml",
    }
    added = set(after) - set(before)
    assert added == {"xl/worksheets/sheet9.xml"}

    def entries(xml: bytes, block: str, child: str) -> list[str]:
        inner = re.search(rf"<{block}[^>]*>(.*)</{block}>".encode(), xml, re.S)
        assert inner is not None
        return re.findall(rf"<{child}\b.*?(?:/>|</{child}>)".encode(), inner[1], re.S)

    for block, child in (("fonts", "font"), ("fills", "fill"), ("cellXfs", "xf")):
        old = entries(before["xl/styles.xml"], block, child)
        grown = entries(after["xl/styles.xml"], block, child)
        assert grown[: len(old)] == old and len(grown) > len(old), block
    # Written twice over, the same styles are found, not appended again.
    again = patch_workbook(
        new,
        Changes(
            updates=[
                TabUpdate(tab("KPI Status", [[Cell("y", bold=True, fill="red")]]), "KPI Status")
            ]
        ),
    )
    assert members(again)["xl/styles.xml"] == after["xl/styles.xml"]


def test_text_is_text_and_illegal_characters_are_replaced(plan_bytes, tmp_path):
    rows = [[Cell('=HYPERLINK("http://x")'), Cell("bell\x07 and _x0041_ kept")]]
    new = patch_workbook(plan_bytes, Changes(updates=[TabUpdate(tab("Out\x01put", rows), None)]))
    for name, data in members(new).items():
        if name.endswith((".xml", ".rels")):
            ElementTree.fromstring(data)  # every part is well-formed XML
    path = tmp_path / "out.xlsx"
    path.write_bytes(new)
    sheet = openpyxl.load_workbook(path)["Out\ufffdput"]
    assert sheet["A1"].value == '=HYPERLINK("http://x")' and sheet["A1"].data_type == "s"
    values = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Out\ufffdput").to_python()
    assert values[0] == ['=HYPERLINK("http://x")', "bell\ufffd and _x0041_ kept"]
    assert clean_text("a\x00b\ud800c") == "a\ufffdb\ufffdc"


def test_a_persons_tab_scoped_name_follows_its_tab_when_ours_go(tmp_path):
    path = tmp_path / "plan.xlsx"
    create_workbook(path, example_tabs(TODAY, "en"), {})
    run(XlsxBackend(path), today=TODAY)
    book = openpyxl.load_workbook(path)
    notes = book.create_sheet("Notes")
    notes["A1"] = "ours"
    notes.defined_names["_xlnm.Print_Area"] = openpyxl.workbook.defined_name.DefinedName(
        "_xlnm.Print_Area", attr_text="Notes!$A$1:$B$2"
    )
    book.save(path)
    new = patch_workbook(path.read_bytes(), Changes(deletes=["Alerts", "Owners"]))
    path.write_bytes(new)
    book = openpyxl.load_workbook(path)
    assert "Alerts" not in book.sheetnames
    assert book["Notes"].print_area == "'Notes'!$A$1:$B$2"
    # The marks of the tabs kept still sit on those tabs.
    info = XlsxBackend(path).info()
    assert info.owned["kpi-status"].title == "KPI Status"
    assert "alerts" not in info.owned


def test_links_autofilter_print_titles_order_and_active_tab(plan_bytes, tmp_path):
    rows = [[Cell("Head"), Cell("Two")], [Cell("go"), Cell(1.5)], [Cell("x"), Cell(2.0)]]
    kpi = tab(
        "KPI Status",
        rows,
        links={(1, 0): "Spend!C3"},
        autofilter=(0, 0, 2, 1),
        active=True,
    )
    other = tab("Alerts", [[Cell("a")]], key="alerts")
    new = patch_workbook(
        plan_bytes,
        Changes(
            updates=[TabUpdate(other, None), TabUpdate(kpi, None)], order=["KPI Status", "Alerts"]
        ),
    )
    path = tmp_path / "out.xlsx"
    path.write_bytes(new)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[-2:] == ["KPI Status", "Alerts"]
    sheet = book["KPI Status"]
    assert sheet["A2"].hyperlink.location == "'Spend'!C3"
    assert sheet.auto_filter.ref == "A1:B3"
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.freeze_panes == "A2"
    # A new plan has no tab selected: it now opens on KPI Status, selected alone.
    assert book.active.title == "KPI Status"
    assert [ws.title for ws in book.worksheets if ws.sheet_view.tabSelected] == ["KPI Status"]


def test_a_tab_a_person_selected_stays_the_one_the_workbook_opens_on(plan_bytes, tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(plan_bytes)
    book = openpyxl.load_workbook(path)
    book.active = book["Goals"]
    book["Goals"].sheet_view.tabSelected = True
    book.save(path)
    kpi = tab("KPI Status", [[Cell("x")]], active=True)
    path.write_bytes(patch_workbook(path.read_bytes(), Changes(updates=[TabUpdate(kpi, None)])))
    book = openpyxl.load_workbook(path)
    # Selecting ours too would group the two tabs, and edits would go to both.
    assert book.active.title == "Goals"
    assert [ws.title for ws in book.worksheets if ws.sheet_view.tabSelected] == ["Goals"]


def test_a_phone_number_in_a_date_formatted_input_cell_is_left_as_typed(tmp_path):
    """openpyxl's load-and-save turned such a cell into #VALUE! for good; the package
    writer never rewrites an input sheet."""
    path = tmp_path / "plan.xlsx"
    create_workbook(path, example_tabs(TODAY, "en"), {})
    book = openpyxl.load_workbook(path)
    book["Team"]["D2"] = 79161234567  # above 2,958,465: no date has that serial
    book["Team"]["D2"].number_format = "yyyy-mm-dd"
    book.save(path)
    before = members(path.read_bytes())
    assert run(XlsxBackend(path), today=TODAY).wrote
    after = members(path.read_bytes())
    team = [n for n in before if n.startswith("xl/worksheets/") and b"79161234567" in before[n]]
    assert team and all(after[n] == before[n] for n in team)
    assert any(b"<v>79161234567</v>" in after[n] for n in team)


values = st.one_of(
    st.text(max_size=40),
    st.floats(allow_nan=False, allow_infinity=False),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(9999, 12, 31)),
    st.none(),
)


@functools.cache
def example_plan_bytes() -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.xlsx"
        create_workbook(path, example_tabs(TODAY, "en"), {})
        return path.read_bytes()


@settings(max_examples=40, deadline=None)
@given(
    rows=st.lists(st.lists(values, min_size=1, max_size=4), min_size=1, max_size=6),
    title=st.text(min_size=1, max_size=20).filter(
        lambda t: t.strip() and not set(t) & set("[]:*?/\\'")
    ),
)
def test_any_cells_make_a_valid_package_that_reads_back(rows, title):
    cells_in = [[Cell(v) for v in row] for row in rows]
    if title.casefold() in {t.casefold() for t in example_tabs(TODAY, "en")}:
        title = "Out " + title
    new = patch_workbook(
        example_plan_bytes(), Changes(updates=[TabUpdate(tab(title, cells_in), None)])
    )
    for name, data in members(new).items():
        if name.endswith((".xml", ".rels")):
            ElementTree.fromstring(data)
    book = CalamineWorkbook.from_filelike(io.BytesIO(new))
    stored = clean_text(title)
    assert stored in book.sheet_names
    sheet = book.get_sheet_by_name(stored)
    got = sheet.to_python()
    top, left = sheet.start or (0, 0)  # calamine leaves out leading empty rows and columns
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            at_r, at_c = r - top, c - left
            inside = 0 <= at_r < len(got) and 0 <= at_c < len(got[at_r])
            cell = got[at_r][at_c] if inside else ""
            if value is None or value == "":
                assert cell == ""
            elif isinstance(value, str):
                assert cell == clean_text(value)
            elif isinstance(value, bool):
                assert cell is value
            elif isinstance(value, dt.date):
                assert cell == value or cell == dt.datetime.combine(value, dt.time())
            else:
                assert cell == pytest.approx(value, rel=1e-15, abs=0)


def test_a_formula_typed_into_an_output_tab_takes_calc_chain_with_the_tab(tmp_path):
    """calcChain lists formula cells by sheet; with the output tab rewritten its entry would
    point at a cell without a formula, which Excel 'repairs'. The chain goes (programs
    rebuild it); everything else stays."""
    path = tmp_path / "plan.xlsx"
    create_workbook(path, example_tabs(TODAY, "en"), {})
    run(XlsxBackend(path), today=TODAY)
    kpi_part = next(p for t, p in _sheet_parts(path.read_bytes()).items() if t == "KPI Status")
    chain = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<c r="Z999" i="9"/></calcChain>'
    )
    source = members(path.read_bytes())
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in source.items():
            if name == kpi_part:  # a person typed =1+1 into Z999 of KPI Status
                formula = b'<row r="999"><c r="Z999"><f>1+1</f><v>2</v></c></row>'
                data = data.replace(b"</sheetData>", formula + b"</sheetData>", 1)
            if name == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdChain" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/calcChain" Target="calcChain.xml"/>'
                    b"</Relationships>",
                )
            if name == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/calcChain.xml" ContentType="application/vnd.'
                    b'openxmlformats-officedocument.spreadsheetml.calcChain+xml"/></Types>',
                )
            out.writestr(name, data)
        out.writestr("xl/calcChain.xml", chain)
    before = members(path.read_bytes())
    run(XlsxBackend(path), today=TODAY + dt.timedelta(days=1))
    after = members(path.read_bytes())
    assert "xl/calcChain.xml" not in after
    assert b"calcChain" not in after["xl/_rels/workbook.xml.rels"]
    assert b"calcChain" not in after["[Content_Types].xml"]
    inputs = [p for t, p in _sheet_parts(path.read_bytes()).items() if t in example_tabs(TODAY)]
    assert inputs and all(after[p] == before[p] for p in inputs)
    openpyxl.load_workbook(path)


def _sheet_parts(data: bytes) -> dict[str, str]:
    """Tab title -> its sheet part, as the workbook and its rels say."""
    package = Package(data)
    rels = {r.id: r.target for r in parse_rels(package.read("xl/_rels/workbook.xml.rels").decode())}
    book = package.read("xl/workbook.xml").decode()
    return {
        name: resolve_target("xl/workbook.xml", rels[rel])
        for name, rel in re.findall(r'<sheet name="([^"]+)"[^>]*r:id="([^"]+)"', book)
    }


def test_a_workbook_written_with_namespace_prefixes_is_patched_in_its_own_style(tmp_path):
    """Some writers (.NET's Open XML SDK) prefix every element: `<x:workbook>`. Our sheet
    list entries, names and styles take the workbook's own prefix."""
    source = tmp_path / "source.xlsx"
    create_workbook(source, example_tabs(TODAY, "en"), {})
    path = tmp_path / "prefixed.xlsx"
    main_ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename in ("xl/workbook.xml", "xl/styles.xml"):
                text = data.decode()
                text = text.replace(f'xmlns="{main_ns}"', f'xmlns:x="{main_ns}"')
                text = re.sub(r"<(/?)(?![?!])(?!\w+:)", r"<\1x:", text)
                data = text.encode()
            out.writestr(info, data)
    assert b"<x:workbook" in members(path.read_bytes())["xl/workbook.xml"]
    assert run(XlsxBackend(path), today=TODAY).wrote
    after = members(path.read_bytes())
    assert b'<x:sheet name="KPI Status"' in after["xl/workbook.xml"]
    assert b'<x:definedName name="_sheetsync"' in after["xl/workbook.xml"]
    assert b"<sheet " not in after["xl/workbook.xml"] and b"<font>" not in after["xl/styles.xml"]
    book = openpyxl.load_workbook(path)
    assert book["KPI Status"]["A3"].value == "G1" and book["KPI Status"]["A2"].font.b
    # Its marks are read back: the next day rewrites in place, the same day writes nothing.
    later = run(XlsxBackend(path), today=TODAY + dt.timedelta(days=1))
    assert "KPI Status" in later.tabs_written
    assert CalamineWorkbook.from_path(str(path)).sheet_names.count("KPI Status") == 1
    assert not run(XlsxBackend(path), today=TODAY + dt.timedelta(days=1)).wrote

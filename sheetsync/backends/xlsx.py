"""The local .xlsx backend: read with python-calamine, write by patching the file's package.

Only tabs carrying sheetsync's mark (a hidden sheet-scoped defined name, which survives a
person renaming or moving the tab) are rewritten or deleted. Writing is xlsx_package's job
(only the output sheets' parts and the parts that index them change); replacing the file
is file_replace's (beside the resolved file, owner and mode kept, and only if nobody saved
it since it was read). New plan workbooks (`init`, `demo`) are made with openpyxl.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from sheetsync.backends import xlsx_guard
from sheetsync.backends.file_replace import (
    FileSeen,
    opened_by_a_program,
    read_file,
    replace_file,
    write_new_file,
)
from sheetsync.backends.xlsx_package import PackageError, patch_workbook
from sheetsync.contracts import (
    COLOURS,
    MARK_NAME,
    ApiCalls,
    Cell,
    Changes,
    Grid,
    Note,
    OwnedTab,
    WorkbookInfo,
    WriteOutcome,
    number_format,
)
from sheetsync.errors import UsageError

log = logging.getLogger(__name__)

_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}


def sibling_path(path: Path) -> Path:
    return path.with_name(path.stem + ".sheetsync.xlsx")


def _read_zip_structure(path: Path) -> tuple[list[str], dict[str, str], dict[str, str]]:
    """Tab titles in order, the sheetsync mark per title, and each title's part name."""
    with zipfile.ZipFile(path) as z:
        book = ElementTree.fromstring(z.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.findall("rel:Relationship", _NS)}
    titles: list[str] = []
    parts: dict[str, str] = {}
    for sheet in book.findall("m:sheets/m:sheet", _NS):
        title = sheet.get("name", "")
        titles.append(title)
        target = targets.get(sheet.get(f"{{{_NS['r']}}}id"), "")
        target = target.lstrip("/")
        parts[title] = target if target.startswith("xl/") else "xl/" + target
    marks: dict[str, str] = {}
    for name in book.findall("m:definedNames/m:definedName", _NS):
        local = name.get("localSheetId")
        if name.get("name") == MARK_NAME and local is not None and int(local) < len(titles):
            marks[titles[int(local)]] = (name.text or "").strip().strip('"')
    return titles, marks, parts


class XlsxBackend:
    """A workbook in a local .xlsx file."""

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = Path(path)
        self.location = str(self.path)
        self.calls = ApiCalls()
        self._data: bytes | None = None
        self._seen: FileSeen | None = None
        self._parts: dict[str, str] = {}  # tab title -> its worksheet part, at info()
        # A FIFO or a device would hang the read while the run holds the lock: refused here.
        xlsx_guard.check_path(self.path)

    # -- reading ---------------------------------------------------------------------------
    def info(self) -> WorkbookInfo:
        xlsx_guard.check_path(self.path)
        if not self.path.exists():
            raise UsageError(
                f"No workbook at {self.path}. Create one with `sheetsync init --workbook "
                f"{self.path}` or point --workbook at your plan."
            )
        # The bytes a write will patch, and what tells later whether someone saved since.
        self._data, self._seen = read_file(self.path)
        try:
            with zipfile.ZipFile(io.BytesIO(self._data)) as archive:
                xlsx_guard.check_package(self.path, archive)
            titles, marks, self._parts = _read_zip_structure(self.path)
        except (zipfile.BadZipFile, KeyError, ElementTree.ParseError) as exc:
            raise UsageError(f"{self.path} is not an .xlsx workbook ({exc}).") from exc
        self.calls.read += 1
        owned: dict[str, OwnedTab] = {}
        for title, mark in marks.items():
            tab = OwnedTab.parse_mark(title, mark)
            if tab and tab.key not in owned:
                owned[tab.key] = tab
        notes: list[Note] = []
        old_sibling = sibling_path(self.path)
        if old_sibling.exists() and "sync" not in owned:
            # An older sheetsync wrote outputs there; said once, on the first sync that
            # brings the outputs into the workbook itself.
            notes.append(
                Note("note.old_sibling", (("file", self.path.name), ("sibling", old_sibling.name)))
            )
        return WorkbookInfo(title=self.path.stem, tabs=titles, owned=owned, notes=notes)

    def read(self, titles: list[str]) -> dict[str, Grid]:
        # Each tab is checked before calamine reads it (size, used area, entities).
        if not self._parts:
            self.info()
        return xlsx_guard.read_tabs(self.path, titles, self._parts)

    # -- writing ---------------------------------------------------------------------------
    def write(self, changes: Changes) -> WriteOutcome:
        if not changes:
            return WriteOutcome(str(self.path), saved=False)
        if self._data is None or self._seen is None:
            self._data, self._seen = read_file(self.path)
        shown = list(dict.fromkeys([self.path, self._seen.path]))
        busy = opened_by_a_program(shown)
        if busy is not None:
            raise busy
        try:
            patched = patch_workbook(self._data, changes)
        except (PackageError, zipfile.BadZipFile, KeyError) as exc:
            raise UsageError(
                f"{self.path}: sheetsync cannot write into this workbook ({exc}). "
                "Nothing was written."
            ) from exc
        self._seen = replace_file(self._seen, patched, shown)
        self._data = patched
        self.calls.write += 1
        return WriteOutcome(str(self.path), saved=True)


def _shown(value: object) -> str:
    """About what a cell shows, to size its column: a Cell's value, a date in full."""
    if isinstance(value, Cell):
        value = value.value
    if isinstance(value, float | int) and not isinstance(value, bool):
        return f"{value:,.2f}"
    return str(value)


def create_workbook(
    path: Path,
    tabs: dict[str, list[list]],
    dropdowns: dict[str, dict[int, list[str]]],
    date_format: str = "yyyy-mm-dd",
) -> None:
    """A new plan workbook: each input tab with a bold frozen header and enum dropdowns.

    `dropdowns` maps a tab title to {column index: allowed words}. A value may be a
    `Cell`, written as its value in its number format (money, percent); dates get
    `date_format` (dd.mm.yyyy for a Russian plan). Refuses to overwrite.
    """
    import openpyxl
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    if path.exists():
        raise UsageError(f"{path} already exists; sheetsync init never overwrites a workbook.")
    book = openpyxl.Workbook()
    book.remove(book.active)
    header_fill = PatternFill("solid", fgColor=COLOURS["header"][0])
    for title, rows in tabs.items():
        ws = book.create_sheet(title)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is None:
                    continue
                pattern = None
                if isinstance(value, Cell):
                    value, pattern = value.value, number_format(value.fmt)
                target = ws.cell(row=r, column=c, value=value)
                if isinstance(value, str):
                    target.data_type = "s"
                if isinstance(value, dt.date):
                    target.number_format = date_format
                elif pattern:
                    target.number_format = pattern
        for c in range(1, len(rows[0]) + 1 if rows else 1):
            head = ws.cell(row=1, column=c)
            head.font = Font(bold=True)
            head.fill = header_fill
            longest = max(
                (len(_shown(r[c - 1])) for r in rows if len(r) >= c and r[c - 1] is not None),
                default=8,
            )
            ws.column_dimensions[get_column_letter(c)].width = min(max(12, longest + 2), 50)
        ws.freeze_panes = "A2"
        # No tab selected: the first sync may then open the workbook on KPI Status without
        # grouping it with a selected input tab (xlsx_package._tab_to_open_on).
        ws.sheet_view.tabSelected = False
        for col, words in dropdowns.get(title, {}).items():
            letter = get_column_letter(col + 1)
            rule = DataValidation(
                type="list",
                formula1='"' + ",".join(words) + '"',
                allow_blank=True,
                showErrorMessage=False,
            )
            rule.add(f"{letter}2:{letter}1000")
            ws.add_data_validation(rule)
    path.parent.mkdir(parents=True, exist_ok=True)
    made = io.BytesIO()
    book.save(made)
    write_new_file(path, made.getvalue())

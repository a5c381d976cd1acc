"""The local .xlsx backend: read with python-calamine, write output tabs with openpyxl.

Only tabs carrying sheetsync's mark (a hidden sheet-scoped defined name, which survives a
person renaming or moving the tab) are rewritten or deleted. A save goes through a temporary
file in the same folder, fsync and `os.replace`, so a killed run leaves the old file whole.
Where an openpyxl load-and-save would lose something the file holds, outputs go to a sibling
file instead.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import tempfile
import zipfile
from copy import copy
from pathlib import Path
from xml.etree import ElementTree

from sheetsync.contracts import (
    COLOURS,
    MARK_NAME,
    ApiCalls,
    Changes,
    Grid,
    Note,
    OutputTab,
    OwnedTab,
    WorkbookInfo,
    WriteOutcome,
    number_format,
)
from sheetsync.errors import BusyError, UsageError

log = logging.getLogger(__name__)

_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
TEMP_PREFIX = ".sheetsync-tmp-"


def sibling_path(path: Path) -> Path:
    return path.with_name(path.stem + ".sheetsync.xlsx")


def lock_files(path: Path) -> list[Path]:
    """The lock files LibreOffice and Excel leave beside a file they have open."""
    candidates = [path.with_name(f".~lock.{path.name}#"), path.with_name(f"~${path.name}")]
    # Excel shortens long names: ~$ replaces the first two characters.
    if len(path.name) > 2:
        candidates.append(path.with_name("~$" + path.name[2:]))
    return [p for p in candidates if p.exists()]


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


_RICH_TEXT = re.compile(rb"<(?:\w+:)?r>")


def what_a_save_would_lose(path: Path, owned_titles: set[str]) -> list[str]:
    """What openpyxl would drop if it loaded and saved this file (empty: a save is safe)."""
    lost: list[str] = []
    titles, _, parts = _read_zip_structure(path)
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        formulas = sparklines = x14_formats = x14_validations = extensions = False
        for title in titles:
            if title in owned_titles or parts.get(title) not in names:
                continue
            xml = z.read(parts[title])
            formulas = formulas or b"<f>" in xml or b"<f " in xml
            sparklines = sparklines or b"sparklineGroup" in xml
            x14_formats = x14_formats or b"x14:conditionalFormatting" in xml
            # Dropdowns drawing from another tab (Owner from Team) live here in Excel files.
            x14_validations = x14_validations or b"x14:dataValidation" in xml
            # openpyxl drops a worksheet's whole extension list, whatever it holds.
            extensions = extensions or b"<extLst" in xml
        if formulas:
            lost.append("formula cached values")
        if sparklines:
            lost.append("sparklines")
        if x14_formats:
            lost.append("Excel 2010 conditional formats")
        if x14_validations:
            lost.append("dropdowns that draw from another tab")
        if extensions and not (sparklines or x14_formats or x14_validations):
            lost.append("Excel 2010 worksheet extensions")
        if any(
            (n.startswith("xl/drawings/drawing") and b"<xdr:sp>" in z.read(n))
            or (n.startswith("xl/drawings/drawing") and b"<xdr:sp " in z.read(n))
            for n in names
        ):
            lost.append("text boxes and shapes")
        if "xl/sharedStrings.xml" in names and _RICH_TEXT.search(z.read("xl/sharedStrings.xml")):
            lost.append("rich text in cells")
        if any(n.startswith("xl/pivotTables/") for n in names):
            lost.append("pivot tables")
        if any(n.startswith("xl/media/") for n in names):
            lost.append("images")
        if "xl/vbaProject.bin" in names:
            lost.append("macros")
    return lost


def _plain(value: object) -> object:
    if value == "" or value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time() else value
    if isinstance(value, dt.time | dt.timedelta):
        return str(value)
    return value


class XlsxBackend:
    """A workbook in a local .xlsx file."""

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = Path(path)
        self.location = str(self.path)
        self.calls = ApiCalls()
        self._target: Path = self.path
        self._lost: list[str] = []

    # -- reading ---------------------------------------------------------------------------
    def _check_not_open(self) -> None:
        locks = lock_files(self.path)
        if locks:
            raise BusyError(
                f"{self.path} is open in a spreadsheet program ({locks[0].name} exists); "
                "close it and run again. Nothing was written."
            )

    def info(self) -> WorkbookInfo:
        if not self.path.exists():
            raise UsageError(
                f"No workbook at {self.path}. Create one with `sheetsync init --workbook "
                f"{self.path}` or point --workbook at your plan."
            )
        try:
            titles, marks, _ = _read_zip_structure(self.path)
        except (zipfile.BadZipFile, KeyError, ElementTree.ParseError) as exc:
            raise UsageError(f"{self.path} is not an .xlsx workbook ({exc}).") from exc
        self.calls.read += 1
        owned_here = dict(marks)
        tabs = titles
        self._lost = what_a_save_would_lose(self.path, set(owned_here))
        notes: list[Note] = []
        owned: dict[str, OwnedTab] = {}
        if self._lost:
            self._target = sibling_path(self.path)
            notes.append(
                Note(
                    "note.sibling",
                    (("file", self.path.name), ("lost", tuple(self._lost)),
                     ("sibling", self._target.name)),
                )
            )  # fmt: skip
            # The outputs live in the sibling now: compare against its marks only (a new
            # sibling owns nothing yet), and leave output tabs left in the original alone.
            sibling_titles: list[str] = []
            owned_here = {}
            if self._target.exists():
                sibling_titles, owned_here, _ = _read_zip_structure(self._target)
            tabs = [t for t in titles if t not in marks] + sibling_titles
        else:
            self._target = self.path
        for title, mark in owned_here.items():
            tab = OwnedTab.parse_mark(title, mark)
            if tab and tab.key not in owned:
                owned[tab.key] = tab
        return WorkbookInfo(title=self.path.stem, tabs=tabs, owned=owned, notes=notes)

    def read(self, titles: list[str]) -> dict[str, Grid]:
        from python_calamine import CalamineWorkbook

        grids: dict[str, Grid] = {}
        if not titles:
            return grids
        book = CalamineWorkbook.from_path(str(self.path))
        try:
            for title in titles:
                sheet = book.get_sheet_by_name(title)
                rows = [[_plain(x) for x in row] for row in sheet.to_python()]
                # calamine drops leading empty rows and columns; `start` says how many.
                start = sheet.start or (0, 0)
                grids[title] = Grid(rows, first_row=start[0], first_col=start[1])
        finally:
            book.close()
        return grids

    # -- writing ---------------------------------------------------------------------------
    @property
    def target(self) -> Path:
        return self._target

    def write(self, changes: Changes) -> WriteOutcome:
        if not changes:
            return WriteOutcome(str(self._target), saved=False)
        self._check_not_open()
        import openpyxl

        target = self._target
        clean_stale_temp_files(target)
        if target.exists():
            book = openpyxl.load_workbook(target)
        else:
            book = openpyxl.Workbook()
            book.remove(book.active)
        by_title = {ws.title: ws for ws in book.worksheets}
        for title in changes.deletes:
            if title in by_title:
                book.remove(by_title.pop(title))
        for update in changes.updates:
            index = None
            if update.replace and update.replace in by_title:
                old = by_title.pop(update.replace)
                index = book.worksheets.index(old)
                book.remove(old)
            ws = book.create_sheet(title=update.tab.title, index=index)
            by_title[update.tab.title] = ws
            write_tab(ws, update.tab)
        if not book.worksheets:
            book.create_sheet("Sheet1")
        save_atomically(book, target)
        self.calls.write += 1
        return WriteOutcome(str(target), saved=True)


def clean_stale_temp_files(target: Path) -> None:
    """Remove temporary files a killed run left beside the workbook."""
    for stale in target.parent.glob(f"{TEMP_PREFIX}{target.name}*"):
        try:
            stale.unlink()
            log.info("removed a temporary file left by an interrupted run: %s", stale)
        except OSError:
            pass


def save_atomically(book, target: Path) -> None:
    """Write to a temporary file in the same folder, fsync it, then rename over the target."""
    fd, tmp_name = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{target.name}.", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            book.save(handle)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o777)
        else:  # mkstemp makes 0600 files; a new workbook gets the usual umask'd mode
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    try:
        dir_fd = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:  # some filesystems cannot fsync a directory; the rename is still atomic
        pass


def write_tab(ws, tab: OutputTab) -> None:
    """Fill one openpyxl worksheet from an OutputTab, mark included."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.workbook.defined_name import DefinedName

    fills = {k: PatternFill("solid", fgColor=bg) for k, (bg, _) in COLOURS.items()}
    tall_rows = tab.row_lines()
    # A tab repeats a handful of styles over thousands of cells; openpyxl registers each
    # font, fill and alignment by hashing it, so the first cell of each style is styled
    # the long way and the rest copy its style indices.
    styled: dict[tuple, object] = {}
    for r, row in enumerate(tab.rows, start=1):
        tall = (r - 1) in tall_rows
        for c, item in enumerate(row, start=1):
            if item.value is None and not item.fill:
                continue
            target = ws.cell(row=r, column=c)
            # Control characters pasted into a person's text cannot be stored in .xlsx.
            value = item.value
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
            target.value = value
            if isinstance(item.value, str):
                # A person's text is never a formula, whatever it starts with.
                target.data_type = "s"
            key = (item.fmt, item.fill, item.bold, item.size, item.wrap, tall)
            known = styled.get(key)
            if known is not None:
                target._style = copy(known)
                continue
            pattern = number_format(item.fmt)
            if pattern:
                target.number_format = pattern
            if item.fill:
                target.fill = fills[item.fill]
            if item.fill or item.bold or item.size:
                colour = COLOURS[item.fill][1] if item.fill else None
                target.font = Font(bold=item.bold, color=colour, size=item.size or 11)
            if item.wrap or tall:
                target.alignment = Alignment(wrap_text=item.wrap, vertical="top")
            styled[key] = copy(target._style)
    for c, width in enumerate(tab.widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    for r, lines in tall_rows.items():
        ws.row_dimensions[r + 1].height = 15 * lines
    # A headline figure in a large font needs a taller row too: programs do not grow it.
    for r, row in enumerate(tab.rows):
        size = max((c.size or 0 for c in row), default=0)
        if size > 11:
            current = ws.row_dimensions[r + 1].height or 15
            ws.row_dimensions[r + 1].height = max(current, round(size * 1.5))
    if tab.frozen_rows:
        ws.freeze_panes = f"A{tab.frozen_rows + 1}"
    # Printed or exported to PDF, a tab is one page wide, landscape, header repeated.
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    if tab.frozen_rows:
        ws.print_title_rows = f"1:{tab.frozen_rows}"
    for chart in tab.charts:
        ws.add_chart(
            _chart(ws, chart), f"{get_column_letter(chart.anchor_col + 1)}{chart.anchor_row + 1}"
        )
    ws.defined_names[MARK_NAME] = DefinedName(
        MARK_NAME,
        attr_text=f'"{OwnedTab.make_mark(tab.key, tab.mark_digest(), tab.final)}"',
        hidden=True,
    )


def _chart(ws, chart):
    from openpyxl.chart import BarChart, LineChart, Reference

    made = LineChart() if chart.kind == "line" else BarChart()
    made.title = chart.title
    made.width = chart.width_px / 37.8  # openpyxl sizes charts in centimetres
    made.height = chart.height_px / 37.8
    for col in chart.series_cols:
        data = Reference(
            ws, min_col=col + 1, min_row=chart.header_row + 1, max_row=chart.last_row + 1
        )
        made.add_data(data, titles_from_data=True)
    if chart.kind == "line":
        # openpyxl's line series are smoothed by default: a smoothed cumulative curve dips
        # and overshoots where the data never does.
        for series in made.series:
            series.smooth = False
    cats = Reference(
        ws, min_col=chart.x_col + 1, min_row=chart.first_row + 1, max_row=chart.last_row + 1
    )
    made.set_categories(cats)
    return made


def create_workbook(
    path: Path, tabs: dict[str, list[list]], dropdowns: dict[str, dict[int, list[str]]]
) -> None:
    """A new plan workbook: each input tab with a bold frozen header and enum dropdowns.

    `dropdowns` maps a tab title to {column index: allowed words}. Refuses to overwrite.
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
                target = ws.cell(row=r, column=c, value=value)
                if isinstance(value, str):
                    target.data_type = "s"
                if isinstance(value, dt.date):
                    target.number_format = "yyyy-mm-dd"
        for c in range(1, len(rows[0]) + 1 if rows else 1):
            head = ws.cell(row=1, column=c)
            head.font = Font(bold=True)
            head.fill = header_fill
            longest = max((len(str(r[c - 1])) for r in rows if len(r) >= c and r[c - 1]), default=8)
            ws.column_dimensions[get_column_letter(c)].width = min(max(12, longest + 2), 50)
        ws.freeze_panes = "A2"
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
    save_atomically(book, path)

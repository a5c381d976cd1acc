"""Checks on an .xlsx file before python-calamine reads it: what the path is, how big its
parts unpack, what their XML declares, and how many cells each tab holds.

calamine trusts the file it is given: a FIFO hangs it, a zip bomb fills memory, a single
cell at XFD1048576 makes it allocate the whole used area (17 billion cells), entity
declarations end in an XmlError. Each check here turns one of those into a sentence and an
exit code (2) or, for one oversized tab, a problem with the tab's cell, before any of it
is read.
"""

from __future__ import annotations

import os
import re
import stat
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from sheetsync.contracts import CellNote, Grid
from sheetsync.errors import BusyError, UsageError

# Bounds. A 100,000-row spend tab is about 10 MB of XML and 500,000 cells.
MAX_PART_BYTES = 200 * 2**20  # any one part, unpacked: beyond this the file is refused
MAX_TOTAL_BYTES = 1024 * 2**20  # all parts together, unpacked
MAX_RATIO = 200  # unpacked ÷ packed, for parts over RATIO_FLOOR: XML packs ~5-30 times
RATIO_FLOOR = 2**20
MAX_TAB_XML_BYTES = 50 * 2**20  # one tab's XML: beyond this the tab is refused as a problem
MAX_TAB_CELLS = 2_000_000  # cells present in one tab: the same
# calamine allocates every cell of a tab's used area, present or not; beyond this many the
# tab is read cell by cell instead (see xlsx_cells), so cost follows the cells present.
MAX_DENSE_AREA = 4_000_000

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_WORKSHEET = re.compile(r"^xl/worksheets/[^/]+\.xml$")
# A DOCTYPE is where entities are declared; an .xlsx never needs one. Also in UTF-16.
_DOCTYPE_MARKS = (b"<!DOCTYPE", b"<!ENTITY")
_DOCTYPE_UTF16 = tuple(
    m.decode().encode(code) for m in _DOCTYPE_MARKS for code in ("utf-16-le", "utf-16-be")
)
_CELL_REF = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"')
_CELL_OPEN = re.compile(rb"<(?:\w+:)?c[\s>/]")
_FIRST_REF = re.compile(rb'<c r="([A-Z]{1,3})')
_ROW_REF = re.compile(rb'<row r="([0-9]{1,7})"')


def check_path(path: Path) -> Path:
    """The workbook's path if it is a regular file once links are resolved, else UsageError.

    A FIFO, a device or a link to /dev/zero would hang the read (and the run would hold
    the workbook's lock while it hangs), so this runs before anything opens the file."""
    try:
        resolved = path.resolve(strict=True)
        mode = os.stat(resolved).st_mode
    except FileNotFoundError:
        return path  # "no workbook here" is said by the caller, with what to do
    except (OSError, RuntimeError) as exc:  # a link loop, a path component not a folder
        raise UsageError(f"{path} cannot be opened as a workbook ({exc}).") from exc
    if stat.S_ISDIR(mode):
        return path  # opening it fails at once, and the caller says "is a directory"
    if not stat.S_ISREG(mode):
        what = (
            "a named pipe (FIFO)"
            if stat.S_ISFIFO(mode)
            else "a device"
            if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "a socket"
            if stat.S_ISSOCK(mode)
            else "not a regular file"
        )
        shown = f"{path} (which leads to {resolved})" if resolved != path.absolute() else str(path)
        raise UsageError(
            f"{shown} is {what}, not a workbook file; sheetsync reads only regular .xlsx files. "
            "Point --workbook at the .xlsx file itself."
        )
    return resolved


def _refused(path: Path, why: str) -> UsageError:
    return UsageError(f"{path} is not read: {why}. Nothing was written.")


def check_package(path: Path, archive: zipfile.ZipFile) -> None:
    """Refuse (UsageError, exit 2) a zip bomb or XML entity declarations anywhere but in the
    worksheets, whose turn comes when they are read (`scan_tab`).

    Every part's declared size and compression ratio are bounded; every XML part calamine
    or sheetsync parses is unpacked here, counting its real size, before anything parses it.
    """
    total = 0
    for member in archive.infolist():
        _check_declared(path, member)
        total += member.file_size
    if total > MAX_TOTAL_BYTES:
        raise _refused(
            path, f"its parts unpack to {_mb(total)}, more than the {_mb(MAX_TOTAL_BYTES)} allowed"
        )
    for member in archive.infolist():
        name = member.filename
        if _WORKSHEET.match(name) or not name.lower().endswith(_XML_SUFFIXES):
            # Not parsed now: only its real size is counted (a worksheet's XML is checked
            # when it is read, see scan_tab).
            unpacked(path, archive, member, MAX_PART_BYTES, keep=False)
            continue
        xml = unpacked(path, archive, member, MAX_PART_BYTES)
        _check_no_entities(path, name, xml)


def _check_declared(path: Path, member: zipfile.ZipInfo) -> None:
    if member.file_size > MAX_PART_BYTES:
        raise _refused(
            path,
            f"its part {member.filename} unpacks to {_mb(member.file_size)}, more than the "
            f"{_mb(MAX_PART_BYTES)} allowed for one part (a zip bomb, or not a plan)",
        )
    if member.file_size > RATIO_FLOOR and member.file_size > MAX_RATIO * max(
        1, member.compress_size
    ):
        ratio = member.file_size / max(1, member.compress_size)
        raise _refused(
            path,
            f"its part {member.filename} is compressed {ratio:,.0f} times "
            f"({_mb(member.compress_size)} unpacking to {_mb(member.file_size)}); no "
            f"spreadsheet compresses more than {MAX_RATIO} times (a zip bomb)",
        )


def unpacked(
    path: Path, archive: zipfile.ZipFile, member: zipfile.ZipInfo, limit: int, keep: bool = True
) -> bytes:
    """A part's bytes, inflated from its raw data with the real size counted as it goes.

    zipfile would stop at the declared size; other readers (calamine's) may not, so a part
    whose data unpacks to more than it declares, or to more than `limit`, is refused.
    With `keep` False only the size is counted (b"" is returned)."""
    if member.compress_type == zipfile.ZIP_STORED:
        if not keep:  # stored data is as long as the declared size, already bounded
            return b""
        data = archive.read(member)
        if len(data) > limit:
            raise _refused(path, f"its part {member.filename} is larger than {_mb(limit)}")
        return data
    if member.compress_type != zipfile.ZIP_DEFLATED:
        return archive.read(member)  # zipfile refuses what it cannot unpack, with a reason
    raw = _raw_data(archive, member)
    inflater = zlib.decompressobj(-15)
    pieces: list[bytes] = []
    size = 0
    chunk = 1 << 20
    stop = min(limit, member.file_size) + 1
    try:
        for start in range(0, len(raw), chunk):
            piece = inflater.decompress(raw[start : start + chunk], stop - size)
            size += len(piece)
            if keep:
                pieces.append(piece)
            while inflater.unconsumed_tail and size < stop:
                piece = inflater.decompress(inflater.unconsumed_tail, stop - size)
                size += len(piece)
                if keep:
                    pieces.append(piece)
            if size >= stop or inflater.eof:
                break
    except zlib.error as exc:
        raise UsageError(
            f"{path} is not an .xlsx workbook (part {member.filename}: {exc})."
        ) from exc
    if size > member.file_size:
        raise _refused(
            path,
            f"its part {member.filename} unpacks to more than the {_mb(member.file_size)} its "
            "zip directory declares (a zip bomb, or a damaged file)",
        )
    if size > limit:
        raise _refused(path, f"its part {member.filename} unpacks to more than {_mb(limit)}")
    return b"".join(pieces)


def _raw_data(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bytes:
    handle = archive.fp
    if handle is None:  # pragma: no cover - the archive is open while it is checked
        raise ValueError("the archive is closed")
    handle.seek(member.header_offset)
    header = handle.read(30)
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise zipfile.BadZipFile(f"bad local header for {member.filename}")
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    handle.seek(member.header_offset + 30 + name_length + extra_length)
    return handle.read(member.compress_size)


def _check_no_entities(path: Path, name: str, xml: bytes) -> None:
    head = xml[:4096]  # a DOCTYPE comes before the root element
    if any(mark in head for mark in _DOCTYPE_MARKS + _DOCTYPE_UTF16):
        raise _refused(
            path,
            f"its part {name} holds XML entity declarations (a DOCTYPE), which no spreadsheet "
            "program writes and which can make a reader expand or fetch unbounded text",
        )


@dataclass
class TabSize:
    """What a tab's XML holds: its bytes, its cells, and the used area they span."""

    xml_bytes: int
    cells: int
    first_row: int = 0  # 1-based, as in the XML; 0 when no cell names its place
    last_row: int = 0
    first_col: int = 0
    last_col: int = 0
    last_ref: str = ""

    @property
    def area(self) -> int:
        if not self.last_row:
            return self.cells
        return (self.last_row - self.first_row + 1) * (self.last_col - self.first_col + 1)


def scan_tab(path: Path, archive: zipfile.ZipFile, part: str) -> tuple[bytes, TabSize]:
    """A worksheet's XML and its size, entity declarations refused (UsageError)."""
    member = archive.getinfo(part)
    xml = unpacked(path, archive, member, MAX_PART_BYTES)
    _check_no_entities(path, part, xml)
    return xml, measure(xml)


def measure(xml: bytes) -> TabSize:
    """Cells present and the rows and columns they span, from the cells' own references.

    Byte counts and two regular expressions, not a parse: on a 100,000-row tab (22 MB of
    XML, 450,000 cells) this takes about 0.1 s, and unpacking it 0.05 s, against calamine's
    0.8 s for the whole file."""
    cells = xml.count(b"<c ") + xml.count(b"<c>")
    if cells == 0:
        cells = len(_CELL_OPEN.findall(xml))  # cells written with a namespace prefix
    size = TabSize(len(xml), cells)
    if cells == 0:
        return size
    # Excel, LibreOffice and openpyxl all write `r` first and no prefix; other layouts
    # take the slow way.
    columns = set(_FIRST_REF.findall(xml))
    rows = [int(r) for r in _ROW_REF.findall(xml)]
    if not columns or not rows:
        refs = _CELL_REF.findall(xml)
        columns = {letters for letters, _ in refs}
        rows = [int(digits) for _, digits in refs]
    if not columns or not rows:
        return size
    numbers = [column_number(c) for c in columns]
    size.first_row, size.last_row = min(rows), max(rows)
    size.first_col, size.last_col = min(numbers), max(numbers)
    size.last_ref = f"{_letters(size.last_col)}{size.last_row}"
    return size


def column_number(letters: bytes | str) -> int:
    """`A` → 1, `XFD` → 16384."""
    text = letters.decode() if isinstance(letters, bytes) else letters
    number = 0
    for ch in text:
        number = number * 26 + ord(ch) - 64
    return number


def _letters(number: int) -> str:
    text = ""
    while number:
        number, rest = divmod(number - 1, 26)
        text = chr(65 + rest) + text
    return text


def _mb(size: int) -> str:
    return f"{size / 2**20:,.0f} MB" if size >= 2**20 else f"{size:,} bytes"


def refusal(title: str, size: TabSize) -> CellNote | None:
    """Why a tab is too large to read (a problem at its first cell), or None."""
    values: tuple[tuple[str, object], ...]
    if size.xml_bytes > MAX_TAB_XML_BYTES:
        key = "tab_too_much_xml"
        values = (("size", _mb(size.xml_bytes)), ("limit", _mb(MAX_TAB_XML_BYTES)))
    elif size.cells > MAX_TAB_CELLS:
        key = "tab_too_many_cells"
        values = (("cells", _count(size.cells)), ("limit", _count(MAX_TAB_CELLS)))
    elif size.area > MAX_DENSE_AREA:
        key = "tab_too_spread"
        values = (
            ("last", size.last_ref),
            ("area", _count(size.area)),
            ("limit", _count(MAX_DENSE_AREA)),
        )
    else:
        return None
    return CellNote(title, "A", 1, key, (("tab", title), *values))


def read_tabs(path: Path, titles: list[str], parts: dict[str, str]) -> dict[str, Grid]:
    """The tabs' raw cells: each tab checked first, then read by calamine, or by the plain
    reader (xlsx_cells) where calamine would panic or lose the value typed.

    A tab that is gone since the workbook's tabs were listed (renamed or deleted meanwhile)
    is BusyError (exit 5), as on Google Sheets."""
    from python_calamine import CalamineWorkbook, WorksheetNotFound

    grids: dict[str, Grid] = {}
    if not titles:
        return grids
    with zipfile.ZipFile(path) as archive:
        sized: dict[str, TabSize] = {}
        for title in titles:
            part = parts.get(title)
            if part is None or part not in archive.NameToInfo:
                raise _gone(path, title)
            _, sized[title] = scan_tab(path, archive, part)
        book = CalamineWorkbook.from_path(str(path))
        try:
            for title in titles:
                refused = refusal(title, sized[title])
                if refused is not None:
                    grids[title] = Grid([], problems=[refused])
                    continue
                try:
                    grids[title] = _calamine_grid(book, title)
                except WorksheetNotFound as exc:
                    raise _gone(path, title) from exc
                except BaseException as exc:
                    # pyo3 turns a Rust panic into PanicException, a BaseException.
                    if type(exc).__name__ != "PanicException":
                        raise
                    grids[title] = _plain_grid(archive, path, parts[title])
                    continue
                if grids[title] is None:  # a date cell calamine turned into a time
                    grids[title] = _plain_grid(archive, path, parts[title])
        finally:
            book.close()
    return grids


def _calamine_grid(book, title: str) -> Grid | None:
    from sheetsync.backends import calamine_rows

    sheet = book.get_sheet_by_name(title)
    try:
        rows = calamine_rows.rows(sheet.to_python())
    except calamine_rows.NotAGridValue:
        return None  # a date-formatted number below 1: only the XML has it
    # calamine drops leading empty rows and columns; `start` says how many.
    start = sheet.start or (0, 0)
    return Grid(rows, first_row=start[0], first_col=start[1])


def _plain_grid(archive: zipfile.ZipFile, path: Path, part: str) -> Grid:
    from sheetsync.backends import xlsx_cells

    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    pr = book.find("m:workbookPr", {"m": _MAIN})
    date1904 = pr is not None and pr.get("date1904", "0") in ("1", "true")
    dates, times = xlsx_cells.styles_of(archive, "xl/styles.xml")
    strings = xlsx_cells.shared_strings(archive, "xl/sharedStrings.xml")
    xml, _ = scan_tab(path, archive, part)
    rows, first_row, first_col = xlsx_cells.read_cells(xml, strings, dates, times, date1904)
    return Grid(rows, first_row=first_row, first_col=first_col)


def _gone(path: Path, title: str) -> BusyError:
    return BusyError(
        f'The tab "{title}" of {path.name} was renamed or deleted while sheetsync was reading '
        "the workbook. Nothing was written; run sync again."
    )


def _count(number: int) -> str:
    return f"{number:,}".replace(",", " ")

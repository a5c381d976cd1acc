"""Turning an export file into numbered lines of cells: CSV or TSV in any of the encodings
the ad cabinets write (UTF-8 with or without a BOM, UTF-16 as Google Ads writes it, cp1251
from Russian cabinets), or the first sheet of an XLSX workbook.

Each line keeps its number in the file (a CSV's physical line, an XLSX's row), so a
message can name it.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from pathlib import Path

from sheetsync.imports.errors import ExportError

# Delimiters tried, in this order, until a known header shows up (see formats.find_header).
DELIMITERS = ("\t", ",", ";")
XLSX_SUFFIXES = (".xlsx", ".xlsm", ".xls")
MAX_BYTES = 200 * 1024 * 1024  # a cabinet's daily campaign report is a few MB at most

Line = tuple[int, list]  # (line number in the file, its cells)


def decode(data: bytes) -> tuple[str, str]:
    """The text of a file and the encoding it was read in."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
    for bom, name in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom) :].decode(name), name
    head = data[:4096]
    # UTF-16 without a BOM: every other byte of Latin text is a zero.
    if head and head.count(0) * 4 >= len(head):
        name = "utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be"
        return data.decode(name), name
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        # Russian cabinets and Excel on Russian Windows save CSV as cp1251; every byte
        # decodes in it, so it is the last resort, never a silent misreading of UTF-8.
        return data.decode("cp1251"), "cp1251"


def text_lines(text: str, delimiter: str) -> list[Line]:
    """The CSV/TSV text as numbered lines of text cells; blank lines are left out."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    lines: list[Line] = []
    number = 0
    try:
        for row in reader:
            number = reader.line_num
            if any(cell.strip() for cell in row):
                lines.append((number, row))
    except csv.Error as exc:
        raise ExportError("export_bad_csv", line=number + 1, reason=str(exc)) from exc
    return lines


def xlsx_lines(path: Path) -> list[Line]:
    """The first sheet of a workbook as numbered rows (dates as dates, numbers as numbers)."""
    from python_calamine import CalamineWorkbook

    from sheetsync.backends import xlsx_guard

    if is_zip(path):
        # The workbook's own guards: a zip bomb or entity declarations are refused unread,
        # and so is a sheet whose used area calamine would allocate whole.
        with zipfile.ZipFile(path) as archive:
            xlsx_guard.check_package(path, archive)
            for name in archive.namelist():
                if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    _, size = xlsx_guard.scan_tab(path, archive, name)
                    if size.area > xlsx_guard.MAX_DENSE_AREA:
                        raise ExportError("export_sheet_too_big", ref=size.last_ref or "?")
    try:
        book = CalamineWorkbook.from_path(str(path))
        sheet = book.get_sheet_by_index(0)
        rows = sheet.to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises its own error types for broken files
        raise ExportError("export_unreadable", reason=str(exc)) from exc
    lines: list[Line] = []
    for number, row in enumerate(rows, start=1):
        cells = [None if c == "" else c for c in row]
        if any(c is not None and str(c).strip() for c in cells):
            lines.append((number, cells))
    return lines


def read_bytes(path: Path) -> bytes:
    try:
        if not path.is_file():
            raise ExportError("export_missing")
        if path.stat().st_size > MAX_BYTES:
            raise ExportError("export_too_big", limit=MAX_BYTES // (1024 * 1024))
        return path.read_bytes()
    except OSError as exc:
        raise ExportError("export_unreadable", reason=exc.strerror or str(exc)) from exc


def is_zip(path: Path) -> bool:
    with path.open("rb") as file:
        return file.read(4) == b"PK\x03\x04"


def is_xlsx(path: Path, data: bytes) -> bool:
    # By content first: a cabinet's file renamed to .csv is still a zip (or an old OLE .xls).
    return data[:4] == b"PK\x03\x04" or data[:8] == bytes.fromhex("D0CF11E0A1B11AE1")

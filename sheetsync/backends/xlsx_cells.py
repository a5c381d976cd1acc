"""A plain reader of one worksheet's cells, for the tabs python-calamine cannot read right.

calamine panics on a date-formatted cell far out of range (≤ about −1e11) and turns a
date-formatted 0 or −1 into the time 00:00:00, losing what was typed. Such a tab is read
here instead, cell by cell with the standard library's XML parser: a date cell outside the
calendar keeps the number typed, so the plan can say `Spend!A2: "0" is not a date`.
It is the slow way (about 10× calamine), taken only for those tabs. The file has already
passed xlsx_guard: no entity declarations, sizes and used area bounded.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from xml.etree import ElementTree

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_EPOCH_1900 = dt.datetime(1899, 12, 30)
_EPOCH_1904 = dt.datetime(1904, 1, 1)
_LAST_SERIAL = 2_958_465  # 9999-12-31
# Excel's built-in number formats that show a date or a time.
_BUILTIN_DATES = {*range(14, 18), 22, *range(27, 32), *range(36, 37), *range(50, 59)}
_BUILTIN_TIMES = {18, 19, 20, 21, 45, 46, 47, 32, 33, 34, 35}
_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.')
_REF = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")


def styles_of(archive: zipfile.ZipFile, styles_part: str | None) -> tuple[set[int], set[int]]:
    """Which cell styles (xf indexes) show a date, and which show only a time."""
    if not styles_part or styles_part not in archive.namelist():
        return set(), set()
    root = ElementTree.fromstring(archive.read(styles_part))
    custom = {
        int(f.get("numFmtId", "-1")): f.get("formatCode", "") for f in root.iter(f"{_MAIN}numFmt")
    }
    dates: set[int] = set()
    times: set[int] = set()
    xfs = root.find(f"{_MAIN}cellXfs")
    for index, xf in enumerate(xfs if xfs is not None else []):
        number_format = int(xf.get("numFmtId", "0"))
        code = _QUOTED.sub("", custom.get(number_format, "")).lower()
        if number_format in _BUILTIN_DATES or (code and re.search(r"[dy]", code)):
            dates.add(index)
        elif number_format in _BUILTIN_TIMES or (code and re.search(r"[hs]", code)):
            times.add(index)
    return dates, times


def shared_strings(archive: zipfile.ZipFile, part: str | None) -> list[str]:
    if not part or part not in archive.namelist():
        return []
    strings: list[str] = []
    for si in ElementTree.fromstring(archive.read(part)).iter(f"{_MAIN}si"):
        # Text runs, leaving out phonetic guides (rPh), which are not the cell's text.
        texts = [t.text or "" for t in si.iter(f"{_MAIN}t")]
        phonetic = {id(t) for ph in si.iter(f"{_MAIN}rPh") for t in ph.iter(f"{_MAIN}t")}
        if phonetic:
            texts = [t.text or "" for t in si.iter(f"{_MAIN}t") if id(t) not in phonetic]
        strings.append("".join(texts))
    return strings


def read_cells(
    xml: bytes,
    strings: list[str],
    date_styles: set[int],
    time_styles: set[int],
    date1904: bool = False,
) -> tuple[list[list], int, int]:
    """The tab's cells as rows from its first used cell (rows, first_row, first_col; 0-based)."""
    cells: dict[tuple[int, int], object] = {}
    row_number = 0
    col_number = 0
    for _, element in ElementTree.iterparse(io.BytesIO(xml)):
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "row":
            element.clear()
            continue
        if tag != "c":
            continue
        ref = element.get("r")
        if ref and (m := _REF.fullmatch(ref)):
            col_number = _column(m[1])
            row_number = int(m[2])
        else:
            col_number += 1
            row_number = row_number or 1
        value = _value(element, strings, date_styles, time_styles, date1904)
        element.clear()
        if value is not None and value != "":
            cells[(row_number, col_number)] = value
    if not cells:
        return [], 0, 0
    first_row = min(r for r, _ in cells)
    last_row = max(r for r, _ in cells)
    first_col = min(c for _, c in cells)
    last_col = max(c for _, c in cells)
    rows = [[None] * (last_col - first_col + 1) for _ in range(last_row - first_row + 1)]
    for (r, c), value in cells.items():
        rows[r - first_row][c - first_col] = value
    return rows, first_row - 1, first_col - 1


def _value(
    cell: ElementTree.Element,
    strings: list[str],
    date_styles: set[int],
    time_styles: set[int],
    date1904: bool,
) -> object:
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        return "".join(t.text or "" for t in cell.iter(f"{_MAIN}t"))
    raw = cell.findtext(f"{_MAIN}v")
    if raw is None:
        return None
    if kind == "s":
        try:
            return strings[int(raw)]
        except (ValueError, IndexError):
            return None
    if kind == "b":
        return raw.strip() in ("1", "true")
    if kind in ("str", "e"):
        return raw
    if kind == "d":
        try:
            return dt.datetime.fromisoformat(raw)
        except ValueError:
            return raw
    try:
        number = float(raw)
    except ValueError:
        return raw
    style = int(cell.get("s", "0") or 0)
    if style in date_styles:
        return _date(number, date1904)
    if style in time_styles and 0 <= number < 1:
        return (dt.datetime.min + dt.timedelta(days=number)).time()
    return number


def _date(serial: float, date1904: bool) -> object:
    """A date serial as a datetime, or the number typed when no calendar day has it."""
    if date1904:
        serial += 1462
    if not 1 <= serial < _LAST_SERIAL + 1:
        return serial
    when = _EPOCH_1900 + dt.timedelta(days=serial)
    return when.replace(microsecond=0)


def _column(letters: str) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - 64
    return number

"""What people typed in output tabs, found before a sync replaces it.

Output tabs are rewritten whole, so a note typed beside a figure would vanish. After each
write, the history remembers the values sheetsync wrote in each output tab (`written`);
the next run reads the output tabs in the same read as the inputs and compares: a cell
that holds something other than what was written was typed by a person, and is listed on
the Sync tab with its cell and text. The columns people are meant to write in (the Alerts
tab's acknowledgements, `OutputTab.editable`) are carried over instead, and not listed.
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from collections.abc import Iterable

from sheetsync.contracts import Grid, OutputTab, column_letter
from sheetsync.plan.tables import address

_EPOCH = dt.date(1899, 12, 30)  # spreadsheet day 0
CELL_LIMIT = 32_000  # below Excel's 32,767 characters a cell: longer text may be cut


def comparable(value: object) -> object:
    """A cell value as both backends read it back: empty is None, a date its serial number,
    a number a float rounded to 6 places, text trimmed."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, dt.datetime):
        delta = value - dt.datetime.combine(_EPOCH, dt.time())
        return round(delta.total_seconds() / 86400, 6)
    if isinstance(value, dt.date):
        return float((value - _EPOCH).days)
    if isinstance(value, int | float):
        number = float(value)
        return round(number, 6) if math.isfinite(number) else None
    return kept_text(str(value))


def kept_text(text: str) -> str | None:
    """Text as a file keeps it: what a file format cannot keep (control characters, \r) or
    keeps differently, and a cell's size limit, never count as a person's typing.

    Most text is printable (no character of the categories filtered out, no line break),
    which str.isprintable() tells at C speed; the rest goes character by character
    (`kept_text_plain`, the reference tests/test_typed_in_outputs.py checks this against).
    The benchmark plan writes 43,000 text cells: character by character took 0.1 s."""
    if text.isprintable():
        return text.strip()[:CELL_LIMIT] or None
    return kept_text_plain(text)


def kept_text_plain(text: str) -> str | None:
    text = "".join(ch for ch in text.replace("\r\n", "\n") if ch == "\n" or (
        unicodedata.category(ch) not in ("Cc", "Cs", "Co", "Cn"))).strip()  # fmt: skip
    return text[:CELL_LIMIT] or None


def written_values(tab: OutputTab) -> list[list[object]]:
    """The values of a tab as written (what history remembers); compared cell by cell only
    where the read differs (a big plan's tabs hold tens of thousands of cells)."""
    return [[c.value for c in row] for row in tab.rows]


def _in_editable(row: int, col: int, editable: Iterable[tuple[int, int, int]]) -> bool:
    return any(
        row >= first and first_col <= col <= last_col for first, first_col, last_col in editable
    )


def typed_cells(
    title: str,
    grid: Grid,
    written: list[list[object]],
    editable: Iterable[tuple[int, int, int]] = (),
) -> list[tuple[str, str]]:
    """(cell address, text) of each cell whose value is not what sheetsync wrote there."""
    editable = list(editable)
    found = []
    first_col = grid.first_col
    for r, row in enumerate(grid.rows):
        sheet_row = r + grid.first_row
        wrote = written[sheet_row] if sheet_row < len(written) else []
        if row == wrote[first_col : first_col + len(row)]:
            continue  # the common case: the row as written (xlsx reads values back alike)
        for c, raw in enumerate(row):
            sheet_col = c + first_col
            expected = wrote[sheet_col] if sheet_col < len(wrote) else None
            if raw == expected:
                continue
            value = comparable(raw)
            if value is None:
                continue
            if value == comparable(expected) or _in_editable(sheet_row, sheet_col, editable):
                continue
            wanted = comparable(expected)
            if isinstance(value, str) and isinstance(wanted, str) and wanted.startswith(value):
                continue  # cut to fit the cell, or by the format: not typed
            if (
                isinstance(value, float)
                and isinstance(wanted, float)
                and abs(value - wanted) < 1e-6
            ):
                continue
            found.append((address(title, column_letter(sheet_col), sheet_row + 1), _shown(raw)))
    return found


def _shown(raw: object) -> str:
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, dt.datetime | dt.date):
        return (
            raw.isoformat()[:10]
            if not isinstance(raw, dt.datetime) or raw.time() == dt.time()
            else raw.isoformat()
        )
    return str(raw)

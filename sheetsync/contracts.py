"""What the layers hand each other: grids read from a workbook, the workbook's metadata, and
the output tabs written back (typed cells, formats, charts, the mark and its digest).

Backends, plan, render, reports and sync all import these from here and from nowhere else,
so no layer imports another sideways. Nothing here reads or writes anything.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from dataclasses import asdict, dataclass, field

from sheetsync.i18n import SYMBOL_FIRST, currency_code, currency_symbol, t, terms

MARK_NAME = "_sheetsync"  # xlsx sheet-scoped defined name / Sheets developer-metadata key


# -- Read side: what a backend reads -------------------------------------------------------


@dataclass
class Grid:
    """The raw cells of one tab; `rows[0][0]` is the sheet's cell at (first_row, first_col).

    Rows may be ragged (Sheets drops trailing empty cells). An empty cell is None, or "" as
    Google Sheets sends it: the rows are the decoded answer, not a copy.
    """

    rows: list[list]
    first_row: int = 0  # 0-based
    first_col: int = 0
    # What the backend could not read in this tab (a tab refused as too large): the plan
    # reader reports each with its cell, as it does its own problems.
    problems: list[CellNote] = field(default_factory=list)


@dataclass(frozen=True)
class CellNote:
    """A problem a backend found at a cell of a tab: an i18n message key and its values."""

    tab: str
    column: str  # the cell's letters and row, e.g. "A" and 1
    row: int
    key: str
    values: tuple[tuple[str, object], ...] = ()


@dataclass(frozen=True)
class OwnedTab:
    """A tab carrying sheetsync's mark: `key` says which output it is, whatever its title."""

    title: str
    key: str
    digest: str
    final: bool = False
    sheet_id: int | None = None

    @staticmethod
    def parse_mark(title: str, mark: str, sheet_id: int | None = None) -> OwnedTab | None:
        parts = mark.split("|")
        if len(parts) < 2 or not parts[0]:
            return None
        return OwnedTab(title, parts[0], parts[1], "final" in parts[2:], sheet_id)

    @staticmethod
    def make_mark(key: str, digest: str, final: bool) -> str:
        return f"{key}|{digest}" + ("|final" if final else "")


@dataclass(frozen=True)
class Note:
    """Something a backend must tell the people who read the Sync tab: a word catalogue key
    and its values, put into words in the plan's language once the plan has been read."""

    key: str
    values: tuple[tuple[str, object], ...] = ()

    def text(self, lang: str) -> str:
        values = {k: terms(lang, v) if isinstance(v, tuple) else v for k, v in self.values}
        return t(lang, self.key, **values)


@dataclass
class WorkbookInfo:
    title: str
    tabs: list[str]  # every tab title, in workbook order
    owned: dict[str, OwnedTab]  # by output key
    locale: str | None = None  # e.g. ru_RU; None when the workbook does not say
    time_zone: str | None = None
    notes: list[Note] = field(default_factory=list)  # things the run should tell people


# -- Write side: what render makes and a backend writes ------------------------------------

# Status colours: (fill, text), the palette spreadsheet programs use for good/neutral/bad.
COLOURS: dict[str, tuple[str, str]] = {
    "green": ("C6EFCE", "006100"),
    "amber": ("FFEB9C", "9C5700"),
    "red": ("FFC7CE", "9C0006"),
    "grey": ("EDEDED", "595959"),
    "header": ("D9E1F2", "1F2937"),
    "title": ("FFFFFF", "1F3864"),
}


def number_format(fmt: str | None) -> str | None:
    """The spreadsheet number format pattern for a Cell.fmt (both backends write it)."""
    if not fmt or fmt == "text":
        return None
    if fmt == "percent":
        return "0.0%"
    if fmt == "number":
        return "#,##0.00"
    if fmt == "int":
        return "#,##0"
    if fmt == "date":
        return "yyyy-mm-dd"
    if fmt == "date:ru":  # a Russian plan's dates, as its sentences write them
        return "dd.mm.yyyy"
    if fmt.startswith("money:"):
        # Placed as i18n.money places it in text, so a sentence and a cell agree.
        code = currency_code(fmt.split(":", 1)[1])
        symbol = currency_symbol(code)
        if code in SYMBOL_FIRST:
            return f'"{symbol}"#,##0.00'
        return f'#,##0.00 "{symbol}"'
    return None


@dataclass(frozen=True, slots=True)
class Cell:
    value: str | float | int | bool | dt.date | None = None
    fmt: str | None = None  # percent, number, int, date, money:USD, text
    fill: str | None = None  # a COLOURS key
    bold: bool = False
    size: int | None = None  # font size, for a headline figure
    wrap: bool = False


@dataclass(frozen=True)
class Chart:
    """A chart over a block of the tab: header row, data rows, x column, series columns."""

    kind: str  # line or column
    title: str
    header_row: int  # 0-based row in the tab
    first_row: int
    last_row: int
    x_col: int
    series_cols: tuple[int, ...]
    anchor_row: int
    anchor_col: int
    width_px: int = 640
    height_px: int = 320


@dataclass
class OutputTab:
    key: str  # stable identity: kpi-status, alerts, sync, report:weekly:2026-W48 …
    title: str
    rows: list[list[Cell]]
    widths: list[float] = field(default_factory=list)  # column widths in characters
    frozen_rows: int = 1
    charts: list[Chart] = field(default_factory=list)
    final: bool = False
    # Blocks people may write in, as (first row, first column, last column), 0-based, to the
    # tab's last row: Google Sheets leaves them outside the tab's warning-only protection.
    editable: list[tuple[int, int, int]] = field(default_factory=list)
    # The digest the mark carries, when it must ignore part of the tab (the Sync tab's
    # "last changed" date, which changes only because something else did).
    digest_override: str | None = None
    # How the tab behaves in a spreadsheet program, beyond its cells (each optional):
    # internal links, (row, col) 0-based -> "Tab!A1"; an autofilter over (first row, first
    # col, last row, last col), 0-based, header row first; the rows repeated atop each
    # printed page (default: the frozen rows); the tab a workbook opens on.
    links: dict[tuple[int, int], str] = field(default_factory=dict)
    autofilter: tuple[int, int, int, int] | None = None
    print_title_rows: int | None = None
    active: bool = False

    def mark_digest(self) -> str:
        return self.digest_override or self.digest()

    def digest(self) -> str:
        """A short hash of everything written, so unchanged tabs are never rewritten.

        The marks in people's sheets carry these digests, so the text hashed must not change
        by one byte: the JSON of {title, rows (each cell as [value, fmt, fill, bold, size,
        wrap]), widths, frozen, charts, final}, keys sorted, dates in ISO."""
        content = {
            "charts": [asdict(c) for c in self.charts],
            "final": self.final,
            "frozen": self.frozen_rows,
            "rows": [
                [[c.value, c.fmt, c.fill, c.bold, c.size, c.wrap] for c in r] for r in self.rows
            ],
            "title": self.title,
            "widths": self.widths,
        }
        # The behaviour fields join only when set, so the marks of tabs that use none of
        # them keep the digests they were written with.
        view: dict[str, object] = {}
        if self.links:
            view["links"] = sorted([r, c, t] for (r, c), t in self.links.items())
        if self.autofilter:
            view["autofilter"] = list(self.autofilter)
        if self.print_title_rows is not None:
            view["print_title_rows"] = self.print_title_rows
        if self.active:
            view["active"] = True
        if view:
            content["view"] = view
        text = json.dumps(content, ensure_ascii=False, sort_keys=True, default=_json_default)
        # surrogatepass: a lone surrogate (JSON can carry one) hashes instead of raising.
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]

    def row_lines(self) -> dict[int, int]:
        """Rows (0-based) whose wrapped text needs more than one line, and how many.

        Spreadsheet programs do not grow a row for wrapped text written by a program, so the
        backends set these heights themselves.
        """
        lines: dict[int, int] = {}
        for r, row in enumerate(self.rows):
            for c, item in enumerate(row):
                if not (item.wrap and isinstance(item.value, str)):
                    continue
                chars = max(1, int((self.widths[c] if c < len(self.widths) else 10) * 1.1) - 1)
                needed = sum(
                    max(1, math.ceil(len(part) / chars)) for part in item.value.split("\n")
                )
                if needed > 1:
                    lines[r] = max(lines.get(r, 1), needed)
        return lines

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


def _cell_fields(c: Cell) -> list[object]:
    return [c.value, c.fmt, c.fill, c.bold, c.size, c.wrap]


def _json_default(value: object) -> str:
    """What the digest writes for a value JSON has no form for: a date as ISO, else str()."""
    return value.isoformat() if isinstance(value, dt.date) else str(value)


@dataclass
class TabUpdate:
    tab: OutputTab
    replace: str | None  # title of the owned tab rewritten in place, None for a new tab
    digest: str | None = None  # tab.mark_digest(), when the diff has already computed it


@dataclass
class Changes:
    updates: list[TabUpdate] = field(default_factory=list)
    deletes: list[str] = field(default_factory=list)
    # Output tab titles in the order wanted: the tabs named here are laid out in this order
    # in the places output tabs hold; a person's tabs stay where they are. Empty: as found.
    order: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.updates or self.deletes)


@dataclass
class WriteOutcome:
    location: str  # the workbook the outputs went into
    saved: bool


@dataclass
class ApiCalls:
    read: int = 0
    write: int = 0

    def to_json(self) -> dict:
        return {"read": self.read, "write": self.write}


def column_letter(index: int) -> str:
    """A column's letters in A1 notation, shared by the plan's cell addresses and the backends:
    0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters

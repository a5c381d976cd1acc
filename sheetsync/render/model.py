"""What an output tab is, independent of any backend: typed cells, formats, widths, charts.

Backends translate this to openpyxl or to Sheets API requests. The digest of a tab is what
its mark carries, so a sync can tell, without reading any cell, that nothing changed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from itertools import chain, islice
from json.encoder import encode_basestring
from operator import is_

import pandas as pd

from sheetsync.i18n import SYMBOL_FIRST, currency_code, currency_symbol

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
    """The spreadsheet number format pattern for a Cell.fmt (shared with the Sheets backend)."""
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
    if fmt.startswith("money:"):
        # Placed as i18n.money places it in text, so a sentence and a cell agree.
        code = currency_code(fmt.split(":", 1)[1])
        symbol = currency_symbol(code)
        if code in SYMBOL_FIRST:
            return f'"{symbol}"#,##0.00'
        return f'#,##0.00 "{symbol}"'
    return None


def value_format(target_raw: object) -> str:
    """A KPI's Cell.fmt: `percent` for a rate (a target typed as a percent, `3%`, but not a
    relative target, `+50%`); `number` for counts and sums."""
    text = target_raw.strip() if isinstance(target_raw, str) else ""
    return "percent" if text.endswith("%") and not text.startswith("+") else "number"


@dataclass(frozen=True, slots=True, init=False)
class Cell:
    value: str | float | int | bool | dt.date | None = None
    fmt: str | None = None  # percent, number, int, date, money:USD, text
    fill: str | None = None  # a COLOURS key
    bold: bool = False
    size: int | None = None  # font size, for a headline figure
    wrap: bool = False

    # A sync makes tens of thousands of Cells. The __init__ a frozen dataclass generates sets
    # each field through object.__setattr__; the slots' own setters (bound below) do the same
    # at about twice the speed. Setting attributes afterwards still raises, as frozen says.
    def __init__(
        self,
        value: str | float | int | bool | dt.date | None = None,
        fmt: str | None = None,
        fill: str | None = None,
        bold: bool = False,
        size: int | None = None,
        wrap: bool = False,
    ) -> None:
        _set_value(self, value)
        _set_fmt(self, fmt)
        _set_fill(self, fill)
        _set_bold(self, bold)
        _set_size(self, size)
        _set_wrap(self, wrap)


_set_value, _set_fmt, _set_fill, _set_bold, _set_size, _set_wrap = (
    getattr(Cell, name).__set__ for name in ("value", "fmt", "fill", "bold", "size", "wrap")
)


def cell(value: object, **style: object) -> Cell:
    """A Cell from a computed value: NaN and NaT become empty, numpy scalars plain Python."""
    kind = value.__class__
    if value is None or kind is str:  # the common cases first: nothing to convert
        return Cell(value, **style)
    if kind is float:
        return Cell(None if value != value else value, **style)
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if isinstance(value, float) and value != value:
        return Cell(None, **style)
    if isinstance(value, dt.datetime):
        value = value.date()
    if type(value).__name__ in ("NaTType",):
        return Cell(None, **style)
    return Cell(value, **style)


_NONE = type(None)
_KEPT = frozenset({str, dt.date, _NONE})  # kept as they are by cell() (not a datetime)


def cells(values: Iterable[object], **style: object) -> list[Cell]:
    """`[cell(v, **style) for v in values]` for a whole column, faster: a column of figures,
    text or dates goes straight into its Cells, and text or a date repeated down a column
    (owners, states, start days) gets one Cell per distinct value (Cells are frozen: equal
    ones can be one)."""
    values = list(values)
    proto = Cell(None, **style)  # the style, checked once as Cell checks it
    style_args = (proto.fmt, proto.fill, proto.bold, proto.size, proto.wrap)
    kinds = set(map(type, values))
    if kinds <= {float, _NONE}:  # NaN (v != v) is empty, as in cell()
        return [Cell(v if v == v else None, *style_args) for v in values]
    if kinds <= _KEPT:
        distinct = set(values)
        if len(distinct) * 2 > len(values):
            return [Cell(v, *style_args) for v in values]
        made = {v: Cell(v, *style_args) for v in distinct}
        return [made[v] for v in values]
    return [cell(v, **style) for v in values]


def date_values(column: pd.Series) -> list[object]:
    """A date column's values as `cell` writes them: datetime.date, None for NaT."""
    if pd.api.types.is_datetime64_dtype(column.dtype):
        return column.to_numpy().astype("datetime64[D]").astype(object).tolist()
    return [cell(v).value for v in column]


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
    # The digest the mark carries, when it must ignore part of the tab (the Sync tab's
    # "last changed" date, which changes only because something else did).
    digest_override: str | None = None

    def mark_digest(self) -> str:
        return self.digest_override or self.digest()

    def digest(self, cell_json: list[str] | None = None) -> str:
        """A short hash of everything written, so unchanged tabs are never rewritten.

        It hashes the JSON of {title, rows (each cell as [value, fmt, fill, bold, size, wrap]),
        widths, frozen, charts, final}, keys sorted, as json.dumps wrote it: the marks in
        people's sheets carry these digests, so the text must not change by one byte. A sync
        asks twice for a rewritten tab (to diff, then for the mark): the second time is free
        while the tab still holds the same Cell objects (Cells are frozen: the same objects in
        the same rows are the same content).

        `cell_json`: each cell's `value, fmt, fill, bold, size, wrap` JSON (`value_json` and
        `style_json`), row after row, from a backend that wrote them while it walked the cells
        anyway, so they are not walked twice."""
        # All but the rows is a few short dumps, written each time; the rows are the same
        # when they hold the very same Cell objects (identity, not ==, which deems 1 == 1.0).
        head = (
            '{"charts": ' + _digest_json([asdict(c) for c in self.charts])
            + ', "final": ' + _digest_json(self.final)
            + ', "frozen": ' + _digest_json(self.frozen_rows)
            + ', "rows": '
        )  # fmt: skip
        tail = ', "title": ' + _digest_json(self.title) + ', "widths": ' + _digest_json(self.widths)
        flat = list(chain.from_iterable(self.rows))
        lengths = list(map(len, self.rows))
        memo = self.__dict__.get("_digest_memo")
        if (
            memo is not None
            and memo[0] == (head, tail, lengths)
            and len(memo[1]) == len(flat)
            and all(map(is_, memo[1], flat))
        ):
            return memo[2]
        if cell_json is None:
            cell_json = _cell_json(flat)
        text = head + rows_json(self.rows, cell_json) + tail + "}"
        # surrogatepass: a lone surrogate (JSON can carry one) hashes instead of raising;
        # every other text gives the same bytes as before.
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        self.__dict__["_digest_memo"] = ((head, tail, lengths), flat, digest)
        return digest

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


def _json_default(value: object) -> str:
    """What the digest writes for a value JSON has no form for: a date as ISO, else str()."""
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _digest_json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=_json_default)


def value_json(value: object) -> str:
    """A cell value as the digest writes it (as json.dumps does, dates in ISO)."""
    kind = value.__class__
    if kind is str:
        return encode_basestring(value)
    if kind is float and math.isfinite(value):
        return float.__repr__(value)
    if value is None:
        return "null"
    if kind is int:
        return int.__repr__(value)
    if kind is dt.date:
        return '"' + value.isoformat() + '"'
    return _digest_json(value)  # bool, NaN, datetime, anything else


class StyleJson(dict):
    """`, fmt, fill, bold, size, wrap` of a cell's digest JSON, per style key (fmt, fill,
    bold, size, wrap[, anything]): a tab has a dozen. One per digest, not shared."""

    def __missing__(self, style: tuple) -> str:
        tail = self[style] = _digest_json([None, *style[:5]])[len("[null") : -1]
        return tail


def _cell_json(flat: list[Cell]) -> list[str]:
    """`value_json(value) + style_json` of each cell: the common value types inline, the
    one Python step per cell (attribute loads inline beat C-level maps here)."""
    escape, number, isfinite = encode_basestring, float.__repr__, math.isfinite
    tails = StyleJson()
    out: list[str] = []
    add = out.append
    for c in flat:
        v = c.value
        kind = v.__class__
        if kind is str:
            j = escape(v)
        elif kind is float and isfinite(v):
            j = number(v)
        elif v is None:
            j = "null"
        else:
            j = value_json(v)
        add(j + tails[(c.fmt, c.fill, c.bold, c.size, c.wrap)])
    return out


def rows_json(rows: list[list[Cell]], cell_json: list[str]) -> str:
    """`json.dumps` of the rows as lists of [value, fmt, fill, bold, size, wrap], keys
    sorted, dates through _json_default, from each cell's JSON (`_cell_json`)."""
    pieces = iter(cell_json)
    # Cells are "[" + value + tail + "]", so a row of them is "[[" + "], [".join(...) + "]]".
    return (
        "["
        + ", ".join(
            "[[" + "], [".join(islice(pieces, len(row))) + "]]" if row else "[]" for row in rows
        )
        + "]"
    )

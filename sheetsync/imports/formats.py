"""How an export is read once its platform is known: find the header under any title lines,
read each data line's date, campaign and figures, skip total lines, and fail (naming the
line) on anything that is not what the platform writes.

A platform module describes its export as a `Format`: which headers mean which field, how
its numbers and dates are written, and any check of its own (`finish`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sheetsync.imports.errors import ExportError
from sheetsync.imports.files import Line
from sheetsync.plan import values as v
from sheetsync.plan.schema import norm

FIELDS = (
    "date", "date_end", "account", "campaign", "campaign_id", "cost", "clicks",
    "impressions", "conversions", "currency",
)  # fmt: skip
HEADER_SEARCH_LINES = 30  # title lines above the header: a cabinet writes two or three
TOTAL_WORDS = ("total", "totals", "итого", "всего", "итог")


@dataclass
class ExportRow:
    """One data line of an export: a day's figures for one campaign."""

    date: dt.date
    platform: str
    account: str
    campaign: str
    campaign_id: str
    cost: float
    clicks: float
    impressions: float
    conversions: float
    currency: str | None
    line: int


@dataclass
class Export:
    """What one file held: its rows, and what was read around them."""

    path: Path
    format: str  # a Format key: google-ads, meta, yandex-api, yandex-web, vk, generic:NAME
    platform: str  # the platform's name as the Imported spend tab shows it
    rows: list[ExportRow] = field(default_factory=list)
    encoding: str = ""
    header_line: int = 0
    skipped: list[int] = field(default_factory=list)  # title and total lines
    totals: list[Line] = field(default_factory=list)  # the total lines themselves
    cost_texts: list[str] = field(default_factory=list)  # each row's cost as written


@dataclass
class Format:
    key: str
    platform: str
    columns: dict[str, tuple[str, ...]]  # field -> the headers that name it (any language)
    # Each group: at least one of its fields must be in the header.
    required: tuple[tuple[str, ...], ...]
    decimal_comma: bool = False  # how numbers are written when the file does not show it
    day_first: bool = True  # slash dates with both parts <= 12
    currency: str | None = None  # when neither a column nor a header says
    finish: Callable[[Export], None] | None = None
    notes: str = ""  # one line for `docs/import.md` and the unknown-format message

    def headers(self) -> dict[str, str]:
        """norm(header) -> field."""
        return {norm(name): key for key, names in self.columns.items() for name in names}


_PAREN = re.compile(r"^(.+?)\s*\((.+)\)$")
_COMMA_TAIL = re.compile(r"^(.+?),\s*(\S{1,5})$")


def split_header(text: object) -> tuple[str, str | None]:
    """A header cell as (name, currency): `Amount spent (USD)` -> (amount spent, USD),
    `Расход (руб.)` -> (расход, RUB), `Потрачено, ₽` -> (потрачено, RUB)."""
    name = norm(v.parse_text(text)) if text is not None else ""
    for pattern in (_PAREN, _COMMA_TAIL):
        m = pattern.match(name)
        if m:
            try:
                return m[1].strip(), v.parse_currency(m[2])
            except v.BadValue:
                continue
    return name, None


def find_header(fmt: Format, lines: list[Line]) -> tuple[int, dict[str, int], str | None] | None:
    """(index into lines, field -> column, the currency a header names) of the first line
    among the first few that carries the format's required headers."""
    known = fmt.headers()
    for index, (_, cells) in enumerate(lines[:HEADER_SEARCH_LINES]):
        columns: dict[str, int] = {}
        currency = None
        for col, text in enumerate(cells):
            name, named_currency = split_header(text)
            key = known.get(name) or known.get(norm(v.parse_text(text)) if text else "")
            if key and key not in columns:
                columns[key] = col
                if key == "cost" and named_currency:
                    currency = named_currency
        if all(any(f in columns for f in group) for group in fmt.required):
            return index, columns, currency
    return None


def is_total(cells: list) -> bool:
    """A total line: its first filled cell starts with Total / Итого / Всего."""
    first = next((c for c in cells if c is not None and str(c).strip()), None)
    if first is None or not isinstance(first, str):
        return False
    word = norm(first).split(":")[0].split()
    return bool(word) and word[0] in TOTAL_WORDS


def _text(cells: list, col: int | None) -> str:
    if col is None or col >= len(cells) or v.is_blank(cells[col]):
        return ""
    return v.parse_text(cells[col])


_DECIMAL_COMMA = re.compile(r"\d,\d{1,2}$")
_DECIMAL_DOT = re.compile(r"\d\.\d{1,2}$")


def decimal_comma_of(texts: list[str], default: bool) -> bool:
    """Whether the file writes `12,50` or `12.50`: what its own cost figures show."""
    commas = sum(1 for t in texts if _DECIMAL_COMMA.search(t.strip()))
    dots = sum(1 for t in texts if _DECIMAL_DOT.search(t.strip()))
    if commas != dots:
        return commas > dots
    return default


_EMPTY_FIGURES = ("--", "-", "—", "–", "")
_ENGLISH_DATES = ("%b %d, %Y", "%a, %b %d, %Y", "%B %d, %Y", "%d %b %Y", "%d %B %Y")


def parse_day(raw: object, day_first: bool) -> dt.date:
    """A cabinet's date: a date cell, ISO, 02.11.2026, 11/02/2026, or Google's Nov 2, 2026."""
    try:
        return v.parse_date(raw, day_first)
    except v.BadValue:
        if not isinstance(raw, str):
            raise
    text = " ".join(raw.split())
    for pattern in _ENGLISH_DATES:
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise v.BadValue("not_a_date")


def parse_figure(raw: object, decimal_comma: bool) -> float:
    if raw is None or (isinstance(raw, str) and raw.strip() in _EMPTY_FIGURES):
        return 0.0
    if isinstance(raw, str):
        raw = raw.strip().replace("\u00a0", " ")
    return v.parse_number(raw, decimal_comma)


def read_lines(fmt: Format, path: Path, lines: list[Line], found: tuple) -> Export:
    """Every data line under the header, as rows; raises on the first line that is wrong."""
    index, columns, header_currency = found
    export = Export(path, fmt.key, fmt.platform, header_line=lines[index][0])
    export.skipped = [number for number, _ in lines[:index]]
    body = lines[index + 1 :]
    cost_col = columns.get("cost")
    export.cost_texts = [
        _text(cells, cost_col) for _, cells in body if not is_total(cells)
    ]  # fmt: skip
    decimal_comma = decimal_comma_of(export.cost_texts, fmt.decimal_comma)
    col = columns.get
    for number, cells in body:
        if is_total(cells):
            export.skipped.append(number)
            export.totals.append((number, cells))
            continue
        date_raw = cells[col("date", 0)] if col("date", 0) < len(cells) else None
        campaign = _text(cells, col("campaign"))
        campaign_id = _text(cells, col("campaign_id"))
        if v.is_blank(date_raw) and not campaign and not campaign_id:
            # A summary line with no label (Meta's "results from N campaigns" row).
            export.skipped.append(number)
            export.totals.append((number, cells))
            continue
        try:
            day = parse_day(date_raw, fmt.day_first)
        except v.BadValue:
            raise ExportError("export_bad_date", line=number, value=_shown(date_raw)) from None
        if "date_end" in columns:
            end_raw = cells[columns["date_end"]] if columns["date_end"] < len(cells) else None
            try:
                end = parse_day(end_raw, fmt.day_first)
            except v.BadValue:
                raise ExportError("export_bad_date", line=number, value=_shown(end_raw)) from None
            if end != day:
                raise ExportError(
                    "export_not_daily", line=number, start=day.isoformat(), end=end.isoformat()
                )
        if not campaign and not campaign_id:
            raise ExportError("export_no_campaign", line=number)
        figures: dict[str, float] = {}
        for name in ("cost", "clicks", "impressions", "conversions"):
            at = col(name)
            raw = cells[at] if at is not None and at < len(cells) else None
            try:
                figures[name] = parse_figure(raw, decimal_comma)
            except v.BadValue:
                raise ExportError(
                    "export_bad_number", line=number, value=_shown(raw), column=name
                ) from None
        currency = header_currency or fmt.currency
        typed_currency = _text(cells, col("currency"))
        if typed_currency:
            try:
                currency = v.parse_currency(typed_currency)
            except v.BadValue:
                raise ExportError(
                    "export_bad_currency", line=number, value=typed_currency
                ) from None
        export.rows.append(
            ExportRow(
                date=day,
                platform=fmt.platform,
                account=_text(cells, col("account")),
                campaign=campaign or campaign_id,
                campaign_id=campaign_id,
                cost=figures["cost"],
                clicks=figures["clicks"],
                impressions=figures["impressions"],
                conversions=figures["conversions"],
                currency=currency,
                line=number,
            )
        )
    if fmt.finish is not None:
        fmt.finish(export)
    return export


def _shown(raw: object) -> str:
    return "" if raw is None else v.parse_text(raw)

"""Turning one input tab's grid of raw cells into a typed DataFrame that remembers its cells.

Each table keeps the sheet row of every record (`row`) and the column letter of every field,
so any value can be traced back to the cell a person typed it in (`Цели!E9`).
Columns are parsed a whole column at a time: numbers already typed as numbers go through
pandas in one step, and text is parsed once per distinct value, not once per row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice, zip_longest

import numpy as np
import pandas as pd

from sheetsync.backends.base import Grid
from sheetsync.plan import values as v
from sheetsync.plan.schema import ENUMS, Column, TabSpec, norm


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def quote_title(title: str) -> str:
    """A tab title as A1 notation needs it: `Goals`, `'Budget Control'`."""
    if title.replace("_", "").isalnum():
        return title
    return "'" + title.replace("'", "''") + "'"


def address(title: str, letter: str, row: int | None = None) -> str:
    return f"{quote_title(title)}!{letter}{'' if row is None else row}"


@dataclass(frozen=True)
class Problem:
    """Something in the workbook a person should fix, with the cell it is in."""

    cell: str | None
    message: str
    key: str = ""

    def to_json(self) -> dict:
        return {"cell": self.cell, "message": self.message}


@dataclass
class Table:
    """One input tab, typed: `df` has the spec's column keys plus `row`, the sheet row."""

    spec: TabSpec
    title: str | None
    df: pd.DataFrame
    letters: dict[str, str] = field(default_factory=dict)
    header_row: int | None = None

    def cell(self, column: str, row: int) -> str | None:
        """The address of `column` in sheet row `row`, or the row's first cell."""
        if self.title is None:
            return None
        letter = self.letters.get(column) or next(iter(self.letters.values()), "A")
        return address(self.title, letter, int(row))

    def cells(self, column: str, rows: pd.Series) -> pd.Series:
        """Addresses for many rows at once."""
        if self.title is None:
            return pd.Series([None] * len(rows), index=rows.index, dtype=object)
        letter = self.letters.get(column) or next(iter(self.letters.values()), "A")
        return (address(self.title, letter) + rows.astype(int).astype(str)).astype(object)

    def __len__(self) -> int:
        return len(self.df)


@dataclass(frozen=True)
class Locale:
    """How this workbook's people write numbers and dates."""

    decimal_comma: bool = False
    day_first: bool = True


class ProblemLog:
    """Collects problems in the plan's language while tables are parsed."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.items: list[Problem] = []

    def add(self, key: str, cell: str | None, **values: object) -> None:
        from sheetsync.i18n import say

        self.items.append(Problem(cell, say(self.lang, key, cell=cell or "", **values), key))


def _dtype(kind: str) -> str:
    return {"date": "datetime64[s]", "number": "float64", "money": "float64"}.get(kind, "object")


def empty_frame(spec: TabSpec) -> pd.DataFrame:
    frame = pd.DataFrame({c.key: pd.Series(dtype=_dtype(c.kind)) for c in spec.columns})
    frame["row"] = pd.Series(dtype="int64")
    return frame


def _types(values: np.ndarray) -> np.ndarray:
    """The Python type of every value, in one C-level pass (no Python call per cell)."""
    return np.fromiter(map(type, values), dtype=object, count=len(values))


def _is_blank_array(column: pd.Series | np.ndarray) -> np.ndarray:
    values = np.asarray(column, dtype=object)
    blank = pd.isna(values)
    text = _types(values) == str  # noqa: E721 - exact types, element-wise
    if text.any():
        strings = values[text]
        lengths = np.fromiter(map(len, map(str.strip, strings)), np.int64, len(strings))
        blank[text] = lengths == 0
    return blank


def enum_choices(enum: str, lang: str) -> str:
    """The words a cell may hold, as a person of that language would type them."""
    if lang != "ru":
        return ", ".join(ENUMS[enum])
    words = []
    for code, variants in ENUMS[enum].items():
        russian = [w for w in variants if any("а" <= ch <= "я" for ch in w)]
        words.append(russian[0] if russian else code)
    return ", ".join(words)


def _parse_by_unique(
    raw: pd.Series, parse: Callable[[object], object]
) -> tuple[pd.Series, dict[object, v.BadValue]]:
    """Apply `parse` once per distinct value; return parsed values and the failures.

    The column is factorised (codes into its distinct values), so spreading the parsed
    values back over 100,000 rows is one numpy take, not a Python call per row.
    """
    codes, uniques = pd.factorize(raw.to_numpy(dtype=object))
    parsed = np.empty(len(uniques) + 1, dtype=object)  # the last slot: empty (code -1)
    failures: dict[object, v.BadValue] = {}
    for i, value in enumerate(uniques):
        try:
            parsed[i] = parse(value)
        except v.BadValue as exc:
            failures[value] = exc
        except (TypeError, OverflowError):
            failures[value] = v.BadValue("not_a_number")
    return pd.Series(parsed[codes], index=raw.index, dtype=object), failures


def map_by_unique(series: pd.Series, fn: Callable[[object], object]) -> pd.Series:
    """`series.map(fn)` for an object column, calling `fn` once per distinct value."""
    codes, uniques = pd.factorize(series.to_numpy(dtype=object))
    mapped = np.empty(len(uniques) + 1, dtype=object)
    for i, value in enumerate(uniques):
        mapped[i] = fn(value)
    result = mapped[codes]
    missing = codes < 0
    result[missing] = series.to_numpy(dtype=object)[missing]  # None and NaN stay as they are
    return pd.Series(result, index=series.index, dtype=object)


def parse_column(
    raw: pd.Series, column: Column, locale: Locale
) -> tuple[pd.Series, pd.Series, dict[object, v.BadValue]]:
    """Parse one column; returns (typed values, failed-mask, failures by raw value)."""
    kind = column.kind
    failures: dict[object, v.BadValue] = {}
    present = raw[~raw.isna()]
    if kind in ("number", "money"):
        out = pd.Series(np.nan, index=raw.index, dtype="float64")
        types = _types(present.to_numpy(dtype=object))
        numeric = (types == int) | (types == float)  # noqa: E721 - bool is not a number
        out[present.index[numeric]] = pd.to_numeric(present[numeric]).astype("float64")
        rest = present[~numeric]
        if len(rest):
            parsed, failures = _parse_by_unique(
                rest, lambda x: v.parse_number(x, locale.decimal_comma)
            )
            out[rest.index] = pd.to_numeric(parsed, errors="coerce")
    elif kind == "date":
        out = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[s]")
        types = _types(present.to_numpy(dtype=object))
        numeric = (types == int) | (types == float)  # noqa: E721 - bool is not a number
        serials = pd.to_numeric(present[numeric])
        in_range = serials.between(1, 2_958_465)
        good = serials[in_range]
        out[good.index] = (
            np.datetime64("1899-12-30", "D") + np.floor(good.to_numpy()).astype("timedelta64[D]")
        ).astype("datetime64[s]")
        for bad_serial in pd.unique(serials[~in_range].to_numpy()):
            failures[bad_serial] = v.BadValue("not_a_date")
        rest = present[~numeric]
        if len(rest):
            parsed, more = _parse_by_unique(rest, lambda x: v.parse_date(x, locale.day_first))
            failures.update(more)
            ok = parsed.notna()
            out[rest.index[ok]] = pd.to_datetime(parsed[ok].map(dt.date.isoformat)).astype(
                "datetime64[s]"
            )
    else:
        parser: Callable[[object], object]
        if kind in ("text", "person", "raw"):
            parser = v.parse_text if kind != "raw" else (lambda x: x)
        elif kind in ("ids", "people"):
            parser = v.parse_list
        elif kind == "yesno":
            parser = v.parse_yesno
        elif kind.startswith("enum:"):
            enum = kind.split(":", 1)[1]
            parser = lambda x: v.parse_enum(x, enum)  # noqa: E731
        elif kind == "target":
            parser = lambda x: v.parse_target(x, locale.decimal_comma)  # noqa: E731
        else:  # pragma: no cover - a schema typo, caught by the schema tests
            raise ValueError(f"unknown column kind {kind}")
        # np.full, not pd.Series(None, dtype=object): pandas 3 would fill that with NaN.
        out = pd.Series(np.full(len(raw), None, dtype=object), index=raw.index)
        if len(present):
            # Cleaned once per distinct value: text that is empty once parsed is None, and
            # an empty cell is None in every object column, never NaN, so `x or ()` works.
            parsed, failures = _parse_by_unique(
                present, _text_or_none(parser) if kind in ("text", "person") else _no_nan(parser)
            )
            out[present.index] = parsed
    failed = raw.isin(list(failures)) if failures else pd.Series(False, index=raw.index)
    failed &= raw.notna()
    return out, failed, failures


def _text_or_none(parse: Callable[[object], object]) -> Callable[[object], object]:
    def parsed(value: object) -> object:
        text = parse(value)
        return text if isinstance(text, str) and text else None

    return parsed


def _no_nan(parse: Callable[[object], object]) -> Callable[[object], object]:
    def parsed(value: object) -> object:
        result = parse(value)
        return None if result is None or result != result else result

    return parsed


# A title line or a note above the header is common; the header is looked for this far down.
HEADER_SEARCH_ROWS = 10


def _non_empty_rows(rows: list[list]) -> Iterator[int]:
    """Indexes of the rows holding anything, lazily: only the first few are ever needed."""
    return (i for i, r in enumerate(rows) if any(not v.is_blank(x) for x in r))


def column_names(spec: TabSpec, row: list) -> dict[str, int]:
    """Which of the tab's columns a row names, and where (the first cell naming each wins)."""
    positions: dict[str, int] = {}
    for j, name in enumerate(row):
        if v.is_blank(name):
            continue
        wanted = norm(v.parse_text(name))
        for col in spec.columns:
            if col.key not in positions and any(norm(n) == wanted for n in col.names):
                positions[col.key] = j
                break
    return positions


def find_header(spec: TabSpec, rows: list[list]) -> tuple[int, dict[str, int]] | None:
    """The header among the first non-empty rows: the first naming every column the tab
    needs, else the first naming any of its columns (a title such as "Goal" above the real
    header must not win), else None."""
    first_naming_any = None
    for i in islice(_non_empty_rows(rows), HEADER_SEARCH_ROWS):
        positions = column_names(spec, rows[i])
        if not positions:
            continue
        if all(c.key in positions for c in spec.columns if c.required):
            return i, positions
        first_naming_any = first_naming_any or (i, positions)
    return first_naming_any


def _column_list(names: list[str], lang: str) -> str:
    return ", ".join(f"«{n}»" if lang == "ru" else f'"{n}"' for n in names)


def read_table(
    spec: TabSpec,
    title: str | None,
    grid: Grid | None,
    locale: Locale,
    log: ProblemLog,
    *,
    columns: dict[str, int] | None = None,
    body_from: int = 0,
) -> Table:
    """Parse one input tab: find its header, map columns by name, type every value.

    Rows above the header are ignored. A tab with no header, or whose header lacks a column
    the tab needs, is one problem and is not read. `columns` (key -> position) with
    `body_from` (the first row of data) read a tab that has no header row at all.
    """
    if grid is None or title is None:
        return Table(spec, title, empty_frame(spec))
    rows = grid.rows
    if columns is not None:
        positions = dict(columns)
        letters = {key: column_letter(grid.first_col + j) for key, j in positions.items()}
        table = Table(spec, title, empty_frame(spec), letters, None)
        header_at = body_from - 1
    else:
        first = next(_non_empty_rows(rows), None)
        if first is None:
            if spec.required:  # an optional tab left empty is the same as no tab
                log.add(
                    "empty_tab",
                    address(title, column_letter(grid.first_col), grid.first_row + 1),
                    tab=title,
                    columns=", ".join(spec.header(log.lang)),
                )
            return Table(spec, title, empty_frame(spec))
        found = find_header(spec, rows)
        if found is None:
            j = next(j for j, x in enumerate(rows[first]) if not v.is_blank(x))
            log.add(
                "no_header",
                address(title, column_letter(grid.first_col + j), grid.first_row + first + 1),
                columns=", ".join(spec.header(log.lang)),
            )
            return Table(spec, title, empty_frame(spec))
        header_at, positions = found
        header_row = grid.first_row + header_at + 1
        letters = {key: column_letter(grid.first_col + j) for key, j in positions.items()}
        table = Table(spec, title, empty_frame(spec), letters, header_row)
        missing = [c for c in spec.columns if c.required and c.key not in positions]
        if missing:
            # At the first header cell sheetsync did not recognise (most likely the column
            # meant, e.g. "Amount, $"), else at the header row's first cell.
            header = rows[header_at]
            known = set(positions.values())
            named = [j for j, x in enumerate(header) if not v.is_blank(x)]
            j = next((j for j in named if j not in known), named[0])
            names = [c.names[1] if log.lang == "ru" else c.names[0] for c in missing]
            log.add(
                "missing_column" if len(names) == 1 else "missing_columns",
                address(title, column_letter(grid.first_col + j), header_row),
                column=names[0],
                columns=_column_list(names, log.lang),
            )
            return table

    body = rows[header_at + 1 :]
    width = max(positions.values()) + 1
    if body and max(map(len, body)) > width:  # cells right of the last known column
        body = [r[:width] for r in body]
    transposed = list(zip_longest(*body, fillvalue=None)) if body else []
    raw_columns: dict[str, np.ndarray] = {}
    empty_row = np.ones(len(body), dtype=bool)  # nothing in any known column: skipped
    for key, j in positions.items():
        values = np.full(len(body), None, dtype=object)
        if j < len(transposed):
            values = np.fromiter(transposed[j], dtype=object, count=len(body))
        blank = _is_blank_array(values)
        values[blank] = None
        empty_row &= blank
        raw_columns[key] = values
    keep = ~empty_row
    sheet_rows = pd.Series(
        np.arange(len(body), dtype="int64")[keep] + grid.first_row + header_at + 2
    )
    frame = pd.DataFrame({key: values[keep] for key, values in raw_columns.items()}, dtype=object)

    typed: dict[str, pd.Series] = {}
    for col in spec.columns:
        if col.key not in frame:
            numeric = col.kind in ("number", "money")
            empty = np.full(len(frame), np.nan) if numeric else np.full(len(frame), None, object)
            typed[col.key] = pd.Series(empty, index=frame.index)
            if col.kind == "date":
                typed[col.key] = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[s]")
            continue
        raw = frame[col.key]
        out, failed, failures = parse_column(raw, col, locale)
        typed[col.key] = out
        if failed.any():
            for idx in failed[failed].index:
                value = raw[idx]
                err = failures[value]
                key = err.key
                if col.kind == "target":
                    key = "bad_target"
                extra = {}
                if key == "bad_enum":
                    extra["choices"] = enum_choices(col.kind.split(":", 1)[1], log.lang)
                log.add(
                    key,
                    address(title, letters[col.key], int(sheet_rows[idx])),
                    value=v.parse_text(value),
                    **extra,
                )
    result = pd.DataFrame(typed)
    result["row"] = sheet_rows.to_numpy()
    result = result.reset_index(drop=True)

    if spec.id_column and spec.id_column in positions:
        ids = result[spec.id_column]
        if spec.key != "team":
            for row in result.loc[ids.isna(), "row"]:
                log.add("missing_id", address(title, letters[spec.id_column], int(row)))
            result = result[ids.notna()]
            ids = result[spec.id_column]
        keyed = ids.map(lambda s: norm(s) if isinstance(s, str) else s)
        dup = keyed.duplicated(keep="first") & ids.notna()
        if dup.any():
            first_rows = result.loc[~dup].assign(_k=keyed[~dup]).set_index("_k")["row"]
            for idx in dup[dup].index:
                log.add(
                    "duplicate_id",
                    address(title, letters[spec.id_column], int(result.at[idx, "row"])),
                    value=result.at[idx, spec.id_column],
                    first_row=int(first_rows.get(keyed[idx], 0)),
                )
            result = result[~dup]
        result = result.reset_index(drop=True)
    table.df = result
    return table

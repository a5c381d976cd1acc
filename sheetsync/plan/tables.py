"""Turning one input tab's grid of raw cells into a typed DataFrame that remembers its cells.

Each table keeps the sheet row of every record (`row`) and the column letter of every field,
so any value can be traced back to the cell a person typed it in (`Цели!E9`).
Columns are parsed a whole column at a time: numbers already typed as numbers go through
pandas in one step, and text is parsed once per distinct value, not once per row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import chain, islice

import numpy as np
import pandas as pd

from sheetsync.contracts import Grid, column_letter
from sheetsync.plan import values as v
from sheetsync.plan.schema import ENUMS, Column, TabSpec, norm


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
        from sheetsync.i18n import t

        self.items.append(Problem(cell, t(self.lang, key, cell=cell or "", **values), key))


def _dtype(kind: str) -> str:
    return {"date": "datetime64[s]", "number": "float64", "money": "float64"}.get(kind, "object")


def empty_frame(spec: TabSpec) -> pd.DataFrame:
    frame = pd.DataFrame({c.key: pd.Series(dtype=_dtype(c.kind)) for c in spec.columns})
    frame["row"] = pd.Series(dtype="int64")
    return frame


class _Kinds(dict):
    """Cell type -> small code; any type not listed is OTHER (bool, date, datetime...)."""

    def __missing__(self, key: type) -> int:
        return OTHER


EMPTY, TEXT, INT, FLOAT, OTHER = range(5)
_KIND_OF = _Kinds({type(None): EMPTY, str: TEXT, int: INT, float: FLOAT})


def _types(values: np.ndarray) -> np.ndarray:
    """A small code per cell for its exact Python type (EMPTY, TEXT, INT, FLOAT, OTHER), in
    one C-level pass: masks are then int8 comparisons, not a Python compare per cell. Exact
    types, so a bool (a subclass of int) is OTHER, never a number. The codes are gathered
    as bytes (a C-level fill, a fifth faster than fromiter's per-item int8 conversion over
    100,000 cells); a bytearray keeps the array writable."""
    return np.frombuffer(bytearray(map(_KIND_OF.__getitem__, map(type, values))), np.int8)


def _is_blank_array(
    column: pd.Series | np.ndarray,
    types: np.ndarray | None = None,
    numbers: np.ndarray | None = None,
) -> np.ndarray:
    """Which cells are empty: None, NaN (or another missing marker), or text of only spaces.

    Decided by type first, so only floats are checked for NaN, only strings for spaces, and
    pandas' generic missing-value test runs on the rare cells of any other type. `types`
    and `numbers` (see _numbers), when the caller has them, are not computed again.
    """
    values = np.asarray(column, dtype=object)
    if types is None:
        types = _types(values)
    blank = types == EMPTY
    text = types == TEXT
    if text.any():
        strings = values[text]
        spaces = np.fromiter(map(str.isspace, strings), bool, len(strings))
        blank[text] = (strings == "") | spaces  # what str.strip() would leave empty
    floats = types == FLOAT
    if floats.any():
        floated = values[floats].astype("float64") if numbers is None else numbers[floats]
        blank[floats] = np.isnan(floated)
    other = types == OTHER
    if other.any():
        blank[other] = pd.isna(values[other])
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


def enum_words(enum: str, lang: str) -> str:
    """Every word a cell may hold, for a problem's message: each value's main word, then in
    brackets the others a person of that language may type (`paused (stopped, off, …)`)."""
    cyrillic = lambda word: any("а" <= ch <= "я" or ch == "ё" for ch in word)  # noqa: E731
    main = enum_choices(enum, lang).split(", ")
    parts = []
    for first, variants in zip(main, ENUMS[enum].values(), strict=True):
        others = [w for w in variants if w != first and cyrillic(w) == (lang == "ru")]
        parts.append(f"{first} ({', '.join(others)})" if others else first)
    return "; ".join(parts)


def _parse_each(
    uniques: np.ndarray, skip: np.ndarray, parse: Callable[[object], object]
) -> tuple[np.ndarray, np.ndarray]:
    """Parse each distinct value once (not those in `skip`); one slot more, None, for -1.

    Returns the parsed values and, where parsing failed, the BadValue (else None).
    """
    n = len(uniques)
    # Python lists, not numpy element access, in the loop; fromiter keeps a tuple (a list
    # of IDs) as one value where np.array would make it a row.
    values = uniques.tolist()
    parsed: list[object] = [None] * (n + 1)
    errors: list[object] = [None] * (n + 1)
    for i in np.flatnonzero(~skip[:n]).tolist():
        try:
            parsed[i] = parse(values[i])
        except v.BadValue as exc:
            errors[i] = exc
        except (TypeError, OverflowError):
            errors[i] = v.BadValue("not_a_number")
    return np.fromiter(parsed, object, n + 1), np.fromiter(errors, object, n + 1)


_TRUE, _FALSE = object(), object()  # stand-ins that keep TRUE and FALSE cells apart


def _hash_codes(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """pd.factorize of an object array: codes into the distinct values, -1 for None, NaN
    and other missing markers."""
    codes, uniques = pd.factorize(values)
    return codes.astype(np.intp, copy=False), np.asarray(uniques, dtype=object)


_NO_FLAGS = ("integer", "floating", "mixed-integer-float")


def _factorize(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """pd.factorize (codes into the distinct values, -1 for None and NaN), except that a
    TRUE or FALSE cell is never merged with a 1 or 0 cell, which Python deems equal."""
    codes, uniques = _hash_codes(values)
    if len(uniques):
        zero_one = np.append((uniques == 0) | (uniques == 1), False)  # one more for -1
        # Only the cells merged into a 0 or 1 (or a FALSE or TRUE) can be a checkbox; a
        # C-level type scan of those says whether any is.
        if zero_one.any() and (
            pd.api.types.infer_dtype(values[zero_one[codes]], skipna=False) not in _NO_FLAGS
        ):
            flags = np.fromiter(map(type, values), object, len(values)) == bool  # noqa: E721
            if flags.any():
                keyed = values.copy()
                keyed[flags] = [_TRUE if x else _FALSE for x in values[flags]]
                codes, uniques = pd.factorize(keyed)
                uniques = uniques.copy()
                uniques[uniques == _TRUE] = True
                uniques[uniques == _FALSE] = False
    return codes, uniques


def _parse_by_unique(
    values: np.ndarray, parse: Callable[[object], object]
) -> tuple[np.ndarray, np.ndarray]:
    """Apply `parse` once per distinct value of an object array (None stays None).

    Returns the parsed value of every cell and its BadValue where parsing failed (else
    None). The array is factorised (codes into its distinct values), so spreading the
    parsed values back over 100,000 rows is one numpy take, not a Python call per row.
    """
    codes, uniques = _factorize(values)
    parsed, errors = _parse_each(uniques, np.zeros(len(uniques), dtype=bool), parse)
    return parsed[codes], errors[codes]


def map_by_unique(series: pd.Series, fn: Callable[[object], object]) -> pd.Series:
    """`series.map(fn)` for an object column, calling `fn` once per distinct value."""
    codes, uniques = _hash_codes(series.to_numpy(dtype=object))
    mapped = np.empty(len(uniques) + 1, dtype=object)
    for i, value in enumerate(uniques):
        mapped[i] = fn(value)
    result = mapped[codes]
    missing = codes < 0
    result[missing] = series.to_numpy(dtype=object)[missing]  # None and NaN stay as they are
    return pd.Series(result, index=series.index, dtype=object)


# Column kinds read by cell type: numbers and date serials already typed are cast in bulk.
_BY_TYPE = ("number", "money", "date")


@dataclass
class RawColumn:
    """One column of a tab's body as read, prepared once for both the blank test and parsing.

    Number and date columns keep each cell's type code (`types`; blank cells become None)
    and the cells already typed as numbers as float64 (`numbers`, NaN elsewhere);
    every other column keeps its distinct values (`codes` into `uniques`, -1 for None and
    NaN; `skip` marks the distinct values that are blank, with one more slot for -1), so
    blank tests and parsing run once per distinct value, not once per row.
    """

    values: np.ndarray
    blank: np.ndarray
    types: np.ndarray | None = None
    numbers: np.ndarray | None = None
    codes: np.ndarray | None = None
    uniques: np.ndarray | None = None
    skip: np.ndarray | None = None

    @classmethod
    def of(cls, values: np.ndarray, kind: str) -> RawColumn:
        if kind in _BY_TYPE:
            numbers = _only_numbers(values)
            if numbers is not None:  # the common case: no text, no checkbox, nothing odd
                blank = np.isnan(numbers)
                if blank.any():
                    values = values.copy()  # may be a view of the shared body array
                    values[blank] = None
                types = np.where(blank, EMPTY, FLOAT).astype(np.int8)
                return cls(values, blank, types=types, numbers=numbers)
            if not _mostly_distinct(values):
                # Text among a few values (days, counts): typed and parsed once per value.
                codes, uniques = _factorize(values)
                skip = np.append(_is_blank_array(uniques), True)
                blank = skip[codes]
                if blank.any():
                    values = values.copy()  # may be a view of the shared body array
                    values[blank] = None
                return cls(values, blank, codes=codes, uniques=uniques, skip=skip)
            # Text among amounts that mostly differ: hashing each cell would cost more than
            # typing it, so each cell is typed and only the text is parsed per value.
            types = _types(values)
            numbers = _numbers(values, types)
            blank = _is_blank_array(values, types, numbers)
            if blank.any():
                values = values.copy()  # may be a view of the shared body array
                values[blank] = None
                types[blank] = EMPTY
            return cls(values, blank, types=types, numbers=numbers)
        codes, uniques = _factorize(values)
        skip = np.append(_is_blank_array(uniques), True)
        return cls(values, skip[codes], codes=codes, uniques=uniques, skip=skip)

    def take(self, rows: np.ndarray) -> RawColumn:
        """The same column for these rows only (a boolean mask)."""
        return RawColumn(
            self.values[rows],
            self.blank[rows],
            None if self.types is None else self.types[rows],
            None if self.numbers is None else self.numbers[rows],
            None if self.codes is None else self.codes[rows],
            self.uniques,
            self.skip,
        )


_SAMPLE = 2_000


def _mostly_distinct(values: np.ndarray) -> bool:
    """Whether most cells differ (amounts), judged on the first cells: then each cell is
    typed on its own; a column of few values (days, counts) is better parsed per value."""
    sample = values[:_SAMPLE]
    return len(sample) > 0 and len(pd.unique(sample)) > len(sample) // 2


def _only_numbers(values: np.ndarray) -> np.ndarray | None:
    """A column holding nothing but numbers and empty cells, as float64 (NaN where empty),
    from a C-level scan that stops at the first cell of another type; else None."""
    if pd.api.types.infer_dtype(values, skipna=True) not in _NUMBERS_ONLY:
        return None
    try:
        return values.astype("float64")  # None becomes NaN
    except (TypeError, ValueError, OverflowError):  # NaT, an int beyond float range
        return None


_NUMBERS_ONLY = ("integer", "floating", "mixed-integer-float", "empty")


def _numbers(values: np.ndarray, types: np.ndarray) -> np.ndarray:
    """The cells typed as numbers (Python int or float) as float64, NaN elsewhere, in one
    C-level cast. An int too big for a float is left to the one-by-one parser (which
    refuses it): its type code becomes OTHER."""
    numbers = np.full(len(values), np.nan)
    numeric = (types == INT) | (types == FLOAT)
    try:
        numbers[numeric] = values[numeric].astype("float64")
    except OverflowError:
        types[types == INT] = OTHER
        floats = types == FLOAT
        numbers[floats] = values[floats].astype("float64")
    return numbers


def _word_parser(kind: str, locale: Locale) -> Callable[[object], object]:
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
    # Text that is empty once parsed is None, and an empty cell is None in every object
    # column, never NaN, so `x or ()` works.
    if kind in ("text", "person"):
        return _text_cell
    return _no_nan(parser)


def _text_cell(value: object) -> object:
    """parse_text, None when that leaves nothing; a str cell (nearly every one) is cleaned
    here, saving two Python calls per distinct value of a text column."""
    if type(value) is str:
        return " ".join(value.split()) or None
    text = v.parse_text(value)
    return text if isinstance(text, str) and text else None


def parse_column(
    raw: RawColumn, column: Column, locale: Locale
) -> tuple[np.ndarray, list[tuple[int, v.BadValue]]]:
    """Parse one prepared column: its typed values, and the cells that failed (position,
    BadValue), in row order.

    Number and date cells already typed as numbers are cast in one step; anything else
    (what people typed as text) is parsed once per distinct value.
    """
    kind = column.kind
    if kind not in _BY_TYPE:
        assert raw.codes is not None and raw.uniques is not None and raw.skip is not None
        parsed, errors = _parse_each(raw.uniques, raw.skip, _word_parser(kind, locale))
        bad = np.flatnonzero(errors != None)  # noqa: E711 - element-wise, distinct values
        at = np.flatnonzero(np.isin(raw.codes, bad)) if len(bad) else bad
        return parsed[raw.codes], [(i, errors[raw.codes[i]]) for i in at]
    if raw.codes is None:  # a column of numbers only, typed cell by cell
        assert raw.types is not None and raw.numbers is not None
        out, errors, failed = _parse_typed(raw.values, raw.types, raw.numbers, kind, locale)
        return out, [(i, errors[i]) for i in failed]
    # Text among the numbers: each distinct value is typed and parsed once, then spread
    # over the rows by its code (the slot after the last distinct value is the empty cell).
    assert raw.uniques is not None and raw.skip is not None
    codes = raw.codes
    uniques = np.append(raw.uniques, None)
    types = _types(uniques)
    types[raw.skip] = EMPTY
    numeric = (types == INT) | (types == FLOAT)  # before _numbers, which may retype ints
    numbers = _numbers(uniques, types)
    parsed, errors, failed = _parse_typed(uniques, types, numbers, kind, locale)
    out = parsed[codes]
    if kind != "date":
        # 0 and -0.0 are one distinct value to the hash; every zero cell keeps its own sign.
        for k in np.flatnonzero(numeric & (uniques == 0)):
            at = np.flatnonzero(codes == k)
            out[at] = raw.values[at].astype("float64")
    if not len(failed):
        return out, []
    bad = np.zeros(len(uniques), dtype=bool)
    bad[failed] = True
    return out, [(i, errors[codes[i]]) for i in np.flatnonzero(bad[codes])]


def _parse_typed(
    values: np.ndarray, types: np.ndarray, numbers: np.ndarray, kind: str, locale: Locale
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A number or date column's cells parsed by their type codes: the typed values, the
    BadValue of each cell (else None) and the positions that failed, in order."""
    n = len(values)
    errors = np.empty(n, dtype=object)
    numeric = (types == INT) | (types == FLOAT)
    rest = np.flatnonzero((types != EMPTY) & ~numeric)
    failed = rest[:0]
    if kind == "date":
        out = np.full(n, np.datetime64("NaT"), dtype="datetime64[s]")
        in_range = numeric & (numbers >= 1) & (numbers <= 2_958_465)
        days = np.floor(numbers[in_range]).astype("timedelta64[D]")
        out[in_range] = (np.datetime64("1899-12-30", "D") + days).astype("datetime64[s]")
        failed = np.flatnonzero(numeric & ~in_range)
        errors[failed] = v.BadValue("not_a_date")
        if len(rest):
            parsed, errors[rest] = _parse_by_unique(
                values[rest], lambda x: v.parse_date(x, locale.day_first)
            )
            ok = np.flatnonzero(parsed != None)  # noqa: E711 - element-wise
            if len(ok):
                dates = np.array(list(parsed[ok]), dtype="datetime64[D]")
                out[rest[ok]] = dates.astype("datetime64[s]")
    else:
        out = numbers.copy()  # NaN but where a cell is a number
        if len(rest):
            parsed, errors[rest] = _parse_by_unique(
                values[rest], lambda x: v.parse_number(x, locale.decimal_comma)
            )
            out[rest] = np.where(parsed == None, np.nan, parsed).astype("float64")  # noqa: E711
    if len(rest):
        failed = np.union1d(failed, rest[errors[rest] != None])  # noqa: E711
    return out, errors, failed


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


def read_table(  # noqa: C901 - predates the complexity check: split when next changed
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
        header_row = None
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
            return Table(spec, title, empty_frame(spec), letters, header_row)

    body = rows[header_at + 1 :]
    width = max(positions.values()) + 1
    cells = _body_cells(body, width)
    n = len(body)
    kinds = {c.key: c.kind for c in spec.columns}
    raw_columns: dict[str, RawColumn] = {}
    empty_row = np.ones(n, dtype=bool)  # nothing in any known column: skipped
    for key, j in positions.items():
        values = cells[:, j] if j < cells.shape[1] else np.full(n, None, dtype=object)
        raw_columns[key] = RawColumn.of(values, kinds[key])
        empty_row &= raw_columns[key].blank
    keep = ~empty_row
    sheet_rows = np.flatnonzero(keep).astype("int64") + grid.first_row + header_at + 2
    if not keep.all():
        raw_columns = {key: raw.take(keep) for key, raw in raw_columns.items()}

    typed: dict[str, pd.Series | np.ndarray] = {}
    for col in spec.columns:
        if col.key not in raw_columns:
            if col.kind in ("number", "money"):
                typed[col.key] = np.full(len(sheet_rows), np.nan)
            elif col.kind == "date":
                typed[col.key] = np.full(len(sheet_rows), np.datetime64("NaT"), "datetime64[s]")
            else:
                typed[col.key] = pd.Series(
                    np.full(len(sheet_rows), None, object), dtype=object, copy=False
                )
            continue
        raw = raw_columns[col.key]
        out, failures = parse_column(raw, col, locale)
        # An object array left to pandas 3 would become its `str` dtype: keep it object.
        typed[col.key] = pd.Series(out, dtype=object, copy=False) if out.dtype == object else out
        for idx, error in failures:
            value = raw.values[idx]
            key = error.key
            if col.kind == "target":
                key = "bad_target"
            extra = {}
            if key == "bad_enum":
                extra["choices"] = enum_words(col.kind.split(":", 1)[1], log.lang)
            log.add(
                key,
                address(title, letters[col.key], int(sheet_rows[idx])),
                value=v.parse_text(value),
                **extra,
            )
    typed["row"] = sheet_rows
    # Every array above is this table's own (parsed, taken or filled here): no copies.
    result = pd.DataFrame(typed, copy=False)

    if spec.id_column and spec.id_column in positions:
        ids = result[spec.id_column]
        if spec.key != "team":
            no_id = ids.isna()
            if no_id.any():  # else the filter would only copy every row
                # A total row (a SUM below the table, "Total"/"Итого") has no ID by design:
                # skipped without a problem, so --quiet stays quiet on every run.
                totals = _total_rows(spec, positions, cells, keep, no_id.to_numpy(), raw_columns)
                for at, row in enumerate(result["row"].tolist()):
                    if not no_id.iat[at] or at in totals:
                        continue
                    log.add("missing_id", address(title, letters[spec.id_column], int(row)))
                result = result[~no_id]
                ids = result[spec.id_column]
        # A list pass, not Series.map: IDs are text or missing, and only the duplicate test
        # and the first row's lookup below read these keys.
        keyed = pd.Series(
            [norm(s) if isinstance(s, str) else s for s in ids.tolist()],
            index=ids.index,
            dtype=object,
        )
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
    return Table(spec, title, result, letters, header_row)


TOTAL_WORDS = frozenset(
    {"total", "totals", "grand total", "sum", "subtotal", "итого", "итог", "всего", "сумма"}
)


def _total_rows(
    spec: TabSpec,
    positions: dict[str, int],
    cells: np.ndarray,
    keep: np.ndarray,
    no_id: np.ndarray,
    raw_columns: dict[str, RawColumn],
) -> set[int]:
    """The positions (among the kept rows) of rows with no ID that total the table."""
    body_at = np.flatnonzero(keep)
    with_id = np.flatnonzero(~no_id)
    last_with_id = int(with_id[-1]) if len(with_id) else -1
    text_keys = [c.key for c in spec.columns if c.kind == "text" and c.key in positions]
    # An enum cell may say "total" (Aggregation: sum): not a total row's label.
    enum_at = {
        positions[c.key] for c in spec.columns if c.kind.startswith("enum:") and c.key in positions
    }
    totals = set()
    for at in np.flatnonzero(no_id).tolist():
        row_cells = [x for j, x in enumerate(cells[body_at[at]]) if j not in enum_at]
        if _is_total_row(row_cells, at > last_with_id, text_keys, raw_columns, at):
            totals.add(at)
    return totals


def _is_total_row(
    row_cells: list,
    below_the_table: bool,
    text_keys: list[str],
    raw_columns: dict[str, RawColumn],
    at: int,
) -> bool:
    """A row with no ID that totals the table: a cell says Total/Итого (anywhere in the
    row), or it stands below every row with an ID and holds only numbers (what a SUM
    formula leaves: a file's cached values carry no formulas)."""
    for value in row_cells:
        if isinstance(value, str) and norm(value).rstrip(":").strip() in TOTAL_WORDS:
            return True
    if not below_the_table:
        return False
    has_number = any(
        isinstance(value, int | float) and not isinstance(value, bool) for value in row_cells
    )
    texts = [raw_columns[key].values[at] for key in text_keys]
    return has_number and all(t is None or (isinstance(t, str) and not t.strip()) for t in texts)


def _body_cells(body: list[list], width: int) -> np.ndarray:
    """The rows below the header as one 2-D object array at least `width` wide (as wide as
    the widest row: columns beyond are unread), None where a row is short (Sheets drops a
    row's trailing empty cells).

    Short rows are padded, then every cell goes into the array in one C-level pass
    (np.fromiter over the chained rows): a 100,000-row Spend tab in ~30 ms, where a Python
    step per cell, or per row and column, costs three to four times as much."""
    full = max(width, max(map(len, body), default=0))
    padding = [None] * full
    cells = chain.from_iterable(r if len(r) == full else r + padding[len(r) :] for r in body)
    return np.fromiter(cells, dtype=object, count=len(body) * full).reshape(len(body), full)

"""A1 notation for the Sheets fake: parsing ranges the way the API accepts them and
spelling them back the way the API answers (``Sheet1!A1:D4``, ``'My tab'!B2``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_COLUMNS = 18278  # ZZZ, Google's ceiling
MAX_ROWS = 10_000_000

_CELL = re.compile(r"^\$?([A-Za-z]{1,3})?\$?([0-9]+)?$")
# Titles Google leaves unquoted: a word of letters, digits and underscores not starting
# with a digit -- and not something that reads as a cell or R1C1 reference.
_BARE_TITLE = re.compile(r"^[^\W\d]\w*$")
_CELL_LIKE = re.compile(r"^[A-Za-z]{1,3}[0-9]+$|^[Rr][0-9]*[Cc][0-9]*$")


class A1Error(ValueError):
    """The text is not a range the API would parse."""


def column_letters(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_index(letters: str) -> int:
    """A -> 0, AA -> 26."""
    index = 0
    for char in letters.upper():
        index = index * 26 + (ord(char) - 64)
    return index - 1


def quote_title(title: str) -> str:
    if _BARE_TITLE.match(title) and not _CELL_LIKE.match(title):
        return title
    return "'" + title.replace("'", "''") + "'"


@dataclass(frozen=True)
class A1:
    """A parsed range: sheet title (None: the first sheet) and 0-based half-open bounds,
    None where the notation leaves a side open (``A:A`` has no row bounds)."""

    title: str | None
    start_row: int | None = None
    end_row: int | None = None
    start_col: int | None = None
    end_col: int | None = None

    @property
    def whole_sheet(self) -> bool:
        return (
            self.start_row is None
            and self.end_row is None
            and self.start_col is None
            and self.end_col is None
        )


def _cell(part: str) -> tuple[int | None, int | None]:
    """(row, column), 0-based, of one side of a range; either may be absent."""
    match = _CELL.match(part)
    if not match or not part.strip("$"):
        raise A1Error(part)
    letters, digits = match.groups()
    col = column_index(letters) if letters else None
    row = int(digits) - 1 if digits else None
    if row is not None and not 0 <= row < MAX_ROWS:
        raise A1Error(part)
    if col is not None and not 0 <= col < MAX_COLUMNS:
        raise A1Error(part)
    return row, col


def parse_cells(text: str) -> tuple[int | None, int | None, int | None, int | None]:
    """``A1:B2`` -> (start_row, end_row, start_col, end_col); raises A1Error."""
    if ":" in text:
        first, _, second = text.partition(":")
        row0, col0 = _cell(first)
        row1, col1 = _cell(second)
        if (row0 is None) != (row1 is None) and (col0 is None or col1 is None):
            # "A:1" mixes a column-only side with a row-only side.
            raise A1Error(text)
        if row0 is not None and row1 is not None and row1 < row0:
            row0, row1 = row1, row0
        if col0 is not None and col1 is not None and col1 < col0:
            col0, col1 = col1, col0
        return (
            row0 if row0 is not None else (0 if row1 is not None else None),
            row1 + 1 if row1 is not None else None,
            col0 if col0 is not None else (0 if col1 is not None else None),
            col1 + 1 if col1 is not None else None,
        )
    row, col = _cell(text)
    if row is None or col is None:
        raise A1Error(text)
    return row, row + 1, col, col + 1


def split_title(text: str) -> tuple[str | None, str | None]:
    """Split ``'My tab'!A1:B2`` into (title, cells); either part may be None."""
    if text.startswith("'"):
        index, title = 1, ""
        while True:
            end = text.find("'", index)
            if end < 0:
                raise A1Error(text)
            title += text[index:end]
            if text.startswith("''", end):
                title += "'"
                index = end + 2
                continue
            rest = text[end + 1 :]
            break
        if rest == "":
            return title, None
        if not rest.startswith("!"):
            raise A1Error(text)
        return title, rest[1:] or None
    if "!" in text:
        title, _, cells = text.rpartition("!")
        return title, cells or None
    return None, text


def parse(text: str, titles: set[str] | None = None) -> A1:
    """Parse an A1 range. Without ``!`` the text is a range on the first sheet when it reads
    as cells, else a sheet title (``titles``, folded, tells which when given)."""
    text = text.strip()
    if not text:
        raise A1Error(text)
    title, cells = split_title(text)
    if title is None:
        assert cells is not None
        try:
            bounds = parse_cells(cells)
        except A1Error:
            return A1(cells)
        if titles is not None and cells.casefold() in titles:
            return A1(cells)
        return A1(None, *bounds)
    if cells is None:
        return A1(title)
    return A1(title, *parse_cells(cells))


def format_range(title: str, start_row: int, end_row: int, start_col: int, end_col: int) -> str:
    """``Sheet1!A1:D4``; a single cell as ``Sheet1!B1``."""
    first = f"{column_letters(start_col)}{start_row + 1}"
    if end_row - start_row <= 1 and end_col - start_col <= 1:
        return f"{quote_title(title)}!{first}"
    last = f"{column_letters(max(end_col - 1, start_col))}{max(end_row, start_row + 1)}"
    return f"{quote_title(title)}!{first}:{last}"

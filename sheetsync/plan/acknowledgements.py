"""What people typed in the Alerts tab's last three columns, read back by alert key.

The Alerts tab is an output tab, but its *Acknowledged by*, *Until* and *Note* columns
belong to people: a sync reads them back from the same read that brings the input tabs,
and carries them over by the alert's key, so they survive reordering and every rewrite.
"""

from __future__ import annotations

import datetime as dt

from sheetsync.compute.lifecycle import Acknowledgement
from sheetsync.contracts import Grid
from sheetsync.plan import values as v
from sheetsync.plan.schema import norm

# Header words, (en, ru): the Alerts tab writes them; reading accepts either language, so
# a plan switched from English to Russian keeps its acknowledgements.
KEY = ("Key", "Ключ")
STATE = ("State", "Состояние")
ACKNOWLEDGED_BY = ("Acknowledged by", "Принял")
UNTIL = ("Until", "До")
NOTE = ("Note", "Комментарий")
PEOPLE_COLUMNS = (ACKNOWLEDGED_BY, UNTIL, NOTE)
_NAMES = {
    "key": KEY,
    "by": ACKNOWLEDGED_BY,
    "until": UNTIL,
    "note": NOTE,
}


def header_word(words: tuple[str, str], lang: str) -> str:
    return words[1] if lang == "ru" else words[0]


def _header(rows: list[list]) -> tuple[int, dict[str, int]] | None:
    """The header row (the first with a Key column and an Acknowledged by column)."""
    wanted = {name: {norm(w) for w in words} for name, words in _NAMES.items()}
    for r, row in enumerate(rows[:20]):
        found: dict[str, int] = {}
        for c, raw in enumerate(row):
            if not isinstance(raw, str):
                continue
            text = norm(raw)
            for name, words in wanted.items():
                if text in words and name not in found:
                    found[name] = c
        if "key" in found and "by" in found:
            return r, found
    return None


def _text(row: list, column: int | None) -> str | None:
    if column is None or column >= len(row):
        return None
    raw = row[column]
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return str(raw).strip()


def _date(row: list, column: int | None, day_first: bool) -> dt.date | None:
    if column is None or column >= len(row) or v.is_blank(row[column]):
        return None
    try:
        return v.parse_date(row[column], day_first)
    except v.BadValue:
        return None


def read_acknowledgements(grid: Grid | None, day_first: bool = True) -> dict[str, Acknowledgement]:
    """Alert key -> what a person typed beside it. Only rows of the open alerts count: the
    table ends at its first row without a key (the resolved alerts listed below it carry
    no acknowledgement: it ended with them). An Until that is not a date counts as none."""
    if grid is None or not grid.rows:
        return {}
    rows = grid.rows
    found = _header(rows)
    if found is None:
        return {}
    header, columns = found
    acknowledged: dict[str, Acknowledgement] = {}
    for row in rows[header + 1 :]:
        key = _text(row, columns["key"])
        if key is None:
            break
        by = _text(row, columns.get("by"))
        note = _text(row, columns.get("note"))
        until = _date(row, columns.get("until"), day_first)
        if by or note:
            acknowledged[key] = Acknowledgement(by or "", until, note)
    return acknowledged

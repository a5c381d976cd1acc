"""The contract every backend keeps: what it reads, what it is asked to write, how it answers.

A backend reads the workbook's metadata (tab titles, the marks on tabs sheetsync owns,
locale, time zone), then the raw cells of the tabs asked for, and applies one `Changes`
all at once. It never decides which tabs are inputs or outputs: sync.py does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from sheetsync.render.model import OutputTab

MARK_NAME = "_sheetsync"  # xlsx sheet-scoped defined name / Sheets developer-metadata key


@dataclass
class Grid:
    """The raw cells of one tab; `rows[0][0]` is the sheet's cell at (first_row, first_col).

    Rows may be ragged (Sheets drops trailing empty cells). An empty cell is None, or "" as
    Google Sheets sends it: the rows are the decoded answer, not a copy.
    """

    rows: list[list]
    first_row: int = 0  # 0-based
    first_col: int = 0


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
    """Something a backend must tell the people who read the Sync tab: an i18n message key
    and its values, put into words in the plan's language once the plan has been read."""

    key: str
    values: tuple[tuple[str, object], ...] = ()

    def text(self, lang: str) -> str:
        from sheetsync.i18n import say, terms

        values = {k: terms(lang, v) if isinstance(v, tuple) else v for k, v in self.values}
        return say(lang, self.key, **values)


@dataclass
class WorkbookInfo:
    title: str
    tabs: list[str]  # every tab title, in workbook order
    owned: dict[str, OwnedTab]  # by output key
    locale: str | None = None  # e.g. ru_RU; None when the workbook does not say
    time_zone: str | None = None
    notes: list[Note] = field(default_factory=list)  # things the run should tell people


@dataclass
class TabUpdate:
    tab: OutputTab
    replace: str | None  # title of the owned tab rewritten in place, None for a new tab


@dataclass
class Changes:
    updates: list[TabUpdate] = field(default_factory=list)
    deletes: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.updates or self.deletes)


@dataclass
class WriteOutcome:
    location: str  # where outputs went: the workbook, or a sibling file
    saved: bool


@dataclass
class ApiCalls:
    read: int = 0
    write: int = 0

    def to_json(self) -> dict:
        return {"read": self.read, "write": self.write}


class Backend(Protocol):
    location: str
    calls: ApiCalls

    def info(self) -> WorkbookInfo: ...

    def read(self, titles: list[str]) -> dict[str, Grid]: ...

    def write(self, changes: Changes) -> WriteOutcome: ...

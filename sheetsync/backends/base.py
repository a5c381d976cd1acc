"""The contract every backend keeps: what it reads, what it is asked to write, how it answers.
The things it reads and writes (grids, marks, output tabs) are in sheetsync.contracts.

A backend reads the workbook's metadata (tab titles, the marks on tabs sheetsync owns,
locale, time zone), then the raw cells of the tabs asked for, and applies one `Changes`
all at once. It never decides which tabs are inputs or outputs: sync.py does.
"""

from __future__ import annotations

from typing import Protocol

from sheetsync.contracts import ApiCalls, Changes, Grid, WorkbookInfo, WriteOutcome


class Backend(Protocol):
    location: str
    calls: ApiCalls

    def info(self) -> WorkbookInfo: ...

    def read(self, titles: list[str]) -> dict[str, Grid]: ...

    def write(self, changes: Changes) -> WriteOutcome: ...

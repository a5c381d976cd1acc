"""One workbook per backend, seen the same way by the backend contract suite.

A handle creates a workbook holding given input tabs, opens backends on it, and lets a test
act as a person would (edit cells, add or rename a tab) and look at what is stored, without
going through the backend under test. Add a backend: add a handle class to HANDLES.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import openpyxl
from python_calamine import CalamineWorkbook

from sheetsync.backends.xlsx import XlsxBackend, create_workbook


def _plain(value):
    return None if value == "" else value


class XlsxHandle:
    name = "xlsx"

    def __init__(self, tmp_path: Path, tabs: dict[str, list[list]]) -> None:
        self.path = tmp_path / "plan.xlsx"
        create_workbook(self.path, tabs, {})

    def backend(self) -> XlsxBackend:
        return XlsxBackend(self.path)

    def titles(self) -> list[str]:
        return CalamineWorkbook.from_path(str(self.path)).sheet_names

    def values(self, title: str) -> list[list]:
        """The tab's values as stored, trailing empties trimmed like the Sheets API does."""
        sheet = CalamineWorkbook.from_path(str(self.path)).get_sheet_by_name(title)
        rows = [[_plain(x) for x in row] for row in sheet.to_python()]
        trimmed = []
        for row in rows:
            while row and row[-1] is None:
                row.pop()
            trimmed.append(row)
        while trimmed and not trimmed[-1]:
            trimmed.pop()
        return trimmed

    def set_values(self, title: str, rows: list[list]) -> None:
        """A person replaces a tab's contents (creating the tab if needed)."""
        book = openpyxl.load_workbook(self.path)
        if title in book.sheetnames:
            book.remove(book[title])
        ws = book.create_sheet(title)
        for row in rows:
            ws.append(row)
        book.save(self.path)

    def rename(self, old: str, new: str) -> None:
        book = openpyxl.load_workbook(self.path)
        book[old].title = new
        book.save(self.path)

    def fingerprint(self) -> str:
        """Changes whenever anything is written to the workbook."""
        data = self.path.read_bytes()
        return f"{hashlib.sha256(data).hexdigest()}:{self.path.stat().st_mtime_ns}"


class GoogleSheetsHandle:
    """A spreadsheet in the in-process Sheets fake, reached by the real gspread."""

    name = "gsheets"

    def __init__(self, tmp_path: Path, tabs: dict[str, list[list]]) -> None:
        from tests.fakes.sheets_api import FakeSheetsAPI

        self.fake = FakeSheetsAPI()
        self.spreadsheet_id = self.fake.create_spreadsheet("Marketing plan", tabs)

    def backend(self):
        from sheetsync.backends.gsheets import GoogleSheetsBackend

        return GoogleSheetsBackend(self.spreadsheet_id, session=self.fake.session())

    def titles(self) -> list[str]:
        return [s.title for s in self.fake.spreadsheet(self.spreadsheet_id).sheets]

    def values(self, title: str) -> list[list]:
        return [[_plain(x) for x in row] for row in self.fake.values(self.spreadsheet_id, title)]

    def set_values(self, title: str, rows: list[list]) -> None:
        if title in self.titles():
            self.fake.delete_sheet(self.spreadsheet_id, title)
        self.fake.add_sheet(self.spreadsheet_id, title, rows)

    def rename(self, old: str, new: str) -> None:
        self.fake.rename_sheet(self.spreadsheet_id, old, new)

    def fingerprint(self) -> str:
        import json

        state = self.fake.spreadsheet_json(self.spreadsheet_id, include_grid_data=True)
        writes = sum(method != "GET" for method, _ in self.fake.calls)
        text = json.dumps(state, sort_keys=True, default=str)
        return f"{hashlib.sha256(text.encode()).hexdigest()}:{writes}"


HANDLES = {"xlsx": XlsxHandle, "gsheets": GoogleSheetsHandle}

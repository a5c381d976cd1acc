"""Test doubles owned by the test suite: an in-process fake of the Google Sheets API v4
(``FakeSheetsAPI``), its discovery-document validator and the recording replayer."""

from .sheets_api import FakeSheetsAPI

__all__ = ["FakeSheetsAPI"]

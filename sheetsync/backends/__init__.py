"""Backends move grids of raw cells in and out of a workbook; they know nothing of plans.

`spreadsheet_id` says which backend a workbook target names: a Google spreadsheet (its URL or
bare ID) or, when it finds none, a local file.
"""

import re

_SPREADSHEET_URL = re.compile(r"/spreadsheets/d/([a-zA-Z0-9-_]+)")
_SPREADSHEET_ID = re.compile(r"^[a-zA-Z0-9-_]{25,}$")


def spreadsheet_id(target: str) -> str | None:
    """The Google spreadsheet ID in a URL or bare ID, or None for a local path."""
    if m := _SPREADSHEET_URL.search(target):
        return m[1]
    if _SPREADSHEET_ID.match(target) and not target.lower().endswith((".xlsx", ".xlsm")):
        return target
    return None

"""Backends move grids of raw cells in and out of a workbook; they know nothing of plans."""

from sheetsync.backends.base import Backend, Changes, Grid, OwnedTab, WorkbookInfo, WriteOutcome

__all__ = ["Backend", "Changes", "Grid", "OwnedTab", "WorkbookInfo", "WriteOutcome"]

"""Failures that end a run, each with the exit code the command line promises.

Plan problems are not here: they are results (exit 0). These are the cases where sheetsync
cannot do its job at all, and the message says what the person should do.
"""

from __future__ import annotations


class SheetsyncError(Exception):
    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(SheetsyncError):
    """Bad arguments or configuration: exit 2."""

    exit_code = 2


class AuthError(SheetsyncError):
    """Authentication or permission: exit 3."""

    exit_code = 3


class UnreachableError(SheetsyncError):
    """The workbook could not be reached, even after retries: exit 4."""

    exit_code = 4


class BusyError(SheetsyncError):
    """Another sync holds the lock, or the file is open in a spreadsheet program: exit 5."""

    exit_code = 5

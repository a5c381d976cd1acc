"""Why an export file cannot be imported: a message key, its values, and the line it is on."""

from __future__ import annotations


class ExportError(Exception):
    """A file that cannot be imported (as a whole: a failed or partial file imports nothing).

    `key` names the message in the word catalogue; `values` fill it in; `line` is the
    file's line (a CSV line, an XLSX row) where the trouble is, when there is one.
    """

    def __init__(self, key: str, line: int | None = None, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.line = line
        self.values = values

"""What sheetsync prints is text a terminal shows as text: control characters are dropped.

Cells hold what people pasted, escape sequences included (ESC [ … to recolour or clear a
terminal, OSC 8 links, a backspace). Everything written to stdout and stderr, cron mail
included, goes through `printable()`, which keeps newline and tab and drops the rest of the
C0 and C1 control characters.
"""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Iterator
from typing import TextIO

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    return _CONTROL.sub("", text)


class _PrintableStream:
    """A text stream that drops control characters on their way to `stream`."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(printable(text))
        return len(text)

    def __getattr__(self, name: str) -> object:
        return getattr(self.stream, name)


@contextlib.contextmanager
def printable_output() -> Iterator[None]:
    """stdout and stderr filtered through `printable` for the block."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _PrintableStream(out), _PrintableStream(err)  # type: ignore[assignment]
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err

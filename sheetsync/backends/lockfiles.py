"""What a spreadsheet program's lock file beside a workbook says, in a sentence for people.

LibreOffice leaves `.~lock.NAME#` (`,user,host,DD.MM.YYYY HH:MM,…`) and Excel `~$NAME` while
the file is open; a program that crashed leaves them behind. The run still refuses (exit 5):
only a person can tell an open window from a crash. The message says which it may be, and
how to remove a stale lock.
"""

from __future__ import annotations

import os
import socket
import time
from pathlib import Path

STALE_AFTER_SECONDS = 24 * 3600


def _office_running() -> bool | None:
    """Whether a LibreOffice or OpenOffice process runs on this machine (None: cannot tell,
    no /proc)."""
    proc = Path("/proc")
    if not proc.is_dir():
        return None
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            name = (entry / "comm").read_text().strip()
        except OSError:
            continue
        if name.startswith(("soffice", "oosplash")):
            return True
    return False


def lock_host(lock: Path) -> str | None:
    """The machine a LibreOffice lock file names, or None (Excel's, or unreadable)."""
    try:
        fields = lock.read_text(encoding="utf-8", errors="replace").split(",")
    except OSError:
        return None
    return fields[2].strip() if len(fields) > 2 and fields[2].strip() else None


def why_stale(lock: Path, *, now: float | None = None) -> str | None:
    """Why the lock may be stale, as a clause, or None when it looks live."""
    try:
        age = (now if now is not None else time.time()) - lock.stat().st_mtime
    except OSError:
        return None
    if age > STALE_AFTER_SECONDS:
        return f"it is {int(age // 86400)} day(s) old" if age >= 86400 else "it is old"
    host = lock_host(lock)
    here = lock.name.startswith(".~lock.") and host == socket.gethostname()
    if here and _office_running() is False:
        return f"it names this machine ({host}) and no LibreOffice runs here"
    return None


def busy_message(path: Path, lock: Path) -> str:
    """The refusal for a workbook with a lock file beside it."""
    stale = why_stale(lock)
    if stale:
        return (
            f"{path} looks open in a spreadsheet program ({lock.name} exists), but the lock "
            f"may be stale: {stale}. If nobody has the file open, delete the lock "
            f"(rm {_quoted(lock)}) and run again. Nothing was written."
        )
    return (
        f"{path} is open in a spreadsheet program ({lock.name} exists); close it and run "
        f"again. If nobody has it open (a program crashed), delete {_quoted(lock)}. "
        "Nothing was written."
    )


def _quoted(lock: Path) -> str:
    import shlex

    return shlex.quote(os.fspath(lock))

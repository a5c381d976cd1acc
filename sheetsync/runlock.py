"""One run at a time per workbook: an advisory lock file that follows the workbook.

For an .xlsx, the lock is `.~sheetsync.NAME.lock` beside the resolved file (as LibreOffice
keeps `.~lock.NAME#`), so two runs on one workbook exclude each other whatever folder each
was started from, and whatever state folder each uses. For a Google spreadsheet it is
`<per-user state folder>/locks/<spreadsheet ID>.lock` (`$XDG_STATE_HOME/sheetsync`, else
`~/.local/state/sheetsync`). A workbook in a folder this user cannot write to (only `check`
or `pull` can work there) is locked in that per-user folder, keyed by its resolved path.

The lock is an `flock` on that file. The kernel drops it when the holding process ends,
however it ends, so a lock left by a killed run is simply free: the next run takes it over
without guessing from PIDs or ages. The file is removed when the run ends; a run that finds
the file replaced while it waited for it starts over, so removal never lets two runs in.
Its text (who holds it, since when) is only for the message a second run prints.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import os
import re
import socket
import time
from collections.abc import Iterator
from pathlib import Path

from sheetsync.backends import spreadsheet_id
from sheetsync.errors import BusyError


def user_state_dir() -> Path:
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "sheetsync"


def lock_path(state_dir: Path | None, workbook: str) -> Path:
    """Where the workbook's lock lives (`state_dir` is no longer used: the lock follows the
    workbook, not the folder a run was started from)."""
    sid = spreadsheet_id(workbook)
    if sid is not None:
        return user_state_dir() / "locks" / f"{re.sub(r'[^A-Za-z0-9_-]+', '_', sid)}.lock"
    resolved = Path(workbook).expanduser().resolve()
    if os.access(resolved.parent, os.W_OK):
        return resolved.with_name(f".~sheetsync.{resolved.name}.lock")
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", resolved.name)[:60]
    digest = hashlib.sha256(str(resolved).encode()).hexdigest()[:12]
    return user_state_dir() / "locks" / f"{slug}-{digest}.lock"


@contextlib.contextmanager
def workbook_lock(
    state_dir: Path | None, workbook: str, wait: float = 0.0, poll: float = 0.2
) -> Iterator[Path]:
    """Hold the workbook's lock for the block; BusyError (exit 5) if another run holds it."""
    path = lock_path(state_dir, workbook)
    path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + max(0.0, wait)
    while True:
        handle = open(path, "a+")  # noqa: SIM115 - held open for the whole block
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            handle.close()
            if time.monotonic() >= deadline:
                waited = f" after waiting {wait:g} s" if wait else ""
                raise BusyError(
                    f"another sync is running on {workbook} ({holder}){waited}; "
                    "nothing was written. Use --wait SECONDS to queue behind it."
                ) from None
            time.sleep(poll)
            continue
        if _same_file(handle, path):
            break
        handle.close()  # the run before removed it as we took it: take the new one
    try:
        handle.seek(0)
        handle.truncate()
        handle.write(
            f"pid {os.getpid()} on {socket.gethostname()} since "
            f"{dt.datetime.now().isoformat(timespec='seconds')}\n"
        )
        handle.flush()
        yield path
    finally:
        with contextlib.suppress(OSError):
            path.unlink()  # while still held: a run waiting on it starts over on a new file
        handle.close()  # closing the descriptor releases the flock


def _same_file(handle, path: Path) -> bool:
    try:
        return os.fstat(handle.fileno()).st_ino == os.stat(path).st_ino
    except OSError:
        return False

"""One run at a time per workbook: an advisory lock file in the state folder.

The lock is an `flock` on `STATE/locks/<workbook>.lock`. The kernel drops it when the
holding process ends, however it ends, so a lock left by a killed run is simply free: the
next run takes it over without guessing from PIDs or ages. The file's text (who holds it,
since when) is only for the message a second run prints.
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

from sheetsync.errors import BusyError


def lock_path(state_dir: Path, workbook: str) -> Path:
    """A lock file name that is stable for a workbook and readable by a person."""
    key = (
        str(Path(workbook).resolve()) if "/" in workbook or workbook.endswith(".xlsx") else workbook
    )
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(key).name)[:60]
    digest = hashlib.sha256(key.encode()).hexdigest()[:12]
    return state_dir / "locks" / f"{slug}-{digest}.lock"


@contextlib.contextmanager
def workbook_lock(
    state_dir: Path, workbook: str, wait: float = 0.0, poll: float = 0.2
) -> Iterator[Path]:
    """Hold the workbook's lock for the block; BusyError (exit 5) if another run holds it."""
    path = lock_path(state_dir, workbook)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "a+")  # noqa: SIM115 - held open for the whole block
    try:
        deadline = time.monotonic() + max(0.0, wait)
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    handle.seek(0)
                    holder = handle.read().strip() or "another process"
                    waited = f" after waiting {wait:g} s" if wait else ""
                    raise BusyError(
                        f"another sync is running on {workbook} ({holder}){waited}; "
                        "nothing was written. Use --wait SECONDS to queue behind it."
                    ) from None
                time.sleep(poll)
        handle.seek(0)
        handle.truncate()
        handle.write(
            f"pid {os.getpid()} on {socket.gethostname()} since "
            f"{dt.datetime.now().isoformat(timespec='seconds')}\n"
        )
        handle.flush()
        yield path
    finally:
        handle.close()  # closing the descriptor releases the flock

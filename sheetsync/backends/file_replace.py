"""Replacing a local file safely: beside its real target, owner and mode kept, fsync'd, and
only if nobody saved it since it was read.

A symlink is followed and its target replaced (the link stays a link). The new bytes go
to a temporary file in the target's folder, are fsync'd, get the old file's mode, owner
and group, and are renamed over it; the folder is fsync'd after. Just before the rename,
the file must still be the one that was read (size, mtime_ns and a hash of its bytes) and
no spreadsheet program may have opened it: otherwise nothing is written (BusyError, exit
5). Temporary files a killed run left behind are removed.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sheetsync.errors import BusyError

log = logging.getLogger(__name__)

TEMP_PREFIX = ".sheetsync-tmp-"


@dataclass(frozen=True)
class FileSeen:
    """A file as it was read: where it really is, and what it held."""

    path: Path  # symlinks resolved
    size: int
    mtime_ns: int
    sha256: str


def read_file(path: Path) -> tuple[bytes, FileSeen]:
    """The file's bytes and what to recognise them by later."""
    resolved = path.resolve()
    with open(path, "rb") as handle:  # the path as given, so an error names it so
        before = os.fstat(handle.fileno())
        data = handle.read()
    return data, FileSeen(
        resolved, before.st_size, before.st_mtime_ns, hashlib.sha256(data).hexdigest()
    )


def lock_files(path: Path) -> list[Path]:
    """The lock files LibreOffice and Excel leave beside a file they have open."""
    candidates = [path.with_name(f".~lock.{path.name}#"), path.with_name(f"~${path.name}")]
    # Excel shortens long names: ~$ replaces the first two characters.
    if len(path.name) > 2:
        candidates.append(path.with_name("~$" + path.name[2:]))
    return [p for p in candidates if p.exists()]


def opened_by_a_program(paths: list[Path]) -> BusyError | None:
    for path in paths:
        locks = lock_files(path)
        if locks:
            from sheetsync.backends.lockfiles import busy_message

            # Says whether the lock may be stale (a crashed program) and how to remove it.
            return BusyError(busy_message(path, locks[0]))
    return None


def changed_since(seen: FileSeen) -> bool:
    """Whether the file is no longer the one read: another size, time or content."""
    try:
        now = os.stat(seen.path)
    except FileNotFoundError:
        return True
    if (now.st_size, now.st_mtime_ns) != (seen.size, seen.mtime_ns):
        return True
    with open(seen.path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest() != seen.sha256


def clean_stale_temp_files(target: Path) -> None:
    """Remove temporary files a killed run left beside the workbook."""
    for stale in target.parent.glob(f"{TEMP_PREFIX}{target.name}*"):
        try:
            stale.unlink()
            log.info("removed a temporary file left by an interrupted run: %s", stale)
        except OSError:
            pass


def replace_file(seen: FileSeen, data: bytes, shown: list[Path]) -> FileSeen:
    """Put `data` where the file `seen` was read, if it is still that file; what the file
    is now.

    `shown`: the paths a person knows the file by (the link and its target), whose lock
    files say a spreadsheet program has it open."""
    target = seen.path
    clean_stale_temp_files(target)
    fd, name = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{target.name}.", dir=target.parent)
    temp = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        keep_mode_and_owner(temp, os.stat(target))
        busy = opened_by_a_program(shown)
        if busy is None and changed_since(seen):
            busy = BusyError(
                f"Someone saved {target.name} while sheetsync was syncing it. Nothing was "
                "written, so their changes are safe; run again to sync the saved workbook."
            )
        if busy is not None:
            raise busy
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    fsync_folder(target.parent)
    now = os.stat(target)
    return FileSeen(target, now.st_size, now.st_mtime_ns, hashlib.sha256(data).hexdigest())


def write_new_file(path: Path, data: bytes) -> None:
    """A new file, whole or not at all: through a temporary file, with the usual mode."""
    fd, name = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{path.name}.", dir=path.parent)
    temp = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        umask = os.umask(0)  # mkstemp makes 0600 files; a new workbook gets the umask's mode
        os.umask(umask)
        os.chmod(temp, 0o666 & ~umask)
        if path.exists():
            raise FileExistsError(f"{path} appeared while it was being created")
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    fsync_folder(path.parent)


def keep_mode_and_owner(temp: Path, original: os.stat_result) -> None:
    os.chmod(temp, original.st_mode & 0o7777)
    if (original.st_uid, original.st_gid) == (os.getuid(), os.getgid()):
        return
    try:  # root (a cron job) can give the file back to its owner
        os.chown(temp, original.st_uid, original.st_gid)
    except PermissionError:
        try:  # a member of the file's group can at least keep the group
            os.chown(temp, -1, original.st_gid)
        except PermissionError:
            log.warning("could not keep the owner and group of %s", temp.name)
    os.chmod(temp, original.st_mode & 0o7777)  # chown clears setuid/setgid bits


def fsync_folder(folder: Path) -> None:
    try:
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)
    except OSError:  # some filesystems cannot fsync a folder; the rename is still atomic
        pass

"""KPI history: what each sync computed, kept in SQLite in the state folder.

One file, `<state folder>/history.sqlite3` (stdlib sqlite3, WAL journal), holds every
workbook's records, keyed by workbook and day: a second run on the same day replaces that
day's record. Reports read it for "change since the previous report"; `sheetsync history`
shows a KPI over time. Days are the run's `today`, never the wall clock.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sheetsync.backends import spreadsheet_id
from sheetsync.compute.lifecycle import Acknowledgement, KeyRecord

FILE_NAME = "history.sqlite3"
DEFAULT_STATE_DIR = Path(".sheetsync")
# 2: runs.lang, so `sheetsync history` speaks the plan's language; 3: alert keys,
# notifications sent and reports delivered; 4: the values each write wrote (sheetsync.typed);
# 5: final reports waiting to be e-mailed.
SCHEMA_VERSION = 5
# How long a write waits for another process holding the file (a second sync, a person's
# sqlite3 shell) before it gives up; the run then goes on without recording (sync.py).
BUSY_SECONDS = 10.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    workbook TEXT NOT NULL,
    day TEXT NOT NULL,
    plan_name TEXT,
    budget TEXT,
    checklist_score REAL,
    checklist TEXT,
    alerts TEXT,
    lang TEXT,
    PRIMARY KEY (workbook, day)
);
CREATE TABLE IF NOT EXISTS kpis (
    workbook TEXT NOT NULL,
    day TEXT NOT NULL,
    goal_id TEXT NOT NULL,
    goal TEXT,
    metric TEXT,
    status TEXT,
    current REAL,
    target REAL,
    progress REAL,
    expected REAL,
    pace REAL,
    forecast REAL,
    PRIMARY KEY (workbook, day, goal_id)
);
CREATE TABLE IF NOT EXISTS alert_keys (
    workbook TEXT NOT NULL,
    key TEXT NOT NULL,
    code TEXT,
    subject TEXT,
    severity TEXT,
    amount REAL,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    worse_on TEXT,
    resolved_on TEXT,
    reopened_on TEXT,
    ack_by TEXT,
    ack_until TEXT,
    ack_note TEXT,
    ack_on TEXT,
    message TEXT,
    owner TEXT,
    PRIMARY KEY (workbook, key)
);
CREATE TABLE IF NOT EXISTS notified (
    workbook TEXT NOT NULL,
    recipient TEXT NOT NULL,
    key TEXT NOT NULL,
    episode TEXT NOT NULL,
    day TEXT NOT NULL,
    PRIMARY KEY (workbook, recipient, key, episode)
);
CREATE TABLE IF NOT EXISTS written (
    workbook TEXT NOT NULL,
    tab TEXT NOT NULL,
    digest TEXT NOT NULL,
    cells BLOB NOT NULL,
    PRIMARY KEY (workbook, tab)
);
CREATE TABLE IF NOT EXISTS outbox (
    workbook TEXT NOT NULL,
    what TEXT NOT NULL,
    day TEXT NOT NULL,
    subject TEXT NOT NULL,
    text TEXT NOT NULL,
    html TEXT NOT NULL,
    recipients TEXT NOT NULL,
    PRIMARY KEY (workbook, what)
);
CREATE TABLE IF NOT EXISTS deliveries (
    workbook TEXT NOT NULL,
    what TEXT NOT NULL,
    recipient TEXT NOT NULL,
    day TEXT NOT NULL,
    PRIMARY KEY (workbook, what, recipient)
);
"""
KPI_FIELDS = ("goal", "metric", "status", "current", "target", "progress", "expected", "pace",
              "forecast", "format")  # fmt: skip


@dataclass(frozen=True)
class Snapshot:
    """The figures recorded for one workbook on one day."""

    day: dt.date
    kpis: dict[str, dict[str, Any]]  # goal ID -> {status, current, progress, …}
    checklist_score: float | None = None
    budget: dict[str, Any] | None = None
    alerts: list[dict[str, Any]] = field(default_factory=list)


def workbook_key(location: str, base: Path | None = None) -> str:
    """How history names a workbook: a Google spreadsheet's ID; a local file's path relative
    to `base` (the folder the state folder sits in) when it lies below it, so moving the
    whole folder keeps the history; else its full path."""
    sid = spreadsheet_id(location)
    if sid is not None:
        return sid
    path = Path(location).expanduser().resolve()
    if base is not None:
        try:
            return path.relative_to(base.resolve()).as_posix()
        except ValueError:
            pass
    return str(path)


class History:
    """The history file of one state folder. Opening it creates nothing until a record."""

    def __init__(self, state_dir: str | Path | None = None) -> None:
        self.state_dir = Path(state_dir) if state_dir is not None else DEFAULT_STATE_DIR
        self.path = self.state_dir / FILE_NAME
        self._db: sqlite3.Connection | None = None

    def _connect(self, create: bool) -> sqlite3.Connection | None:
        if self._db is not None:
            return self._db
        if not create and not self.path.exists():
            return None
        if create:
            self.state_dir.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=BUSY_SECONDS)
        db.execute(f"PRAGMA busy_timeout={int(BUSY_SECONDS * 1000)}")
        db.execute("PRAGMA journal_mode=WAL")
        if db.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
            db.executescript(_SCHEMA)
            if "lang" not in {row[1] for row in db.execute("PRAGMA table_info(runs)")}:
                db.execute("ALTER TABLE runs ADD COLUMN lang TEXT")  # a version 1 file
            db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            db.commit()
        # Each KPI's value format (percent, int, number), so `sheetsync history` shows a rate
        # as 2.2 %, as every other output does. Added where missing, whatever the version.
        if "format" not in {row[1] for row in db.execute("PRAGMA table_info(kpis)")}:
            db.execute("ALTER TABLE kpis ADD COLUMN format TEXT")
            db.commit()
        self._db = db
        return db

    def workbook_key(self, location: str) -> str:
        """The name this history gives a workbook (see `workbook_key`)."""
        return workbook_key(location, self.state_dir.expanduser().resolve().parent)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ---------------------------------------------------------------------------
    def record(self, workbook: str, figures: dict[str, Any]) -> None:
        """Record a run's figures (the shape of `RunResult.to_json()`), replacing that day's."""
        db = self._connect(create=True)
        assert db is not None
        day = figures["today"]
        checklist = figures.get("checklist") or None
        score = checklist.get("score") if isinstance(checklist, dict) else None
        # The budget's figures, not its chart series and per-goal lists.
        budget = {
            k: v for k, v in (figures.get("budget") or {}).items() if not isinstance(v, list | dict)
        }
        with db:
            db.execute("DELETE FROM kpis WHERE workbook = ? AND day = ?", (workbook, day))
            db.execute(
                "INSERT OR REPLACE INTO runs (workbook, day, plan_name, budget, checklist_score,"
                " checklist, alerts, lang) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    workbook,
                    day,
                    figures.get("plan"),
                    _dumps(budget or None),
                    score,
                    _dumps(checklist),
                    _dumps(figures.get("alerts") or []),
                    figures.get("lang"),
                ),
            )
            db.executemany(
                f"INSERT OR REPLACE INTO kpis (workbook, day, goal_id, {', '.join(KPI_FIELDS)})"
                f" VALUES ({', '.join('?' * (3 + len(KPI_FIELDS)))})",
                [
                    (workbook, day, k["id"], *(k.get(f) for f in KPI_FIELDS))
                    for k in figures.get("kpis", [])
                    if k.get("id") is not None
                ],
            )

    # -- reading ---------------------------------------------------------------------------
    def snapshot(self, workbook: str, on_or_before: dt.date) -> Snapshot | None:
        """The latest record dated on or before `on_or_before`, or None."""
        db = self._connect(create=False)
        if db is None:
            return None
        row = db.execute(
            "SELECT day, budget, checklist_score, alerts FROM runs "
            "WHERE workbook = ? AND day <= ? ORDER BY day DESC LIMIT 1",
            (workbook, on_or_before.isoformat()),
        ).fetchone()
        if row is None:
            return None
        day, budget, score, alerts = row
        kpis = {
            goal_id: dict(zip(KPI_FIELDS, values, strict=True))
            for goal_id, *values in db.execute(
                f"SELECT goal_id, {', '.join(KPI_FIELDS)} FROM kpis WHERE workbook = ? AND day = ?",
                (workbook, day),
            )
        }
        return Snapshot(
            dt.date.fromisoformat(day), kpis, score, _loads(budget), _loads(alerts) or []
        )

    def kpi_path(self, workbook: str, goal: str | None = None) -> list[dict[str, Any]]:
        """Every recorded day of every goal (or one goal), oldest first."""
        db = self._connect(create=False)
        if db is None:
            return []
        query = f"SELECT day, goal_id, {', '.join(KPI_FIELDS)} FROM kpis WHERE workbook = ?"
        params: list[Any] = [workbook]
        if goal is not None:
            query += " AND goal_id = ?"
            params.append(goal)
        query += " ORDER BY goal_id, day"
        return [
            {"date": day, "id": goal_id, **dict(zip(KPI_FIELDS, values, strict=True))}
            for day, goal_id, *values in db.execute(query, params)
        ]

    def language(self, workbook: str) -> str | None:
        """The plan's language at its latest record, or None (nothing recorded, or a record
        made before the language was kept)."""
        db = self._connect(create=False)
        if db is None:
            return None
        row = db.execute(
            "SELECT lang FROM runs WHERE workbook = ? AND lang IS NOT NULL ORDER BY day DESC"
            " LIMIT 1",
            (workbook,),
        ).fetchone()
        return row[0] if row else None

    # -- alert keys, notifications, deliveries -------------------------------------------
    def alert_records(self, workbook: str) -> dict[str, KeyRecord]:
        """What is remembered of every alert key of this workbook, open or resolved."""
        db = self._connect(create=False)
        if db is None:
            return {}
        found = {}
        for row in db.execute(
            "SELECT key, code, subject, severity, amount, first_seen, last_seen, worse_on,"
            " resolved_on, reopened_on, ack_by, ack_until, ack_note, ack_on, message, owner"
            " FROM alert_keys"
            " WHERE workbook = ?",
            (workbook,),
        ):
            key, code, subject, severity, amount, first, last, worse, resolved, reopened = row[:10]
            by, until, note, on, message, owner = row[10:]
            ack = Acknowledgement(by, _day(until), note, _day(on)) if by else None
            found[key] = KeyRecord(
                key, code, subject, _day(first) or dt.date.min, _day(last) or dt.date.min,
                severity, amount, _day(worse), _day(resolved), ack, _day(reopened),
                message, owner,
            )  # fmt: skip
        return found

    def record_alerts(self, workbook: str, records: list[KeyRecord]) -> None:
        """Replace what is remembered of these keys; resolved keys older than a year go."""
        db = self._connect(create=True)
        assert db is not None
        rows = [_key_row(workbook, r) for r in records]
        with db:
            db.executemany(
                "INSERT OR REPLACE INTO alert_keys VALUES"
                " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            if records:
                newest = max(r.last_seen for r in records)
                db.execute(
                    "DELETE FROM alert_keys WHERE workbook = ? AND resolved_on < ?",
                    (workbook, (newest - dt.timedelta(days=366)).isoformat()),
                )

    def notified(self, workbook: str, recipient: str) -> set[tuple[str, str]]:
        """(key, episode) pairs this recipient has been told about."""
        db = self._connect(create=False)
        if db is None:
            return set()
        return set(
            db.execute(
                "SELECT key, episode FROM notified WHERE workbook = ? AND recipient = ?",
                (workbook, recipient),
            )
        )

    def record_notified(
        self, workbook: str, recipient: str, told: list[tuple[str, str]], day: dt.date
    ) -> None:
        db = self._connect(create=True)
        assert db is not None
        with db:
            db.executemany(
                "INSERT OR REPLACE INTO notified VALUES (?, ?, ?, ?, ?)",
                [(workbook, recipient, key, episode, day.isoformat()) for key, episode in told],
            )

    def post(
        self,
        workbook: str,
        what: str,
        day: dt.date,
        subject: str,
        text: str,
        html: str,
        recipients: list[str],
    ) -> bool:
        """Put a message (a final report) in the outbox once; False if it was there already."""
        db = self._connect(create=True)
        assert db is not None
        with db:
            cursor = db.execute(
                "INSERT OR IGNORE INTO outbox VALUES (?, ?, ?, ?, ?, ?, ?)",
                (workbook, what, day.isoformat(), subject, text, html, json.dumps(recipients)),
            )
        return cursor.rowcount == 1

    def outbox(self, workbook: str) -> list[tuple[str, str, str, str, list[str]]]:
        """(what, subject, text, html, recipients not yet delivered) of waiting messages."""
        db = self._connect(create=False)
        if db is None:
            return []
        waiting = []
        for what, subject, text, html, recipients in db.execute(
            "SELECT what, subject, text, html, recipients FROM outbox WHERE workbook = ?"
            " ORDER BY day, what",
            (workbook,),
        ):
            done = self.delivered(workbook, what)
            left = [r for r in json.loads(recipients) if r.casefold() not in done]
            if left:
                waiting.append((what, subject, text, html, left))
        return waiting

    def delivered(self, workbook: str, what: str) -> set[str]:
        """Recipients a thing (a final report) has already been delivered to."""
        db = self._connect(create=False)
        if db is None:
            return set()
        return {
            row[0]
            for row in db.execute(
                "SELECT recipient FROM deliveries WHERE workbook = ? AND what = ?",
                (workbook, what),
            )
        }

    def record_delivered(self, workbook: str, what: str, recipient: str, day: dt.date) -> None:
        db = self._connect(create=True)
        assert db is not None
        with db:
            db.execute(
                "INSERT OR REPLACE INTO deliveries VALUES (?, ?, ?, ?)",
                (workbook, what, recipient.casefold(), day.isoformat()),
            )

    def written(self, workbook: str, tab: str) -> tuple[str, list[list[Any]]] | None:
        """(mark digest, values) of an output tab as sheetsync last wrote it, or None."""
        db = self._connect(create=False)
        if db is None:
            return None
        row = db.execute(
            "SELECT digest, cells FROM written WHERE workbook = ? AND tab = ?", (workbook, tab)
        ).fetchone()
        if row is None:
            return None
        return row[0], json.loads(zlib.decompress(row[1]), object_hook=_dated)

    def record_written(self, workbook: str, tabs: list[tuple[str, str, list[list[Any]]]]) -> None:
        """Remember (tab key, mark digest, values) of the tabs a write just wrote."""
        db = self._connect(create=True)
        assert db is not None
        with db:
            db.executemany(
                "INSERT OR REPLACE INTO written VALUES (?, ?, ?, ?)",
                [
                    (workbook, key, digest,
                     zlib.compress(json.dumps(values, ensure_ascii=False,
                                              default=_undated).encode(), 1))
                    for key, digest, values in tabs
                ],
            )  # fmt: skip


def _key_row(workbook: str, r: KeyRecord) -> tuple:
    ack = r.acknowledgement
    return (
        workbook, r.key, r.code, r.subject, r.severity, r.amount,
        _iso(r.first_seen), _iso(r.last_seen), _iso(r.worse_on), _iso(r.resolved_on),
        _iso(r.reopened_on),
        ack.by if ack else None, _iso(ack.until) if ack else None,
        ack.note if ack else None, _iso(ack.on) if ack else None,
        r.message, r.owner,
    )  # fmt: skip


def _undated(value: object) -> object:
    # A date cell, kept as a date: {"$date": "2026-11-27"}.
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    return str(value)


def _dated(item: dict) -> object:
    if len(item) == 1 and "$date" in item:
        return dt.date.fromisoformat(item["$date"][:10])
    return item


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _dumps(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def _loads(text: str | None) -> Any:
    return None if text is None else json.loads(text)

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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sheetsync.backends import spreadsheet_id

FILE_NAME = "history.sqlite3"
DEFAULT_STATE_DIR = Path(".sheetsync")
SCHEMA_VERSION = 2  # 2: runs.lang, so `sheetsync history` speaks the plan's language

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
"""
KPI_FIELDS = ("goal", "metric", "status", "current", "target", "progress", "expected", "pace",
              "forecast")  # fmt: skip


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
        db = sqlite3.connect(self.path, timeout=10)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA busy_timeout=10000")
        if db.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
            db.executescript(_SCHEMA)
            if "lang" not in {row[1] for row in db.execute("PRAGMA table_info(runs)")}:
                db.execute("ALTER TABLE runs ADD COLUMN lang TEXT")  # a version 1 file
            db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
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
                "INSERT OR REPLACE INTO kpis VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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

    def checklist_path(self, workbook: str) -> list[tuple[str, float | None]]:
        db = self._connect(create=False)
        if db is None:
            return []
        return list(
            db.execute(
                "SELECT day, checklist_score FROM runs WHERE workbook = ? ORDER BY day",
                (workbook,),
            )
        )


def _dumps(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def _loads(text: str | None) -> Any:
    return None if text is None else json.loads(text)

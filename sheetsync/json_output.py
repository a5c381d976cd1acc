"""The `--json` object of a run, built in this one place from the typed Results and what
the run did: ratios as fractions, money as numbers, dates as ISO strings, absent as null."""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from sheetsync.compute import Results
from sheetsync.reports.model import kpi_formats

if TYPE_CHECKING:
    from sheetsync.sync import RunResult


def run_json(run: RunResult) -> dict[str, Any]:
    """The object `--json` prints, with stable keys (docs/commands.md)."""
    r = run.results
    checklist = r.checklist.to_json()
    return {
        "today": r.today.isoformat(),
        "workbook": run.location,
        "kpis": [
            {**kpi, "format": fmt}
            for kpi, fmt in zip(
                records(r.kpis, KPI_JSON), kpi_formats(r.plan.goals.df, r.kpis), strict=True
            )
        ],
        "activities": records(r.activities, ACTIVITY_JSON),
        "budget": _jsonable(r.budget.to_json()),
        "alerts": alerts_json(r),
        "resolved_alerts": resolved_json(r),
        "checklist": _jsonable(checklist),
        "owners": records(r.owners, OWNER_JSON),
        "problems": [p.to_json() for p in run.problems],
        "api_calls": run.api_calls.to_json(),
        "tabs_written": list(run.tabs_written),
        "tabs_deleted": list(run.tabs_deleted),
        "tab_changes": list(run.tab_changes),
        "dry_run": run.dry_run,
        "notes": list(run.notes),
        "notifications": [d.to_json() for d in run.notifications],
    }


def alerts_json(results: Results) -> list[dict[str, Any]]:
    """Each alert with its key, state and first day seen (and its acknowledgement)."""
    states = results.lifecycle
    out = []
    for index, alert in enumerate(results.alerts):
        item = alert.to_json()
        state = states.state_of(index)
        ack = state.acknowledgement
        item.update(
            key=state.key,
            state=state.state,
            first_seen=state.first_seen.isoformat(),
            acknowledged_by=ack.by if ack else None,
            acknowledged_until=ack.until.isoformat() if ack and ack.until else None,
            note=state.written.note if state.written else None,
        )
        out.append(item)
    return out


def resolved_json(results: Results) -> list[dict[str, Any]]:
    return [
        {
            "key": r.key,
            "code": r.code,
            "subject": r.subject,
            "first_seen": r.first_seen.isoformat(),
            "resolved_on": r.resolved_on.isoformat() if r.resolved_on else None,
        }
        for r in results.lifecycle.resolved
    ]


def _jsonable(value: Any) -> Any:
    # Text, whole numbers and flags are most of the values: out before the checks below.
    kind = value.__class__
    if kind is str or kind is int or kind is bool:
        return value
    # NaT is a datetime subclass: it must be caught before dates, or it prints as "NaT".
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "item") and not isinstance(value, str | tuple | list):
        value = value.item()
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else round(value, 6)
    if isinstance(value, tuple | list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


def records(frame: pd.DataFrame | None, columns: list[str]) -> list[dict]:
    if frame is None:
        return []
    present = [c for c in columns if c in frame.columns]
    # Column by column: a column's type is known once, rather than asked of every value.
    values = [_json_column(frame[c]) for c in present]
    return [dict(zip(present, row, strict=True)) for row in zip(*values, strict=True)]


def _json_column(column: pd.Series) -> list:
    # pandas' own dtypes (nullable text, categories) take the general way below.
    kind = column.dtype.kind if isinstance(column.dtype, np.dtype) else "O"
    if kind == "f":
        # Python's round (correctly rounded), as _jsonable does, not numpy's.
        return [None if v != v or v in _INFINITIES else round(v, 6) for v in column.tolist()]
    if kind in "biu":
        return column.tolist()
    if kind == "M":
        days = np.datetime_as_string(column.to_numpy().astype("datetime64[D]"), unit="D")
        return [None if d == "NaT" else d for d in days.tolist()]
    return [_jsonable(v) for v in column.tolist()]


_INFINITIES = (math.inf, -math.inf)


KPI_JSON = [
    "id",
    "status",
    "current",
    "progress",
    "expected",
    "pace",
    "forecast",
    "stale",
    "goal",
    "metric",
    "owner",
    "baseline",
    "target",
    "start",
    "end",
    "last_actual",
]
ACTIVITY_JSON = [
    "id",
    "planned",
    "spent",
    "expected_to_date",
    "status",
    "remaining",
    "pace",
    "projected",
    "activity",
    "owner",
    "goals",
    "start",
    "end",
    "typed_spent",  # spend typed on the Spend tab, and imported from the ad cabinets
    "imported_spent",  # (null until anything was imported), whichever of them counts
]
# The spec's keys, then the rest of the owners board: role and goals per KPI status.
OWNER_JSON = [
    "person", "goals", "activities", "alerts", "rewards", "penalties", "on_team", "role",
    "not-started", "no-data", "achieved", "missed", "on-track", "at-risk", "off-track",
    "unmeasurable",
]  # fmt: skip

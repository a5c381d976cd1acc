"""Cells from computed values: NaN and NaT made empty, numpy scalars made plain Python, the
number format a KPI's values take. The Cell itself is a contract (sheetsync.contracts)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable

import pandas as pd

from sheetsync.contracts import Cell, OutputTab


def value_format(
    target_raw: object,
    baseline: object = None,
    target: object = None,
    aggregation: object = None,
) -> str:
    """A KPI's Cell.fmt, the metric's own precision: `percent` for a rate (a target typed as
    a percent, `3%`, but not a relative target, `+50%`; or a baseline and target that are
    fractions below 1, as a percent-formatted cell reads); `int` for counts (a whole baseline
    and target, summed or taken last); `number` for the rest (means, fractional values)."""
    text = target_raw.strip() if isinstance(target_raw, str) else ""
    if text.endswith("%") and not text.startswith("+"):
        return "percent"
    figures = [
        float(x)
        for x in (baseline, target)
        if isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x)
    ]
    if not figures:
        return "number"
    if all(abs(x) < 1 for x in figures) and any(x != int(x) for x in figures):
        return "percent"
    if all(x == int(x) for x in figures) and aggregation != "mean":
        return "int"
    return "number"


def kpi_formats(goals: pd.DataFrame, kpis: pd.DataFrame) -> list[str]:
    """Each KPI row's value format (see `value_format`), from the goal's row as typed."""
    if not len(goals):
        return ["number"] * len(kpis)
    by_row = {
        row: (raw, base, aim, agg)
        for row, raw, base, aim, agg in zip(
            goals["row"].tolist(),
            goals["target_raw"].tolist(),
            goals["baseline"].tolist() if "baseline" in goals else [None] * len(goals),
            goals["target"].tolist(),
            goals["aggregation"].tolist() if "aggregation" in goals else [None] * len(goals),
            strict=True,
        )
    }
    return [value_format(*by_row.get(row, (None,) * 4)) for row in kpis["row"].tolist()]


def cell(value: object, **style: object) -> Cell:
    """A Cell from a computed value: NaN and NaT become empty, numpy scalars plain Python."""
    kind = value.__class__
    if value is None or kind is str:  # the common cases first: nothing to convert
        return Cell(value, **style)
    if kind is float:
        return Cell(None if value != value else value, **style)
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if isinstance(value, float) and value != value:
        return Cell(None, **style)
    if isinstance(value, dt.datetime):
        value = value.date()
    if type(value).__name__ in ("NaTType",):
        return Cell(None, **style)
    return Cell(value, **style)


_NONE = type(None)
_KEPT = frozenset({str, dt.date, _NONE})  # kept as they are by cell() (not a datetime)


def cells(values: Iterable[object], **style: object) -> list[Cell]:
    """`[cell(v, **style) for v in values]` for a whole column, faster: a column of figures,
    text or dates goes straight into its Cells, and text or a date repeated down a column
    (owners, states, start days) gets one Cell per distinct value (Cells are frozen: equal
    ones can be one)."""
    values = list(values)
    proto = Cell(None, **style)  # the style, checked once as Cell checks it
    style_args = (proto.fmt, proto.fill, proto.bold, proto.size, proto.wrap)
    kinds = set(map(type, values))
    if kinds <= {float, _NONE}:  # NaN (v != v) is empty, as in cell()
        return [Cell(v if v == v else None, *style_args) for v in values]
    if kinds <= _KEPT:
        distinct = set(values)
        if len(distinct) * 2 > len(values):
            return [Cell(v, *style_args) for v in values]
        made = {v: Cell(v, *style_args) for v in distinct}
        return [made[v] for v in values]
    return [cell(v, **style) for v in values]


def date_values(column: pd.Series) -> list[object]:
    """A date column's values as `cell` writes them: datetime.date, None for NaT."""
    if pd.api.types.is_datetime64_dtype(column.dtype):
        return column.to_numpy().astype("datetime64[D]").astype(object).tolist()
    return [cell(v).value for v in column]


# The fill each status and severity code gets, in output tabs and reports alike.
STATUS_COLOURS = {
    "achieved": "green",
    "on-track": "green",
    "at-risk": "amber",
    "off-track": "red",
    "missed": "red",
    "not-started": "grey",
    "no-data": "grey",
    None: "grey",
    "critical": "red",
    "warning": "amber",
    "info": "grey",
    "over-budget": "red",
    "overspending": "amber",
    "underspending": "grey",
    "on-pace": "green",
}


def localise_dates(tab: OutputTab, lang: str) -> None:
    """A Russian plan's date cells shown as 27.11.2026 (`date:ru`), as its sentences write
    dates; English keeps ISO. In place, once per tab, after every renderer and template
    (they all write `date`)."""
    if lang != "ru":
        return
    made: dict[Cell, Cell] = {}
    for row in tab.rows:
        for j, item in enumerate(row):
            if item.fmt == "date":
                if item not in made:
                    made[item] = Cell(item.value, "date:ru", item.fill, item.bold, item.size,
                                      item.wrap)  # fmt: skip
                row[j] = made[item]

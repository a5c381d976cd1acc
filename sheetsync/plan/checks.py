"""Rows the plan reads but cannot count, said aloud with their cells.

Spend with no Amount or no Date, actuals with no Date, Value or Metric, actuals whose Metric
names no goal, goals that end before they start: the rules would skip each of them without
a word, so the parse reports them here. Every check is one mask over a whole column; only
the rows it finds become problems. A cell that already has a problem (a date that is not a
date) is not reported twice.
"""

from __future__ import annotations

import pandas as pd

from sheetsync.i18n import count_rows, money
from sheetsync.plan.schema import norm
from sheetsync.plan.tables import ProblemLog, Table, map_by_unique


def _fresh(cells: pd.Series, log: ProblemLog) -> pd.Series:
    """Which of these cells have no problem yet."""
    return ~cells.isin({p.cell for p in log.items})


def _report(log: ProblemLog, table: Table, column: str, rows: pd.Series, key: str) -> None:
    if rows.empty:  # the usual case: nothing to address, no set of cells to build
        return
    cells = table.cells(column, rows)
    for cell in cells[_fresh(cells, log)]:
        log.add(key, cell)


def check_spend(spend: Table, log: ProblemLog, currency: str) -> None:
    """Spend rows with no Amount, and spend with no Date (budget counts dated spend only)."""
    frame = spend.df
    if frame.empty:
        return
    # The few rows with no Amount first: the text column's test then runs on those alone.
    unpaid = frame[frame["amount"].isna()]
    no_amount = unpaid["date"].notna() | unpaid["activity"].notna()
    _report(log, spend, "amount", unpaid.loc[no_amount, "row"], "no_amount")
    undated_rows = frame["date"].isna() & frame["amount"].notna()
    if not undated_rows.any():
        return
    undated = frame[undated_rows]
    cells = spend.cells("date", undated["row"])
    fresh = _fresh(cells, log)
    for cell, amount in zip(cells[fresh], undated.loc[fresh, "amount"], strict=True):
        log.add("no_spend_date", cell, amount=money(log.lang, float(amount), currency))


def _goal_metric_keys(goals: pd.DataFrame) -> pd.Series:
    # The same key the KPI rule joins on (compute/kpi.py): a goal's Metric, else its ID.
    metric = goals["metric"].where(goals["metric"].notna(), goals["id"])
    return map_by_unique(metric, lambda m: norm(m) if isinstance(m, str) else None)


def check_actuals(actuals: Table, goals: Table, log: ProblemLog) -> None:
    """Actuals with no Date, Value or Metric, and Metrics that match no goal.

    An unknown metric is one problem at its first cell, however many rows carry it. When the
    Goals tab could not be read, its own problem says why nothing counts, so metrics are not
    checked against it.
    """
    frame = actuals.df
    if frame.empty:
        return
    date, metric, value = frame["date"], frame["metric"], frame["value"]
    _report(log, actuals, "date", frame.loc[date.isna() & value.notna(), "row"], "no_actual_date")
    no_value = value.isna() & (date.notna() | metric.notna())
    _report(log, actuals, "value", frame.loc[no_value, "row"], "no_actual_value")
    no_metric = metric.isna() & value.notna()
    _report(log, actuals, "metric", frame.loc[no_metric, "row"], "no_actual_metric")

    if "id" not in goals.letters:  # no Goals tab, or one that was not read
        return
    keys = map_by_unique(metric, lambda m: norm(m) if isinstance(m, str) else None)
    unknown = keys.notna() & ~keys.isin(set(_goal_metric_keys(goals.df).dropna()))
    if not unknown.any():
        return
    rows = frame.loc[unknown, ["metric", "row"]].assign(key=keys[unknown])
    counts = rows["key"].value_counts()
    for key, shown, row in rows.drop_duplicates("key")[["key", "metric", "row"]].itertuples(
        index=False
    ):
        count = int(counts[key])
        log.add(
            "unknown_metric:one" if count == 1 else "unknown_metric",
            actuals.cell("metric", int(row)),
            value=shown,
            rows=count_rows(log.lang, count),
        )


def check_goal_dates(goals: Table, log: ProblemLog) -> None:
    """A goal that ends before it starts has no period: its End counts as empty."""
    frame = goals.df
    if frame.empty:
        return
    backwards = frame["end"] < frame["start"]  # NaT compares False
    if not backwards.any():
        return
    for row, start, end in frame.loc[backwards, ["row", "start", "end"]].itertuples(index=False):
        log.add(
            "goal_end_before_start",
            goals.cell("end", int(row)),
            start=start.date().isoformat(),
            end=end.date().isoformat(),
        )
    frame.loc[backwards, "end"] = pd.NaT

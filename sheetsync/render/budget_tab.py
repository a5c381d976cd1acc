"""The Budget Control tab: each activity's pacing, the plan summary, how spend is controlled,
each goal's funding (top-down), and spend against plan per ISO week with its chart."""

from __future__ import annotations

from typing import Any

import pandas as pd

from sheetsync.compute import Results
from sheetsync.compute.budget import BudgetSummary
from sheetsync.contracts import Cell, Chart, OutputTab
from sheetsync.i18n import money, status_word, t, tab_title
from sheetsync.render.cells import STATUS_COLOURS, cell, cells, date_values
from sheetsync.render.layout import auto_widths, header_cells, title_cell

ACTIVITY_HEADER = [
    "id", "budget:activity", "owner", "budget:goals", "budget:activity_status", "start", "end",
    "budget:planned", "budget:spent", "budget:remaining", "budget:expected_to_date", "pace",
    "budget:projected", "budget:status",
]  # fmt: skip
# Shown after Spent when the plan maps campaigns or has imported spend (docs/import.md).
SOURCE_HEADER = ["budget:typed_spent", "budget:imported_spent"]
CHART_COLUMN = 4  # the weekly chart sits to the right of its three-column table


def _status_cell(lang: str, status: object, planned: float) -> Cell:
    if status is not None and not pd.isna(status):
        return Cell(status_word(lang, status), fill=STATUS_COLOURS[status], bold=True)
    reason = "budget:no_budget" if pd.isna(planned) else "budget:no_dates"
    return Cell(t(lang, reason), fill="grey")


def _activity_rows(results: Results, fmt: str) -> list[list[Cell]]:
    """One row per activity, built column by column (a thousand activities make 14,000
    cells): each column's values converted at once, a repeated value's Cell made once."""
    lang = results.plan.lang
    acts = results.activities
    if acts.empty:
        return []
    column = {key: acts[key].tolist() for key in ("goals", "activity_status", "status")}
    figures = {
        key: cells(acts[key].tolist(), fmt=fmt)
        for key in ("planned", "spent", "expected_to_date", "projected")
    }
    # A remaining amount below zero is an overrun: red.
    remaining = [
        Cell(None if r != r else r, fmt, "red" if r < 0 else None)
        for r in acts["remaining"].tolist()
    ]
    states = [
        t(lang, f"budget:state:{state}") if isinstance(state, str) else None
        for state in column["activity_status"]
    ]
    status_cells: dict[tuple[object, bool], Cell] = {}
    statuses = []
    for status, planned in zip(column["status"], acts["planned"].tolist(), strict=True):
        key = (status, planned != planned)  # the cell depends on whether there is a budget
        if key not in status_cells:
            status_cells[key] = _status_cell(lang, status, planned)
        statuses.append(status_cells[key])
    by_source = []
    if shows_sources(results):
        by_source = [
            cells(acts["typed_spent"].tolist(), fmt=fmt),
            cells(acts["imported_spent"].tolist(), fmt=fmt),
        ]
    columns = [
        cells(acts["id"].tolist(), bold=True),
        cells(acts["activity"].tolist()),
        cells(acts["owner"].tolist()),
        cells(", ".join(g) if isinstance(g, tuple | list) else None for g in column["goals"]),
        cells(states),
        cells(date_values(acts["start"]), fmt="date"),
        cells(date_values(acts["end"]), fmt="date"),
        figures["planned"],
        figures["spent"],
        *by_source,
        remaining,
        figures["expected_to_date"],
        cells(acts["pace"].tolist(), fmt="percent"),
        figures["projected"],
        statuses,
    ]
    return [list(row) for row in zip(*columns, strict=True)]


def shows_sources(results: Results) -> bool:
    """Whether Budget Control shows typed and imported spend beside Spent."""
    acts = results.activities
    if acts is None or "imported_spent" not in acts:
        return False
    return bool(acts["imported_spent"].notna().any())


def _activity_header(results: Results) -> list[str]:
    if not shows_sources(results):
        return ACTIVITY_HEADER
    at = ACTIVITY_HEADER.index("budget:spent") + 1
    return [*ACTIVITY_HEADER[:at], *SOURCE_HEADER, *ACTIVITY_HEADER[at:]]


def _headline(lang: str, budget: BudgetSummary) -> str:
    cash = lambda amount: money(lang, amount or 0.0, budget.currency)  # noqa: E731
    figures = {"allocated": cash(budget.allocated), "spent": cash(budget.spent)}
    if budget.mode == "top-down" and budget.required is not None:
        key = "budget:headline:top-down" if budget.gap > 0 else "budget:headline:covered"
        return t(
            lang,
            key,
            required=cash(budget.required),
            carried=cash(budget.carried),
            gap=cash(budget.gap),
            **figures,
        )
    if budget.unallocated is not None:
        over = budget.unallocated < 0
        return t(
            lang,
            "budget:headline:over-limit" if over else "budget:headline:bottom-up",
            limit=cash(budget.limit),
            unallocated=cash(budget.unallocated),
            excess=cash(-budget.unallocated),
            **figures,
        )
    return t(lang, "budget:headline:none", **figures)


def _summary_rows(lang: str, budget: BudgetSummary, fmt: str) -> list[list[Cell]]:
    def line(key: str, value: Cell) -> list[Cell]:
        return [Cell(t(lang, key), bold=True), value]

    mode = budget.mode or "none"
    rows = [
        [Cell(t(lang, "budget:summary"), bold=True, fill="header")],
        line("budget:mode", Cell(t(lang, f"budget:mode:{mode}"))),
    ]
    if budget.limit is not None:
        rows.append(line("budget:limit", cell(budget.limit, fmt=fmt)))
    rows.append(line("budget:allocated", cell(budget.allocated, fmt=fmt)))
    if budget.unallocated is not None:
        if budget.unallocated < 0:
            rows.append(
                line("budget:over_limit_by", cell(-budget.unallocated, fmt=fmt, fill="red"))
            )
        else:
            rows.append(line("budget:unallocated", cell(budget.unallocated, fmt=fmt)))
    if budget.required is not None:
        rows.append(line("budget:required", cell(budget.required, fmt=fmt)))
        fill = "red" if budget.gap > 0 else "green"
        rows.append(line("budget:gap", cell(budget.gap, fmt=fmt, fill=fill)))
    rows.append(line("budget:spent_total", cell(budget.spent, fmt=fmt)))
    return rows


def _control_rows(lang: str, budget: BudgetSummary) -> list[list[Cell]]:
    def line(key: str, value: object, **style: Any) -> list[Cell]:
        if value is None:
            return [
                Cell(t(lang, key), bold=True),
                Cell(t(lang, "budget:not_set"), fill="amber"),
            ]
        return [Cell(t(lang, key), bold=True), cell(value, **style)]

    share = budget.no_results_share
    last = budget.last_spend
    rows = [
        [Cell(t(lang, "budget:control"), bold=True, fill="header")],
        line("budget:controller", budget.controller),
        line("budget:control_method", budget.control_method),
        line("budget:check_every", t(lang, f"every.{budget.check_every}")),
        [
            Cell(t(lang, "budget:last_spend"), bold=True),
            cell(pd.Timestamp(last).date(), fmt="date")
            if last
            else Cell(t(lang, "budget:never"), fill="amber"),
        ],
        line(
            "budget:no_results_share",
            share,
            fmt="percent",
            fill="amber" if share is not None and share > 0.2 else None,
        ),
    ]
    rows.extend([Cell(note, wrap=False)] for note in budget.notes)
    return rows


def _goal_rows(lang: str, budget: BudgetSummary, fmt: str) -> list[list[Cell]]:
    if budget.mode != "top-down" or not budget.goals:
        return []
    rows = [
        [Cell(t(lang, "budget:goal_funding"), bold=True, fill="header")],
        header_cells(
            [t(lang, k) for k in ("budget:goal", "budget:required", "budget:carried", "budget:gap")]
        ),
    ]
    for goal in budget.goals:
        gap = goal.gap
        fill = None if gap is None else ("red" if gap > 0 else "green")
        rows.append(
            [
                cell(goal.goal, bold=True),
                cell(goal.required, fmt=fmt),
                cell(goal.carried, fmt=fmt),
                cell(gap, fmt=fmt, fill=fill),
            ]
        )
    return rows


def render_budget_control(results: Results) -> OutputTab:
    lang = results.plan.lang
    budget = results.budget
    fmt = f"money:{budget.currency or 'USD'}"

    body = _activity_rows(results, fmt) or [[Cell(), Cell(t(lang, "budget:no_activities"))]]
    header_keys = _activity_header(results)
    unknown = _unknown_row(results, header_keys, fmt)
    if unknown:
        body.append(unknown)
    table = [header_cells([t(lang, k) for k in header_keys]), *body]
    summary = _summary_rows(lang, budget, fmt)
    control = _control_rows(lang, budget)
    goals = _goal_rows(lang, budget, fmt)
    weekly = [
        [
            Cell(w.week),
            cell(w.planned_cumulative, fmt=fmt),
            cell(w.spent_cumulative, fmt=fmt),
        ]
        for w in budget.weekly
    ]
    weekly_block = [
        [Cell(t(lang, "budget:spend_vs_plan"), bold=True, fill="header")],
        header_cells(
            [
                t(lang, k)
                for k in ("budget:week", "budget:planned_cumulative", "budget:spent_cumulative")
            ]
        ),
        *weekly,
    ]

    rows: list[list[Cell]] = [
        [title_cell(t(lang, "as_of", plan=results.plan.name, today=results.today.isoformat()))],
        [Cell(_headline(lang, budget), bold=True)],
        *table,
        [],
        *summary,
        [],
        *control,
        [],
    ]
    if goals:
        rows += [*goals, []]
    weekly_at = len(rows)
    rows += weekly_block

    # Widths come from the tables and the label/value lines; the headline, section titles,
    # free text (the control method, notes) and the week labels' heading spill over empty
    # cells to their right instead of widening a column.
    measured = [*table, *(r for r in summary[1:]), *(r[:1] for r in control[1:]), *goals[1:]]
    measured += [*weekly_block[1:]]
    widths = auto_widths(measured)
    widths += [8.0] * (max(len(r) for r in rows) - len(widths))

    charts = []
    if weekly:
        charts.append(
            Chart(
                kind="line",
                title=t(lang, "budget:spend_vs_plan"),
                header_row=weekly_at + 1,
                first_row=weekly_at + 2,
                last_row=weekly_at + 1 + len(weekly),
                x_col=0,
                series_cols=(1, 2),
                anchor_row=weekly_at,
                anchor_col=CHART_COLUMN,
            )
        )
    return OutputTab(
        key="budget-control",
        title=tab_title(lang, "budget-control"),
        rows=rows,
        widths=widths,
        frozen_rows=3,
        charts=charts,
        # The activity table (header on row 3) filters: by owner, status, channel…
        autofilter=(2, 0, 2 + len(body), len(header_keys) - 1) if len(body) > 1 else None,
    )


def _unknown_row(results: Results, header_keys: list[str], fmt: str) -> list[Cell] | None:
    """Spend on activity IDs the Activities tab does not have, as one row, so the Spent
    column adds up to the headline's spent to date (that money is gone too)."""
    acts = results.activities
    known = float(acts["spent"].sum()) if acts is not None and not acts.empty else 0.0
    unknown = (results.budget.spent or 0.0) - known
    if not unknown > 0.005:
        return None
    lang = results.plan.lang
    row = [Cell() for _ in header_keys]
    row[0] = Cell("—", bold=True)
    row[1] = Cell(t(lang, "budget:unknown_activities"), fill="amber")
    row[header_keys.index("budget:spent")] = Cell(round(unknown, 2), fmt, "amber", bold=True)
    row[-1] = Cell(t(lang, "budget:unknown_status"), fill="red", bold=True)
    return row

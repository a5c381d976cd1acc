"""The Budget Control tab: each activity's pacing, the plan summary, how spend is controlled,
each goal's funding (top-down), and spend against plan per ISO week with its chart."""

from __future__ import annotations

from typing import Any

import pandas as pd

from sheetsync.compute import Results
from sheetsync.i18n import money, say
from sheetsync.render.layout import auto_widths, header_cells, title_cell
from sheetsync.render.model import Cell, Chart, OutputTab, cell
from sheetsync.render.words import STATUS_COLOURS, status_word, tab_title, word

ACTIVITY_HEADER = [
    "id", "budget:activity", "owner", "budget:goals", "budget:activity_status", "start", "end",
    "budget:planned", "budget:spent", "budget:remaining", "budget:expected_to_date", "pace",
    "budget:projected", "budget:status",
]  # fmt: skip
CHART_COLUMN = 4  # the weekly chart sits to the right of its three-column table


def _status_cell(lang: str, act: Any) -> Cell:
    if act.status is not None and not pd.isna(act.status):
        return Cell(status_word(lang, act.status), fill=STATUS_COLOURS[act.status], bold=True)
    reason = "budget:no_budget" if pd.isna(act.planned) else "budget:no_dates"
    return Cell(word(lang, reason), fill="grey")


def _activity_rows(results: Results, fmt: str) -> list[list[Cell]]:
    lang = results.plan.lang
    rows = []
    for act in results.activities.itertuples():
        goals = ", ".join(act.goals) if isinstance(act.goals, tuple | list) else None
        state = act.activity_status
        overrun = not pd.isna(act.remaining) and act.remaining < 0
        rows.append(
            [
                cell(act.id, bold=True),
                cell(act.activity),
                cell(act.owner),
                cell(goals),
                cell(word(lang, f"budget:state:{state}") if isinstance(state, str) else None),
                cell(act.start, fmt="date"),
                cell(act.end, fmt="date"),
                cell(act.planned, fmt=fmt),
                cell(act.spent, fmt=fmt),
                cell(act.remaining, fmt=fmt, fill="red" if overrun else None),
                cell(act.expected_to_date, fmt=fmt),
                cell(act.pace, fmt="percent"),
                cell(act.projected, fmt=fmt),
                _status_cell(lang, act),
            ]
        )
    return rows


def _headline(lang: str, budget: dict[str, Any]) -> str:
    cash = lambda amount: money(lang, amount or 0.0, budget["currency"])  # noqa: E731
    figures = {"allocated": cash(budget["allocated"]), "spent": cash(budget["spent"])}
    if budget["mode"] == "top-down" and budget["required"] is not None:
        key = "budget:headline:top-down" if budget["gap"] > 0 else "budget:headline:covered"
        return word(
            lang,
            key,
            required=cash(budget["required"]),
            carried=cash(budget["carried"]),
            gap=cash(budget["gap"]),
            **figures,
        )
    if budget["unallocated"] is not None:
        over = budget["unallocated"] < 0
        return word(
            lang,
            "budget:headline:over-limit" if over else "budget:headline:bottom-up",
            limit=cash(budget["limit"]),
            unallocated=cash(budget["unallocated"]),
            excess=cash(-budget["unallocated"]),
            **figures,
        )
    return word(lang, "budget:headline:none", **figures)


def _summary_rows(lang: str, budget: dict[str, Any], fmt: str) -> list[list[Cell]]:
    def line(key: str, value: Cell) -> list[Cell]:
        return [Cell(word(lang, key), bold=True), value]

    mode = budget["mode"] or "none"
    rows = [
        [Cell(word(lang, "budget:summary"), bold=True, fill="header")],
        line("budget:mode", Cell(word(lang, f"budget:mode:{mode}"))),
    ]
    if budget["limit"] is not None:
        rows.append(line("budget:limit", cell(budget["limit"], fmt=fmt)))
    rows.append(line("budget:allocated", cell(budget["allocated"], fmt=fmt)))
    if budget["unallocated"] is not None:
        if budget["unallocated"] < 0:
            rows.append(
                line("budget:over_limit_by", cell(-budget["unallocated"], fmt=fmt, fill="red"))
            )
        else:
            rows.append(line("budget:unallocated", cell(budget["unallocated"], fmt=fmt)))
    if budget["required"] is not None:
        rows.append(line("budget:required", cell(budget["required"], fmt=fmt)))
        fill = "red" if budget["gap"] > 0 else "green"
        rows.append(line("budget:gap", cell(budget["gap"], fmt=fmt, fill=fill)))
    rows.append(line("budget:spent_total", cell(budget["spent"], fmt=fmt)))
    return rows


def _control_rows(lang: str, budget: dict[str, Any]) -> list[list[Cell]]:
    def line(key: str, value: object, **style: Any) -> list[Cell]:
        if value is None:
            return [
                Cell(word(lang, key), bold=True),
                Cell(word(lang, "budget:not_set"), fill="amber"),
            ]
        return [Cell(word(lang, key), bold=True), cell(value, **style)]

    share = budget["no_results_share"]
    last = budget["last_spend"]
    rows = [
        [Cell(word(lang, "budget:control"), bold=True, fill="header")],
        line("budget:controller", budget["controller"]),
        line("budget:control_method", budget["control_method"]),
        line("budget:check_every", say(lang, f"every.{budget['check_every']}")),
        [
            Cell(word(lang, "budget:last_spend"), bold=True),
            cell(pd.Timestamp(last).date(), fmt="date")
            if last
            else Cell(word(lang, "budget:never"), fill="amber"),
        ],
        line(
            "budget:no_results_share",
            share,
            fmt="percent",
            fill="amber" if share is not None and share > 0.2 else None,
        ),
    ]
    rows.extend([Cell(note, wrap=False)] for note in budget["notes"])
    return rows


def _goal_rows(lang: str, budget: dict[str, Any], fmt: str) -> list[list[Cell]]:
    if budget["mode"] != "top-down" or not budget["goals"]:
        return []
    rows = [
        [Cell(word(lang, "budget:goal_funding"), bold=True, fill="header")],
        header_cells(
            [
                word(lang, k)
                for k in ("budget:goal", "budget:required", "budget:carried", "budget:gap")
            ]
        ),
    ]
    for goal in budget["goals"]:
        gap = goal["gap"]
        fill = None if gap is None else ("red" if gap > 0 else "green")
        rows.append(
            [
                cell(goal["goal"], bold=True),
                cell(goal["required"], fmt=fmt),
                cell(goal["carried"], fmt=fmt),
                cell(gap, fmt=fmt, fill=fill),
            ]
        )
    return rows


def render_budget_control(results: Results) -> OutputTab:
    lang = results.plan.lang
    budget = results.budget
    fmt = f"money:{budget['currency'] or 'USD'}"

    body = _activity_rows(results, fmt) or [[Cell(), Cell(word(lang, "budget:no_activities"))]]
    table = [header_cells([word(lang, k) for k in ACTIVITY_HEADER]), *body]
    summary = _summary_rows(lang, budget, fmt)
    control = _control_rows(lang, budget)
    goals = _goal_rows(lang, budget, fmt)
    weekly = [
        [
            Cell(w["week"]),
            cell(w["planned_cumulative"], fmt=fmt),
            cell(w["spent_cumulative"], fmt=fmt),
        ]
        for w in budget["weekly"]
    ]
    weekly_block = [
        [Cell(word(lang, "budget:spend_vs_plan"), bold=True, fill="header")],
        header_cells(
            [
                word(lang, k)
                for k in ("budget:week", "budget:planned_cumulative", "budget:spent_cumulative")
            ]
        ),
        *weekly,
    ]

    rows: list[list[Cell]] = [
        [title_cell(word(lang, "as_of", plan=results.plan.name, today=results.today.isoformat()))],
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
                title=word(lang, "budget:spend_vs_plan"),
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
    )

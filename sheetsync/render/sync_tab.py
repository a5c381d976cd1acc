"""The Sync tab: when outputs last changed, the version, notes, and every input problem."""

from __future__ import annotations

import datetime as dt

from sheetsync import __version__
from sheetsync.compute import Results
from sheetsync.contracts import Cell, OutputTab
from sheetsync.i18n import day_text, t, tab_title
from sheetsync.render.layout import table_tab


def render_sync(
    results: Results, last_changed: dt.date | None, location: str, notes: list[str]
) -> OutputTab:
    """`last_changed`: when this write happens, a datetime in the plan's time zone, shown
    with its time and zone; a run replayed for a given --today passes that day alone, so
    the same workbook and day give the same tab (same inputs, same outputs). The tab's mark ignores
    it either way, so it moves only when another output changes."""
    lang = results.plan.lang
    above = [
        [
            Cell(t(lang, "last_changed"), bold=True),
            _changed_cell(lang, last_changed),
        ],
        [Cell(t(lang, "today"), bold=True), Cell(results.today, fmt="date")],
        [Cell(t(lang, "version"), bold=True), Cell(__version__)],
        [Cell(t(lang, "workbook"), bold=True), Cell(location)],
    ]
    for note in notes:
        above.append([Cell(t(lang, "notes"), bold=True), Cell(note, wrap=True)])
    above.append([])
    problems = results.plan.problems
    body = [[Cell(p.cell, fill="amber"), Cell(p.message, wrap=True)] for p in problems]
    if not problems:
        body = [[Cell(None), Cell(t(lang, "no_problems"), fill="green")]]
    above.append([Cell(t(lang, "problems"), bold=True, size=12)])
    tab = table_tab(
        "sync",
        tab_title(lang, "sync"),
        tab_title(lang, "sync"),
        [t(lang, "cell"), t(lang, "problem")],
        body,
        above=above,
        link_columns=(0,),
    )
    tab.frozen_rows = 1
    return tab


def changed_text(lang: str, moment: dt.datetime) -> str:
    """`2026-11-27 07:00 (Europe/Moscow, UTC+03:00)`; Russian dates as 27.11.2026."""
    zone = getattr(moment.tzinfo, "key", None) or moment.tzname() or "UTC"
    offset = moment.strftime("%z")
    utc = f"UTC{offset[:3]}:{offset[3:]}" if offset else "UTC"
    where = zone if zone == utc or zone == "UTC" else f"{zone}, {utc}"
    return f"{day_text(lang, moment.date().isoformat())} {moment:%H:%M} ({where})"


def _changed_cell(lang: str, last_changed: dt.date | None) -> Cell:
    if isinstance(last_changed, dt.datetime):
        return Cell(changed_text(lang, last_changed))
    return Cell(last_changed, fmt="date") if last_changed else Cell(None)

"""The Sync tab: when outputs last changed, the version, notes, and every input problem."""

from __future__ import annotations

import datetime as dt

from sheetsync import __version__
from sheetsync.compute import Results
from sheetsync.contracts import Cell, OutputTab
from sheetsync.i18n import t, tab_title
from sheetsync.render.layout import table_tab


def render_sync(
    results: Results, last_changed: dt.date | None, location: str, notes: list[str]
) -> OutputTab:
    lang = results.plan.lang
    above = [
        [
            Cell(t(lang, "last_changed"), bold=True),
            Cell(last_changed, fmt="date") if last_changed else Cell(None),
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
    )
    tab.frozen_rows = 1
    return tab

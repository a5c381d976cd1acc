"""The Alerts tab: every alert, most severe first, with who should act and where to look."""

from __future__ import annotations

from collections import Counter

from sheetsync.compute import Results
from sheetsync.contracts import Cell, OutputTab
from sheetsync.render.cells import cells
from sheetsync.render.layout import table_tab
from sheetsync.render.words import SEVERITY_WORDS, STATUS_COLOURS, tab_title, word


def render_alerts(results: Results) -> OutputTab:
    lang = results.plan.lang
    alerts = results.alerts
    severities = Counter(a.severity for a in alerts)
    counts = {s: severities[s] for s in SEVERITY_WORDS}
    severity = {
        s: Cell(SEVERITY_WORDS[s][lang], fill=STATUS_COLOURS[s], bold=True) for s in severities
    }
    # Thousands of alerts share a handful of codes and owners: one Cell each.
    codes = {code: Cell(code) for code in {a.code for a in alerts}}
    # The other columns made column by column (see `cells`).
    columns = zip(
        alerts,
        cells(a.subject for a in alerts),
        cells((a.message for a in alerts), wrap=True),
        cells(a.owner for a in alerts),
        cells(a.cell for a in alerts),
        strict=True,
    )
    body = [
        [severity[a.severity], codes[a.code], subject, message, owner, where]
        for a, subject, message, owner, where in columns
    ]
    summary = word(lang, "alerts_count", **counts) if results.alerts else word(lang, "no_alerts")
    return table_tab(
        "alerts",
        tab_title(lang, "alerts"),
        word(lang, "as_of", plan=results.plan.name, today=results.today.isoformat()),
        [word(lang, k) for k in ("severity", "code", "subject", "message", "owner", "cell")],
        body,
        above=[[Cell(summary, bold=True)]],
    )

"""The Alerts tab: every alert, most severe first, with who should act and where to look."""

from __future__ import annotations

from sheetsync.compute import Results
from sheetsync.render.layout import table_tab
from sheetsync.render.model import Cell, OutputTab
from sheetsync.render.words import SEVERITY_WORDS, STATUS_COLOURS, tab_title, word


def render_alerts(results: Results) -> OutputTab:
    lang = results.plan.lang
    counts = {s: sum(a.severity == s for a in results.alerts) for s in SEVERITY_WORDS}
    body = [
        [
            Cell(SEVERITY_WORDS[a.severity][lang], fill=STATUS_COLOURS[a.severity], bold=True),
            Cell(a.code),
            Cell(a.subject),
            Cell(a.message, wrap=True),
            Cell(a.owner),
            Cell(a.cell),
        ]
        for a in results.alerts
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

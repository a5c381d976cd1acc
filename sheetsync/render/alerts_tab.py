"""The Alerts tab: every open alert, most severe first, with who should act, where to look,
since when it is open and its state; then the columns people write in (Acknowledged by,
Until, Note); below, greyed, the alerts resolved since the previous run."""

from __future__ import annotations

from collections import Counter

from sheetsync.compute import Results
from sheetsync.compute.alerts import SEVERITIES
from sheetsync.compute.lifecycle import Lifecycle
from sheetsync.contracts import Cell, OutputTab
from sheetsync.i18n import code_word, severity_word, t, tab_title
from sheetsync.plan.acknowledgements import KEY, PEOPLE_COLUMNS, STATE, header_word
from sheetsync.render.cells import STATUS_COLOURS, cells
from sheetsync.render.layout import table_tab

# The columns a person may write in are the table's last three, from this column (0-based).
PEOPLE_FROM = 9
STATE_COLOURS = {"new": "red", "worse": "red", "ongoing": None, "acknowledged": "grey"}


def render_alerts(results: Results) -> OutputTab:
    lang = results.plan.lang
    alerts = results.alerts
    states: Lifecycle = results.lifecycle
    severities = Counter(a.severity for a in alerts)
    counts = {s: severities[s] for s in SEVERITIES}
    severity = {
        s: Cell(severity_word(lang, s), fill=STATUS_COLOURS[s], bold=True) for s in severities
    }
    # Thousands of alerts share a handful of codes, owners and states: one Cell each.
    codes = {code: Cell(code_word(lang, code)) for code in {a.code for a in alerts}}
    state_cells = {
        s: Cell(t(lang, f"alert_state:{s}"), fill=STATE_COLOURS[s], bold=s in ("new", "worse"))
        for s in STATE_COLOURS
    }
    # The other columns made column by column (see `cells`).
    columns = zip(
        alerts,
        states.keys,
        cells(a.subject for a in alerts),
        cells((a.message for a in alerts), wrap=True),
        cells(a.owner for a in alerts),
        cells(a.cell for a in alerts),
        cells(states.keys),
        strict=True,
    )
    body = []
    for a, key, subject, message, owner, where, key_cell in columns:
        state = states.states[key]
        typed = state.written
        row = [
            severity[a.severity], codes[a.code], subject, message, owner, where, key_cell,
            Cell(state.first_seen, fmt="date"), state_cells[state.state],
            Cell(typed.by or None if typed else None),
            Cell(typed.until, fmt="date") if typed and typed.until else Cell(None),
            Cell(typed.note if typed else None, wrap=True),
        ]  # fmt: skip
        if state.state == "acknowledged":
            # Greyed: seen to by someone, kept in view.
            row = [Cell(c.value, c.fmt, "grey", c.bold, c.size, c.wrap) for c in row]
        body.append(row)
    below: list[list[Cell]] = []
    if states.resolved:
        below.append([])
        below.append([Cell(t(lang, "alerts:resolved", count=len(states.resolved)), bold=True)])
        for record in states.resolved:
            grey = {"fill": "grey"}
            below.append(
                [
                    Cell(severity_word(lang, record.severity)
                         if record.severity in SEVERITIES else record.severity, **grey),
                    Cell(code_word(lang, record.code), **grey),
                    Cell(record.subject, **grey),
                    Cell(record.message, fill="grey", wrap=True),
                    Cell(record.owner, **grey),
                    Cell(None, **grey),
                    Cell(record.key, **grey),
                    Cell(record.first_seen, fmt="date", fill="grey"),
                    Cell(t(lang, "alert_state:resolved", day=results.today.isoformat()),
                         **grey),
                    Cell(None, **grey),
                    Cell(None, **grey),
                    Cell(None, **grey),
                ]
            )  # fmt: skip
    if results.alerts:
        summary = t(lang, "alerts_count", **counts)
    elif "goals" not in results.plan.tab_titles:
        # With no Goals tab nothing was checked: "in order" would be a false all-clear.
        summary = t(lang, "no_alerts_no_goals")
    else:
        summary = t(lang, "no_alerts")
    header = [t(lang, k) for k in ("severity", "code", "subject", "message", "owner", "cell")]
    header += [header_word(KEY, lang), t(lang, "alerts:since"), header_word(STATE, lang)]
    header += [header_word(words, lang) for words in PEOPLE_COLUMNS]
    tab = table_tab(
        "alerts",
        tab_title(lang, "alerts"),
        t(lang, "as_of", plan=results.plan.name, today=results.today.isoformat()),
        header,
        body,
        above=[[Cell(summary, bold=True)], [Cell(t(lang, "alerts:people"), wrap=False)]],
        below=below,
        autofilter=True,
        link_columns=(5,),
    )
    # People may write in the last three columns, from the header down: on Google Sheets
    # they stay outside the tab's warning-only protection.
    tab.editable = [(tab.frozen_rows, PEOPLE_FROM, PEOPLE_FROM + len(PEOPLE_COLUMNS) - 1)]
    # Room to type a name, a date and a sentence even when no one has yet.
    for column, least in zip(range(PEOPLE_FROM, PEOPLE_FROM + 3), (16.0, 12.0, 40.0), strict=True):
        tab.widths[column] = max(tab.widths[column], least)
    return tab

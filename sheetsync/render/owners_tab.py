"""The Owners tab: one row per person, what they answer for, their open alerts, and the
rewards earned and penalties due by their goals' status. People the plan names who are not
on the Team are marked in the Role column."""

from __future__ import annotations

from sheetsync.compute import Results
from sheetsync.contracts import Cell, OutputTab
from sheetsync.i18n import status_word, t, tab_title
from sheetsync.render.cells import STATUS_COLOURS
from sheetsync.render.layout import auto_widths, header_cells, table_tab

# Status counts shown as their own columns; the rest are summed under "Other".
SHOWN = ("achieved", "on-track", "at-risk", "off-track", "missed")
OTHER = ("not-started", "no-data", "unmeasurable")


def _count(value: int, colour: str | None) -> Cell:
    return Cell(value, fmt="int", fill=colour if value else None, bold=bool(value))


def _texts(texts: list[str], colour: str | None) -> Cell:
    if not texts:
        return Cell(None)
    return Cell("\n".join(texts), wrap=True, fill=colour)


def render_owners(results: Results) -> OutputTab:
    board = results.owners
    lang = results.plan.lang
    body = []
    for person in board.to_dict("records"):
        role = (
            # A Team row without a role has NaN there: an empty cell, not the text "nan".
            Cell(person["role"] if isinstance(person["role"], str) else None)
            if person["on_team"]
            else Cell(t(lang, "not_on_team"), fill="amber")
        )
        body.append(
            [
                Cell(person["person"], bold=True),
                role,
                Cell(", ".join(person["goals"]) or None),
                *(_count(person[s], STATUS_COLOURS[s]) for s in SHOWN),
                _count(sum(person[s] for s in OTHER), "grey"),
                Cell(", ".join(person["activities"]) or None),
                _count(person["alerts"], "amber"),
                _texts(person.get("at_stake") or [], None),
                _texts(person["rewards"], "green"),
                _texts(person["penalties"], "red"),
            ]
        )  # fmt: skip
    header = [
        t(lang, "person"),
        t(lang, "role"),
        t(lang, "goals_owned"),
        *(status_word(lang, s) for s in SHOWN),
        t(lang, "other_status"),
        t(lang, "activities_owned"),
        t(lang, "open_alerts"),
        t(lang, "at_stake"),
        t(lang, "rewards_earned"),
        t(lang, "penalties_due"),
    ]
    nobody = [*results.unowned.goals, *results.unowned.activities]
    below = [[], [Cell(t(lang, "nobody_owns", ids=", ".join(nobody)), fill="amber")]]
    tab = table_tab(
        "owners",
        tab_title(lang, "owners"),
        t(lang, "as_of", plan=results.plan.name, today=results.today.isoformat()),
        header,
        body,
        below=below if nobody else None,
    )
    # Widths from the table alone: the footnote may spill over empty cells.
    tab.widths = auto_widths([header_cells(header), *body])
    return tab

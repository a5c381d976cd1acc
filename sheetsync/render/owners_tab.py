"""The Owners tab: one row per person, what they answer for, their open alerts, and the
rewards earned and penalties due by their goals' status. People the plan names who are not
on the Team are marked in the Role column."""

from __future__ import annotations

from sheetsync.compute import Results
from sheetsync.contracts import Cell, OutputTab
from sheetsync.render.layout import auto_widths, header_cells, table_tab
from sheetsync.render.words import STATUS_COLOURS, status_word, tab_title, word

# Status counts shown as their own columns; the rest are summed under "Other".
SHOWN = ("achieved", "on-track", "at-risk", "off-track", "missed")
OTHER = ("not-started", "no-data", "unmeasurable")


def _count(value: int, colour: str | None) -> Cell:
    return Cell(value, fmt="int", fill=colour if value else None, bold=bool(value))


def _texts(texts: list[str], colour: str) -> Cell:
    if not texts:
        return Cell(None)
    return Cell("\n".join(texts), wrap=True, fill=colour)


def render_owners(results: Results) -> OutputTab:
    board = results.owners
    lang = results.plan.lang
    body = []
    for person in board.to_dict("records"):
        role = (
            Cell(person["role"])
            if person["on_team"]
            else Cell(word(lang, "not_on_team"), fill="amber")
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
                _texts(person["rewards"], "green"),
                _texts(person["penalties"], "red"),
            ]
        )  # fmt: skip
    header = [
        word(lang, "person"),
        word(lang, "role"),
        word(lang, "goals_owned"),
        *(status_word(lang, s) for s in SHOWN),
        word(lang, "other_status"),
        word(lang, "activities_owned"),
        word(lang, "open_alerts"),
        word(lang, "rewards_earned"),
        word(lang, "penalties_due"),
    ]
    unowned = results.extras["unowned"]
    nobody = [*unowned["goals"], *unowned["activities"]]
    below = [[], [Cell(word(lang, "nobody_owns", ids=", ".join(nobody)), fill="amber")]]
    tab = table_tab(
        "owners",
        tab_title(lang, "owners"),
        word(lang, "as_of", plan=results.plan.name, today=results.today.isoformat()),
        header,
        body,
        below=below if nobody else None,
    )
    # Widths from the table alone: the footnote may spill over empty cells.
    tab.widths = auto_widths([header_cells(header), *body])
    return tab

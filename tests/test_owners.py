"""The owners board (docs/accountability.md): per person, goals by status, activities, their open
alerts, rewards earned and penalties due — figures worked out by hand below.

Today is 2026-12-05, after November's goals ended:
- G1 (Ann, sum, target 40): 45 clients counted → progress 45 ÷ 40 ≥ 1 → achieved.
- G2 (Ann, last, 1 → 2): latest 1.5 → progress 0.5, period over → missed.
- G3 (Dan, not on the Team, sum, target 10): 12 leads → achieved; no Reward text; no
  activity serves it → a goal-no-activity alert addressed to Dan.
- G4 (Bob, last, 5 → 10, December): 6 on 12-03 → progress 0.2; expected 5 ÷ 31 → on track.
- "Dan" is not on the Team → an unknown-person alert addressed to Ann (the decision maker).
"""

from __future__ import annotations

import pandas as pd

from sheetsync.compute.owners import OWNER_COLUMNS
from sheetsync.json_output import OWNER_JSON, records
from sheetsync.render.owners_tab import render_owners
from tests.helpers import ACTIVITIES_HEADER, ACTUALS_HEADER, GOALS_HEADER, results_for

TODAY = "2026-12-05"
NOV = ("2026-11-01", "2026-11-30")


def board_tabs() -> dict[str, list[list]]:
    return {
        "Team": [["Person", "Role"], ["Ann", "Head"], ["Bob", "Ads"], ["Cat", "Finance"]],
        "Goals": [
            GOALS_HEADER,
            ["G1", "Clients", "clients", "sum", 0, 40, *NOV, "Ann", None, "Bonus 10 %",
             "No bonus"],
            ["G2", "Conversion", "conv", "last", 1, 2, *NOV, "ann", None, "Day off",
             "Review with the head"],
            ["G3", "Leads", "leads", "sum", 0, 10, *NOV, "Dan", None, None, None],
            ["G4", "Readers", "readers", "last", 5, 10, "2026-12-01", "2026-12-31", "Bob",
             None, "Books", "None"],
        ],
        "Actuals": [
            ACTUALS_HEADER,
            ["2026-11-20", "clients", 45],
            ["2026-11-20", "conv", 1.5],
            ["2026-11-20", "leads", 12],
            ["2026-12-03", "readers", 6],
        ],
        "Activities": [
            ACTIVITIES_HEADER,
            ["A1", "Search ads", "G1", "Search", "Bob", *NOV, "done", 100],
            ["A2", "A/B test", "G2", "Site", "Ann", *NOV, "done", 50],
            ["A3", "Blog posts", "G4", "Content", "Bob", "2026-12-01", "2026-12-31",
             "planned", 30],
        ],
        "Reporting": [
            ["Report", "Every", "Author", "Readers", "Decision maker"],
            ["Weekly", "week", "Bob", "Ann, Cat", "Ann"],
        ],
    }  # fmt: skip


def test_board_rows_for_achieved_missed_and_unknown_people():
    results = results_for(board_tabs(), TODAY)
    assert [(a.code, a.subject, a.owner) for a in results.alerts] == [
        ("goal-no-activity", "G3", "Dan"),
        ("unknown-person", "Dan", "Ann"),
    ]
    board = results.owners.set_index("person")
    assert list(board.index) == ["Ann", "Bob", "Cat", "Dan"]

    ann = board.loc["Ann"]
    assert bool(ann["on_team"]) is True
    assert ann["role"] == "Head"
    assert ann["goals"] == ["G1", "G2"]
    assert (ann["achieved"], ann["missed"], ann["on-track"]) == (1, 1, 0)
    assert ann["activities"] == ["A2"]
    assert ann["alerts"] == 1
    assert ann["rewards"] == ["G1: Bonus 10 %"]
    assert ann["penalties"] == ["G2: Review with the head"]

    bob = board.loc["Bob"]
    assert bob["goals"] == ["G4"]
    assert (bob["on-track"], bob["achieved"], bob["missed"]) == (1, 0, 0)
    assert bob["activities"] == ["A1", "A3"]
    assert (bob["alerts"], bob["rewards"], bob["penalties"]) == (0, [], [])

    cat = board.loc["Cat"]
    assert (cat["goals"], cat["activities"], cat["alerts"]) == ([], [], 0)

    dan = board.loc["Dan"]
    assert bool(dan["on_team"]) is False
    assert pd.isna(dan["role"])
    assert dan["goals"] == ["G3"]
    assert dan["achieved"] == 1
    assert dan["alerts"] == 1
    assert dan["rewards"] == ["G3"]  # achieved, but the Goals tab promises no reward text
    assert dan["penalties"] == []


def test_board_columns_and_json_keys():
    results = results_for(board_tabs(), TODAY)
    assert list(results.owners.columns) == OWNER_COLUMNS
    rows = records(results.owners, OWNER_JSON)
    assert rows[0] == {
        "person": "Ann",
        "goals": ["G1", "G2"],
        "activities": ["A2"],
        "alerts": 1,
        "rewards": ["G1: Bonus 10 %"],
        "penalties": ["G2: Review with the head"],
        "on_team": True,
        "role": "Head",
        "not-started": 0,
        "no-data": 0,
        "achieved": 1,
        "missed": 1,
        "on-track": 0,
        "at-risk": 0,
        "off-track": 0,
        "unmeasurable": 0,
    }
    assert rows[3]["person"] == "Dan" and rows[3]["on_team"] is False


def test_people_named_only_in_reporting_appear_and_unowned_work_is_listed():
    tabs = board_tabs()
    tabs["Reporting"].append(["Monthly", "month", "Ann", "Director", "Director"])
    tabs["Activities"].append(["A4", "Own CRM", None, "IT", None, None, None, "active", 60])
    results = results_for(tabs, TODAY)
    board = results.owners.set_index("person")
    assert list(board.index) == ["Ann", "Bob", "Cat", "Dan", "Director"]
    assert board.loc["Director", "goals"] == []
    assert bool(board.loc["Director", "on_team"]) is False
    # Ann decides, so she gets both unknown-person alerts and A4's non-target and
    # no-owner alerts: 4 in all.
    assert board.loc["Ann", "alerts"] == 4
    assert results.unowned.goals == []
    assert results.unowned.activities == ["A4"]


def test_owners_tab_marks_people_off_the_team_and_colours_rewards_and_penalties():
    results = results_for(board_tabs(), TODAY)
    tab = render_owners(results)
    assert tab.key == "owners"
    assert tab.title == "Owners"
    header = next(row for row in tab.rows if row and row[0].value == "Person")
    names = [c.value for c in header]
    assert names == [
        "Person", "Role", "Goals", "Achieved", "On track", "At risk", "Off track", "Missed",
        "Other", "Activities", "Open alerts", "At stake: reward / penalty", "Rewards earned",
        "Penalties due",
    ]  # fmt: skip
    rows = {row[0].value: row for row in tab.rows[tab.rows.index(header) + 1 :] if row}
    ann, dan = rows["Ann"], rows["Dan"]
    assert ann[2].value == "G1, G2"
    assert (ann[3].value, ann[3].fill) == (1, "green")
    assert (ann[7].value, ann[7].fill) == (1, "red")
    # Achieved and missed goals have earned their reward or penalty: nothing at stake.
    assert ann[11].value is None
    assert (ann[12].value, ann[12].fill) == ("G1: Bonus 10 %", "green")
    assert (ann[13].value, ann[13].fill) == ("G2: Review with the head", "red")
    assert (dan[1].value, dan[1].fill) == ("not on the Team", "amber")


def test_owners_tab_in_russian():
    tabs = board_tabs()
    tabs["Settings"] = [["Setting", "Value"], ["Language", "ru"]]
    tab = render_owners(results_for(tabs, TODAY))
    assert tab.title == "Ответственные"
    rows = {row[0].value: row for row in tab.rows if row}
    assert rows["Dan"][1].value == "нет в команде"
    assert "Сотрудник" in rows

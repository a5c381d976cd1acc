"""The owners board (SPEC §4): per person, what they answer for and what it earned them.

One row per person: everyone on the Team tab, in its order, then everyone else the plan
names (owners, budget controller, report people), in the order the plan first names them,
marked `on_team` False. Per person: goals owned (IDs) and how many are in each KPI status,
live activities owned (IDs), the open alerts addressed to them, rewards earned (their goals
achieved) and penalties due (their goals missed).

Rewards and penalties are texts like `G1: Quarterly bonus 10 %` — the goal that earned it
and what the Goals tab promises — because that is what a person reads off the board; a goal
with no Reward (Penalty) text still appears, as its ID alone.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

import pandas as pd

from sheetsync.compute.coverage import live_activities, mentions, team_names
from sheetsync.compute.kpi import STATUSES
from sheetsync.plan.schema import norm, norm_key

if TYPE_CHECKING:
    from sheetsync.compute import Results

# A goal with no status (no valid target or dates) is counted as unmeasurable.
STATUS_COLUMNS = [*STATUSES, "unmeasurable"]
OWNER_COLUMNS = [
    "person", "role", "on_team", "goals", *STATUS_COLUMNS, "activities", "alerts",
    "rewards", "penalties",
]  # fmt: skip


def owners_board(results: Results) -> pd.DataFrame:
    plan = results.plan
    team = team_names(plan)
    roles = {
        norm(p): r
        for p, r in zip(plan.team.df["person"], plan.team.df["role"], strict=True)
        if isinstance(p, str) and isinstance(r, str)
    }
    people: dict[str, str] = dict(team)
    for mention in mentions(plan):
        people.setdefault(mention.key, mention.name)

    kpis = results.kpis
    goals = plan.goals.df.set_index("row")
    goal_key = kpis["owner"].map(norm_key)
    status = kpis["status"].fillna("unmeasurable")
    reward = kpis["row"].map(goals["reward"]) if len(kpis) else kpis["row"]
    penalty = kpis["row"].map(goals["penalty"]) if len(kpis) else kpis["row"]

    acts = live_activities(plan)
    act_key = acts["owner"].map(norm_key)
    alerts_by = Counter(norm(a.owner) for a in results.alerts if a.owner)

    rows = []
    for key, person in people.items():
        mine = goal_key == key
        counts = status[mine].value_counts()
        rows.append(
            {
                "person": person,
                "role": roles.get(key),
                "on_team": key in team,
                "goals": list(kpis.loc[mine, "id"]),
                **{s: int(counts.get(s, 0)) for s in STATUS_COLUMNS},
                "activities": list(acts.loc[act_key == key, "id"]),
                "alerts": alerts_by.get(key, 0),
                "rewards": _earned(kpis["id"], reward, mine & (status == "achieved")),
                "penalties": _earned(kpis["id"], penalty, mine & (status == "missed")),
            }
        )
    return pd.DataFrame(rows, columns=OWNER_COLUMNS)


def _earned(ids: pd.Series, texts: pd.Series, which: pd.Series) -> list[str]:
    return [
        f"{gid}: {text}" if isinstance(text, str) and text else str(gid)
        for gid, text in zip(ids[which], texts[which], strict=True)
    ]


def unowned(results: Results) -> dict[str, list[str]]:
    """Goals and live activities nobody owns, for the board's footnote."""
    plan = results.plan
    acts = live_activities(plan)
    return {
        "goals": list(plan.goals.df.loc[plan.goals.df["owner"].isna(), "id"]),
        "activities": list(acts.loc[acts["owner"].isna(), "id"]),
    }

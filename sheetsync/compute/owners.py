"""The owners board (docs/accountability.md): per person, what they answer for and earned.

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
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from sheetsync.compute.coverage import Coverage
from sheetsync.compute.kpi import STATUSES
from sheetsync.plan.schema import norm, norm_key

if TYPE_CHECKING:
    from sheetsync.compute.alerts import Alert
    from sheetsync.plan import Plan

# A goal with no status (no valid target or dates) is counted as unmeasurable.
STATUS_COLUMNS = [*STATUSES, "unmeasurable"]
OWNER_COLUMNS = [
    "person", "role", "on_team", "goals", *STATUS_COLUMNS, "activities", "alerts",
    "rewards", "penalties", "at_stake",
]  # fmt: skip


def owners_board(
    plan: Plan, kpis: pd.DataFrame, alerts: list[Alert], cover: Coverage
) -> pd.DataFrame:
    team = cover.team
    roles = {
        norm(p): r
        for p, r in zip(plan.team.df["person"], plan.team.df["role"], strict=True)
        if isinstance(p, str) and isinstance(r, str)
    }
    people: dict[str, str] = dict(team)
    for mention in cover.mentions:
        people.setdefault(mention.key, mention.name)

    # What each person answers for, gathered in one pass over goals and one over activities
    # (in plan order) rather than one pass per person.
    goals = plan.goals.df
    reward_of = dict(zip(goals["row"].tolist(), goals["reward"].tolist(), strict=True))
    penalty_of = dict(zip(goals["row"].tolist(), goals["penalty"].tolist(), strict=True))
    owned: dict[str, list[str]] = {}
    counts: dict[str, Counter] = {}
    rewards: dict[str, list[str]] = {}
    penalties: dict[str, list[str]] = {}
    # What each goal still open puts at stake for its owner: its reward and its penalty.
    at_stake: dict[str, list[str]] = {}
    keys: dict[object, str | None] = {}
    for gid, owner, status, row in zip(
        *(kpis[c].tolist() for c in ("id", "owner", "status", "row")), strict=True
    ):
        key = keys[owner] if owner in keys else keys.setdefault(owner, norm_key(owner))
        if key is None:
            continue
        status = status if isinstance(status, str) else "unmeasurable"
        owned.setdefault(key, []).append(gid)
        counts.setdefault(key, Counter())[status] += 1
        if status == "achieved":
            rewards.setdefault(key, []).append(_earned(gid, reward_of[row]))
        elif status == "missed":
            penalties.setdefault(key, []).append(_earned(gid, penalty_of[row]))
        else:
            stakes = [x for x in (reward_of[row], penalty_of[row]) if isinstance(x, str) and x]
            if stakes:
                at_stake.setdefault(key, []).append(f"{gid}: {' / '.join(stakes)}")

    acts = cover.live_activities
    activities: dict[str, list[str]] = {}
    for aid, owner in zip(acts["id"].tolist(), acts["owner"].tolist(), strict=True):
        key = keys[owner] if owner in keys else keys.setdefault(owner, norm_key(owner))
        if key is not None:
            activities.setdefault(key, []).append(aid)
    # Each distinct owner name normalised once, however many alerts name them.
    alerts_by: Counter = Counter()
    for owner, count in Counter(a.owner for a in alerts if a.owner).items():
        alerts_by[norm(owner)] += count

    rows = []
    for key, person in people.items():
        mine = counts.get(key, {})
        rows.append(
            {
                "person": person,
                "role": roles.get(key),
                "on_team": key in team,
                "goals": owned.get(key, []),
                **{s: int(mine.get(s, 0)) for s in STATUS_COLUMNS},
                "activities": activities.get(key, []),
                "alerts": alerts_by.get(key, 0),
                "rewards": rewards.get(key, []),
                "penalties": penalties.get(key, []),
                "at_stake": at_stake.get(key, []),
            }
        )
    return pd.DataFrame(rows, columns=OWNER_COLUMNS)


def _earned(gid: object, text: object) -> str:
    return f"{gid}: {text}" if isinstance(text, str) and text else str(gid)


@dataclass(frozen=True)
class Unowned:
    """Goals and live activities nobody owns, for the owners board's footnote."""

    goals: list[str]
    activities: list[str]


def unowned(plan: Plan, cover: Coverage) -> Unowned:
    acts = cover.live_activities
    return Unowned(
        goals=list(plan.goals.df.loc[plan.goals.df["owner"].isna(), "id"]),
        activities=list(acts.loc[acts["owner"].isna(), "id"]),
    )

"""Coverage and owners (docs/accountability.md): goal ⇔ activity links, owners, the Team.

Alerts: `goal-no-activity`, `non-target-activity` (no goal, or a goal ID that does not
exist), `no-owner` (goals and activities) and, when the Team tab has people on it,
`unknown-person` for an owner, budget controller, report author, reader or decision maker
who is not on it. Names match as people type them: trimmed, case-insensitive (`norm`).

Cancelled activities are out of the plan here: they neither cover a goal nor need one,
an owner or a known person. The checklist and the owners board ask this module the same
questions through one `Coverage`, worked out once per `compute()` and passed to each, so
the three always agree.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from sheetsync.compute.alerts import Alert, cells_of, make_alert
from sheetsync.i18n import t
from sheetsync.plan import Plan
from sheetsync.plan.schema import norm, norm_key

ROLES = ("goal-owner", "activity-owner", "controller", "author", "reader", "decision-maker")


@dataclass(frozen=True)
class Mention:
    """One place the plan names a person: who, as what, about which goal/activity/report."""

    name: str  # as typed
    key: str  # norm(name): what names are compared by
    role: str  # one of ROLES
    about: str | None  # goal or activity ID, report name; None for the controller
    cell: str | None


@dataclass(frozen=True)
class Coverage:
    """The plan's links and names: which activities count, what they serve, who is named
    where. Worked out once per compute() (`coverage_of`) and read by the coverage alerts,
    the checklist and the owners board; nobody changes it."""

    live_activities: pd.DataFrame  # every activity not cancelled
    goals_without_activity: list[str]  # goal IDs no live activity names, in plan order
    non_target: dict[str, list[str]]  # live activity ID -> unknown goal IDs it names
    team: dict[str, str]  # norm(name) -> the name as the Team tab spells it
    mentions: list[Mention]  # every place a person is named, in plan order


def coverage_of(plan: Plan) -> Coverage:
    live = live_activities(plan)
    links = _links(live)
    return Coverage(
        live_activities=live,
        goals_without_activity=goals_without_activity(plan, links),
        non_target=non_target(plan, live, links),
        team=team_names(plan),
        mentions=mentions(plan, live),
    )


def live_activities(plan: Plan) -> pd.DataFrame:
    """The activities that count for coverage: every one not cancelled."""
    acts = plan.activities.df
    live = acts["status"].to_numpy(object) != "cancelled"  # an empty status is live
    return acts if live.all() else acts[live]


def _is_missing(value: object) -> bool:
    """An empty cell: None or NaN (what the plan's text columns hold when empty)."""
    return value is None or (isinstance(value, float) and value != value)


def _links(acts: pd.DataFrame) -> list[tuple[object, object, str]]:
    """(live activity ID, goal ID as typed, norm(goal ID)) for every goal each live activity
    names, in plan order."""
    keys: dict[object, str] = {}  # each distinct goal ID normalised once
    links = []
    for activity, goals in zip(acts["id"].tolist(), acts["goal"].tolist(), strict=True):
        for goal in goals if isinstance(goals, tuple | list) else (goals,):
            if isinstance(goal, str) or not pd.isna(goal):
                key = keys.get(goal)
                if key is None:
                    key = keys[goal] = norm(goal)
                links.append((activity, goal, key))
    return links


def _goal_keys(plan: Plan) -> list[str]:
    """norm(ID) of every goal, in the Goals tab's order."""
    return [norm(g) for g in plan.goals.df["id"].tolist()]


def goals_without_activity(plan: Plan, links: list[tuple[object, object, str]]) -> list[str]:
    """Goal IDs no live activity names, in the Goals tab's order."""
    covered = {key for _, _, key in links}
    ids = plan.goals.df["id"].tolist()
    return [gid for gid, key in zip(ids, _goal_keys(plan), strict=True) if key not in covered]


def non_target(
    plan: Plan, live: pd.DataFrame, links: list[tuple[object, object, str]]
) -> dict[str, list[str]]:
    """Live activity ID -> the unknown goal IDs it names ([] when it names no goal at all).

    An activity that names a real goal and also a mistyped one is listed: the mistyped ID
    is still a link to nothing that someone should fix.
    """
    known = set(_goal_keys(plan))
    unknown: dict[object, list] = {}
    served = set()
    for activity, goal, key in links:
        if key in known:
            served.add(activity)
        elif not _is_missing(activity):
            unknown.setdefault(activity, []).append(goal)
    found: dict[str, list[str]] = {}
    for activity in live["id"].tolist():
        if activity in unknown:
            found[activity] = list(unknown[activity])
        elif activity not in served:
            found[activity] = []
    return found


def team_names(plan: Plan) -> dict[str, str]:
    """norm(name) -> the name as the Team tab spells it, in the Team tab's order."""
    names: dict[str, str] = {}
    for person in plan.team.df["person"]:
        key = norm_key(person)
        if key and key not in names:
            names[key] = person.strip()
    return names


def mentions(plan: Plan, live: pd.DataFrame) -> list[Mention]:
    """Every place a person is named, in plan order: goals, activities, controller, reporting."""
    found: list[Mention] = []
    keys: dict[object, str | None] = {}  # each distinct name normalised once

    def key_of(name: object) -> str | None:
        if name not in keys:
            keys[name] = norm_key(name)
        return keys[name]

    def add(name: object, role: str, about: object, cell: str | None) -> None:
        key = key_of(name)
        if key:
            found.append(Mention(str(name).strip(), key, role, _text(about), cell))

    # Owners are most of the mentions: cell addresses, taken at once, only for the rows that
    # name someone.
    for table, rows, role in (
        (plan.goals, plan.goals.df, "goal-owner"),
        (plan.activities, live, "activity-owner"),
    ):
        abouts, owners, sheet_rows = (rows[c].tolist() for c in ("id", "owner", "row"))
        named = [i for i, owner in enumerate(owners) if key_of(owner)]
        cells = cells_of(table, "owner", [sheet_rows[i] for i in named])
        # A few dozen people own a thousand rows: each name trimmed once.
        person = {owners[i]: str(owners[i]).strip() for i in named}
        found += [
            Mention(person[owners[i]], keys[owners[i]], role, _text(abouts[i]), cell)
            for i, cell in zip(named, cells, strict=True)
        ]
    settings = plan.settings
    add(settings.budget_controller, "controller", None, settings.cells.get("budget_controller"))
    rep = plan.reporting
    for rule in rep.df.itertuples():
        name = report_name(plan, rule.report, rule.row)
        add(rule.author, "author", name, rep.cell("author", rule.row))
        for reader in rule.readers if isinstance(rule.readers, tuple) else ():
            add(reader, "reader", name, rep.cell("readers", rule.row))
        add(rule.decision_maker, "decision-maker", name, rep.cell("decision_maker", rule.row))
    return found


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def report_name(plan: Plan, report: object, row: int) -> str:
    """What a reporting rule is called in messages: its Report text, else its row."""
    if isinstance(report, str) and report.strip():
        return report.strip()
    return t(plan.lang, "reporting-row", row=int(row))


def _lead(team: dict[str, str], found: list[Mention]) -> str | None:
    makers = [m for m in found if m.role == "decision-maker"]
    on_team = [m for m in makers if m.key in team]
    chosen = (on_team or makers or [None])[0]
    if chosen is None:
        return None
    return team.get(chosen.key, chosen.name)


def coverage_alerts(plan: Plan, cover: Coverage | None = None) -> list[Alert]:
    cover = cover or coverage_of(plan)
    lang = plan.lang
    team, found = cover.team, cover.mentions
    lead = _lead(team, found)
    alerts: list[Alert] = []
    goals = plan.goals
    gids, owners, rows = (goals.df[c].tolist() for c in ("id", "owner", "row"))
    goal_of = {gid: (owner, row) for gid, owner, row in zip(gids, owners, rows, strict=True)}
    goal_owner = {norm(g): o for g, o in zip(gids, owners, strict=True)}

    for gid in cover.goals_without_activity:
        owner, row = goal_of[gid]
        alerts.append(
            make_alert(
                "goal-no-activity",
                gid,
                t(lang, "goal-no-activity", subject=gid),
                _text(owner) or lead,
                goals.cell("id", row),
            )
        )
    for gid, owner, row in zip(gids, owners, rows, strict=True):
        if _is_missing(owner):
            alerts.append(
                make_alert(
                    "no-owner",
                    gid,
                    t(lang, "no-owner.goal", subject=gid),
                    lead,
                    goals.cell("owner", row),
                )
            )

    acts = cover.live_activities
    columns = ("id", "activity", "goal", "owner", "row")
    act_rows = list(zip(*(acts[c].tolist() for c in columns), strict=True))
    act_of = {aid: (name, owner, row) for aid, name, _, owner, row in act_rows}
    for aid, unknown in cover.non_target.items():
        name, owner, row = act_of[aid]
        name = _text(name) or aid
        if unknown:
            message = t(
                lang,
                "non-target-activity.unknown-goal",
                subject=aid,
                name=name,
                goals=", ".join(unknown),
            )
        else:
            message = t(lang, "non-target-activity", subject=aid, name=name)
        alerts.append(
            make_alert(
                "non-target-activity",
                aid,
                message,
                _text(owner) or lead,
                plan.activities.cell("goal", row),
            )
        )
    for aid, name, served_goals, owner, row in act_rows:
        if not _is_missing(owner):
            continue
        # The owner of a goal it serves is the one who should find it an owner.
        served = [
            goal_owner.get(norm(g))
            for g in (served_goals if isinstance(served_goals, tuple) else ())
        ]
        acting = next((o for o in served if _text(o)), None) or lead
        alerts.append(
            make_alert(
                "no-owner",
                aid,
                t(lang, "no-owner.activity", subject=aid, name=_text(name) or aid),
                acting,
                plan.activities.cell("owner", row),
            )
        )
    alerts.extend(_unknown_person_alerts(plan, lead, _unknown_people(team, found)))
    return alerts


def _unknown_people(team: dict[str, str], found: list[Mention]) -> dict[str, list[Mention]]:
    if not team:
        return {}
    unknown: dict[str, list[Mention]] = {}
    for mention in found:
        if mention.key not in team:
            unknown.setdefault(mention.key, []).append(mention)
    return unknown


def _unknown_person_alerts(
    plan: Plan, lead: str | None, unknown: dict[str, list[Mention]]
) -> list[Alert]:
    alerts = []
    for uses in unknown.values():
        roles = ", ".join(
            dict.fromkeys(t(plan.lang, f"role.{m.role}", about=m.about) for m in uses)
        )
        first = uses[0]
        alerts.append(
            make_alert(
                "unknown-person",
                first.name,
                t(plan.lang, "unknown-person", subject=first.name, roles=roles),
                lead,
                first.cell,
            )
        )
    return alerts

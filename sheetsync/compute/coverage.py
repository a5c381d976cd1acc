"""Coverage and owners (SPEC §4): goal ⇔ activity links, named owners, names on the Team.

Alerts: `goal-no-activity`, `non-target-activity` (no goal, or a goal ID that does not
exist), `no-owner` (goals and activities) and, when the Team tab has people on it,
`unknown-person` for an owner, budget controller, report author, reader or decision maker
who is not on it. Names match as people type them: trimmed, case-insensitive (`norm`).

Cancelled activities are out of the plan here: they neither cover a goal nor need one,
an owner or a known person. The checklist and the owners board ask this module the same
questions (`goals_without_activity`, `non_target`, `mentions`) so the three always agree.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from sheetsync.compute.alerts import Alert, make_alert
from sheetsync.i18n import say
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


def live_activities(plan: Plan) -> pd.DataFrame:
    """The activities that count for coverage: every one not cancelled."""
    acts = plan.activities.df
    return acts[acts["status"].ne("cancelled") | acts["status"].isna()]


def goal_links(plan: Plan) -> pd.DataFrame:
    """One row per (live activity, goal ID it names): columns activity, goal, key, known."""
    acts = live_activities(plan)
    links = pd.DataFrame({"activity": acts["id"], "goal": acts["goal"]}).explode("goal")
    links = links[links["goal"].notna()]
    keys = links["goal"].map(norm)
    known = set(plan.goals.df["id"].map(norm))
    return links.assign(key=keys, known=keys.isin(known))


def goals_without_activity(plan: Plan) -> list[str]:
    """Goal IDs no live activity names, in the Goals tab's order."""
    links = goal_links(plan)
    covered = set(links["key"])
    goals = plan.goals.df
    return list(goals.loc[~goals["id"].map(norm).isin(covered), "id"])


def non_target(plan: Plan) -> dict[str, list[str]]:
    """Live activity ID -> the unknown goal IDs it names ([] when it names no goal at all).

    An activity that names a real goal and also a mistyped one is listed: the mistyped ID
    is still a link to nothing that someone should fix.
    """
    acts = live_activities(plan)
    links = goal_links(plan)
    unknown = links[~links["known"]].groupby("activity", sort=False)["goal"].agg(list)
    served = set(links.loc[links["known"], "activity"])
    found: dict[str, list[str]] = {}
    for activity in acts["id"]:
        if activity in unknown.index:
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


def mentions(plan: Plan) -> list[Mention]:
    """Every place a person is named, in plan order: goals, activities, controller, reporting."""
    found: list[Mention] = []

    def add(name: object, role: str, about: object, cell: str | None) -> None:
        key = norm_key(name)
        if key:
            found.append(Mention(str(name).strip(), key, role, _text(about), cell))

    goals = plan.goals
    for gid, owner, row in zip(goals.df["id"], goals.df["owner"], goals.df["row"], strict=True):
        add(owner, "goal-owner", gid, goals.cell("owner", row))
    acts = live_activities(plan)
    for aid, owner, row in zip(acts["id"], acts["owner"], acts["row"], strict=True):
        add(owner, "activity-owner", aid, plan.activities.cell("owner", row))
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
    return say(plan.lang, "reporting-row", row=int(row))


def plan_lead(plan: Plan) -> str | None:
    """Who acts on what has no owner: the first Reporting decision maker (on the Team if
    the Team has people), since that is the person who changes the plan."""
    team = team_names(plan)
    makers = [m for m in mentions(plan) if m.role == "decision-maker"]
    on_team = [m for m in makers if m.key in team]
    chosen = (on_team or makers or [None])[0]
    if chosen is None:
        return None
    return team.get(chosen.key, chosen.name)


def coverage_alerts(plan: Plan) -> list[Alert]:
    lang = plan.lang
    lead = plan_lead(plan)
    alerts: list[Alert] = []
    goals = plan.goals
    goal_rows = goals.df.set_index("id")
    goal_owner = {norm(g): o for g, o in zip(goals.df["id"], goals.df["owner"], strict=True)}

    for gid in goals_without_activity(plan):
        goal = goal_rows.loc[gid]
        alerts.append(
            make_alert(
                "goal-no-activity",
                gid,
                say(lang, "goal-no-activity", subject=gid),
                _text(goal["owner"]) or lead,
                goals.cell("id", goal["row"]),
            )
        )
    for goal in goals.df[goals.df["owner"].isna()].itertuples():
        alerts.append(
            make_alert(
                "no-owner",
                goal.id,
                say(lang, "no-owner.goal", subject=goal.id),
                lead,
                goals.cell("owner", goal.row),
            )
        )

    acts = live_activities(plan).set_index("id", drop=False)
    for aid, unknown in non_target(plan).items():
        act = acts.loc[aid]
        name = _text(act["activity"]) or aid
        if unknown:
            message = say(
                lang,
                "non-target-activity.unknown-goal",
                subject=aid,
                name=name,
                goals=", ".join(unknown),
            )
        else:
            message = say(lang, "non-target-activity", subject=aid, name=name)
        alerts.append(
            make_alert(
                "non-target-activity",
                aid,
                message,
                _text(act["owner"]) or lead,
                plan.activities.cell("goal", act["row"]),
            )
        )
    for act in acts[acts["owner"].isna()].itertuples(index=False):
        # The owner of a goal it serves is the one who should find it an owner.
        served = [
            goal_owner.get(norm(g)) for g in (act.goal if isinstance(act.goal, tuple) else ())
        ]
        acting = next((o for o in served if _text(o)), None) or lead
        alerts.append(
            make_alert(
                "no-owner",
                act.id,
                say(lang, "no-owner.activity", subject=act.id, name=_text(act.activity) or act.id),
                acting,
                plan.activities.cell("owner", act.row),
            )
        )
    alerts.extend(unknown_person_alerts(plan, lead))
    return alerts


def unknown_people(plan: Plan) -> dict[str, list[Mention]]:
    """norm(name) -> where each name not on the Team is used; empty when Team has nobody."""
    team = team_names(plan)
    if not team:
        return {}
    unknown: dict[str, list[Mention]] = {}
    for mention in mentions(plan):
        if mention.key not in team:
            unknown.setdefault(mention.key, []).append(mention)
    return unknown


def unknown_person_alerts(plan: Plan, lead: str | None) -> list[Alert]:
    """One alert per unknown name (not per cell), listing every role it is named in."""
    alerts = []
    for uses in unknown_people(plan).values():
        roles = ", ".join(
            dict.fromkeys(say(plan.lang, f"role.{m.role}", about=m.about) for m in uses)
        )
        first = uses[0]
        alerts.append(
            make_alert(
                "unknown-person",
                first.name,
                say(plan.lang, "unknown-person", subject=first.name, roles=roles),
                lead,
                first.cell,
            )
        )
    return alerts

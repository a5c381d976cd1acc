"""Coverage and owners alerts (docs/accountability.md): goal-no-activity, non-target-activity,
no-owner, unknown-person; each with the person who should act and the cell to look at.

The plan: Team Ann (head), Bob, Cat. G1 owned by Ann, G2 owned by Bob. A1 serves G1 (Bob),
A2 serves G2 (Ann). One report, decisions by Ann — so Ann is who acts on what nobody owns.
Sheet rows: Goals G1 = 2, G2 = 3; Activities A1 = 2, A2 = 3; Reporting rule = 2.
"""

from __future__ import annotations

from sheetsync.compute.coverage import coverage_alerts, coverage_of
from tests.helpers import ACTIVITIES_HEADER, GOALS_HEADER, make_plan, results_for

TODAY = "2026-11-15"


def plan_tabs() -> dict[str, list[list]]:
    return {
        "Team": [["Person", "Role"], ["Ann", "Head"], ["Bob", "Ads"], ["Cat", "Finance"]],
        "Goals": [
            GOALS_HEADER,
            ["G1", "Clients", "clients", "sum", 0, 40, "2026-11-01", "2026-11-30", "Ann"],
            ["G2", "Conversion", "conv", "last", 1, 2, "2026-11-01", "2026-11-30", "Bob"],
        ],
        "Activities": [
            ACTIVITIES_HEADER,
            ["A1", "Search ads", "G1", "Search", "Bob", None, None, "active", 600],
            ["A2", "A/B test", "G2", "Site", "Ann", None, None, "active", 300],
        ],
        "Reporting": [
            ["Report", "Every", "Author", "Readers", "Decision maker"],
            ["Weekly", "week", "Bob", "Ann, Cat", "Ann"],
        ],
        "Settings": [["Setting", "Value"], ["Budget controller", "Cat"]],
    }


def alerts_of(tabs):
    return [(a.code, a.subject, a.owner, a.cell) for a in coverage_alerts(make_plan(tabs))]


def test_a_covered_owned_plan_has_no_coverage_alerts():
    assert alerts_of(plan_tabs()) == []


def test_goal_with_no_activity_goes_to_its_owner():
    tabs = plan_tabs()
    tabs["Activities"][2][2] = "G1"  # A2 now serves G1 too: nothing serves G2
    alerts = coverage_alerts(make_plan(tabs))
    assert [(a.severity, a.code, a.subject, a.owner, a.cell) for a in alerts] == [
        ("warning", "goal-no-activity", "G2", "Bob", "Goals!A3")
    ]
    assert alerts[0].message == (
        "Goal G2 has no activity: nothing in the plan works towards it. "
        "Add an activity with G2 in its Goal column, or drop the goal."
    )


def test_a_cancelled_activity_covers_nothing_and_needs_nothing():
    tabs = plan_tabs()
    tabs["Activities"][2][7] = "cancelled"
    tabs["Activities"][2][2] = None  # no goal, but cancelled: not a non-target activity
    tabs["Activities"][2][4] = None  # no owner, but cancelled: no alert
    assert alerts_of(tabs) == [("goal-no-activity", "G2", "Bob", "Goals!A3")]


def test_activity_with_no_goal_is_non_target_and_goes_to_its_owner():
    tabs = plan_tabs()
    tabs["Activities"].append(["A3", "Own CRM", None, "IT", "Cat", None, None, "active", 60])
    alerts = coverage_alerts(make_plan(tabs))
    assert [(a.code, a.subject, a.owner, a.cell) for a in alerts] == [
        ("non-target-activity", "A3", "Cat", "Activities!C4")
    ]
    assert alerts[0].message == (
        "Activity A3 (Own CRM) serves no goal: money and time spent on it move no KPI. "
        "Link it to a goal or stop it."
    )


def test_activity_naming_a_goal_that_does_not_exist_is_non_target():
    tabs = plan_tabs()
    tabs["Activities"][1][2] = "G1, g9"
    plan = make_plan(tabs)
    assert coverage_of(plan).non_target == {"A1": ["g9"]}
    alerts = coverage_alerts(plan)
    assert [(a.code, a.subject, a.owner, a.cell) for a in alerts] == [
        ("non-target-activity", "A1", "Bob", "Activities!C2")
    ]
    assert "linked to g9, which is not on the Goals tab" in alerts[0].message


def test_goal_ids_match_trimmed_and_case_insensitively():
    tabs = plan_tabs()
    tabs["Activities"][1][2] = " g1 "
    assert alerts_of(tabs) == []


def test_unowned_goal_goes_to_the_decision_maker_and_unowned_activity_to_its_goal_owner():
    tabs = plan_tabs()
    tabs["Goals"][1][8] = None  # G1 has no owner
    tabs["Activities"][2][4] = None  # A2 (serves G2, owned by Bob) has no owner
    alerts = coverage_alerts(make_plan(tabs))
    assert [(a.code, a.subject, a.owner, a.cell) for a in alerts] == [
        ("no-owner", "G1", "Ann", "Goals!I2"),
        ("no-owner", "A2", "Bob", "Activities!E3"),
    ]
    assert alerts[1].message == (
        "Activity A2 (A/B test) has no owner. Name one person who answers for it."
    )


def test_unknown_people_one_alert_per_name_with_every_role_it_is_named_in():
    tabs = plan_tabs()
    tabs["Goals"][2][8] = "  BOB "  # same person as Team's Bob: no alert
    tabs["Reporting"].append(["Monthly", "month", "Ann", "Director", "Director"])
    tabs["Settings"][1][1] = "Zed"
    alerts = coverage_alerts(make_plan(tabs))
    assert [(a.severity, a.code, a.subject, a.owner, a.cell) for a in alerts] == [
        ("info", "unknown-person", "Zed", "Ann", "Settings!B2"),
        ("info", "unknown-person", "Director", "Ann", "Reporting!D3"),
    ]
    assert alerts[1].message == (
        '"Director" is named as reader of "Monthly", decision maker for "Monthly", '
        "but is not on the Team tab. Add them to Team or fix the spelling."
    )


def test_no_unknown_person_alerts_when_the_team_tab_is_empty():
    tabs = plan_tabs()
    tabs["Team"] = [["Person", "Role"]]
    tabs["Reporting"][1][3] = "Director"
    assert alerts_of(tabs) == []


def test_unknown_owners_of_goals_and_activities():
    tabs = plan_tabs()
    tabs["Goals"][1][8] = "Dan"
    tabs["Activities"][1][4] = "Dan"
    tabs["Activities"][2][4] = "Eve"
    alerts = coverage_alerts(make_plan(tabs))
    assert [(a.code, a.subject, a.owner, a.cell) for a in alerts] == [
        ("unknown-person", "Dan", "Ann", "Goals!I2"),
        ("unknown-person", "Eve", "Ann", "Activities!E3"),
    ]
    assert "owner of goal G1, owner of activity A1" in alerts[0].message


def test_coverage_alerts_reach_results_and_russian_messages():
    tabs = plan_tabs()
    tabs["Settings"].append(["Language", "ru"])
    tabs["Activities"][2][2] = None
    results = results_for(tabs, TODAY)
    mine = [a for a in results.alerts if a.code in ("goal-no-activity", "non-target-activity")]
    # Two warnings with no money at stake: by subject, A2 before G2.
    assert [(a.code, a.subject, a.owner) for a in mine] == [
        ("non-target-activity", "A2", "Ann"),
        ("goal-no-activity", "G2", "Bob"),
    ]
    assert mine[1].message == (
        "У цели G2 нет активностей: ничто в плане на неё не работает. "
        "Добавьте активность с G2 в столбце «Цель» или уберите цель."
    )

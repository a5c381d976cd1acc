"""The strategy checklist score (docs/accountability.md): each of the 18 items passing on a sound
plan and failing on a plan broken in exactly that respect, with evidence naming the rows.

The sound plan, on 2026-11-15 (November: 30 days, half elapsed):
- G1 (sum, 10 → 40) owned by Ann, G2 (last, 1 → 2) owned by Bob; both have reward and penalty.
- A1 serves G1 (Search, Bob, $600), A2 serves G2 (Site, Ann, $300): allocated $900 of $1,000.
- Spend on 11-13 and 11-14, checked every week; actuals on 11-14 (fresh).
- One weekly report: author Bob, readers Ann and Cat, decisions by Ann.
"""

from __future__ import annotations

import json

import pytest

from sheetsync.cli import checklist_lines
from sheetsync.compute.checklist import ITEMS
from sheetsync.render.checklist_tab import render_checklist
from tests.helpers import (
    ACTIVITIES_HEADER,
    ACTUALS_HEADER,
    GOALS_HEADER,
    SPEND_HEADER,
    results_for,
)

TODAY = "2026-11-15"
IDS = [item for item, _ in ITEMS]


def sound_plan() -> dict[str, list[list]]:
    return {
        "Settings": [
            ["Setting", "Value"],
            ["Budget mode", "bottom-up"],
            ["Budget limit", 1000],
            ["Daily limit", 50],
            ["Budget controller", "Cat"],
            ["Control method", "Ad cabinets checked against Spend every Monday"],
            ["Check every", "week"],
        ],
        "Team": [["Person", "Role", "Email"], ["Ann", "Head", None], ["Bob", "Ads", None],
                 ["Cat", "Finance", None]],
        "Goals": [
            GOALS_HEADER,
            ["G1", "More clients", "clients", "sum", 10, 40, "2026-11-01", "2026-11-30", "Ann",
             None, "Bonus", "No bonus"],
            ["G2", "Conversion", "conv", "last", 1, 2, "2026-11-01", "2026-11-30", "Bob",
             None, "Day off", "Review"],
        ],
        "Actuals": [ACTUALS_HEADER, ["2026-11-14", "clients", 20], ["2026-11-14", "conv", 1.5]],
        "Activities": [
            ACTIVITIES_HEADER,
            ["A1", "Search ads", "G1", "Search", "Bob", "2026-11-01", "2026-11-30", "active", 600],
            ["A2", "A/B test", "G2", "Site", "Ann", "2026-11-01", "2026-11-30", "active", 300],
        ],
        "Spend": [SPEND_HEADER, ["2026-11-13", "A1", 20, 2], ["2026-11-14", "A2", 10, 1]],
        "Reporting": [
            ["Report", "Every", "Author", "Readers", "Decision maker"],
            ["Weekly", "week", "Bob", "Ann, Cat", "Ann"],
        ],
    }  # fmt: skip


def checklist_of(tabs, today=TODAY):
    return results_for(tabs, today).checklist


def setting(tabs, name, value):
    rows = [r for r in tabs["Settings"] if r[0] != name]
    if value is not None:
        rows.append([name, value])
    tabs["Settings"] = rows


def test_a_sound_plan_passes_all_18_items_in_the_spec_order():
    checklist = checklist_of(sound_plan())
    assert [i.id for i in checklist.items] == IDS
    assert [i.section for i in checklist.items] == [
        "goals", "goals", "goals", "activities", "activities", "activities", "budget",
        "budget", "budget", "control", "control", "control", "control", "owners", "owners",
        "reporting", "reporting", "results",
    ]  # fmt: skip
    failed = {i.id: i.evidence for i in checklist.items if not i.passed}
    assert failed == {}
    assert checklist.score == 1.0
    evidence = {i.id: i.evidence for i in checklist.items}
    assert evidence["goals-owned"] == "Every goal has an owner (2 of 2)."
    assert evidence["budget-fits"] == "Allocated $900 of the $1,000 limit; $100 left."
    assert evidence["control-controller"] == "Cat controls the budget."
    assert evidence["control-limits"] == "Limits: $50 a day."
    assert evidence["control-logged"] == "Logged up to 2026-11-14; agreed: every week."
    assert evidence["reporting-rule"] == "Weekly (weekly)."
    assert evidence["reporting-complete"] == "Weekly: Bob writes, Ann and Cat read, Ann decides."
    assert evidence["results-fresh"] == (
        "No stale figures: every running goal has an actual from the last 14 days."
    )


def _goal(tabs, gid):
    return next(r for r in tabs["Goals"] if r[0] == gid)


def _activity(tabs, aid):
    return next(r for r in tabs["Activities"] if r[0] == aid)


def _no_baseline(t):
    _goal(t, "G2")[4] = None  # G2 is a `last` goal: it needs a baseline (a `sum` goal does not)


def _no_end(t):
    _goal(t, "G2")[7] = None


def _end_before_start(t):
    _goal(t, "G1")[7] = "2026-10-01"


def _goal_unowned(t):
    _goal(t, "G2")[8] = None


def _g2_uncovered(t):
    _activity(t, "A2")[2] = "G1"


def _a2_cancelled(t):
    _activity(t, "A2")[7] = "cancelled"


def _a2_no_goal(t):
    _activity(t, "A2")[2] = None


def _a2_unknown_goal(t):
    _activity(t, "A2")[2] = "G2, G9"


def _no_channel(t):
    _activity(t, "A1")[3] = None


def _no_mode(t):
    setting(t, "Budget mode", None)


def _over_limit(t):
    setting(t, "Budget limit", 800)


def _no_limit(t):
    setting(t, "Budget limit", None)


def _no_budget(t):
    _activity(t, "A2")[8] = None


def _no_controller(t):
    setting(t, "Budget controller", None)


def _no_method(t):
    setting(t, "Control method", None)


def _no_limits(t):
    setting(t, "Daily limit", None)


def _no_spend(t):
    t["Spend"] = [SPEND_HEADER]


def _late_spend(t):
    # The newest spend is 11-01: two weeks before today while A1 and A2 are active.
    t["Spend"] = [SPEND_HEADER, ["2026-11-01", "A1", 20, 2]]


def _activity_unowned(t):
    _activity(t, "A1")[4] = None


def _no_penalty(t):
    _goal(t, "G1")[11] = None


def _no_reporting(t):
    t["Reporting"] = [t["Reporting"][0]]


def _no_readers(t):
    t["Reporting"][1][3] = None
    t["Reporting"].append(["Monthly", None, None, "Ann", "Ann"])


def _stale(t):
    setting(t, "Stale after days", 10)
    t["Actuals"][1][0] = "2026-11-01"  # G1's only actual: 14 days old, more than 10


BROKEN = [
    ("goals-measurable", _no_baseline, "Not measurable: G2 — no baseline (1 of 2 goals)."),
    (
        "goals-dated",
        _no_end,
        "No start or end, or the end is before the start: G2 (1 of 2 goals).",
    ),
    (
        "goals-dated",
        _end_before_start,
        "No start or end, or the end is before the start: G1 (1 of 2 goals).",
    ),
    ("goals-owned", _goal_unowned, "No owner: G2 (1 of 2 goals)."),
    ("goals-have-activities", _g2_uncovered, "No activity: G2 (1 of 2 goals)."),
    ("goals-have-activities", _a2_cancelled, "No activity: G2 (1 of 2 goals)."),
    (
        "activities-serve-goals",
        _a2_no_goal,
        "No goal, or a goal that does not exist: A2 (1 of 2 activities).",
    ),
    (
        "activities-serve-goals",
        _a2_unknown_goal,
        "No goal, or a goal that does not exist: A2 (1 of 2 activities).",
    ),
    ("activities-have-channel", _no_channel, "No channel: A1 (1 of 2 activities)."),
    ("budget-mode", _no_mode, "No Budget mode on the Settings tab (bottom-up or top-down)."),
    ("budget-fits", _no_mode, "No budget mode, so nothing to fit the plan into."),
    ("budget-fits", _over_limit, "Allocated $900: over the $800 limit by $100."),
    (
        "budget-fits",
        _no_limit,
        "Bottom-up, but no Budget limit on the Settings tab to fit into (allocated $900).",
    ),
    ("activities-budgeted", _no_budget, "No budget: A2 (1 of 2 activities)."),
    ("control-controller", _no_controller, "No Budget controller on the Settings tab."),
    (
        "control-method",
        _no_method,
        "No Control method on the Settings tab: write down how spend is checked.",
    ),
    (
        "control-limits",
        _no_limits,
        "No daily, weekly or monthly spend limit on the Settings tab.",
    ),
    ("control-logged", _no_spend, "No spend logged yet on the Spend tab."),
    (
        "control-logged",
        _late_spend,
        "The newest spend is from 2026-11-01, but it should be logged every week while "
        "activities run.",
    ),
    ("activities-owned", _activity_unowned, "No owner: A1 (1 of 2 activities)."),
    ("goals-incentives", _no_penalty, "No reward or penalty: G1 (1 of 2 goals)."),
    (
        "reporting-rule",
        _no_reporting,
        "The Reporting tab has no rules: nobody knows when to report.",
    ),
    (
        "reporting-complete",
        _no_readers,
        "Incomplete: Weekly (readers missing), Monthly (period, author missing) (2 of 2 reports).",
    ),
    (
        "results-fresh",
        _stale,
        "Stale figures (nothing new for over 10 days): G1 (1 of 2 goals).",
    ),
]


@pytest.mark.parametrize(
    ("item", "breaks", "evidence"), BROKEN, ids=[f"{b[0]}:{b[1].__name__}" for b in BROKEN]
)
def test_each_item_fails_on_a_plan_broken_in_that_respect(item, breaks, evidence):
    tabs = sound_plan()
    breaks(tabs)
    checklist = checklist_of(tabs)
    got = checklist.item(item)
    assert got.passed is False
    assert got.evidence == evidence


def test_one_fault_costs_one_item_of_18():
    tabs = sound_plan()
    _goal_unowned(tabs)
    checklist = checklist_of(tabs)
    assert [i.id for i in checklist.items if not i.passed] == ["goals-owned"]
    assert checklist.score == pytest.approx(17 / 18)
    goals = next(s for s in checklist.sections if s.key == "goals")
    assert (goals.passed, goals.total, goals.score) == (2, 3, pytest.approx(2 / 3))


def test_evidence_names_every_failing_row_and_counts_them():
    tabs = sound_plan()
    tabs["Goals"].append(
        ["G3", "Blog", "readers", "last", 5, 9, "2026-11-01", "2026-11-30", None, None, "x", "y"]
    )
    tabs["Goals"].append(
        ["G5", "PR", "mentions", "last", None, 3, "2026-11-01", "2026-11-30", None, None, "x", "y"]
    )
    tabs["Goals"].append(
        ["G4", "Site", "visits", "sum", 1, 3, "2026-11-01", "2026-11-30", "Ann", None, "x", "y"]
    )
    checklist = checklist_of(tabs)
    assert checklist.item("goals-owned").evidence == "No owner: G3, G5 (2 of 5 goals)."
    assert checklist.item("goals-have-activities").evidence == (
        "No activity: G3, G5, G4 (3 of 5 goals)."
    )
    assert checklist.item("goals-measurable").evidence == (
        "Not measurable: G5 — no baseline (1 of 5 goals)."
    )


def test_a_long_list_of_rows_is_cut_after_ten():
    tabs = sound_plan()
    for n in range(1, 13):
        tabs["Activities"].append([f"X{n}", "Extra", "G1", "Misc", None, None, None, None, 0])
    evidence = checklist_of(tabs).item("activities-owned").evidence
    assert evidence == (
        "No owner: X1, X2, X3, X4, X5, X6, X7, X8, X9, X10 and 2 more (12 of 14 activities)."
    )


def test_an_empty_plan_fails_every_goal_and_activity_item():
    checklist = checklist_of({"Goals": [GOALS_HEADER]})
    assert checklist.passed == 0
    assert checklist.total == 18
    assert checklist.item("goals-owned").evidence == "The plan has no goals yet."
    assert checklist.item("activities-owned").evidence == "The plan has no activities yet."


def test_top_down_plan_fits_when_the_activities_cover_what_the_targets_need():
    # G1: |40 − 10| × $20 = $600, carried by A1's $600; G2: |2 − 1| × $300 = $300, A2's $300.
    tabs = sound_plan()
    setting(tabs, "Budget mode", "top-down")
    setting(tabs, "Budget limit", None)
    _goal(tabs, "G1")[9] = 20
    _goal(tabs, "G2")[9] = 300
    item = checklist_of(tabs).item("budget-fits")
    assert item.passed is True
    assert item.evidence == "The targets need $900; the activities cover it."
    assert checklist_of(tabs).item("budget-mode").evidence == (
        "Top-down: the budget is what the targets need."
    )


def test_top_down_plan_fails_with_the_sum_still_to_find():
    # G2 now needs |2 − 1| × $400 = $400 and A2 carries $300: $100 to find; $1,000 needed.
    tabs = sound_plan()
    setting(tabs, "Budget mode", "top-down")
    _goal(tabs, "G1")[9] = 20
    _goal(tabs, "G2")[9] = 400
    item = checklist_of(tabs).item("budget-fits")
    assert item.passed is False
    assert item.evidence == "The targets need $1,000; $100 is still to find."


def test_top_down_without_any_cost_per_result_cannot_fit():
    tabs = sound_plan()
    setting(tabs, "Budget mode", "top-down")
    item = checklist_of(tabs).item("budget-fits")
    assert item.passed is False
    assert item.evidence == (
        "Top-down, but the sum the targets need is unknown: give goals a Cost per result."
    )


def test_a_controller_not_on_the_team_still_answers_who_but_is_flagged():
    tabs = sound_plan()
    setting(tabs, "Budget controller", " cat ")
    assert checklist_of(tabs).item("control-controller").evidence == "Cat controls the budget."
    setting(tabs, "Budget controller", "Zed")
    item = checklist_of(tabs).item("control-controller")
    assert item.passed is True
    assert item.evidence == "Zed controls the budget (not on the Team tab)."


TEAM_ITEMS = [
    ["Item", "Section", "Done"],
    ["Competitors reviewed", "Goals", "yes"],
    ["Brand book agreed", "Бюджет", "no"],
    ["Press kit ready", "PR", None],
    ["Boss agreed", None, "да"],
    ["Media list", " pr ", "x"],
]


def test_team_items_join_their_sections_and_count_in_the_score():
    tabs = sound_plan()
    tabs["Checklist"] = TEAM_ITEMS
    checklist = checklist_of(tabs)
    team = [i for i in checklist.items if i.id.startswith("team-")]
    assert [(i.id, i.section, i.passed) for i in team] == [
        ("team-1", "goals", True),
        ("team-2", "budget", False),
        ("team-3", "PR", False),
        ("team-5", "PR", True),
        ("team-4", "other", True),
    ]
    assert [i.evidence for i in team] == [
        "Marked done (Checklist!C2).",
        "Marked not done (Checklist!C3).",
        "Not marked yet (Checklist!C4).",
        "Marked done (Checklist!C6).",
        "Marked done (Checklist!C5).",
    ]
    assert team[0].question == "Competitors reviewed"
    # 18 automatic items pass, and 3 of the 5 team items: 21 of 23.
    assert (checklist.passed, checklist.total) == (21, 23)
    data = checklist.to_json()
    assert data["score"] == pytest.approx(21 / 23)
    assert data["sections"] == {
        "goals": 1.0,
        "activities": 1.0,
        "budget": 0.75,
        "control": 1.0,
        "owners": 1.0,
        "reporting": 1.0,
        "results": 1.0,
        "PR": 0.5,
        "other": 1.0,
    }
    # Team items follow the automatic ones of their section.
    ids = [i["id"] for i in data["items"]]
    assert ids[:4] == ["goals-measurable", "goals-dated", "goals-owned", "team-1"]
    assert ids[ids.index("activities-budgeted") + 1] == "team-2"
    assert set(data["items"][0]) == {"id", "section", "passed", "evidence", "question"}
    json.dumps(data)  # plain JSON types only


def test_russian_plan_gets_russian_questions_sections_and_evidence():
    tabs = sound_plan()
    setting(tabs, "Language", "ru")
    _goal_unowned(tabs)
    tabs["Checklist"] = [["Пункт", "Раздел", "Выполнено"], ["Бренд-бук", "Контроль бюджета", "да"]]
    checklist = checklist_of(tabs)
    assert checklist.item("control-controller").question == "Кто контролирует бюджет?"
    assert checklist.item("control-controller").evidence == "Бюджет контролирует Cat."
    assert checklist.item("goals-owned").evidence == "Без ответственного: G2 (1 из 2 целей)."
    # The dollar stands before the figure, as in the money cells ("$"#,##0.00), in Russian too.
    assert checklist.item("budget-fits").evidence == (
        "Распределено $900 из лимита $1\u00a0000; свободно $100."
    )
    assert checklist.item("reporting-complete").question == (
        "Каждый отчёт: кто пишет, кто читает, кто меняет активности?"
    )
    assert checklist.item("team-1").section == "control"
    assert checklist.item("team-1").evidence == "Отмечено как выполненное (Checklist!C2)."
    assert [s.title for s in checklist.sections] == [
        "Цели", "Активности", "Бюджет", "Контроль", "Ответственные", "Отчётность", "Результаты",
    ]  # fmt: skip


def test_english_questions_are_the_ones_a_marketing_lead_asks():
    checklist = checklist_of(sound_plan())
    assert checklist.item("control-controller").question == "Who controls the budget?"
    assert checklist.item("control-method").question == "How do we control the budget?"
    assert checklist.item("reporting-rule").question == "How often do we report?"
    assert checklist.item("reporting-complete").question == (
        "Each report: who writes, who reads, who changes activities?"
    )


def test_checklist_tab_has_the_score_on_top_and_coloured_marks():
    tabs = sound_plan()
    _goal_unowned(tabs)
    results = results_for(tabs, TODAY)
    tab = render_checklist(results)
    assert tab.key == "checklist-score"
    assert tab.title == "Checklist Score"
    score = tab.rows[2][0]
    assert score.value == pytest.approx(17 / 18)
    assert (score.fmt, score.size, score.fill) == ("percent", 24, "green")
    assert tab.rows[2][2].value == "17 of 18 items passed"
    # Items by their question: the item IDs stay in --json, not on the tab.
    assert all(len(row) <= 3 for row in tab.rows)
    marks = {row[1].value: row[0] for row in tab.rows if row and row[0].value in ("✓", "✗")}
    question = {item.id: item.question for item in results.checklist.items}
    owned, dated = marks[question["goals-owned"]], marks[question["goals-dated"]]
    assert (owned.value, owned.fill) == ("✗", "red")
    assert (dated.value, dated.fill) == ("✓", "green")
    section = next(row for row in tab.rows if len(row) == 3 and row[1].value == "Goals")
    assert section[0].value == pytest.approx(2 / 3)
    assert section[0].fill == "amber"
    assert section[2].value == "2 of 3"


def test_terminal_table_shows_sections_marks_and_evidence():
    tabs = sound_plan()
    _goal_unowned(tabs)
    lines = checklist_lines(results_for(tabs, TODAY).checklist)
    assert lines[0] == "Checklist score: 94% — 17 of 18 items passed"
    assert lines[1] == "  Goals 67% (2 of 3)"
    owned = next(line for line in lines if "Who answers for each goal?" in line)
    assert owned.startswith("    ✗ Who answers for each goal?")
    assert owned.endswith("No owner: G2 (1 of 2 goals).")
    assert any(line.startswith("    ✓ Who controls the budget?") for line in lines)
    assert all(len(line) <= 100 for line in lines)


def test_a_sum_goal_is_measurable_with_a_target_alone():
    tabs = sound_plan()
    _goal(tabs, "G1")[4] = None  # G1 sums new clients from zero: "+30 this month"
    _goal(tabs, "G1")[5] = "+30"
    checklist = checklist_of(tabs)
    assert checklist.item("goals-measurable").passed is True

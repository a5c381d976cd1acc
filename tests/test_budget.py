"""Budget planning and pacing (docs/budget.md) against figures computed by hand in each test.

November 2026 is the activity period in most tests: 30 days, so on 2026-11-15 exactly half
of it has elapsed (15 ÷ 30 = 0.5) and an activity's expected spend is half its budget.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math

import pytest

from sheetsync.compute.period_spend import spend_between
from tests.helpers import ACTIVITIES_HEADER, GOALS_HEADER, SPEND_HEADER, results_for

NOV = ("2026-11-01", "2026-11-30")


def activity(aid, budget, *, goal="G1", start=NOV[0], end=NOV[1], status="active", cap=None):
    return [aid, f"Activity {aid}", goal, "Search", "Ben", start, end, status, budget, cap, None]


def goal(gid, baseline, target, cost, owner="Ann"):
    return [gid, f"Goal {gid}", f"metric {gid}", "sum", baseline, target, *NOV, owner, cost]


def run(activities, spend=(), today="2026-11-15", settings=(), goals=None):
    tabs = {
        "Activities": [ACTIVITIES_HEADER, *activities],
        "Spend": [SPEND_HEADER, *spend],
    }
    # A Goals tab is required; G1 is the goal activities serve unless a test says otherwise.
    tabs["Goals"] = [GOALS_HEADER, *(goals if goals is not None else [goal("G1", None, 10, None)])]
    if settings:
        tabs["Settings"] = [["Setting", "Value"], *settings]
    results = results_for(tabs, today)
    return results.activities.set_index("id"), results.budget, results


def codes(results, code):
    return [a for a in results.alerts if a.code == code]


def test_pacing_statuses_and_their_edges():
    acts = [
        activity("ON", 300),
        activity("FAST", 300),
        activity("EDGE_FAST", 300),
        activity("SLOW", 300),
        activity("EDGE_SLOW", 300),
        activity("IDLE", 300, status="paused"),
        activity("OVER", 100),
        activity("EXACT", 100, end="2026-11-10"),
        activity("LATER", 100, start="2026-12-01", end="2026-12-31", status="planned"),
    ]
    spend = [
        ["2026-11-03", "ON", 100, 1],
        ["2026-11-10", "ON", 50, 1],
        ["2026-11-16", "ON", 1000, 1],  # after today: does not count
        ["2026-11-05", "FAST", 166, 1],
        ["2026-11-05", "EDGE_FAST", 165, 1],
        ["2026-11-05", "SLOW", 134, 1],
        ["2026-11-05", "EDGE_SLOW", 135, 1],
        ["2026-11-05", "OVER", 120, 1],
        ["2026-11-10", "EXACT", 100, 1],  # the activity's last day
    ]
    a, budget, results = run(acts, spend)
    # ON: expected 300 × 0.5 = 150, spent 150: pace 1.0; projected 150 ÷ 0.5 = 300.
    assert a.loc["ON", "planned"] == 300
    assert a.loc["ON", "spent"] == 150
    assert a.loc["ON", "remaining"] == 150
    assert a.loc["ON", "expected_to_date"] == pytest.approx(150)
    assert a.loc["ON", "pace"] == pytest.approx(1.0)
    assert a.loc["ON", "status"] == "on-pace"
    assert a.loc["ON", "projected"] == pytest.approx(300)
    # FAST: 166 > 1.1 × 150 = 165; EDGE_FAST at exactly 165 is not over it.
    assert a.loc["FAST", "status"] == "overspending"
    assert a.loc["FAST", "pace"] == pytest.approx(166 / 150)
    assert a.loc["FAST", "projected"] == pytest.approx(332)
    assert a.loc["EDGE_FAST", "status"] == "on-pace"
    # SLOW: active and 134 < 0.9 × 150 = 135; EDGE_SLOW at exactly 135 is not under it.
    assert a.loc["SLOW", "status"] == "underspending"
    assert a.loc["SLOW", "projected"] == pytest.approx(268)
    assert a.loc["EDGE_SLOW", "status"] == "on-pace"
    # IDLE spent nothing, but it is paused, not active: not underspending; a stopped
    # activity spends no more, so its projection is what it spent.
    assert a.loc["IDLE", "status"] == "on-pace"
    assert a.loc["IDLE", "projected"] == 0
    # OVER: 120 > its 100 budget, whatever its pace.
    assert a.loc["OVER", "status"] == "over-budget"
    assert a.loc["OVER", "remaining"] == -20
    # EXACT ended on 11-10 (elapsed 1): spent 100 of 100 is not over it.
    assert a.loc["EXACT", "expected_to_date"] == 100
    assert a.loc["EXACT", "status"] == "on-pace"
    assert a.loc["EXACT", "remaining"] == 0
    assert a.loc["EXACT", "projected"] == 100
    # LATER has not started: nothing expected yet, no pace, its plan is the projection.
    assert a.loc["LATER", "expected_to_date"] == 0
    assert math.isnan(a.loc["LATER", "pace"])
    assert a.loc["LATER", "status"] == "on-pace"
    assert a.loc["LATER", "projected"] == 100
    # The plan: 6 × 300 + 3 × 100 allocated; 150+166+165+134+135+120+100 spent by today.
    assert budget.allocated == 2100
    assert budget.spent == 970
    assert budget.last_spend == "2026-11-10"
    over = codes(results, "over-budget")
    assert [(x.subject, x.owner, x.cell, x.severity) for x in over] == [
        ("OVER", "Ben", "Activities!I8", "critical")
    ]
    assert "$120.00" in over[0].message and "$20.00" in over[0].message


def test_activity_with_no_dates_or_no_budget_gets_nulls_not_a_crash():
    acts = [
        activity("NODATES", 200, start=None, end=None),
        activity("NOBUDGET", None),
        activity("NODATES_OVER", 20, start=None, end=None),
        activity("NOTHING", None, start=None, end=None, status=None),
    ]
    spend = [
        ["2026-11-02", "NODATES", 50, 1],
        ["2026-11-02", "NOBUDGET", 30, 1],
        ["2026-11-02", "NODATES_OVER", 50, 1],
        ["2026-11-02", "NOTHING", 5, 1],
    ]
    a, budget, results = run(acts, spend)
    assert results.plan.problems == []  # empty cells are the checklist's business
    # No dates: spent and remaining are known, the pace is not, and there is no status.
    assert a.loc["NODATES", "spent"] == 50
    assert a.loc["NODATES", "remaining"] == 150
    assert math.isnan(a.loc["NODATES", "expected_to_date"])
    assert math.isnan(a.loc["NODATES", "pace"])
    assert math.isnan(a.loc["NODATES", "projected"])
    assert a.loc["NODATES", "status"] is None
    # No budget: nothing planned, nothing remaining, no status; its rate still projects:
    # 30 ÷ 0.5 = 60.
    assert math.isnan(a.loc["NOBUDGET", "planned"])
    assert math.isnan(a.loc["NOBUDGET", "remaining"])
    assert a.loc["NOBUDGET", "status"] is None
    assert a.loc["NOBUDGET", "projected"] == pytest.approx(60)
    # Spending past the budget needs no dates to be over budget.
    assert a.loc["NODATES_OVER", "status"] == "over-budget"
    assert a.loc["NOTHING", "status"] is None
    assert budget.allocated == 220
    assert budget.spent == 135
    # The weekly curve plans only what has a budget and dates; spent counts everything.
    assert [dataclasses.asdict(w) for w in budget.weekly] == [
        {"week": "2026-W45", "planned_cumulative": 0.0, "spent_cumulative": 135.0},
        {"week": "2026-W46", "planned_cumulative": 0.0, "spent_cumulative": 135.0},
    ]


def test_bottom_up_exactly_at_the_limit_fits():
    acts = [activity("A1", 300), activity("A2", 400), activity("A3", 100), activity("A4", None)]
    settings = [["Budget mode", "bottom-up"], ["Budget limit", "$800"]]
    _, budget, results = run(acts, settings=settings)
    assert budget.mode == "bottom-up"
    assert budget.limit == 800
    assert budget.allocated == 800
    assert budget.unallocated == 0
    assert budget.required is None and budget.gap is None
    assert codes(results, "over-limit") == []
    # The figures the tabs and reports lay out: the plan is the limit, 800; nothing spent;
    # by 11-15 half of each budgeted activity: 150 + 200 + 50 (A4 has no budget to pace).
    assert budget.plan_total == 800
    assert budget.share_of_plan == 0
    assert budget.expected_to_date == pytest.approx(400)
    assert budget.carried is None  # bottom-up: nothing is carried to goals


def test_bottom_up_over_the_limit_is_critical():
    acts = [activity("A1", 300), activity("A2", 400), activity("A3", 100)]
    settings = [
        ["Budget mode", "bottom-up"],
        ["Budget limit", "799.99"],
        ["Budget controller", "Maria"],
    ]
    _, budget, results = run(acts, settings=settings)
    assert budget.unallocated == pytest.approx(-0.01)
    [alert] = codes(results, "over-limit")
    assert (alert.severity, alert.subject, alert.owner, alert.cell) == (
        "critical",
        "budget",
        "Maria",
        "Settings!B3",
    )
    assert "$800.00" in alert.message and "$799.99" in alert.message and "$0.01" in alert.message


def top_down_goals():
    return [
        goal("G1", None, 25, "$30"),  # |25 − 0| × 30 = 750
        goal("G2", 30, 45, 4),  # |45 − 30| × 4 = 60
        goal("G3", 2000, 1000, 1),  # a metric that should go down: |1000 − 2000| × 1 = 1000
        goal("G4", 10, 20, None),  # no cost per result: nothing can be required
    ]


def test_top_down_short_goal_is_underfunded_and_shared_activities_split_equally():
    acts = [
        activity("A1", 400, goal="G1"),
        activity("A2", 200, goal="G1, G2"),  # 100 to each goal
        activity("A3", 1000, goal="G3"),  # exactly what G3 needs
        activity("A4", 50, goal="G2"),
        activity("A5", 90, goal=None),  # serves no goal: carries nothing
    ]
    settings = [["Budget mode", "top-down"], ["Budget limit", 5000]]
    _, budget, results = run(acts, settings=settings, goals=top_down_goals())
    assert [dataclasses.asdict(g) for g in budget.goals] == [
        {"goal": "G1", "required": 750.0, "carried": 500.0, "gap": 250.0},
        {"goal": "G2", "required": 60.0, "carried": 150.0, "gap": 0.0},
        {"goal": "G3", "required": 1000.0, "carried": 1000.0, "gap": 0.0},
        {"goal": "G4", "required": None, "carried": 0.0, "gap": None},
    ]
    assert budget.required == 1810  # 750 + 60 + 1000
    assert budget.gap == 250  # G2's surplus does not pay for G1
    assert budget.allocated == 1740
    assert budget.unallocated is None  # a limit means nothing top-down
    assert budget.carried == 1650  # 500 + 150 + 1000 + 0: A5 carries nothing
    assert budget.plan_total == 5000  # the limit, where there is one
    [alert] = codes(results, "underfunded")
    assert (alert.severity, alert.subject, alert.owner, alert.cell) == (
        "warning",
        "G1",
        "Ann",
        "Goals!J2",
    )
    assert "$750.00" in alert.message and "$500.00" in alert.message
    assert "$250.00" in alert.message


def test_top_down_covered_plan_has_no_gap():
    acts = [
        activity("A1", 700, goal="G1, G2"),  # 350 each
        activity("A2", 400, goal="G1"),  # G1: 750 exactly
        activity("A3", 1200, goal="g3"),  # IDs match whatever their case
    ]
    settings = [["Budget mode", "сверху"]]
    _, budget, results = run(acts, settings=settings, goals=top_down_goals()[:3])
    assert [(g.goal, g.carried, g.gap) for g in budget.goals] == [
        ("G1", 750.0, 0.0),
        ("G2", 350.0, 0.0),
        ("G3", 1200.0, 0.0),
    ]
    assert budget.required == 1810
    assert budget.gap == 0
    assert codes(results, "underfunded") == []


def test_money_typed_as_people_type_it_flows_to_spent():
    acts = [activity("A1", "3 000 ₽"), activity("A2", "$50")]
    spend = [
        ["2026-11-02", "A1", "1 200,50 ₽", 1],
        ["2026-11-03", "A1", "$1,200.50", 1],
        ["2026-11-04", "A1", "800 USD", 1],
        ["2026-11-05", "A2", "(10)", None],  # a refund
    ]
    a, budget, results = run(acts, spend)
    assert results.plan.problems == []
    assert a.loc["A1", "planned"] == 3000
    assert a.loc["A1", "spent"] == pytest.approx(3201.0)  # 1200.50 + 1200.50 + 800
    assert a.loc["A1", "remaining"] == pytest.approx(-201.0)
    assert a.loc["A1", "status"] == "over-budget"
    assert a.loc["A2", "spent"] == -10
    assert budget.spent == pytest.approx(3191.0)


def test_plan_spent_counts_unknown_activities_and_not_the_future_or_undated():
    acts = [activity("A1", 140, start="2026-11-02", end="2026-11-15")]  # 10 a day
    spend = [
        ["2026-11-03", "A1", 30, 0],
        ["2026-11-10", "A1", 50, None],
        ["2026-11-05", "ZZ", 20, 2],  # an ID the plan does not know
        ["2026-11-13", "A1", 99, 0],  # after today
        [None, "A1", 7, 1],  # no date: not counted, and said so
    ]
    a, budget, _ = run(acts, spend, today="2026-11-12")
    assert a.loc["A1", "spent"] == 80
    assert budget.spent == 100
    assert budget.last_spend == "2026-11-10"
    # Results = 0 on 30 of the 100 spent; empty results are unknown, not zero.
    assert budget.no_results_share == pytest.approx(0.3)
    # No limit: the plan is what is allocated, 140; 100 of it spent. By 11-12, 11 of A1's 14
    # days: 110 expected.
    assert budget.plan_total == 140
    assert budget.share_of_plan == pytest.approx(100 / 140)
    assert budget.expected_to_date == pytest.approx(110)
    assert list(budget.notes) == [
        "Spend of $7.00 (1 spend row, first Spend!A6) has no date and is not counted; "
        "give it a date."
    ]
    # Mon 11-02 … Sun 11-08 is 2026-W45: 7 of 14 days planned = 70; by Sun 11-15, 140.
    assert [dataclasses.asdict(w) for w in budget.weekly] == [
        {"week": "2026-W45", "planned_cumulative": 70.0, "spent_cumulative": 50.0},
        {"week": "2026-W46", "planned_cumulative": 140.0, "spent_cumulative": 100.0},
    ]


def test_weekly_curve_runs_to_the_plans_end_with_no_spend_in_future_weeks():
    acts = [activity("A1", 210, start="2026-11-02", end="2026-11-22")]  # 10 a day
    _, budget, _ = run(acts, [["2026-11-09", "A1", 25, 1]], today="2026-11-09")
    assert [dataclasses.asdict(w) for w in budget.weekly] == [
        {"week": "2026-W45", "planned_cumulative": 70.0, "spent_cumulative": 0.0},
        {"week": "2026-W46", "planned_cumulative": 140.0, "spent_cumulative": 25.0},
        {"week": "2026-W47", "planned_cumulative": 210.0, "spent_cumulative": None},
    ]


def test_control_settings_reach_the_summary():
    settings = [
        ["Budget controller", "Maria"],
        ["Control method", "Ad cabinets against the Spend tab"],
        ["Check every", "month"],
        ["Currency", "rub"],
    ]
    _, budget, _ = run([activity("A1", 10)], settings=settings)
    assert budget.controller == "Maria"
    assert budget.control_method == "Ad cabinets against the Spend tab"
    assert budget.check_every == "month"
    assert budget.currency == "RUB"
    assert budget.last_spend is None
    assert budget.no_results_share is None  # nothing spent: no share to speak of
    assert budget.mode is None and budget.unallocated is None


def test_budget_control_tab_layout():
    from sheetsync.render.budget_tab import render_budget_control

    acts = [
        activity("A1", 400, goal="G1"),
        activity("A2", 200, goal="G1, G2"),
        activity("A3", None, goal="G2"),
    ]
    spend = [["2026-11-02", "A1", 300, 0], ["2026-11-09", "A2", 20, 4]]
    settings = [["Budget mode", "top-down"], ["Currency", "EUR"], ["Budget controller", "Maria"]]
    goals = [goal("G1", None, 25, 30), goal("G2", 30, 45, 4)]
    _, _, results = run(acts, spend, settings=settings, goals=goals)
    tab = render_budget_control(results)
    assert (tab.key, tab.title, tab.frozen_rows) == ("budget-control", "Budget Control", 3)
    text = [[c.value for c in row] for row in tab.rows]
    # Headline: 750 + 60 required; G1 carries 400 + 100, G2 100; 250 still to find. The euro
    # stands after the figure, as in the tab's money cells (#,##0.00 "€").
    assert text[1] == [
        "Top-down plan: the targets need 810.00\u00a0€, the activities carry 600.00\u00a0€; "
        "250.00\u00a0€ still to find. 320.00\u00a0€ spent to date."
    ]
    assert text[2][0] == "ID" and text[2][-1] == "Budget status"
    a1, a2, a3 = tab.rows[3:6]
    # A1: 300 spent by 11-15 against 200 expected: over 1.1 × 200, so overspending, amber.
    assert (a1[-1].value, a1[-1].fill) == ("Overspending", "amber")
    assert a1[8].value == 300 and a1[8].fmt == "money:EUR"
    assert (a2[-1].value, a2[-1].fill) == ("Underspending", "grey")
    assert (a3[-1].value, a3[-1].fill) == ("No budget", "grey")
    assert ["G1", 750.0, 500.0, 250.0] in text
    assert ["G2", 60.0, 100.0, 0.0] in text
    assert ["Budget controller", "Maria"] in text
    assert ["Control method", "not set"] in text
    assert ["Spend is checked", "every week"] in text  # Check every: week, the default
    # The chart points at the weekly table: from 2026-W44 (Sun 11-01) to 2026-W49 (Mon 11-30,
    # the plan's last day).
    [chart] = tab.charts
    assert chart.kind == "line" and chart.series_cols == (1, 2)
    assert text[chart.header_row] == ["Week", "Planned, cumulative", "Spent, cumulative"]
    weeks = [row[0] for row in text[chart.first_row : chart.last_row + 1]]
    assert weeks == ["2026-W44", "2026-W45", "2026-W46", "2026-W47", "2026-W48", "2026-W49"]
    assert text[chart.last_row][1] == 600.0  # the whole plan by its last week


def test_spend_in_a_period_per_activity_and_on_ids_the_plan_does_not_know():
    acts = [activity("A1", 300), activity("A2", 300)]
    spend = [
        ["2026-10-30", "A1", 100, 1],  # before the period
        ["2026-11-02", "A1", 10, 1],
        ["2026-11-03", "zz", 5, 1],  # not on the Activities tab
        ["2026-11-04", None, 2, 1],  # names no activity
        ["2026-11-05", " a1 ", 3, 1],  # A1, as typed
        ["2026-11-06", "A2", 40, 1],  # after the period
    ]
    _, _, results = run(acts, spend)
    period = spend_between(results.plan, dt.date(2026, 11, 2), dt.date(2026, 11, 5))
    assert period.total == 20  # 10 + 5 + 2 + 3
    assert period.of("A1") == 13  # 10 + 3
    assert period.of("A2") == 0
    assert period.unknown == 7  # 5 on zz + 2 on no activity
    since_start = spend_between(results.plan, None, dt.date(2026, 11, 5))
    assert (since_start.total, since_start.of("a1")) == (120, 113)

"""KPI status rules (docs/workbook.md) against figures computed by hand in each test.

The month of November 2026 is the goal period in most tests: 30 days, so on 2026-11-15
exactly half of it has elapsed (15 ÷ 30 = 0.5).
"""

from __future__ import annotations

import pytest

from tests.helpers import ACTUALS_HEADER, GOALS_HEADER, results_for

NOV = ("2026-11-01", "2026-11-30")


def goal(gid, metric, aggregation, baseline, target, start=NOV[0], end=NOV[1], owner="Ann"):
    return [gid, f"Goal {gid}", metric, aggregation, baseline, target, start, end, owner]


def kpis(goals, actuals, today, settings=None):
    tabs = {"Goals": [GOALS_HEADER, *goals], "Actuals": [ACTUALS_HEADER, *actuals]}
    if settings:
        tabs["Settings"] = [["Setting", "Value"], *settings]
    results = results_for(tabs, today)
    return results.kpis.set_index("id"), results


def test_sum_goal_statuses_by_pace():
    goals = [
        goal("ON", "on", "sum", None, 100),
        goal("RISK", "risk", "sum", None, 100),
        goal("OFF", "off", "sum", None, 100),
        goal("WIN", "win", "sum", None, 100),
    ]
    actuals = [
        ["2026-11-02", "on", 10],
        ["2026-11-10", "on", 20],
        ["2026-11-14", "on", 20],
        ["2026-11-05", "risk", 40],
        ["2026-11-05", "off", 30],
        ["2026-11-05", "win", 100],
    ]
    k, _ = kpis(goals, actuals, "2026-11-15")
    # on: current 50, progress 50/100 = 0.5, expected 0.5, pace 1.0
    assert k.loc["ON", "current"] == 50
    assert k.loc["ON", "progress"] == pytest.approx(0.5)
    assert k.loc["ON", "expected"] == pytest.approx(0.5)
    assert k.loc["ON", "pace"] == pytest.approx(1.0)
    assert k.loc["ON", "status"] == "on-track"
    assert k.loc["ON", "forecast"] == pytest.approx(100)  # 50 ÷ 0.5
    # risk: 40/100 = 0.4, pace 0.8 (≥ 0.7, < 0.9); forecast 40 ÷ 0.5 = 80
    assert k.loc["RISK", "pace"] == pytest.approx(0.8)
    assert k.loc["RISK", "status"] == "at-risk"
    assert k.loc["RISK", "forecast"] == pytest.approx(80)
    # off: 30/100 = 0.3, pace 0.6
    assert k.loc["OFF", "status"] == "off-track"
    # win: progress 1.0 mid-period is already achieved
    assert k.loc["WIN", "status"] == "achieved"


def test_pace_exactly_at_thresholds():
    # pace 0.9 is on track and 0.7 is at risk: the bounds are inclusive.
    goals = [goal("A", "a", "sum", None, 100), goal("B", "b", "sum", None, 100)]
    actuals = [["2026-11-03", "a", 45], ["2026-11-03", "b", 35]]
    k, _ = kpis(goals, actuals, "2026-11-15")
    assert k.loc["A", "pace"] == pytest.approx(0.9)
    assert k.loc["A", "status"] == "on-track"
    assert k.loc["B", "pace"] == pytest.approx(0.7)
    assert k.loc["B", "status"] == "at-risk"


def test_missed_not_started_and_no_data():
    goals = [
        goal("LATE", "late", "sum", None, 100),
        goal("SOON", "soon", "sum", None, 100, start="2026-12-10", end="2026-12-31"),
        goal("EMPTY", "empty", "sum", None, 100, start="2026-11-01", end="2026-12-31"),
    ]
    actuals = [["2026-11-05", "late", 50], ["2026-12-01", "soon", 5]]
    k, _ = kpis(goals, actuals, "2026-12-05")
    assert k.loc["LATE", "status"] == "missed"  # period over, 50 of 100
    assert k.loc["LATE", "expected"] == pytest.approx(1.0)
    assert k.loc["SOON", "status"] == "not-started"  # today before Start
    assert k.loc["SOON", "expected"] == 0
    assert k.loc["EMPTY", "status"] == "no-data"


def test_last_goal_with_rate_baseline_and_least_squares_forecast():
    goals = [goal("CONV", "conversion", "last", "1.5%", "3%")]
    actuals = [
        ["2026-11-05", "conversion", "1.8%"],
        ["2026-11-12", "Conversion ", "2.1%"],
        ["2026-11-20", "conversion", "9%"],
    ]  # after today: ignored
    k, _ = kpis(goals, actuals, "2026-11-15")
    row = k.loc["CONV"]
    assert row["current"] == pytest.approx(0.021)
    # (0.021 − 0.015) ÷ (0.03 − 0.015) = 0.4; pace 0.4 ÷ 0.5 = 0.8
    assert row["progress"] == pytest.approx(0.4)
    assert row["status"] == "at-risk"
    # Line through (day 4, 0.018) and (day 11, 0.021), at End (day 29):
    # 0.018 + (29 − 4) × 0.003 / 7 = 0.0287142857
    assert row["forecast"] == pytest.approx(0.0287142857)
    assert row["actuals_counted"] == 2


def test_mean_goal_and_single_actual_forecast():
    goals = [goal("BANNER", "banner", "mean", 30, 45), goal("ONE", "one", "mean", 30, 45)]
    actuals = [
        ["2026-11-03", "banner", 33],
        ["2026-11-10", "banner", 39],
        ["2026-11-03", "one", 36],
    ]
    k, _ = kpis(goals, actuals, "2026-11-15")
    # mean 36: (36 − 30) ÷ 15 = 0.4
    assert k.loc["BANNER", "current"] == pytest.approx(36)
    assert k.loc["BANNER", "progress"] == pytest.approx(0.4)
    # two points (2, 33) and (9, 39): slope 6/7, at day 29 → 33 + 27 × 6/7 = 56.142857
    assert k.loc["BANNER", "forecast"] == pytest.approx(56.142857, rel=1e-6)
    # one actual: the forecast is the current value
    assert k.loc["ONE", "forecast"] == pytest.approx(36)


def test_goal_that_must_go_down():
    goals = [goal("CPA", "cpa", "last", 500, 300)]
    k, _ = kpis(goals, [["2026-11-14", "cpa", 400]], "2026-11-15")
    # (400 − 500) ÷ (300 − 500) = 0.5, pace 1.0
    assert k.loc["CPA", "progress"] == pytest.approx(0.5)
    assert k.loc["CPA", "status"] == "on-track"
    k2, _ = kpis(goals, [["2026-11-14", "cpa", 290]], "2026-11-15")
    assert k2.loc["CPA", "status"] == "achieved"
    k3, _ = kpis(goals, [["2026-11-14", "cpa", 550]], "2026-11-15")
    assert k3.loc["CPA", "progress"] == pytest.approx(-0.25)
    assert k3.loc["CPA", "status"] == "off-track"


def test_relative_targets():
    goals = [
        goal("BLOG", "readers", "last", 2000, "+50%"),
        goal("NEW", "clients", "sum", None, "+25"),
        goal("MORE", "more", "last", 40, "+10"),
    ]
    actuals = [
        ["2026-11-10", "readers", 2500],
        ["2026-11-10", "clients", 5],
        ["2026-11-10", "more", 45],
    ]
    k, _ = kpis(goals, actuals, "2026-11-15")
    assert k.loc["BLOG", "target"] == 3000  # 2000 × 1.5
    assert k.loc["BLOG", "progress"] == pytest.approx(0.5)  # (2500 − 2000) ÷ 1000
    assert k.loc["NEW", "target"] == 25  # no baseline: counts as 0
    assert k.loc["NEW", "progress"] == pytest.approx(0.2)
    assert k.loc["MORE", "target"] == 50
    assert k.loc["MORE", "progress"] == pytest.approx(0.5)


def test_actuals_outside_the_period_do_not_count():
    goals = [goal("G", "m", "sum", None, 100)]
    actuals = [
        ["2026-10-31", "m", 1000],
        ["2026-11-01", "m", 7],
        ["2026-11-15", "m", 3],
        ["2026-11-16", "m", 1000],
        ["2026-12-01", "m", 1000],
    ]
    k, _ = kpis(goals, actuals, "2026-11-15")
    assert k.loc["G", "current"] == 10  # only Nov 1 and Nov 15 (today) count


def test_stale_after_days_boundary():
    goals = [goal("OLD", "old", "sum", None, 100), goal("EDGE", "edge", "sum", None, 100)]
    actuals = [["2026-11-02", "old", 5], ["2026-11-14", "edge", 5]]
    k, results = kpis(goals, actuals, "2026-11-28")
    assert bool(k.loc["OLD", "stale"]) is True  # 26 days > 14
    assert bool(k.loc["EDGE", "stale"]) is False  # exactly 14 days is not older than 14
    stale = [a for a in results.alerts if a.code == "stale-kpi"]
    assert [(a.subject, a.owner, a.cell, a.severity) for a in stale] == [
        ("OLD", "Ann", "Goals!C2", "warning")
    ]
    assert "2026-11-02" in stale[0].message and "26 days" in stale[0].message


def test_stale_setting_and_finished_goals_are_not_stale():
    goals = [
        goal("G", "m", "sum", None, 100),
        goal("DONE", "d", "sum", None, 100, start="2026-10-01", end="2026-10-31"),
    ]
    actuals = [["2026-11-10", "m", 5], ["2026-10-02", "d", 5]]
    k, _ = kpis(goals, actuals, "2026-11-15", settings=[["Stale after days", 3]])
    assert bool(k.loc["G", "stale"]) is True  # 5 days > 3
    assert bool(k.loc["DONE", "stale"]) is False  # not running any more


def test_goal_without_target_has_no_status_and_a_problem():
    goals = [goal("X", "x", "sum", None, "lots")]
    k, results = kpis(goals, [["2026-11-10", "x", 5]], "2026-11-15")
    assert k.loc["X", "status"] is None
    assert [p.cell for p in results.plan.problems] == ["Goals!F2"]

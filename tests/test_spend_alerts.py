"""The leaks (docs/budget.md, leak alerts), each rule and its edges, with hand-computed figures.

Today is Sunday 2026-11-15 unless a test says otherwise. Spend rows start in sheet row 2
(row 1 is the header), so the n-th spend row of a test is row n + 1.
"""

from __future__ import annotations

from tests.helpers import ACTIVITIES_HEADER, GOALS_HEADER, SPEND_HEADER, results_for

GOALS = [GOALS_HEADER, ["G1", "Goal", "m", "sum", None, 10, "2026-11-01", "2026-11-30", "Ann"]]


def activity(aid, *, start="2026-11-01", end="2026-11-30", status="active", cap=None, owner="Ben"):
    return [aid, f"Activity {aid}", "G1", "Search", owner, start, end, status, 10_000, cap, None]


def alerts(code, spend, *, activities=None, settings=(), today="2026-11-15"):
    tabs = {
        "Goals": GOALS,
        "Activities": [ACTIVITIES_HEADER, *(activities or [activity("A1")])],
        "Spend": [SPEND_HEADER, *spend],
        "Settings": [["Setting", "Value"], ["Budget controller", "Maria"], *settings],
    }
    results = results_for(tabs, today)
    return [a for a in results.alerts if a.code == code]


def brief(found):
    return [(a.subject, a.owner, a.cell) for a in found]


def test_daily_limit_exactly_at_the_limit_is_not_over_it():
    spend = [
        ["2026-11-02", "A1", 60, 1],
        ["2026-11-02", "A1", 40, 1],  # 100: exactly the limit
        ["2026-11-03", "A1", 40.01, 1],
        ["2026-11-03", "A1", 60, 1],  # 100.01: over by 0.01; the largest row is row 5
        ["2026-11-16", "A1", 500, 1],  # after today: does not count
    ]
    found = alerts("daily-limit", spend, settings=[["Daily limit", 100]])
    assert brief(found) == [("2026-11-03", "Maria", "Spend!C5")]
    assert found[0].severity == "critical"
    assert found[0].message == (
        "2026-11-03: total spend $100.01 is over the daily limit of $100.00 by $0.01."
    )


def test_weekly_limit_follows_iso_weeks_across_the_new_year():
    spend = [
        ["2026-11-08", "A1", 60, 1],  # Sunday, 2026-W45
        ["2026-11-09", "A1", 60, 1],  # Monday, 2026-W46: a different week
        ["2026-12-31", "A1", 60, 1],  # Thursday, 2026-W53
        ["2027-01-03", "A1", 61, 1],  # Sunday, still 2026-W53: 121 in that week
        ["2027-01-04", "A1", 100, 1],  # Monday, 2027-W01: exactly the limit
    ]
    acts = [activity("A1", end="2027-01-31")]
    found = alerts(
        "weekly-limit", spend, activities=acts, settings=[["Weekly limit", 100]], today="2027-01-10"
    )
    assert brief(found) == [("2026-W53", "Maria", "Spend!C5")]
    assert "$121.00" in found[0].message and "$21.00" in found[0].message


def test_monthly_limit_by_calendar_month():
    spend = [
        ["2026-10-31", "A1", 150, 1],
        ["2026-11-01", "A1", 150, 1],  # October and November apart: 150 each
        ["2026-11-30", "A1", 50, 1],  # November: 200, exactly the limit
        ["2026-12-01", "A1", 100, 1],
        ["2026-12-31", "A1", 100.5, 1],  # December: 200.50
    ]
    acts = [activity("A1", start="2026-10-01", end="2026-12-31")]
    found = alerts(
        "monthly-limit",
        spend,
        activities=acts,
        settings=[["Monthly limit", 200]],
        today="2027-01-01",
    )
    assert brief(found) == [("2026-12", "Maria", "Spend!C6")]
    assert "$200.50" in found[0].message and "$0.50" in found[0].message


def test_daily_cap_per_activity_with_its_worst_day():
    acts = [activity("A1", cap=50), activity("A2", owner="Eve")]  # A2 has no cap
    spend = [
        ["2026-11-02", "A1", 30, 1],
        ["2026-11-02", "A1", 20, 1],  # 50: exactly the cap
        ["2026-11-03", "A1", 21, 1],
        ["2026-11-03", "A1", 30, 1],  # 51 on the 3rd: 1 over
        ["2026-11-03", "A2", 1000, 1],
        ["2026-11-04", "a1", 55, 1],  # 55 on the 4th: 5 over, the worst day (row 7)
        ["2026-11-05", "A1", 40, 1],
        ["2026-11-05", "A1", 15, 1],  # 55 again: as bad, but later
        ["2026-11-16", "A1", 500, 1],  # after today: does not count
    ]
    found = alerts("daily-cap", spend, activities=acts)
    assert brief(found) == [("A1", "Ben", "Spend!C7")]
    assert found[0].severity == "warning"
    assert found[0].message == (
        "Activity A1 spent over its daily cap of $50.00 on 3 days; the most on 2026-11-04: "
        "$55.00, $5.00 over."
    )


def test_spend_on_the_last_day_is_not_after_the_end():
    acts = [activity("A1", end="2026-11-10"), activity("OPEN", end=None)]
    spend = [
        ["2026-11-10", "A1", 5, 1],  # the last day: within the activity
        ["2026-11-12", "A1", 7, 1],
        ["2026-11-11", "A1", 3, 1],  # the first day after the end is row 4
        ["2026-11-14", "OPEN", 9, 1],  # no End: never after it
        ["2026-11-20", "A1", 50, 1],  # after today: does not count
    ]
    found = alerts("spend-after-end", spend, activities=acts)
    assert brief(found) == [("A1", "Ben", "Spend!A4")]
    assert found[0].severity == "critical"
    assert found[0].message == (
        "Activity A1 ended on 2026-11-10, yet $10.00 was spent after it (2 spend rows, "
        "2026-11-11 to 2026-11-12). Switch it off or move its End."
    )


def test_spend_while_stopped_within_the_last_check_interval():
    acts = [
        activity("P1", status="paused"),
        activity("D1", status="done"),
        activity("C1", status="cancelled"),
        activity("A1"),
    ]
    spend = [
        ["2026-11-08", "P1", 4, 1],  # 15 − 7 = 8: the interval's first day counts
        ["2026-11-07", "D1", 4, 1],  # a day earlier: before the interval
        ["2026-11-15", "C1", 2, 1],
        ["2026-11-14", "C1", 3, 1],  # C1's latest row is row 4
        ["2026-11-15", "A1", 9, 1],  # active: fine
    ]
    found = alerts(
        "spend-while-stopped", spend, activities=acts, settings=[["Check every", "week"]]
    )
    assert brief(found) == [("C1", "Ben", "Spend!C4"), ("P1", "Ben", "Spend!C2")]
    assert found[0].message == (
        "Activity C1 is cancelled, yet $5.00 was spent on it from 2026-11-14 to 2026-11-15 "
        "(2 spend rows). Make sure it is switched off."
    )


def test_spend_while_stopped_daily_check_sees_yesterday_and_today():
    acts = [activity("P1", status="paused")]
    daily = [["Check every", "day"]]
    assert alerts("spend-while-stopped", [["2026-11-13", "P1", 4, 1]], activities=acts,
                  settings=daily) == []  # fmt: skip
    found = alerts("spend-while-stopped", [["2026-11-14", "P1", 4, 1]], activities=acts,
                   settings=daily)  # fmt: skip
    assert brief(found) == [("P1", "Ben", "Spend!C2")]


def test_unknown_activity_ids_and_spend_with_no_activity():
    spend = [
        ["2026-11-02", "X9", 10, 1],
        ["2026-11-03", "a1", 99, 1],  # A1, typed in lower case: known
        ["2026-11-04", "x9 ", 15, 1],  # the same unknown ID
        ["2026-11-05", None, 25, 1],  # no activity at all
        ["2026-11-20", "Y7", 40, 1],  # after today: does not count
    ]
    found = alerts("unknown-activity", spend)
    assert brief(found) == [("X9", "Maria", "Spend!B2"), ("—", "Maria", "Spend!B5")]
    assert found[0].message == (
        'Spend of $25.00 (2 spend rows) names activity "X9", which is not on the Activities '
        "tab. Add the activity or correct the ID."
    )
    assert found[1].message.startswith("Spend of $25.00 (1 spend row) names no activity.")


def test_no_results_three_consecutive_days():
    acts = [activity("STREAK"), activity("GAP"), activity("UNKNOWN"), activity("MIXED")]
    spend = [
        # STREAK: 0 results on 2, 3 and 4 November, then a good day: 30 of 230 = 13 %.
        ["2026-11-02", "STREAK", 10, 0],
        ["2026-11-03", "STREAK", 10, 0],
        ["2026-11-04", "STREAK", 10, 0],
        ["2026-11-05", "STREAK", 200, 5],
        # GAP: 0, 0, no spend on the 4th, 0: no three in a row; 30 of 230 = 13 %.
        ["2026-11-02", "GAP", 10, 0],
        ["2026-11-03", "GAP", 10, 0],
        ["2026-11-05", "GAP", 10, 0],
        ["2026-11-06", "GAP", 200, 3],
        # UNKNOWN: empty results are not known to be zero.
        ["2026-11-02", "UNKNOWN", 10, None],
        ["2026-11-03", "UNKNOWN", 10, None],
        ["2026-11-04", "UNKNOWN", 10, None],
        # MIXED: the 3rd also had a row with results, so it is not a day without them.
        ["2026-11-02", "MIXED", 1, 0],
        ["2026-11-03", "MIXED", 1, 0],
        ["2026-11-03", "MIXED", 30, 2],
        ["2026-11-04", "MIXED", 1, 0],
        ["2026-11-05", "MIXED", 30, 3],
    ]
    found = alerts("no-results", spend, activities=acts)
    assert brief(found) == [("STREAK", "Ben", "Spend!D2")]
    assert found[0].message == (
        "Activity STREAK spent $30.00 over 3 consecutive days with 0 results "
        "(2026-11-02 to 2026-11-04): check for bot clicks."
    )


def test_no_results_share_over_20_percent():
    acts = [activity("OVER"), activity("EDGE")]
    spend = [
        ["2026-11-02", "OVER", 21, 0],  # 21 of 100 = 21 %
        ["2026-11-03", "OVER", 79, 4],
        ["2026-11-02", "EDGE", 20, 0],  # 20 of 100 = 20 %: not over
        ["2026-11-03", "EDGE", 80, 4],
    ]
    found = alerts("no-results", spend, activities=acts)
    assert brief(found) == [("OVER", "Ben", "Spend!D2")]
    assert found[0].message == (
        "Activity OVER: 21 % of its spend ($21.00 of $100.00) brought 0 results, "
        "more than 20 %: check for bot clicks."
    )


def test_spend_not_logged_within_check_every():
    week = [["Check every", "week"]]
    # The last spend on 11-07 is before the week that starts on 11-08.
    found = alerts("spend-not-logged", [["2026-11-07", "A1", 5, 1]], settings=week)
    assert brief(found) == [("2026-11-07", "Maria", "Spend!A2")]
    assert found[0].message == (
        "No spend logged since 2026-11-07, though spend is checked every week and these "
        "activities are active: A1. Log the spend."
    )
    # Spend on 11-08 is within the interval.
    assert alerts("spend-not-logged", [["2026-11-08", "A1", 5, 1]], settings=week) == []
    # Spend dated in the future is not spend logged.
    found = alerts("spend-not-logged", [["2026-11-20", "A1", 5, 1]], settings=week)
    assert brief(found) == [("2026-11-15", "Maria", None)]
    assert found[0].message.startswith("No spend logged at all")
    # Nothing active: nothing to log.
    paused = [activity("A1", status="paused"), activity("A2", end="2026-11-07")]
    assert alerts("spend-not-logged", [], activities=paused, settings=week) == []


def test_spend_alerts_speak_russian():
    tabs = {
        "Цели": [GOALS_HEADER, GOALS[1]],
        "Активности": [ACTIVITIES_HEADER, activity("A1", end="2026-11-10")],
        "Расходы": [SPEND_HEADER, ["12.11.2026", "A1", "1 200,50 ₽", 0]],
        "Настройки": [["Параметр", "Значение"], ["Язык", "ru"], ["Валюта", "RUB"]],
    }
    results = results_for(tabs, "2026-11-15")
    [late] = [a for a in results.alerts if a.code == "spend-after-end"]
    assert late.cell == "Расходы!A2"
    assert late.message == (
        "Активность A1 закончилась 10.11.2026, но после этого потрачено 1\u00a0200,50\u00a0₽ "
        "(1 запись, с 12.11.2026 по 12.11.2026). Отключите её или перенесите конец."
    )

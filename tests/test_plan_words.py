"""Plans as teams type them: total rows below a table, and the status words people use."""

from __future__ import annotations

from tests.helpers import ACTIVITIES_HEADER, GOALS_HEADER, make_plan

GOALS = [GOALS_HEADER, ["G1", "Leads", "Leads", "sum", None, 10, "2026-11-01", "2026-11-30"]]


def activity(id_, status="active", budget=100):
    return [id_, "Ads", "G1", "Search", "Ann", "2026-11-01", "2026-11-30", status, budget]


def test_a_sum_row_below_the_activities_is_a_total_not_a_problem():
    plan = make_plan(
        {
            "Goals": GOALS,
            "Activities": [
                ACTIVITIES_HEADER,
                activity("A1", budget=100),
                activity("A2", budget=250),
                # What =SUM(I2:I3) leaves in the file: a number, no ID, no name.
                [None, None, None, None, None, None, None, None, 350],
            ],
        }
    )
    assert plan.problems == []
    assert list(plan.activities.df["id"]) == ["A1", "A2"]


def test_a_row_labelled_total_or_itogo_is_a_total_wherever_the_label_stands():
    for label in ("Total", "ИТОГО:", "Всего"):
        plan = make_plan(
            {
                "Goals": GOALS,
                "Activities": [
                    ACTIVITIES_HEADER,
                    activity("A1"),
                    [None, label, None, None, None, None, None, None, 100],
                    activity("A2"),
                ],
            }
        )
        assert plan.problems == [], label
        assert list(plan.activities.df["id"]) == ["A1", "A2"]


def test_a_real_row_with_no_id_is_still_a_problem():
    plan = make_plan(
        {
            "Goals": GOALS,
            "Activities": [
                ACTIVITIES_HEADER,
                activity("A1"),
                [None, "Banner", "G1", "Outdoor", "Ann", None, None, "active", 200],
                # A number-only row above rows with IDs is no total either.
                [None, None, None, None, None, None, None, None, 50],
                activity("A2"),
            ],
        }
    )
    assert [p.cell for p in plan.problems] == ["Activities!A3", "Activities!A4"]
    assert all("has no ID" in p.message for p in plan.problems)


def test_activity_status_words_people_use():
    typed = {
        "Stopped": "paused",
        "off": "paused",
        "On hold": "paused",
        "finished": "done",
        "Completed": "done",
        "приостановлена": "paused",
        "Остановлена": "paused",
        "завершена": "done",
        "отменена": "cancelled",
        "in progress": "active",
    }
    rows = [activity(f"A{n}", status=word) for n, word in enumerate(typed, start=1)]
    plan = make_plan({"Goals": GOALS, "Activities": [ACTIVITIES_HEADER, *rows]})
    assert plan.problems == []
    assert list(plan.activities.df["status"]) == list(typed.values())


def test_an_unknown_status_lists_every_accepted_word_in_the_plans_language():
    plan = make_plan(
        {"Goals": GOALS, "Activities": [ACTIVITIES_HEADER, activity("A1", status="sleeping")]}
    )
    (problem,) = plan.problems
    assert problem.cell == "Activities!H2"
    assert '"sleeping" is not one of: planned' in problem.message
    assert "paused (stopped, off, on hold, suspended)" in problem.message
    assert "done (finished" in problem.message

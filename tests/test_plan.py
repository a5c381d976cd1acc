"""Reading the plan's tabs (docs/workbook.md): names in either language, any column order."""

from __future__ import annotations

import datetime as dt

import openpyxl

from sheetsync.backends.xlsx import XlsxBackend
from sheetsync.plan import input_titles, read_plan
from tests.helpers import GOALS_HEADER, make_plan


def test_russian_tab_and_column_names_in_any_order_unknown_ignored():
    plan = make_plan(
        {
            "  цели ": [
                ["Комментарий", "Конец", "ID", "Целевое значение", "База", "Метрика", "Начало"],
                ["что угодно", "31.12.2026", "G1", "3%", "1,5%", "Конверсия", "01.10.2026"],
            ],
        }
    )
    goal = plan.goals.df.iloc[0]
    assert goal["id"] == "G1"
    assert goal["baseline"] == 0.015 and goal["target"] == 0.03
    assert goal["start"] == dt.datetime(2026, 10, 1) and goal["end"] == dt.datetime(2026, 12, 31)
    assert goal["aggregation"] == "last"  # the default
    assert plan.problems == []
    assert plan.goals.letters["target"] == "D"


def test_header_is_the_first_non_empty_row_and_empty_rows_are_skipped():
    plan = make_plan(
        {
            "Goals": [
                [None, None],
                [],
                GOALS_HEADER,
                [None] * 5,
                ["G1", "Leads", "leads", "sum", None, 10, "2026-11-01", "2026-11-30"],
                ["", "  ", None],
                ["G2", "Calls", "calls", "sum", None, "x", "2026-11-01", "2026-11-30"],
            ]
        }
    )
    assert list(plan.goals.df["id"]) == ["G1", "G2"]
    assert list(plan.goals.df["row"]) == [5, 7]
    assert [p.cell for p in plan.problems] == ["Goals!F7"]  # the real row, blank rows counted


def test_duplicate_id_first_row_wins():
    plan = make_plan(
        {
            "Goals": [
                GOALS_HEADER,
                ["G1", "First", "a", "sum", None, 10],
                ["g1 ", "Second", "b", "sum", None, 20],
            ]
        }
    )
    assert list(plan.goals.df["goal"]) == ["First"]
    assert [(p.cell, p.key) for p in plan.problems] == [("Goals!A3", "duplicate_id")]
    assert "row 2" in plan.problems[0].message


def test_missing_goals_tab_is_one_problem_and_the_rest_still_reads():
    plan = make_plan({"Spend": [["Date", "Activity", "Amount"], ["2026-11-01", "A1", 5]]})
    assert [p.key for p in plan.problems] == ["missing_tab"]
    assert plan.goals.df.empty
    assert plan.spend.df.loc[0, "amount"] == 5


def test_settings_in_russian_with_problems_in_russian():
    plan = make_plan(
        {
            "Настройки": [
                ["Параметр", "Значение"],
                ["Язык", "ru"],
                ["Валюта", "rub"],
                ["Режим бюджета", "снизу"],
                ["Лимит бюджета", "120 000 ₽"],
                ["Проверять каждые", "раз в год"],
                ["Любимый цвет", "синий"],
            ]
        }
    )
    s = plan.settings
    assert (s.language, s.currency, s.budget_mode, s.budget_limit) == (
        "ru",
        "RUB",
        "bottom-up",
        120000.0,
    )
    assert s.check_every == "week"  # the bad value leaves the default
    assert {p.cell: p.key for p in plan.problems} == {
        "Настройки!B6": "bad_enum",
        "Настройки!A7": "unknown_setting",
        "Цели": "missing_tab",
    }
    messages = [p.message for p in plan.problems]
    assert messages[0].startswith(
        "Настройки!B6: «раз в год» — допустимы только: день (ежедневно, каждый день); "
        "неделя (неделю, еженедельно, каждую неделю); месяц"
    )


def _save(path, sheets):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, cells in sheets.items():
        ws = book.create_sheet(title)
        for ref, value in cells.items():
            ws[ref] = value
    book.save(path)


def test_xlsx_addresses_survive_leading_empty_rows_and_columns(tmp_path):
    """calamine drops leading empty rows and columns; the problem still names the real cell."""
    path = tmp_path / "plan.xlsx"
    cells = {
        "C3": "ID",
        "D3": "Target",
        "E3": "Metric",
        "C9": "G1",
        "D9": "много",
        "E9": "m",
        "C10": "G2",
        "D10": 5,
        "E10": "n",
    }
    _save(path, {"Цели": cells})
    backend = XlsxBackend(path)
    info = backend.info()
    grids = backend.read(list(input_titles(info).values()))
    plan = read_plan(info, grids)
    assert [p.cell for p in plan.problems] == ["Цели!D9"]
    assert list(plan.goals.df["row"]) == [9, 10]


def test_xlsx_date_cells_and_numbers(tmp_path):
    path = tmp_path / "plan.xlsx"
    _save(
        path,
        {
            "Spend": {
                "A1": "Date",
                "B1": "Activity",
                "C1": "Amount",
                "A2": dt.date(2026, 11, 2),
                "B2": 7,
                "C2": 12.5,
                "A3": "03.11.2026",
                "B3": "A2",
                "C3": "1 200,50 ₽",
            }
        },
    )
    backend = XlsxBackend(path)
    info = backend.info()
    plan = read_plan(info, backend.read(["Spend"]))
    spend = plan.spend.df
    assert list(spend["date"]) == [dt.datetime(2026, 11, 2), dt.datetime(2026, 11, 3)]
    assert list(spend["activity"]) == ["7", "A2"]  # an ID typed as a number is text
    assert list(spend["amount"]) == [12.5, 1200.5]


def test_empty_cells_are_none_in_text_list_and_enum_columns():
    plan = make_plan(
        {
            "Activities": [
                ["ID", "Activity", "Goal", "Owner", "Status"],
                ["A1", "x", None, None, None],
                ["A2", "y", "G1, G2", "Ann", "active"],
            ]
        }
    )
    records = plan.activities.df[["id", "goal", "owner", "status"]].to_dict("records")
    assert records == [
        {"id": "A1", "goal": None, "owner": None, "status": None},
        {"id": "A2", "goal": ("G1", "G2"), "owner": "Ann", "status": "active"},
    ]

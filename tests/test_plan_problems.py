"""Bad input is never dropped silently: every tab, row and setting the
plan cannot use is a problem with its cell and a plain sentence, in English and Russian."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from sheetsync.compute import compute
from sheetsync.contracts import Grid, WorkbookInfo
from sheetsync.plan import read_plan
from sheetsync.render.sync_tab import render_sync
from tests.helpers import ACTUALS_HEADER, GOALS_HEADER, SPEND_HEADER, make_plan

GOALS_OK = [GOALS_HEADER, ["G1", "Leads", "Leads", "sum", None, 10, "2026-11-01", "2026-11-30"]]


def problems(plan) -> list[tuple[str | None, str]]:
    return [(p.cell, p.message) for p in plan.problems]


# 1. The header row: a title line above it, or no header at all.


def test_a_title_line_above_the_spend_header_is_skipped_and_the_spend_is_read():
    plan = make_plan(
        {
            "Goals": GOALS_OK,
            "Spend": [
                ["Spend log 2026"],
                [],
                SPEND_HEADER,
                ["2026-11-02", "A1", 12.5],
                ["2026-11-03", "A1", "7,5"],
            ],
        }
    )
    assert plan.problems == []
    assert list(plan.spend.df["amount"]) == [12.5, 7.5]
    assert list(plan.spend.df["row"]) == [4, 5]
    assert plan.spend.header_row == 3


def test_a_title_that_names_a_column_does_not_hide_the_real_header():
    # "Goal" is a Goals column, but the row below names ID too, which the tab needs.
    plan = make_plan({"Goals": [["Goal"], GOALS_OK[0], GOALS_OK[1]]})
    assert plan.problems == []
    assert list(plan.goals.df["id"]) == ["G1"]
    assert list(plan.goals.df["row"]) == [3]


def test_a_tab_with_no_header_row_is_one_problem_at_its_first_cell():
    plan = make_plan(
        {
            "Goals": GOALS_OK,
            "Spend": [[], [None, "October", None], [None, "2026-10-02", "A1", 5]],
        }
    )
    assert problems(plan) == [
        (
            "Spend!B2",
            "Spend!B2: no header row: expected columns Date, Activity, Amount, Results, Note; "
            "the tab is not read.",
        )
    ]
    assert plan.spend.df.empty


def test_the_header_is_looked_for_among_the_first_ten_non_empty_rows_only():
    notes = [[f"note {i}"] for i in range(1, 11)]
    plan = make_plan({"Goals": GOALS_OK, "Spend": [*notes, SPEND_HEADER, ["2026-11-02", "A1", 5]]})
    assert [(p.cell, p.key) for p in plan.problems] == [("Spend!A1", "no_header")]
    nine_notes = make_plan(
        {"Goals": GOALS_OK, "Spend": [*notes[:9], SPEND_HEADER, ["2026-11-02", "A1", 5]]}
    )
    assert nine_notes.problems == []
    assert list(nine_notes.spend.df["row"]) == [11]


def test_no_header_row_in_russian():
    plan = make_plan(
        {
            "Настройки": [["Параметр", "Значение"], ["Язык", "ru"]],
            "Цели": [["ID", "Цель"]],
            "Расходы": [["Расходы за ноябрь"], ["01.11.2026", "A1", 5]],
        }
    )
    assert problems(plan) == [
        (
            "Расходы!A1",
            "Расходы!A1: нет строки заголовка: ожидаются столбцы Дата, Активность, Сумма, "
            "Результаты, Примечание; вкладка не читается.",
        )
    ]


# 2 and 3. Columns a tab cannot work without.


def test_an_unrecognised_amount_header_is_a_problem_at_that_cell_and_spend_is_not_read():
    plan = make_plan(
        {"Goals": GOALS_OK, "Spend": [["Date", "Activity", "Amount, $"], ["2026-11-02", "A1", 5]]}
    )
    assert problems(plan) == [
        (
            "Spend!C1",
            'Spend!C1: the header has no "Amount" column, which this tab needs; the tab is '
            "not read. Add it.",
        )
    ]
    assert plan.spend.df.empty


@pytest.mark.parametrize(
    ("tab", "header", "cell", "missing"),
    [
        ("Spend", ["Activity", "Amount", "Note"], "Spend!A1", "Date"),
        ("Actuals", ["Date", "Metric", "Amount"], "Actuals!C1", "Value"),
        ("Activities", ["Activity", "Goal", "Budget"], "Activities!A1", "ID"),
        ("Team", ["Role", "Email"], "Team!A1", "Person"),
        ("Reporting", ["Report", "Author", "Readers"], "Reporting!A1", "Every"),
        ("Checklist", ["Section", "Done"], "Checklist!A1", "Item"),
        ("Settings", ["Setting", "Comment"], "Settings!B1", "Value"),
    ],
)
def test_each_tab_needs_its_key_columns(tab, header, cell, missing):
    plan = make_plan({"Goals": GOALS_OK, tab: [header, ["x"] * len(header)]})
    assert [(p.cell, p.key) for p in plan.problems] == [(cell, "missing_column")]
    assert f'the header has no "{missing}" column' in plan.problems[0].message


def test_several_missing_columns_are_one_problem_at_the_header_row():
    plan = make_plan(
        {
            "Goals": GOALS_OK,
            "Actuals": [[None, "Date", "KPI name", "Number"], [None, "2026-11-02", "Leads", 3]],
        }
    )
    assert problems(plan) == [
        (
            "Actuals!C1",
            'Actuals!C1: the header has no columns "Metric", "Value", which this tab needs; '
            "the tab is not read. Add them.",
        )
    ]
    assert plan.actuals.df.empty


def test_a_missing_column_in_russian():
    plan = make_plan(
        {
            "Настройки": [["Параметр", "Значение"], ["Язык", "ru"]],
            "Цели": [["Цель", "Метрика"], ["Лиды", "лиды"]],
        }
    )
    assert problems(plan) == [
        (
            "Цели!A1",
            "Цели!A1: в заголовке нет столбца «ID», без которого вкладка не читается. "
            "Добавьте его.",
        )
    ]


def test_an_empty_goals_tab_is_a_problem_an_empty_optional_tab_is_not():
    plan = make_plan({"Goals": [[], [None]], "Spend": []})
    assert problems(plan) == [
        (
            "Goals!A1",
            "Goals!A1: the Goals tab is empty; write its header in the first row: ID, Goal, "
            "Metric, Aggregation, Baseline, Target, Start, End, Owner, Cost per result, "
            "Reward, Penalty.",
        )
    ]


def test_a_missing_goals_tab_is_addressed_by_the_tab_name_in_json_and_in_the_sync_tab():
    plan = make_plan({"Spend": [SPEND_HEADER, ["2026-11-02", "A1", 5]]})
    message = (
        "Goals: the workbook has no Goals tab; add it with the columns ID, Goal, Metric, "
        "Aggregation, Baseline, Target, Start, End, Owner, Cost per result, Reward, Penalty."
    )
    assert [p.to_json() for p in plan.problems] == [{"cell": "Goals", "message": message}]
    tab = render_sync(compute(plan, dt.date(2026, 11, 27)), None, "plan.xlsx", [])
    shown = [[c.value for c in row] for row in tab.rows]
    assert ["Goals", message] in shown


# 4. A Settings tab typed without a header row.


def test_settings_without_a_header_row_are_read_as_name_value_pairs():
    plan = make_plan(
        {
            "Settings": [["Currency", "EUR"], ["Daily limit", "50"], ["Check every", "day"]],
            "Goals": GOALS_OK,
        }
    )
    s = plan.settings
    assert (s.currency, s.daily_limit, s.check_every) == ("EUR", 50.0, "day")
    assert s.cells == {
        "currency": "Settings!B1",
        "daily_limit": "Settings!B2",
        "check_every": "Settings!B3",
    }
    assert plan.problems == []


def test_headerless_settings_use_the_first_two_non_empty_columns_and_keep_their_cells():
    grids = {
        "Настройки": Grid(
            [["Язык", None, "ru"], [], ["Валюта", None, "рубли"], ["Лимит в день", None, "x"]],
            first_row=1,
            first_col=1,
        ),
        "Цели": Grid([["ID", "Цель"], ["G1", "Лиды"]]),
    }
    info = WorkbookInfo(title="План", tabs=list(grids), owned={})
    plan = read_plan(info, grids)
    assert (plan.lang, plan.settings.currency) == ("ru", "RUB")
    assert plan.settings.cells["currency"] == "Настройки!D4"
    assert problems(plan) == [
        ("Настройки!D5", "Настройки!D5: «x» — не число; ячейка считается пустой.")
    ]


def test_settings_with_neither_header_nor_setting_first_are_not_read_language_included():
    plan = make_plan(
        {"Settings": [["Our settings"], ["Language", "ru"], ["Currency", "EUR"]], "Goals": GOALS_OK}
    )
    assert (plan.lang, plan.settings.currency) == ("en", "USD")
    assert [(p.cell, p.key) for p in plan.problems] == [("Settings!A1", "no_header")]


# 5. Rows that would be skipped without a word.


def test_spend_rows_with_no_amount_or_no_date_are_problems_at_that_cell():
    plan = make_plan(
        {
            "Goals": GOALS_OK,
            "Spend": [
                SPEND_HEADER,
                ["2026-11-02", "A1", None, 4],  # no amount
                [None, "A1", 12.5],  # undated
                ["2026-11-03", "A1", "lots"],  # unreadable amount: its own problem only
                ["tomorrow", "A1", 3],  # unreadable date: its own problem only
                [None, None, None, None, "paid by card"],  # a note, not spend
                ["2026-11-04", None, 8],  # counted: the budget names the missing activity
            ],
        }
    )
    assert problems(plan) == [
        (
            "Spend!A5",
            'Spend!A5: "tomorrow" is not a date (write 2026-11-27 or 27.11.2026); the cell '
            "counts as empty.",
        ),
        ("Spend!C4", 'Spend!C4: "lots" is not a number; the cell counts as empty.'),
        ("Spend!C2", "Spend!C2: the spend row has no Amount; it is not counted."),
        ("Spend!A3", "Spend!A3: the spend of $12.50 has no Date; undated spend is not counted."),
    ]


def test_undated_spend_in_russian_shows_the_plans_currency():
    plan = make_plan(
        {
            "Настройки": [["Параметр", "Значение"], ["Язык", "ru"], ["Валюта", "₽"]],
            "Цели": [["ID"], ["G1"]],
            "Расходы": [["Дата", "Активность", "Сумма"], [None, "A1", "1 200,5"], ["", "A1"]],
        }
    )
    assert problems(plan) == [
        ("Расходы!C3", "Расходы!C3: в строке расходов нет суммы; она не учитывается."),
        (
            "Расходы!A2",
            "Расходы!A2: у расхода 1\u00a0200,50\u00a0₽ нет даты; расходы без даты не учитываются.",
        ),
    ]


def test_actuals_with_no_date_value_or_metric_are_problems():
    plan = make_plan(
        {
            "Goals": GOALS_OK,
            "Actuals": [
                ACTUALS_HEADER,
                [None, "Leads", 3],
                ["2026-11-02", "Leads", None],
                ["2026-11-03", None, 4],
                [None, None, None, "CRM", "a comment row"],  # nothing to count
            ],
        }
    )
    assert problems(plan) == [
        ("Actuals!A2", "Actuals!A2: the actual has no Date; it is not counted."),
        ("Actuals!C3", "Actuals!C3: the actual has no Value; it is not counted."),
        ("Actuals!B4", "Actuals!B4: the actual has no Metric; it is not counted."),
    ]


def test_an_unknown_metric_is_one_problem_at_its_first_cell_with_its_row_count():
    goals = [
        GOALS_HEADER,
        ["G1", "Clients", "New clients", "sum", None, 25, "2026-10-01", "2026-12-31"],
        ["G2", "Visits", None, "last", 100, 200, "2026-10-01", "2026-12-31"],
    ]
    plan = make_plan(
        {
            "Goals": goals,
            "Actuals": [
                ACTUALS_HEADER,
                ["2026-10-05", "new clients", 2],  # the goal's metric, other case: counts
                ["2026-10-05", "G2", 120],  # a goal without a Metric is matched by its ID
                ["2026-10-06", "G1", 1],  # G1 has a Metric, so its ID does not count
                ["2026-10-06", "New clientz", 1],
                ["2026-10-07", "new  clientz", 2],
                ["2026-10-08", "New clientz", 1],
            ],
        }
    )
    assert problems(plan) == [
        (
            "Actuals!B4",
            'Actuals!B4: metric "G1" matches no goal\'s Metric (1 row); it is not counted.',
        ),
        (
            "Actuals!B5",
            'Actuals!B5: metric "New clientz" matches no goal\'s Metric (3 rows); they are not '
            "counted.",
        ),
    ]
    kpis = compute(plan, dt.date(2026, 10, 31)).kpis.set_index("id")
    assert kpis.loc["G1", "current"] == 2.0  # only row 2 counted
    assert kpis.loc["G2", "current"] == 120.0


def test_unknown_metric_in_russian_with_plural_rows():
    plan = make_plan(
        {
            "Настройки": [["Параметр", "Значение"], ["Язык", "ru"]],
            "Цели": [["ID", "Метрика"], ["G1", "Лиды"]],
            "Факт": [["Дата", "Метрика", "Значение"]]
            + [["01.11.2026", "Лидыы", 1]] * 5
            + [["02.11.2026", "Звонки", 1]] * 2,
        }
    )
    assert problems(plan) == [
        (
            "Факт!B2",
            "Факт!B2: метрика «Лидыы» не совпадает ни с одной метрикой целей (5 строк); они "
            "не учитываются.",
        ),
        (
            "Факт!B7",
            "Факт!B7: метрика «Звонки» не совпадает ни с одной метрикой целей (2 строки); они "
            "не учитываются.",
        ),
    ]


def test_metrics_are_not_checked_against_a_goals_tab_that_was_not_read():
    plan = make_plan({"Actuals": [ACTUALS_HEADER, ["2026-11-02", "Leads", 3]]})
    assert [p.key for p in plan.problems] == ["missing_tab"]
    plan = make_plan(
        {"Goals": [["Goal"], ["Leads"]], "Actuals": [ACTUALS_HEADER, ["2026-11-02", "Leads", 3]]}
    )
    assert [p.key for p in plan.problems] == ["missing_column"]


def test_a_goal_that_ends_before_it_starts_has_its_end_counted_as_empty():
    plan = make_plan(
        {
            "Goals": [
                GOALS_HEADER,
                ["G1", "Leads", "Leads", "sum", None, 10, "2026-11-30", "2026-11-01"],
                ["G2", "Calls", "Calls", "sum", None, 10, "2026-11-01", "2026-11-01"],
            ],
            "Actuals": [ACTUALS_HEADER, ["2026-11-02", "Leads", 3], ["2026-11-01", "Calls", 4]],
        }
    )
    assert problems(plan) == [
        (
            "Goals!H2",
            "Goals!H2: End 2026-11-01 is before Start 2026-11-30; the End counts as empty and "
            "the goal's KPI is not computed.",
        )
    ]
    assert pd.isna(plan.goals.df.loc[0, "end"])
    assert plan.goals.df.loc[1, "end"] == dt.datetime(2026, 11, 1)  # a one-day goal is fine
    kpis = compute(plan, dt.date(2026, 12, 5)).kpis.set_index("id")
    assert kpis.loc["G1", "status"] is None
    assert kpis.loc["G2", "status"] == "missed"  # 4 of 10, and it is over


# 5 (settings). Values that cannot be used, and a setting given twice.


def _settings(*rows, time_zone=None):
    grids = {"Settings": Grid([["Setting", "Value"], *map(list, rows)])}
    grids["Goals"] = Grid([list(r) for r in GOALS_OK])
    info = WorkbookInfo(title="Plan", tabs=list(grids), owned={}, time_zone=time_zone)
    return read_plan(info, grids)


def test_a_setting_given_twice_keeps_the_first_and_reports_the_second():
    plan = _settings(["Daily limit", 50], ["Currency", "EUR"], ["daily limit", 80])
    assert plan.settings.daily_limit == 50.0
    assert plan.settings.cells["daily_limit"] == "Settings!B2"
    assert problems(plan) == [
        (
            "Settings!A4",
            'Settings!A4: "daily limit" is already set in row 2; this row is ignored.',
        )
    ]


@pytest.mark.parametrize(
    ("typed", "code"),
    [("usd", "USD"), ("$", "USD"), ("€", "EUR"), ("евро", "EUR"), ("₽", "RUB"), ("руб", "RUB"),
     ("Рубли", "RUB"), ("доллары", "USD"), (" gbp ", "GBP")],
)  # fmt: skip
def test_currency_signs_and_words_become_codes(typed, code):
    plan = _settings(["Currency", typed])
    assert plan.settings.currency == code
    assert plan.problems == []


def test_a_currency_that_is_no_code_is_a_problem_and_usd_is_used():
    plan = _settings(["Currency", "bucks"])
    assert plan.settings.currency == "USD"
    assert problems(plan) == [
        (
            "Settings!B2",
            'Settings!B2: "bucks" is not a currency (write a 3-letter code such as USD, EUR or '
            "RUB); USD is used.",
        )
    ]


def test_time_zones_are_checked_and_a_bad_one_falls_back_to_the_spreadsheets():
    assert _settings(["Time zone", "europe/moscow"]).settings.time_zone == "Europe/Moscow"
    plan = _settings(["Time zone", "Mars/Olympus"], time_zone="Asia/Tokyo")
    assert plan.settings.time_zone == "Asia/Tokyo"
    assert problems(plan) == [
        (
            "Settings!B2",
            'Settings!B2: "Mars/Olympus" is not a time zone (write an IANA name such as '
            "Europe/Moscow); Asia/Tokyo is used.",
        )
    ]
    folder = _settings(["Time zone", "Europe"])  # a folder of the zone database, not a zone
    assert folder.settings.time_zone is None  # today is then taken in UTC
    assert folder.problems[0].message.endswith("; UTC is used.")


def test_retention_and_stale_days_below_their_minimum_keep_the_default():
    plan = _settings(["Report retention", 0], ["Stale after days", "-3"])
    assert (plan.settings.report_retention, plan.settings.stale_after_days) == (8, 14)
    assert problems(plan) == [
        (
            "Settings!B2",
            "Settings!B2: Report retention must be 1 or more, not 0; the default 8 is used.",
        ),
        (
            "Settings!B3",
            "Settings!B3: Stale after days must be 0 or more, not -3; the default 14 is used.",
        ),
    ]
    plan = _settings(["Report retention", 1], ["Stale after days", 0])
    assert (plan.settings.report_retention, plan.settings.stale_after_days) == (1, 0)
    assert plan.problems == []
    plan = _settings(["Report retention", 2.5])
    assert [p.key for p in plan.problems] == ["not_a_whole_number"]


def test_setting_problems_in_russian():
    plan = make_plan(
        {
            "Настройки": [
                ["Параметр", "Значение"],
                ["Язык", "ru"],
                ["Хранить отчётов", -1],
                ["Валюта", "тугрики"],
                ["Язык", "en"],
            ],
            "Цели": [["ID"], ["G1"]],
        }
    )
    assert problems(plan) == [
        (
            "Настройки!B3",
            "Настройки!B3: «Хранить отчётов» — не меньше 1, а здесь -1; используется значение "
            "по умолчанию 8.",
        ),
        (
            "Настройки!B4",
            "Настройки!B4: «тугрики» — не валюта (пишите код из трёх букв: USD, EUR, RUB); "
            "используется USD.",
        ),
        (
            "Настройки!A5",
            "Настройки!A5: параметр «Язык» уже задан в строке 2; эта строка не учитывается.",
        ),
    ]

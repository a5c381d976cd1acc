"""Every value form people type (docs/workbook.md), in both locales; garbage gives a problem."""

from __future__ import annotations

import datetime as dt

import pytest

from sheetsync.plan import values as v
from tests.helpers import GOALS_HEADER, make_plan

EN, RU = False, True  # decimal_comma

NUMBERS = [
    # (typed, decimal_comma, expected)
    ("1234.5", EN, 1234.5),
    ("1,234.5", EN, 1234.5),
    ("1,234.5", RU, 1234.5),
    ("1 234,5", RU, 1234.5),
    ("1 234,5", EN, 1234.5),
    ("1\u00a0234,5", RU, 1234.5),  # no-break space
    ("1\u202f234,5", RU, 1234.5),  # narrow no-break space
    ("1234,5", EN, 1234.5),
    ("1234,5", RU, 1234.5),
    ("1,234", EN, 1234.0),
    ("1,234", RU, 1.234),
    ("1.234.567", RU, 1234567.0),
    ("1,234,567", EN, 1234567.0),
    ("1.234,5", RU, 1234.5),
    ("$800", EN, 800.0),
    ("800$", EN, 800.0),
    ("800 $", EN, 800.0),
    ("1 200,50 ₽", RU, 1200.5),
    ("$1,200.50", EN, 1200.5),
    ("800 USD", EN, 800.0),
    ("USD 800", EN, 800.0),
    ("500 руб.", RU, 500.0),
    ("500 руб", RU, 500.0),
    ("€12,5", RU, 12.5),
    ("1,5%", RU, 0.015),
    ("1.5%", EN, 0.015),
    ("3%", EN, 0.03),
    ("-800", EN, -800.0),
    ("(800)", EN, -800.0),
    ("(1 200,50 ₽)", RU, -1200.5),
    ("-$800", EN, -800.0),
    ("\u2212800", EN, -800.0),  # a typographic minus
    (800, EN, 800.0),
    (12.25, RU, 12.25),
]


@pytest.mark.parametrize(("typed", "comma", "expected"), NUMBERS)
def test_numbers_as_typed(typed, comma, expected):
    assert v.parse_number(typed, comma) == pytest.approx(expected)


@pytest.mark.parametrize("garbage", ["много", "#REF!", "#N/A", "12abc", "1..2x", "", "USD", True])
def test_not_numbers(garbage):
    with pytest.raises(v.BadValue):
        v.parse_number(garbage, False)


TARGETS = [
    ("+25", EN, (25.0, "add")),
    ("+50%", EN, (0.5, "pct")),
    ("+50 %", RU, (0.5, "pct")),
    ("3%", EN, (0.03, "abs")),
    ("45", EN, (45.0, "abs")),
    (45, EN, (45.0, "abs")),
    ("-20%", EN, (-0.2, "pct")),
    ("-5", EN, (-5.0, "abs")),
]


@pytest.mark.parametrize(("typed", "comma", "expected"), TARGETS)
def test_targets(typed, comma, expected):
    value, kind = v.parse_target(typed, comma)
    assert (round(value, 9), kind) == expected


DATES = [
    (dt.date(2026, 11, 27), True, dt.date(2026, 11, 27)),
    (dt.datetime(2026, 11, 27, 15, 30), True, dt.date(2026, 11, 27)),
    (46353, True, dt.date(2026, 11, 27)),  # Sheets serial: day 0 is 1899-12-30
    (46353.75, True, dt.date(2026, 11, 27)),  # a serial with a time of day
    ("2026-11-27", True, dt.date(2026, 11, 27)),
    ("27.11.2026", True, dt.date(2026, 11, 27)),
    ("27.11.2026", False, dt.date(2026, 11, 27)),  # dotted is always day first
    ("27/11/2026", False, dt.date(2026, 11, 27)),  # 27 cannot be a month
    ("11/27/2026", True, dt.date(2026, 11, 27)),  # 27 cannot be a month
    ("03/04/2026", True, dt.date(2026, 4, 3)),  # ru, en_GB: day first
    ("03/04/2026", False, dt.date(2026, 3, 4)),  # en_US: month first
    ("46353", True, dt.date(2026, 11, 27)),
]


@pytest.mark.parametrize(("typed", "day_first", "expected"), DATES)
def test_dates(typed, day_first, expected):
    assert v.parse_date(typed, day_first) == expected


@pytest.mark.parametrize("garbage", ["31.02.2026", "2026-13-01", "завтра", "#REF!", -3, True])
def test_not_dates(garbage):
    with pytest.raises(v.BadValue):
        v.parse_date(garbage)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("yes", True),
        ("no", False),
        ("TRUE", True),
        ("false", False),
        ("да", True),
        ("Нет", False),
        (1, True),
        (0, False),
        ("x", True),
        ("✓", True),
        (True, True),
    ],
)
def test_yes_no(typed, expected):
    assert v.parse_yesno(typed) is expected


@pytest.mark.parametrize(
    ("enum", "typed", "code"),
    [
        ("aggregation", "Сумма", "sum"),
        ("aggregation", "last", "last"),
        ("aggregation", "среднее", "mean"),
        ("status", "на паузе", "paused"),
        ("status", "Активна", "active"),
        ("status", "cancelled", "cancelled"),
        ("status", "отменена", "cancelled"),
        ("budget_mode", "снизу", "bottom-up"),
        ("budget_mode", "Top-down", "top-down"),
        ("period", "квартал", "quarter"),
        ("period", "week", "week"),
        ("check_every", "ежедневно", "day"),
    ],
)
def test_enum_words_in_both_languages(enum, typed, code):
    assert v.parse_enum(typed, enum) == code


def test_garbage_in_a_plan_gives_problems_with_cells():
    """`много`, `#REF!` and `31.02.2026` each become a problem naming the real cell."""
    plan = make_plan(
        {
            "Goals": [
                GOALS_HEADER,
                ["G1", "Leads", "leads", "sum", "много", "#REF!", "31.02.2026", "2026-12-31"],
            ]
        }
    )
    by_cell = {p.cell: p for p in plan.problems}
    assert set(by_cell) == {"Goals!E2", "Goals!F2", "Goals!G2"}
    assert by_cell["Goals!E2"].message == (
        'Goals!E2: "много" is not a number; the cell counts as empty.'
    )
    assert "#REF!" in by_cell["Goals!F2"].message
    assert "not a real calendar date" in by_cell["Goals!G2"].message
    # The bad cells count as empty; the goal itself is still there.
    goal = plan.goals.df.iloc[0]
    assert goal["id"] == "G1" and goal["baseline"] != goal["baseline"]  # NaN


def test_locale_decides_the_ambiguous_comma():
    tabs = {
        "Goals": [
            GOALS_HEADER,
            ["G1", "Rate", "rate", "last", "1,234", "2,5", "2026-10-01", "2026-12-31"],
        ],
    }
    assert make_plan(tabs, locale="en_US").goals.df.loc[0, "baseline"] == 1234.0
    assert make_plan(tabs, locale="ru_RU").goals.df.loc[0, "baseline"] == pytest.approx(1.234)

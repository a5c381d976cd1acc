"""Reading a tab's body column by column: ragged rows, empty cells as Sheets and xlsx send
them, numbers already typed next to numbers people typed as text."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from sheetsync.plan import tables
from tests.helpers import SPEND_HEADER, make_plan

# What Google Sheets sends for a Spend tab: trailing empty cells dropped (ragged rows), an
# empty cell inside a row as "", dates as serial numbers (46353 = 2026-11-27).
SHEETS_ROWS = [
    SPEND_HEADER,
    [46353, "A1", 10.5, "", "paid"],
    [46354, "A2", "1 200,50 ₽"],
    [],
    ["", "", "", "", "   "],  # only empty cells: skipped like an empty row
    ["28.11.2026", "A1", 7, 2],
    [46355, "A3", "много", "", "", "a note right of the known columns", 99],
]


def _spend_problems(plan) -> list[tuple[str, str]]:
    # The plans here have no Goals tab (one problem of its own): the Spend cells are checked.
    return [(p.cell, p.key) for p in plan.problems if p.cell.startswith("Spend!")]


def _spend(rows: list[list]) -> dict:
    df = make_plan({"Spend": rows}, locale="ru_RU").spend.df
    return {column: df[column].tolist() for column in df.columns}


def test_ragged_rows_and_sheets_empty_strings():
    plan = make_plan({"Spend": SHEETS_ROWS}, locale="ru_RU")
    df = plan.spend.df
    assert df["row"].tolist() == [2, 3, 6, 7]
    assert df["date"].tolist() == [
        dt.datetime(2026, 11, 27),
        dt.datetime(2026, 11, 28),
        dt.datetime(2026, 11, 28),
        dt.datetime(2026, 11, 29),
    ]
    assert df["activity"].tolist() == ["A1", "A2", "A1", "A3"]
    amounts = df["amount"].tolist()
    assert amounts[:3] == [10.5, 1200.5, 7.0] and math.isnan(amounts[3])
    results = df["results"].tolist()
    assert math.isnan(results[0]) and math.isnan(results[1]) and results[2] == 2.0
    assert df["note"].tolist() == ["paid", None, None, None]
    assert _spend_problems(plan) == [("Spend!C7", "not_a_number")]


def test_empty_string_and_none_read_the_same():
    as_none = [[None if x == "" else x for x in row] for row in SHEETS_ROWS]
    assert repr(_spend(SHEETS_ROWS)) == repr(_spend(as_none))


def test_ragged_rows_become_one_grid_padded_with_none():
    # What _body_cells must equal: each row padded with None to the widest row (or `width`).
    rows = [[1, "a"], [], [2.5, None, "x", True], ["only"]]
    for width in (2, 4, 6):
        full = max(width, 4)
        plain = [[row[j] if j < len(row) else None for j in range(full)] for row in rows]
        cells = tables._body_cells(rows, width)
        assert cells.shape == (4, full)
        assert [[type(v) for v in r] for r in cells.tolist()] == [
            [type(v) for v in r] for r in plain
        ]
        assert cells.tolist() == plain
    assert tables._body_cells([], 3).shape == (0, 3)


def test_blank_cells_of_every_kind_are_empty_and_nothing_else_is():
    rows = [
        SPEND_HEADER,
        [46353, "A1", float("nan"), None, " \u00a0\t"],
        [46353, "A1", 0, False, "0"],
    ]
    df = make_plan({"Spend": rows}).spend.df
    assert math.isnan(df["amount"][0]) and df["note"][0] is None
    assert df["amount"][1] == 0.0 and df["note"][1] == "0"


def test_a_whole_number_too_big_for_a_float_is_a_problem_not_a_crash():
    rows = [SPEND_HEADER, [46353, "A1", 10**400], [10**400, "A1", 5]]
    plan = make_plan({"Spend": rows})
    assert _spend_problems(plan) == [("Spend!A3", "not_a_date"), ("Spend!C2", "not_a_number")]
    assert math.isnan(plan.spend.df["amount"][0]) and plan.spend.df["amount"][1] == 5.0


@pytest.mark.parametrize("serial, shown", [(0, "0"), (-3, "-3"), (2_958_466, "2958466")])
def test_date_serials_out_of_range_are_problems(serial, shown):
    plan = make_plan({"Spend": [SPEND_HEADER, [serial, "A1", 5], [46353, "A1", 6]]})
    assert _spend_problems(plan) == [("Spend!A2", "not_a_date")]
    assert f'"{shown}"' in plan.problems[0].message
    assert plan.spend.df["date"].tolist()[1] == dt.datetime(2026, 11, 27)


def test_a_checkbox_in_a_number_column_is_the_only_problem():
    # TRUE equals 1 in Python: the cells holding 1 must not share the checkbox's problem.
    rows = [SPEND_HEADER, [46353, "A1", 5, True], [46353, "A1", 6, 1], [46353, "A1", 7, 1.0]]
    plan = make_plan({"Spend": rows})
    assert _spend_problems(plan) == [("Spend!D2", "not_a_number")]
    results = plan.spend.df["results"].tolist()
    assert math.isnan(results[0]) and results[1:] == [1.0, 1.0]


def test_checkboxes_in_text_columns_read_as_true_and_false_not_1_and_0():
    rows = [
        SPEND_HEADER,
        [46353, "A1", 5, None, 1],
        [46353, "A1", 6, None, True],
        [46353, "A1", 7, None, 0.0],
        [46353, "A1", 8, None, False],
    ]
    assert make_plan({"Spend": rows}).spend.df["note"].tolist() == ["1", "TRUE", "0", "FALSE"]

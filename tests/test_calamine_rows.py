"""calamine_rows.rows (the .xlsx read's row-at-a-time fast path) against the plain reference:
each value converted on its own by calamine_rows.cell, row after row."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sheetsync.backends import calamine_rows

# Every kind of value python-calamine's to_python gives back.
values = st.one_of(
    st.just(""),
    st.text(max_size=5),
    st.floats(allow_nan=False),
    st.integers(),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.just(dt.datetime(2026, 3, 1)),  # a date cell: a datetime at midnight
)
odd = st.one_of(st.times(), st.timedeltas())


def reference(rows: list[list]) -> list[list]:
    return [[calamine_rows.cell(value) for value in row] for row in rows]


@settings(max_examples=200)
@given(st.lists(st.lists(values, min_size=1, max_size=6), max_size=8))
def test_rows_equal_the_plain_reference(rows: list[list]) -> None:
    expected = reference([list(r) for r in rows])
    got = calamine_rows.rows([list(r) for r in rows])
    assert got == expected
    # The same kinds too: 1.0 == True and a date == nothing else, but a Grid tells them apart.
    assert [[type(v) for v in r] for r in got] == [[type(v) for v in r] for r in expected]


@given(st.lists(st.lists(values, max_size=4), max_size=4), odd)
def test_a_time_anywhere_is_refused_as_the_reference_does(rows: list[list], value) -> None:
    rows = [*rows, ["x", value]]
    with pytest.raises(calamine_rows.NotAGridValue):
        reference(rows)
    with pytest.raises(calamine_rows.NotAGridValue):
        calamine_rows.rows(rows)


def test_what_a_person_sees() -> None:
    got = calamine_rows.rows(
        [
            ["Date", "Amount", ""],
            [dt.datetime(2026, 11, 4), 153.5, ""],
            [dt.datetime(2026, 11, 4, 9, 30), "", True],
            [dt.date(2026, 11, 5), 0.0, "promo"],
        ]
    )
    assert got == [
        ["Date", "Amount", None],
        [dt.date(2026, 11, 4), 153.5, None],
        [dt.datetime(2026, 11, 4, 9, 30), None, True],
        [dt.date(2026, 11, 5), 0.0, "promo"],
    ]
    assert type(got[1][0]) is dt.date  # a midnight datetime becomes a bare date

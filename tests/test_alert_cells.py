"""`cells_of`: many alert cells at once, each the address `Table.cell` gives for its row."""

from __future__ import annotations

from sheetsync.compute.alerts import cells_of
from tests.helpers import ACTIVITIES_HEADER, make_plan


def test_cells_of_writes_the_address_of_each_row_as_table_cell_does():
    header = ["Date", "Activity", "Amount"]
    # A title with spaces is quoted in an address: " spend " is still the Spend tab.
    plan = make_plan({" spend ": [header, ["2026-11-02", "A1", 5]], "Activities": []})
    assert cells_of(plan.spend, "amount", [2, 10, 123]) == [
        "' spend '!C2",
        "' spend '!C10",
        "' spend '!C123",
    ]
    assert cells_of(plan.spend, "amount", []) == []


def test_cells_of_a_missing_tab_is_no_cell():
    plan = make_plan({"Activities": [ACTIVITIES_HEADER]})
    assert plan.spend.title is None
    assert cells_of(plan.spend, "amount", [2, 3]) == [None, None]

"""Output tabs that look finished: number formats by the metric's own precision."""

from __future__ import annotations

import datetime as dt

from sheetsync.render.cells import value_format
from sheetsync.render.kpi_tab import render_kpi_status
from tests.helpers import GOALS_HEADER, results_for

TODAY = dt.date(2026, 11, 27)


def test_value_format_follows_the_metric():
    assert value_format("3%") == "percent"
    assert value_format("+50%", 100, 150) == "int"  # a relative target of a count
    assert value_format(0.03, 0.015, 0.03) == "percent"  # a percent-formatted cell
    assert value_format(25, 0, 25, "sum") == "int"
    assert value_format(45, 30, 45, "mean") == "number"  # a mean is rarely whole
    assert value_format(4.5, 3.8, 4.5, "last") == "number"


def test_kpi_status_shows_counts_whole_and_rates_as_percents():
    results = results_for(
        {
            "Goals": [
                GOALS_HEADER,
                ["G1", "Clients", "Clients", "sum", None, 25, "2026-10-01", "2026-12-31"],
                [
                    "G2",
                    "Conversion",
                    "Conversion",
                    "last",
                    "1.5%",
                    "3%",
                    "2026-10-01",
                    "2026-12-31",
                ],
            ],
            "Actuals": [
                ["Date", "Metric", "Value"],
                ["2026-11-01", "Clients", 20],
                ["2026-11-01", "Conversion", "2.2%"],
            ],
        },
        TODAY,
    )
    tab = render_kpi_status(results)
    header_at = next(i for i, row in enumerate(tab.rows) if row and row[0].value == "ID")
    header = [c.value for c in tab.rows[header_at]]
    g1, g2 = tab.rows[header_at + 1], tab.rows[header_at + 2]
    for name in ("Target", "Current"):
        assert g1[header.index(name)].fmt == "int"
        assert g2[header.index(name)].fmt == "percent"

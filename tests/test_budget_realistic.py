"""A realistic plan: a year of weekly spend on four channels from Google Meridian's simulated
national media data (../shared/data/meridian_national_media.csv), conversions as results.

The expected figures were computed once, independently of sheetsync, with a short pandas
script over the CSV (sums of the 2023 rows dated ≤ today, elapsed = 273 ÷ 365 days), and are
written here as numbers. The plan is checked twice: built in memory, and end to end as an
.xlsx through `sheetsync check --json`.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest

from sheetsync.cli import main
from sheetsync.compute.budget import BudgetSummary, GoalFunding, WeekSpend
from tests.helpers import ACTIVITIES_HEADER, GOALS_HEADER, SPEND_HEADER, results_for

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "meridian_national_media.csv"
TODAY = "2023-09-30"

pytestmark = pytest.mark.skipif(not DATA.exists(), reason=f"{DATA} is not on this machine")


def meridian_tabs() -> dict[str, list[list]]:
    """2023's plan: one activity per channel, a row per channel per week of spend."""
    spend = [SPEND_HEADER]
    with DATA.open(newline="") as f:
        for week in csv.DictReader(f):
            day = dt.date.fromisoformat(week["time"])
            if day < dt.date(2023, 1, 1):
                continue
            amounts = [float(week[f"Channel{i}_spend"]) for i in range(4)]
            total = sum(amounts)
            for i, amount in enumerate(amounts):
                # The week's conversions, credited to each channel by its share of spend.
                results = round(float(week["conversions"]) * amount / total)
                spend.append([day, f"C{i}", amount, results, None])
    budgets = [9_000_000, 8_000_000, 10_500_000, 9_000_000]
    activities = [ACTIVITIES_HEADER]
    for i, budget in enumerate(budgets):
        paused = i == 3  # Channel 3 was planned for the first half and paused
        activities.append(
            [
                f"C{i}",
                f"Channel {i} media",
                "G1",
                f"Channel{i}",
                "Ivan",
                dt.date(2023, 1, 1),
                dt.date(2023, 6, 30) if paused else dt.date(2023, 12, 31),
                "paused" if paused else "active",
                budget,
                250_000 if i == 2 else None,
                None,
            ]
        )
    return {
        "Settings": [
            ["Setting", "Value"],
            ["Budget mode", "bottom-up"],
            ["Budget limit", 36_000_000],
            ["Weekly limit", 950_000],
            ["Monthly limit", 3_900_000],
            ["Budget controller", "Dana"],
            ["Control method", "Media invoices against the Spend tab"],
            ["Check every", "week"],
        ],
        "Goals": [
            GOALS_HEADER,
            [
                "G1",
                "Conversions",
                "conversions",
                "sum",
                None,
                10_000_000_000,
                dt.date(2023, 1, 1),
                dt.date(2023, 12, 31),
                "Ivan",
            ],
        ],
        "Activities": activities,
        "Spend": spend,
    }


# Per channel: planned, spent to date, expected to date (planned × 273/365; Channel 3 ended,
# so all of it), status, projected (spent ÷ 273/365; Channel 3 paused, so what it spent).
EXPECTED_ACTIVITIES = {
    "C0": (9_000_000, 6_720_562.01, 6_731_506.849315, "on-pace", 8_985_366.789927),
    "C1": (8_000_000, 6_912_186.33, 5_983_561.643836, "overspending", 9_241_567.803846),
    "C2": (10_500_000, 6_781_227.738, 7_853_424.657534, "underspending", 9_066_476.646044),
    "C3": (9_000_000, 9_252_384.09, 9_000_000, "over-budget", 9_252_384.09),
}

BUDGET_CODES = {
    "over-limit", "underfunded", "over-budget", "daily-limit", "weekly-limit", "monthly-limit",
    "daily-cap", "spend-after-end", "spend-while-stopped", "unknown-activity", "no-results",
    "spend-not-logged",
}  # fmt: skip

# (severity, code, subject, cell): cells are spend rows, 4 per week from row 2 (2023-01-02), channel
# order 0–3; a period's cell is its largest row.
# Most severe first, then the most money at stake (the alert's amount) first.
EXPECTED_ALERTS = [
    ("critical", "spend-after-end", "C3", "Spend!A109"),  # 2,806,963.41 from 2023-07-03 on
    ("critical", "over-limit", "budget", "Settings!B3"),  # 500,000 over
    ("critical", "spend-while-stopped", "C3", "Spend!C157"),  # 322,343.90 by 2023-09-25
    ("critical", "over-budget", "C3", "Activities!I5"),  # 252,384.09 over
    ("critical", "weekly-limit", "2023-W24", "Spend!C97"),  # 1,149,575.92: 199,575.92 over
    ("critical", "monthly-limit", "2023-07", "Spend!C121"),  # 3,997,909.05: 97,909.05 over
    ("critical", "monthly-limit", "2023-01", "Spend!C9"),  # 3,948,286.69: 48,286.69 over
    ("critical", "weekly-limit", "2023-W27", "Spend!C109"),  # 977,263.75: 27,263.75 over
    ("critical", "monthly-limit", "2023-05", "Spend!C89"),  # 3,914,736.875: 14,736.875 over
    # Over its 250,000 cap on 2023-01-16, 06-12, 07-03 and 09-04; the worst, 296,760.94 on
    # 2023-06-12, is row 96.
    ("warning", "daily-cap", "C2", "Spend!C96"),
]


def _from_json(budget: dict) -> BudgetSummary:
    """The --json budget read back into the summary it was written from: every key there."""
    return BudgetSummary(
        **{
            **budget,
            "goals": tuple(GoalFunding(**g) for g in budget["goals"]),
            "weekly": tuple(WeekSpend(**w) for w in budget["weekly"]),
            "notes": tuple(budget["notes"]),
        }
    )


def check_budget(budget: BudgetSummary) -> None:
    assert budget.mode == "bottom-up"
    assert budget.allocated == 36_500_000
    assert budget.unallocated == -500_000
    assert budget.spent == pytest.approx(29_666_360.168, abs=0.001)
    assert budget.last_spend == "2023-09-25"
    assert budget.no_results_share == 0
    assert budget.controller == "Dana"
    assert budget.check_every == "week"
    weekly = {w.week: w for w in budget.weekly}
    # Mon 2022-12-26 (the week of 1 January) to Mon 2023-12-25: 53 ISO weeks.
    assert len(budget.weekly) == 53
    assert budget.weekly[0].week == "2022-W52"
    assert budget.weekly[-1].week == "2023-W52"
    # By Sunday 1 January: one day of each plan (Channel 3's runs 181 days).
    assert weekly["2022-W52"].planned_cumulative == pytest.approx(125_066.222660)
    assert weekly["2022-W52"].spent_cumulative == 0
    # By Sunday 2 July: 183/365 of 27.5 million, and all of Channel 3's 9 million.
    assert weekly["2023-W26"].planned_cumulative == pytest.approx(22_787_671.232877)
    assert weekly["2023-W26"].spent_cumulative == pytest.approx(20_160_465.797)
    # Today's week, to Sunday 1 October: 274/365 of 27.5 million, plus 9 million.
    assert weekly["2023-W39"].planned_cumulative == pytest.approx(29_643_835.616438)
    assert weekly["2023-W39"].spent_cumulative == pytest.approx(29_666_360.168)
    assert weekly["2023-W40"].spent_cumulative is None
    assert weekly["2023-W52"].planned_cumulative == pytest.approx(36_500_000)


def test_meridian_plan_in_memory():
    results = results_for(meridian_tabs(), TODAY)
    acts = results.activities.set_index("id")
    for aid, (planned, spent, expected, status, projected) in EXPECTED_ACTIVITIES.items():
        assert acts.loc[aid, "planned"] == planned
        assert acts.loc[aid, "spent"] == pytest.approx(spent, abs=0.001)
        assert acts.loc[aid, "expected_to_date"] == pytest.approx(expected)
        assert acts.loc[aid, "status"] == status
        assert acts.loc[aid, "projected"] == pytest.approx(projected)
    assert acts.loc["C0", "pace"] == pytest.approx(0.998374, abs=1e-6)
    assert acts.loc["C3", "remaining"] == pytest.approx(-252_384.09)
    check_budget(results.budget)
    budget_alerts = [
        (a.severity, a.code, a.subject, a.cell) for a in results.alerts if a.code in BUDGET_CODES
    ]
    assert budget_alerts == EXPECTED_ALERTS
    messages = {(a.code, a.subject): a.message for a in results.alerts}
    assert messages[("spend-after-end", "C3")] == (
        "Activity C3 ended on 2023-06-30, yet $2,806,963.41 was spent after it (13 spend rows, "
        "2023-07-03 to 2023-09-25). Switch it off or move its End."
    )
    assert messages[("daily-cap", "C2")] == (
        "Activity C2 spent over its daily cap of $250,000.00 on 4 days; the most on "
        "2023-06-12: $296,760.94, $46,760.94 over."
    )
    assert "$36,500,000.00" in messages[("over-limit", "budget")]
    assert "$500,000.00" in messages[("over-limit", "budget")]


def test_meridian_plan_end_to_end_through_check_json(tmp_path, capsys):
    from openpyxl import Workbook

    path = tmp_path / "meridian-plan.xlsx"
    book = Workbook()
    book.remove(book.active)
    for title, rows in meridian_tabs().items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)

    assert main(["check", "--workbook", str(path), "--today", TODAY, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["problems"] == []
    assert data["tabs_written"] == []
    by_id = {a["id"]: a for a in data["activities"]}
    for aid, (planned, spent, expected, status, projected) in EXPECTED_ACTIVITIES.items():
        assert by_id[aid]["planned"] == planned
        assert by_id[aid]["spent"] == pytest.approx(spent, abs=0.001)
        assert by_id[aid]["expected_to_date"] == pytest.approx(expected)
        assert by_id[aid]["status"] == status
        assert by_id[aid]["projected"] == pytest.approx(projected)
    assert by_id["C3"]["end"] == "2023-06-30"
    assert by_id["C0"]["goals"] == ["G1"]
    check_budget(_from_json(data["budget"]))
    budget_alerts = [
        (a["severity"], a["code"], a["subject"], a["cell"])
        for a in data["alerts"]
        if a["code"] in BUDGET_CODES
    ]
    assert budget_alerts == EXPECTED_ALERTS


def test_top_down_plan_end_to_end_with_money_as_typed(tmp_path, capsys):
    """A small top-down plan typed the way people type money, through the .xlsx backend."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    tabs = {
        "Settings": [["Setting", "Value"], ["Budget mode", "top-down"], ["Currency", "RUB"]],
        "Goals": [
            GOALS_HEADER,
            [
                "G1",
                "Leads",
                "leads",
                "sum",
                None,
                100,
                "2026-11-01",
                "2026-11-30",
                "Ann",
                "1 200,50 ₽",
            ],  # 100 × 1,200.50 = 120,050
            [
                "G2",
                "Clients",
                "clients",
                "sum",
                10,
                30,
                "2026-11-01",
                "2026-11-30",
                "Ann",
                "$1,200.50",
            ],  # 20 × 1,200.50 = 24,010
        ],
        "Activities": [
            ACTIVITIES_HEADER,
            [
                "A1",
                "Search",
                "G1, G2",
                "Search",
                "Ben",
                "2026-11-01",
                "2026-11-30",
                "active",
                "100 000 ₽",
                None,
                None,
            ],  # 50,000 to each goal
            [
                "A2",
                "Social",
                "G2",
                "Social",
                "Ben",
                "2026-11-01",
                "2026-11-30",
                "active",
                "800 USD",
                None,
                None,
            ],
        ],
        "Spend": [
            SPEND_HEADER,
            ["2026-11-03", "A1", "1 200,50 ₽", 3, None],
            ["2026-11-04", "A1", "$1,200.50", 2, None],
            ["2026-11-05", "A2", "800 USD", 0, None],
        ],
    }
    for title, rows in tabs.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    path = tmp_path / "top-down.xlsx"
    book.save(path)

    assert main(["check", "--workbook", str(path), "--today", "2026-11-15", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["problems"] == []
    budget = data["budget"]
    assert budget["currency"] == "RUB"
    assert budget["goals"] == [
        {"goal": "G1", "required": 120_050.0, "carried": 50_000.0, "gap": 70_050.0},
        {"goal": "G2", "required": 24_010.0, "carried": 50_800.0, "gap": 0.0},
    ]
    assert budget["required"] == 144_060
    assert budget["gap"] == 70_050
    assert budget["allocated"] == 100_800
    assert budget["spent"] == 3_201
    assert budget["no_results_share"] == pytest.approx(800 / 3_201, abs=1e-6)
    by_id = {a["id"]: a for a in data["activities"]}
    # A1: 2,401 spent of 100,000; half of November gone, so 50,000 expected: underspending.
    assert by_id["A1"]["spent"] == 2_401
    assert by_id["A1"]["expected_to_date"] == 50_000
    assert by_id["A1"]["status"] == "underspending"
    # A2: 800 spent of 800 is not over its budget, but 800 > 1.1 × 400: overspending.
    assert by_id["A2"]["status"] == "overspending"
    assert by_id["A2"]["remaining"] == 0
    [short] = [a for a in data["alerts"] if a["code"] == "underfunded"]
    assert (short["subject"], short["owner"], short["cell"]) == ("G1", "Ann", "Goals!J2")
    assert "70 050,00" not in short["message"]  # English plan: English money
    assert "70,050.00\u00a0₽" in short["message"]

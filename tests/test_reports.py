"""Report tabs through weekly syncs of an .xlsx plan, exports, titles, schedule and templates.

The plan below runs from October to December 2026 with one weekly and one monthly rule and
Report retention 3; `--today` walks it Monday by Monday through two months.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil

import openpyxl
import pytest

from sheetsync.backends.xlsx import XlsxBackend, create_workbook
from sheetsync.cli import main
from sheetsync.compute.checklist import Checklist, Item
from sheetsync.contracts import OwnedTab
from sheetsync.errors import UsageError
from sheetsync.history import Snapshot
from sheetsync.reports import periods, render_report_tab, undated_digest
from sheetsync.reports.model import build_report
from sheetsync.reports.rules import reporting_rules
from sheetsync.reports.schedule import schedule_reports
from sheetsync.reports.templates import Templates, parse_tab
from tests.helpers import GOALS_HEADER, make_plan, results_for

D = dt.date
MONDAYS = [D(2026, 10, 5) + dt.timedelta(weeks=i) for i in range(9)]  # 5 Oct … 30 Nov

SETTINGS = [
    ["Setting", "Value"],
    ["Plan name", "Test plan"],
    ["Currency", "USD"],
    ["Language", "en"],
    ["Budget mode", "bottom-up"],
    ["Budget limit", 1000],
    ["Report retention", 3],
]
GOALS = [
    GOALS_HEADER,
    ["G1", "Leads <b>from</b> search", "Leads", "sum", None, 100, D(2026, 10, 1),
     D(2026, 12, 31), "Ann", 10, "bonus", "review"],
    ["G2", "More visits", "Visits", "last", 1000, 2000, D(2026, 10, 1), D(2026, 12, 31),
     "Bob", None, "bonus", "review"],
]  # fmt: skip
# Leads each Wednesday; Visits every other Wednesday.
ACTUALS = [
    ["Date", "Metric", "Value", "Source", "Note"],
    *[[D(2026, 10, 7) + dt.timedelta(weeks=i), "Leads", v, "CRM", None]
      for i, v in enumerate([4, 6, 5, 7, 8, 3, 9, 6])],
    *[[D(2026, 10, 7) + dt.timedelta(weeks=2 * i), "Visits", v, "GA", None]
      for i, v in enumerate([1100, 1200, 1300, 1500])],
]  # fmt: skip
ACTIVITIES = [
    ["ID", "Activity", "Goal", "Channel", "Owner", "Start", "End", "Status", "Budget",
     "Daily cap", "Expected result"],
    ["A1", "Search ads", "G1", "Search", "Cy", D(2026, 10, 1), D(2026, 12, 31), "active", 600,
     None, None],
    ["A2", "Office party", None, "Events", "Dee", D(2026, 10, 1), D(2026, 12, 31), "active",
     100, None, None],
]  # fmt: skip
# A1 spends 20 every Tuesday (row 2 onwards); A2 spent once.
SPEND = [
    ["Date", "Activity", "Amount", "Results", "Note"],
    *[[D(2026, 10, 6) + dt.timedelta(weeks=i), "A1", 20, 2, None] for i in range(9)],
    [D(2026, 10, 20), "A2", 30, None, "cake"],
]
REPORTING = [
    ["Report", "Every", "Author", "Readers", "Decision maker"],
    ["Weekly marketing report", "week", "Bob", "Ann, Cy", "Dana"],
    ["Monthly report to the director", "month", "Ann", "Dana", "Dana"],
]
TEAM = [["Person", "Role", "Email"]] + [[p, "x", None] for p in ("Ann", "Bob", "Cy", "Dee", "Dana")]
TABS = {
    "Settings": SETTINGS,
    "Team": TEAM,
    "Goals": GOALS,
    "Actuals": ACTUALS,
    "Activities": ACTIVITIES,
    "Spend": SPEND,
    "Reporting": REPORTING,
}


def write_plan(folder) -> None:
    """The plan and a sheetsync.toml beside it: the state folder is `folder/.sheetsync`."""
    folder.mkdir(parents=True, exist_ok=True)
    create_workbook(folder / "plan.xlsx", TABS, {})
    (folder / "sheetsync.toml").write_text('workbook = "plan.xlsx"\n', encoding="utf-8")


def sync_on(folder, day: dt.date, *extra: str) -> None:
    config = str(folder / "sheetsync.toml")
    assert main(["sync", "--quiet", "--config", config, "--today", day.isoformat(), *extra]) == 0


def report_marks(path) -> dict[str, OwnedTab]:
    owned = XlsxBackend(path).info().owned
    return {k: v for k, v in owned.items() if k.startswith("report:")}


def cells(path, title: str) -> list[tuple]:
    book = openpyxl.load_workbook(path)
    # Rounded: a person's save through openpyxl (as these tests edit) writes floats with
    # fewer digits than sheetsync does, and that is not a rewrite of the tab.
    return [
        tuple(round(v, 9) if isinstance(v, float) else v for v in r)
        for r in book[title].iter_rows(values_only=True)
    ]


def row_starting(rows: list[tuple], first: str) -> tuple:
    return next(r for r in rows if r and r[0] == first)


class WeeklyRun:
    """One walk through the Mondays, shared by the tests that read it (syncs take time)."""

    def __init__(self, base) -> None:
        self.folder = base / "walk"
        self.on_23_nov = base / "copy-23-nov"  # the plan and its history as they were on 23 Nov
        self.marks: dict[dt.date, dict[str, OwnedTab]] = {}
        write_plan(self.folder)
        for monday in MONDAYS:
            sync_on(self.folder, monday)
            self.marks[monday] = report_marks(self.folder / "plan.xlsx")
            if monday == D(2026, 11, 23):
                shutil.copytree(self.folder, self.on_23_nov)

    def copy_of_23_nov(self, target):
        return shutil.copytree(self.on_23_nov, target)


@pytest.fixture(scope="module")
def weekly(tmp_path_factory) -> WeeklyRun:
    return WeeklyRun(tmp_path_factory.mktemp("weekly"))


@pytest.fixture
def plan_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the state folder (.sheetsync) is made here
    write_plan(tmp_path)
    return tmp_path / "plan.xlsx"


def test_weekly_syncs_through_two_months_leave_the_right_report_tabs(weekly):
    first = weekly.marks[D(2026, 10, 5)]
    assert {t.title: t.final for t in first.values()} == {
        "Weekly report 2026-W41": False,
        "Monthly report 2026-10": False,
    }
    assert set(first) == {
        "report:weekly-marketing-report:2026-W41",
        "report:monthly-report-to-the-director:2026-10",
    }
    # A week later W41 is closed: written once more, marked final; W42 is current.
    assert {t.title: t.final for t in weekly.marks[D(2026, 10, 12)].values()} == {
        "Weekly report 2026-W41": True,
        "Weekly report 2026-W42": False,
        "Monthly report 2026-10": False,
    }
    # 2 Nov: October closes; retention 3 keeps only W43–W45 of the weekly tabs.
    assert {t.title: t.final for t in weekly.marks[D(2026, 11, 2)].values()} == {
        "Weekly report 2026-W43": True,
        "Weekly report 2026-W44": True,
        "Weekly report 2026-W45": False,
        "Monthly report 2026-10": True,
        "Monthly report 2026-11": False,
    }
    assert {t.title: t.final for t in weekly.marks[D(2026, 11, 30)].values()} == {
        "Weekly report 2026-W47": True,
        "Weekly report 2026-W48": True,
        "Weekly report 2026-W49": False,
        "Monthly report 2026-10": True,
        "Monthly report 2026-11": False,  # 30 Nov is still November
    }
    titles = openpyxl.load_workbook(weekly.folder / "plan.xlsx").sheetnames
    assert sum(t.startswith("Weekly report") for t in titles) == 3
    assert sum(t.startswith("Monthly report") for t in titles) == 2


def test_retention_counts_tabs_per_rule(weekly):
    # By 9 Nov six weekly tabs (W41 … W46) had been made; Report retention is 3.
    assert sorted(t.title for t in weekly.marks[D(2026, 11, 9)].values()) == [
        "Monthly report 2026-10",
        "Monthly report 2026-11",
        "Weekly report 2026-W44",
        "Weekly report 2026-W45",
        "Weekly report 2026-W46",
    ]


def test_a_final_tab_is_not_rewritten_after_its_data_is_corrected(weekly, tmp_path):
    folder = weekly.copy_of_23_nov(tmp_path / "plan")
    path = folder / "plan.xlsx"
    assert report_marks(path)["report:weekly-marketing-report:2026-W47"].final
    before = cells(path, "Weekly report 2026-W47")
    assert row_starting(before, "Spent in the period")[1] == 20

    # Someone corrects W47's spend (Tuesday 17 Nov: 20 → 50) and its Leads (18 Nov: 9 → 19).
    book = openpyxl.load_workbook(path)
    spend = book["Spend"]
    row = next(r for r in spend.iter_rows(min_row=2) if r[0].value.date() == D(2026, 11, 17))
    row[2].value = 50
    actuals = book["Actuals"]
    row = next(
        r for r in actuals.iter_rows(min_row=2)
        if r[0].value.date() == D(2026, 11, 18) and r[1].value == "Leads"
    )  # fmt: skip
    row[2].value = 19
    book.save(path)

    sync_on(folder, MONDAYS[8])
    assert cells(path, "Weekly report 2026-W47") == before
    # The current report sees the corrected figures: A1 8 × 20 by 30 Nov, +30 corrected,
    # and A2's 30.
    current = cells(path, "Weekly report 2026-W49")
    assert row_starting(current, "Spent to date")[1] == 220

    # An explicit rebuild rewrites the final tab with the corrected data.
    sync_on(folder, MONDAYS[8], "--rebuild")
    rebuilt = cells(path, "Weekly report 2026-W47")
    assert row_starting(rebuilt, "Spent in the period")[1] == 50
    assert row_starting(rebuilt, "G1")[3] == 52  # 4+6+5+7+8+3+19 leads by 22 Nov
    assert report_marks(path)["report:weekly-marketing-report:2026-W47"].final


def test_change_since_the_previous_report_comes_from_history(weekly):
    path = weekly.on_23_nov / "plan.xlsx"  # the last sync was on 23 Nov, in W48
    rows = cells(path, "Weekly report 2026-W48")
    # Previous report: W47, which ended 22 Nov; the last record by then is 16 Nov's.
    assert any(
        r[0] == "Change since the previous report (2026-W47), from the figures of 2026-11-16."
        for r in rows
    )
    header = row_starting(rows, "ID")
    assert header[:6] == ("ID", "Goal", "Owner", "Current", "Change", "Target")
    g1, g2 = row_starting(rows, "G1"), row_starting(rows, "G2")
    # G1 sums Leads: 4+6+5+7+8+3 = 33 by 16 Nov, +9 on 18 Nov = 42 by 23 Nov.
    assert g1[3:6] == (42, 9, 100)
    assert g1[6] == pytest.approx(0.42)
    # G2 is the last Visits: 1300 (4 Nov) by 16 Nov, 1500 (18 Nov) by 23 Nov.
    assert g2[3:6] == (1500, 200, 2000)
    assert g2[6] == pytest.approx(0.5)
    # The monthly report compares with the end of October: the 26 Oct record (15 leads).
    monthly = cells(path, "Monthly report 2026-11")
    assert row_starting(monthly, "G1")[3:5] == (42, 27)


def test_md_and_html_exports_hold_the_kpi_table_and_the_decisions(weekly, capsys, tmp_path):
    config = str(weekly.on_23_nov / "sheetsync.toml")
    args = ["report", "--config", config, "--today", "2026-11-23"]
    assert main([*args, "--format", "md", "--rule", "Weekly marketing report"]) == 0
    md = capsys.readouterr().out
    assert md.startswith("# Weekly report 2026-W48 — Test plan")
    assert "| ID | Goal | Owner | Current | Change | Target | Progress | Expected | Status |" in md
    assert "| G1 | Leads &lt;b&gt;from&lt;/b&gt; search | Ann | 42 | +9 | 100 | 42% | 59% |" in md
    assert "## Decisions for Dana" in md
    # G1: 0.42 ÷ (54 of 92 days elapsed = 0.587) = pace 0.72: at risk. A2 serves no goal.
    assert "**G1** — Goal G1 (Leads &lt;b&gt;from&lt;/b&gt; search) is at risk" in md
    assert "<b>" not in md  # raw HTML a person typed is escaped in the markdown, as in HTML
    assert "**A2** — Activity A2 (Office party) serves no goal of the plan." in md
    assert "Owner: Dee." in md
    assert "Monthly report" not in md

    out = tmp_path / "report.html"
    assert main([*args, "--format", "html", "--out", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "<style>" in html and "<svg" in html
    assert "<link" not in html and "<script" not in html and "src=" not in html
    assert "<h2>Decisions for Dana</h2>" in html
    assert "Leads &lt;b&gt;from&lt;/b&gt; search" in html  # a person's text is escaped
    assert "<b>from</b>" not in html
    assert html.count('<section class="report">') == 2  # both rules, one page


def test_a_user_template_folder_overrides_one_template(plan_file, capsys, tmp_path):
    folder = tmp_path / "our-templates" / "en"
    folder.mkdir(parents=True)
    (folder / "report.md.j2").write_text(
        "{% for r in reports %}OUR {{ r.title }} for {{ r.decision_maker }}\n{% endfor %}",
        encoding="utf-8",
    )
    args = ["report", "-w", str(plan_file), "--today", "2026-11-23"]
    assert main([*args, "--templates", str(folder.parent)]) == 0
    assert capsys.readouterr().out == (
        "OUR Weekly report 2026-W48 for Dana\nOUR Monthly report 2026-11 for Dana\n"
    )
    # The HTML template was not overridden: the built-in one is used.
    assert main([*args, "--templates", str(folder.parent), "--format", "html"]) == 0
    assert "<h2>Decisions for Dana</h2>" in capsys.readouterr().out
    # sheetsync.toml may name the folder too, relative to itself.
    (tmp_path / "sheetsync.toml").write_text('templates = "our-templates"\n', encoding="utf-8")
    assert main([*args]) == 0
    assert capsys.readouterr().out.startswith("OUR Weekly report")


@pytest.mark.parametrize(
    "attack",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ reports[0].__class__ }}",
        "{{ reports.__class__.__base__ }}",
    ],
)
def test_a_template_reaching_python_internals_is_refused(plan_file, capsys, tmp_path, attack):
    folder = tmp_path / "evil"
    folder.mkdir()
    (folder / "report.md.j2").write_text(attack, encoding="utf-8")
    code = main(["report", "-w", str(plan_file), "--today", "2026-11-23", "--templates",
                 str(folder)])  # fmt: skip
    captured = capsys.readouterr()
    assert code == 2
    assert "report.md.j2, line 1 tried to reach Python internals" in captured.err
    assert "the sandbox refused it" in captured.err
    assert "<class" not in captured.out


def test_a_sync_with_a_broken_tab_template_exits_2_and_writes_nothing(plan_file, tmp_path):
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "report.tab.j2").write_text("{{ row(report.nope) }}", encoding="utf-8")
    before = plan_file.read_bytes()
    code = main(["sync", "-q", "-w", str(plan_file), "--today", "2026-11-23", "--templates",
                 str(folder)])  # fmt: skip
    assert code == 2
    assert plan_file.read_bytes() == before


def test_report_for_an_unknown_rule_says_which_rules_exist(plan_file, capsys):
    assert main(["report", "-w", str(plan_file), "--today", "2026-11-23", "--rule", "Daily"]) == 2
    assert 'No reporting rule is called "Daily"; the plan has: "Weekly marketing report"' in (
        capsys.readouterr().err
    )


# -- titles ---------------------------------------------------------------------------------
def rules_of(rows: list[list], lang: str = "en"):
    tabs = {"Reporting": [["Report", "Every", "Author", "Readers", "Decision maker"], *rows]}
    if lang == "ru":
        tabs["Settings"] = [["Setting", "Value"], ["Language", "ru"]]
    return reporting_rules(make_plan(tabs))


def test_english_titles_are_standard_unless_two_rules_share_a_period():
    one = rules_of([["Weekly marketing report", "week", "A", "B", "C"],
                    ["Quarter review", "quarter", "A", "B", "C"]])  # fmt: skip
    assert [r.title("2026-W48") for r in one[:1]] == ["Weekly report 2026-W48"]
    assert one[1].title("2026-Q4") == "Quarterly report 2026-Q4"
    two = rules_of(
        [["Sales: weekly", "week", "A", "B", "C"], ["Ads weekly", "week", "A", "B", "C"]]
    )
    assert [r.title("2026-W48") for r in two] == ["Sales weekly 2026-W48", "Ads weekly 2026-W48"]
    assert [r.slug for r in two] == ["sales-weekly", "ads-weekly"]


def test_russian_titles_use_the_rules_name_within_31_characters():
    rules = rules_of([["Ежемесячный отчёт директору", "month", "А", "Б", "В"],
                      ["Еженедельный отчёт", "week", "А", "Б", "В"],
                      [None, "quarter", "А", "Б", "В"]], lang="ru")  # fmt: skip
    titles = [r.title(c) for r, c in zip(rules, ["2026-11", "2026-W48", "2026-Q4"], strict=True)]
    assert titles == [
        "Ежемесячный отчёт… 2026-11",
        "Еженедельный отчёт 2026-W48",
        "Квартальный отчёт 2026-Q4",
    ]
    assert rules[0].slug == "ежемесячный-отчет-директору"  # norm folds ё to е
    assert all(len(t) <= 31 for t in titles)


def test_rules_with_the_same_name_get_numbered_titles_and_slugs():
    rules = rules_of([["Weekly [internal] report for the whole marketing team", "week", "A", "B",
                       "C"]] * 2 + [["", "week", "A", "B", "C"]])  # fmt: skip
    titles = [r.title("2026-W48") for r in rules]
    assert titles == [
        "Weekly internal… 2026-W48",
        "Weekly internal… (2) 2026-W48",
        "Weekly report 2026-W48",
    ]
    assert all(len(t) <= 31 for t in titles)
    assert len({r.slug for r in rules}) == 3


# -- schedule and periods -------------------------------------------------------------------
def test_periods_follow_iso_weeks_months_and_quarters():
    assert periods.containing("week", D(2026, 11, 27)) == periods.Period(
        D(2026, 11, 23), D(2026, 11, 29), "week", "2026-W48"
    )
    # 1 Jan 2027 is a Friday: it belongs to week 53 of 2026 (2026 began on a Thursday).
    assert periods.containing("week", D(2027, 1, 1)).code == "2026-W53"
    assert periods.containing("month", D(2028, 2, 10)).end == D(2028, 2, 29)
    assert periods.containing("quarter", D(2026, 11, 27)).start == D(2026, 10, 1)
    assert periods.parse("2026-Q4").end == D(2026, 12, 31)
    assert periods.parse("2026-W54") is None and periods.parse("Sheet1") is None


def test_schedule_does_not_create_past_reports_except_on_rebuild():
    rule = rules_of([["Weekly", "week", "A", "B", "C"]])[0]
    owned = {}
    plan = schedule_reports([rule], owned, D(2026, 11, 27), 4, plan_start=D(2026, 11, 10))
    assert [(j.period.code, j.final) for j in plan.write] == [("2026-W48", False)]
    rebuilt = schedule_reports(
        [rule], owned, D(2026, 11, 27), 4, rebuild=True, plan_start=D(2026, 11, 10)
    )
    # Retention 4 would reach back to W45 (2–8 Nov), which ended before the plan began.
    assert [(j.period.code, j.final, j.as_of) for j in rebuilt.write] == [
        ("2026-W46", True, D(2026, 11, 15)),
        ("2026-W47", True, D(2026, 11, 22)),
        ("2026-W48", False, D(2026, 11, 27)),
    ]


def test_schedule_keeps_final_tabs_and_orphans_and_deletes_beyond_retention():
    rule = rules_of([["Weekly", "week", "A", "B", "C"]])[0]
    owned = {
        "report:weekly:2026-W45": OwnedTab("W45", "report:weekly:2026-W45", "d", True),
        "report:weekly:2026-W46": OwnedTab("W46", "report:weekly:2026-W46", "d", True),
        "report:weekly:2026-W47": OwnedTab("W47", "report:weekly:2026-W47", "d", False),
        "report:gone:2026-W40": OwnedTab("Old", "report:gone:2026-W40", "d", False),
        "kpi-status": OwnedTab("KPI Status", "kpi-status", "d"),
    }
    plan = schedule_reports([rule], owned, D(2026, 11, 27), 3)
    assert plan.delete == ["W45"]
    assert [(j.period.code, j.final) for j in plan.write] == [
        ("2026-W47", True),  # ended 22 Nov, not final yet: written once more
        ("2026-W48", False),
    ]
    assert sorted(plan.keep) == ["report:gone:2026-W40", "report:weekly:2026-W46"]


# -- the model and the tab template's structure ---------------------------------------------
def test_model_change_of_the_checklist_score_and_spend_in_the_period():
    results = results_for(
        {
            "Goals": GOALS,
            "Actuals": ACTUALS,
            "Activities": ACTIVITIES,
            "Spend": SPEND,
            "Reporting": REPORTING,
        },
        "2026-10-21",
    )
    # 3 of 4 items passed: 0.75, against 0.5 in the previous report's record.
    items = [Item(f"i{n}", "goals", n < 3, "evidence", "question?") for n in range(4)]
    results = dataclasses.replace(results, checklist=Checklist("en", items, {"goals": "Goals"}))
    rule = reporting_rules(results.plan)[0]
    period = periods.containing("week", D(2026, 10, 21))  # 19–25 Oct
    previous = Snapshot(D(2026, 10, 18), {"G1": {"current": 10.0, "progress": 0.1}}, 0.5)
    model = build_report(results, rule, period, key="k", title="t", final=False,
                         generated=D(2026, 10, 21), previous=previous)  # fmt: skip
    assert model.checklist.change == pytest.approx(0.25)
    assert model.checklist.sections == (("Goals", 0.75),)
    g1 = model.kpis[0]
    assert (g1.current, g1.change) == (15.0, 5.0)  # 4+6+5 by 21 Oct, 10 before
    assert g1.change_progress == pytest.approx(0.05)
    assert model.kpis[1].change is None  # G2 had no figure recorded
    # 19–21 Oct: A1 20 (20 Oct), A2 30 (20 Oct). Neither is over budget or overspending, so
    # the larger spender in the period comes first.
    assert model.spend.in_period == 50
    assert [(a.id, a.spent_in_period) for a in model.spend.activities] == [("A2", 30), ("A1", 20)]
    assert (model.spend.activities_omitted, model.spend.omitted_note) == (0, None)


def test_tab_text_becomes_rows_cells_and_a_chart():
    text = "\n".join(
        [
            json.dumps([{"v": "Title", "bold": True, "size": 14, "fill": "title"}]),
            "a plain line, | with [brackets]",
            "",
            json.dumps([{"v": "ID", "fill": "header"}, {"v": "Progress", "fill": "header"}]),
            json.dumps(["G1", {"v": 0.5, "fmt": "percent", "fill": "nonsense"}]),
            json.dumps(["G2", {"v": "2026-11-27", "fmt": "date"}, "=1+1"]),
            json.dumps(
                {"chart": {"kind": "column", "title": "P", "x": 0, "series": [1], "rows": 2}}
            ),
        ]
    )
    tab = parse_tab(text, "report:x:2026-W48", "X", final=True)
    assert tab.final and tab.title == "X"
    assert tab.rows[1][0].value == "a plain line, | with [brackets]"
    assert tab.rows[2] == []
    assert tab.rows[4][1].fmt == "percent" and tab.rows[4][1].fill is None
    assert tab.rows[5][1].value == D(2026, 11, 27)
    assert tab.rows[5][2].value == "=1+1"  # written as text by the backend, never a formula
    (chart,) = tab.charts
    assert (chart.header_row, chart.first_row, chart.last_row) == (3, 4, 5)


def test_a_current_reports_mark_ignores_the_days_it_shows_but_not_its_templates(tmp_path):
    results = results_for(
        {"Goals": GOALS, "Actuals": ACTUALS, "Reporting": REPORTING}, "2026-10-21"
    )
    rule = reporting_rules(results.plan)[0]
    period = periods.containing("week", D(2026, 10, 21))

    def model(generated: dt.date, results=results):
        return build_report(results, rule, period, key="k", title="t", final=False,
                            generated=generated, previous=None)  # fmt: skip

    built_in = Templates(None, "en", "USD")
    same = undated_digest(model(D(2026, 10, 21)), built_in)
    assert undated_digest(model(D(2026, 10, 22)), built_in) == same
    later = results_for({"Goals": GOALS, "Actuals": ACTUALS, "Reporting": REPORTING}, "2026-10-22")
    assert undated_digest(model(D(2026, 10, 22), later), built_in) != same  # expected moved
    (tmp_path / "report.tab.j2").write_text("{{ row(report.title) }}", encoding="utf-8")
    ours = Templates(tmp_path, "en", "USD")
    assert undated_digest(model(D(2026, 10, 21)), ours) != same


def test_the_wheel_carries_the_report_templates(tmp_path):
    """`templates/` is installed as `sheetsync.templates`: a plain (non-editable) install works."""
    import subprocess
    import sys
    import zipfile
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(root)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("sheetsync-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for lang in ("en", "ru"):
        for name in ("report.tab.j2", "report.md.j2", "report.html.j2"):
            assert f"sheetsync/templates/{lang}/{name}" in names
    assert "sheetsync/templates/report.css" in names


def test_a_report_lists_every_critical_alert_then_caps_the_rest():
    """33 unowned, non-target activities make 66 warnings; one over-budget is critical."""
    activities = [ACTIVITIES[0]] + [
        [f"X{n:02d}", f"Side project {n}", None, "IT", None, "2026-10-01", "2026-12-31",
         "active", 10, None, None]
        for n in range(33)
    ]  # fmt: skip
    spend = [*SPEND, ["2026-10-20", "X00", 500, None, None]]  # 500 of a 10 budget
    results = results_for(
        {"Goals": GOALS, "Activities": activities, "Spend": spend, "Reporting": REPORTING},
        "2026-10-21",
    )
    rule = reporting_rules(results.plan)[0]
    period = periods.containing("week", D(2026, 10, 21))
    model = build_report(results, rule, period, key="k", title="t", final=False,
                         generated=D(2026, 10, 21), previous=None)  # fmt: skip
    total = len(results.alerts)
    critical = sum(a.severity == "critical" for a in results.alerts)
    assert critical >= 1 and total > 30
    assert len(model.alerts) == 30
    assert sum(a.severity == "critical" for a in model.alerts) == critical
    assert model.alerts_omitted == total - 30
    text = Templates(None, "en", "USD").render(
        "report.md.j2", reports=[model], plan_name="p", generated=D(2026, 10, 21)
    )
    assert f"… and {total - 30} more on the Alerts tab." in text


# -- capped lists: the Spend table and the decisions ----------------------------------------
def _cap_plan(lang: str = "en"):
    """34 active activities X00…X33, budget 100 each, 19–28 Oct (10 days); on Fri 23 Oct half
    has elapsed, so each is expected to have spent 50. On Tue 20 Oct each spends 10 + n,
    except X02 60 and X11 70 (overspending: more than 1.1 × 50), X05 130 and X07 160 (over
    their budget of 100); X25 also spent 5 on 18 Oct, before the week of 19–25 Oct."""
    activities = [ACTIVITIES[0]] + [
        [f"X{n:02d}", f"Campaign {n}", "G1", "Ads", "Cy", "2026-10-19", "2026-10-28",
         "active", 100, None, None]
        for n in range(34)
    ]  # fmt: skip
    special = {2: 60, 5: 130, 7: 160, 11: 70}
    spend = [SPEND[0], ["2026-10-18", "X25", 5, None, None]] + [
        ["2026-10-20", f"X{n:02d}", special.get(n, 10 + n), None, None] for n in range(34)
    ]
    tabs = {"Goals": GOALS, "Activities": activities, "Spend": spend, "Reporting": REPORTING}
    if lang == "ru":
        tabs["Settings"] = [["Setting", "Value"], ["Language", "ru"]]
    results = results_for(tabs, "2026-10-23")
    rule = reporting_rules(results.plan)[0]
    period = periods.containing("week", D(2026, 10, 23))
    return build_report(results, rule, period, key="k", title="t", final=False,
                        generated=D(2026, 10, 23), previous=None)  # fmt: skip


def test_the_spend_table_shows_30_activities_those_needing_attention_first():
    model = _cap_plan()
    shown = [(a.id, a.status, a.spent_in_period) for a in model.spend.activities]
    # Over budget, the furthest past it first (X07 60 over, X05 30), then overspending by how
    # far past the 50 expected (X11 20, X02 10); then the largest spenders in the week: 43
    # (X33) down to 16 (X06). X25 spent 35 in the week (40 to date): it ranks by its 35.
    assert shown[:4] == [
        ("X07", "over-budget", 160),
        ("X05", "over-budget", 130),
        ("X11", "overspending", 70),
        ("X02", "overspending", 60),
    ]
    rest = [a for a, _, _ in shown[4:]]
    assert rest == [f"X{n:02d}" for n in [*range(33, 11, -1), 10, 9, 8, 6]]
    assert [s for a, _, s in shown if a in ("X26", "X25", "X24")] == [36, 35, 34]
    # Left out: X04 14, X03 13, X01 11, X00 10 — 4 activities, 48 in the week.
    assert (len(shown), model.spend.activities_omitted) == (30, 4)
    assert model.spend.omitted_in_period == 48
    line = "… and 4 more activities ($48.00 spent in the period): see the Budget Control tab."
    assert model.spend.omitted_note == line
    tab = render_report_tab(model, Templates(None, "en", "USD"))
    texts = [r[0].value for r in tab.rows if r]
    at = texts.index(line)
    assert texts[at - 30 : at] == ["X07", "X05", "X11", "X02", *rest]  # the table, then the line
    for fmt in ("md", "html"):
        text = Templates(None, "en", "USD").render(
            f"report.{fmt}.j2", reports=[model], plan_name="p", generated=D(2026, 10, 23)
        )
        assert line in text


def test_the_spend_tables_last_line_in_russian():
    model = _cap_plan("ru")
    line = "… и ещё 4 активности (за период потрачено $48,00): см. вкладку «Контроль бюджета»."
    assert model.spend.omitted_note == line
    engine = Templates(None, "ru", "USD")
    assert [line] in [[c.value for c in r] for r in render_report_tab(model, engine).rows]
    for fmt in ("md", "html"):
        text = engine.render(
            f"report.{fmt}.j2", reports=[model], plan_name="p", generated=D(2026, 10, 23)
        )
        assert line in text


def _decisions_plan(lang: str = "en"):
    """33 activities X00…X32 that serve no goal (33 decisions, none critical); X00 also
    spent 500 of its budget of 10 (over budget: a critical decision)."""
    activities = [ACTIVITIES[0]] + [
        [f"X{n:02d}", f"Side project {n}", None, "IT", None, "2026-10-01", "2026-12-31",
         "active", 10, None, None]
        for n in range(33)
    ]  # fmt: skip
    spend = [SPEND[0], ["2026-10-20", "X00", 500, None, None]]
    tabs = {"Goals": GOALS, "Activities": activities, "Spend": spend, "Reporting": REPORTING}
    if lang == "ru":
        tabs["Settings"] = [["Setting", "Value"], ["Language", "ru"]]
    results = results_for(tabs, "2026-10-21")
    rule = reporting_rules(results.plan)[0]
    period = periods.containing("week", D(2026, 10, 21))
    return build_report(results, rule, period, key="k", title="t", final=False,
                        generated=D(2026, 10, 21), previous=None)  # fmt: skip


def test_a_report_lists_every_critical_decision_then_30_in_all():
    model = _decisions_plan()
    kinds = [(d.kind, d.subject) for d in model.decisions]
    # The over-budget X00 first, then 29 of the 33 activities serving no goal, in order.
    assert kinds == [("over-budget", "X00")] + [
        ("non-target-activity", f"X{n:02d}") for n in range(29)
    ]
    assert model.decisions_omitted == 4
    line = "… and 4 more decisions of lower urgency: see the Alerts tab."
    assert model.decisions_note == line
    engine = Templates(None, "en", "USD")
    rows = [[c.value for c in r] for r in render_report_tab(model, engine).rows]
    at = rows.index([line])
    assert rows[at - 1][0] == "X28" and rows[at - 30][0] == "X00"
    for fmt in ("md", "html"):
        text = engine.render(
            f"report.{fmt}.j2", reports=[model], plan_name="p", generated=D(2026, 10, 21)
        )
        assert line in text
    ru = _decisions_plan("ru")
    assert ru.decisions_note == ("… и ещё 4 менее срочных решения: см. вкладку «Предупреждения».")


def test_critical_decisions_are_kept_beyond_the_cap(monkeypatch):
    import sheetsync.reports.model as report_model

    monkeypatch.setattr(report_model, "REPORT_DECISIONS", 0)
    model = _decisions_plan()
    assert [d.kind for d in model.decisions] == ["over-budget"]
    assert model.decisions_omitted == 33


def test_counted_nouns_and_tab_lists_in_both_languages():
    from sheetsync.i18n import counted, see_tabs

    assert [counted("en", n, "activity") for n in (1, 2)] == ["activity", "activities"]
    assert [counted("ru", n, "activity") for n in (1, 2, 5, 11, 12, 21, 22, 25, 111)] == [
        "активность", "активности", "активностей", "активностей", "активностей",
        "активность", "активности", "активностей", "активностей",
    ]  # fmt: skip
    assert see_tabs("en", ["Alerts"]) == "the Alerts tab"
    assert see_tabs("en", ["KPI Status", "Budget Control", "Alerts"]) == (
        "the KPI Status, Budget Control and Alerts tabs"
    )
    assert see_tabs("ru", ["Статус KPI", "Предупреждения"]) == (
        "вкладки «Статус KPI» и «Предупреждения»"
    )


def test_cells_made_by_the_helpers_are_the_cells_their_json_lines_describe(tmp_path):
    """row() and cell() build Cells directly; each must be the very Cell the JSON form of the
    same row (still accepted on any line) decodes to, whatever a template passes them."""
    import math

    import numpy as np
    import pandas as pd

    from sheetsync.reports.templates import _json_value, _spec

    values = ["text", "", "2026-11-27", "=1+1", None, 0, 7, True, False, 1.5, -0.0,
              math.nan, math.inf, D(2026, 11, 27), dt.datetime(2026, 11, 27, 13, 5),
              np.float64(2.5), np.int64(3), pd.Timestamp("2026-11-27"), ("a", 1)]  # fmt: skip
    styles = [{}, {"fmt": "percent"}, {"fmt": "money:EUR"}, {"fmt": "date"}, {"fmt": "bogus"},
              {"fmt": ""}, {"fill": "red"}, {"fill": "nonsense"}, {"bold": True, "wrap": 1},
              {"size": 14}, {"size": 0}, {"size": "big"},
              {"fmt": ["x"], "fill": ["y"]}]  # fmt: skip
    cases = [{"v": v, **style} for v in values for style in styles]
    (tmp_path / "report.tab.j2").write_text(
        "{% for c in cases %}{{ row(cell(c.v, fmt=c.fmt, fill=c.fill, bold=c.bold, "
        "size=c.size, wrap=c.wrap), c.v) }}\n{% endfor %}",
        encoding="utf-8",
    )
    full = [
        {"fmt": None, "fill": None, "bold": False, "size": None, "wrap": False, **c} for c in cases
    ]
    tab = Templates(tmp_path, "en", "USD").render_tab("report.tab.j2", "k", "t", False, cases=full)
    specs = [_spec(c["v"], c["fmt"], c["fill"], c["bold"], c["size"], c["wrap"]) for c in full]
    lines = [json.dumps([s, _json_value(c["v"])]) for s, c in zip(specs, full, strict=True)]
    expected = parse_tab("\n".join(lines), "k", "t", False)
    assert len(tab.rows) == len(cases) == len(expected.rows)
    for got, want, case in zip(tab.rows, expected.rows, cases, strict=True):
        assert repr(got) == repr(want), case


def test_each_report_has_its_own_mark_and_keeps_it():
    weekly, other = _cap_plan(), _decisions_plan()
    engine = Templates(None, "en", "USD")
    marks = [undated_digest(m, engine) for m in (weekly, other, weekly)]
    assert marks[0] == marks[2]
    assert marks[0] != marks[1]


def test_report_lines_are_whole_dataclasses():
    """Report lines are frozen dataclasses with every field, equal to the line their
    __init__ makes from the same fields."""
    import dataclasses

    for model in (_cap_plan(), _decisions_plan()):
        lines = [*model.kpis, *model.alerts, *model.decisions, *model.spend.activities]
        assert {type(line).__name__ for line in lines} == {
            "KpiLine", "AlertLine", "Decision", "ActivityLine"
        }  # fmt: skip
        for line in lines:
            names = {f.name for f in dataclasses.fields(line)}
            assert set(vars(line)) == names
            made = type(line)(**vars(line))
            assert made == line and hash(made) == hash(line) and repr(made) == repr(line)
            with pytest.raises(dataclasses.FrozenInstanceError):
                line.owner = "someone else"  # type: ignore[misc]


# The four table loops of report.tab.j2 before rows() (en): a team's own template may still
# write them this way, and rows() must place the very same cells.
_LOOPS = """\
{% set r = report %}
{% for k in r.kpis %}
{{ row(cell(k.id, bold=true), k.goal, k.owner, cell(k.current, fmt=k.fmt), cell(k.change, fmt=k.fmt), cell(k.target, fmt=k.fmt), cell(k.progress, fmt="percent"), cell(k.expected, fmt="percent"), cell(k.status_word, fill=k.colour, bold=true)) }}
{% endfor %}
{% for a in r.spend.activities %}
{{ row(cell(a.id, bold=true), a.activity, a.owner, cell(a.planned, fmt=money_fmt), cell(a.spent_in_period, fmt=money_fmt), cell(a.spent, fmt=money_fmt), cell(a.expected_to_date, fmt=money_fmt), cell(a.status_word, fill=a.colour if a.status else none)) }}
{% endfor %}
{% for d in r.decisions %}
{{ row(cell(d.subject, bold=true, fill=d.colour), cell(d.text, wrap=true), d.owner or "no owner") }}
{% endfor %}
{% for a in r.alerts %}
{{ row(a.subject, cell(a.message, wrap=true), a.owner, cell(a.severity_word, fill=a.colour, bold=true)) }}
{% endfor %}
"""  # noqa: E501
_ROWS = """\
{% set r = report %}
{{ rows("kpis", r.kpis) }}
{{ rows("activities", r.spend.activities) }}
{{ rows("decisions", r.decisions, no_owner="no owner") }}
{{ rows("alerts", r.alerts) }}
"""


@pytest.mark.parametrize("plan", ["cap", "decisions"])
def test_rows_places_the_cells_the_per_line_rows_made(plan, tmp_path):
    model = _cap_plan() if plan == "cap" else _decisions_plan()
    tabs = {}
    for name, text in (("loops", _LOOPS), ("rows", _ROWS)):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "report.tab.j2").write_text(text, encoding="utf-8")
        tabs[name] = render_report_tab(model, Templates(folder, "en", "EUR"))
    expected = len(model.kpis) + len(model.spend.activities)
    expected += len(model.decisions) + len(model.alerts)
    assert len(tabs["rows"].rows) == expected
    assert repr(tabs["rows"].rows) == repr(tabs["loops"].rows)
    texts = {c.value for r in tabs["rows"].rows for c in r}
    assert ("no owner" in texts) == (plan == "decisions")  # X00… have no owner there
    # Rendered again (the cells of the run's lines are reused): the same rows once more.
    again = render_report_tab(model, Templates(tmp_path / "rows", "en", "EUR"))
    assert repr(again.rows) == repr(tabs["rows"].rows)


def test_rows_of_no_lines_is_no_row_and_other_objects_are_refused(tmp_path):
    (tmp_path / "report.tab.j2").write_text(
        'a\n{{ rows("alerts", []) }}\n{{ row() }}\nb\n', encoding="utf-8"
    )
    tab = Templates(tmp_path, "en", "USD").render_tab("report.tab.j2", "k", "t", False)
    assert [[c.value for c in r] for r in tab.rows] == [["a"], [], ["b"]]
    bad_calls = ('{{ rows("alerts", [{"subject": "x"}]) }}', '{{ rows("goals", []) }}',
                 '{{ rows("alerts", 3) }}')  # fmt: skip
    for bad in bad_calls:
        (tmp_path / "report.tab.j2").write_text(bad, encoding="utf-8")
        with pytest.raises(UsageError):
            Templates(tmp_path, "en", "USD").render_tab("report.tab.j2", "k", "t", False)

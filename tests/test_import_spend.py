"""`sheetsync import` end to end, on both backends: the sample exports of every platform land
on the Imported spend tab, count as their activities' spend, re-import without doubling,
and reconcile against the typed Spend tab (unknown-campaign, spend-mismatch)."""

from __future__ import annotations

import json

import pytest

from sheetsync import import_spend
from sheetsync.cli import main
from sheetsync.history import History
from sheetsync.importer import ImportFailed
from sheetsync.sync import run
from tests import exports
from tests.exports import IMPORTED_BY_HAND, TODAY, UNMAPPED_BY_HAND
from tests.handles import HANDLES, XlsxHandle

TAB = "Imported spend"


@pytest.fixture(autouse=True)
def in_tmp(tmp_path, monkeypatch):
    """import_spend keeps its history in ./.sheetsync, as sync does: here, the test's own."""
    monkeypatch.chdir(tmp_path)


@pytest.fixture(params=sorted(HANDLES))
def workbook(request, tmp_path):
    return HANDLES[request.param](tmp_path, exports.plan_tabs())


def all_exports(folder):
    return [
        exports.google_ads_utf16(folder / "google.csv"),
        exports.meta_csv(folder / "meta.csv"),
        exports.yandex_web_cp1251(folder / "yandex.csv"),
        exports.yandex_api_tsv(folder / "direct.tsv"),
        exports.vk_xlsx(folder / "vk.xlsx"),
    ]


def by_activity(result) -> dict:
    acts = result.run.results.activities if hasattr(result, "run") else result.results.activities
    return {
        a: (spent, typed, imported)
        for a, spent, typed, imported in zip(
            acts["id"], acts["spent"], acts["typed_spent"], acts["imported_spent"], strict=True
        )
    }


def test_every_platform_imported_counts_as_its_activitys_spend(workbook, tmp_path):
    result = import_spend(workbook.backend(), all_exports(tmp_path), today=TODAY)
    figures = by_activity(result)
    for activity, total in IMPORTED_BY_HAND.items():
        spent, _, imported = figures[activity]
        assert imported == pytest.approx(total)
        # Activities with Campaigns count imported spend (the default Spend source) ...
        assert spent == pytest.approx(total)
    # ... the rest typed spend, and Budget Control shows both side by side.
    assert figures["A6"][0] == 700 and figures["A1"][1] == 3000
    budget = result.run.results.budget
    assert budget.spent == pytest.approx(
        sum(IMPORTED_BY_HAND.values()) + sum(UNMAPPED_BY_HAND.values()) + 700
    )
    stored = workbook.values(TAB)
    assert stored[1][:7] == [
        "Date", "Platform", "Account", "Campaign", "Campaign ID", "Activity", "Cost",
    ]  # fmt: skip
    # One row per date × platform × campaign: 4 Google, 3 Meta, 2 + 2 Yandex, 2 VK.
    assert len(stored) - 2 == 13
    assert sum(row[6] for row in stored[2:]) == pytest.approx(
        sum(IMPORTED_BY_HAND.values()) + sum(UNMAPPED_BY_HAND.values())
    )
    control = workbook.values("Budget Control")
    header = control[2]
    assert "Typed spend" in header and "Imported spend" in header
    a1 = next(row for row in control if row and row[0] == "A1")
    assert a1[header.index("Imported spend")] == pytest.approx(IMPORTED_BY_HAND["A1"])
    assert a1[header.index("Typed spend")] == 3000


def test_unknown_campaign_and_spend_mismatch_alerts(workbook, tmp_path):
    result = import_spend(workbook.backend(), all_exports(tmp_path), today=TODAY)
    alerts = {a.code: a for a in result.run.results.alerts if a.code in (
        "unknown-campaign", "spend-mismatch")}  # fmt: skip
    unknown = alerts["unknown-campaign"]
    assert unknown.severity == "critical" and unknown.subject == "Lookalike test"
    assert "99.99" in unknown.message and "2026-11-03" in unknown.message
    assert unknown.cell.startswith(f"'{TAB}'!G")
    mismatches = [a for a in result.run.results.alerts if a.code == "spend-mismatch"]
    # A2: 500.00 typed against 750.25 imported in week 2026-W45 (250.25 apart, over 5 %);
    # A1: 3,000.00 against 3,000.50 is within 5 %, so no alert.
    assert [a.subject for a in mismatches] == ["A2 2026-W45"]
    assert "500.00" in mismatches[0].message and "750.25" in mismatches[0].message
    assert "250.25" in mismatches[0].message
    rows = workbook.values("Alerts")
    assert any("Lookalike test" in str(cell) for row in rows for cell in row)


def test_the_same_file_imported_again_gives_identical_tabs(workbook, tmp_path):
    files = all_exports(tmp_path)
    history = History(tmp_path / "state")
    import_spend(workbook.backend(), files, today=TODAY, history=history)
    before = {t: workbook.values(t) for t in workbook.titles()}
    backend = workbook.backend()
    again = import_spend(backend, files, today=TODAY, history=history)
    assert again.summary.replaced == 13
    assert again.run.tabs_written == [] and backend.calls.write == 0
    assert {t: workbook.values(t) for t in workbook.titles()} == before
    # And a plain sync reads the tab back as the store: nothing changes either.
    assert run(workbook.backend(), today=TODAY, history=history).tabs_written == []


def test_an_overlapping_reimport_replaces_the_restated_days(workbook, tmp_path):
    import_spend(workbook.backend(), [exports.google_ads_utf16(tmp_path / "g1.csv")], today=TODAY)
    restated = exports.google_ads_utf16(
        tmp_path / "g2.csv",
        [("2026-11-03", "Brand search - exact", "111", "RUB", "1,100.00", "31", "810", "1.00")],
    )
    result = import_spend(workbook.backend(), [restated], today=TODAY)
    # The restated campaign's 2026-11-03 row; 2026-11-02 and the other campaigns stay.
    assert result.summary.replaced == 1
    stored = workbook.values(TAB)[2:]
    assert [(r[3], r[6], r[10]) for r in stored] == [
        ("Brand search - exact", 1200.50, "g1.csv"),
        ("Landing search", 800.00, "g1.csv"),
        ("Brand search - broad", 0.0, "g1.csv"),
        ("Brand search - exact", 1100.00, "g2.csv"),
    ]
    assert by_activity(result)["A1"][2] == pytest.approx(1200.50 + 800.00 + 1100.00)


def test_a_failed_file_imports_nothing(workbook, tmp_path):
    before = workbook.fingerprint()
    files = [
        exports.google_ads_utf16(tmp_path / "google.csv"),
        exports.yandex_api_tsv(tmp_path / "direct.tsv", total_rows=5),
    ]
    with pytest.raises(ImportFailed) as caught:
        import_spend(workbook.backend(), files, today=TODAY)
    assert caught.value.message.startswith("direct.tsv, line 5: ")
    assert "Nothing was imported" in caught.value.message
    assert workbook.fingerprint() == before
    assert TAB not in workbook.titles()


def test_a_currency_other_than_the_plans_is_refused(workbook, tmp_path):
    path = tmp_path / "meta.csv"
    path.write_text(
        "Reporting starts,Reporting ends,Campaign name,Amount spent (USD)\n"
        "2026-11-02,2026-11-02,Autumn promo,100\n",
        encoding="utf-8",
    )
    with pytest.raises(
        ImportFailed, match=r"meta.csv, line 2: costs are in USD, the plan is in RUB"
    ):
        import_spend(workbook.backend(), [path], today=TODAY)


def test_a_campaign_two_activities_claim_is_a_problem_naming_both_cells(tmp_path):
    tabs = exports.plan_tabs()
    tabs["Activities"][2][-1] = "Autumn promo, Brand search - exact"  # A2 claims A1's too
    handle = XlsxHandle(tmp_path, tabs)
    result = import_spend(
        handle.backend(), [exports.google_ads_utf16(tmp_path / "google.csv")], today=TODAY
    )
    problems = [p for p in result.problems if p.key == "campaign_two_activities"]
    assert [p.cell for p in problems] == ["Activities!I3"]
    assert "Activities!I2" in problems[0].message
    assert "Brand search - exact" in problems[0].message
    # Claimed twice, it counts for neither: A1 keeps only what it alone claims.
    assert by_activity(result)["A1"][2] == pytest.approx(800.00)
    # A plain sync reading the tab back finds the same problem.
    again = run(handle.backend(), today=TODAY)
    assert [p.cell for p in again.problems if p.key == "campaign_two_activities"] == [
        "Activities!I3"
    ]


def test_spend_source_typed_leaves_imported_spend_out_of_the_rules(tmp_path):
    tabs = exports.plan_tabs()
    tabs["Settings"].append(["Spend source", "typed"])
    handle = XlsxHandle(tmp_path, tabs)
    result = import_spend(handle.backend(), all_exports(tmp_path), today=TODAY)
    figures = by_activity(result)
    assert figures["A1"][0] == 3000 and figures["A2"][0] == 500 and figures["A3"][0] == 0
    assert figures["A3"][2] == pytest.approx(IMPORTED_BY_HAND["A3"])
    assert result.run.results.budget.spent == 4200


def test_spend_source_both_adds_them(tmp_path):
    tabs = exports.plan_tabs()
    tabs["Settings"].append(["Источник расходов", "оба"])
    handle = XlsxHandle(tmp_path, tabs)
    result = import_spend(handle.backend(), all_exports(tmp_path), today=TODAY)
    assert by_activity(result)["A1"][0] == pytest.approx(3000 + IMPORTED_BY_HAND["A1"])


def test_spend_after_end_fires_on_a_campaign_left_running(tmp_path):
    tabs = exports.plan_tabs()
    tabs["Activities"][5][5] = "2026-11-02"  # A5 (VK) ended on 2 November
    handle = XlsxHandle(tmp_path, tabs)
    result = import_spend(handle.backend(), [exports.vk_xlsx(tmp_path / "vk.xlsx")], today=TODAY)
    late = [a for a in result.run.results.alerts if a.code == "spend-after-end"]
    assert [a.subject for a in late] == ["A5"]
    assert "180.00" in late[0].message  # 2026-11-03's cost, after the End
    assert late[0].cell == f"'{TAB}'!A4"


def test_cli_import_json(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    handle = XlsxHandle(tmp_path, exports.plan_tabs())
    files = [str(p) for p in all_exports(tmp_path)]
    code = main(["import", "-w", str(handle.path), "--today", "2026-11-27", "--json", *files])
    assert code == 0
    full = json.loads(capsys.readouterr().out)
    data = full["import"]
    assert data["mapped"] == 12 and data["unmapped"] == 1 and data["replaced"] == 0
    assert [f["platform"] for f in data["files"]] == [
        "Google Ads", "Meta Ads", "Yandex Direct", "Yandex Direct", "VK Ads",
    ]  # fmt: skip
    a3 = next(a for a in full["activities"] if a["id"] == "A3")
    assert a3["imported_spent"] == 2000 and a3["typed_spent"] == 0
    lookalike = next(c for c in data["campaigns"] if c["campaign"] == "Lookalike test")
    assert lookalike == {
        "platform": "Meta Ads", "campaign": "Lookalike test", "rows": 1, "cost": 99.99,
        "activity": None,
    }  # fmt: skip
    code = main(["import", "-w", str(handle.path), "--today", "2026-11-27", str(tmp_path / "x")])
    assert code == 2
    assert "x: there is no such file. Nothing was imported." in capsys.readouterr().err


def test_typed_spend_outside_the_imported_days_still_counts(tmp_path):
    tabs = exports.plan_tabs()
    # Typed before the imports begin (2026-11-02): nothing imported covers it, so it counts.
    tabs["Spend"].append(["2026-10-20", "A1", 100, 1, "October, typed"])
    handle = XlsxHandle(tmp_path, tabs)
    result = import_spend(handle.backend(), all_exports(tmp_path), today=TODAY)
    spent, typed, imported = by_activity(result)["A1"]
    assert typed == 3100 and imported == pytest.approx(IMPORTED_BY_HAND["A1"])
    assert spent == pytest.approx(100 + IMPORTED_BY_HAND["A1"])


def test_the_demo_plan_maps_its_campaigns(tmp_path):
    from sheetsync.example import example_tabs

    handle = XlsxHandle(tmp_path, example_tabs(TODAY, "en"))
    before = run(handle.backend(), today=TODAY)
    activities = before.results.plan.activities.df.set_index("id")["campaigns"]
    assert activities["A5"] == ("Landing search*", "8841200")
    assert activities["A6"] == ("Landing social*",)
    # Nothing imported yet: Budget Control shows no imported column, spend is all typed.
    assert before.results.activities["imported_spent"].isna().all()


def test_a_persons_tab_named_imported_spend_stops_the_import(tmp_path):
    tabs = exports.plan_tabs()
    tabs["Imported Spend"] = [["my own notes"]]
    handle = XlsxHandle(tmp_path, tabs)
    before = handle.fingerprint()
    with pytest.raises(ImportFailed, match='A tab "Imported Spend" already exists'):
        import_spend(handle.backend(), all_exports(tmp_path), today=TODAY)
    assert handle.fingerprint() == before


def test_dry_run_writes_nothing(workbook, tmp_path):
    before = workbook.fingerprint()
    result = import_spend(workbook.backend(), all_exports(tmp_path), today=TODAY, dry_run=True)
    assert TAB in result.run.tabs_written and "Budget Control" in result.run.tabs_written
    assert workbook.fingerprint() == before


def test_an_unknown_campaign_is_mailed_to_the_controller_by_the_import(
    tmp_path, monkeypatch, capsys
):
    from tests.smtp_server import SmtpServer
    from tests.test_notify import configure, make_plan

    server = SmtpServer().start()
    try:
        make_plan(tmp_path)
        configure(tmp_path, server.url)
        assert main(["sync", "--today", "2026-11-20"]) == 0
        server.mailbox.take()
        export = exports.google_ads_utf16(
            tmp_path / "google.csv",
            [("2026-11-19", "Black Friday test", "799", "USD", "4.00", "3", "90", "0.00")],
        )
        assert main(["import", "--today", "2026-11-20", str(export)]) == 0
        mails = server.mailbox.take()
    finally:
        server.stop()
    maria = next(m for m in mails if m.to == "maria@example.com")
    assert 'Google Ads campaign "Black Friday test" spent $4.00' in maria.part("plain")


def test_a_reimport_with_an_account_column_replaces_rows_stored_without_one(tmp_path):
    handle = XlsxHandle(tmp_path, exports.plan_tabs())
    import_spend(handle.backend(), [exports.google_ads_utf16(tmp_path / "g1.csv")], today=TODAY)
    with_account = tmp_path / "g2.csv"
    with_account.write_text(
        "Account,Day,Campaign,Campaign ID,Cost\n"
        "Acme,2026-11-02,Brand search - exact,111,1200.50\n"
        "Acme,2026-11-02,Landing search,222,800.00\n",
        encoding="utf-8",
    )
    result = import_spend(handle.backend(), [with_account], today=TODAY)
    assert result.summary.replaced == 2
    assert by_activity(result)["A1"][2] == pytest.approx(IMPORTED_BY_HAND["A1"])

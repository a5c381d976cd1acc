"""The command line as a new user meets it: options anywhere, usage errors under --json,
the demo per language, refusals that say what to do, history and report as asked."""

from __future__ import annotations

import json

import openpyxl
import pytest

from sheetsync.cli import build_parser, main

TODAY = "2026-11-27"


@pytest.fixture(autouse=True)
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SHEETSYNC_WORKBOOK", raising=False)
    return tmp_path


def test_common_options_before_or_after_the_command_mean_the_same():
    parse = build_parser().parse_args
    before = parse(["-w", "plan.xlsx", "--json", "--quiet", "--today", TODAY, "check"])
    after = parse(["check", "-w", "plan.xlsx", "--json", "--quiet", "--today", TODAY])
    mixed = parse(["--json", "-w", "plan.xlsx", "check", "--quiet", "--today", TODAY])
    for args in (before, after, mixed):
        assert (args.workbook, args.json, args.quiet, str(args.today)) == (
            "plan.xlsx",
            True,
            True,
            TODAY,
        )
    # An option after the command wins over the same option before it.
    assert parse(["-w", "a.xlsx", "sync", "-w", "b.xlsx"]).workbook == "b.xlsx"
    # Defaults stay when nothing is given anywhere.
    plain = parse(["sync"])
    assert (plain.workbook, plain.json, plain.quiet, plain.today, plain.wait) == (
        None,
        False,
        False,
        None,
        0.0,
    )


def test_options_before_the_command_reach_the_run(in_tmp, capsys):
    assert main(["demo", "--today", TODAY]) == 0
    capsys.readouterr()
    assert main(["-w", "sheetsync-demo.xlsx", "--json", "--today", TODAY, "check"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["today"] == TODAY and data["workbook"] == "sheetsync-demo.xlsx"
    # --quiet before the command: only what needs attention (critical alerts), no KPI table.
    assert main(["-w", "sheetsync-demo.xlsx", "--quiet", "--today", TODAY, "sync"]) == 0
    out = capsys.readouterr().out
    assert "KPI status" not in out and "critical" in out and "warning " not in out


def test_usage_errors_answer_in_json_under_json(capsys):
    assert main(["sync", "--json", "--today", "2026-13-01"]) == 2
    captured = capsys.readouterr()
    error = json.loads(captured.out)["error"]
    assert error["exit_code"] == 2 and "2026-13-01" in error["message"]
    assert "usage: sheetsync sync" in captured.err
    assert main(["--json", "nosuchcommand"]) == 2
    assert json.loads(capsys.readouterr().out)["error"]["exit_code"] == 2


def test_check_takes_no_wait_and_every_page_has_a_description(capsys):
    assert main(["check", "--wait", "5"]) == 2
    assert "--wait" in capsys.readouterr().err
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # the parsers argparse made
    for name, command in commands.items():
        assert command.description, name
    assert "--wait" not in commands["check"].format_help()
    assert "language of the example plan" in commands["demo"].format_help()


def test_demo_in_russian_writes_its_own_file_beside_the_english_one(in_tmp, capsys):
    assert main(["demo", "--today", TODAY]) == 0
    capsys.readouterr()
    english = (in_tmp / "sheetsync-demo.xlsx").read_bytes()
    assert main(["demo", "--lang", "ru", "--today", TODAY]) == 0
    out = capsys.readouterr().out
    russian = in_tmp / "sheetsync-demo-ru.xlsx"
    assert f"Пример плана записан в {russian}" in out
    assert "Цели" in openpyxl.load_workbook(russian).sheetnames
    assert (in_tmp / "sheetsync-demo.xlsx").read_bytes() == english


def test_a_workbook_with_no_input_tab_is_refused_and_left_alone(in_tmp, capsys):
    assert main(["demo", "--today", TODAY]) == 0
    capsys.readouterr()
    # A copy holding only the outputs: the input tabs deleted by hand.
    book = openpyxl.load_workbook("sheetsync-demo.xlsx")
    inputs = ("Settings", "Team", "Goals", "Actuals", "Activities", "Spend", "Reporting")
    inputs += ("Checklist",)
    for title in inputs:
        if title in book.sheetnames:
            del book[title]
    book.save("outputs-only.xlsx")
    before = (in_tmp / "outputs-only.xlsx").read_bytes()
    assert main(["sync", "-w", "outputs-only.xlsx", "--today", TODAY, "--json"]) == 2
    error = json.loads(capsys.readouterr().out)["error"]
    assert "no input tab" in error["message"] and "Goals" in error["message"]
    assert (in_tmp / "outputs-only.xlsx").read_bytes() == before


def test_no_goals_tab_is_never_called_in_order(in_tmp, capsys):
    book = openpyxl.Workbook()
    book.active.title = "Team"
    book.active.append(["Person", "Role", "Email"])
    book.active.append(["Anna Lee", "Lead", "anna@example.com"])
    book.save("team-only.xlsx")
    assert main(["sync", "-w", "team-only.xlsx", "--today", TODAY]) == 0
    capsys.readouterr()
    alerts = openpyxl.load_workbook("team-only.xlsx")["Alerts"]
    texts = [c.value for row in alerts.iter_rows() for c in row if isinstance(c.value, str)]
    assert not any("in order" in t for t in texts)
    assert any("no Goals tab" in t for t in texts)


def test_history_says_what_is_wrong_and_exits_2(in_tmp, capsys):
    assert main(["history", "-w", "nosuch.xlsx"]) == 2
    assert "No workbook at nosuch.xlsx" in capsys.readouterr().err
    assert main(["demo", "--today", TODAY]) == 0
    capsys.readouterr()
    assert main(["history", "-w", "sheetsync-demo.xlsx", "--goal", "G9"]) == 2
    err = capsys.readouterr().err
    assert "No goal G9" in err and "G1, G2, G3, G4" in err


def test_history_shows_rates_as_percents_and_russian_decimals(in_tmp, capsys):
    assert main(["demo", "--today", TODAY]) == 0
    assert main(["history", "-w", "sheetsync-demo.xlsx", "--goal", "G2"]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.strip().startswith(TODAY))
    # The conversion goal: 2.2 % now, 3 % the target (never 0.022 / 0.03).
    assert "2.2%" in line and "3.0%" in line and "0.03" not in line
    assert main(["demo", "--lang", "ru", "--today", TODAY]) == 0
    assert main(["history", "-w", "sheetsync-demo-ru.xlsx", "--goal", "G2"]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.strip().startswith("27.11.2026"))
    assert "2,2\u00a0%" in line and "3,0\u00a0%" in line


def test_report_out_infers_the_format_from_the_extension(in_tmp, capsys):
    assert main(["demo", "--today", TODAY]) == 0
    capsys.readouterr()
    assert main(["report", "-w", "sheetsync-demo.xlsx", "--today", TODAY, "--out", "r.html"]) == 0
    assert "Wrote the html report to r.html" in capsys.readouterr().out
    assert (in_tmp / "r.html").read_text().lstrip().lower().startswith("<!doctype html")
    assert main(["report", "-w", "sheetsync-demo.xlsx", "--today", TODAY, "--out", "r.md"]) == 0
    assert (in_tmp / "r.md").read_text().startswith("#")
    assert main(["report", "-w", "sheetsync-demo.xlsx", "--out", "r.pdf"]) == 2
    assert "--format md or html" in capsys.readouterr().err


def test_a_stale_libreoffice_lock_is_named_stale_with_how_to_remove_it(in_tmp, capsys):
    import os
    import time

    assert main(["demo", "--today", TODAY]) == 0
    capsys.readouterr()
    lock = in_tmp / ".~lock.sheetsync-demo.xlsx#"
    lock.write_text(",Maria,laptop-of-maria,01.11.2026 10:00,file:///home/maria/.config;")
    old = time.time() - 3 * 86400
    os.utime(lock, (old, old))
    # A change to write, so the run reaches the lock check.
    assert main(["sync", "-w", "sheetsync-demo.xlsx", "--today", "2026-11-28"]) == 5
    err = capsys.readouterr().err
    assert "may be stale: it is 3 day(s) old" in err and "rm '.~lock.sheetsync-demo.xlsx#'" in err
    # A fresh lock from another machine: the file is open, close it (and how, if crashed).
    os.utime(lock, None)
    assert main(["sync", "-w", "sheetsync-demo.xlsx", "--today", "2026-11-28"]) == 5
    err = capsys.readouterr().err
    assert "is open in a spreadsheet program" in err and "stale" not in err


def test_init_speaks_the_plans_language_and_says_what_next(in_tmp, capsys):
    assert main(["init", "--lang", "ru", "-w", "план.xlsx"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Создан план.xlsx, вкладки: Настройки") and "заполните" in out
    assert main(["init", "--example", "-w", "example.xlsx", "--today", TODAY]) == 0
    out = capsys.readouterr().out
    assert "example plan" in out and "fill in" not in out
    assert main(["init", "--example", "-w", "example.xlsx"]) == 2
    err = capsys.readouterr().err
    assert "already exists" in err and "sheetsync init -w example-2.xlsx" in err


def test_the_example_plan_holds_typed_cells_and_keeps_its_dropdowns(in_tmp, capsys):
    import datetime as dt

    assert main(["init", "--example", "-w", "plan.xlsx", "--today", TODAY]) == 0
    capsys.readouterr()
    book = openpyxl.load_workbook("plan.xlsx")
    goals = book["Goals"]
    start = goals["G2"]
    assert isinstance(start.value, dt.datetime) and start.number_format == "yyyy-mm-dd"
    baseline, target = goals["E3"], goals["F3"]  # G2: conversion from 1.5 % to 3 %
    assert (baseline.value, target.value) == (0.015, 0.03)
    assert target.number_format == "0.0%"
    limit = next(r for r in book["Settings"].iter_rows() if r[0].value == "Budget limit")[1]
    assert limit.value == 800 and limit.number_format == '"$"#,##0.00'
    spend = book["Spend"]
    assert spend["C2"].data_type == "n" and spend["C2"].number_format == '"$"#,##0.00'
    statuses = [v.formula1 for v in book["Activities"].data_validations.dataValidation]
    assert '"planned,active,paused,done,cancelled"' in statuses
    # Read back, the typed plan computes what the typed-as-text plan did.
    assert main(["check", "-w", "plan.xlsx", "--today", TODAY, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["problems"] == [] and data["budget"]["spent"] == 597.5
    assert data["budget"]["limit"] == 800
    g2 = next(k for k in data["kpis"] if k["id"] == "G2")
    assert g2["format"] == "percent" and g2["target"] == 0.03


def test_the_russian_example_plan_writes_dates_as_russians_do(in_tmp):
    assert main(["init", "--example", "--lang", "ru", "-w", "план.xlsx", "--today", TODAY]) == 0
    goals = openpyxl.load_workbook("план.xlsx")["Цели"]
    assert goals["G2"].number_format == "dd.mm.yyyy"


def test_dry_run_says_per_tab_what_would_change(in_tmp, capsys):
    assert main(["demo", "--today", TODAY, "-q"]) == 0
    before = (in_tmp / "sheetsync-demo.xlsx").read_bytes()
    capsys.readouterr()
    assert main(["sync", "--dry-run", "-w", "sheetsync-demo.xlsx", "--today", "2026-12-01"]) == 0
    out = capsys.readouterr().out
    assert "  Weekly report 2026-W49: a new tab, " in out
    assert "  Weekly report 2026-W48: its period is over: written a last time, marked final" in out
    assert "  KPI Status: changed, rewritten (" in out
    assert (in_tmp / "sheetsync-demo.xlsx").read_bytes() == before
    assert (
        main(["sync", "--dry-run", "--json", "-w", "sheetsync-demo.xlsx", "--today", "2026-12-01"])
        == 0
    )
    changes = {c["tab"]: c["change"] for c in json.loads(capsys.readouterr().out)["tab_changes"]}
    assert changes["Monthly report 2026-11"] == "final" and changes["Sync"] == "rewritten"

"""The optional Decisions tab: what was decided because of the reports, shown in the
report of its period beside the alerts each decision answered."""

from __future__ import annotations

import datetime as dt

import openpyxl

from sheetsync.cli import main


def add_decisions(path, rows, title="Decisions", header=None):
    book = openpyxl.load_workbook(path)
    sheet = book.create_sheet(title)
    sheet.append(header or ["Date", "Decision", "By", "Activity", "Goal"])
    for row in rows:
        sheet.append(row)
    book.save(path)


def test_decisions_of_the_period_show_in_the_report_beside_the_alerts_they_answer(
    tmp_path, monkeypatch, capsys
):
    monkeypatch.chdir(tmp_path)
    assert main(["demo", "--today", "2026-11-20", "--quiet"]) == 0
    path = tmp_path / "sheetsync-demo.xlsx"
    add_decisions(
        path,
        [
            [dt.datetime(2026, 11, 18), "Switch A6 off; no more spend after its end", "Anna Lee",
             "A6", None],
            [dt.datetime(2026, 11, 2), "An old decision, of an earlier week", "Anna Lee", "A5",
             None],
        ],
    )  # fmt: skip
    capsys.readouterr()
    assert (
        main(
            [
                "report",
                "--today",
                "2026-11-20",
                "-w",
                str(path),
                "--rule",
                "Weekly marketing report",
            ]
        )
        == 0
    )
    text = capsys.readouterr().out
    assert "## Decided in this period" in text
    line = next(x for x in text.splitlines() if "Switch A6 off" in x)
    assert "(Anna Lee)" in line and "over-budget:A6" in line and "spend-after-end:A6" in line
    assert "An old decision" not in text
    # And on the report tab the sync writes.
    assert main(["sync", "--today", "2026-11-20", "-w", str(path), "--quiet"]) == 0
    book = openpyxl.load_workbook(path)
    weekly = next(book[t] for t in book.sheetnames if t.startswith("Weekly"))
    rows = [[c for c in r if c is not None] for r in weekly.iter_rows(values_only=True)]
    decided = next(r for r in rows if "Switch A6 off; no more spend after its end" in r)
    assert "Anna Lee" in decided and "A6" in decided


def test_a_russian_decisions_tab_is_read_too(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "plan.xlsx"
    assert main(["demo", "--today", "2026-11-20", "--lang", "ru", "-w", str(path), "-q"]) == 0
    add_decisions(
        path,
        [["18.11.2026", "Отключить A6", "Анна Ли", "A6", None]],
        title="Решения",
        header=["Дата", "Решение", "Кто решил", "Активность", "Цель"],
    )
    capsys.readouterr()
    assert main(["report", "--today", "2026-11-20", "-w", str(path)]) == 0
    text = capsys.readouterr().out
    assert "## Решено за период" in text
    line = next(x for x in text.splitlines() if "Отключить A6" in x)
    assert "over-budget:A6" in line

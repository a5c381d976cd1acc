"""A week of daily syncs of the demo plan against a local SMTP server (aiosmtpd), the plan
changing along the way; prints which messages went to whom on which day.

    python tools/week_of_syncs.py [--lang ru] [--keep DIR]

Day 1 the demo plan is created and synced; day 3 activity A6 spends $100 more (its
over-budget alert gets worse); day 4 Maria acknowledges the monthly-limit alert on the
Alerts tab; day 5 the unknown activity A99 in the Spend tab is corrected (that alert
resolves); day 6 a new day goes over the daily limit; day 7, a Monday, last week's report
is final and mailed to its author, readers and decision maker. Needs the test extras (aiosmtpd).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import openpyxl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sheetsync.cli import main
from tests.smtp_server import SmtpServer

START = dt.date(2026, 11, 17)  # a Tuesday: day 7 is Monday, when last week's report is final


def sync(day: dt.date) -> dict:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(["sync", "--today", day.isoformat(), "--json"])
    assert code == 0, out.getvalue()
    return json.loads(out.getvalue())


def alerts_sheet(book: openpyxl.Workbook):
    return next(book[t] for t in ("Alerts", "Предупреждения") if t in book.sheetnames)


def acknowledge(path: Path, key: str, who: str, note: str) -> None:
    book = openpyxl.load_workbook(path)
    sheet = alerts_sheet(book)
    rows = list(sheet.iter_rows(values_only=True))
    at = next(i for i, r in enumerate(rows) if r[0] in ("Severity", "Важность"))
    header = list(rows[at])
    key_col = header.index(header[6])
    for n, r in enumerate(rows[at + 1 :], start=at + 2):
        if r[key_col] == key:
            sheet.cell(n, 10, who)
            sheet.cell(n, 12, note)
    book.save(path)


def spend(path: Path, day: dt.date, activity: str, amount: float) -> None:
    book = openpyxl.load_workbook(path)
    sheet = book["Spend"] if "Spend" in book.sheetnames else book["Расходы"]
    sheet.append([dt.datetime.combine(day, dt.time()), activity, amount, 1, "week demo"])
    book.save(path)


def fix_unknown(path: Path) -> None:
    book = openpyxl.load_workbook(path)
    sheet = book["Spend"] if "Spend" in book.sheetnames else book["Расходы"]
    for row in sheet.iter_rows(min_row=2):
        if row[1].value == "A99":
            row[1].value = "A2"
    book.save(path)


def main_demo() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=["en", "ru"], default="en")
    parser.add_argument("--keep", metavar="DIR", help="work in DIR and keep it")
    args = parser.parse_args()
    folder = Path(args.keep or tempfile.mkdtemp(prefix="sheetsync-week-"))
    folder.mkdir(parents=True, exist_ok=True)
    os.chdir(folder)
    server = SmtpServer().start()
    try:
        Path("sheetsync.toml").write_text(
            f'workbook = "sheetsync-demo.xlsx"\n[notify]\nemail = "{server.url}"\n'
            'from = "plan-bot@example.com"\n',
            encoding="utf-8",
        )
        plan = folder / "sheetsync-demo.xlsx"
        with contextlib.redirect_stdout(io.StringIO()):
            main(["init", "--example", "--lang", args.lang, "--today", START.isoformat(),
                  "-w", str(plan)])  # fmt: skip
        changes = {
            3: ("A6 spends $30 more: its over-budget alert gets worse",
                lambda d: spend(plan, d, "A6", 30)),
            4: ("Maria acknowledges monthly-limit:2026-10 on the Alerts tab",
                lambda d: acknowledge(plan, "monthly-limit:2026-10", "Maria Lopez",
                                      "Agreed with the director")),
            5: ("the Spend row naming A99 is corrected to A2: unknown-activity resolves",
                lambda d: fix_unknown(plan)),
            6: ("$60 of A1 spend today: over the $40 daily limit",
                lambda d: spend(plan, d, "A1", 60)),
        }  # fmt: skip
        for n in range(1, 8):
            day = START + dt.timedelta(days=n - 1)
            change = changes.get(n)
            if change:
                change[1](day)
            data = sync(day)
            if args.keep:  # each day's workbook, to look at the Alerts tab day by day
                shutil.copy(plan, folder / f"day{n}.xlsx")
            mails = server.mailbox.take()
            states: dict[str, int] = {}
            for a in data["alerts"]:
                states[a["state"]] = states.get(a["state"], 0) + 1
            print(f"Day {n} {day} {'— ' + change[0] if change else '— no change'}")
            print(
                "  alerts: "
                + ", ".join(f"{s} {c}" for s, c in sorted(states.items()))
                + (
                    "; resolved today: " + ", ".join(r["key"] for r in data["resolved_alerts"])
                    if data["resolved_alerts"]
                    else ""
                )
            )
            if not mails:
                print("  messages: none")
            for mail in mails:
                subject = mail.message["Subject"]
                sent = next(
                    d for d in data["notifications"]
                    if d["to"] == mail.to and d.get("status") == "sent"
                    and subject.startswith(d.get("subject") or subject)
                )  # fmt: skip
                print(f"  -> {mail.to}: {subject}")
                print(f"     keys: {', '.join(sent['keys'])}")
        print(f"\nWorkbook and state kept in {folder}" if args.keep else "")
    finally:
        server.stop()


if __name__ == "__main__":
    main_demo()

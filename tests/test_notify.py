"""Notifications through a real SMTP server on 127.0.0.1 (aiosmtpd) and a team channel
through Apprise's json:// to a local http.server: one digest per person per run, never the
same alert twice in the same state, failed sends retried on the next run."""

from __future__ import annotations

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import ClassVar

import openpyxl
import pytest

from sheetsync.backends.xlsx import create_workbook
from sheetsync.cli import main
from sheetsync.example import example_tabs
from tests.smtp_server import SmtpServer, free_port

DAY1 = "2026-11-20"


@pytest.fixture
def smtp():
    server = SmtpServer().start()
    yield server
    server.stop()


def make_plan(folder, lang="en", notify=None):
    path = folder / "plan.xlsx"
    tabs = example_tabs(dt.date(2026, 11, 20), lang)
    if notify is not None:
        settings = next(t for t in tabs if t in ("Settings", "Настройки"))
        tabs[settings].append(["Notify" if lang == "en" else "Уведомления", notify])
    create_workbook(path, tabs, {})
    return path


def configure(folder, smtp_url, urls=()):
    (folder / "sheetsync.toml").write_text(
        f'workbook = "plan.xlsx"\n[notify]\nemail = "{smtp_url}"\n'
        f'from = "plan-bot@example.com"\nurls = {json.dumps(list(urls))}\n',
        encoding="utf-8",
    )


def sync(capsys, day, *extra):
    capsys.readouterr()
    code = main(["sync", "--today", day, "--json", *extra])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out), err


@pytest.fixture
def plan(tmp_path, monkeypatch, smtp):
    monkeypatch.chdir(tmp_path)
    make_plan(tmp_path)
    configure(tmp_path, smtp.url)
    return tmp_path


def test_one_message_per_person_with_both_parts_and_nothing_twice(plan, smtp, capsys):
    data, _ = sync(capsys, DAY1)
    mails = smtp.mailbox.take()
    # The demo's critical alerts belong to Maria Lopez (limits) and Ben Carter (A6).
    assert sorted(m.to for m in mails) == ["ben@example.com", "maria@example.com"]
    ben = next(m for m in mails if m.to == "ben@example.com")
    assert ben.message["To"] == "ben@example.com"
    assert ben.message["From"] == "plan-bot@example.com"
    assert (
        ben.message["Subject"]
        == "Example marketing plan — alerts for you: 3 (3 critical, new or worse)"
    )
    text, page = ben.part("plain"), ben.part("html")
    assert text.startswith("Hello Ben Carter,")
    assert "over its budget of $120.00" in text and "[Activities!I7]" in text
    assert "<li>" in page and "over its budget of $120.00" in page
    # Only critical alerts by default: Ben's no-results warnings are not in it.
    assert "no-results" not in text and "0 results" not in text
    sent = {d["to"]: d for d in data["notifications"]}
    assert sent["ben@example.com"]["status"] == "sent"
    assert sent["ben@example.com"]["channel"] == "email"
    assert sorted(sent["ben@example.com"]["keys"]) == [
        "over-budget:A6",
        "spend-after-end:A6",
        "spend-while-stopped:A6",
    ]
    # The same day again, and the next day: nothing new, nothing sent.
    data, _ = sync(capsys, DAY1)
    assert smtp.mailbox.take() == [] and data["notifications"] == []
    sync(capsys, "2026-11-21")
    assert smtp.mailbox.take() == []


def spend_more(path, activity, amount, day):
    book = openpyxl.load_workbook(path)
    book["Spend"].append([dt.datetime.fromisoformat(day), activity, amount, 0, "test"])
    book.save(path)


def test_a_worse_alert_is_sent_again_and_an_acknowledged_one_is_not(plan, smtp, capsys):
    sync(capsys, DAY1)
    smtp.mailbox.take()
    # A6 spends $100 more: over its budget by $125 instead of $25, worse.
    spend_more(plan / "plan.xlsx", "A6", 100, "2026-11-21")
    data, _ = sync(capsys, "2026-11-21")
    mails = smtp.mailbox.take()
    ben = [m for m in mails if m.to == "ben@example.com"]
    assert len(ben) == 1
    assert "over-budget:A6" in next(
        d["keys"] for d in data["notifications"] if d["to"] == "ben@example.com"
    )
    assert "worse" in ben[0].part("plain")
    assert next(a for a in data["alerts"] if a["key"] == "over-budget:A6")["state"] == "worse"
    # Ben acknowledges it on the Alerts tab; it gets worse again the next day: sent again
    # (an acknowledgement covers the alert as it was), but not while it stays the same.
    book = openpyxl.load_workbook(plan / "plan.xlsx")
    sheet = book["Alerts"]
    rows = list(sheet.iter_rows(values_only=True))
    at = next(i for i, r in enumerate(rows) if r[0] == "Severity")
    header = list(rows[at])
    for n, r in enumerate(rows[at + 1 :], start=at + 2):
        if r[header.index("Key")] == "spend-after-end:A6":
            sheet.cell(n, header.index("Acknowledged by") + 1, "Ben Carter")
    book.save(plan / "plan.xlsx")
    spend_more(plan / "plan.xlsx", "A6", 100, "2026-11-22")
    data, _ = sync(capsys, "2026-11-22")
    keys = {d["to"]: d["keys"] for d in data["notifications"]}
    # spend-after-end grew too, but Ben acknowledged it today: the acknowledgement read
    # today covers what he saw today.
    assert "spend-after-end:A6" not in keys.get("ben@example.com", [])
    state = next(a for a in data["alerts"] if a["key"] == "spend-after-end:A6")
    assert state["state"] == "acknowledged"
    smtp.mailbox.take()
    data, _ = sync(capsys, "2026-11-23")
    alerts_to_ben = [
        d for d in data["notifications"] if d["to"] == "ben@example.com" and "what" not in d
    ]
    assert alerts_to_ben == []


def test_an_alert_that_resolves_and_comes_back_is_sent_again(plan, smtp, capsys):
    sync(capsys, DAY1)
    smtp.mailbox.take()
    book = openpyxl.load_workbook(plan / "plan.xlsx")
    settings = book["Settings"]
    limit_row = next(r for r in settings.iter_rows() if r[0].value == "Daily limit")
    limit_row[1].value = 1000  # no day over the limit any more
    book.save(plan / "plan.xlsx")
    data, _ = sync(capsys, "2026-11-21")
    assert "daily-limit:2026-10-09" in {r["key"] for r in data["resolved_alerts"]}
    assert not any("daily-limit" in k for m in data["notifications"] for k in m["keys"])
    book = openpyxl.load_workbook(plan / "plan.xlsx")
    limit_row = next(r for r in book["Settings"].iter_rows() if r[0].value == "Daily limit")
    limit_row[1].value = 40
    book.save(plan / "plan.xlsx")
    data, _ = sync(capsys, "2026-11-22")
    maria = [m for m in smtp.mailbox.take() if m.to == "maria@example.com"]
    assert len(maria) == 1 and "2026-10-09" in maria[0].part("plain")
    back = next(a for a in data["alerts"] if a["key"] == "daily-limit:2026-10-09")
    assert back["state"] == "new" and back["first_seen"] == "2026-11-22"


def test_russian_text_arrives_intact(tmp_path, monkeypatch, smtp, capsys):
    monkeypatch.chdir(tmp_path)
    make_plan(tmp_path, "ru")
    configure(tmp_path, smtp.url)
    sync(capsys, DAY1)
    mails = smtp.mailbox.take()
    assert mails
    mail = mails[0]
    assert mail.message["Subject"].startswith(
        "Пример маркетингового плана — предупреждения для вас: "
    )
    text = mail.part("plain")
    assert text.startswith("Здравствуйте, ")
    assert "Впишите своё имя в столбец «Принял»" in text
    assert "«Принял»" in mail.part("html")


def test_with_the_server_down_the_sync_writes_reports_and_delivers_once_later(
    tmp_path, monkeypatch, capsys
):
    monkeypatch.chdir(tmp_path)
    make_plan(tmp_path)
    port = free_port()
    configure(tmp_path, f"smtp://127.0.0.1:{port}")
    data, err = sync(capsys, DAY1)  # nobody listens on that port
    assert data["tabs_written"]  # the tabs are written all the same
    assert {d["status"] for d in data["notifications"]} == {"failed"}
    assert "warning: email notification to ben@example.com not delivered" in err
    assert any("not delivered" in n for n in data["notes"])
    sync_tab = [
        " ".join(str(c) for c in row if c)
        for row in openpyxl.load_workbook(tmp_path / "plan.xlsx")["Sync"].iter_rows(
            values_only=True
        )
    ]
    assert any("Notification to ben@example.com not delivered" in line for line in sync_tab)

    server = SmtpServer(port).start()
    try:
        data, err = sync(capsys, "2026-11-21")
        assert {d["status"] for d in data["notifications"]} == {"sent"}
        assert sorted(m.to for m in server.mailbox.take()) == [
            "ben@example.com",
            "maria@example.com",
        ]
        assert "warning" not in err
        data, _ = sync(capsys, "2026-11-21")
        assert server.mailbox.take() == [] and data["notifications"] == []
    finally:
        server.stop()


def test_notify_off_all_no_notify_dry_run_and_check(tmp_path, monkeypatch, smtp, capsys):
    monkeypatch.chdir(tmp_path)
    make_plan(tmp_path, notify="off")
    configure(tmp_path, smtp.url)
    data, _ = sync(capsys, DAY1)
    assert data["notifications"] == [] and smtp.mailbox.take() == []

    book = openpyxl.load_workbook(tmp_path / "plan.xlsx")
    next(r for r in book["Settings"].iter_rows() if r[0].value == "Notify")[1].value = "all"
    book.save(tmp_path / "plan.xlsx")
    capsys.readouterr()
    assert main(["check", "--today", DAY1, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["notifications"] == []
    data, _ = sync(capsys, DAY1, "--no-notify")
    assert data["notifications"] == [] and smtp.mailbox.take() == []
    capsys.readouterr()
    assert main(["notify", "--dry-run", "--today", DAY1]) == 0
    shown = capsys.readouterr().out
    assert "Would send to ben@example.com" in shown and "no-results:A6" in shown
    assert smtp.mailbox.take() == []
    # With `all`, warnings go too: Ben's message holds his no-results alerts.
    data, _ = sync(capsys, DAY1)
    ben = next(m for m in smtp.mailbox.take() if m.to == "ben@example.com")
    assert "0 results" in ben.part("plain")


class _Hook(BaseHTTPRequestHandler):
    posts: ClassVar[list[dict]] = []

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        type(self).posts.append(json.loads(self.rfile.read(length)))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


def test_a_team_channel_gets_new_critical_alerts_through_apprise(
    tmp_path, monkeypatch, smtp, capsys
):
    _Hook.posts = []
    server = HTTPServer(("127.0.0.1", 0), _Hook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        monkeypatch.chdir(tmp_path)
        make_plan(tmp_path)
        configure(tmp_path, smtp.url, [f"json://127.0.0.1:{server.server_port}/hook"])
        data, _ = sync(capsys, DAY1)
        channel = [d for d in data["notifications"] if d["channel"] == "json"]
        assert len(channel) == 1 and channel[0]["status"] == "sent"
        assert channel[0]["to"].startswith("json://…")  # never the URL's secrets
        assert len(_Hook.posts) == 1
        post = _Hook.posts[0]
        assert (
            post["title"] == "Example marketing plan — alerts for you: 6 (6 critical, new or worse)"
        )
        assert "Activity A6 has spent $145.00" in post["message"]
        assert "stale" not in post["message"]  # warnings stay out of team channels
        sync(capsys, "2026-11-21")
        assert len(_Hook.posts) == 1  # nothing new: nothing posted
    finally:
        server.shutdown()
        server.server_close()


def report_mails(mails):
    return [m for m in mails if "(final)" in m.message["Subject"]]


def test_a_final_report_is_mailed_once_to_its_author_readers_and_decision_maker(
    tmp_path, monkeypatch, capsys
):
    monkeypatch.chdir(tmp_path)
    make_plan(tmp_path)
    port = free_port()
    configure(tmp_path, f"smtp://127.0.0.1:{port}")
    server = SmtpServer(port).start()
    try:
        sync(capsys, DAY1)  # Friday of 2026-W47
        assert report_mails(server.mailbox.take()) == []
    finally:
        server.stop()
    # Monday: W47 ends and its report is written final; the mail server is down.
    data, _ = sync(capsys, "2026-11-23")
    failed = [d for d in data["notifications"] if d.get("what", "").startswith("report:")]
    assert failed and {d["status"] for d in failed} == {"failed"}
    server = SmtpServer(port).start()
    try:
        data, _ = sync(capsys, "2026-11-24")  # delivered now, exactly once
        mails = report_mails(server.mailbox.take())
        weekly = [m for m in mails if "Weekly" in m.message["Subject"]]
        assert weekly, [m.message["Subject"] for m in mails]
        subject = weekly[0].message["Subject"]
        assert subject.endswith("2026-W47 (final)")
        to = sorted(m.to for m in weekly)
        assert len(to) == len(set(to)) >= 2  # each person once
        assert "<html" in weekly[0].part("html").lower() and "2026-W47" in weekly[0].part("plain")
        sync(capsys, "2026-11-25")
        assert report_mails(server.mailbox.take()) == []
    finally:
        server.stop()


def test_many_alerts_make_a_digest_grouped_by_code_with_the_top_ones_listed():
    from sheetsync.compute.alerts import make_alert
    from sheetsync.compute.lifecycle import lifecycle
    from sheetsync.notify.digest import LISTED, Item, digest

    alerts = [
        make_alert("daily-limit", f"2026-10-{d:02d}", f"day {d} over the limit")
        for d in range(1, 31)
    ] + [make_alert("over-budget", f"A{n}", f"A{n} over budget") for n in range(800)]
    states = lifecycle(alerts, dt.date(2026, 11, 20))
    items = [Item(a, states.state_of(n)) for n, a in enumerate(alerts)]
    message = digest("en", "Plan", "2026-11-20", "Maria", items, "plan.xlsx")
    assert message.subject == "Plan — alerts for you: 830 (830 critical, new or worse)"
    lines = message.text.splitlines()
    assert "  over-budget: 800 (new 800)" in lines and "  daily-limit: 30 (new 30)" in lines
    assert sum(line.startswith("  - ") for line in lines) == LISTED
    assert "…and 820 more: see the Alerts tab." in lines
    assert len(message.text) < 3000 and "<table" in message.html

"""What the command line prints: the plan's language throughout, alert owners, the demo's short
summary, figures that overflowed, file-system failures as exit codes, and when history is kept.

The Russian plan below is small enough to work out by hand (today 27 Nov 2026):
- Goal Ц1 runs 8 Nov – 17 Dec, 40 days; 8–27 Nov is 20 of them: expected 20/40 = 50 %.
  40 clients logged against a target of 100: progress 40 %, pace 0.8 (< 0.9, ≥ 0.7): at risk.
  Its last actual (20 Nov) is 7 days old, more than the 5 the plan allows: stale.
- Budget: limit 1 000; A1 400 + A2 100 = 500 allocated, 500 unallocated; 300 + 150 = 450 spent.
  A1 expected to date 400 × 50 % = 200, spent 300 > 1.1 × 200: overspending.
  A2 spent 150 of 100: over budget by 50 (critical, owner Анна).
  20 Nov: 300 spent against a daily limit of 200, over by 100 (critical, to the controller Мария).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import errno
import json
import tempfile
import warnings
from pathlib import Path

import openpyxl
import pytest

from sheetsync.backends.xlsx import create_workbook
from sheetsync.cli import budget_lines, main
from sheetsync.compute.budget import BudgetSummary
from sheetsync.history import History
from sheetsync.i18n import money
from sheetsync.runlock import workbook_lock

D = dt.date
TODAY = "2026-11-27"

RU_TABS = {
    "Настройки": [
        ["Параметр", "Значение"],
        ["Название плана", "План"],
        ["Язык", "ru"],
        ["Валюта", "USD"],
        ["Режим бюджета", "снизу"],
        ["Лимит бюджета", 1000],
        ["Лимит в день", 200],
        ["Контролёр бюджета", "Мария"],
        ["Устаревает через дней", 5],
    ],
    "Команда": [["Сотрудник", "Роль", "Email"], ["Анна", "маркетолог", None],
                ["Мария", "финансы", None]],
    "Цели": [
        ["ID", "Цель", "Метрика", "Агрегация", "База", "Целевое значение", "Начало", "Конец",
         "Ответственный"],
        ["Ц1", "Новые клиенты", "Клиенты", "сумма", None, 100, D(2026, 11, 8), D(2026, 12, 17),
         "Анна"],
    ],
    "Факт": [["Дата", "Метрика", "Значение"], [D(2026, 11, 20), "Клиенты", 40]],
    "Активности": [
        ["ID", "Активность", "Цель", "Канал", "Ответственный", "Начало", "Конец", "Статус",
         "Бюджет"],
        ["А1", "Реклама", "Ц1", "Поиск", "Анна", D(2026, 11, 8), D(2026, 12, 17), "активна", 400],
        ["А2", "Рассылка", "Ц1", "Почта", "Анна", D(2026, 11, 8), D(2026, 12, 17), "активна", 100],
    ],
    "Расходы": [
        ["Дата", "Активность", "Сумма", "Результаты"],
        [D(2026, 11, 20), "А1", 300, 30],
        [D(2026, 11, 21), "А2", 150, 10],
    ],
}  # fmt: skip

# English that used to leak into a Russian plan's terminal output (alert codes such as
# `non-target-activity` stay as they are: they are identifiers, as on the Alerts tab).
ENGLISH = ("KPI status", "progress", "of expected", "(stale)", "Alerts:", "critical", "warning",
           "Input problems", "Wrote", "Dry run", "Outputs unchanged", "Note:", "Budget",
           " limit ", "spent to date", "over budget", "overspending", "Checklist",
           "Run `")  # fmt: skip
HISTORY_ENGLISH = ("date", "status", "current", "target", "expected", "no metric")


@pytest.fixture(autouse=True)
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SHEETSYNC_WORKBOOK", raising=False)
    return tmp_path


@pytest.fixture
def ru_plan(in_tmp) -> Path:
    path = in_tmp / "plan.xlsx"
    create_workbook(path, RU_TABS, {})
    return path


def usd(amount: float) -> str:
    """Money in a Russian plan as i18n writes it (its format is i18n's, tested there)."""
    return money("ru", amount, "USD")


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_russian_plan_prints_russian_in_the_terminal(ru_plan, capsys):
    code, out, _ = run_cli(capsys, "check", "-w", "plan.xlsx", "--today", TODAY)
    assert code == 0
    lines = out.splitlines()
    assert lines[:3] == ["План — 2026-11-27 — plan.xlsx", "", "Статус KPI:"]
    assert (
        lines[3]
        == "  Ц1     Под угрозой    прогресс   40%, ожидалось   50%  (устарело)  Новые клиенты"
    )
    assert (
        f"Бюджет (снизу): лимит {usd(1000)}, распределено {usd(500)}, не распределено "
        f"{usd(500)}; потрачено {usd(450)}." in lines
    )
    assert f"  сверх бюджета: А2 ({usd(150)} из {usd(100)}); тратит быстрее плана: А1" in lines
    # check keeps the whole checklist table, section by section.
    assert "Оценка чеклиста: 72% — выполнено пунктов: 13 из 18" in lines
    assert "  Контроль 75% (3 из 4)" in lines
    # "внимание" for warnings: «Предупреждения» is the alerts' own word.
    assert "Предупреждения — критично: 2, внимание: 1, инфо: 0" in lines
    # Each alert line says its state and ends with who should act.
    assert lines[-3:] == [
        f"  критично новое        Превышен лимит в день    20.11.2026: расходы за день "
        f"{usd(300)} — больше лимита в день {usd(200)} на {usd(100)}. [Расходы!C2] → Мария",
        f"  критично новое        Сверх бюджета            Активность А2 потратила {usd(150)} — "
        f"больше бюджета {usd(100)} на {usd(50)}. [Активности!I3] → Анна",
        "  внимание новое        Устаревший KPI           Цель Ц1: последний факт по «Клиенты» "
        "от 20.11.2026, 7 дн. назад (больше 5). Внесите свежие данные. [Цели!C2] → Анна",
    ]
    outputs = [out]

    code, out, _ = run_cli(capsys, "sync", "-w", "plan.xlsx", "--today", TODAY, "--dry-run")
    lines = out.splitlines()
    at = lines.index(
        "Пробный запуск: были бы записаны Статус KPI, Контроль бюджета, Предупреждения, "
        "Оценка чеклиста, Ответственные, Синхронизация"
    )
    # Then what would change, tab by tab.
    assert lines[at + 1].startswith("  Статус KPI: новая вкладка, строк: ")
    assert lines[-1] == "  Синхронизация: новая вкладка, строк: 9"
    outputs.append(out)
    code, out, _ = run_cli(capsys, "sync", "-w", "plan.xlsx", "--today", TODAY)
    assert out.splitlines()[-1] == (
        "Записано в plan.xlsx: Статус KPI, Контроль бюджета, Предупреждения, Оценка чеклиста, "
        "Ответственные, Синхронизация."
    )
    outputs.append(out)
    code, out, _ = run_cli(capsys, "sync", "-w", "plan.xlsx", "--today", TODAY)
    assert out.splitlines()[-1] == "Результаты не изменились: ничего не записано."
    outputs.append(out)
    code, out, _ = run_cli(capsys, "sync", "-w", "plan.xlsx", "--today", TODAY, "--quiet")
    assert out.splitlines()[0] == "Предупреждения — критично: 2, внимание: 1, инфо: 0"
    assert len(out.splitlines()) == 3  # the two critical alerts only
    outputs.append(out)

    code, out, _ = run_cli(capsys, "history", "-w", "plan.xlsx")
    assert out.splitlines() == [
        "Ц1  Новые клиенты  (Клиенты)",
        "  прогресс ▄",  # 40 % of the 8 bars: int(0.4 × 7.999) = 3, the fourth
        "  дата        статус            текущее   цель KPI  прогресс ожидалось",
        # Russian dates and percents, as on the tabs and in reports.
        "  27.11.2026  Под угрозой            40        100      40\u00a0%      50\u00a0%",
    ]
    assert [w for w in HISTORY_ENGLISH if w in out] == []
    for text in outputs:
        leaked = [w for w in ENGLISH if w in text]
        assert leaked == [], text


def test_a_failed_write_leaves_no_history_day_and_a_pull_records_one(ru_plan, capsys):
    lock = ru_plan.with_name(".~lock.plan.xlsx#")  # LibreOffice has the file open
    lock.write_text("x")
    code, _, err = run_cli(capsys, "sync", "-w", "plan.xlsx", "--today", TODAY)
    assert code == 5 and "open in a spreadsheet program" in err
    with History(ru_plan.parent / ".sheetsync") as history:
        assert history.kpi_path("plan.xlsx") == []
    # A pull only reads, so the open file does not stop it, and it records the day.
    assert run_cli(capsys, "pull", "-w", "plan.xlsx", "--today", TODAY)[0] == 0
    lock.unlink()
    assert run_cli(capsys, "sync", "-w", "plan.xlsx", "--today", "2026-11-28")[0] == 0
    with History(ru_plan.parent / ".sheetsync") as history:
        days = [(p["date"], p["current"]) for p in history.kpi_path("plan.xlsx")]
        assert days == [("2026-11-27", 40), ("2026-11-28", 40)]
        assert history.language("plan.xlsx") == "ru"


def _budget(**figures: object) -> BudgetSummary:
    """A budget summary with no figures but those given."""
    summary: dict = dict.fromkeys(f.name for f in dataclasses.fields(BudgetSummary))
    summary.update(goals=(), weekly=(), notes=(), allocated=0.0, spent=0.0, plan_total=0.0)
    return BudgetSummary(**{**summary, **figures})


def test_budget_lines_print_a_dash_for_missing_or_overflowed_figures():
    # Sums near 1e308 overflow to inf.
    inf = float("inf")
    budget = _budget(mode="bottom-up", currency="USD", limit=800.0, allocated=inf,
                     unallocated=-inf, spent=inf)  # fmt: skip
    activities = [
        {"id": "A1", "status": "over-budget", "spent": None, "planned": 120.0},
        {"id": "A2", "status": "overspending", "spent": None, "planned": None},
    ]
    assert budget_lines(budget, activities) == [
        "Budget (bottom-up): limit $800.00, allocated —, unallocated —; spent to date —.",
        "  over budget: A1 (— of $120.00); overspending: A2",
    ]
    assert budget_lines(_budget(spent=inf, allocated=inf), [], "ru") == [
        "Бюджет (режим не выбран): распределено —; потрачено —."
    ]


def test_amounts_near_the_float_limit_print_without_warnings_or_tracebacks(in_tmp, capsys):
    assert main(["init", "--example", "-w", "plan.xlsx", "--today", TODAY, "-q"]) == 0
    book = openpyxl.load_workbook("plan.xlsx")
    for row in range(2, 8):
        book["Spend"].cell(row, 3).value = 1.7e308  # two of these add up past the float range
    for row in range(2, 5):
        book["Activities"].cell(row, 9).value = 1.7e308
    book.save("plan.xlsx")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")  # every warning shown, as cron would mail it
        code = main(["check", "-w", "plan.xlsx", "--today", TODAY])
    out, err = capsys.readouterr()
    assert code == 0 and err == ""
    assert [str(w.message) for w in caught] == []
    budget = next(line for line in out.splitlines() if line.startswith("Budget ("))
    # Three budgets of 1.7e308 overflow to inf; the limit minus inf is -inf: both print "—".
    assert (
        budget == "Budget (bottom-up): limit $800.00, allocated —, unallocated —; spent to date —."
    )


def test_demo_prints_a_short_summary_and_check_the_full_checklist(in_tmp, capsys):
    code, out, _ = run_cli(capsys, "demo", "--today", TODAY)
    assert code == 0
    lines = out.splitlines()
    assert lines[:2] == [
        f"Wrote the example plan to {in_tmp / 'sheetsync-demo.xlsx'}",
        "Open it in LibreOffice, Excel or Google Sheets (File → Import).",
    ]
    assert "KPI status:" in lines
    assert any(line.startswith("Budget (bottom-up): limit $800.00") for line in lines)
    # The example's deliberate faults fail 5 of its 20 items (18 automatic, 2 the team's):
    # A9 serves no goal and has no owner, G4 has no reward or penalty, G3 and G4 are stale,
    # and the brand guidelines are marked not done.
    checklist = [line for line in lines if line.startswith("Checklist score")]
    assert checklist == [
        "Checklist score: 75% — 15 of 20 items passed; to fix: activities serving a goal, "
        "brand guidelines agreed with the designer, activity owners, rewards and penalties, "
        "fresh results."
    ]
    assert not any("✓" in line or "✗" in line for line in lines)
    assert (
        "  warning  new          No owner                 Activity A9 (Our own CRM, written "
        "in-house) has no owner. Name one person who answers for it. [Activities!E10] → Anna Lee"
    ) in lines
    assert lines[-1] == "Run `sheetsync check -w sheetsync-demo.xlsx` for the full checklist."
    assert len(lines) < 40

    code, out, _ = run_cli(capsys, "check", "-w", "sheetsync-demo.xlsx", "--today", TODAY)
    lines = out.splitlines()
    assert "  Activities 50% (2 of 4)" in lines
    assert any(line.startswith("    ✗ Does every activity serve a goal?") for line in lines)


def test_demo_in_russian_speaks_russian_from_the_banner_on(in_tmp, capsys):
    code, out, _ = run_cli(capsys, "demo", "--today", TODAY, "--lang", "ru", "-w", "демо.xlsx")
    assert code == 0
    lines = out.splitlines()
    assert lines[:2] == [
        f"Пример плана записан в {in_tmp / 'демо.xlsx'}",
        "Откройте его в LibreOffice, Excel или Google Таблицах (Файл → Импорт).",
    ]
    assert lines[-1] == "Полный чеклист: `sheetsync check -w 'демо.xlsx'`."
    assert "Оценка чеклиста: 75% — выполнено пунктов: 15 из 20; исправить: связь активностей " \
        "с целями, гайдлайны бренда согласованы с дизайнером, ответственные за активности, " \
        "поощрения и взыскания, свежие данные о результатах." in lines  # fmt: skip
    assert [w for w in ENGLISH if w in out] == []
    code, out, _ = run_cli(capsys, "demo", "--today", TODAY, "--lang", "ru", "-w", "демо.xlsx")
    assert (
        out.splitlines()[0] == f"Синхронизирован уже созданный пример плана {in_tmp / 'демо.xlsx'}"
    )


def test_demo_waits_for_the_workbook_lock_like_sync(in_tmp, capsys):
    with workbook_lock(in_tmp / ".sheetsync", "sheetsync-demo.xlsx"):
        code, _, err = run_cli(capsys, "demo", "--today", TODAY)
    assert code == 5 and "another sync is running on sheetsync-demo.xlsx" in err
    assert not (in_tmp / "sheetsync-demo.xlsx").exists()  # not even created


def test_a_folder_given_as_the_workbook_is_exit_2_in_one_sentence(in_tmp, capsys):
    (in_tmp / "somedir.xlsx").mkdir()
    for command in ("sync", "demo"):
        code, out, err = run_cli(capsys, command, "-w", "somedir.xlsx", "--today", TODAY)
        assert (code, out) == (2, "")
        assert err == "sheetsync: cannot read or write somedir.xlsx: is a directory.\n"
    code, out, _ = run_cli(capsys, "check", "--json", "-w", "somedir.xlsx")
    assert code == 2
    assert json.loads(out)["error"] == {
        "exit_code": 2,
        "message": "cannot read or write somedir.xlsx: is a directory.",
    }


def test_a_refused_or_full_folder_is_an_exit_code_not_a_traceback(ru_plan, capsys, monkeypatch):
    # Tests run as root, whom chmod does not stop: the OS's refusal is raised where the save
    # makes its temporary file beside the workbook.
    def refuse(prefix: str = "", dir: str | None = None, **_: object):
        raise PermissionError(errno.EACCES, "Permission denied", f"{dir}/{prefix}x1y2z3")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    code, _, err = run_cli(capsys, "sync", "-w", str(ru_plan), "--today", TODAY, "-q")
    assert code == 3
    assert err == (
        f"sheetsync: cannot read or write a temporary file in {ru_plan.parent}: permission "
        "denied; check the folder's and the file's permissions.\n"
    )

    def full(*args: object, **kwargs: object):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(tempfile, "mkstemp", full)
    code, _, err = run_cli(capsys, "sync", "-w", "plan.xlsx", "--today", TODAY, "-q")
    assert (code, err) == (
        2,
        "sheetsync: cannot read or write plan.xlsx: no space left on device.\n",
    )
    with History(ru_plan.parent / ".sheetsync") as history:
        assert history.kpi_path("plan.xlsx") == []  # neither failed run left a day


def test_a_history_file_from_before_the_language_was_kept_gains_it(in_tmp, capsys):
    import sqlite3

    state = in_tmp / ".sheetsync"
    state.mkdir()
    old = sqlite3.connect(state / "history.sqlite3")  # version 1: runs has no lang column
    old.executescript(
        "CREATE TABLE runs (workbook TEXT NOT NULL, day TEXT NOT NULL, plan_name TEXT, "
        "budget TEXT, checklist_score REAL, checklist TEXT, alerts TEXT, "
        "PRIMARY KEY (workbook, day)); PRAGMA user_version=1;"
    )
    old.execute(
        "INSERT INTO runs VALUES ('plan.xlsx', '2026-11-20', 'План', NULL, 0.5, NULL, '[]')"
    )
    old.commit()
    old.close()
    with History(state) as history:
        assert history.language("plan.xlsx") is None  # the old record has none
        history.record("plan.xlsx", {"today": "2026-11-27", "kpis": [], "lang": "ru"})
        assert history.language("plan.xlsx") == "ru"


def test_an_alert_in_json_carries_every_field_of_the_alert():
    # Written by hand for speed: a field added to Alert must not go missing from --json.
    import dataclasses

    from sheetsync.compute.alerts import Alert

    alert = Alert("critical", "over-budget", "A6", "Spent 145 of 120.", "Anna", "Activities!I7")
    assert alert.to_json() == {
        "severity": "critical",
        "code": "over-budget",
        "subject": "A6",
        "message": "Spent 145 of 120.",
        "owner": "Anna",
        "cell": "Activities!I7",
        "amount": None,
    }
    assert list(alert.to_json()) == [f.name for f in dataclasses.fields(Alert)]

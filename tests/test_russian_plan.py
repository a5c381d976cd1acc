"""A Russian plan typed the way teams type it, checked end to end through `check --json`.

Russian headers in shuffled order, a blank first row, `1,5%`, `120 000 ₽`, `01.10.2026`.
Every expected figure below is worked out by hand in the comments.
"""

from __future__ import annotations

import json

import openpyxl
import pytest

from sheetsync.cli import main


def _sheet(book, title, rows, first_row=1):
    ws = book.create_sheet(title)
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            if value is not None:
                ws.cell(row=first_row + i, column=j + 1, value=value).data_type = "s"


@pytest.fixture
def russian_plan(tmp_path):
    book = openpyxl.Workbook()
    book.remove(book.active)
    _sheet(
        book,
        "Настройки",
        [
            ["Параметр", "Значение"],
            ["Язык", "ru"],
            ["Валюта", "RUB"],
            ["Режим бюджета", "снизу"],
            ["Лимит бюджета", "120 000 ₽"],
            ["Устаревает через дней", "14"],
        ],
    )
    _sheet(
        book,
        "Цели",
        [
            [
                "Ответственный",
                "Целевое значение",
                "ID",
                "Метрика",
                "Начало",
                "Конец",
                "База",
                "Агрегация",
                "Цель",
            ],
            [
                "Анна",
                "3%",
                "Ц1",
                "Конверсия сайта",
                "01.10.2026",
                "31.12.2026",
                "1,5%",
                "последнее",
                "Поднять конверсию",
            ],
            [
                "Борис",
                "+25",
                "Ц2",
                "Новые клиенты",
                "01.10.2026",
                "31.12.2026",
                None,
                "сумма",
                "Ещё 25 клиентов",
            ],
            [
                "Анна",
                "800 ₽",
                "Ц3",
                "Стоимость лида",
                "01.11.2026",
                "30.11.2026",
                "1 200,50 ₽",
                "последнее",
                "Снизить стоимость лида",
            ],
        ],
        first_row=2,
    )  # a blank first row, as people leave one for a title
    _sheet(
        book,
        "Факт",
        [
            ["Значение", "Дата", "Метрика"],
            ["1,8%", "15.10.2026", "Конверсия сайта"],
            ["2,1%", "12.11.2026", "конверсия сайта"],
            ["4", "07.10.2026", "Новые клиенты"],
            ["5", "14.10.2026", "Новые клиенты"],
            ["6", "25.11.2026", "Новые клиенты"],
            ["10", "30.11.2026", "Новые клиенты"],  # after today: ignored
            ["1 000 ₽", "20.11.2026", "Стоимость лида"],
            ["много", "21.11.2026", "Стоимость лида"],
        ],
    )
    path = tmp_path / "план.xlsx"
    book.save(path)
    return path


def test_russian_plan_end_to_end(russian_plan, capsys):
    code = main(["check", "--workbook", str(russian_plan), "--today", "2026-11-27", "--json"])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert data["today"] == "2026-11-27"
    kpis = {k["id"]: k for k in data["kpis"]}

    # Q4: 1 Oct – 31 Dec is 92 days; 1 Oct – 27 Nov is 58 days: expected 58/92 = 0.630435.
    c1 = kpis["Ц1"]
    assert c1["current"] == pytest.approx(0.021)
    assert c1["progress"] == pytest.approx(0.4)  # (0.021 − 0.015) ÷ (0.03 − 0.015)
    assert c1["expected"] == pytest.approx(0.630435, abs=1e-6)
    assert c1["pace"] == pytest.approx(0.634483, abs=1e-6)  # 0.4 ÷ 0.630435
    assert c1["status"] == "off-track"
    # Line through (day 14, 0.018), (day 42, 0.021), at End (day 91): 0.018 + 77 × 0.003/28
    assert c1["forecast"] == pytest.approx(0.02625)
    assert c1["stale"] is True  # newest 12 Nov, 15 days > 14

    c2 = kpis["Ц2"]
    assert c2["current"] == 15  # 4 + 5 + 6; the 30 Nov row is after today
    assert c2["progress"] == pytest.approx(0.6)  # 15 ÷ 25 (+25 over no baseline)
    assert c2["pace"] == pytest.approx(0.951724, abs=1e-6)  # 0.6 ÷ 0.630435
    assert c2["status"] == "on-track"
    assert c2["forecast"] == pytest.approx(23.793103, abs=1e-6)  # 15 ÷ 0.630435
    assert c2["stale"] is False

    # November: 30 days, 27 elapsed: 0.9. A cost that must go down: 1 200,50 → 800.
    c3 = kpis["Ц3"]
    assert c3["expected"] == pytest.approx(0.9)
    assert c3["current"] == 1000
    assert c3["progress"] == pytest.approx(0.500624, abs=1e-6)  # −200.5 ÷ −400.5
    assert c3["pace"] == pytest.approx(0.556249, abs=1e-6)
    assert c3["status"] == "off-track"
    assert c3["forecast"] == 1000  # one actual counted: the forecast is the current value

    stale = [a for a in data["alerts"] if a["code"] == "stale-kpi"]
    assert [(a["subject"], a["owner"], a["cell"]) for a in stale] == [("Ц1", "Анна", "Цели!D3")]
    assert stale[0]["message"].startswith("Цель Ц1: последний факт по «Конверсия сайта» от")

    assert data["problems"] == [
        {"cell": "Факт!A9", "message": "Факт!A9: «много» — не число; ячейка считается пустой."}
    ]
    assert data["api_calls"] == {"read": 1, "write": 0}
    assert data["tabs_written"] == []


def test_russian_plan_sync_writes_russian_tabs(russian_plan, capsys):
    assert main(["sync", "--workbook", str(russian_plan), "--today", "2026-11-27"]) == 0
    titles = openpyxl.load_workbook(russian_plan).sheetnames
    assert {"Статус KPI", "Предупреждения", "Синхронизация"} <= set(titles)
    kpi = openpyxl.load_workbook(russian_plan)["Статус KPI"]
    assert kpi["A2"].value == "ID" and kpi["K2"].value == "Статус"
    assert kpi["K3"].value == "Отстаёт"

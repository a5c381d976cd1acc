"""The benchmark's plan (docs/benchmark.md): 200 goals, 1,000 activities, 100,000 spend rows, a few
actuals per goal, a team, reporting rules and settings, with English and Russian text.

Seeded, so every run builds the same plan. Values are what a Google sheet holds: numbers as
numbers, dates as serial numbers (day 0 = 1899-12-30), and now and then a value a person
typed as text (`1 200,50 ₽`, `27.11.2026`), so the parser's text paths are exercised too.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

SERIAL_EPOCH = dt.date(1899, 12, 30)

PEOPLE = [
    "Anna Lee", "Ben Carter", "Maria Lopez", "Dan Brooks", "Elena Novak", "Frank Ode",
    "Grace Kim", "Hugo Stein", "Iris Young", "Jack Moore", "Анна Смирнова", "Борис Петров",
    "Мария Иванова", "Дмитрий Орлов", "Елена Кузнецова", "Игорь Соколов", "Ольга Попова",
    "Павел Волков", "Светлана Зайцева", "Тимур Морозов",
]  # fmt: skip
ROLES = ["Head of marketing", "Performance marketer", "Контент-менеджер", "Финансы", "Designer"]
GOAL_WORDS = [
    ("Attract new clients from {c}", "Привлечь новых клиентов из {c}"),
    ("Raise conversion of the {c} landing page", "Поднять конверсию лендинга {c}"),
    ("Grow readership through {c}", "Увеличить аудиторию через {c}"),
    ("Lower cost per lead in {c}", "Снизить стоимость лида в {c}"),
]
CHANNELS = [
    "Search ads", "Social ads", "Email", "Outdoor", "Blog", "Контекстная реклама",
    "Таргет ВКонтакте", "Наружная реклама", "Партнёры", "Webinars",
]  # fmt: skip
STATUSES = ["active"] * 6 + ["planned", "paused", "done", "cancelled"]
NOTES = ["", "", "", "invoice 42", "счёт оплачен", "bot clicks?", "перенос бюджета", "promo"]


def serial(day: dt.date) -> int:
    return (day - SERIAL_EPOCH).days


def bench_plan(
    today: dt.date,
    *,
    goals: int = 200,
    activities: int = 1_000,
    spend_rows: int = 100_000,
    seed: int = 8,
) -> dict[str, list[list]]:
    """Input tab title -> rows (header first), as a Google sheet's unformatted values."""
    rng = np.random.default_rng(seed)
    year_start = dt.date(today.year, 1, 1)
    base = serial(year_start)
    horizon = (today - year_start).days + 1

    settings = [
        ["Setting", "Value"],
        ["Plan name", "Benchmark plan / План для замера"],
        ["Currency", "USD"],
        ["Language", "en"],
        ["Time zone", "Europe/Berlin"],
        ["Budget mode", "bottom-up"],
        ["Budget limit", 12_000_000],
        ["Daily limit", 40_000],
        ["Weekly limit", "250 000 $"],
        ["Monthly limit", 1_000_000],
        ["Budget controller", "Maria Lopez"],
        ["Control method", "Кабинеты сверяются с вкладкой Spend каждое утро"],
        ["Check every", "week"],
        ["Stale after days", 21],
        ["Report retention", 8],
    ]
    team = [["Person", "Role", "Email"]] + [
        [p, ROLES[i % len(ROLES)], f"person{i}@example.com"] for i, p in enumerate(PEOPLE)
    ]

    goal_rows = [
        ["ID", "Goal", "Metric", "Aggregation", "Baseline", "Target", "Start", "End", "Owner",
         "Cost per result", "Reward", "Penalty"]
    ]  # fmt: skip
    aggregations = ["sum", "last", "mean", "сумма"]
    goal_starts = rng.integers(0, max(1, horizon - 30), goals)
    goal_lengths = rng.integers(60, 300, goals)
    for g in range(goals):
        en, ru = GOAL_WORDS[g % len(GOAL_WORDS)]
        channel = CHANNELS[g % len(CHANNELS)]
        text = (en if g % 2 else ru).format(c=channel)
        aggregation = aggregations[g % len(aggregations)]
        baseline = float(rng.integers(10, 500))
        target: object = baseline + float(rng.integers(20, 400))
        if g % 7 == 0:
            target = "+25%"
        elif g % 11 == 0:
            target = f"+{int(rng.integers(5, 80))}"
        start = base + int(goal_starts[g])
        goal_rows.append(
            [
                f"G{g + 1:03d}",
                text,
                f"metric {g + 1}",
                aggregation,
                baseline if g % 13 else None,
                target,
                start,
                start + int(goal_lengths[g]),
                PEOPLE[g % len(PEOPLE)],
                float(rng.integers(5, 80)) if g % 5 else "$12.50",
                "Quarterly bonus 10 %" if g % 2 else "Премия 10 %",
                "Plan review" if g % 3 else "Разбор с руководителем",
            ]
        )

    actual_rows = [["Date", "Metric", "Value", "Source", "Note"]]
    for g in range(goals):
        start = base + int(goal_starts[g])
        for k in range(int(rng.integers(2, 7))):
            day = min(start + 7 * (k + 1), base + horizon - 1)
            actual_rows.append(
                [day, f"metric {g + 1}", float(rng.integers(1, 600)), "CRM", "" if k else "первый"]
            )

    activity_rows = [
        ["ID", "Activity", "Goal", "Channel", "Owner", "Start", "End", "Status", "Budget",
         "Daily cap", "Expected result"]
    ]  # fmt: skip
    act_starts = rng.integers(0, max(1, horizon - 20), activities)
    act_lengths = rng.integers(20, 200, activities)
    budgets = rng.integers(1_000, 20_000, activities)
    for a in range(activities):
        g = a % goals
        goal = f"G{g + 1:03d}" if a % 6 else f"G{g + 1:03d}, G{(g + 7) % goals + 1:03d}"
        if a % 97 == 0:
            goal = None  # a non-target activity
        channel = CHANNELS[a % len(CHANNELS)]
        name = f"{channel}: campaign {a + 1}" if a % 2 else f"{channel}: кампания {a + 1}"
        start = base + int(act_starts[a])
        activity_rows.append(
            [
                f"A{a + 1:04d}",
                name,
                goal,
                channel,
                PEOPLE[(a * 3) % len(PEOPLE)] if a % 50 else None,
                start,
                start + int(act_lengths[a]),
                STATUSES[a % len(STATUSES)],
                float(budgets[a]) if a % 40 else f"{budgets[a]:,} $".replace(",", " "),
                float(rng.integers(50, 400)) if a % 3 == 0 else None,
                f"{int(rng.integers(5, 200))} leads" if a % 4 == 0 else None,
            ]
        )

    spend = [["Date", "Activity", "Amount", "Results", "Note"]]
    chosen = rng.integers(0, activities + 3, spend_rows)  # a few IDs the plan does not know
    offsets = rng.integers(0, 40, spend_rows)
    starts = np.append(act_starts, [0, 0, 0])[chosen]
    days = base + np.minimum(starts + offsets, horizon - 1)
    amounts = np.round(rng.gamma(2.0, 60.0, spend_rows), 2)
    results = rng.poisson(1.3, spend_rows).astype(float)
    no_results = rng.random(spend_rows) < 0.1
    notes = rng.integers(0, len(NOTES), spend_rows)
    for i in range(spend_rows):
        a = int(chosen[i])
        amount: object = float(amounts[i])
        day: object = int(days[i])
        if i % 503 == 0:  # typed as text by a person, the way they write money and dates
            amount = f"{amounts[i]:,.2f} ₽".replace(",", " ").replace(".", ",")
        if i % 701 == 0:
            day = (SERIAL_EPOCH + dt.timedelta(days=int(days[i]))).strftime("%d.%m.%Y")
        spend.append(
            [
                day,
                f"A{a + 1:04d}",
                amount,
                None if no_results[i] else float(results[i]),
                NOTES[notes[i]] or None,
            ]
        )

    reporting = [
        ["Report", "Every", "Author", "Readers", "Decision maker"],
        ["Weekly performance", "week", "Ben Carter", "Anna Lee, Maria Lopez", "Anna Lee"],
        [
            "Месячный отчёт",
            "месяц",
            "Мария Иванова",
            "Анна Смирнова, Борис Петров",
            "Анна Смирнова",
        ],
        ["Quarterly review", "quarter", "Anna Lee", "Grace Kim", "Grace Kim"],
    ]
    checklist = [
        ["Item", "Section", "Done"],
        ["UTM tags on every link", "Control", "yes"],
        ["Брендбук согласован", "Goals", "нет"],
    ]
    return {
        "Settings": settings,
        "Team": team,
        "Goals": goal_rows,
        "Actuals": actual_rows,
        "Activities": activity_rows,
        "Spend": spend,
        "Reporting": reporting,
        "Checklist": checklist,
    }


def as_dates(tabs: dict[str, list[list]]) -> dict[str, list[list]]:
    """The same plan with serial numbers in date columns as dates, for an .xlsx file."""
    date_columns = {"Goals": (6, 7), "Actuals": (0,), "Activities": (5, 6), "Spend": (0,)}
    out: dict[str, list[list]] = {}
    for title, rows in tabs.items():
        columns = date_columns.get(title, ())
        if not columns:
            out[title] = rows
            continue
        converted = [rows[0]]
        for row in rows[1:]:
            row = list(row)
            for c in columns:
                if isinstance(row[c], int):
                    row[c] = SERIAL_EPOCH + dt.timedelta(days=row[c])
            converted.append(row)
        out[title] = converted
    return out

"""The example plan of SPEC §6, as rows of input tabs, for `init --example` and `demo`.

Dates are laid around `today` so the demo always shows a plan in mid-flight: goals run for
a quarter-long period that started 57 days ago. Every figure is arithmetic, not random,
so the same day gives the same workbook. A few faults are deliberate, so that every output
tab shows something: a non-target activity, a campaign marked done that still spends after
its end and past its budget, a day, a week and a month over the plan's limits, a day over
an activity's cap, spend on an unknown activity ID, days of spend without results, a blog
goal whose figures went stale, a report reader who is not on the team.
"""

from __future__ import annotations

import datetime as dt

from sheetsync.plan.schema import (
    ACTIVITIES,
    ACTUALS,
    CHECKLIST,
    GOALS,
    INPUT_TABS,
    REPORTING,
    SETTINGS,
    SPEND,
    TEAM,
)

PEOPLE = {
    "en": ["Anna Lee", "Ben Carter", "Maria Lopez", "Dan Brooks", "Elena Novak"],
    "ru": ["Анна Смирнова", "Борис Петров", "Мария Иванова", "Дмитрий Орлов", "Елена Кузнецова"],
}
ROLES = {
    "en": [
        "Head of marketing",
        "Performance marketer",
        "Finance, budget controller",
        "Content manager",
        "Web designer",
    ],
    "ru": [
        "Руководитель маркетинга",
        "Performance-маркетолог",
        "Финансы, контролёр бюджета",
        "Контент-менеджер",
        "Веб-дизайнер",
    ],
}


def _t(lang: str, en: str, ru: str) -> str:
    return ru if lang == "ru" else en


def _date(day: dt.date, lang: str) -> str:
    # Typed the way each team types dates, so the parser's both paths are in the demo.
    return day.strftime("%d.%m.%Y") if lang == "ru" else day.isoformat()


def example_tabs(today: dt.date, lang: str = "en") -> dict[str, list[list]]:
    """Input tab title -> rows (header first) of the example plan."""
    anna, ben, maria, dan, elena = PEOPLE[lang]
    start = today - dt.timedelta(days=57)
    end = start + dt.timedelta(days=91)
    d = lambda offset: _date(start + dt.timedelta(days=offset), lang)  # noqa: E731

    settings = [
        [
            _t(lang, "Plan name", "Название плана"),
            _t(lang, "Example marketing plan", "Пример маркетингового плана"),
        ],
        [_t(lang, "Currency", "Валюта"), "USD"],
        [_t(lang, "Language", "Язык"), lang],
        [_t(lang, "Time zone", "Часовой пояс"), "Europe/Moscow" if lang == "ru" else "UTC"],
        [_t(lang, "Budget mode", "Режим бюджета"), _t(lang, "bottom-up", "снизу")],
        [_t(lang, "Budget limit", "Лимит бюджета"), _t(lang, "$800", "800 $")],
        [_t(lang, "Daily limit", "Лимит в день"), 40],
        [_t(lang, "Weekly limit", "Лимит в неделю"), 150],
        [_t(lang, "Monthly limit", "Лимит в месяц"), 300],
        [_t(lang, "Budget controller", "Контролёр бюджета"), maria],
        [
            _t(lang, "Control method", "Способ контроля"),
            _t(
                lang,
                "Ad cabinets checked against the Spend tab every morning",
                "Каждое утро сверяет рекламные кабинеты с вкладкой «Расходы»",
            ),
        ],
        [_t(lang, "Check every", "Проверять каждые"), _t(lang, "day", "день")],
        [_t(lang, "Stale after days", "Устаревает через дней"), 14],
        [_t(lang, "Report retention", "Хранить отчётов"), 8],
    ]
    team = [
        [p, r, f"{p.split()[0].lower()}@example.com" if lang == "en" else f"user{i}@example.com"]
        for i, (p, r) in enumerate(zip(PEOPLE[lang], ROLES[lang], strict=True))
    ]
    reward = _t(lang, "Quarterly bonus 10 %", "Квартальная премия 10 %")
    penalty = _t(
        lang, "No bonus; plan reviewed with the head", "Без премии; разбор с руководителем"
    )
    goals = [
        [
            "G1",
            _t(
                lang,
                "Attract 25 more new clients this quarter",
                "Привлечь ещё 25 новых клиентов за квартал",
            ),
            _t(lang, "New clients", "Новые клиенты"),
            _t(lang, "sum", "сумма"),
            None,
            "+25",
            d(0),
            _date(end, lang),
            anna,
            _t(lang, "$30", "30 $"),
            reward,
            penalty,
        ],
        [
            "G2",
            _t(
                lang,
                "Raise the site's conversion from 1.5 % to 3 %",
                "Поднять конверсию сайта с 1,5 % до 3 %",
            ),
            _t(lang, "Site conversion", "Конверсия сайта"),
            _t(lang, "last", "последнее"),
            _t(lang, "1.5%", "1,5%"),
            "3%",
            d(0),
            _date(end, lang),
            elena,
            None,
            reward,
            penalty,
        ],
        [
            "G3",
            _t(
                lang,
                "Outdoor banner: from 30 to 45 clients a month",
                "Баннер: с 30 до 45 клиентов в месяц",
            ),
            _t(lang, "Banner clients", "Клиенты с баннера"),
            _t(lang, "mean", "среднее"),
            30,
            45,
            d(0),
            _date(end, lang),
            ben,
            _t(lang, "$4", "4 $"),
            reward,
            penalty,
        ],
        [
            "G4",
            _t(lang, "Grow the blog's readership by half", "Увеличить аудиторию блога в 1,5 раза"),
            _t(lang, "Blog readers", "Читатели блога"),
            _t(lang, "last", "последнее"),
            2000,
            "+50%",
            d(0),
            _date(end, lang),
            dan,
            None,
            None,
            None,
        ],
    ]
    actuals = []
    for week in range(8):  # weekly figures so far
        day = start + dt.timedelta(days=7 * week + 6)
        if day > today:
            break
        actuals.append(
            [_date(day, lang), _t(lang, "New clients", "Новые клиенты"), 2 + week % 2, "CRM", None]
        )
        conversion = 1.5 + 0.1 * week
        actuals.append(
            [
                _date(day, lang),
                _t(lang, "Site conversion", "Конверсия сайта"),
                _t(lang, f"{conversion:.1f}%", f"{conversion:.1f}%".replace(".", ",")),
                "Analytics",
                None,
            ]
        )
    for month in range(2):
        day = start + dt.timedelta(days=30 * month + 29)
        if day <= today:
            actuals.append(
                [
                    _date(day, lang),
                    _t(lang, "Banner clients", "Клиенты с баннера"),
                    33 + 4 * month,
                    _t(lang, "Call tracking", "Коллтрекинг"),
                    None,
                ]
            )
    for offset, readers in ((6, 2100), (20, 2350), (34, 2500)):
        actuals.append(
            [d(offset), _t(lang, "Blog readers", "Читатели блога"), readers, "Analytics", None]
        )

    status = {
        k: _t(lang, en, ru)
        for k, en, ru in (
            ("active", "active", "активна"),
            ("done", "done", "завершена"),
            ("paused", "paused", "на паузе"),
        )
    }
    social_end = start + dt.timedelta(days=40)
    activities = [
        [
            "A1",
            _t(lang, "A/B test of the site header", "A/B-тест шапки сайта"),
            "G2",
            _t(lang, "Site", "Сайт"),
            elena,
            d(0),
            d(60),
            status["active"],
            80,
            None,
            None,
        ],
        [
            "A2",
            _t(lang, "A/B test of the page background", "A/B-тест фона страницы"),
            "G2",
            _t(lang, "Site", "Сайт"),
            elena,
            d(0),
            d(60),
            status["active"],
            40,
            None,
            None,
        ],
        [
            "A3",
            _t(lang, "A/B test of button colours", "A/B-тест цвета кнопок"),
            "G2",
            _t(lang, "Site", "Сайт"),
            elena,
            d(0),
            d(60),
            status["active"],
            40,
            None,
            None,
        ],
        [
            "A4",
            _t(lang, "Landing page for the offer", "Посадочная страница под оффер"),
            "G1, G2",
            _t(lang, "Site", "Сайт"),
            elena,
            d(0),
            d(30),
            status["done"],
            120,
            None,
            10,
        ],
        [
            "A5",
            _t(lang, "Paid search to the landing page", "Контекстная реклама на лендинг"),
            "G1",
            _t(lang, "Search ads", "Контекст"),
            ben,
            d(0),
            _date(end, lang),
            status["active"],
            200,
            10,
            15,
        ],
        [
            "A6",
            _t(lang, "Social ads to the landing page", "Таргетированная реклама на лендинг"),
            "G1",
            _t(lang, "Social ads", "Соцсети"),
            ben,
            d(0),
            _date(social_end, lang),
            status["done"],
            120,
            None,
            8,
        ],
        [
            "A7",
            _t(lang, "Outdoor banner by the office", "Баннер у офиса"),
            "G3",
            _t(lang, "Outdoor", "Наружная реклама"),
            ben,
            d(0),
            _date(end, lang),
            status["active"],
            80,
            None,
            45,
        ],
        [
            "A8",
            _t(lang, "Two blog posts a week", "Две статьи в блог в неделю"),
            "G4",
            _t(lang, "Content", "Контент"),
            dan,
            d(0),
            _date(end, lang),
            status["active"],
            40,
            None,
            None,
        ],
        [
            "A9",
            _t(lang, "Our own CRM, written in-house", "Самописная CRM"),
            None,
            _t(lang, "IT", "ИТ"),
            None,
            d(0),
            _date(end, lang),
            status["active"],
            60,
            None,
            None,
        ],
    ]
    spend = []
    for offset in range((today - start).days + 1):
        day = start + dt.timedelta(days=offset)
        # Paid search: a steady $2.50 a day, one day over its $10 cap.
        amount = 12 if offset == 20 else 2.5
        spend.append([_date(day, lang), "A5", amount, 1 if offset % 3 == 0 else 0, None])
        # Social ads ended on day 40 and are marked done, but nobody switched them off:
        # they spend on to today, past their budget.
        spend.append([_date(day, lang), "A6", 2.5, 0 if 30 <= offset <= 33 else 1, None])
        if offset % 7 == 0:
            spend.append([_date(day, lang), "A1", 8, None, None])
            spend.append([_date(day, lang), "A8", 3, None, None])
            spend.append(
                [_date(day, lang), "A9", 6, None, _t(lang, "hosting for the CRM", "хостинг CRM")]
            )
    spend.append(
        [
            d(15),
            "A4",
            _t(lang, "$120", "120 $"),
            4,
            _t(lang, "landing page build", "вёрстка лендинга"),
        ]
    )
    spend.append([d(16), "A99", 25, None, _t(lang, "who is this?", "что это?")])
    reporting = [
        [
            _t(lang, "Weekly marketing report", "Еженедельный отчёт"),
            _t(lang, "week", "неделя"),
            ben,
            f"{anna}, {maria}",
            anna,
        ],
        [
            _t(lang, "Monthly report to the director", "Ежемесячный отчёт директору"),
            _t(lang, "month", "месяц"),
            anna,
            _t(lang, "Director", "Директор"),
            _t(lang, "Director", "Директор"),
        ],
    ]
    checklist = [
        [
            _t(
                lang,
                "Competitors' offers reviewed this quarter",
                "Предложения конкурентов изучены в этом квартале",
            ),
            _t(lang, "Goals", "Цели"),
            _t(lang, "yes", "да"),
        ],
        [
            _t(
                lang,
                "Brand guidelines agreed with the designer",
                "Гайдлайны бренда согласованы с дизайнером",
            ),
            _t(lang, "Activities", "Активности"),
            _t(lang, "no", "нет"),
        ],
    ]
    body = {
        SETTINGS: settings,
        TEAM: team,
        GOALS: goals,
        ACTUALS: actuals,
        ACTIVITIES: activities,
        SPEND: spend,
        REPORTING: reporting,
        CHECKLIST: checklist,
    }
    return {spec.title(lang): [spec.header(lang), *rows] for spec, rows in body.items()}


def empty_tabs(lang: str = "en") -> dict[str, list[list]]:
    """A new plan: every input tab with its header, Settings with its names filled in."""
    from sheetsync.plan.schema import SETTINGS_KEYS

    tabs = {spec.title(lang): [spec.header(lang)] for spec in INPUT_TABS}
    tabs[SETTINGS.title(lang)] += [
        [s.names[1] if lang == "ru" else s.names[0], None] for s in SETTINGS_KEYS
    ]
    tabs[SETTINGS.title(lang)][3][1] = lang
    return tabs

"""The example plan, as rows of input tabs, for `init --example` and `demo`.

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

from sheetsync.contracts import Cell
from sheetsync.i18n import grouped, t
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


def _date(day: dt.date, lang: str) -> str:
    # Typed the way each team types dates, so the parser's both paths are in the demo.
    return day.strftime(t(lang, "date-typed"))


def example_tabs(today: dt.date, lang: str = "en", *, typed: bool = False) -> dict[str, list[list]]:
    """Input tab title -> rows (header first) of the example plan.

    `typed` (init --example, demo): cells as a team's own sort, filter or SUMIFS needs
    them: dates as dates, money and percentages as numbers in a `Cell` carrying their
    number format (`money:USD`, `percent`). Untyped, they are the text people type
    (`$800`, `1.5%`, `27.11.2026`), which the parser's tests read."""
    anna, ben, maria, dan, elena = PEOPLE[lang]
    start = today - dt.timedelta(days=57)
    end = start + dt.timedelta(days=91)

    def day(when: dt.date) -> object:
        return when if typed else _date(when, lang)

    def d(offset: int) -> object:
        return day(start + dt.timedelta(days=offset))

    def money(amount: float, typed_as: object = None) -> object:
        """An amount in the plan's currency; untyped, as given (`typed_as`) or the number."""
        if typed:
            return Cell(amount, "money:USD")
        return amount if typed_as is None else typed_as

    def percent(fraction: float, typed_as: str) -> object:
        return Cell(fraction, "percent") if typed else typed_as

    settings = [
        [
            t(lang, "example:plan-name"),
            t(lang, "example:example-marketing-plan"),
        ],
        [t(lang, "example:currency"), "USD"],
        [t(lang, "example:language"), lang],
        [t(lang, "example:time-zone"), t(lang, "example:time-zone-value")],
        [t(lang, "example:budget-mode"), t(lang, "example:bottom-up")],
        [t(lang, "example:budget-limit"), money(800, t(lang, "example:800"))],
        [t(lang, "example:daily-limit"), money(40)],
        [t(lang, "example:weekly-limit"), money(150)],
        [t(lang, "example:monthly-limit"), money(300)],
        [t(lang, "example:budget-controller"), maria],
        [
            t(lang, "example:control-method"),
            t(lang, "example:ad-cabinets-checked-against-the-spend-ta"),
        ],
        [t(lang, "example:check-every"), t(lang, "example:day")],
        [t(lang, "example:stale-after-days"), 14],
        [t(lang, "example:report-retention"), 8],
    ]
    team = [
        [p, r, t(lang, "example:email", first=p.split()[0].lower(), i=i)]
        for i, (p, r) in enumerate(zip(PEOPLE[lang], ROLES[lang], strict=True))
    ]
    reward = t(lang, "example:quarterly-bonus-10")
    penalty = t(lang, "example:no-bonus-plan-reviewed-with-the-head")
    goals = [
        [
            "G1",
            t(lang, "example:attract-25-more-new-clients-this-quarter"),
            t(lang, "example:new-clients"),
            t(lang, "example:sum"),
            None,
            "+25",
            d(0),
            day(end),
            anna,
            money(30, t(lang, "example:30")),
            reward,
            penalty,
        ],
        [
            "G2",
            t(lang, "example:raise-the-site-s-conversion-from-1-5-to"),
            t(lang, "example:site-conversion"),
            t(lang, "example:last"),
            percent(0.015, t(lang, "example:1-5")),
            percent(0.03, "3%"),
            d(0),
            day(end),
            elena,
            None,
            reward,
            penalty,
        ],
        [
            "G3",
            t(lang, "example:outdoor-banner-from-30-to-45-clients-a-m"),
            t(lang, "example:banner-clients"),
            t(lang, "example:mean"),
            30,
            45,
            d(0),
            day(end),
            ben,
            money(4, t(lang, "example:4")),
            reward,
            penalty,
        ],
        [
            "G4",
            t(lang, "example:grow-the-blog-s-readership-by-half"),
            t(lang, "example:blog-readers"),
            t(lang, "example:last"),
            2000,
            "+50%",
            d(0),
            day(end),
            dan,
            None,
            None,
            None,
        ],
    ]
    actuals = []
    for week in range(8):  # weekly figures so far
        on = start + dt.timedelta(days=7 * week + 6)
        if on > today:
            break
        actuals.append([day(on), t(lang, "example:new-clients"), 2 + week % 2, "CRM", None])
        conversion = 1.5 + 0.1 * week
        actuals.append(
            [
                day(on),
                t(lang, "example:site-conversion"),
                percent(round(conversion / 100, 4), grouped(conversion, 1, lang) + "%"),
                "Analytics",
                None,
            ]
        )
    for month in range(2):
        on = start + dt.timedelta(days=30 * month + 29)
        if on <= today:
            actuals.append(
                [
                    day(on),
                    t(lang, "example:banner-clients"),
                    33 + 4 * month,
                    t(lang, "example:call-tracking"),
                    None,
                ]
            )
    for offset, readers in ((6, 2100), (20, 2350), (34, 2500)):
        actuals.append([d(offset), t(lang, "example:blog-readers"), readers, "Analytics", None])

    status = {
        "active": t(lang, "example:active"),
        "done": t(lang, "example:done"),
        "paused": t(lang, "example:paused"),
    }
    social_end = start + dt.timedelta(days=40)
    activities = [
        [
            "A1",
            t(lang, "example:a-b-test-of-the-site-header"),
            "G2",
            t(lang, "example:site"),
            elena,
            d(0),
            d(60),
            status["active"],
            money(80),
            None,
            None,
        ],
        [
            "A2",
            t(lang, "example:a-b-test-of-the-page-background"),
            "G2",
            t(lang, "example:site"),
            elena,
            d(0),
            d(60),
            status["active"],
            money(40),
            None,
            None,
        ],
        [
            "A3",
            t(lang, "example:a-b-test-of-button-colours"),
            "G2",
            t(lang, "example:site"),
            elena,
            d(0),
            d(60),
            status["active"],
            money(40),
            None,
            None,
        ],
        [
            "A4",
            t(lang, "example:landing-page-for-the-offer"),
            "G1, G2",
            t(lang, "example:site"),
            elena,
            d(0),
            d(30),
            status["done"],
            money(120),
            None,
            10,
        ],
        [
            "A5",
            t(lang, "example:paid-search-to-the-landing-page"),
            "G1",
            t(lang, "example:search-ads"),
            ben,
            d(0),
            day(end),
            status["active"],
            money(200),
            money(10),
            15,
            # The ad cabinets' campaigns whose imported cost is this activity's.
            "Landing search*, 8841200",
        ],
        [
            "A6",
            t(lang, "example:social-ads-to-the-landing-page"),
            "G1",
            t(lang, "example:social-ads"),
            ben,
            d(0),
            day(social_end),
            status["done"],
            money(120),
            None,
            8,
            "Landing social*",
        ],
        [
            "A7",
            t(lang, "example:outdoor-banner-by-the-office"),
            "G3",
            t(lang, "example:outdoor"),
            ben,
            d(0),
            day(end),
            status["active"],
            money(80),
            None,
            45,
        ],
        [
            "A8",
            t(lang, "example:two-blog-posts-a-week"),
            "G4",
            t(lang, "example:content"),
            dan,
            d(0),
            day(end),
            status["active"],
            money(40),
            None,
            None,
        ],
        [
            "A9",
            t(lang, "example:our-own-crm-written-in-house"),
            None,
            t(lang, "example:it"),
            None,
            d(0),
            day(end),
            status["active"],
            money(60),
            None,
            None,
        ],
    ]
    spend = []
    for offset in range((today - start).days + 1):
        on = d(offset)
        # Paid search: a steady $2.50 a day, one day over its $10 cap.
        amount = 12 if offset == 20 else 2.5
        spend.append([on, "A5", money(amount), 1 if offset % 3 == 0 else 0, None])
        # Social ads ended on day 40 and are marked done, but nobody switched them off:
        # they spend on to today, past their budget.
        spend.append([on, "A6", money(2.5), 0 if 30 <= offset <= 33 else 1, None])
        if offset % 7 == 0:
            spend.append([on, "A1", money(8), None, None])
            spend.append([on, "A8", money(3), None, None])
            spend.append([on, "A9", money(6), None, t(lang, "example:hosting-for-the-crm")])
    spend.append(
        [
            d(15),
            "A4",
            money(120, t(lang, "example:120")),
            4,
            t(lang, "example:landing-page-build"),
        ]
    )
    spend.append([d(16), "A99", money(25), None, t(lang, "example:who-is-this")])
    reporting = [
        [
            t(lang, "example:weekly-marketing-report"),
            t(lang, "example:week"),
            ben,
            f"{anna}, {maria}",
            anna,
        ],
        [
            t(lang, "example:monthly-report-to-the-director"),
            t(lang, "example:month"),
            anna,
            t(lang, "example:director"),
            t(lang, "example:director"),
        ],
    ]
    checklist = [
        [
            t(lang, "example:competitors-offers-reviewed-this-quarter"),
            t(lang, "example:goals"),
            t(lang, "example:yes"),
        ],
        [
            t(lang, "example:brand-guidelines-agreed-with-the-designe"),
            t(lang, "example:activities"),
            t(lang, "example:no"),
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

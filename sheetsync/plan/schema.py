"""The plan's vocabulary: input tab and column names in English and Russian, and enum words.

Everything a person may type as a tab name, a header or an enum value is matched here,
case-insensitively and trimmed, so the rest of the code speaks only canonical keys.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field


def norm(text: object) -> str:
    """Canonical form for matching names people type: trimmed, lower case, single spaces, ё→е."""
    if type(text) is str:  # exactly str: True and 1 hash alike, so only text is cached
        return _norm_text(text)
    return _norm(text)


def _norm(text: object) -> str:
    return " ".join(str(text).replace("\u00a0", " ").split()).casefold().replace("ё", "е")


# Header, tab, setting and enum names are normalised over and over (every name of every
# column for every header cell): each distinct text once.
_norm_text = functools.lru_cache(maxsize=16_384)(_norm)


def norm_key(value: object) -> str | None:
    """What an ID or a name typed in a cell is matched by (`norm`); None for an empty cell or
    one that holds no text."""
    return norm(value) if isinstance(value, str) and value.strip() else None


@dataclass(frozen=True)
class Column:
    key: str
    kind: str  # text, number, money, ratio, target, date, yesno, enum:<name>, ids, people
    names: tuple[str, ...]
    required: bool = False  # a header without it: the tab is not read


@dataclass(frozen=True)
class TabSpec:
    key: str
    names: tuple[str, ...]  # first English, second Russian: the names `init` writes
    columns: tuple[Column, ...]
    required: bool = False  # missing or empty, it is a problem (Goals)
    id_column: str | None = None
    aliases: tuple[str, ...] = field(default=())

    def title(self, lang: str) -> str:
        return self.names[1] if lang == "ru" else self.names[0]

    def header(self, lang: str) -> list[str]:
        return [c.names[1] if lang == "ru" else c.names[0] for c in self.columns]


def _c(key: str, kind: str, en: str, ru: str, *more: str, required: bool = False) -> Column:
    return Column(key, kind, (en, ru, *more), required)


SETTINGS = TabSpec(
    "settings",
    ("Settings", "Настройки"),
    (
        _c("setting", "text", "Setting", "Параметр", "Name", "Настройка", required=True),
        _c("value", "raw", "Value", "Значение", required=True),
    ),
)

TEAM = TabSpec(
    "team",
    ("Team", "Команда"),
    (
        _c("person", "text", "Person", "Сотрудник", "Name", "Имя", "Человек", required=True),
        _c("role", "text", "Role", "Роль", "Должность"),
        _c("email", "text", "Email", "Email", "E-mail", "Почта"),
        # A chat handle (@ben): named beside a person's alerts in team channel messages.
        _c("chat", "text", "Chat", "Чат", "Telegram", "Slack", "Handle"),
    ),
    id_column="person",
)

GOALS = TabSpec(
    "goals",
    ("Goals", "Цели"),
    (
        _c("id", "text", "ID", "ID", "Id", "№", "Код", required=True),
        _c("goal", "text", "Goal", "Цель", "Name", "Название"),
        _c("metric", "text", "Metric", "Метрика", "KPI", "Показатель"),
        _c("aggregation", "enum:aggregation", "Aggregation", "Агрегация", "Агрегирование"),
        _c("baseline", "number", "Baseline", "База", "Базовое значение", "Исходное значение"),
        _c("target", "target", "Target", "Целевое значение", "Цель KPI", "Целевой показатель"),
        _c("start", "date", "Start", "Начало", "Дата начала"),
        _c("end", "date", "End", "Конец", "Окончание", "Дата окончания"),
        _c("owner", "person", "Owner", "Ответственный"),
        _c("cost_per_result", "money", "Cost per result", "Стоимость результата"),
        _c("reward", "text", "Reward", "Поощрение", "Награда"),
        _c("penalty", "text", "Penalty", "Взыскание", "Наказание", "Штраф"),
    ),
    required=True,
    id_column="id",
)

ACTUALS = TabSpec(
    "actuals",
    ("Actuals", "Факт"),
    (
        _c("date", "date", "Date", "Дата", required=True),
        _c("metric", "text", "Metric", "Метрика", "KPI", "Показатель", required=True),
        _c("value", "number", "Value", "Значение", required=True),
        _c("source", "text", "Source", "Источник"),
        _c("note", "text", "Note", "Примечание", "Комментарий"),
    ),
)

ACTIVITIES = TabSpec(
    "activities",
    ("Activities", "Активности"),
    (
        _c("id", "text", "ID", "ID", "Id", "№", "Код", required=True),
        _c("activity", "text", "Activity", "Активность", "Name", "Название", "Мероприятие"),
        _c("goal", "ids", "Goal", "Цель", "Goals", "Цели"),
        _c("channel", "text", "Channel", "Канал"),
        _c("owner", "person", "Owner", "Ответственный"),
        _c("start", "date", "Start", "Начало", "Дата начала"),
        _c("end", "date", "End", "Конец", "Окончание", "Дата окончания"),
        _c("status", "enum:status", "Status", "Статус"),
        _c("budget", "money", "Budget", "Бюджет"),
        _c("daily_cap", "money", "Daily cap", "Лимит в день", "Дневной лимит"),
        _c("expected_result", "number", "Expected result", "Ожидаемый результат"),
        # Ad cabinet campaigns whose imported cost is this activity's: names or IDs,
        # comma-separated, `*` a wildcard (plan/campaigns.py).
        _c("campaigns", "ids", "Campaigns", "Кампании", "Campaign", "Кампания"),
    ),
    id_column="id",
)

SPEND = TabSpec(
    "spend",
    ("Spend", "Расходы"),
    (
        _c("date", "date", "Date", "Дата", required=True),
        _c("activity", "text", "Activity", "Активность", "Activity ID", required=True),
        _c("amount", "money", "Amount", "Сумма", required=True),
        _c("results", "number", "Results", "Результаты", "Результат"),
        _c("note", "text", "Note", "Примечание", "Комментарий"),
    ),
)

REPORTING = TabSpec(
    "reporting",
    ("Reporting", "Отчётность"),
    (
        _c("report", "text", "Report", "Отчёт", "Отчет"),
        _c("every", "enum:period", "Every", "Периодичность", "Период", required=True),
        _c("author", "person", "Author", "Автор"),
        _c("readers", "people", "Readers", "Читатели"),
        _c("decision_maker", "person", "Decision maker", "Принимает решения", "Решения"),
    ),
)

CHECKLIST = TabSpec(
    "checklist",
    ("Checklist", "Чеклист", "Чек-лист"),
    (
        _c("item", "text", "Item", "Пункт", "Вопрос", required=True),
        _c("section", "text", "Section", "Раздел"),
        _c("done", "yesno", "Done", "Выполнено", "Готово", "Да/нет"),
    ),
)

# Optional: what was decided because of the reports, and who decided it (the strategy's
# "who changes activities"); a report shows the decisions of its period.
DECISIONS = TabSpec(
    "decisions",
    ("Decisions", "Решения"),
    (
        _c("date", "date", "Date", "Дата", required=True),
        _c("decision", "text", "Decision", "Решение", required=True),
        _c("by", "person", "By", "Кто решил", "Кем", "Автор"),
        _c("activity", "ids", "Activity", "Активность", "Активности"),
        _c("goal", "ids", "Goal", "Цель", "Цели"),
    ),
)

# Not an input tab: the output tab `sheetsync import` owns and reads back as its store of
# imported rows (one per date x platform x campaign). Read with the same parsers.
IMPORTED = TabSpec(
    "imported",
    ("Imported spend", "Импорт расходов"),
    (
        _c("date", "date", "Date", "Дата", required=True),
        _c("platform", "text", "Platform", "Платформа", required=True),
        _c("account", "text", "Account", "Аккаунт"),
        _c("campaign", "text", "Campaign", "Кампания", required=True),
        _c("campaign_id", "text", "Campaign ID", "ID кампании"),
        _c("activity", "text", "Activity", "Активность"),
        _c("cost", "money", "Cost", "Расход", required=True),
        _c("clicks", "number", "Clicks", "Клики"),
        _c("impressions", "number", "Impressions", "Показы"),
        _c("conversions", "number", "Conversions", "Конверсии"),
        _c("file", "text", "File", "Файл"),
        _c("imported_on", "date", "Imported on", "Загружено"),
    ),
)

INPUT_TABS: tuple[TabSpec, ...] = (
    SETTINGS,
    TEAM,
    GOALS,
    ACTUALS,
    ACTIVITIES,
    SPEND,
    REPORTING,
    CHECKLIST,
    DECISIONS,
)


def match_tab(title: str) -> TabSpec | None:
    """The input tab a sheet's title names, or None for any other tab."""
    wanted = norm(title)
    for spec in INPUT_TABS:
        if any(norm(n) == wanted for n in spec.names):
            return spec
    return None


@dataclass(frozen=True)
class Setting:
    key: str
    kind: str
    names: tuple[str, ...]
    minimum: int | None = None  # int settings: smaller is a problem and the default is used


SETTINGS_KEYS: tuple[Setting, ...] = (
    Setting("plan_name", "text", ("Plan name", "Название плана")),
    Setting("currency", "currency", ("Currency", "Валюта")),
    Setting("language", "enum:language", ("Language", "Язык")),
    Setting("time_zone", "time_zone", ("Time zone", "Часовой пояс")),
    Setting("budget_mode", "enum:budget_mode", ("Budget mode", "Режим бюджета")),
    Setting("budget_limit", "money", ("Budget limit", "Лимит бюджета")),
    Setting("daily_limit", "money", ("Daily limit", "Лимит в день")),
    Setting("weekly_limit", "money", ("Weekly limit", "Лимит в неделю")),
    Setting("monthly_limit", "money", ("Monthly limit", "Лимит в месяц")),
    Setting("budget_controller", "person", ("Budget controller", "Контролёр бюджета")),
    Setting("control_method", "text", ("Control method", "Способ контроля")),
    Setting("check_every", "enum:check_every", ("Check every", "Проверять каждые")),
    Setting("stale_after_days", "int", ("Stale after days", "Устаревает через дней"), 0),
    Setting("report_retention", "int", ("Report retention", "Хранить отчётов"), 1),
    Setting("notify", "enum:notify", ("Notify", "Уведомления")),
    Setting("spend_source", "enum:spend_source", ("Spend source", "Источник расходов")),
)


def match_setting(name: str) -> Setting | None:
    wanted = norm(name)
    for s in SETTINGS_KEYS:
        if any(norm(n) == wanted for n in s.names):
            return s
    return None


# Enum words: canonical code -> every word a person may type for it (en and ru).
ENUMS: dict[str, dict[str, tuple[str, ...]]] = {
    "aggregation": {
        "sum": ("sum", "total", "сумма", "итого"),
        "last": ("last", "latest", "последнее", "последний", "последняя"),
        "mean": ("mean", "average", "avg", "среднее", "средний", "средняя"),
    },
    "status": {
        "planned": (
            "planned",
            "plan",
            "not started",
            "draft",
            "планируется",
            "запланирована",
            "запланировано",
            "план",
            "не начата",
            "черновик",
        ),
        "active": (
            "active",
            "running",
            "live",
            "on",
            "in progress",
            "активна",
            "активно",
            "активный",
            "идёт",
            "идет",
            "запущена",
            "в работе",
            "включена",
        ),
        "paused": (
            "paused",
            "stopped",
            "off",
            "on hold",
            "suspended",
            "на паузе",
            "пауза",
            "приостановлена",
            "остановлена",
            "остановлено",
            "выключена",
            "отключена",
        ),
        "done": (
            "done",
            "finished",
            "completed",
            "complete",
            "ended",
            "closed",
            "завершена",
            "завершено",
            "готово",
            "закончена",
            "окончена",
        ),
        "cancelled": ("cancelled", "canceled", "dropped", "отменена", "отменено", "отмена"),
    },
    "budget_mode": {
        "bottom-up": ("bottom-up", "bottom up", "снизу", "снизу вверх", "снизу-вверх"),
        "top-down": ("top-down", "top down", "сверху", "сверху вниз", "сверху-вниз"),
    },
    "check_every": {
        "day": ("day", "daily", "день", "ежедневно", "каждый день"),
        "week": ("week", "weekly", "неделя", "неделю", "еженедельно", "каждую неделю"),
        "month": ("month", "monthly", "месяц", "ежемесячно", "каждый месяц"),
    },
    "period": {
        "week": ("week", "weekly", "неделя", "неделю", "еженедельно", "еженедельный"),
        "month": ("month", "monthly", "месяц", "ежемесячно", "ежемесячный"),
        "quarter": ("quarter", "quarterly", "квартал", "ежеквартально", "ежеквартальный"),
    },
    "notify": {
        "off": ("off", "none", "no", "выкл", "выключены", "нет"),
        "critical": ("critical", "критичные", "критично", "только критичные"),
        "all": ("all", "every", "все", "всё"),
    },
    "spend_source": {
        "typed": ("typed", "manual", "spend tab", "вручную", "введённые", "ручной", "ручные"),
        "imported": ("imported", "import", "cabinets", "импорт", "импортированные", "из кабинетов"),
        "both": ("both", "all", "оба", "все", "всё"),
    },
    "language": {
        "en": ("en", "english", "английский", "eng"),
        "ru": ("ru", "russian", "русский", "rus"),
    },
}

ENUM_LOOKUP: dict[str, dict[str, str]] = {
    enum: {norm(word): code for code, words in codes.items() for word in words}
    for enum, codes in ENUMS.items()
}

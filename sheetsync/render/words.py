"""The words on output tabs, in English and Russian: tab titles, headers, status names."""

from __future__ import annotations

TAB_TITLES: dict[str, dict[str, str]] = {
    "kpi-status": {"en": "KPI Status", "ru": "Статус KPI"},
    "budget-control": {"en": "Budget Control", "ru": "Контроль бюджета"},
    "alerts": {"en": "Alerts", "ru": "Предупреждения"},
    "checklist-score": {"en": "Checklist Score", "ru": "Оценка чеклиста"},
    "owners": {"en": "Owners", "ru": "Ответственные"},
    "sync": {"en": "Sync", "ru": "Синхронизация"},
}

STATUS_WORDS: dict[str, dict[str, str]] = {
    "not-started": {"en": "Not started", "ru": "Не начата"},
    "no-data": {"en": "No data", "ru": "Нет данных"},
    "achieved": {"en": "Achieved", "ru": "Достигнута"},
    "missed": {"en": "Missed", "ru": "Не достигнута"},
    "on-track": {"en": "On track", "ru": "В графике"},
    "at-risk": {"en": "At risk", "ru": "Под угрозой"},
    "off-track": {"en": "Off track", "ru": "Отстаёт"},
    None: {"en": "Not measurable", "ru": "Не измерима"},
}

STATUS_COLOURS = {
    "achieved": "green",
    "on-track": "green",
    "at-risk": "amber",
    "off-track": "red",
    "missed": "red",
    "not-started": "grey",
    "no-data": "grey",
    None: "grey",
    "critical": "red",
    "warning": "amber",
    "info": "grey",
    "over-budget": "red",
    "overspending": "amber",
    "underspending": "grey",
    "on-pace": "green",
}

SEVERITY_WORDS = {
    "critical": {"en": "Critical", "ru": "Критично"},
    "warning": {"en": "Warning", "ru": "Внимание"},
    "info": {"en": "Info", "ru": "Инфо"},
}

WORDS: dict[str, dict[str, str]] = {
    "as_of": {"en": "{plan} — as of {today}", "ru": "{plan} — на {today}"},
    "id": {"en": "ID", "ru": "ID"},
    "goal": {"en": "Goal", "ru": "Цель"},
    "metric": {"en": "Metric", "ru": "Метрика"},
    "owner": {"en": "Owner", "ru": "Ответственный"},
    "baseline": {"en": "Baseline", "ru": "База"},
    "target": {"en": "Target", "ru": "Цель KPI"},
    "current": {"en": "Current", "ru": "Текущее"},
    "progress": {"en": "Progress", "ru": "Прогресс"},
    "expected": {"en": "Expected", "ru": "Ожидалось"},
    "pace": {"en": "Pace", "ru": "Темп"},
    "status": {"en": "Status", "ru": "Статус"},
    "forecast": {"en": "Forecast at end", "ru": "Прогноз на конец"},
    "stale": {"en": "Stale", "ru": "Устарело"},
    "last_actual": {"en": "Last actual", "ru": "Последний факт"},
    "start": {"en": "Start", "ru": "Начало"},
    "end": {"en": "End", "ru": "Конец"},
    "yes": {"en": "yes", "ru": "да"},
    "no": {"en": "no", "ru": "нет"},
    "chart_progress": {"en": "Progress vs expected", "ru": "Прогресс и ожидание"},
    "severity": {"en": "Severity", "ru": "Важность"},
    "code": {"en": "Code", "ru": "Код"},
    "subject": {"en": "Subject", "ru": "Объект"},
    "message": {"en": "Message", "ru": "Сообщение"},
    "cell": {"en": "Cell", "ru": "Ячейка"},
    "no_alerts": {"en": "No alerts. The plan is in order.", "ru": "Предупреждений нет."},
    "alerts_count": {
        "en": "{critical} critical, {warning} warnings, {info} info",
        "ru": "критичных: {critical}, предупреждений: {warning}, инфо: {info}",
    },
    "last_changed": {"en": "Outputs last changed", "ru": "Результаты изменены"},
    "version": {"en": "sheetsync version", "ru": "Версия sheetsync"},
    "workbook": {"en": "Workbook", "ru": "Книга"},
    "today": {"en": "Computed for", "ru": "Расчёт на дату"},
    "problems": {"en": "Input problems", "ru": "Ошибки во входных данных"},
    "problem": {"en": "Problem", "ru": "Ошибка"},
    "no_problems": {
        "en": "No problems: every cell was read.",
        "ru": "Ошибок нет: все ячейки прочитаны.",
    },
    "notes": {"en": "Notes", "ru": "Заметки"},
}


def word(lang: str, key: str, **values: object) -> str:
    texts = WORDS[key]
    text = texts.get(lang, texts["en"])
    return text.format(**values) if values else text


def tab_title(lang: str, key: str) -> str:
    return TAB_TITLES[key].get(lang, TAB_TITLES[key]["en"])


def status_word(lang: str, status: str | None) -> str:
    return STATUS_WORDS.get(status, STATUS_WORDS[None]).get(lang, "")

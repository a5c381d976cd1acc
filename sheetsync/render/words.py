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
    "over-budget": {"en": "Over budget", "ru": "Сверх бюджета"},
    "overspending": {"en": "Overspending", "ru": "Тратит быстрее плана"},
    "underspending": {"en": "Underspending", "ru": "Тратит медленнее плана"},
    "on-pace": {"en": "On pace", "ru": "По плану"},
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
    # Budget Control tab.
    "budget:activity": {"en": "Activity", "ru": "Активность"},
    "budget:goals": {"en": "Goals", "ru": "Цели"},
    "budget:activity_status": {"en": "Activity status", "ru": "Статус активности"},
    "budget:planned": {"en": "Planned", "ru": "План"},
    "budget:spent": {"en": "Spent to date", "ru": "Потрачено"},
    "budget:remaining": {"en": "Remaining", "ru": "Остаток"},
    "budget:expected_to_date": {"en": "Expected to date", "ru": "Ожидалось к дате"},
    "budget:projected": {"en": "Projected at end", "ru": "Прогноз на конец"},
    "budget:status": {"en": "Budget status", "ru": "Статус бюджета"},
    "budget:no_budget": {"en": "No budget", "ru": "Нет бюджета"},
    "budget:no_dates": {"en": "No dates", "ru": "Нет дат"},
    "budget:no_activities": {"en": "No activities yet.", "ru": "Активностей пока нет."},
    "budget:state:planned": {"en": "planned", "ru": "планируется"},
    "budget:state:active": {"en": "active", "ru": "активна"},
    "budget:state:paused": {"en": "paused", "ru": "на паузе"},
    "budget:state:done": {"en": "done", "ru": "завершена"},
    "budget:state:cancelled": {"en": "cancelled", "ru": "отменена"},
    "budget:headline:bottom-up": {
        "en": "Bottom-up plan: {allocated} of the {limit} limit allocated, {unallocated} "
        "unallocated; {spent} spent to date.",
        "ru": "План снизу: из лимита {limit} распределено {allocated}, не распределено "
        "{unallocated}; потрачено {spent}.",
    },
    "budget:headline:over-limit": {
        "en": "Bottom-up plan: {allocated} allocated, over the {limit} limit by {excess}; "
        "{spent} spent to date.",
        "ru": "План снизу: распределено {allocated} — больше лимита {limit} на {excess}; "
        "потрачено {spent}.",
    },
    "budget:headline:top-down": {
        "en": "Top-down plan: the targets need {required}, the activities carry {carried}; "
        "{gap} still to find. {spent} spent to date.",
        "ru": "План сверху: целям нужно {required}, активности несут {carried}; нужно найти "
        "ещё {gap}. Потрачено {spent}.",
    },
    "budget:headline:covered": {
        "en": "Top-down plan: the targets need {required}, the activities carry {carried}: "
        "covered. {spent} spent to date.",
        "ru": "План сверху: целям нужно {required}, активности несут {carried} — покрыто. "
        "Потрачено {spent}.",
    },
    "budget:headline:none": {
        "en": "{allocated} allocated to activities; {spent} spent to date.",
        "ru": "Распределено по активностям {allocated}; потрачено {spent}.",
    },
    "budget:summary": {"en": "Plan summary", "ru": "Сводка бюджета"},
    "budget:mode": {"en": "Budget mode", "ru": "Режим бюджета"},
    "budget:mode:bottom-up": {"en": "Bottom-up: a fixed limit", "ru": "Снизу: фиксированный лимит"},
    "budget:mode:top-down": {"en": "Top-down: from the targets", "ru": "Сверху: от целей"},
    "budget:mode:none": {"en": "Not chosen", "ru": "Не выбран"},
    "budget:limit": {"en": "Budget limit", "ru": "Лимит бюджета"},
    "budget:allocated": {"en": "Allocated to activities", "ru": "Распределено по активностям"},
    "budget:unallocated": {"en": "Unallocated", "ru": "Не распределено"},
    "budget:over_limit_by": {"en": "Over the limit by", "ru": "Сверх лимита"},
    "budget:required": {"en": "Required by the targets", "ru": "Нужно для целей"},
    "budget:gap": {"en": "Still to find", "ru": "Нужно найти"},
    "budget:spent_total": {"en": "Spent to date (all spend)", "ru": "Потрачено (все расходы)"},
    "budget:control": {"en": "Control", "ru": "Контроль"},
    "budget:controller": {"en": "Budget controller", "ru": "Контролёр бюджета"},
    "budget:control_method": {"en": "Control method", "ru": "Способ контроля"},
    "budget:check_every": {"en": "Check every", "ru": "Проверять каждые"},
    "budget:every:day": {"en": "day", "ru": "день"},
    "budget:every:week": {"en": "week", "ru": "неделю"},
    "budget:every:month": {"en": "month", "ru": "месяц"},
    "budget:last_spend": {"en": "Last spend logged", "ru": "Последний внесённый расход"},
    "budget:no_results_share": {"en": "Spend with no results", "ru": "Расходы без результатов"},
    "budget:not_set": {"en": "not set", "ru": "не задано"},
    "budget:never": {"en": "never", "ru": "ни разу"},
    "budget:goal_funding": {"en": "Funding per goal", "ru": "Финансирование целей"},
    "budget:goal": {"en": "Goal", "ru": "Цель"},
    "budget:carried": {"en": "Carried by activities", "ru": "Несут активности"},
    "budget:spend_vs_plan": {
        "en": "Spend against plan, cumulative, per ISO week",
        "ru": "Расходы и план нарастающим итогом по неделям ISO",
    },
    "budget:week": {"en": "Week", "ru": "Неделя"},
    "budget:planned_cumulative": {"en": "Planned, cumulative", "ru": "План, нарастающим"},
    "budget:spent_cumulative": {"en": "Spent, cumulative", "ru": "Потрачено, нарастающим"},
    # Checklist Score and Owners tabs.
    "checklist_score": {"en": "Checklist score", "ru": "Оценка чеклиста"},
    "items_passed": {
        "en": "{passed} of {total} items passed",
        "ru": "выполнено пунктов: {passed} из {total}",
    },
    "section_passed": {"en": "{passed} of {total}", "ru": "{passed} из {total}"},
    "checklist_legend": {
        "en": "✓ passed, ✗ failed. Fix what failed, then sync again.",
        "ru": "✓ выполнено, ✗ не выполнено. Исправьте невыполненное и синхронизируйте снова.",
    },
    "mark": {"en": "✓ / ✗", "ru": "✓ / ✗"},
    "question": {"en": "Question", "ru": "Вопрос"},
    "evidence": {"en": "Evidence", "ru": "Обоснование"},
    "item_id": {"en": "Item ID", "ru": "ID пункта"},
    "person": {"en": "Person", "ru": "Сотрудник"},
    "role": {"en": "Role", "ru": "Роль"},
    "not_on_team": {"en": "not on the Team", "ru": "нет в команде"},
    "goals_owned": {"en": "Goals", "ru": "Цели"},
    "other_status": {"en": "Other", "ru": "Прочие"},
    "activities_owned": {"en": "Activities", "ru": "Активности"},
    "open_alerts": {"en": "Open alerts", "ru": "Предупреждения"},
    "rewards_earned": {"en": "Rewards earned", "ru": "Заслуженные поощрения"},
    "penalties_due": {"en": "Penalties due", "ru": "Положенные взыскания"},
    "nobody_owns": {
        "en": "Nobody owns: {ids}. Name an owner (see Alerts).",
        "ru": "Без ответственного: {ids}. Назначьте ответственного (см. «Предупреждения»).",
    },
}


def word(lang: str, key: str, **values: object) -> str:
    texts = WORDS[key]
    text = texts.get(lang, texts["en"])
    return text.format(**values) if values else text


def tab_title(lang: str, key: str) -> str:
    return TAB_TITLES[key].get(lang, TAB_TITLES[key]["en"])


def status_word(lang: str, status: str | None) -> str:
    return STATUS_WORDS.get(status, STATUS_WORDS[None]).get(lang, "")

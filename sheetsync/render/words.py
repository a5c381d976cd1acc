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
    "no_alerts_no_goals": {
        "en": "No alerts, but there is no Goals tab, so nothing was checked against goals: "
        "see the Sync tab.",
        "ru": "Предупреждений нет, но нет вкладки «Цели», и с целями ничего не сверено: "
        "см. вкладку «Синхронизация».",
    },
    "alerts_count": {
        "en": "{critical} critical, {warning} warnings, {info} info",
        "ru": "критичных: {critical}, предупреждений: {warning}, инфо: {info}",
    },
    "alerts:since": {"en": "Since", "ru": "С"},
    "alerts:people": {
        "en": "Acknowledge an alert by writing your name in Acknowledged by (and, if you "
        "like, Until and a Note): it is kept on every sync and not notified again until it "
        "gets worse.",
        "ru": "Чтобы принять предупреждение, впишите своё имя в столбец «Принял» (и, если "
        "нужно, «До» и «Комментарий»): это сохраняется при каждой синхронизации, и о нём "
        "больше не напоминают, пока не станет хуже.",
    },
    "alerts:resolved": {
        "en": "Resolved since the previous run: {count}",
        "ru": "Устранено с прошлого запуска: {count}",
    },
    "alert_state:new": {"en": "new", "ru": "новое"},
    "alert_state:ongoing": {"en": "ongoing", "ru": "продолжается"},
    "alert_state:worse": {"en": "worse", "ru": "хуже"},
    "alert_state:acknowledged": {"en": "acknowledged", "ru": "принято"},
    "alert_state:resolved": {"en": "resolved {day}", "ru": "устранено {day}"},
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
    "budget:check_every": {"en": "Spend is checked", "ru": "Расходы проверяются"},
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
    # The command line's summary (cli.py), in the plan's language.
    "cli:kpi_status": {"en": "KPI status:", "ru": "Статус KPI:"},
    "cli:kpi_line": {
        "en": "progress {progress} of expected {expected}",
        "ru": "прогресс {progress}, ожидалось {expected}",
    },
    "cli:stale": {"en": "(stale)", "ru": "(устарело)"},
    "cli:alerts": {"en": "Alerts: {counts}", "ru": "Предупреждения — {counts}"},
    "cli:problems": {"en": "Input problems: {count}", "ru": "Ошибки во входных данных: {count}"},
    "cli:note": {"en": "Note: {note}", "ru": "Заметка: {note}"},
    "cli:wrote": {"en": "Wrote {tabs} to {workbook}.", "ru": "Записано в {workbook}: {tabs}."},
    "cli:dry_run": {
        "en": "Dry run: would write {tabs}",
        "ru": "Пробный запуск: были бы записаны {tabs}",
    },
    "cli:dry_run_nothing": {
        "en": "Dry run: would write nothing",
        "ru": "Пробный запуск: ничего не было бы записано",
    },
    "cli:dry_run_delete": {"en": "; would delete {tabs}", "ru": "; были бы удалены {tabs}"},
    "cli:unchanged": {
        "en": "Outputs unchanged: nothing written.",
        "ru": "Результаты не изменились: ничего не записано.",
    },
    "cli:budget": {
        "en": "Budget ({mode}): {figures}; spent to date {spent}.",
        "ru": "Бюджет ({mode}): {figures}; потрачено {spent}.",
    },
    "cli:budget:limit": {"en": "limit", "ru": "лимит"},
    "cli:budget:required": {"en": "the targets need", "ru": "целям нужно"},
    "cli:budget:allocated": {"en": "allocated", "ru": "распределено"},
    "cli:budget:unallocated": {"en": "unallocated", "ru": "не распределено"},
    "cli:budget:gap": {"en": "still to find", "ru": "нужно найти"},
    "cli:budget:mode:bottom-up": {"en": "bottom-up", "ru": "снизу"},
    "cli:budget:mode:top-down": {"en": "top-down", "ru": "сверху"},
    "cli:budget:mode:none": {"en": "no mode chosen", "ru": "режим не выбран"},
    "cli:spent_of": {"en": "{spent} of {planned}", "ru": "{spent} из {planned}"},
    "cli:to_fix": {"en": "to fix: {items}", "ru": "исправить: {items}"},
    "cli:and_more": {"en": "and {count} more", "ru": "и ещё {count}"},
    "cli:full_checklist": {
        "en": "Run `sheetsync check -w {path}` for the full checklist.",
        "ru": "Полный чеклист: `sheetsync check -w {path}`.",
    },
    "cli:demo_wrote": {
        "en": "Wrote the example plan to {path}",
        "ru": "Пример плана записан в {path}",
    },
    "cli:demo_synced": {
        "en": "Synced the existing demo plan {path}",
        "ru": "Синхронизирован уже созданный пример плана {path}",
    },
    "cli:demo_open": {
        "en": "Open it in LibreOffice, Excel or Google Sheets (File → Import).",
        "ru": "Откройте его в LibreOffice, Excel или Google Таблицах (Файл → Импорт).",
    },
    "cli:init_created": {
        "en": "Created {path} with tabs: {tabs}.",
        "ru": "Создан {path}, вкладки: {tabs}.",
    },
    "cli:init_next": {
        "en": "Next: fill in the tabs (start with Goals and Activities), then run "
        "`sheetsync sync -w {path}`.",
        "ru": "Дальше: заполните вкладки (начните с «Цели» и «Активности»), затем запустите "
        "`sheetsync sync -w {path}`.",
    },
    "cli:init_next_example": {
        "en": "It holds the example plan. Next: `sheetsync sync -w {path}` writes its output "
        "tabs; then replace the example with your own goals, activities and spend.",
        "ru": "В нём пример плана. Дальше: `sheetsync sync -w {path}` запишет вкладки "
        "результатов; потом замените пример своими целями, активностями и расходами.",
    },
    "cli:init_exists": {
        "en": "{path} already exists, and init never overwrites a workbook. Give another "
        "name, e.g. `sheetsync init -w {name}`, or sync the existing one: "
        "`sheetsync sync -w {path}`.",
        "ru": "{path} уже существует, а init никогда не перезаписывает книгу. Укажите другое "
        "имя, например `sheetsync init -w {name}`, или синхронизируйте существующую: "
        "`sheetsync sync -w {path}`.",
    },
    "cli:history:progress": {"en": "progress", "ru": "прогресс"},
    "cli:history:date": {"en": "date", "ru": "дата"},
    "cli:history:status": {"en": "status", "ru": "статус"},
    "cli:history:current": {"en": "current", "ru": "текущее"},
    "cli:history:target": {"en": "target", "ru": "цель KPI"},
    "cli:history:expected": {"en": "expected", "ru": "ожидалось"},
    "cli:history:no_metric": {"en": "no metric", "ru": "нет метрики"},
    # A checklist item in a few words, for the one-line checklist of `sheetsync demo`.
    "cli:item:goals-measurable": {"en": "measurable goals", "ru": "измеримость целей"},
    "cli:item:goals-dated": {"en": "goal dates", "ru": "сроки целей"},
    "cli:item:goals-owned": {"en": "goal owners", "ru": "ответственные за цели"},
    "cli:item:goals-have-activities": {
        "en": "an activity for each goal",
        "ru": "активности для каждой цели",
    },
    "cli:item:activities-serve-goals": {
        "en": "activities serving a goal",
        "ru": "связь активностей с целями",
    },
    "cli:item:activities-have-channel": {"en": "activity channels", "ru": "каналы активностей"},
    "cli:item:budget-mode": {"en": "budget mode", "ru": "режим бюджета"},
    "cli:item:budget-fits": {"en": "plan within the budget", "ru": "план в пределах бюджета"},
    "cli:item:activities-budgeted": {"en": "activity budgets", "ru": "бюджеты активностей"},
    "cli:item:control-controller": {"en": "budget controller", "ru": "контролёр бюджета"},
    "cli:item:control-method": {"en": "control method", "ru": "способ контроля"},
    "cli:item:control-limits": {"en": "spend limits", "ru": "лимиты расходов"},
    "cli:item:control-logged": {"en": "spend logged on time", "ru": "учёт расходов в срок"},
    "cli:item:activities-owned": {"en": "activity owners", "ru": "ответственные за активности"},
    "cli:item:goals-incentives": {"en": "rewards and penalties", "ru": "поощрения и взыскания"},
    "cli:item:reporting-rule": {"en": "reporting rule", "ru": "правило отчётности"},
    "cli:item:reporting-complete": {"en": "report roles", "ru": "роли в отчётах"},
    "cli:item:results-fresh": {"en": "fresh results", "ru": "свежие данные о результатах"},
}


def word(lang: str, key: str, **values: object) -> str:
    texts = WORDS[key]
    text = texts.get(lang, texts["en"])
    return text.format(**values) if values else text


def tab_title(lang: str, key: str) -> str:
    return TAB_TITLES[key].get(lang, TAB_TITLES[key]["en"])


def status_word(lang: str, status: str | None) -> str:
    return STATUS_WORDS.get(status, STATUS_WORDS[None]).get(lang, "")

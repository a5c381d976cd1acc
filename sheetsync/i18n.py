"""Every sentence sheetsync says to a person, in English and Russian.

Messages are looked up by key so a plan whose Language is `ru` gets Russian problems,
alerts and tab texts, and tests can check the key rather than the wording.
"""

from __future__ import annotations

LANGUAGES = ("en", "ru")

MESSAGES: dict[str, dict[str, str]] = {
    # Input problems (plan/). {cell} is the address, {value} what the cell holds.
    "not_a_number": {
        "en": '{cell}: "{value}" is not a number; the cell counts as empty.',
        "ru": "{cell}: «{value}» — не число; ячейка считается пустой.",
    },
    "not_a_whole_number": {
        "en": '{cell}: "{value}" is not a whole number; the default is used.',
        "ru": "{cell}: «{value}» — не целое число; используется значение по умолчанию.",
    },
    "not_a_date": {
        "en": '{cell}: "{value}" is not a date (write 2026-11-27 or 27.11.2026); '
        "the cell counts as empty.",
        "ru": "{cell}: «{value}» — не дата (пишите 27.11.2026 или 2026-11-27); "
        "ячейка считается пустой.",
    },
    "no_such_date": {
        "en": '{cell}: "{value}" is not a real calendar date; the cell counts as empty.',
        "ru": "{cell}: «{value}» — такой даты нет в календаре; ячейка считается пустой.",
    },
    "not_yes_no": {
        "en": '{cell}: "{value}" is not yes or no; the cell counts as empty.',
        "ru": "{cell}: «{value}» — не «да» и не «нет»; ячейка считается пустой.",
    },
    "bad_enum": {
        "en": '{cell}: "{value}" is not one of: {choices}; the cell counts as empty.',
        "ru": "{cell}: «{value}» — допустимы только: {choices}; ячейка считается пустой.",
    },
    "bad_target": {
        "en": '{cell}: target "{value}" is not a number; the goal\'s KPI is not computed.',
        "ru": "{cell}: целевое значение «{value}» — не число; KPI цели не считается.",
    },
    "relative_target_no_baseline": {
        "en": '{cell}: target "{value}" is relative but the goal has no baseline; '
        "the goal's KPI is not computed.",
        "ru": "{cell}: целевое значение «{value}» задано относительно базы, а базы нет; "
        "KPI цели не считается.",
    },
    "duplicate_id": {
        "en": '{cell}: ID "{value}" is already used in row {first_row}; this row is skipped.',
        "ru": "{cell}: ID «{value}» уже есть в строке {first_row}; эта строка пропущена.",
    },
    "missing_id": {
        "en": "{cell}: the row has no ID; it is skipped.",
        "ru": "{cell}: у строки нет ID; она пропущена.",
    },
    "missing_tab": {
        "en": "{cell}: the workbook has no {tab} tab; add it with the columns {columns}.",
        "ru": "{cell}: в книге нет вкладки «{tab}»; добавьте её со столбцами {columns}.",
    },
    "missing_column": {
        "en": '{cell}: the header has no "{column}" column; add it.',
        "ru": "{cell}: в заголовке нет столбца «{column}»; добавьте его.",
    },
    "unknown_setting": {
        "en": '{cell}: "{value}" is not a setting sheetsync knows; it is ignored.',
        "ru": "{cell}: параметр «{value}» неизвестен; он не учитывается.",
    },
    "duplicate_tab": {
        "en": '{cell}: a second tab for {tab} ("{value}"); only the first is read.',
        "ru": "{cell}: вторая вкладка для «{tab}» («{value}»); читается только первая.",
    },
    "tab_conflict": {
        "en": '{cell}: a tab named "{value}" exists and sheetsync did not create it; '
        "it is left untouched and the {tab} output is not written. Rename your tab.",
        "ru": "{cell}: вкладка «{value}» создана не sheetsync; она не тронута, "
        "а вкладка «{tab}» не записана. Переименуйте свою вкладку.",
    },
    "sibling_output": {
        "en": "{cell}: saving this file with openpyxl would lose {lost}; outputs were "
        "written to {path} instead.",
        "ru": "{cell}: сохранение файла через openpyxl потеряло бы {lost}; результаты "
        "записаны в {path}.",
    },
    # Alerts (compute/).
    "stale-kpi": {
        "en": "Goal {subject}: the newest actual of {metric} is from {last}, "
        "{days} days ago (more than {limit}). Log fresh figures.",
        "ru": "Цель {subject}: последний факт по «{metric}» от {last}, {days} дн. назад "
        "(больше {limit}). Внесите свежие данные.",
    },
    # Budget and spend alerts (compute/budget.py, compute/spend_alerts.py).
    "over-limit": {
        "en": "The activities' budgets add up to {allocated}, over the budget limit of {limit} "
        "by {excess}. Cut allocations or raise the limit.",
        "ru": "Бюджеты активностей в сумме {allocated} — больше лимита бюджета {limit} "
        "на {excess}. Сократите бюджеты или поднимите лимит.",
    },
    "underfunded": {
        "en": "Goal {subject} needs {required} (|{target} − {baseline}| × {cost} per result), "
        "but its activities carry {carried}: {gap} must still be found.",
        "ru": "Цели {subject} нужно {required} (|{target} − {baseline}| × {cost} за результат), "
        "а её активности несут {carried}: нужно найти ещё {gap}.",
    },
    "over-budget": {
        "en": "Activity {subject} has spent {spent}, over its budget of {planned} by {excess}.",
        "ru": "Активность {subject} потратила {spent} — больше бюджета {planned} на {excess}.",
    },
    "daily-limit": {
        "en": "{subject}: total spend {total} is over the daily limit of {limit} by {excess}.",
        "ru": "{subject}: расходы за день {total} — больше лимита в день {limit} на {excess}.",
    },
    "weekly-limit": {
        "en": "Week {subject}: total spend {total} is over the weekly limit of {limit} by "
        "{excess}.",
        "ru": "Неделя {subject}: расходы {total} — больше лимита в неделю {limit} на {excess}.",
    },
    "monthly-limit": {
        "en": "Month {subject}: total spend {total} is over the monthly limit of {limit} by "
        "{excess}.",
        "ru": "Месяц {subject}: расходы {total} — больше лимита в месяц {limit} на {excess}.",
    },
    "daily-cap": {
        "en": "Activity {subject} spent over its daily cap of {cap} on {days}; the most on "
        "{day}: {total}, {excess} over.",
        "ru": "Активность {subject} превысила свой лимит в день {cap}, дней с превышением: "
        "{count}; больше всего {day}: {total}, на {excess} больше.",
    },
    "spend-after-end": {
        "en": "Activity {subject} ended on {end}, yet {total} was spent after it ({rows}, "
        "{first} to {last}). Switch it off or move its End.",
        "ru": "Активность {subject} закончилась {end}, но после этого потрачено {total} "
        "({rows}, с {first} по {last}). Отключите её или перенесите конец.",
    },
    "spend-while-stopped": {
        "en": "Activity {subject} is {state}, yet {total} was spent on it from {since} to "
        "{last} ({rows}). Make sure it is switched off.",
        "ru": "Активность {subject} {state}, но с {since} по {last} на неё потрачено {total} "
        "({rows}). Проверьте, что она отключена.",
    },
    "state:paused": {"en": "paused", "ru": "на паузе"},
    "state:done": {"en": "done", "ru": "завершена"},
    "state:cancelled": {"en": "cancelled", "ru": "отменена"},
    "unknown-activity": {
        "en": 'Spend of {total} ({rows}) names activity "{subject}", which is not on the '
        "Activities tab. Add the activity or correct the ID.",
        "ru": "Расходы {total} ({rows}) записаны на активность «{subject}», которой нет на "
        "вкладке «Активности». Добавьте активность или исправьте ID.",
    },
    "unknown-activity:blank": {
        "en": "Spend of {total} ({rows}) names no activity. Write which activity the money "
        "went to.",
        "ru": "Расходы {total} ({rows}) без активности. Укажите, на какую активность ушли деньги.",
    },
    "no-results": {
        "en": "Activity {subject} spent {total} over {days} consecutive days with 0 results "
        "({first} to {last}): check for bot clicks.",
        "ru": "Активность {subject} потратила {total} за {days} дн. подряд без результатов "
        "(с {first} по {last}): проверьте, нет ли ботов.",
    },
    "no-results:share": {
        "en": "Activity {subject}: {share} of its spend ({zero} of {total}) brought 0 results, "
        "more than 20 %: check for bot clicks.",
        "ru": "Активность {subject}: {share} расходов ({zero} из {total}) не принесли "
        "результатов — больше 20 %: проверьте, нет ли ботов.",
    },
    "spend-not-logged": {
        "en": "No spend logged since {last}, though spend is checked every {every} and these "
        "activities are active: {ids}. Log the spend.",
        "ru": "Расходы не вносились с {last}, хотя проверка — {every}, а активны: {ids}. "
        "Внесите расходы.",
    },
    "spend-not-logged:never": {
        "en": "No spend logged at all, though spend is checked every {every} and these "
        "activities are active: {ids}. Log the spend.",
        "ru": "Расходы не вносились ни разу, хотя проверка — {every}, а активны: {ids}. "
        "Внесите расходы.",
    },
    "every:day": {"en": "day", "ru": "каждый день"},
    "every:week": {"en": "week", "ru": "каждую неделю"},
    "every:month": {"en": "month", "ru": "каждый месяц"},
    "undated-spend": {
        "en": "Spend of {total} ({rows}, first {cell}) has no date and is not counted; give "
        "it a date.",
        "ru": "Расходы {total} ({rows}, первая {cell}) без даты и не учтены — укажите дату.",
    },
}

_MONEY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "RUB": "₽", "JPY": "¥", "CNY": "¥"}


def spend_rows(lang: str, count: int) -> str:
    """`1 spend row`, `4 spend rows`; `1 запись`, `3 записи`, `5 записей`."""
    if lang == "ru":
        tens, ones = count % 100, count % 10
        if ones == 1 and tens != 11:
            return f"{count} запись"
        if 2 <= ones <= 4 and not 12 <= tens <= 14:
            return f"{count} записи"
        return f"{count} записей"
    return f"{count} spend row" + ("" if count == 1 else "s")


def count_days(lang: str, count: int) -> str:
    """`1 day`, `3 days`; `1 день`, `3 дня`, `5 дней`."""
    if lang == "ru":
        tens, ones = count % 100, count % 10
        if ones == 1 and tens != 11:
            return f"{count} день"
        if 2 <= ones <= 4 and not 12 <= tens <= 14:
            return f"{count} дня"
        return f"{count} дней"
    return f"{count} day" + ("" if count == 1 else "s")


def money(lang: str, amount: float, currency: str = "USD") -> str:
    """An amount as a person reads it: `$1,200.50` in English, `1 200,50 $` in Russian."""
    code = (currency or "USD").upper()
    symbol = _MONEY_SYMBOLS.get(code, code)
    sign = "-" if amount < 0 else ""
    digits = f"{abs(amount):,.2f}"
    if lang == "ru":
        return sign + digits.replace(",", "\u00a0").replace(".", ",") + "\u00a0" + symbol
    if code in ("USD", "EUR", "GBP"):
        return f"{sign}{symbol}{digits}"
    return f"{sign}{digits} {symbol}"


# Reports (reports/): decisions put to a report's decision maker, and template failures.
MESSAGES.update(
    {
        "decision-goal": {
            "en": "Goal {subject} ({name}) is {status}: progress {progress} against "
            "{expected} expected. Change its activities, its budget or its target?",
            "ru": "Цель {subject} («{name}»): {status}, прогресс {progress} при ожидаемых "
            "{expected}. Изменить её активности, бюджет или целевое значение?",
        },
        "decision-over-budget": {
            "en": "Activity {subject} ({name}) has spent {spent} of its {planned} budget. "
            "Stop it, or add budget?",
            "ru": "Активность {subject} («{name}») израсходовала {spent} из бюджета "
            "{planned}. Остановить её или добавить бюджет?",
        },
        "decision-overspending": {
            "en": "Activity {subject} ({name}) spends ahead of plan: {spent} spent against "
            "{expected} expected by now. Slow it down?",
            "ru": "Активность {subject} («{name}») тратит быстрее плана: {spent} при "
            "ожидаемых к этой дате {expected}. Замедлить её?",
        },
        "decision-non-target": {
            "en": "Activity {subject} ({name}) serves no goal of the plan. Tie it to a goal, "
            "or stop it?",
            "ru": "Активность {subject} («{name}») не служит ни одной цели плана. Привязать "
            "её к цели или остановить?",
        },
        "template_security": {
            "en": "Template {template} tried to reach Python internals ({detail}); the "
            "sandbox refused it. Fix the template in {folder}.",
            "ru": "Шаблон {template} попытался обратиться к внутренностям Python ({detail}); "
            "песочница это запретила. Исправьте шаблон в {folder}.",
        },
        "template_error": {
            "en": "Template {template} cannot be rendered: {detail}. Fix the template in "
            "{folder}.",
            "ru": "Шаблон {template} не удаётся отрисовать: {detail}. Исправьте шаблон в "
            "{folder}.",
        },
    }
)


def say(lang: str, key: str, **values: object) -> str:
    """The sentence `key` in `lang` (English when missing), with the values filled in."""
    texts = MESSAGES[key]
    return texts.get(lang, texts["en"]).format(**values)

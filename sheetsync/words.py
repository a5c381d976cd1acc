"""Every word sheetsync says to a person, English and Russian side by side, by key.

Read through `sheetsync.i18n.t(lang, key, **values)`. To add a sentence, add one entry
anywhere below: `"my-key": {"en": "...{cell}...", "ru": "...{cell}..."}`. To add a
language, give entries a third text beside these (a missing text falls back to English)
and teach `i18n.counted` its plural rule; docs/architecture.md says more.
"""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
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
        "en": '{cell}: the header has no "{column}" column, which this tab needs; the tab is '
        "not read. Add it.",
        "ru": "{cell}: в заголовке нет столбца «{column}», без которого вкладка не читается. "
        "Добавьте его.",
    },
    "missing_columns": {
        "en": "{cell}: the header has no columns {columns}, which this tab needs; the tab is "
        "not read. Add them.",
        "ru": "{cell}: в заголовке нет столбцов {columns}, без которых вкладка не читается. "
        "Добавьте их.",
    },
    "no_header": {
        "en": "{cell}: no header row: expected columns {columns}; the tab is not read.",
        "ru": "{cell}: нет строки заголовка: ожидаются столбцы {columns}; вкладка не читается.",
    },
    "empty_tab": {
        "en": "{cell}: the {tab} tab is empty; write its header in the first row: {columns}.",
        "ru": "{cell}: вкладка «{tab}» пуста; впишите в первую строку заголовок: {columns}.",
    },
    "duplicate_setting": {
        "en": '{cell}: "{value}" is already set in row {first_row}; this row is ignored.',
        "ru": "{cell}: параметр «{value}» уже задан в строке {first_row}; эта строка не "
        "учитывается.",
    },
    "bad_currency": {
        "en": '{cell}: "{value}" is not a currency (write a 3-letter code such as USD, EUR or '
        "RUB); USD is used.",
        "ru": "{cell}: «{value}» — не валюта (пишите код из трёх букв: USD, EUR, RUB); "
        "используется USD.",
    },
    "bad_time_zone": {
        "en": '{cell}: "{value}" is not a time zone (write an IANA name such as Europe/Moscow); '
        "{zone} is used.",
        "ru": "{cell}: «{value}» — не часовой пояс (пишите имя IANA, например Europe/Moscow); "
        "используется {zone}.",
    },
    "setting_too_small": {
        "en": "{cell}: {setting} must be {minimum} or more, not {value}; the default {default} "
        "is used.",
        "ru": "{cell}: «{setting}» — не меньше {minimum}, а здесь {value}; используется "
        "значение по умолчанию {default}.",
    },
    "no_amount": {
        "en": "{cell}: the spend row has no Amount; it is not counted.",
        "ru": "{cell}: в строке расходов нет суммы; она не учитывается.",
    },
    "no_spend_date": {
        "en": "{cell}: the spend of {amount} has no Date; undated spend is not counted.",
        "ru": "{cell}: у расхода {amount} нет даты; расходы без даты не учитываются.",
    },
    "no_actual_date": {
        "en": "{cell}: the actual has no Date; it is not counted.",
        "ru": "{cell}: в строке факта нет даты; она не учитывается.",
    },
    "no_actual_value": {
        "en": "{cell}: the actual has no Value; it is not counted.",
        "ru": "{cell}: в строке факта нет значения; она не учитывается.",
    },
    "no_actual_metric": {
        "en": "{cell}: the actual has no Metric; it is not counted.",
        "ru": "{cell}: в строке факта не указана метрика; она не учитывается.",
    },
    "unknown_metric": {
        "en": '{cell}: metric "{value}" matches no goal\'s Metric ({rows}); they are not counted.',
        "ru": "{cell}: метрика «{value}» не совпадает ни с одной метрикой целей ({rows}); они "
        "не учитываются.",
    },
    "unknown_metric:one": {
        "en": '{cell}: metric "{value}" matches no goal\'s Metric ({rows}); it is not counted.',
        "ru": "{cell}: метрика «{value}» не совпадает ни с одной метрикой целей ({rows}); она "
        "не учитывается.",
    },
    "goal_end_before_start": {
        "en": "{cell}: End {end} is before Start {start}; the End counts as empty and the "
        "goal's KPI is not computed.",
        "ru": "{cell}: конец {end} раньше начала {start}; конец считается пустым, KPI цели не "
        "считается.",
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
    "note.history_not_recorded.locked": {
        "en": "The history file is in use by another process, so this run was not recorded "
        "in it; the workbook is up to date, and the next run records again.",
        "ru": "Файл истории занят другим процессом, поэтому этот запуск в него не записан; "
        "книга обновлена, следующий запуск запишет историю снова.",
    },
    "note.history_not_recorded.error": {
        "en": "This run could not be recorded in the history file ({error}); the workbook is "
        "up to date, and the next run records again.",
        "ru": "Этот запуск не удалось записать в файл истории ({error}); книга обновлена, "
        "следующий запуск запишет историю снова.",
    },
    "note.old_sibling": {
        "en": "{sibling} was written by an older sheetsync; outputs now go into {file} itself, "
        "so {sibling} can be deleted.",
        "ru": "{sibling} записан старой версией sheetsync; теперь результаты пишутся в сам "
        "{file}, и {sibling} можно удалить.",
    },
    "note.duplicate_mark": {
        "en": 'Tab "{copy}" carries the same sheetsync mark as "{tab}" (a copy?); '
        "sheetsync leaves it alone.",
        "ru": "Вкладка «{copy}» несёт ту же метку sheetsync, что и «{tab}» (копия?); "
        "sheetsync её не трогает.",
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
        "en": "No spend logged since {last}, though spend is checked {every} and these "
        "activities are active: {ids}. Log the spend.",
        "ru": "Расходы не вносились с {last}, хотя проверка — {every}, а активны: {ids}. "
        "Внесите расходы.",
    },
    "spend-not-logged:never": {
        "en": "No spend logged at all, though spend is checked {every} and these "
        "activities are active: {ids}. Log the spend.",
        "ru": "Расходы не вносились ни разу, хотя проверка — {every}, а активны: {ids}. "
        "Внесите расходы.",
    },
    # The Check every setting, wherever it is said: alerts, checklist, the Budget tab.
    "every.day": {"en": "every day", "ru": "каждый день"},
    "every.week": {"en": "every week", "ru": "каждую неделю"},
    "every.month": {"en": "every month", "ru": "каждый месяц"},
    "undated-spend": {
        "en": "Spend of {total} ({rows}, first {cell}) has no date and is not counted; give "
        "it a date.",
        "ru": "Расходы {total} ({rows}, первая {cell}) без даты и не учтены — укажите дату.",
    },
    # Coverage, owners and the checklist (compute/coverage.py, checklist.py, owners.py).
    "goal-no-activity": {
        "en": "Goal {subject} has no activity: nothing in the plan works towards it. "
        "Add an activity with {subject} in its Goal column, or drop the goal.",
        "ru": "У цели {subject} нет активностей: ничто в плане на неё не работает. "
        "Добавьте активность с {subject} в столбце «Цель» или уберите цель.",
    },
    "non-target-activity": {
        "en": "Activity {subject} ({name}) serves no goal: money and time spent on it "
        "move no KPI. Link it to a goal or stop it.",
        "ru": "Активность {subject} ({name}) не служит ни одной цели: деньги и время на "
        "неё не двигают ни один KPI. Привяжите её к цели или остановите.",
    },
    "non-target-activity.unknown-goal": {
        "en": "Activity {subject} ({name}) is linked to {goals}, which is not on the Goals "
        "tab. Fix the goal ID or add the goal.",
        "ru": "Активность {subject} ({name}) привязана к {goals}, а такой цели нет на "
        "вкладке «Цели». Исправьте ID цели или добавьте цель.",
    },
    "no-owner.goal": {
        "en": "Goal {subject} has no owner. Name one person who answers for it.",
        "ru": "У цели {subject} нет ответственного. Назначьте одного человека, "
        "который за неё отвечает.",
    },
    "no-owner.activity": {
        "en": "Activity {subject} ({name}) has no owner. Name one person who answers for it.",
        "ru": "У активности {subject} ({name}) нет ответственного. Назначьте одного "
        "человека, который за неё отвечает.",
    },
    "unknown-person": {
        "en": '"{subject}" is named as {roles}, but is not on the Team tab. '
        "Add them to Team or fix the spelling.",
        "ru": "«{subject}» указан(а) как {roles}, но его (её) нет на вкладке «Команда». "
        "Добавьте в команду или исправьте написание.",
    },
    "role.goal-owner": {"en": "owner of goal {about}", "ru": "ответственный за цель {about}"},
    "role.activity-owner": {
        "en": "owner of activity {about}",
        "ru": "ответственный за активность {about}",
    },
    "role.controller": {"en": "budget controller", "ru": "контролёр бюджета"},
    "role.author": {"en": 'author of "{about}"', "ru": "автор отчёта «{about}»"},
    "role.reader": {"en": 'reader of "{about}"', "ru": "читатель отчёта «{about}»"},
    "role.decision-maker": {
        "en": 'decision maker for "{about}"',
        "ru": "принимает решения по отчёту «{about}»",
    },
    "reporting-row": {"en": "Reporting row {row}", "ru": "строка {row} отчётности"},
    "and-more": {"en": "{shown} and {more} more", "ru": "{shown} и ещё {more}"},
    "all-of": {"en": "{n} of {n}", "ru": "{n} из {n}"},
    # Checklist sections.
    "section.goals": {"en": "Goals", "ru": "Цели"},
    "section.activities": {"en": "Activities", "ru": "Активности"},
    "section.budget": {"en": "Budget", "ru": "Бюджет"},
    "section.control": {"en": "Control", "ru": "Контроль"},
    "section.owners": {"en": "Owners", "ru": "Ответственные"},
    "section.reporting": {"en": "Reporting", "ru": "Отчётность"},
    "section.results": {"en": "Results", "ru": "Результаты"},
    "section.other": {"en": "Other", "ru": "Другое"},
    # Checklist questions: what a marketing lead asks of the plan (short: they are
    # table rows in a terminal and on the Checklist Score tab).
    "q.goals-measurable": {
        "en": "Is every goal measurable (a baseline and a target)?",
        "ru": "Измерима ли каждая цель (база и целевое значение)?",
    },
    "q.goals-dated": {
        "en": "Does every goal have a start and a deadline?",
        "ru": "Есть ли у каждой цели начало и срок?",
    },
    "q.goals-owned": {"en": "Who answers for each goal?", "ru": "Кто отвечает за каждую цель?"},
    "q.goals-have-activities": {
        "en": "What do we do for each goal?",
        "ru": "Что мы делаем для каждой цели?",
    },
    "q.activities-serve-goals": {
        "en": "Does every activity serve a goal?",
        "ru": "Служит ли каждая активность цели?",
    },
    "q.activities-have-channel": {
        "en": "Do we know each activity's channel?",
        "ru": "Известен ли канал каждой активности?",
    },
    "q.budget-mode": {
        "en": "How do we plan the budget: bottom-up or top-down?",
        "ru": "Как мы планируем бюджет: снизу или сверху?",
    },
    "q.budget-fits": {
        "en": "Does the plan fit the budget?",
        "ru": "Укладывается ли план в бюджет?",
    },
    "q.activities-budgeted": {
        "en": "Does every activity have a budget?",
        "ru": "Есть ли бюджет у каждой активности?",
    },
    "q.control-controller": {
        "en": "Who controls the budget?",
        "ru": "Кто контролирует бюджет?",
    },
    "q.control-method": {
        "en": "How do we control the budget?",
        "ru": "Как мы контролируем бюджет?",
    },
    "q.control-limits": {
        "en": "What are the spend limits (day, week, month)?",
        "ru": "Какие лимиты расходов (день, неделя, месяц)?",
    },
    "q.control-logged": {
        "en": "Is spend logged as often as agreed?",
        "ru": "Вносятся ли расходы так часто, как договорились?",
    },
    "q.activities-owned": {
        "en": "Who answers for each activity?",
        "ru": "Кто отвечает за каждую активность?",
    },
    "q.goals-incentives": {
        "en": "What does an owner get for a goal reached, or missed?",
        "ru": "Что получит ответственный за достигнутую цель и за проваленную?",
    },
    "q.reporting-rule": {"en": "How often do we report?", "ru": "Как часто мы отчитываемся?"},
    "q.reporting-complete": {
        "en": "Each report: who writes, who reads, who changes activities?",
        "ru": "Каждый отчёт: кто пишет, кто читает, кто меняет активности?",
    },
    "q.results-fresh": {
        "en": "Are the results up to date?",
        "ru": "Свежие ли данные по результатам?",
    },
    # Checklist evidence. {ids} names the rows, {of} is "2 of 5 goals".
    "ev.no-goals": {"en": "The plan has no goals yet.", "ru": "В плане пока нет целей."},
    "ev.no-activities": {
        "en": "The plan has no activities yet.",
        "ru": "В плане пока нет активностей.",
    },
    "ev.no-rules": {
        "en": "The Reporting tab has no rules: nobody knows when to report.",
        "ru": "На вкладке «Отчётность» нет правил: никто не знает, когда отчитываться.",
    },
    "ev.goals-measurable.pass": {
        "en": "Every goal has a target, and a baseline unless it sums from zero ({of}).",
        "ru": "У каждой цели есть целевое значение, а база — если цель не сумма с нуля ({of}).",
    },
    "ev.goals-measurable.fail": {
        "en": "Not measurable: {ids} ({of}).",
        "ru": "Не измеримы: {ids} ({of}).",
    },
    "lacks.baseline": {"en": "no baseline", "ru": "нет базы"},
    "lacks.target": {"en": "no target", "ru": "нет целевого значения"},
    "lacks.both": {"en": "no baseline, no target", "ru": "нет базы и цели"},
    "ev.goals-dated.pass": {
        "en": "Every goal has a start and an end ({of}).",
        "ru": "У каждой цели есть начало и конец ({of}).",
    },
    "ev.goals-dated.fail": {
        "en": "No start or end, or the end is before the start: {ids} ({of}).",
        "ru": "Нет начала или конца, или конец раньше начала: {ids} ({of}).",
    },
    "ev.goals-owned.pass": {
        "en": "Every goal has an owner ({of}).",
        "ru": "У каждой цели есть ответственный ({of}).",
    },
    "ev.goals-owned.fail": {
        "en": "No owner: {ids} ({of}).",
        "ru": "Без ответственного: {ids} ({of}).",
    },
    "ev.goals-have-activities.pass": {
        "en": "Every goal has an activity ({of}).",
        "ru": "У каждой цели есть активность ({of}).",
    },
    "ev.goals-have-activities.fail": {
        "en": "No activity: {ids} ({of}).",
        "ru": "Без активностей: {ids} ({of}).",
    },
    "ev.activities-serve-goals.pass": {
        "en": "Every activity serves a goal ({of}).",
        "ru": "Каждая активность служит цели ({of}).",
    },
    "ev.activities-serve-goals.fail": {
        "en": "No goal, or a goal that does not exist: {ids} ({of}).",
        "ru": "Нет цели или такой цели не существует: {ids} ({of}).",
    },
    "ev.activities-have-channel.pass": {
        "en": "Every activity has a channel ({of}).",
        "ru": "Канал указан у каждой активности ({of}).",
    },
    "ev.activities-have-channel.fail": {
        "en": "No channel: {ids} ({of}).",
        "ru": "Без канала: {ids} ({of}).",
    },
    "ev.budget-mode.bottom-up": {
        "en": "Bottom-up: we plan within a fixed sum.",
        "ru": "Снизу: планируем в пределах фиксированной суммы.",
    },
    "ev.budget-mode.top-down": {
        "en": "Top-down: the budget is what the targets need.",
        "ru": "Сверху: бюджет — это то, что нужно для целей.",
    },
    "ev.budget-mode.fail": {
        "en": "No Budget mode on the Settings tab (bottom-up or top-down).",
        "ru": "На вкладке «Настройки» не выбран режим бюджета (снизу или сверху).",
    },
    "ev.budget-fits.fits": {
        "en": "Allocated {allocated} of the {limit} limit; {left} left.",
        "ru": "Распределено {allocated} из лимита {limit}; свободно {left}.",
    },
    "ev.budget-fits.over": {
        "en": "Allocated {allocated}: over the {limit} limit by {over}.",
        "ru": "Распределено {allocated}: больше лимита {limit} на {over}.",
    },
    "ev.budget-fits.no-limit": {
        "en": "Bottom-up, but no Budget limit on the Settings tab to fit into "
        "(allocated {allocated}).",
        "ru": "Режим «снизу», но на вкладке «Настройки» нет лимита бюджета "
        "(распределено {allocated}).",
    },
    "ev.budget-fits.covered": {
        "en": "The targets need {required}; the activities cover it.",
        "ru": "Для целей нужно {required}; активности это покрывают.",
    },
    "ev.budget-fits.gap": {
        "en": "The targets need {required}; {gap} is still to find.",
        "ru": "Для целей нужно {required}; ещё не найдено {gap}.",
    },
    "ev.budget-fits.no-required": {
        "en": "Top-down, but the sum the targets need is unknown: give goals a Cost per result.",
        "ru": "Режим «сверху», но неизвестно, сколько нужно для целей: укажите "
        "стоимость результата у целей.",
    },
    "ev.budget-fits.no-mode": {
        "en": "No budget mode, so nothing to fit the plan into.",
        "ru": "Режим бюджета не выбран — не с чем сверять план.",
    },
    "ev.activities-budgeted.pass": {
        "en": "Every activity has a budget ({of}).",
        "ru": "Бюджет есть у каждой активности ({of}).",
    },
    "ev.activities-budgeted.fail": {
        "en": "No budget: {ids} ({of}).",
        "ru": "Без бюджета: {ids} ({of}).",
    },
    "ev.control-controller.pass": {
        "en": "{name} controls the budget.",
        "ru": "Бюджет контролирует {name}.",
    },
    "ev.control-controller.not-on-team": {
        "en": "{name} controls the budget (not on the Team tab).",
        "ru": "Бюджет контролирует {name} (нет на вкладке «Команда»).",
    },
    "ev.control-controller.fail": {
        "en": "No Budget controller on the Settings tab.",
        "ru": "На вкладке «Настройки» не указан контролёр бюджета.",
    },
    "ev.control-method.pass": {"en": '"{method}"', "ru": "«{method}»"},
    "ev.control-method.fail": {
        "en": "No Control method on the Settings tab: write down how spend is checked.",
        "ru": "На вкладке «Настройки» не описан способ контроля: как проверяются расходы.",
    },
    "ev.control-limits.pass": {"en": "Limits: {limits}.", "ru": "Лимиты: {limits}."},
    "ev.control-limits.fail": {
        "en": "No daily, weekly or monthly spend limit on the Settings tab.",
        "ru": "На вкладке «Настройки» нет лимита расходов ни в день, ни в неделю, ни в месяц.",
    },
    "limit.daily": {"en": "{amount} a day", "ru": "{amount} в день"},
    "limit.weekly": {"en": "{amount} a week", "ru": "{amount} в неделю"},
    "limit.monthly": {"en": "{amount} a month", "ru": "{amount} в месяц"},
    "ev.control-logged.pass": {
        "en": "Logged up to {last}; agreed: {every}.",
        "ru": "Внесены по {last}; договорились: {every}.",
    },
    "ev.control-logged.late": {
        "en": "The newest spend is from {last}, but it should be logged {every} "
        "while activities run.",
        "ru": "Последний расход — от {last}, а вносить их надо {every}, пока идут активности.",
    },
    "ev.control-logged.none": {
        "en": "No spend logged yet on the Spend tab.",
        "ru": "На вкладке «Расходы» пока ничего не внесено.",
    },
    "ev.activities-owned.pass": {
        "en": "Every activity has an owner ({of}).",
        "ru": "У каждой активности есть ответственный ({of}).",
    },
    "ev.activities-owned.fail": {
        "en": "No owner: {ids} ({of}).",
        "ru": "Без ответственного: {ids} ({of}).",
    },
    "ev.goals-incentives.pass": {
        "en": "Every goal has a reward and a penalty ({of}).",
        "ru": "У каждой цели есть поощрение и взыскание ({of}).",
    },
    "ev.goals-incentives.fail": {
        "en": "No reward or penalty: {ids} ({of}).",
        "ru": "Нет поощрения или взыскания: {ids} ({of}).",
    },
    "ev.reporting-rule.pass": {"en": "{rules}.", "ru": "{rules}."},
    "period.week": {"en": "weekly", "ru": "еженедельно"},
    "period.month": {"en": "monthly", "ru": "ежемесячно"},
    "period.quarter": {"en": "quarterly", "ru": "ежеквартально"},
    "period.none": {"en": "no period", "ru": "без периода"},
    "ev.reporting-complete.pass": {
        "en": "Every report has a period, an author, readers and a decision maker ({of}).",
        "ru": "У каждого отчёта есть период, автор, читатели и кто принимает решения ({of}).",
    },
    "list.and": {"en": "{most} and {last}", "ru": "{most} и {last}"},
    "ev.reporting-complete.who": {
        "en": "{report}: {author} writes, {readers} read, {decides} decides",
        "ru": "{report}: пишет {author}, читают {readers}, решает {decides}",
    },
    "ev.reporting-complete.who-one": {
        "en": "{report}: {author} writes, {readers} reads, {decides} decides",
        "ru": "{report}: пишет {author}, читает {readers}, решает {decides}",
    },
    "ev.reporting-complete.fail": {
        "en": "Incomplete: {ids} ({of}).",
        "ru": "Не заполнено: {ids} ({of}).",
    },
    "missing": {"en": "{what} missing", "ru": "нет: {what}"},
    "field.every": {"en": "period", "ru": "период"},
    "field.author": {"en": "author", "ru": "автор"},
    "field.readers": {"en": "readers", "ru": "читатели"},
    "field.decision_maker": {"en": "decision maker", "ru": "кто принимает решения"},
    "ev.results-fresh.pass": {
        "en": "No stale figures: every running goal has an actual from the last {days} days.",
        "ru": "Устаревших данных нет: по каждой идущей цели есть факт за последние {days} дн.",
    },
    "ev.results-fresh.fail": {
        "en": "Stale figures (nothing new for over {days} days): {ids} ({of}).",
        "ru": "Данные устарели (нет новых больше {days} дн.): {ids} ({of}).",
    },
    "ev.team.done": {"en": "Marked done ({cell}).", "ru": "Отмечено как выполненное ({cell})."},
    "ev.team.not-done": {
        "en": "Marked not done ({cell}).",
        "ru": "Отмечено как невыполненное ({cell}).",
    },
    "ev.team.blank": {
        "en": "Not marked yet ({cell}).",
        "ru": "Ещё не отмечено ({cell}).",
    },
    "team-item-untitled": {"en": "Checklist row {row}", "ru": "Строка {row} чеклиста"},
    # Reports (reports/): decisions put to a report's decision maker, and template failures.
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
    # Under a report's capped Spend table and Decisions list: what was left out, where.
    "report-more-activities": {
        "en": "… and {count} more {noun} ({spent} spent in the period): see {where}.",
        "ru": "… и ещё {count} {noun} (за период потрачено {spent}): см. {where}.",
    },
    "report-more-decisions": {
        "en": "… and {count} more {noun}: see {where}.",
        "ru": "… и ещё {count} {noun}: см. {where}.",
    },
    "template_security": {
        "en": "Template {template} tried to reach Python internals ({detail}); the "
        "sandbox refused it. Fix the template in {folder}.",
        "ru": "Шаблон {template} попытался обратиться к внутренностям Python ({detail}); "
        "песочница это запретила. Исправьте шаблон в {folder}.",
    },
    "template_error": {
        "en": "Template {template} cannot be rendered: {detail}. Fix the template in {folder}.",
        "ru": "Шаблон {template} не удаётся отрисовать: {detail}. Исправьте шаблон в {folder}.",
    },
    # -- Output tabs (render/): titles, status and severity words, headers, CLI lines.
    "tab:kpi-status": {"en": "KPI Status", "ru": "Статус KPI"},
    "tab:budget-control": {"en": "Budget Control", "ru": "Контроль бюджета"},
    "tab:alerts": {"en": "Alerts", "ru": "Предупреждения"},
    "tab:checklist-score": {"en": "Checklist Score", "ru": "Оценка чеклиста"},
    "tab:owners": {"en": "Owners", "ru": "Ответственные"},
    "tab:sync": {"en": "Sync", "ru": "Синхронизация"},
    "status:not-started": {"en": "Not started", "ru": "Не начата"},
    "status:no-data": {"en": "No data", "ru": "Нет данных"},
    "status:achieved": {"en": "Achieved", "ru": "Достигнута"},
    "status:missed": {"en": "Missed", "ru": "Не достигнута"},
    "status:on-track": {"en": "On track", "ru": "В графике"},
    "status:at-risk": {"en": "At risk", "ru": "Под угрозой"},
    "status:off-track": {"en": "Off track", "ru": "Отстаёт"},
    "status:none": {"en": "Not measurable", "ru": "Не измерима"},
    "status:over-budget": {"en": "Over budget", "ru": "Сверх бюджета"},
    "status:overspending": {"en": "Overspending", "ru": "Тратит быстрее плана"},
    "status:underspending": {"en": "Underspending", "ru": "Тратит медленнее плана"},
    "status:on-pace": {"en": "On pace", "ru": "По плану"},
    "severity:critical": {"en": "Critical", "ru": "Критично"},
    "severity:warning": {"en": "Warning", "ru": "Внимание"},
    "severity:info": {"en": "Info", "ru": "Инфо"},
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
    "code": {"en": "Alert", "ru": "Тип"},
    # Alert codes as the Alerts tab and the terminal show them (the code stays in --json).
    "alert:over-limit": {"en": "Plan over the limit", "ru": "План сверх лимита"},
    "alert:underfunded": {"en": "Goal underfunded", "ru": "Цели не хватает бюджета"},
    "alert:daily-limit": {"en": "Daily limit exceeded", "ru": "Превышен лимит в день"},
    "alert:weekly-limit": {"en": "Weekly limit exceeded", "ru": "Превышен лимит в неделю"},
    "alert:monthly-limit": {"en": "Monthly limit exceeded", "ru": "Превышен лимит в месяц"},
    "alert:daily-cap": {"en": "Daily cap exceeded", "ru": "Сверх лимита активности"},
    "alert:spend-after-end": {"en": "Spend after the end", "ru": "Расход после окончания"},
    "alert:spend-while-stopped": {"en": "Spend while stopped", "ru": "Расход остановленной"},
    "alert:unknown-activity": {"en": "Unknown activity", "ru": "Неизвестная активность"},
    "alert:no-results": {"en": "Spend with no results", "ru": "Расход без результатов"},
    "alert:spend-not-logged": {"en": "Spend not logged", "ru": "Расходы не внесены"},
    "alert:goal-no-activity": {"en": "Goal with no activity", "ru": "Цель без активностей"},
    "alert:non-target-activity": {"en": "Activity serves no goal", "ru": "Активность без цели"},
    "alert:no-owner": {"en": "No owner", "ru": "Нет ответственного"},
    "alert:unknown-person": {"en": "Not on the Team", "ru": "Нет в команде"},
    "alert:stale-kpi": {"en": "Stale KPI", "ru": "Устаревший KPI"},
    "alert:over-budget": {"en": "Over budget", "ru": "Сверх бюджета"},
    "alert:unknown-campaign": {"en": "Unknown campaign", "ru": "Неизвестная кампания"},
    "alert:spend-mismatch": {"en": "Spend mismatch", "ru": "Расходы не сходятся"},
    "subject": {"en": "Subject", "ru": "Объект"},
    "message": {"en": "Message", "ru": "Сообщение"},
    "cell": {"en": "Cell", "ru": "Ячейка"},
    "no_alerts": {"en": "No alerts. The plan is in order.", "ru": "Предупреждений нет."},
    "alerts_count": {
        "en": "{critical} critical, {warning} warnings, {info} info",
        # Not "предупреждений": the Alerts tab is «Предупреждения», warnings are «внимание».
        "ru": "критично: {critical}, внимание: {warning}, инфо: {info}",
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
    "budget:unknown_activities": {
        "en": "Spend on activities not on the Activities tab",
        "ru": "Расходы на активности, которых нет на вкладке «Активности»",
    },
    "budget:unknown_status": {"en": "Unknown activity", "ru": "Неизвестная активность"},
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
    "section_alerts": {
        "en": "{count} open alerts against it ({critical} critical): see Alerts",
        "ru": "открытых предупреждений: {count} (критичных: {critical}), см. «Предупреждения»",
    },
    "item_id": {"en": "Item ID", "ru": "ID пункта"},
    "person": {"en": "Person", "ru": "Сотрудник"},
    "role": {"en": "Role", "ru": "Роль"},
    "not_on_team": {"en": "not on the Team", "ru": "нет в команде"},
    "goals_owned": {"en": "Goals", "ru": "Цели"},
    "other_status": {"en": "Other", "ru": "Прочие"},
    "activities_owned": {"en": "Activities", "ru": "Активности"},
    "open_alerts": {"en": "Open alerts", "ru": "Предупреждения"},
    "at_stake": {"en": "At stake: reward / penalty", "ru": "На кону: поощрение / взыскание"},
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
    "cli:dry_run:new": {
        "en": "{tab}: a new tab, {rows} rows",
        "ru": "{tab}: новая вкладка, строк: {rows}",
    },
    "cli:dry_run:rewritten": {
        "en": "{tab}: changed, rewritten ({rows} rows)",
        "ru": "{tab}: изменилась, будет переписана (строк: {rows})",
    },
    "cli:dry_run:final": {
        "en": "{tab}: its period is over: written a last time, marked final ({rows} rows)",
        "ru": "{tab}: период закончился: записывается в последний раз, итоговый (строк: {rows})",
    },
    "cli:dry_run:deleted": {
        "en": "{tab}: deleted (beyond retention, or no longer an output)",
        "ru": "{tab}: будет удалена (сверх срока хранения или больше не нужна)",
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
    "typed_in_output": {
        "en": '{cell}: "{value}" was typed in {tab}, an output tab sheetsync rewrites: it is '
        "replaced at the tab's next change. Keep notes in an input tab, or in the Alerts "
        "tab's Note column.",
        "ru": "{cell}: «{value}» вписано во вкладку «{tab}», которую sheetsync перезаписывает: "
        "при её следующем изменении текст пропадёт. Держите заметки во входных вкладках или "
        "в столбце «Комментарий» вкладки предупреждений.",
    },
    "notify:subject": {
        "en": "{plan} — alerts for you: {count} ({critical} critical, new or worse)",
        "ru": "{plan} — предупреждения для вас: {count} (критичных новых или ухудшившихся: "
        "{critical})",
    },
    "notify:report_subject": {"en": "{plan}: {title} (final)", "ru": "{plan}: {title} (итог)"},
    "notify:hello": {"en": "Hello {person},", "ru": "Здравствуйте, {person}!"},
    "notify:team": {"en": "Hello team,", "ru": "Коллеги, здравствуйте!"},
    "notify:intro": {
        "en": 'As of {today}, the plan "{plan}" has {count} alert(s) you have not been told '
        "about yet (new, worse, or open again):",
        "ru": "На {today} в плане «{plan}» предупреждений, о которых вы ещё не знаете "
        "(новые, ухудшившиеся или снова открытые): {count}.",
    },
    "notify:by_code": {"en": "By code:", "ru": "По кодам:"},
    "notify:top": {"en": "The {count} most pressing:", "ru": "Самые срочные ({count}):"},
    "notify:more": {
        "en": "…and {count} more: see the {tab} tab.",
        "ru": "…и ещё {count}: см. вкладку «{tab}».",
    },
    "notify:resolved": {"en": "Resolved: {keys}.", "ru": "Устранены: {keys}."},
    "notify:reopened": {"en": "acknowledgement ran out", "ru": "срок принятия истёк"},
    "notify:acknowledge": {
        "en": 'Seen to it? Write your name in "Acknowledged by" on the {tab} tab: you will '
        "not be reminded until it gets worse.",
        "ru": "Уже занимаетесь? Впишите своё имя в столбец «Принял» на вкладке «{tab}»: "
        "напоминаний не будет, пока не станет хуже.",
    },
    "notify:where": {"en": "Workbook: {where}", "ru": "Книга: {where}"},
    "notify:failed": {
        "en": "Notification to {to} not delivered ({error}); it is tried again on the next run.",
        "ru": "Уведомление для {to} не доставлено ({error}); повторная попытка при следующем "
        "запуске.",
    },
    "cli:notify_none": {
        "en": "Nobody has anything new to be told.",
        "ru": "Никому не о чем сообщать.",
    },
    "cli:notify:sent": {
        "en": "Sent to {to}: {subject}",
        "ru": "Отправлено {to}: {subject}",
    },
    "cli:notify:failed": {
        "en": "NOT delivered to {to} ({count} alerts): tried again on the next run.",
        "ru": "НЕ доставлено {to} (предупреждений: {count}): повтор при следующем запуске.",
    },
    "cli:notify:dry-run": {
        "en": "Would send to {to}: {subject}",
        "ru": "Было бы отправлено {to}: {subject}",
    },
    "alert_state:new": {"en": "new", "ru": "новое"},
    "alert_state:ongoing": {"en": "ongoing", "ru": "продолжается"},
    "alert_state:worse": {"en": "worse", "ru": "хуже"},
    "alert_state:acknowledged": {"en": "acknowledged", "ru": "принято"},
    "alert_state:resolved": {"en": "resolved {day}", "ru": "устранено {day}"},
    "tab_too_many_cells": {
        "en": "{cell}: the {tab} tab holds {cells} cells, more than the {limit} sheetsync "
        "reads in one tab; it is not read this time. Move old rows to another workbook.",
        "ru": "{cell}: во вкладке «{tab}» {cells} ячеек — больше {limit}, которые sheetsync "
        "читает из одной вкладки; в этот раз она не прочитана. Перенесите старые строки в "
        "другую книгу.",
    },
    "tab_too_spread": {
        "en": "{cell}: the {tab} tab's cells reach {last}, an area of {area} cells, more than "
        "the {limit} sheetsync reads in one tab; it is not read this time. Delete what lies "
        "beyond your table (Ctrl+End shows the last used cell) and run again.",
        "ru": "{cell}: ячейки вкладки «{tab}» доходят до {last} — это область в {area} ячеек, "
        "больше {limit}, которые sheetsync читает из одной вкладки; в этот раз она не "
        "прочитана. Удалите всё, что лежит за пределами таблицы (Ctrl+End покажет последнюю "
        "занятую ячейку), и запустите снова.",
    },
    "tab_too_much_xml": {
        "en": "{cell}: the {tab} tab is {size} of XML, more than the {limit} sheetsync reads "
        "in one tab; it is not read this time. Move old rows to another workbook.",
        "ru": "{cell}: вкладка «{tab}» занимает {size} XML — больше {limit}, которые sheetsync "
        "читает из одной вкладки; в этот раз она не прочитана. Перенесите старые строки в "
        "другую книгу.",
    },
    "no_alerts_no_goals": {
        "en": "No alerts, but there is no Goals tab, so nothing was checked against goals: "
        "see the Sync tab.",
        "ru": "Предупреждений нет, но нет вкладки «Цели», и с целями ничего не сверено: "
        "см. вкладку «Синхронизация».",
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
    # How a number or a date is written in a report or typed in the example plan.
    "fmt:percent": {"en": "{n}%", "ru": "{n}\u00a0%"},
    "fmt:points": {"en": "{n}\u00a0pts", "ru": "{n}\u00a0п.п."},
    "date-typed": {"en": "%Y-%m-%d", "ru": "%d.%m.%Y"},
    # The example plan (sheetsync/example.py): the demo workbook's own words.
    "example:time-zone-value": {"en": "UTC", "ru": "Europe/Moscow"},
    "example:email": {"en": "{first}@example.com", "ru": "user{i}@example.com"},
    "example:plan-name": {
        "en": "Plan name",
        "ru": "Название плана",
    },
    "example:example-marketing-plan": {
        "en": "Example marketing plan",
        "ru": "Пример маркетингового плана",
    },
    "example:currency": {
        "en": "Currency",
        "ru": "Валюта",
    },
    "example:language": {
        "en": "Language",
        "ru": "Язык",
    },
    "example:time-zone": {
        "en": "Time zone",
        "ru": "Часовой пояс",
    },
    "example:budget-mode": {
        "en": "Budget mode",
        "ru": "Режим бюджета",
    },
    "example:bottom-up": {
        "en": "bottom-up",
        "ru": "снизу",
    },
    "example:budget-limit": {
        "en": "Budget limit",
        "ru": "Лимит бюджета",
    },
    "example:800": {
        "en": "$800",
        "ru": "800 $",
    },
    "example:daily-limit": {
        "en": "Daily limit",
        "ru": "Лимит в день",
    },
    "example:weekly-limit": {
        "en": "Weekly limit",
        "ru": "Лимит в неделю",
    },
    "example:monthly-limit": {
        "en": "Monthly limit",
        "ru": "Лимит в месяц",
    },
    "example:budget-controller": {
        "en": "Budget controller",
        "ru": "Контролёр бюджета",
    },
    "example:control-method": {
        "en": "Control method",
        "ru": "Способ контроля",
    },
    "example:ad-cabinets-checked-against-the-spend-ta": {
        "en": "Ad cabinets checked against the Spend tab every morning",
        "ru": "Каждое утро сверяет рекламные кабинеты с вкладкой «Расходы»",
    },
    "example:check-every": {
        "en": "Check every",
        "ru": "Проверять каждые",
    },
    "example:day": {
        "en": "day",
        "ru": "день",
    },
    "example:stale-after-days": {
        "en": "Stale after days",
        "ru": "Устаревает через дней",
    },
    "example:report-retention": {
        "en": "Report retention",
        "ru": "Хранить отчётов",
    },
    "example:quarterly-bonus-10": {
        "en": "Quarterly bonus 10 %",
        "ru": "Квартальная премия 10 %",
    },
    "example:no-bonus-plan-reviewed-with-the-head": {
        "en": "No bonus; plan reviewed with the head",
        "ru": "Без премии; разбор с руководителем",
    },
    "example:attract-25-more-new-clients-this-quarter": {
        "en": "Attract 25 more new clients this quarter",
        "ru": "Привлечь ещё 25 новых клиентов за квартал",
    },
    "example:new-clients": {
        "en": "New clients",
        "ru": "Новые клиенты",
    },
    "example:sum": {
        "en": "sum",
        "ru": "сумма",
    },
    "example:30": {
        "en": "$30",
        "ru": "30 $",
    },
    "example:raise-the-site-s-conversion-from-1-5-to": {
        "en": "Raise the site's conversion from 1.5 % to 3 %",
        "ru": "Поднять конверсию сайта с 1,5 % до 3 %",
    },
    "example:site-conversion": {
        "en": "Site conversion",
        "ru": "Конверсия сайта",
    },
    "example:last": {
        "en": "last",
        "ru": "последнее",
    },
    "example:1-5": {
        "en": "1.5%",
        "ru": "1,5%",
    },
    "example:outdoor-banner-from-30-to-45-clients-a-m": {
        "en": "Outdoor banner: from 30 to 45 clients a month",
        "ru": "Баннер: с 30 до 45 клиентов в месяц",
    },
    "example:banner-clients": {
        "en": "Banner clients",
        "ru": "Клиенты с баннера",
    },
    "example:mean": {
        "en": "mean",
        "ru": "среднее",
    },
    "example:4": {
        "en": "$4",
        "ru": "4 $",
    },
    "example:grow-the-blog-s-readership-by-half": {
        "en": "Grow the blog's readership by half",
        "ru": "Увеличить аудиторию блога в 1,5 раза",
    },
    "example:blog-readers": {
        "en": "Blog readers",
        "ru": "Читатели блога",
    },
    "example:call-tracking": {
        "en": "Call tracking",
        "ru": "Коллтрекинг",
    },
    "example:active": {
        "en": "active",
        "ru": "активна",
    },
    "example:done": {
        "en": "done",
        "ru": "завершена",
    },
    "example:paused": {
        "en": "paused",
        "ru": "на паузе",
    },
    "example:a-b-test-of-the-site-header": {
        "en": "A/B test of the site header",
        "ru": "A/B-тест шапки сайта",
    },
    "example:site": {
        "en": "Site",
        "ru": "Сайт",
    },
    "example:a-b-test-of-the-page-background": {
        "en": "A/B test of the page background",
        "ru": "A/B-тест фона страницы",
    },
    "example:a-b-test-of-button-colours": {
        "en": "A/B test of button colours",
        "ru": "A/B-тест цвета кнопок",
    },
    "example:landing-page-for-the-offer": {
        "en": "Landing page for the offer",
        "ru": "Посадочная страница под оффер",
    },
    "example:paid-search-to-the-landing-page": {
        "en": "Paid search to the landing page",
        "ru": "Контекстная реклама на лендинг",
    },
    "example:search-ads": {
        "en": "Search ads",
        "ru": "Контекст",
    },
    "example:social-ads-to-the-landing-page": {
        "en": "Social ads to the landing page",
        "ru": "Таргетированная реклама на лендинг",
    },
    "example:social-ads": {
        "en": "Social ads",
        "ru": "Соцсети",
    },
    "example:outdoor-banner-by-the-office": {
        "en": "Outdoor banner by the office",
        "ru": "Баннер у офиса",
    },
    "example:outdoor": {
        "en": "Outdoor",
        "ru": "Наружная реклама",
    },
    "example:two-blog-posts-a-week": {
        "en": "Two blog posts a week",
        "ru": "Две статьи в блог в неделю",
    },
    "example:content": {
        "en": "Content",
        "ru": "Контент",
    },
    "example:our-own-crm-written-in-house": {
        "en": "Our own CRM, written in-house",
        "ru": "Самописная CRM",
    },
    "example:it": {
        "en": "IT",
        "ru": "ИТ",
    },
    "example:hosting-for-the-crm": {
        "en": "hosting for the CRM",
        "ru": "хостинг CRM",
    },
    "example:120": {
        "en": "$120",
        "ru": "120 $",
    },
    "example:landing-page-build": {
        "en": "landing page build",
        "ru": "вёрстка лендинга",
    },
    "example:who-is-this": {
        "en": "who is this?",
        "ru": "что это?",
    },
    "example:weekly-marketing-report": {
        "en": "Weekly marketing report",
        "ru": "Еженедельный отчёт",
    },
    "example:week": {
        "en": "week",
        "ru": "неделя",
    },
    "example:monthly-report-to-the-director": {
        "en": "Monthly report to the director",
        "ru": "Ежемесячный отчёт директору",
    },
    "example:month": {
        "en": "month",
        "ru": "месяц",
    },
    "example:director": {
        "en": "Director",
        "ru": "Директор",
    },
    "example:competitors-offers-reviewed-this-quarter": {
        "en": "Competitors' offers reviewed this quarter",
        "ru": "Предложения конкурентов изучены в этом квартале",
    },
    "example:goals": {
        "en": "Goals",
        "ru": "Цели",
    },
    "example:yes": {
        "en": "yes",
        "ru": "да",
    },
    "example:brand-guidelines-agreed-with-the-designe": {
        "en": "Brand guidelines agreed with the designer",
        "ru": "Гайдлайны бренда согласованы с дизайнером",
    },
    "example:activities": {
        "en": "Activities",
        "ru": "Активности",
    },
    "example:no": {
        "en": "no",
        "ru": "нет",
    },
    # Terms a backend names in a note (what an openpyxl save would lose).
    "term:formula cached values": {
        "en": "formula cached values",
        "ru": "кэшированные значения формул",
    },
    "term:sparklines": {"en": "sparklines", "ru": "спарклайны"},
    "term:Excel 2010 conditional formats": {
        "en": "Excel 2010 conditional formats",
        "ru": "условное форматирование Excel 2010",
    },
    "term:dropdowns that draw from another tab": {
        "en": "dropdowns that draw from another tab",
        "ru": "выпадающие списки из другой вкладки",
    },
    "term:Excel 2010 worksheet extensions": {
        "en": "Excel 2010 worksheet extensions",
        "ru": "расширения листов Excel 2010",
    },
    "term:text boxes and shapes": {"en": "text boxes and shapes", "ru": "надписи и фигуры"},
    "term:rich text in cells": {
        "en": "rich text in cells",
        "ru": "форматированный текст в ячейках",
    },
    "term:pivot tables": {"en": "pivot tables", "ru": "сводные таблицы"},
    "term:images": {"en": "images", "ru": "изображения"},
    "term:macros": {"en": "macros", "ru": "макросы"},
    # Importing the ad cabinets' exports (sheetsync.imports, sheetsync.importer) and the
    # reconciliation it brings (compute/reconcile). {where} is "FILE, line N" or "FILE".
    "export_where_line": {"en": "{file}, line {line}", "ru": "{file}, строка {line}"},
    "export_failed": {
        "en": "{where}: {reason} Nothing was imported.",
        "ru": "{where}: {reason} Ничего не импортировано.",
    },
    "export_missing": {"en": "there is no such file.", "ru": "такого файла нет."},
    "export_too_big": {
        "en": "the file is over {limit} MB; split the export by month.",
        "ru": "файл больше {limit} МБ; выгрузите по месяцам.",
    },
    "export_sheet_too_big": {
        "en": "a sheet reaches cell {ref}: too large an area to be a cabinet's report; "
        "clear the stray cells or export again.",
        "ru": "лист доходит до ячейки {ref}: слишком большая область для отчёта кабинета; "
        "удалите лишние ячейки или выгрузите снова.",
    },
    "export_unreadable": {
        "en": "the file cannot be read ({reason}).",
        "ru": "файл не читается ({reason}).",
    },
    "export_bad_csv": {
        "en": "the line is not valid CSV ({reason}); the file may be cut short.",
        "ru": "строка — не CSV ({reason}); возможно, файл обрезан.",
    },
    "export_unknown_format": {
        "en": "this is not an export sheetsync knows. Headers seen: {headers}. Formats "
        "known: {formats}. Map your own in sheetsync.toml ([imports.NAME]).",
        "ru": "такой выгрузки sheetsync не знает. Заголовки в файле: {headers}. Известные "
        "форматы: {formats}. Свой формат описывается в sheetsync.toml ([imports.ИМЯ]).",
    },
    "export_unknown_platform": {
        "en": 'there is no platform "{value}"; known: {known}.',
        "ru": "платформы «{value}» нет; известны: {known}.",
    },
    "export_bad_date": {
        "en": '"{value}" is not a date; the file may be cut short or not by day.',
        "ru": "«{value}» — не дата; возможно, файл обрезан или выгружен не по дням.",
    },
    "export_not_daily": {
        "en": "the line covers {start} to {end}; export the report broken down by day.",
        "ru": "строка охватывает период с {start} по {end}; выгрузите отчёт с разбивкой по дням.",
    },
    "export_no_campaign": {
        "en": "the line names no campaign.",
        "ru": "в строке нет кампании.",
    },
    "export_bad_number": {
        "en": '{column} "{value}" is not a number.',
        "ru": "{column}: «{value}» — не число.",
    },
    "export_bad_currency": {
        "en": '"{value}" is not a currency code.',
        "ru": "«{value}» — не код валюты.",
    },
    "export_row_count": {
        "en": "the file says it has {said} rows but holds {found}: it is cut short; "
        "download it again.",
        "ru": "в файле указано строк: {said}, а есть {found} — файл обрезан; выгрузите его снова.",
    },
    "export_currency_mismatch": {
        "en": "costs are in {found}, the plan is in {plan}; export in {plan}, or set the "
        "plan's Currency.",
        "ru": "расходы в {found}, а план в {plan}; выгрузите в {plan} или смените валюту плана.",
    },
    "campaign_two_activities": {
        "en": '{cell}: campaign "{value}" is claimed by both {first} and {cell}; its cost '
        "is counted for neither until one claims it.",
        "ru": "{cell}: кампанию «{value}» указывают и {first}, и {cell}; её расходы не "
        "учитываются ни там, ни там, пока её не оставят одной активности.",
    },
    "unknown-campaign": {
        "en": '{platform} campaign "{subject}" spent {total} from {first} to {last}, and no '
        "activity claims it: add it to an activity's Campaigns, or switch it off.",
        "ru": "Кампания {platform} «{subject}» потратила {total} с {first} по {last}, и ни "
        "одна активность её не указывает: добавьте её в «Кампании» активности или "
        "отключите.",
    },
    "spend-mismatch": {
        "en": "Activity {subject}, week {week}: {typed} typed on the Spend tab, {imported} "
        "in the ad cabinets ({difference} apart, over 5 %). Check which is right.",
        "ru": "Активность {subject}, неделя {week}: на вкладке «Расходы» {typed}, в "
        "рекламных кабинетах {imported} (разница {difference}, больше 5 %). Проверьте, "
        "где верно.",
    },
    "import_tab_taken": {
        "en": 'A tab "{tab}" already exists and is not sheetsync\'s: rename it, so that the '
        "imported rows can be kept on the Imported spend tab. Nothing was imported.",
        "ru": "Вкладка «{tab}» уже есть и создана не sheetsync: переименуйте её, чтобы "
        "импортированные строки было где хранить. Ничего не импортировано.",
    },
    "tab:imported-spend": {"en": "Imported spend", "ru": "Импорт расходов"},
    "imported:heading": {
        "en": "Spend imported from the ad cabinets by `sheetsync import`: one row per date, "
        "platform and campaign. Re-importing a period replaces its rows.",
        "ru": "Расходы из рекламных кабинетов (`sheetsync import`): строка на дату, "
        "платформу и кампанию. Повторный импорт периода заменяет его строки.",
    },
    "imported:unmapped": {"en": "no activity", "ru": "нет активности"},
    "budget:typed_spent": {"en": "Typed spend", "ru": "Внесено вручную"},
    "budget:imported_spent": {"en": "Imported spend", "ru": "Из кабинетов"},
    "cli:import:file": {
        "en": "Imported {file}: {platform}, {rows} rows, {first} to {last} ({replaced} stored "
        "rows replaced).",
        "ru": "Импортирован {file}: {platform}, строк: {rows}, с {first} по {last} (заменено "
        "сохранённых строк: {replaced}).",
    },
    "cli:import:totals": {
        "en": "Rows mapped to activities: {mapped}; unmapped: {unmapped}; replaced: {replaced}.",
        "ru": "Строк сопоставлено с активностями: {mapped}; без активности: {unmapped}; "
        "заменено: {replaced}.",
    },
}

# Nouns counted in checklist evidence: (singular, plural) in English; in Russian the two
# genitive forms "из N …" takes (1, 21, 31 … → singular; every other number → plural).
NOUNS: dict[str, dict[str, tuple[str, str]]] = {
    "goal": {"en": ("goal", "goals"), "ru": ("цели", "целей")},
    "activity": {"en": ("activity", "activities"), "ru": ("активности", "активностей")},
    "report": {"en": ("report", "reports"), "ru": ("отчёта", "отчётов")},
}


# Nouns after a count ("3 more activities", "ещё 3 активности"): English singular and plural;
# Russian for 1 (21, 31 …), for 2–4 (22–24 …) and for every other number.
COUNTED: dict[str, dict[str, tuple[str, ...]]] = {
    "spend-row": {"en": ("spend row", "spend rows"), "ru": ("запись", "записи", "записей")},
    "day": {"en": ("day", "days"), "ru": ("день", "дня", "дней")},
    "row": {"en": ("row", "rows"), "ru": ("строка", "строки", "строк")},
    "activity": {
        "en": ("activity", "activities"),
        "ru": ("активность", "активности", "активностей"),
    },
    "lesser-decision": {
        "en": ("decision of lower urgency", "decisions of lower urgency"),
        "ru": ("менее срочное решение", "менее срочных решения", "менее срочных решений"),
    },
}

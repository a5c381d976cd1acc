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
}


def say(lang: str, key: str, **values: object) -> str:
    """The sentence `key` in `lang` (English when missing), with the values filled in."""
    texts = MESSAGES[key]
    return texts.get(lang, texts["en"]).format(**values)

"""How sheetsync speaks: `t(lang, key, **values)` over the word catalogue (sheetsync.words),
and the language rules words need: amounts, plurals, lists of tabs.

Words are looked up by key so a plan whose Language is `ru` gets Russian problems, alerts
and tab texts, and tests can check the key rather than the wording.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import numbers
import re

from sheetsync.words import COUNTED, NOUNS, WORDS


def t(lang: str, key: str, **values: object) -> str:
    """The words `key` in `lang` (English when there is none), with the values filled in;
    dates among them as the language writes dates (`day_text`)."""
    texts = WORDS[key]
    text = texts.get(lang) or texts["en"]
    if not values:
        return text
    if lang == "ru":
        values = {k: day_text(lang, v) for k, v in values.items()}
    return text.format(**values)


_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def day_text(lang: str, value: object) -> object:
    """A date (or its ISO text) as the plan's language writes dates: `27.11.2026` in
    Russian, ISO in English. Anything else is returned as it is."""
    if lang != "ru":
        return value
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, str) and len(value) == 10 and (found := _ISO_DAY.match(value)):
        return f"{found[3]}.{found[2]}.{found[1]}"
    return value


def code_word(lang: str, code: str) -> str:
    """An alert code as words in the plan's language; a code without words is itself."""
    key = "alert:" + code
    return t(lang, key) if key in WORDS else code


def tab_title(lang: str, key: str) -> str:
    """An output tab's title: `kpi-status` is KPI Status, Статус KPI."""
    return t(lang, "tab:" + key)


def tab_titles(key: str) -> set[str]:
    """Every title the output tab `key` has, in any language."""
    return set(WORDS.get("tab:" + key, {}).values())


def status_word(lang: str, status: str | None) -> str:
    """A KPI or budget status code as a word; an unknown one (None) is Not measurable."""
    key = f"status:{status}"
    return t(lang, key if key in WORDS else "status:none")


def severity_word(lang: str, severity: str) -> str:
    return t(lang, "severity:" + severity)


# How an amount is written: one symbol table and one rule for where the symbol stands,
# shared by every text (alerts, checklist, tabs, reports) and the cells' number format
# (contracts.number_format), so a figure reads the same in a sentence and in a cell.
CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "RUB": "₽", "JPY": "¥", "CNY": "¥"}
SYMBOL_FIRST = ("USD", "GBP")  # `$1,200.00`; every other currency after: `1,200.00 €`
MINUS = "\u2212"  # the minus sign of every figure written as text
NBSP = "\u00a0"  # keeps `1 200,00 ₽` on one line
DASH = "—"  # an absent figure


def currency_code(currency: str | None) -> str:
    """The Settings tab's Currency as a code: `USD` when none is given."""
    return (currency or "USD").strip().upper() or "USD"


def currency_symbol(currency: str | None) -> str:
    """`$` for USD, `₽` for RUB; a code without a symbol stands for itself (`CHF`)."""
    code = currency_code(currency)
    return CURRENCY_SYMBOLS.get(code, code)


def grouped(amount: float, digits: int, lang: str) -> str:
    """`1,234.50` (en) or `1 234,50` (ru); a minus only when the rounded value is not zero."""
    text = f"{abs(amount):,.{digits}f}"
    if amount < 0 and any(ch not in "0,." for ch in text):
        text = MINUS + text
    if lang == "ru":
        text = text.replace(",", NBSP).replace(".", ",")
    return text


def spend_rows(lang: str, count: int) -> str:
    """`1 spend row`, `4 spend rows`; `1 запись`, `3 записи`, `5 записей`."""
    return f"{count} {counted(lang, count, 'spend-row')}"


def count_days(lang: str, count: int) -> str:
    """`1 day`, `3 days`; `1 день`, `3 дня`, `5 дней`."""
    return f"{count} {counted(lang, count, 'day')}"


def count_rows(lang: str, count: int) -> str:
    """`1 row`, `3 rows`; `1 строка`, `3 строки`, `5 строк`."""
    return f"{count} {counted(lang, count, 'row')}"


def money(
    lang: str, amount: object, currency: str | None = "USD", *, trim_cents: bool = False
) -> str:
    """An amount as a person reads it, the symbol where the cells put it: `$1,200.50`,
    `1,200.50 €`, `−$5.00`; in Russian `$1 200,50`, `1 200,50 ₽`. With `trim_cents` a whole
    amount is written without its cents: `$800`. No amount (None, NaN, ±inf) is a dash."""
    if not _is_number(amount):
        return DASH
    value = float(amount)  # type: ignore[arg-type]
    before, after = _money_symbol(currency)
    whole = trim_cents and float(round(value, 2)).is_integer()
    text = f"{abs(value):,.0f}" if whole else f"{abs(value):,.2f}"
    # A minus only when the rounded value is not zero (`−$0.00` reads as a debt).
    sign = MINUS if value < 0 and text.strip("0,.") else ""
    if lang == "ru":
        text = text.replace(",", NBSP).replace(".", ",")
    return f"{sign}{before}{text}{after}"


def _is_number(value: object) -> bool:
    """A number that can be written as one: not None, NaN or ±inf (an overflowed sum)."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(value)


@functools.lru_cache(maxsize=64)
def _money_symbol(currency: str | None) -> tuple[str, str]:
    """What `money` writes before and after the figure: (`$`, ``) or (``, ` €`)."""
    code = currency_code(currency)
    symbol = currency_symbol(code)
    return (symbol, "") if code in SYMBOL_FIRST else ("", NBSP + symbol)


def count_of(lang: str, count: int, total: int, noun: str) -> str:
    """'2 of 5 goals' / '2 из 5 целей': how many of how many, the noun agreeing with total."""
    if lang == "ru":
        one = total % 10 == 1 and total % 100 != 11
        return f"{count} из {total} {NOUNS[noun]['ru'][0 if one else 1]}"
    return f"{count} of {total} {NOUNS[noun]['en'][0 if total == 1 else 1]}"


def counted(lang: str, count: int, noun: str) -> str:
    """The form of `noun` that follows `count`: activity/activities; активность/-и/-ей."""
    if lang == "ru":
        one, few, many = COUNTED[noun]["ru"]
        tens, ones = count % 100, count % 10
        if ones == 1 and tens != 11:
            return one
        return few if 2 <= ones <= 4 and not 12 <= tens <= 14 else many
    single, plural = COUNTED[noun]["en"]
    return single if count == 1 else plural


def see_tabs(lang: str, titles: list[str]) -> str:
    """Where to look, after "see": `the Alerts tab`, `the KPI Status and Alerts tabs`;
    `вкладку «Предупреждения»`, `вкладки «Статус KPI» и «Предупреждения»`."""
    if lang == "ru":
        quoted = [f"«{t}»" for t in titles]
        if len(quoted) == 1:
            return f"вкладку {quoted[0]}"
        return f"вкладки {', '.join(quoted[:-1])} и {quoted[-1]}"
    if len(titles) == 1:
        return f"the {titles[0]} tab"
    return f"the {', '.join(titles[:-1])} and {titles[-1]} tabs"


def terms(lang: str, items: tuple[str, ...]) -> str:
    """A list of backend terms, joined, in the plan's language."""
    return ", ".join(t(lang, "term:" + item) if "term:" + item in WORDS else item for item in items)

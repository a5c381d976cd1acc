"""Money as text (i18n.money): one symbol table and one placement, the cells' number format's.

Every text sheetsync writes (alerts, checklist evidence, the Budget tab's headline, reports)
goes through `i18n.money`; the money cells use `contracts.number_format`. Both put the
symbol first for USD and GBP and after the figure for every other currency.
"""

from __future__ import annotations

import pytest

from sheetsync.contracts import number_format
from sheetsync.i18n import money

NB = "\u00a0"
MINUS = "\u2212"


@pytest.mark.parametrize(
    ("lang", "amount", "currency", "text"),
    [
        ("en", 1200.5, "USD", "$1,200.50"),
        ("en", 1200.5, "GBP", "£1,200.50"),
        ("en", 1200.5, "EUR", f"1,200.50{NB}€"),
        ("en", 1200.5, "RUB", f"1,200.50{NB}₽"),
        ("en", 1200.5, "JPY", f"1,200.50{NB}¥"),
        ("en", 1200.5, "CHF", f"1,200.50{NB}CHF"),  # no symbol: the code stands for itself
        ("en", 1200.5, "eur", f"1,200.50{NB}€"),
        ("en", 1200.5, None, "$1,200.50"),
        ("ru", 1200.5, "USD", f"$1{NB}200,50"),
        ("ru", 1200.5, "RUB", f"1{NB}200,50{NB}₽"),
        ("ru", 1200.5, "EUR", f"1{NB}200,50{NB}€"),
        ("en", -5, "USD", f"{MINUS}$5.00"),
        ("en", -1200, "EUR", f"{MINUS}1,200.00{NB}€"),
        ("ru", -1200, "RUB", f"{MINUS}1{NB}200,00{NB}₽"),
        ("en", -0.001, "USD", "$0.00"),  # rounds to zero: no minus
        ("en", 0, "USD", "$0.00"),
    ],
)
def test_money_text(lang, amount, currency, text):
    assert money(lang, amount, currency) == text


@pytest.mark.parametrize(
    ("amount", "currency", "text"),
    [
        (800, "USD", "$800"),
        (800.0, "EUR", f"800{NB}€"),
        (1000, "USD", "$1,000"),
        (12.5, "USD", "$12.50"),  # not whole: the cents stay
        (799.999, "USD", "$800"),  # whole once rounded to cents
        (-100, "USD", f"{MINUS}$100"),
    ],
)
def test_whole_amounts_may_drop_their_cents(amount, currency, text):
    assert money("en", amount, currency, trim_cents=True) == text


@pytest.mark.parametrize(
    ("currency", "pattern", "text"),
    [
        ("USD", '"$"#,##0.00', "$1,200.00"),
        ("GBP", '"£"#,##0.00', "£1,200.00"),
        ("EUR", '#,##0.00 "€"', f"1,200.00{NB}€"),
        ("RUB", '#,##0.00 "₽"', f"1,200.00{NB}₽"),
        ("CHF", '#,##0.00 "CHF"', f"1,200.00{NB}CHF"),
    ],
)
def test_text_and_cells_put_the_symbol_in_the_same_place(currency, pattern, text):
    assert number_format(f"money:{currency}") == pattern
    assert money("en", 1200, currency) == text


def test_money_takes_whole_numbers_and_writes_no_amount_as_a_dash():
    # Reports, the terminal and alerts all write money through this one function.
    assert money("en", 1200, "RUB") == f"1,200.00{NB}₽"
    assert money("en", -5, "USD") == f"{MINUS}$5.00"
    assert money("ru", 1200, "USD") == f"$1{NB}200,00"
    assert money("en", None, "USD") == "—"
    assert money("ru", float("nan"), "RUB") == "—"
    assert money("en", float("inf"), "RUB") == "—"  # an overflowed sum is no amount

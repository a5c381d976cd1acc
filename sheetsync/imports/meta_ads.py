"""Meta Ads Manager: the campaigns table exported (Reports → Export table data) as CSV or
XLSX, broken down by day (Breakdown → By time → Day), so that each line is one day.

The currency is in the cost header, `Amount spent (USD)`. A line covering several days
cannot be placed on a day: the export must be broken down by day.
"""

from __future__ import annotations

from sheetsync.imports.formats import Format

META_ADS = Format(
    key="meta",
    platform="Meta Ads",
    columns={
        "date": ("Reporting starts", "Day", "Начало отчетности", "Начало отчётности", "День"),
        "date_end": ("Reporting ends", "Конец отчетности", "Конец отчётности"),
        "account": ("Account name", "Название аккаунта"),
        "campaign": ("Campaign name", "Название кампании"),
        "campaign_id": ("Campaign ID", "ID кампании"),
        "cost": ("Amount spent", "Потраченная сумма"),
        "clicks": ("Link clicks", "Клики по ссылке"),
        "impressions": ("Impressions", "Показы"),
        "conversions": ("Results", "Результаты"),
        "currency": ("Currency", "Валюта"),
    },
    required=(("date",), ("campaign", "campaign_id"), ("cost",)),
    day_first=False,
    notes="Reporting starts, Reporting ends, Campaign name, Amount spent (CUR), Results, "
    "Impressions, Link clicks",
)

"""Google Ads: a campaign report by day, downloaded from the Reports page.

"Excel .csv" is UTF-16 with tabs, "CSV" is UTF-8 with commas; both start with two title
lines (the report's name and its date range) and end with total lines ("Total: Account",
"Total: Campaigns"). Empty figures are written "--".
"""

from __future__ import annotations

from sheetsync.imports.formats import Format

GOOGLE_ADS = Format(
    key="google-ads",
    platform="Google Ads",
    columns={
        "date": ("Day", "Date", "День"),
        "account": ("Account", "Account name", "Customer name", "Аккаунт"),
        "campaign": ("Campaign", "Кампания"),
        "campaign_id": ("Campaign ID", "Идентификатор кампании"),
        "cost": ("Cost", "Стоимость"),
        "clicks": ("Clicks", "Клики"),
        "impressions": ("Impr.", "Impressions", "Показы"),
        "conversions": ("Conversions", "Конверсии"),
        "currency": ("Currency code", "Currency", "Код валюты", "Валюта"),
    },
    required=(("date",), ("campaign", "campaign_id"), ("cost",)),
    day_first=False,
    notes="Day, Campaign, Campaign ID, Cost, Clicks, Impr., Conversions, Currency code",
)

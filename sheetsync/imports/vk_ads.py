"""VK Ads (ads.vk.com): the statistics table exported by day, CSV or XLSX, with Russian or
English headers: Дата, Кампания, Потрачено, Показы, Клики, Результат."""

from __future__ import annotations

from sheetsync.imports.formats import Format

VK_ADS = Format(
    key="vk",
    platform="VK Ads",
    columns={
        "date": ("Дата", "Date", "День"),
        "campaign": ("Кампания", "Campaign", "Название кампании"),
        "campaign_id": ("ID кампании", "Campaign ID"),
        "cost": ("Потрачено", "Spent", "Потрачено / Spent"),
        "clicks": ("Клики", "Clicks"),
        "impressions": ("Показы", "Impressions", "Shows"),
        "conversions": ("Результат", "Результаты", "Results", "Result"),
        "currency": ("Валюта", "Currency"),
    },
    required=(("date",), ("campaign", "campaign_id"), ("cost",)),
    decimal_comma=True,
    currency="RUB",
    notes="Дата, Кампания, Потрачено / Spent, Показы, Клики, Результат",
)

"""Yandex Direct, in its two forms.

The Reports API's TSV (CAMPAIGN_PERFORMANCE_REPORT): a title line with the report's name
and dates, the header (Date, CampaignId, CampaignName, Cost, Clicks, Impressions,
Conversions), the data, and a last line `Total rows: N`. The API sends money in micros
(the amount × 1,000,000) unless the request said `returnMoneyInMicros: false`; such a
file writes every cost as a whole number, and is read as micros.

The web interface's XLSX (or CSV) report with Russian headers: Дата, Кампания,
№ Кампании, Расход (руб.), Клики, Показы, Конверсии, under a title, with an Итого line.
"""

from __future__ import annotations

import re

from sheetsync.imports.errors import ExportError
from sheetsync.imports.formats import Export, Format

_TOTAL_ROWS = re.compile(r"total rows:\s*(\d+)", re.IGNORECASE)
_WHOLE = re.compile(r"^-?\d+$")
MICROS = 1_000_000


def _finish_api(export: Export) -> None:
    """A partial download is caught by its own count; micros become money."""
    for number, cells in export.totals:
        text = " ".join(str(c) for c in cells if c is not None)
        m = _TOTAL_ROWS.search(text)
        if m and int(m[1]) != len(export.rows):
            raise ExportError(
                "export_row_count", line=number, said=int(m[1]), found=len(export.rows)
            )
    texts = [t.strip() for t in export.cost_texts if t.strip()]
    if texts and all(_WHOLE.match(t) for t in texts):
        for row in export.rows:
            row.cost /= MICROS


YANDEX_API = Format(
    key="yandex-api",
    platform="Yandex Direct",
    columns={
        "date": ("Date",),
        "account": ("ClientLogin",),
        "campaign": ("CampaignName",),
        "campaign_id": ("CampaignId",),
        "cost": ("Cost",),
        "clicks": ("Clicks",),
        "impressions": ("Impressions",),
        "conversions": ("Conversions",),
    },
    required=(("date",), ("campaign", "campaign_id"), ("cost",)),
    currency=None,
    finish=_finish_api,
    notes="Reports API TSV: Date, CampaignId, CampaignName, Cost (micros or money), Clicks, "
    "Impressions, Conversions; title line and 'Total rows: N'",
)

YANDEX_WEB = Format(
    key="yandex-web",
    platform="Yandex Direct",
    columns={
        "date": ("Дата", "Период", "Date"),
        "account": ("Логин", "Клиент"),
        "campaign": ("Кампания", "Название кампании"),
        "campaign_id": ("№ Кампании", "№ кампании", "ID кампании", "Номер кампании"),
        "cost": ("Расход", "Расход всего", "Расход, руб.", "Расход (руб.)"),
        "clicks": ("Клики",),
        "impressions": ("Показы",),
        "conversions": ("Конверсии",),
        "currency": ("Валюта",),
    },
    required=(("date",), ("campaign", "campaign_id"), ("cost",)),
    decimal_comma=True,
    currency="RUB",
    notes="web report (XLSX/CSV, Russian headers): Дата, Кампания, № Кампании, "
    "Расход (руб.), Клики, Показы, Конверсии",
)

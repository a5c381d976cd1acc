"""Sample cost exports, written as each cabinet writes them (see sheetsync/imports/*.py for the
documented formats), and a small plan whose Activities map their campaigns.

Figures are chosen so that each activity's imported total is easy to add up by hand.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

TODAY = dt.date(2026, 11, 27)


def google_ads_utf16(path: Path, rows: list[tuple] | None = None) -> Path:
    """Google Ads "Excel .csv": UTF-16 with a BOM, tabs, two title lines, total lines."""
    rows = rows or [
        ("2026-11-02", "Brand search - exact", "111", "RUB", "1,200.50", "40", "1,000", "2.00"),
        ("2026-11-02", "Landing search", "222", "RUB", "800.00", "25", "900", "1.00"),
        ("2026-11-03", "Brand search - exact", "111", "RUB", "1,000.00", "30", "800", "0.00"),
        ("2026-11-03", "Brand search - broad", "112", "RUB", "--", "0", "0", "0.00"),
    ]
    lines = [
        "Campaign report",
        "November 2, 2026 - November 3, 2026",
        "\t".join(
            [
                "Day",
                "Campaign",
                "Campaign ID",
                "Currency code",
                "Cost",
                "Clicks",
                "Impr.",
                "Conversions",
            ]
        ),
        *("\t".join(r) for r in rows),
        "Total: Account\t--\t--\tRUB\t3,000.50\t95\t2,700\t3.00",
        "Total: Search\t--\t--\tRUB\t3,000.50\t95\t2,700\t3.00",
    ]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-16"))
    return path


def meta_csv(path: Path) -> Path:
    """Meta Ads Manager's exported table, by day: UTF-8 with a BOM, commas, quoted."""
    text = (
        '"Reporting starts","Reporting ends","Campaign name","Amount spent (RUB)","Results",'
        '"Impressions","Link clicks"\n'
        '"2026-11-02","2026-11-02","Autumn promo","450.25","3","1000","40"\n'
        '"2026-11-03","2026-11-03","Autumn promo","300","0","700","20"\n'
        '"2026-11-03","2026-11-03","Lookalike test","99.99","0","300","5"\n'
    )
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    return path


def yandex_web_cp1251(path: Path) -> Path:
    """Yandex Direct's web report saved as CSV on Russian Windows: cp1251, semicolons, a
    title line, decimal commas and spaces in thousands, an Итого line."""
    text = (
        "Статистика по кампаниям с 02.11.2026 по 03.11.2026\r\n"
        "Дата;Кампания;№ Кампании;Расход (руб.);Клики;Показы;Конверсии\r\n"
        "02.11.2026;Ретаргетинг;777;1 234,50;12;1 000;2\r\n"
        "03.11.2026;Ретаргетинг;777;765,50;8;640;0\r\n"
        "Итого;;;2 000,00;20;1 640;2\r\n"
    )
    path.write_bytes(text.encode("cp1251"))
    return path


def yandex_api_tsv(path: Path, total_rows: int = 2) -> Path:
    """The Reports API's TSV: title line, header, rows with Cost in micros, Total rows."""
    text = (
        '"Расходы по дням (2026-11-02 - 2026-11-03)"\n'
        "Date\tCampaignId\tCampaignName\tCost\tClicks\tImpressions\tConversions\n"
        "2026-11-02\t888\tПоиск общий\t150500000\t10\t400\t1\n"
        "2026-11-03\t888\tПоиск общий\t49500000\t5\t300\t--\n"
        f"Total rows: {total_rows}\n"
    )
    path.write_text(text, encoding="utf-8")
    return path


def vk_xlsx(path: Path) -> Path:
    """VK Ads' statistics exported to XLSX: a title row, date cells, an Итого row."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Статистика кампаний"])
    sheet.append(["Дата", "Кампания", "Потрачено", "Показы", "Клики", "Результат"])
    sheet.append([dt.date(2026, 11, 2), "VK осень", 320.0, 5000, 60, 4])
    sheet.append([dt.date(2026, 11, 3), "VK осень", 180.0, 3000, 30, 0])
    sheet.append(["Итого", None, 500.0, 8000, 90, 4])
    book.save(path)
    return path


# Each activity's imported cost, added up by hand from the files above.
IMPORTED_BY_HAND = {
    "A1": 1200.50 + 800.00 + 1000.00 + 0.0,  # Google Ads: Brand search*, 222
    "A2": 450.25 + 300.00,  # Meta: Autumn promo (Lookalike test is claimed by nobody)
    "A3": 1234.50 + 765.50,  # Yandex web: Ретаргетинг
    "A4": 150.50 + 49.50,  # Yandex API (micros): campaign ID 888
    "A5": 320.0 + 180.0,  # VK Ads: VK осень
}
UNMAPPED_BY_HAND = {"Lookalike test": 99.99}


def plan_tabs() -> dict[str, list[list]]:
    """A plan in roubles whose Activities map the sample exports' campaigns."""
    return {
        "Settings": [
            ["Setting", "Value"],
            ["Currency", "RUB"],
            ["Budget controller", "Maria"],
            ["Check every", "week"],
        ],
        "Team": [["Person", "Role", "Email"], ["Maria", "Controller", "maria@example.com"]],
        "Goals": [
            ["ID", "Goal", "Metric", "Aggregation", "Baseline", "Target", "Start", "End", "Owner"],
            ["G1", "More clients", "clients", "sum", 0, 100, "2026-11-01", "2026-12-31", "Maria"],
        ],
        "Activities": [
            ["ID", "Activity", "Goal", "Owner", "Start", "End", "Status", "Budget", "Campaigns"],
            [
                "A1",
                "Paid search",
                "G1",
                "Maria",
                "2026-11-01",
                "2026-12-31",
                "active",
                20000,
                "Brand search*, 222",
            ],
            [
                "A2",
                "Social ads",
                "G1",
                "Maria",
                "2026-11-01",
                "2026-12-31",
                "active",
                10000,
                "Autumn promo",
            ],
            [
                "A3",
                "Retargeting",
                "G1",
                "Maria",
                "2026-11-01",
                "2026-12-31",
                "active",
                10000,
                "ретаргетинг",
            ],
            [
                "A4",
                "Yandex search",
                "G1",
                "Maria",
                "2026-11-01",
                "2026-12-31",
                "active",
                10000,
                "888",
            ],
            ["A5", "VK ads", "G1", "Maria", "2026-11-01", "2026-12-31", "active", 10000, "VK *"],
            [
                "A6",
                "Outdoor banner",
                "G1",
                "Maria",
                "2026-11-01",
                "2026-12-31",
                "active",
                5000,
                None,
            ],
        ],
        "Spend": [
            ["Date", "Activity", "Amount", "Results", "Note"],
            ["2026-11-02", "A1", 3000, 3, "typed from the cabinet"],
            ["2026-11-02", "A2", 500, 3, "typed from the cabinet"],
            ["2026-11-02", "A6", 700, 1, "banner rent"],
        ],
    }

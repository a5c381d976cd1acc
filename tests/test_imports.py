"""Reading the ad cabinets' exports (sheetsync.imports): each platform's documented file, in
the encodings the cabinets write, with title lines and totals; and files that must fail
whole, naming the line."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sheetsync.errors import UsageError
from sheetsync.imports import ExportError, generic_formats, read_export
from tests import exports


def test_google_ads_utf16_with_title_lines_and_totals(tmp_path):
    export = read_export(exports.google_ads_utf16(tmp_path / "google.csv"))
    assert export.format == "google-ads" and export.encoding == "utf-16-le"
    assert export.skipped == [1, 2, 8, 9]  # two title lines, two total lines
    assert [(r.date, r.campaign, r.cost) for r in export.rows] == [
        (dt.date(2026, 11, 2), "Brand search - exact", 1200.50),
        (dt.date(2026, 11, 2), "Landing search", 800.00),
        (dt.date(2026, 11, 3), "Brand search - exact", 1000.00),
        (dt.date(2026, 11, 3), "Brand search - broad", 0.0),  # "--" is nothing spent
    ]
    first = export.rows[0]
    assert (first.campaign_id, first.currency, first.clicks, first.impressions) == (
        "111", "RUB", 40, 1000,
    )  # fmt: skip
    assert first.line == 4


def test_meta_export_reads_the_currency_from_the_cost_header(tmp_path):
    export = read_export(exports.meta_csv(tmp_path / "meta.csv"))
    assert export.format == "meta" and export.encoding == "utf-8-sig"
    assert {r.currency for r in export.rows} == {"RUB"}
    assert sum(r.cost for r in export.rows) == pytest.approx(850.24)
    assert [r.conversions for r in export.rows] == [3, 0, 0]  # Results are the conversions


def test_yandex_web_report_in_cp1251_with_decimal_commas(tmp_path):
    export = read_export(exports.yandex_web_cp1251(tmp_path / "yandex.csv"))
    assert (export.format, export.encoding, export.platform) == (
        "yandex-web", "cp1251", "Yandex Direct",
    )  # fmt: skip
    assert [(r.campaign, r.campaign_id, r.cost) for r in export.rows] == [
        ("Ретаргетинг", "777", 1234.50),
        ("Ретаргетинг", "777", 765.50),
    ]
    assert export.skipped == [1, 5]  # the title and Итого
    assert export.rows[0].impressions == 1000


def test_yandex_reports_api_tsv_money_in_micros(tmp_path):
    export = read_export(exports.yandex_api_tsv(tmp_path / "direct.tsv"))
    assert export.format == "yandex-api"
    assert [r.cost for r in export.rows] == [150.50, 49.50]
    assert [r.conversions for r in export.rows] == [1, 0]


def test_vk_ads_xlsx(tmp_path):
    export = read_export(exports.vk_xlsx(tmp_path / "vk.xlsx"))
    assert (export.format, export.encoding) == ("vk", "xlsx")
    assert [(r.date, r.cost, r.conversions) for r in export.rows] == [
        (dt.date(2026, 11, 2), 320.0, 4),
        (dt.date(2026, 11, 3), 180.0, 0),
    ]
    assert export.rows[0].currency == "RUB"


def test_a_cut_short_reports_api_file_fails_naming_its_line(tmp_path):
    with pytest.raises(ExportError) as caught:
        read_export(exports.yandex_api_tsv(tmp_path / "direct.tsv", total_rows=3))
    assert caught.value.key == "export_row_count" and caught.value.line == 5


def test_a_broken_line_fails_the_whole_file_naming_it(tmp_path):
    path = tmp_path / "google.csv"
    exports.google_ads_utf16(
        path,
        [
            ("2026-11-02", "Brand search", "111", "RUB", "10.00", "1", "1", "0"),
            ("2026-11-0", "Brand search", "111", "RUB", "10.00", "1", "1", "0"),
        ],
    )
    with pytest.raises(ExportError) as caught:
        read_export(path)
    assert caught.value.key == "export_bad_date" and caught.value.line == 5
    assert caught.value.values["value"] == "2026-11-0"


def test_a_meta_line_over_several_days_is_refused(tmp_path):
    path = tmp_path / "meta.csv"
    path.write_text(
        "Reporting starts,Reporting ends,Campaign name,Amount spent (USD)\n"
        "2026-11-01,2026-11-30,Autumn promo,100\n",
        encoding="utf-8",
    )
    with pytest.raises(ExportError) as caught:
        read_export(path)
    assert caught.value.key == "export_not_daily" and caught.value.line == 2


def test_an_unknown_format_lists_the_headers_seen_and_the_formats_known(tmp_path):
    path = tmp_path / "crm.csv"
    path.write_text("When,What,Paid\n2026-11-02,Flyers,10\n", encoding="utf-8")
    with pytest.raises(ExportError) as caught:
        read_export(path)
    error = caught.value
    assert error.key == "export_unknown_format"
    assert error.values["headers"] == "When, What, Paid"
    for platform in ("Google Ads", "Meta Ads", "Yandex Direct", "VK Ads"):
        assert platform in error.values["formats"]


def test_a_generic_csv_mapped_in_the_config(tmp_path):
    path = tmp_path / "crm.csv"
    path.write_text("When;What;Paid\n02.11.2026;Flyers;10,50\n03.11.2026;Flyers;4,50\n", "utf-8")
    formats = generic_formats(
        {"crm": {"platform": "Print", "date": "When", "campaign": "What", "cost": "Paid",
                 "currency": "EUR", "decimal_comma": True}}
    )  # fmt: skip
    export = read_export(path, generic=formats)
    assert export.format == "generic:crm" and export.platform == "Print"
    assert [(r.date, r.cost, r.currency) for r in export.rows] == [
        (dt.date(2026, 11, 2), 10.5, "EUR"),
        (dt.date(2026, 11, 3), 4.5, "EUR"),
    ]
    assert read_export(path, "crm", formats).rows == export.rows


def test_a_generic_mapping_missing_the_cost_is_a_config_error():
    with pytest.raises(UsageError, match="cost"):
        generic_formats({"crm": {"date": "When", "campaign": "What"}})


def test_platform_flag_picks_the_format(tmp_path):
    path = exports.yandex_web_cp1251(tmp_path / "yandex.csv")
    assert read_export(path, "yandex").format == "yandex-web"
    with pytest.raises(ExportError) as caught:
        read_export(path, "vk")  # not a VK file: its headers are not VK's
    assert caught.value.key == "export_unknown_format"
    with pytest.raises(ExportError) as caught:
        read_export(path, "tiktok")
    assert caught.value.key == "export_unknown_platform"


def test_a_zip_bomb_xlsx_is_refused_unread(tmp_path):
    import zipfile

    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (10 * 2**20))  # packs ~1,000x
    with pytest.raises(UsageError, match="zip bomb"):
        read_export(path)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.text(max_size=12), max_size=6), max_size=8), st.sampled_from(
    ["google-ads", "meta", "yandex", "vk", None]))  # fmt: skip
def test_no_file_crashes_the_reader(tmp_path_factory, lines, platform):
    """Whatever a file holds under a known header, it is read or refused with a line."""
    path = tmp_path_factory.mktemp("fuzz") / "export.csv"
    header = "Day,Campaign,Cost,Clicks" if platform in ("google-ads", None) else ""
    body = "\n".join(",".join(c.replace("\n", " ") for c in line) for line in lines)
    path.write_text(header + "\n" + body, encoding="utf-8")
    try:
        export = read_export(path, platform)
    except ExportError as error:
        assert error.key.startswith("export_")
    else:
        assert all(isinstance(r.cost, float) for r in export.rows)


def test_an_xlsx_with_a_cell_far_away_is_refused_before_calamine_reads_it(tmp_path):
    import openpyxl

    path = tmp_path / "vk.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["Дата", "Кампания", "Потрачено"])
    book.active["XFD1048576"] = "x"
    book.save(path)
    with pytest.raises(ExportError) as caught:
        read_export(path)
    assert caught.value.key == "export_sheet_too_big"
    assert caught.value.values["ref"] == "XFD1048576"

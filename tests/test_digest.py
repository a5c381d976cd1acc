"""OutputTab.digest: the marks already in people's sheets carry it, so its value must not
move (a new value would rewrite every tab once), and a tab changed after a digest gets a
new one."""

import datetime as dt

from sheetsync.contracts import Cell, Chart, OutputTab


def sample_tab() -> OutputTab:
    return OutputTab(
        "kpi-status",
        "Статус KPI",
        [
            [
                Cell('Цель "A"\n', bold=True, size=14, fill="title"),
                Cell(None),
                Cell(0.125, fmt="percent", fill="green"),
            ],
            [],
            [
                Cell(3, fmt="int"),
                Cell(dt.date(2026, 11, 27), fmt="date"),
                Cell(True),
                Cell(float("nan")),
                Cell(1e21, fmt="money:EUR", wrap=True),
            ],
            [Cell(dt.datetime(2026, 11, 27, 8, 30))],
        ],
        widths=[12.5, 8, 30],
        frozen_rows=2,
        charts=[Chart("line", "Trend", 0, 1, 3, 0, (2,), 5, 1)],
        final=True,
    )


def test_digest_is_the_one_marks_already_carry():
    # Written by the json.dumps digest this project shipped first (commit e32f615).
    assert sample_tab().digest() == "1e9ef64a259c4bc2"


def test_a_cell_swapped_after_a_digest_changes_it():
    tab = sample_tab()
    assert tab.digest() == "1e9ef64a259c4bc2"
    tab.rows[2][0] = Cell(3.0, fmt="int")  # equal to 3 to Python, "3.0" to JSON
    assert tab.digest() == "3baa4aedb5d25bbc"
    tab.rows[2][0] = Cell(3, fmt="int")
    assert tab.digest() == "1e9ef64a259c4bc2"


def test_title_widths_and_rows_count():
    tab = sample_tab()
    first = tab.digest()
    tab.title = "KPI"
    renamed = tab.digest()
    assert renamed != first
    tab.widths[0] = 13
    widened = tab.digest()
    assert widened not in (first, renamed)
    tab.rows.append([])
    assert tab.digest() not in (first, renamed, widened)


def test_the_sheets_write_works_out_the_same_digest():
    # The mark the Sheets backend writes carries the same digest as the tab.
    from sheetsync.backends.sheets_requests import cells, mark_value

    tab = sample_tab()
    cells(tab, 7)
    assert mark_value(tab) == "kpi-status|1e9ef64a259c4bc2|final"
    tab.rows[2][0] = Cell(3.0, fmt="int")
    cells(tab, 7)
    assert mark_value(tab) == "kpi-status|3baa4aedb5d25bbc|final"


def test_a_lone_surrogate_has_a_digest():
    # JSON can carry "\udc80"; UTF-8 cannot, and the digest raised on it.
    tab = OutputTab("t", "T", [[Cell("a\udc80b")]])
    assert tab.digest() == "75bfd85214c25b02"

"""Whole workbooks with extreme values, run as cron runs them (issue 12): a seeded generator
takes the example plan and puts into random cells huge and tiny numbers, control characters
(stored as Excel stores them, `_x001B_`), far dates and date serials, long text, formulas
as text, and odd dimensions (blank rows and columns, ragged rows, a far cell). Each workbook
is synced and checked by the command line.

For every one: the exit code is 0, 2, 3, 4 or 5; nothing on stderr is a traceback; when the
exit is not 0 the file is byte for byte as it was; every problem names a cell. The budget is
bounded for CI: SHEETSYNC_FUZZ_WORKBOOKS (default 12) workbooks, each with its own seed.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import re

import pytest

from sheetsync import cli
from sheetsync.backends.xlsx import create_workbook
from sheetsync.example import example_tabs

TODAY = "2026-11-27"
WORKBOOKS = int(os.environ.get("SHEETSYNC_FUZZ_WORKBOOKS", "12"))
ADDRESS = re.compile(r"^(?:[^'!]+|'(?:[^']|'')+')!(?:[A-Z]+\d+|[A-Z]+|\d+)$")

EXTREMES: list[object] = [
    1e308, -1e308, 5e-324, -0.0, 0, -1, 2**63, -(2**63), 2958466, -150000000000, 1e15,
    "9" * 400, "-" + "9" * 400, "1e400", "NaN", "inf", "-inf", "", " ", "\u00a0",
    "_x001B_[2J_x001B_]8;;http://evil_x0007_x", "_x0008_back", "_x0000_nul", "\u202eevil",
    "=HYPERLINK(\"http://evil\")", "+cmd|' /C calc'!A0", "@SUM(1)", "x" * 10_000,
    "😀" * 40, "<img src=x onerror=alert(1)>", "{{ 7*7 }}", "0001-01-01", "9999-12-31",
    "31.02.2026", "2026-13-01", True, False, dt.date(1, 1, 1), dt.date(9999, 12, 31),
    dt.datetime(2026, 11, 27, 23, 59, 59), "week", "квартал", "G1, G1, G1", "A1",
]  # fmt: skip


HUGE = ["9" * 400, "-" + "9" * 400, 1e308, -1e308, -1, 0, "1e400", "NaN", str(2**63), 2**53]
WHOLE_NUMBER_SETTINGS = {
    "Stale after days", "Report retention", "Устаревает через дней", "Хранить отчётов",
}  # fmt: skip


def hostile_tabs(seed: int) -> dict[str, list[list]]:
    rng = random.Random(seed)
    tabs = example_tabs(dt.date(2026, 11, 27), rng.choice(["en", "ru"]))
    for rows in tabs.values():
        for _ in range(rng.randint(0, 12)):
            if not rows:
                break
            r = rng.randrange(len(rows))
            if not rows[r]:
                continue
            c = rng.randrange(len(rows[r]))
            rows[r][c] = rng.choice(EXTREMES)
        if rng.random() < 0.2:  # blank rows above the header
            rows[:0] = [[] for _ in range(rng.randint(1, 3))]
        if rng.random() < 0.2:  # a leading blank column
            for row in rows:
                row.insert(0, None)
        if rng.random() < 0.2 and rows:  # a ragged, long row
            rows[rng.randrange(len(rows))].extend([rng.choice(EXTREMES)] * rng.randint(1, 40))
        if rng.random() < 0.1:  # a far cell below
            rows.extend([[] for _ in range(rng.randint(100, 3000))])
            rows.append([None] * rng.randint(0, 60) + [rng.choice(EXTREMES)])
        if rng.random() < 0.05:
            rows.clear()
    # Whole-number settings (days, counts) get extremes too, as often as not.
    for row in next((r for t, r in tabs.items() if t in ("Settings", "Настройки")), []):
        if row and row[0] in WHOLE_NUMBER_SETTINGS and len(row) > 1 and rng.random() < 0.5:
            row[1] = rng.choice(HUGE)
    if rng.random() < 0.1:
        tabs.pop(rng.choice(list(tabs)))
    return tabs


def _cell_value(value: object) -> object:
    # openpyxl stores text as it is; big ints beyond what a cell holds go in as text.
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 2**53:
        return str(value)
    return value


@pytest.mark.parametrize("seed", range(WORKBOOKS))
def test_a_hostile_workbook_ends_in_a_clean_exit(tmp_path, capsys, monkeypatch, seed):
    monkeypatch.chdir(tmp_path)
    tabs = {
        t: [[_cell_value(v) for v in row] for row in rows] for t, rows in hostile_tabs(seed).items()
    }
    path = tmp_path / "plan.xlsx"
    create_workbook(path, tabs, {})
    for command in ("sync", "check", "sync"):
        before = path.read_bytes()
        code = cli.main([command, "-w", str(path), "--today", TODAY, "--json"])
        out, err = capsys.readouterr()
        assert code in (0, 2, 3, 4, 5), (seed, command, code, err[-2000:])
        assert "Traceback" not in err and "Exception ignored" not in err, (seed, err[-2000:])
        if code != 0:
            assert path.read_bytes() == before, (seed, command)
            continue
        problems = json.loads(out)["problems"]
        for p in problems:
            # A cell (Goals!F7, or a header row Goals!3), or a missing tab by its name.
            cell = p["cell"]
            assert cell and (ADDRESS.match(cell) or "!" not in cell), (seed, p)

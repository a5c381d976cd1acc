"""Bad input at scale: whole generated plans never crash `check` or `sync`, on either backend.

A plan has the right structure (input tabs with their headers, in English or Russian) and
anything in the cells, plus the oddities people make: IDs used twice or left out, columns
missing or in another order, unknown columns, empty tabs, blank rows above the header, a
required tab left out. For each: every problem names its cell (or the missing tab), the
output tabs are written, the input tabs are not touched, and a second sync writes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sheetsync
from sheetsync.backends.xlsx import create_workbook
from sheetsync.errors import UsageError
from sheetsync.plan.schema import INPUT_TABS, SETTINGS, SETTINGS_KEYS, match_tab
from sheetsync.sync import open_workbook
from tests.fakes import FakeSheetsAPI
from tests.handles import XlsxHandle

TODAY = dt.date(2026, 11, 27)
# A cell address as sheetsync writes it: Goals!F7, 'Budget Control'!A1, or a header row
# (Goals!3) when a whole column is missing.
ADDRESS = re.compile(r"^(?:[^'!]+|'(?:[^']|'')+')!(?:[A-Z]+\d+|[A-Z]+|\d+)$")
SYNC_TITLES = {"Sync", "Синхронизация"}

typed = st.sampled_from(
    [
        "много", "#REF!", "#N/A", "31.02.2026", "27.11.2026", "2026-11-27", "11/12/2026",
        "1 200,50 ₽", "$1,200.50", "800 USD", "500 руб.", "(800)", "-5", "+25", "+50%",
        "1,5%", "1,234", "0", "да", "нет", "x", "✓", "yes", "сумма", "last", "mean", "active",
        "на паузе", "done", "planned", "week", "месяц", "quarter", "G1", "G2", "G1, G2", "A1",
        "A2", "G9", "Anna Lee", "Борис Петров", "", "   ", '=HYPERLINK("http://x")',
        "+7 999 123-45-67", "@channel", "∞", "NaN", "1e309", "12abc", "\u00a0", "bottom-up",
        "сверху", "ru", "en", "UTC", "Europe/Moscow", "Mars/Base",
    ]
)  # fmt: skip
printable = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Co"), blacklist_characters="\ufffe\uffff"),
    max_size=15,
)
value = st.one_of(
    st.none(),
    typed,
    typed,
    printable,
    st.integers(min_value=-(10**12), max_value=10**12),
    # Numbers as people type them; a spreadsheet cannot hold NaN or infinity at all, and
    # 1e308 does not survive openpyxl's load and save (see the issue note).
    st.floats(min_value=-1e15, max_value=1e15, allow_nan=False),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 1, 1)),
)
# Values in ID and reference columns come from a small pool, so that IDs repeat and
# references sometimes find what they name and sometimes do not.
ids = {
    "goals": st.sampled_from(["G1", "G2", "G3", "g1 ", "G1", None, "", 7]),
    "activities": st.sampled_from(["A1", "A2", "A3", "a2", "A1", None, 3.5]),
    "team": st.sampled_from(["Anna Lee", "Борис Петров", "anna lee", None, "Ann"]),
}
references = {
    ("activities", "goal"): st.sampled_from(["G1", "G2", "G1, G2", "G9", "G1;G3", None]),
    ("spend", "activity"): st.sampled_from(["A1", "A2", "A9", "a1", None, 1]),
    ("actuals", "metric"): st.sampled_from(["Leads", "leads", "Clients", None, 5]),
    ("goals", "metric"): st.sampled_from(["Leads", "Clients", "Nothing", None]),
}


@st.composite
def plans(draw) -> tuple[dict[str, list[list]], str]:
    lang = draw(st.sampled_from(["en", "ru"]))
    tabs: dict[str, list[list]] = {}
    for spec in INPUT_TABS:
        if not draw(st.integers(0, 9)):  # now and then a tab is left out, Goals too
            continue
        title = spec.title(lang)
        title = draw(st.sampled_from([title, title.upper(), f" {title.lower()} "]))
        if spec is SETTINGS:
            names = [s.names[0 if lang == "en" else 1] for s in SETTINGS_KEYS]
            setting = st.one_of(st.sampled_from(names), st.sampled_from(["Colour", ""]), value)
            rows = draw(st.lists(st.lists(st.one_of(setting, value), max_size=3), max_size=10))
            tabs[title] = [spec.header(lang), *rows]
            continue
        columns = list(spec.columns)
        kept = draw(st.lists(st.sampled_from(columns), unique_by=lambda c: c.key, max_size=12))
        if draw(st.booleans()):
            kept = sorted(kept, key=columns.index)
        header: list = [c.names[0 if lang == "en" else 1] for c in kept]
        if draw(st.booleans()):
            header.insert(draw(st.integers(0, len(header))), "Comment")
        if not draw(st.integers(0, 6)):
            tabs[title] = []  # an empty tab
            continue
        cells = []
        for name in header:
            col = next((c for c in kept if name in c.names), None)
            if col is not None and col.key == spec.id_column:
                cells.append(st.one_of(ids[spec.key], value))
            elif col is not None and (spec.key, col.key) in references:
                cells.append(st.one_of(references[spec.key, col.key], value))
            else:
                cells.append(value)
        row = st.tuples(*cells).map(list) if cells else st.just([])
        body = draw(st.lists(st.one_of(row, st.just([])), max_size=8))
        blank_above = [[] for _ in range(draw(st.integers(0, 2)))]
        tabs[title] = [*blank_above, header, *body]
    if draw(st.booleans()) or not tabs:
        tabs["Notes"] = [["a person's own tab"], [draw(value)]]
    return tabs, lang


def assert_problems_have_cells(result: sheetsync.sync.RunResult) -> None:
    for problem in result.to_json()["problems"]:
        assert problem["message"], problem
        cell = problem["cell"]
        assert isinstance(cell, str), problem
        assert ADDRESS.match(cell) or cell in ("Goals", "Цели"), problem


def assert_outputs_written(result, titles_after: list[str], input_titles: list[str]) -> None:
    assert SYNC_TITLES & set(titles_after)
    assert set(result.tabs_written) <= set(titles_after)
    assert titles_after[: len(input_titles)] == input_titles


LIMITS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)


@settings(max_examples=25, **LIMITS)
@given(plan=plans())
def test_a_generated_plan_syncs_through_the_sheets_fake(plan):
    tabs, lang = plan
    fake = FakeSheetsAPI()
    sid = fake.create_spreadsheet("Fuzz", tabs, locale="ru_RU" if lang == "ru" else "en_US")
    before = {title: fake.values(sid, title) for title in tabs}
    if not any(match_tab(title) for title in tabs):
        # No input tab at all: refused, nothing written (never an empty plan "in order").
        with pytest.raises(UsageError, match="no input tab"):
            sheetsync.sync(open_workbook(sid, session=fake.session()), today=TODAY)
        assert fake.api_calls()["write"] == 0
        return
    with tempfile.TemporaryDirectory() as state:
        checked = sheetsync.check(open_workbook(sid, session=fake.session()), today=TODAY)
        assert_problems_have_cells(checked)
        result = sheetsync.sync(
            open_workbook(sid, session=fake.session()), today=TODAY, state_dir=state
        )
        assert_problems_have_cells(result)
        assert result.problems == checked.problems
        titles = [s.title for s in fake.spreadsheet(sid).sheets]
        assert_outputs_written(result, titles, list(tabs))
        assert {title: fake.values(sid, title) for title in tabs} == before
        fake.reset_calls()
        sheetsync.sync(open_workbook(sid, session=fake.session()), today=TODAY, state_dir=state)
        calls = fake.api_calls()
        assert calls["write"] == 0 and calls["read"] <= 2  # no input tab: no values read


@settings(max_examples=15, **LIMITS)
@given(plan=plans())
def test_a_generated_plan_syncs_as_an_xlsx_file(plan):
    tabs, _ = plan
    with tempfile.TemporaryDirectory() as folder:
        handle = XlsxHandle.__new__(XlsxHandle)
        handle.path = Path(folder) / "plan.xlsx"
        create_workbook(handle.path, tabs, {})
        before = {title: handle.values(title) for title in tabs}
        if not any(match_tab(title) for title in tabs):
            saved = handle.path.read_bytes()
            with pytest.raises(UsageError, match="no input tab"):
                sheetsync.sync(handle.path, today=TODAY, state_dir=Path(folder) / "state")
            assert handle.path.read_bytes() == saved
            return
        checked = sheetsync.check(handle.path, today=TODAY)
        assert_problems_have_cells(checked)
        result = sheetsync.sync(handle.path, today=TODAY, state_dir=Path(folder) / "state")
        assert_problems_have_cells(result)
        assert result.location == str(handle.path)  # no sibling file: nothing to lose
        assert_outputs_written(result, handle.titles(), list(tabs))
        assert {title: handle.values(title) for title in tabs} == before
        saved = handle.path.stat().st_mtime_ns
        again = sheetsync.sync(handle.path, today=TODAY, state_dir=Path(folder) / "state")
        assert again.tabs_written == [] and handle.path.stat().st_mtime_ns == saved

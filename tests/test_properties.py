"""Property: whatever a person types in any cell, `check` never crashes and gives JSON."""

from __future__ import annotations

import datetime as dt
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sheetsync.compute import compute
from sheetsync.contracts import ApiCalls, Grid, WorkbookInfo
from sheetsync.example import example_tabs
from sheetsync.plan import read_plan
from sheetsync.render import render_outputs
from sheetsync.sync import RunResult

TODAY = dt.date(2026, 11, 27)
HEADERS = {title: rows[0] for title, rows in example_tabs(TODAY, "en").items()}

typed_text = st.sampled_from(
    [
        "много",
        "#REF!",
        "31.02.2026",
        "1 200,50 ₽",
        "$1,200.50",
        "800 USD",
        "+25",
        "+50%",
        "1,5%",
        "(800)",
        "да",
        "x",
        "сумма",
        "active",
        "на паузе",
        "G1",
        "A1",
        "G1, G2",
        "",
        "2026-11-27",
        "27/11/2026",
        '=HYPERLINK("x")',
        "-",
        "∞",
        "NaN",
        "1e309",
        "12abc",
    ]
)
cell = st.one_of(
    st.none(),
    typed_text,
    st.text(max_size=12),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)),
)


@st.composite
def plans(draw):
    grids = {}
    for title, header in HEADERS.items():
        if draw(st.booleans()):
            width = len(header)
            rows = draw(st.lists(st.lists(cell, min_size=0, max_size=width + 1), max_size=6))
            grids[title] = Grid([list(header), *rows])
    return grids


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(grids=plans(), day=st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 1, 1)))
def test_any_cells_never_crash_check_and_always_give_json(grids, day):
    info = WorkbookInfo("fuzz", list(grids), {})
    plan = read_plan(info, grids)
    results = compute(plan, day)
    render_outputs(results)
    data = RunResult(results, ApiCalls(), "fuzz.xlsx").to_json()
    text = json.dumps(data, allow_nan=False)
    assert json.loads(text)["today"] == day.isoformat()
    for problem in data["problems"]:
        assert problem["message"]
        assert problem["cell"] is None or "!" in problem["cell"] or problem["cell"] == "Goals"

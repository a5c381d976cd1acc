"""A team's report template that fails or runs wild (issue 12): one clear message naming the
template and its line, exit 2, the workbook untouched, never a traceback, and never a sync
hanging while it holds the workbook's lock.

Each case is a team's `report.tab.j2` run by `sheetsync sync --templates DIR` on the example
plan, as cron would run it; `report` (the .md export) goes the same way.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import time
from pathlib import Path

import pytest

from sheetsync import cli
from sheetsync.backends.xlsx import create_workbook
from sheetsync.example import example_tabs

TODAY = "2026-11-27"

FAILING = {
    "division by zero": "Title\n{{ 1/0 }}\n",
    "recursive macro": "{% macro deeper(n) %}{{ deeper(n + 1) }}{% endmacro %}\n"
    "x\n{{ deeper(0) }}\n",
    "includes itself": "a\nb\n{% include 'report.tab.j2' %}\n",
    "filter given a bad argument": "x\n{{ 3.5|num(-1) }}\n",
    "huge digits": "x\n{{ 0.5|pct(100000000) }}\n",
    "chart series far right": "{{ row('a', 'b') }}\n{{ row(1, 2) }}\n"
    "{{ chart('column', 't', series=[20000]) }}\n",
    "chart x negative": "{{ row('a', 'b') }}\n{{ row(1, 2) }}\n{{ chart('column', 't', x=-5) }}\n",
    "row wider than a sheet": "x\n{{ row(*([1] * 20000)) }}\n",
    "lipsum": "x\n{{ lipsum(100000000) }}\n",
    "format_map": 'x\n{{ "{a}".format_map(none) }}\n',
    "nested loops": "x\n{% for i in range(100000) %}{% for j in range(100000) %}"
    "{% endfor %}{% endfor %}\n",
    "text repeated": "x\n{{ 'x' * 100000000 }}\n",
    "wide center": "x\n{{ 'x'|center(1000000000) }}\n",
    "wide format": 'x\n{{ "%999999999d"|format(1) }}\n',
}
LINES = {
    "division by zero": 2,
    "recursive macro": 1,
    "filter given a bad argument": 2,
    "huge digits": 2,
    "chart series far right": 3,
    "chart x negative": 3,
    "row wider than a sheet": 2,
    "format_map": 2,
    "text repeated": 2,
    "wide center": 2,
    "wide format": 2,
}


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("example") / "plan.xlsx"
    create_workbook(path, example_tabs(dt.date(2026, 11, 27), "en"), {})
    return path


@pytest.mark.parametrize("case", list(FAILING))
def test_a_failing_template_is_one_message_exit_2_and_nothing_written(
    example, tmp_path, capsys, monkeypatch, case
):
    monkeypatch.chdir(tmp_path)
    plan = shutil.copy(example, tmp_path / "plan.xlsx")
    before = plan.read_bytes()
    folder = tmp_path / "team-templates"
    folder.mkdir()
    (folder / "report.tab.j2").write_text(FAILING[case], encoding="utf-8")
    started = time.monotonic()
    code = cli.main(["sync", "-w", str(plan), "--today", TODAY, "--templates", str(folder)])
    took = time.monotonic() - started
    out, err = capsys.readouterr()
    assert code == 2, (out, err)
    assert "Traceback" not in err and "Traceback" not in out
    assert err.count("\n") == 1 and err.startswith("sheetsync: Template report.tab.j2")
    if case in LINES:
        assert re.search(rf"report\.tab\.j2, line {LINES[case]}\b", err), err
    assert plan.read_bytes() == before
    assert took < 20  # the render stops at its limits (10 s at the most), lock and all


def test_a_failing_export_template_exits_2_naming_its_line(example, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    plan = shutil.copy(example, tmp_path / "plan.xlsx")
    folder = tmp_path / "team-templates"
    folder.mkdir()
    (folder / "report.md.j2").write_text("# Report\n\n{{ 1/0 }}\n", encoding="utf-8")
    out_file = tmp_path / "report.md"
    code = cli.main(["report", "-w", str(plan), "--today", TODAY, "--templates", str(folder),
                     "--out", str(out_file)])  # fmt: skip
    _, err = capsys.readouterr()
    assert code == 2 and "report.md.j2, line 3" in err and "Traceback" not in err
    assert not out_file.exists()


def test_a_slow_template_stops_at_the_time_limit(example, tmp_path, capsys, monkeypatch):
    from sheetsync.reports import templates

    monkeypatch.setattr(templates, "MAX_RENDER_SECONDS", 0.3)
    monkeypatch.chdir(tmp_path)
    plan = shutil.copy(example, tmp_path / "plan.xlsx")
    folder = tmp_path / "team-templates"
    folder.mkdir()
    slow = (
        "x\n{% for i in range(1000) %}{% for k in report.kpis * 400 %}{{ k.id }}"
        "{% endfor %}{% endfor %}\n"
    )
    (folder / "report.tab.j2").write_text(slow, encoding="utf-8")
    started = time.monotonic()
    code = cli.main(["sync", "-w", str(plan), "--today", TODAY, "--templates", str(folder)])
    _, err = capsys.readouterr()
    assert code == 2 and "ran longer than 0.3 s" in err, err
    assert time.monotonic() - started < 10

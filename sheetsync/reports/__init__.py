"""Reports (SPEC §5): the report tab of each Reporting rule and period, and md/html exports.

`report_tabs` is what a push asks for: the report tabs to write (rendered through the tab
template) and the owned report tabs to delete; `export_reports` writes the current period's
reports as one markdown or HTML document. Both build one `ReportModel` per report and hand it
to the templates; which tabs live or die is `schedule.py`'s call.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from pathlib import Path

import pandas as pd

from sheetsync import __version__
from sheetsync.backends.base import OwnedTab
from sheetsync.compute import Results, compute
from sheetsync.errors import UsageError
from sheetsync.history import History
from sheetsync.plan import Plan
from sheetsync.plan.schema import norm
from sheetsync.render.model import OutputTab
from sheetsync.reports import periods
from sheetsync.reports.model import ReportModel, build_report
from sheetsync.reports.rules import ReportRule, report_key, reporting_rules
from sheetsync.reports.schedule import ReportSchedule, schedule_reports
from sheetsync.reports.templates import EXPORT_TEMPLATES, TAB_TEMPLATE, Templates

__all__ = ["ReportModel", "export_reports", "report_tabs", "reporting_rules"]


def plan_start(plan: Plan) -> dt.date | None:
    """The plan's first day: its earliest goal or activity Start."""
    starts = pd.concat([plan.goals.df["start"], plan.activities.df["start"]]).dropna()
    return None if starts.empty else pd.Timestamp(starts.min()).date()


def _previous(history: History | None, workbook: str | None, period: periods.Period):
    """The figures recorded at or before the previous period's end (its report's figures)."""
    if history is None or workbook is None:
        return None
    return history.snapshot(workbook, period.previous().end)


def render_report_tab(model: ReportModel, templates: Templates) -> OutputTab:
    return templates.render_tab(TAB_TEMPLATE, model.key, model.title, model.final, report=model)


def undated_digest(model: ReportModel, templates: Templates) -> str:
    """The mark of a current report: its model without the days it shows ("generated", "as
    of"), the templates' sources and sheetsync's version — so a report whose figures did not
    change is not rewritten just because a day passed, and nothing is rendered twice."""
    undated = dataclasses.replace(model, generated=None, as_of=None)
    text = f"{__version__}\n{templates.fingerprint()}\n{undated!r}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def report_tabs(
    results: Results,
    owned: dict[str, OwnedTab],
    *,
    history: History | None = None,
    workbook: str | None = None,
    templates: Path | None = None,
    rebuild: bool = False,
) -> tuple[list[OutputTab], ReportSchedule]:
    """The report tabs this run writes, and the schedule (whose `delete` lists old tabs)."""
    plan = results.plan
    today = results.today
    rules = reporting_rules(plan)
    schedule = schedule_reports(
        rules,
        owned,
        today,
        plan.settings.report_retention,
        rebuild=rebuild,
        plan_start=plan_start(plan),
    )
    engine = Templates(templates, plan.lang, plan.settings.currency)
    as_of_day: dict[dt.date, Results] = {today: results}
    tabs: list[OutputTab] = []
    for job in schedule.write:
        if job.as_of not in as_of_day:  # a closing report: figures as of its last day
            as_of_day[job.as_of] = compute(plan, job.as_of)
        model = build_report(
            as_of_day[job.as_of],
            job.rule,
            job.period,
            key=job.key,
            title=job.title,
            final=job.final,
            generated=today,
            previous=_previous(history, workbook, job.period),
        )
        tab = render_report_tab(model, engine)
        if not job.final:
            tab.digest_override = undated_digest(model, engine)
        tabs.append(tab)
    return tabs, schedule


def select_rules(rules: list[ReportRule], name: str | None) -> list[ReportRule]:
    if not rules:
        raise UsageError(
            "The plan has no reporting rule with a period: add a row to the Reporting tab "
            "(Report, Every = week, month or quarter, Author, Readers, Decision maker)."
        )
    if name is None:
        return rules
    wanted = norm(name)
    chosen = [r for r in rules if wanted in (norm(r.name), r.slug, norm(r.base_title))]
    if not chosen:
        raise UsageError(
            f'No reporting rule is called "{name}"; the plan has: '
            + ", ".join(f'"{r.name}"' for r in rules)
            + "."
        )
    return chosen


def export_reports(
    results: Results,
    fmt: str,
    *,
    rule: str | None = None,
    history: History | None = None,
    workbook: str | None = None,
    templates: Path | None = None,
) -> str:
    """The current period's report of each rule (or the one named) as one md or html text."""
    if fmt not in EXPORT_TEMPLATES:
        raise UsageError(f"--format must be one of: {', '.join(EXPORT_TEMPLATES)}.")
    plan = results.plan
    models = []
    for chosen in select_rules(reporting_rules(plan), rule):
        period = periods.containing(chosen.every, results.today)
        models.append(
            build_report(
                results,
                chosen,
                period,
                key=report_key(chosen, period.code),
                title=chosen.title(period.code),
                final=False,
                generated=results.today,
                previous=_previous(history, workbook, period),
            )
        )
    engine = Templates(templates, plan.lang, plan.settings.currency)
    return engine.render(
        EXPORT_TEMPLATES[fmt], reports=models, plan_name=plan.name, generated=results.today
    )

"""Reports (docs/reports.md): the report tab of each Reporting rule and period, and md/html exports.

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
from sheetsync.compute import Results, compute
from sheetsync.compute.period_spend import PeriodSpend
from sheetsync.contracts import OutputTab, OwnedTab
from sheetsync.errors import UsageError
from sheetsync.history import History
from sheetsync.plan import Plan
from sheetsync.plan.schema import norm
from sheetsync.reports import periods
from sheetsync.reports.model import ReportBasis, ReportModel, build_report, report_basis
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


def undated_digest(
    model: ReportModel,
    templates: Templates,
    fingerprint: str | None = None,
) -> str:
    """The mark of a current report: its model without the days it shows ("generated", "as
    of"), the templates' sources and sheetsync's version — so a report whose figures did not
    change is not rewritten just because a day passed, and nothing is rendered twice.
    `fingerprint` is `templates.fingerprint()`, when the caller has it."""
    undated = dataclasses.replace(model, generated=None, as_of=None)
    digest = hashlib.sha256(f"{__version__}\n{fingerprint or templates.fingerprint()}\n".encode())
    digest.update(repr(undated).encode())
    return digest.hexdigest()[:16]


def report_tabs(
    results: Results,
    owned: dict[str, OwnedTab],
    *,
    history: History | None = None,
    workbook: str | None = None,
    templates: Path | None = None,
    rebuild: bool = False,
    finals: list[ReportModel] | None = None,
) -> tuple[list[OutputTab], ReportSchedule]:
    """The report tabs this run writes, and the schedule (whose `delete` lists old tabs).

    `finals`, when given, receives the model of each report written final in this run (a
    period that just ended), for delivery by e-mail."""
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
    fingerprint = engine.fingerprint() if schedule.write else ""
    # The reports of one day share its Results and the parts of a report they alone decide.
    as_of_day: dict[dt.date, tuple[Results, ReportBasis]] = {}
    spend = PeriodSpend(plan) if schedule.write else None
    tabs: list[OutputTab] = []
    for job in schedule.write:
        if job.as_of not in as_of_day:  # a closing report: figures as of its last day
            day_results = results if job.as_of == today else compute(plan, job.as_of)
            as_of_day[job.as_of] = (day_results, report_basis(day_results, spend))
        day_results, basis = as_of_day[job.as_of]
        model = build_report(
            day_results,
            job.rule,
            job.period,
            key=job.key,
            title=job.title,
            final=job.final,
            generated=today,
            previous=_previous(history, workbook, job.period),
            basis=basis,
        )
        tab = render_report_tab(model, engine)
        if job.final and finals is not None:
            finals.append(model)
        if not job.final:
            tab.digest_override = undated_digest(model, engine, fingerprint)
        tabs.append(tab)
    return tabs, schedule


def export_model(model: ReportModel, fmt: str, templates: Path | None = None) -> str:
    """One report (a final one, to e-mail) as markdown or an HTML page."""
    engine = Templates(templates, model.lang, model.currency)
    return engine.render(
        EXPORT_TEMPLATES[fmt], reports=[model], plan_name=model.plan_name,
        generated=model.generated,
    )  # fmt: skip


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
    chosen_rules = select_rules(reporting_rules(plan), rule)
    basis = report_basis(results)
    for chosen in chosen_rules:
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
                basis=basis,
            )
        )
    engine = Templates(templates, plan.lang, plan.settings.currency)
    return engine.render(
        EXPORT_TEMPLATES[fmt], reports=models, plan_name=plan.name, generated=results.today
    )

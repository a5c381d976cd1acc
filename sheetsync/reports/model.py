"""The report model: everything one report says, gathered from Results and history.

One model feeds the report tab, the markdown and the HTML export alike; templates only lay it
out. Figures come from compute (`Results`, computed as of the report's day) and from the
history record of the previous report's period; nothing here reads a clock or a file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import pandas as pd

from sheetsync.compute import Results
from sheetsync.compute.figures import number_or_none
from sheetsync.compute.period_spend import spend_between
from sheetsync.history import Snapshot
from sheetsync.i18n import say
from sheetsync.render.model import value_format
from sheetsync.render.words import SEVERITY_WORDS, STATUS_COLOURS, status_word
from sheetsync.reports import formats
from sheetsync.reports.periods import Period
from sheetsync.reports.rules import ReportRule

REPORT_ALERTS = 30  # alerts listed in a report; critical ones are always all listed


DECISION_GOAL_STATUSES = ("off-track", "at-risk")
DECISION_ACTIVITY_STATUSES = ("over-budget", "overspending")


@dataclass(frozen=True)
class KpiLine:
    id: str
    goal: str | None
    owner: str | None
    metric: str | None
    fmt: str  # percent (a rate typed as a percent) or number
    baseline: float | None
    target: float | None
    current: float | None
    progress: float | None
    expected: float | None
    pace: float | None
    status: str | None
    status_word: str
    colour: str
    stale: bool
    previous_current: float | None = None
    previous_progress: float | None = None
    change: float | None = None  # current − the previous report's current
    change_progress: float | None = None  # in fractions: 0.12 is 12 percentage points


@dataclass(frozen=True)
class ActivityLine:
    id: str
    activity: str | None
    owner: str | None
    planned: float | None
    spent_in_period: float
    spent: float | None  # to date
    expected_to_date: float | None
    status: str | None
    status_word: str
    colour: str


@dataclass(frozen=True)
class SpendSummary:
    in_period: float
    to_date: float | None
    plan: float | None  # the limit (bottom-up), else the sum of activity budgets
    allocated: float | None
    limit: float | None
    mode: str | None
    expected_to_date: float | None
    share_of_plan: float | None  # to_date ÷ plan
    unknown_in_period: float  # spend on activity IDs the plan does not know
    previous_to_date: float | None
    change_to_date: float | None  # to_date − the previous report's to_date
    activities: tuple[ActivityLine, ...] = ()


@dataclass(frozen=True)
class AlertLine:
    severity: str
    severity_word: str
    colour: str
    code: str
    subject: str
    message: str
    owner: str | None
    cell: str | None


@dataclass(frozen=True)
class Decision:
    kind: str  # goal-off-track, goal-at-risk, over-budget, overspending, non-target-activity
    subject: str
    name: str | None
    owner: str | None
    text: str
    colour: str


@dataclass(frozen=True)
class ChecklistLine:
    score: float | None
    previous: float | None
    change: float | None
    sections: tuple[tuple[str, float | None], ...] = ()


@dataclass(frozen=True)
class ReportModel:
    lang: str
    currency: str
    plan_name: str
    title: str
    key: str
    rule: ReportRule
    period: Period
    final: bool
    generated: dt.date | None  # the run's today; None while computing the tab's digest
    as_of: dt.date | None  # the day the figures are for: today, or the period's last day
    previous_code: str  # the previous period, whose report the changes are measured from
    previous_day: dt.date | None  # the history record used, None when there is none
    kpis: tuple[KpiLine, ...]
    spend: SpendSummary
    alerts: tuple[AlertLine, ...]
    alert_counts: dict[str, int]
    decisions: tuple[Decision, ...]
    checklist: ChecklistLine
    alerts_omitted: int = 0  # alerts not listed in the report (they are on the Alerts tab)
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def decision_maker(self) -> str | None:
        return self.rule.decision_maker


# A report's figures go into cells and text, where an infinite one (a sum that overflowed)
# cannot: it is shown as no figure.
_num = partial(number_or_none, finite=True)


def _text(value: object) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return str(value).strip() or None


def _minus(a: float | None, b: float | None) -> float | None:
    # Rounded to the 6 decimals history keeps, so float dust reads as no change.
    return None if a is None or b is None else round(a - b, 6)


def _kpi_lines(results: Results, previous: Snapshot | None) -> list[KpiLine]:
    lang = results.plan.lang
    goals = results.plan.goals.df
    raw_target = dict(zip(goals["row"], goals["target_raw"], strict=True)) if len(goals) else {}
    before = previous.kpis if previous else {}
    lines = []
    for goal in results.kpis.to_dict("records"):
        prior = before.get(str(goal["id"]), {})
        current, progress = _num(goal["current"]), _num(goal["progress"])
        prev_current, prev_progress = _num(prior.get("current")), _num(prior.get("progress"))
        status = goal["status"] if isinstance(goal["status"], str) else None
        lines.append(
            KpiLine(
                id=str(goal["id"]),
                goal=_text(goal["goal"]),
                owner=_text(goal["owner"]),
                metric=_text(goal["metric"]),
                fmt=value_format(raw_target.get(goal["row"])),
                baseline=_num(goal["baseline"]),
                target=_num(goal["target"]),
                current=current,
                progress=progress,
                expected=_num(goal["expected"]),
                pace=_num(goal["pace"]),
                status=status,
                status_word=status_word(lang, status),
                colour=STATUS_COLOURS.get(status, "grey"),
                stale=bool(goal["stale"]),
                previous_current=prev_current,
                previous_progress=prev_progress,
                change=_minus(current, prev_current),
                change_progress=_minus(progress, prev_progress),
            )
        )
    return lines


def _spend(
    results: Results, period: Period, as_of: dt.date, previous: Snapshot | None
) -> SpendSummary:
    """The period's spend beside the plan's budget figures, as compute gives them."""
    plan = results.plan
    lang = plan.lang
    budget = results.budget
    in_period = spend_between(plan, period.start, as_of)
    lines = []
    for a in results.activities.to_dict("records"):
        status = a["status"] if isinstance(a["status"], str) else None
        lines.append(
            ActivityLine(
                id=str(a["id"]),
                activity=_text(a["activity"]),
                owner=_text(a["owner"]),
                planned=_num(a["planned"]),
                spent_in_period=in_period.of(a["id"]),
                spent=_num(a["spent"]),
                expected_to_date=_num(a["expected_to_date"]),
                status=status,
                status_word=status_word(lang, status),
                colour=STATUS_COLOURS.get(status, "grey") if status else "grey",
            )
        )
    to_date = _num(budget["spent"])
    previous_to_date = _num(previous.budget.get("spent")) if previous and previous.budget else None
    return SpendSummary(
        in_period=in_period.total,
        to_date=to_date,
        plan=_num(budget["plan_total"]),
        allocated=_num(budget["allocated"]),
        limit=_num(budget["limit"]),
        mode=budget["mode"],
        expected_to_date=_num(budget["expected_to_date"]),
        share_of_plan=_num(budget["share_of_plan"]),
        unknown_in_period=in_period.unknown,
        previous_to_date=previous_to_date,
        change_to_date=_minus(to_date, previous_to_date),
        activities=tuple(lines),
    )


def _decisions(results: Results, kpis: list[KpiLine], spend: SpendSummary) -> list[Decision]:
    lang = results.plan.lang
    out: list[Decision] = []
    for status in DECISION_GOAL_STATUSES:
        for k in kpis:
            if k.status != status:
                continue
            text = say(
                lang,
                "decision-goal",
                subject=k.id,
                name=k.goal or k.id,
                status=k.status_word.lower(),
                progress=formats.percent(k.progress, lang),
                expected=formats.percent(k.expected, lang),
            )
            out.append(Decision(f"goal-{status}", k.id, k.goal, k.owner, text, k.colour))
    currency = results.plan.settings.currency
    for status in DECISION_ACTIVITY_STATUSES:
        for a in spend.activities:
            if a.status != status:
                continue
            text = say(
                lang,
                f"decision-{status}",
                subject=a.id,
                name=a.activity or a.id,
                spent=formats.money(a.spent, lang, currency),
                planned=formats.money(a.planned, lang, currency),
                expected=formats.money(a.expected_to_date, lang, currency),
            )
            out.append(Decision(status, a.id, a.activity, a.owner, text, a.colour))
    names = {a.id: a for a in spend.activities}
    seen: set[str] = set()
    for alert in results.alerts:
        if alert.code != "non-target-activity" or alert.subject in seen:
            continue
        seen.add(alert.subject)
        act = names.get(alert.subject)
        name = act.activity if act else None
        text = say(lang, "decision-non-target", subject=alert.subject, name=name or alert.subject)
        owner = act.owner if act else alert.owner
        out.append(Decision("non-target-activity", alert.subject, name, owner, text, "amber"))
    return out


def _checklist(results: Results, previous: Snapshot | None) -> ChecklistLine:
    scored = results.checklist
    before = _num(previous.checklist_score) if previous else None
    return ChecklistLine(
        score=scored.score,
        previous=before,
        change=_minus(scored.score, before),
        sections=tuple((s.title, s.score) for s in scored.sections),
    )


def build_report(
    results: Results,
    rule: ReportRule,
    period: Period,
    *,
    key: str,
    title: str,
    final: bool,
    generated: dt.date | None,
    previous: Snapshot | None,
) -> ReportModel:
    """The report of `rule` for `period`, from Results computed as of `results.today`."""
    plan = results.plan
    lang = plan.lang
    kpis = _kpi_lines(results, previous)
    spend = _spend(results, period, results.today, previous)
    alerts = [
        AlertLine(
            severity=a.severity,
            severity_word=SEVERITY_WORDS[a.severity].get(lang, a.severity),
            colour=STATUS_COLOURS.get(a.severity, "grey"),
            code=a.code,
            subject=a.subject,
            message=a.message,
            owner=a.owner,
            cell=a.cell,
        )
        for a in results.alerts
    ]
    counts = {s: sum(a.severity == s for a in alerts) for s in SEVERITY_WORDS}
    # A report is read by a decision maker, not worked through like the Alerts tab: every
    # critical alert, then the most severe of the rest up to REPORT_ALERTS; the count of
    # the others points to the Alerts tab.
    critical = [a for a in alerts if a.severity == "critical"]
    others = [a for a in alerts if a.severity != "critical"]
    shown = critical + others[: max(0, REPORT_ALERTS - len(critical))]
    return ReportModel(
        lang=lang,
        currency=plan.settings.currency,
        plan_name=plan.name,
        title=title,
        key=key,
        rule=rule,
        period=period,
        final=final,
        generated=generated,
        as_of=results.today,
        previous_code=period.previous().code,
        previous_day=previous.day if previous else None,
        kpis=tuple(kpis),
        spend=spend,
        alerts=tuple(shown),
        alert_counts=counts,
        alerts_omitted=len(alerts) - len(shown),
        decisions=tuple(_decisions(results, kpis, spend)),
        checklist=_checklist(results, previous),
    )

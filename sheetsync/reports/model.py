"""The report model: everything one report says, gathered from Results and history.

One model feeds the report tab, the markdown and the HTML export alike; templates only lay it
out. Figures come from compute (`Results`, computed as of the report's day) and from the
history record of the previous report's period; nothing here reads a clock or a file.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, replace
from functools import partial

import pandas as pd

from sheetsync.compute import Results
from sheetsync.compute.alerts import SEVERITIES, Alert
from sheetsync.compute.figures import number_or_none
from sheetsync.compute.period_spend import NO_ACTIVITY, PeriodSpend
from sheetsync.history import Snapshot
from sheetsync.i18n import counted, money, see_tabs, severity_word, status_word, t, tab_title
from sheetsync.plan.schema import norm, norm_key
from sheetsync.render.cells import STATUS_COLOURS, kpi_formats
from sheetsync.reports import formats
from sheetsync.reports.periods import Period
from sheetsync.reports.rules import ReportRule

# A report is read, not worked through: its long lists are capped and end with a line that
# counts the rest and names the tab that has them all.
REPORT_ALERTS = 30  # alerts listed in a report; critical ones are always all listed
REPORT_ACTIVITIES = 30  # rows of the Spend table: those needing attention, then the largest
REPORT_DECISIONS = 30  # decisions listed; critical ones are always all listed


DECISION_GOAL_STATUSES = ("off-track", "at-risk")
DECISION_ACTIVITY_STATUSES = ("over-budget", "overspending")  # also the Spend table's order
# The decisions on a red status (a goal off track, an activity over its budget: a critical
# alert) are never left out of a report; the tab where each other kind is seen in full.
CRITICAL_DECISIONS = frozenset({"goal-off-track", "over-budget"})
DECISION_TABS = (
    ("goal-at-risk", "kpi-status"),
    ("overspending", "budget-control"),
    ("non-target-activity", "alerts"),
)


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
    activities: tuple[ActivityLine, ...] = ()  # at most REPORT_ACTIVITIES, in the table's order
    activities_omitted: int = 0  # activities not in the table (all are on Budget Control)
    omitted_in_period: float = 0.0  # what those spent in the period
    omitted_note: str | None = None  # the line under the table that says so


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
class DecidedLine:
    """A decision recorded on the Decisions tab within the report's period, with the open
    alerts about the activities and goals it names (the alerts it answered)."""

    date: dt.date
    decision: str
    by: str | None
    about: str  # the activity and goal IDs it names, comma-separated
    alerts: str  # those alerts' keys, comma-separated; "" when none is open


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
    decisions_omitted: int = 0  # decisions not listed (none critical)
    decisions_note: str | None = None  # the line under the list that says so and where
    decided: tuple[DecidedLine, ...] = ()  # what the Decisions tab records in the period

    @property
    def decision_maker(self) -> str | None:
        return self.rule.decision_maker


def _decision(
    kind: str, subject: str, name: str | None, owner: str | None, text: str, colour: str
) -> Decision:
    return Decision(kind=kind, subject=subject, name=name, owner=owner, text=text, colour=colour)


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


def _kpi_lines(results: Results) -> list[KpiLine]:
    """Every goal's line, without a previous report's figures (`_with_previous` adds them);
    built column by column, as `_activity_lines`."""
    lang = results.plan.lang
    goals = results.plan.goals.df
    kpis = results.kpis
    statuses = [s if isinstance(s, str) else None for s in kpis["status"].tolist()]
    words = {s: status_word(lang, s) for s in set(statuses)}
    colours = {s: STATUS_COLOURS.get(s, "grey") for s in set(statuses)}
    columns = zip(
        map(str, kpis["id"].tolist()),
        _texts(kpis["goal"].tolist()),
        _texts(kpis["owner"].tolist()),
        _texts(kpis["metric"].tolist()),
        kpi_formats(goals, kpis),
        *(_nums(kpis[name].tolist()) for name in _KPI_FIGURES),
        statuses,
        map(bool, kpis["stale"].tolist()),
        strict=True,
    )
    return [
        KpiLine(
            id=id_,
            goal=goal,
            owner=owner,
            metric=metric,
            fmt=fmt,
            baseline=baseline,
            target=target,
            current=current,
            progress=progress,
            expected=expected,
            pace=pace,
            status=status,
            status_word=words[status],
            colour=colours[status],
            stale=stale,
            previous_current=None,
            previous_progress=None,
            change=None,
            change_progress=None,
        )
        for (
            id_,
            goal,
            owner,
            metric,
            fmt,
            baseline,
            target,
            current,
            progress,
            expected,
            pace,
            status,
            stale,
        ) in columns
    ]


_KPI_FIGURES = ("baseline", "target", "current", "progress", "expected", "pace")


def _with_previous(lines: tuple[KpiLine, ...], previous: Snapshot | None) -> tuple[KpiLine, ...]:
    """The KPI lines with the previous report's figures and the change since them."""
    if previous is None:
        return lines
    before = previous.kpis
    out = []
    for k in lines:
        prior = before.get(k.id, {})
        prev_current, prev_progress = _num(prior.get("current")), _num(prior.get("progress"))
        out.append(
            replace(
                k,
                previous_current=prev_current,
                previous_progress=prev_progress,
                change=_minus(k.current, prev_current),
                change_progress=_minus(k.progress, prev_progress),
            )
        )
    return tuple(out)


def _activity_lines(results: Results) -> tuple[list[ActivityLine], list[str]]:
    """Every activity's line, its spend in the period still 0 (that depends on the report),
    and the key its spend is summed under (`PeriodSpend`'s, from the ID as typed). Built
    column by column: a big plan has a thousand activities, a report shows thirty."""
    lang = results.plan.lang
    acts = results.activities
    ids = acts["id"].tolist()
    keys = [norm_key(id_) or NO_ACTIVITY for id_ in ids]
    statuses = [s if isinstance(s, str) else None for s in acts["status"].tolist()]
    words = {s: status_word(lang, s) for s in set(statuses)}
    colours = {s: STATUS_COLOURS.get(s, "grey") if s else "grey" for s in set(statuses)}
    columns = zip(
        map(str, ids),
        _texts(acts["activity"].tolist()),
        _texts(acts["owner"].tolist()),
        _nums(acts["planned"].tolist()),
        _nums(acts["spent"].tolist()),
        _nums(acts["expected_to_date"].tolist()),
        statuses,
        strict=True,
    )
    lines = [
        ActivityLine(
            id=id_,
            activity=activity,
            owner=owner,
            planned=planned,
            spent_in_period=0.0,
            spent=spent,
            expected_to_date=expected,
            status=status,
            status_word=words[status],
            colour=colours[status],
        )
        for id_, activity, owner, planned, spent, expected, status in columns
    ]
    return lines, keys


def _texts(values: list[object]) -> list[str | None]:
    """`[_text(v) for v in values]`, a str taken as it is without the missing-value test."""
    return [(v.strip() or None) if v.__class__ is str else _text(v) for v in values]


def _nums(values: list[object]) -> list[float | None]:
    """`[_num(v) for v in values]`, a finite float taken as it is (NaN and ±inf: v - v is NaN)."""
    return [v if v.__class__ is float and v - v == 0.0 else _num(v) for v in values]


def _beyond(a: ActivityLine) -> float:
    """How far an activity that needs attention has gone past its mark: its budget when over
    budget, what it was expected to have spent by now when overspending."""
    mark = a.planned if a.status == "over-budget" else a.expected_to_date
    return (a.spent or 0.0) - (mark or 0.0)


def _attention_first(lines: list[ActivityLine]) -> tuple[list[int], list[int]]:
    """The Spend table's order, as positions in `lines`: first the activities that need
    attention (over budget, then overspending, each the furthest past its mark first), the
    same whatever the period; then the others, in the plan's order here — each report puts
    the largest spenders in its period first (`_spend`). Ties keep the plan's order."""
    urgency = {status: n for n, status in enumerate(DECISION_ACTIVITY_STATUSES)}
    attention = sorted(
        (n for n, a in enumerate(lines) if a.status in urgency),
        key=lambda n: (urgency[lines[n].status], -_beyond(lines[n])),
    )
    others = [n for n, a in enumerate(lines) if a.status not in urgency]
    return attention, others


def _spend(
    results: Results,
    basis: ReportBasis,
    period: Period,
    as_of: dt.date,
    previous: Snapshot | None,
) -> SpendSummary:
    """The period's spend beside the plan's budget figures, as compute gives them; the
    activities table capped at REPORT_ACTIVITIES rows (see `_attention_first`)."""
    plan = results.plan
    lang = plan.lang
    budget = results.budget
    in_period = basis.period_spend.between(period.start, as_of)
    amounts = in_period.by_activity.to_dict()
    # Spent in the period, per activity; None for one that spent nothing (its line, from the
    # basis, says 0 already).
    spent = [float(amounts[k]) if k in amounts else None for k in basis.activity_keys]
    # Largest spenders first; the key looked up in C, not a lambda per activity.
    largest_first = [-(amount or 0.0) for amount in spent]
    ordered = [*basis.attention, *sorted(basis.others, key=largest_first.__getitem__)]
    lines = basis.activities
    shown = [
        lines[n] if spent[n] is None else replace(lines[n], spent_in_period=spent[n])
        for n in ordered[:REPORT_ACTIVITIES]
    ]
    left = ordered[REPORT_ACTIVITIES:]
    left_spent = math.fsum(spent[n] or 0.0 for n in left)
    note = None
    if left:
        note = t(
            lang,
            "report-more-activities",
            count=len(left),
            noun=counted(lang, len(left), "activity"),
            spent=money(lang, left_spent, plan.settings.currency),
            where=see_tabs(lang, [tab_title(lang, "budget-control")]),
        )
    to_date = _num(budget.spent)
    previous_to_date = _num(previous.budget.get("spent")) if previous and previous.budget else None
    return SpendSummary(
        in_period=in_period.total,
        to_date=to_date,
        plan=_num(budget.plan_total),
        allocated=_num(budget.allocated),
        limit=_num(budget.limit),
        mode=budget.mode,
        expected_to_date=_num(budget.expected_to_date),
        share_of_plan=_num(budget.share_of_plan),
        unknown_in_period=in_period.unknown,
        previous_to_date=previous_to_date,
        change_to_date=_minus(to_date, previous_to_date),
        activities=tuple(shown),
        activities_omitted=len(left),
        omitted_in_period=left_spent,
        omitted_note=note,
    )


def _decisions(
    results: Results, kpis: list[KpiLine], activities: list[ActivityLine]
) -> list[Decision]:
    """Every decision the figures call for, goals first: a report shows `_shown_decisions`."""
    lang = results.plan.lang
    out: list[Decision] = []
    for status in DECISION_GOAL_STATUSES:
        for k in kpis:
            if k.status != status:
                continue
            text = t(
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
        for a in activities:
            if a.status != status:
                continue
            text = t(
                lang,
                f"decision-{status}",
                subject=a.id,
                name=a.activity or a.id,
                spent=money(lang, a.spent, currency),
                planned=money(lang, a.planned, currency),
                expected=money(lang, a.expected_to_date, currency),
            )
            out.append(_decision(status, a.id, a.activity, a.owner, text, a.colour))
    names = {a.id: a for a in activities}
    seen: set[str] = set()
    for alert in results.alerts:
        if alert.code != "non-target-activity" or alert.subject in seen:
            continue
        seen.add(alert.subject)
        act = names.get(alert.subject)
        name = act.activity if act else None
        text = t(lang, "decision-non-target", subject=alert.subject, name=name or alert.subject)
        owner = act.owner if act else alert.owner
        out.append(Decision("non-target-activity", alert.subject, name, owner, text, "amber"))
    return out


def _shown_decisions(lang: str, decisions: list[Decision]) -> tuple[list[Decision], str | None]:
    """Every critical decision, then the others in order up to REPORT_DECISIONS; and the line
    that counts the rest and names the tabs that show them."""
    room = max(0, REPORT_DECISIONS - sum(d.kind in CRITICAL_DECISIONS for d in decisions))
    shown, left = [], []
    for d in decisions:
        if d.kind in CRITICAL_DECISIONS:
            shown.append(d)
        elif room > 0:
            shown.append(d)
            room -= 1
        else:
            left.append(d)
    if not left:
        return shown, None
    keys = [key for kind, key in DECISION_TABS if any(d.kind == kind for d in left)]
    note = t(
        lang,
        "report-more-decisions",
        count=len(left),
        noun=counted(lang, len(left), "lesser-decision"),
        where=see_tabs(lang, [tab_title(lang, key) for key in dict.fromkeys(keys)]),
    )
    return shown, note


def _checklist(results: Results, previous: Snapshot | None) -> ChecklistLine:
    scored = results.checklist
    before = _num(previous.checklist_score) if previous else None
    return ChecklistLine(
        score=scored.score,
        previous=before,
        change=_minus(scored.score, before),
        sections=tuple((s.title, s.score) for s in scored.sections),
    )


def _alert_line(a: Alert, lang: str) -> AlertLine:
    return AlertLine(
        severity=a.severity,
        severity_word=severity_word(lang, a.severity),
        colour=STATUS_COLOURS.get(a.severity, "grey"),
        code=a.code,
        subject=a.subject,
        message=a.message,
        owner=a.owner,
        cell=a.cell,
    )


@dataclass(frozen=True)
class ReportBasis:
    """What every report drawn from one Results says whatever its period and previous
    report: a run that writes a report per rule builds this once, not once per report."""

    kpis: tuple[KpiLine, ...]  # without a previous report's figures
    activities: tuple[ActivityLine, ...]  # every activity, its spend in the period 0
    activity_keys: tuple[str, ...]  # each activity's key in `PeriodSpend`'s sums
    attention: tuple[int, ...]  # positions in `activities` that lead the Spend table
    others: tuple[int, ...]  # the rest, in the plan's order
    alerts: tuple[AlertLine, ...]  # those a report lists
    alert_counts: dict[str, int]
    alerts_omitted: int
    decisions: tuple[Decision, ...]  # those a report lists
    decisions_omitted: int
    decisions_note: str | None
    period_spend: PeriodSpend  # the plan's spend, for the sums of each report's period


def report_basis(results: Results, period_spend: PeriodSpend | None = None) -> ReportBasis:
    """The parts of a report that depend on `results` alone (see ReportBasis); `period_spend` is
    `PeriodSpend(results.plan)` when the caller has it already."""
    lang = results.plan.lang
    kpis = _kpi_lines(results)
    activities, keys = _activity_lines(results)
    attention, rest = _attention_first(activities)
    # A report is read by a decision maker, not worked through like the Alerts tab: every
    # critical alert, then the most severe of the rest up to REPORT_ALERTS; the count of
    # the others points to the Alerts tab.
    counts = {s: 0 for s in SEVERITIES}
    for a in results.alerts:
        counts[a.severity] = counts.get(a.severity, 0) + 1
    room = max(0, REPORT_ALERTS - counts.get("critical", 0))
    critical = [a for a in results.alerts if a.severity == "critical"]
    others = [a for a in results.alerts if a.severity != "critical"][:room]
    alerts = tuple(_alert_line(a, lang) for a in critical + others)
    decisions = _decisions(results, kpis, activities)
    shown, note = _shown_decisions(lang, decisions)
    return ReportBasis(
        kpis=tuple(kpis),
        activities=tuple(activities),
        activity_keys=tuple(keys),
        attention=tuple(attention),
        others=tuple(rest),
        alerts=alerts,
        alert_counts={s: counts[s] for s in SEVERITIES},
        alerts_omitted=len(results.alerts) - len(alerts),
        decisions=tuple(shown),
        decisions_omitted=len(decisions) - len(shown),
        decisions_note=note,
        period_spend=period_spend or PeriodSpend(results.plan),
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
    basis: ReportBasis | None = None,
) -> ReportModel:
    """The report of `rule` for `period`, from Results computed as of `results.today`;
    `basis` is `report_basis(results)` when the caller has it already."""
    plan = results.plan
    if basis is None:
        basis = report_basis(results)
    return ReportModel(
        lang=plan.lang,
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
        kpis=_with_previous(basis.kpis, previous),
        spend=_spend(results, basis, period, results.today, previous),
        alerts=basis.alerts,
        alert_counts=dict(basis.alert_counts),
        alerts_omitted=basis.alerts_omitted,
        decisions=basis.decisions,
        decisions_omitted=basis.decisions_omitted,
        decisions_note=basis.decisions_note,
        checklist=_checklist(results, previous),
        decided=_decided(results, period),
    )


def _decided(results: Results, period: Period) -> tuple[DecidedLine, ...]:
    """The Decisions tab's rows dated within the period (up to the run's day), oldest first,
    each beside the open (or today resolved) alerts about what it names."""
    table = results.plan.decisions
    if table is None or table.df.empty:
        return ()
    last = min(period.end, results.today)
    keys_by_subject: dict[str, list[str]] = {}
    states = results.lifecycle
    for n, alert in enumerate(results.alerts):
        key = states.state_of(n).key if states is not None else alert.key
        keys_by_subject.setdefault(norm(alert.subject), []).append(key)
    if states is not None:
        for record in states.resolved:
            keys_by_subject.setdefault(norm(record.subject), []).append(record.key)
    lines = []
    frame = table.df
    for day, decision, by, activities, goals in zip(
        *(frame[c].tolist() for c in ("date", "decision", "by", "activity", "goal")),
        strict=True,
    ):
        if day is None or pd.isna(day) or not isinstance(decision, str):
            continue
        day = pd.Timestamp(day).date()
        if not period.start <= day <= last:
            continue
        named = [*_ids(activities), *_ids(goals)]
        answered = [k for i in named for k in keys_by_subject.get(norm(i), [])]
        lines.append(DecidedLine(day, decision, _text(by), ", ".join(named), ", ".join(answered)))
    return tuple(sorted(lines, key=lambda line: line.date))


def _ids(value: object) -> list[str]:
    if isinstance(value, tuple | list):
        return [str(v) for v in value if v]
    return [value] if isinstance(value, str) and value else []

"""Which report tabs a run writes, leaves alone, or deletes: the life of a report tab.

Per Reporting rule, looking at the report tabs sheetsync already owns (their marks):
- the current period's tab (the period `today` falls in) is written at every push; the diff
  against its mark skips the write when nothing in it changed;
- a tab of a period that has ended and is not marked final yet is written once more, with
  the figures as of the period's last day, marked final; a final tab is never rewritten;
- a past period that has no tab is not created after the fact: reports appear as time
  passes, not retroactively;
- beyond Report retention the rule's oldest tabs are deleted (only tabs carrying
  sheetsync's mark; a person's tab is never touched). A retention below 1 counts as 1: the
  current period's tab always exists.

With `rebuild`, every kept past tab is rewritten (final, with today's data as of its period's
end), and the missing past periods within retention are created — but none that ended
before the plan began (its earliest goal or activity Start).

Report tabs whose rule is gone (the rule was renamed or deleted) are left as they are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sheetsync.contracts import OwnedTab
from sheetsync.reports import periods
from sheetsync.reports.periods import Period
from sheetsync.reports.rules import ReportRule, report_key, split_key


@dataclass(frozen=True)
class ReportJob:
    """One report tab to render: the rule, the period, and whether it is the final version."""

    rule: ReportRule
    period: Period
    key: str
    title: str
    final: bool
    as_of: dt.date  # the day its figures are computed for


@dataclass
class ReportSchedule:
    write: list[ReportJob] = field(default_factory=list)
    keep: list[str] = field(default_factory=list)  # keys of owned report tabs left as they are
    delete: list[str] = field(default_factory=list)  # titles of owned report tabs to delete


def schedule_reports(
    rules: list[ReportRule],
    owned: dict[str, OwnedTab],
    today: dt.date,
    retention: int,
    *,
    rebuild: bool = False,
    plan_start: dt.date | None = None,
) -> ReportSchedule:
    """What to do with each rule's report tabs on `today` (see the module's docstring)."""
    keep_count = max(1, int(retention))
    schedule = ReportSchedule()
    slugs = {rule.slug for rule in rules}
    for key in owned:
        parts = split_key(key)
        if parts and (parts[0] not in slugs or periods.parse(parts[1]) is None):
            schedule.keep.append(key)

    for rule in rules:
        current = periods.containing(rule.every, today)
        existing: dict[Period, OwnedTab] = {}
        for key, tab in owned.items():
            parts = split_key(key)
            if parts and parts[0] == rule.slug and (period := periods.parse(parts[1])):
                existing[period] = tab
        candidates = set(existing) | {current}
        if rebuild and plan_start is not None:
            candidates |= {
                p
                for p in periods.last_periods(rule.every, today, keep_count)
                if p.end >= plan_start
            }
        ordered = sorted(candidates)
        kept, dropped = ordered[-keep_count:], ordered[:-keep_count]
        schedule.delete.extend(existing[p].title for p in dropped if p in existing)

        for period in kept:
            tab = existing.get(period)
            key = report_key(rule, period.code)
            if period == current:
                job_final = False
            elif period.is_over(today) and (tab is None or not tab.final or rebuild):
                job_final = True
            else:  # final already, or (today moved back) a period still ahead
                schedule.keep.append(key)
                continue
            schedule.write.append(
                ReportJob(
                    rule=rule,
                    period=period,
                    key=key,
                    title=rule.title(period.code),
                    final=job_final,
                    as_of=min(today, period.end),
                )
            )
    return schedule

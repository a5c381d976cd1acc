"""The leaks (docs/budget.md, leak alerts): spend over a day's, ISO week's or month's limit, over an
activity's daily cap, after its end, while it is stopped, on an unknown activity, without
results, and spend not logged at all.

Pure and vectorised over the spend log (`budget.spend_ledger`: only spend with an amount dated
≤ today counts). Limits are strict: spend exactly at a limit is not over it. A period alert
points at the cell of the period's largest spend row; an activity's alert at the row that
shows the leak best (the first after its end, the latest while stopped, and so on).

The log is taken as numpy arrays once (`_Log`) and grouped by integer codes
(`compute.grouping`): every total is still added as pandas' groupby adds it.
"""

from __future__ import annotations

import datetime as dt
from functools import partial

import numpy as np
import pandas as pd

from sheetsync.compute.alerts import Alert, make_alert
from sheetsync.compute.budget import STOPPED, spend_ledger
from sheetsync.compute.grouping import (
    day_date,
    day_number,
    day_numbers,
    dense,
    group_first_max,
    group_size,
    group_sum,
)
from sheetsync.compute.reconcile import IMPORTED_ROW, spend_cells
from sheetsync.i18n import count_days, money, spend_rows, t
from sheetsync.plan import Plan
from sheetsync.plan.schema import norm

NO_RESULTS_DAYS = 3  # consecutive spend days with 0 results
NO_RESULTS_SHARE = 0.20  # of an activity's spend with 0 results
MAX_IDS_LISTED = 5


def _iso(day: int) -> str:
    """A day number as an ISO date."""
    return day_date(day).isoformat()


def _isos(days: np.ndarray | list[int]) -> list[str]:
    """`_iso` of many day numbers at once (years 1 to 9999, as dates have)."""
    numbers = np.asarray(days, dtype="int64")
    if numbers.size and not (numbers.min() >= _FIRST_DAY and numbers.max() <= _LAST_DAY):
        return [_iso(d) for d in numbers.tolist()]  # what a single date makes of it
    return np.datetime_as_string(numbers.astype("datetime64[D]"), unit="D").tolist()


_FIRST_DAY, _LAST_DAY = day_number(dt.date.min), day_number(dt.date.max)


class _Activities:
    """The activity fields an alert needs, as arrays indexed by the ledger's `act`."""

    def __init__(self, plan: Plan) -> None:
        acts = plan.activities.df.reset_index(drop=True)
        self.frame = acts
        self.ids = acts["id"].to_numpy(object)
        self.owners = acts["owner"].to_numpy(object)
        self.statuses = acts["status"].to_numpy(object)
        self.caps = acts["daily_cap"].to_numpy("float64")
        ends = acts["end"].to_numpy()
        self.has_end = ~np.isnat(ends)
        self.end_days = day_numbers(ends)


class _DayTotals:
    """Per activity and day with spend on a known activity, in activity then day order: its
    total, how many of its rows report results (not 0; empty counts as unknown, not 0), and
    its first sheet row. `codes` numbers the log's own rows (`own`) by their group."""

    def __init__(self, log: _Log) -> None:
        # One integer per activity and day that orders as (activity, day) and spans only the
        # log's days, so that `dense` can number the pairs without hashing them.
        day = log.own_day
        first_day = int(day.min()) if day.size else 0
        span = int(day.max()) - first_day + 1 if day.size else 1
        self.codes, keys = dense(log.own_act * span + (day - first_day))
        count = len(keys)
        self.act = keys // span
        self.day = keys % span + first_day
        self.total = group_sum(self.codes, log.own_amount, count)
        reported = np.bincount(self.codes, weights=~log.own_zero, minlength=count)
        self.with_results = reported.astype("int64")
        self.first_row = np.full(count, np.iinfo("int64").max)
        np.minimum.at(self.first_row, self.codes, log.row[log.own])


class _Log:
    """The ledger's columns as arrays, and the per-day totals two rules share."""

    def __init__(self, ledger: pd.DataFrame) -> None:
        self.amount = ledger["amount"].to_numpy("float64")
        self.row = ledger["row"].to_numpy("int64")
        self.act = ledger["act"].to_numpy("int64")
        self.day = ledger["day"].to_numpy("int64")
        self.activity = ledger["activity"].to_numpy(object)
        self.zero = ledger["results"].to_numpy("float64") == 0  # NaN is not zero
        # The rows on a known activity, which most rules look at: their columns taken once.
        self.own = np.flatnonzero(self.act >= 0)
        self.own_act = self.act[self.own]
        self.own_day = self.day[self.own]
        self.own_amount = self.amount[self.own]
        self.own_zero = self.zero[self.own]
        self._day_totals: _DayTotals | None = None

    @property
    def empty(self) -> bool:
        return self.amount.size == 0

    def day_totals(self) -> _DayTotals:
        if self._day_totals is None:
            self._day_totals = _DayTotals(self)
        return self._day_totals


def _months(days: np.ndarray) -> np.ndarray:
    """Calendar months since 1970-01 of day numbers: each day of the log's range converted
    once (calendar conversion is slow per row), then looked up."""
    if not days.size:
        return days
    first, last = int(days.min()), int(days.max())
    if last - first >= 4 * days.size + 2**16:  # a typo'd year: convert each row after all
        return days.astype("datetime64[D]").astype("datetime64[M]").view("int64")
    span = np.arange(first, last + 1).astype("datetime64[D]")
    return span.astype("datetime64[M]").view("int64")[days - first]


def _period_label(code: str, period: int) -> str:
    if code == "daily-limit":
        return _iso(period)
    if code == "weekly-limit":
        year, week, _ = day_date(period).isocalendar()
        return f"{year}-W{week:02d}"
    return f"{1970 + period // 12}-{period % 12 + 1:02d}"


def _first_peak(of_day: np.ndarray, day_peak: np.ndarray, amount: np.ndarray, n: int) -> np.ndarray:
    """Per period 0..n-1, the position of its largest amount, the first of equals (as
    `group_first_max` over its rows finds it), from its days' own peaks: the period's largest
    amount is one of its days' largest, and among equals the lowest position wins."""
    peak_amount = amount[day_peak]
    top = np.full(n, -np.inf)
    np.maximum.at(top, of_day, peak_amount)
    tied = np.flatnonzero(peak_amount == top[of_day])
    first = np.full(n, np.iinfo("int64").max)
    np.minimum.at(first, of_day[tied], day_peak[tied])
    return first


def _period_alerts(plan: Plan, log: _Log) -> list[Alert]:
    """Total spend of a day, ISO week or calendar month over its limit in Settings."""
    settings = plan.settings
    lang, currency = plan.lang, settings.currency
    limits = (settings.daily_limit, settings.weekly_limit, settings.monthly_limit)
    if log.empty or all(limit is None for limit in limits):
        return []
    # Each row's day numbered once; a row's week or month is its day's, so those are worked
    # out for the log's distinct days only and looked up.
    day_code, days = dense(log.day)
    day_peak: np.ndarray | None = None  # each day's largest spend row, once any period is over
    periods = (
        ("daily-limit", settings.daily_limit, lambda: days),
        ("weekly-limit", settings.weekly_limit, lambda: days - (days + 3) % 7),  # its Monday
        ("monthly-limit", settings.monthly_limit, lambda: _months(days)),
    )
    alerts: list[Alert] = []
    for code, limit, period_of in periods:
        if limit is None:
            continue
        of_day, keys = dense(period_of())
        codes = of_day[day_code]
        totals = group_sum(codes, log.amount, len(keys))
        over = np.flatnonzero(totals > limit)
        if not over.size:
            continue
        if day_peak is None:
            day_peak = group_first_max(day_code, log.amount, len(days))
        peaks = _first_peak(of_day, day_peak, log.amount, len(keys))[over]
        cells = spend_cells(plan, "amount", log.row[peaks].tolist())
        shown_limit = money(lang, limit, currency)
        sentence = partial(t, lang, code)
        for period, total, cell in zip(
            keys[over].tolist(), totals[over].tolist(), cells, strict=True
        ):
            subject = _period_label(code, period)
            alerts.append(
                make_alert(
                    code,
                    subject,
                    sentence(
                        subject=subject,
                        total=money(lang, total, currency),
                        limit=shown_limit,
                        excess=money(lang, total - limit, currency),
                    ),
                    settings.budget_controller,
                    cell,
                    amount=total - limit,
                )
            )
    return alerts


def _daily_cap_alerts(plan: Plan, log: _Log, acts: _Activities) -> list[Alert]:
    """An activity's days over its Daily cap: one alert per activity, with how many days and
    its worst day (the earliest of equals), pointing at that day's largest spend row."""
    if not log.own.size or np.isnan(acts.caps).all():
        return []
    days = log.day_totals()
    over = np.flatnonzero(days.total > acts.caps[days.act])  # no cap (NaN) is never over
    if not over.size:
        return []
    # Days are in activity then day order, so the first maximum is the earliest day.
    over_acts, act_code, days_over = np.unique(
        days.act[over], return_inverse=True, return_counts=True
    )
    worst = over[group_first_max(act_code, days.total[over], len(over_acts))]
    # The worst day's largest spend row: its rows, numbered by which worst day they are.
    day_code = np.full(len(days.total), -1, dtype="int64")
    day_code[worst] = np.arange(len(worst))
    of_row = day_code[days.codes]
    mine = np.flatnonzero(of_row >= 0)
    peaks = log.own[mine[group_first_max(of_row[mine], log.amount[log.own[mine]], len(worst))]]
    cells = spend_cells(plan, "amount", log.row[peaks].tolist())
    lang, currency = plan.lang, plan.settings.currency
    alerts = []
    sentence = partial(t, lang, "daily-cap")
    # Python values taken once: indexing numpy arrays per alert costs more than the alert.
    for subject, owner, cap_of, count, day, total, cell in zip(
        acts.ids[over_acts].tolist(),
        acts.owners[over_acts].tolist(),
        acts.caps[over_acts].tolist(),
        days_over.tolist(),
        _isos(days.day[worst]),
        days.total[worst].tolist(),
        cells,
        strict=True,
    ):
        alerts.append(
            make_alert(
                "daily-cap",
                subject,
                sentence(
                    subject=subject,
                    cap=money(lang, cap_of, currency),
                    days=count_days(lang, count),
                    count=count,
                    day=day,
                    total=money(lang, total, currency),
                    excess=money(lang, total - cap_of, currency),
                ),
                owner,
                cell,
                amount=total - cap_of,
            )
        )
    return alerts


def _summary_by_activity(log: _Log, which: np.ndarray) -> list[tuple[int, ...]]:
    """Per activity among the log's rows `which` (positions, in sheet order), in activity
    order: (activity, rows, total, first day, last day, first row, last row). Rows count in
    date order, the sheet's order within a day."""
    rows = which[np.argsort(log.day[which], kind="stable")]
    acts, code, count = np.unique(log.act[rows], return_inverse=True, return_counts=True)
    total = group_sum(code, log.amount[rows], len(acts))
    ordinal = np.arange(len(rows))
    first = np.full(len(acts), len(rows))
    np.minimum.at(first, code, ordinal)
    last = np.full(len(acts), -1)
    np.maximum.at(last, code, ordinal)
    first, last = rows[first], rows[last]
    return list(
        zip(
            acts.tolist(),
            count.tolist(),
            total.tolist(),
            log.day[first].tolist(),
            log.day[last].tolist(),
            log.row[first].tolist(),
            log.row[last].tolist(),
            strict=True,
        )
    )


def _after_end_alerts(plan: Plan, log: _Log, acts: _Activities) -> list[Alert]:
    """Spend dated after the activity's End (its last day still counts as within it)."""
    act = log.own_act
    late = log.own[acts.has_end[act] & (log.own_day > acts.end_days[act])]
    if not late.size:
        return []
    lang, currency = plan.lang, plan.settings.currency
    summary = _summary_by_activity(log, late)
    act, count, total, first, last, first_row, _ = (list(c) for c in zip(*summary, strict=True))
    sentence = partial(t, lang, "spend-after-end")
    alerts = []
    # Python values, dates and cells taken once for all the activities, not per alert.
    for subject, owner, end, rows, amount, since, until, cell in zip(
        acts.ids[act].tolist(),
        acts.owners[act].tolist(),
        _isos(acts.end_days[act]),
        count,
        total,
        _isos(first),
        _isos(last),
        spend_cells(plan, "date", first_row),
        strict=True,
    ):
        alerts.append(
            make_alert(
                "spend-after-end",
                subject,
                sentence(
                    subject=subject,
                    end=end,
                    rows=spend_rows(lang, rows),
                    total=money(lang, amount, currency),
                    first=since,
                    last=until,
                ),
                owner,
                cell,
                amount=amount,
            )
        )
    return alerts


def _window_start(plan: Plan, today: dt.date) -> pd.Timestamp:
    """The last Check every interval: since the check one interval ago, both ends included
    (a daily check sees yesterday's and today's spend)."""
    return pd.Timestamp(today) - pd.Timedelta(days=plan.settings.check_every_days)


def _window_start_day(plan: Plan, today: dt.date) -> int:
    """`_window_start` as a day number."""
    return day_number(today) - plan.settings.check_every_days


def _while_stopped_alerts(plan: Plan, log: _Log, acts: _Activities, today: dt.date) -> list[Alert]:
    """Spend within the last Check every interval on a paused, done or cancelled activity."""
    stopped = np.array([s in STOPPED for s in acts.statuses], dtype=bool)
    since = _window_start_day(plan, today)
    recent = log.own[(log.own_day >= since) & stopped[log.own_act]]
    if not recent.size:
        return []
    lang, currency = plan.lang, plan.settings.currency
    summary = _summary_by_activity(log, recent)
    act, count, total, first, last, _, last_row = (list(c) for c in zip(*summary, strict=True))
    sentence = partial(t, lang, "spend-while-stopped")
    alerts = []
    # Python values, dates and cells taken once for all the activities, not per alert.
    for subject, owner, status, rows, amount, since, until, cell in zip(
        acts.ids[act].tolist(),
        acts.owners[act].tolist(),
        acts.statuses[act].tolist(),
        count,
        total,
        _isos(first),
        _isos(last),
        spend_cells(plan, "amount", last_row),
        strict=True,
    ):
        alerts.append(
            make_alert(
                "spend-while-stopped",
                subject,
                sentence(
                    subject=subject,
                    state=t(lang, f"state:{status}"),
                    total=money(lang, amount, currency),
                    since=since,
                    last=until,
                    rows=spend_rows(lang, rows),
                ),
                owner,
                cell,
                amount=amount,
            )
        )
    return alerts


def _unknown_activity_alerts(plan: Plan, log: _Log) -> list[Alert]:
    """Spend naming an activity ID that is not on the Activities tab, or none at all."""
    # Cost on a campaign no activity claims is `unknown-campaign`'s (compute.reconcile).
    unknown = np.flatnonzero((log.act < 0) & (log.row < IMPORTED_ROW))
    if not unknown.size:
        return []
    # One alert per ID as the plan matches IDs (trimmed, case-insensitive), in the order of
    # those keys; a row naming no activity has the key "".
    codes, typed = pd.factorize(log.activity[unknown], use_na_sentinel=True)
    typed_keys = [norm(t) for t in typed] + [""]  # code -1 (nothing typed) takes the last
    keys = sorted(set(typed_keys))
    key_code = np.array([keys.index(k) for k in typed_keys], dtype="int64")[codes]
    count = group_size(key_code, len(keys))
    total = group_sum(key_code, log.amount[unknown], len(keys))
    first = np.full(len(keys), len(unknown))
    np.minimum.at(first, key_code, np.arange(len(unknown)))
    lang, currency = plan.lang, plan.settings.currency
    alerts = []
    for key, rows, amount, at in zip(
        keys, count.tolist(), total.tolist(), first.tolist(), strict=True
    ):
        if not rows:
            continue  # the key "" when every row names some activity
        first_typed = log.activity[unknown[at]]
        subject = first_typed if key else "—"
        message_key = "unknown-activity" if key else "unknown-activity:blank"
        alerts.append(
            make_alert(
                "unknown-activity",
                subject,
                t(
                    lang,
                    message_key,
                    subject=subject,
                    rows=spend_rows(lang, rows),
                    total=money(lang, amount, currency),
                ),
                plan.settings.budget_controller,
                plan.spend.cell("activity", int(log.row[unknown[at]])),
            )
        )
    return alerts


def _zero_result_runs(days: _DayTotals) -> dict[int, tuple[int, int, int, float, int]]:
    """Per activity, its latest run of three or more consecutive calendar days on which it
    spent money and every spend row says 0 results: (days, first day, last day, total, the
    first sheet row of its first day)."""
    zero = np.flatnonzero((days.with_results == 0) & (days.total > 0))
    if not zero.size:
        return {}
    # Days are in activity then day order: consecutive zero days sit next to each other.
    act, day = days.act[zero], days.day[zero]
    new_run = np.ones(len(zero), dtype=bool)
    new_run[1:] = (act[1:] != act[:-1]) | (np.diff(day) != 1)
    run = np.cumsum(new_run) - 1
    starts = np.flatnonzero(new_run)
    ends = np.append(starts[1:], len(zero)) - 1
    length = ends - starts + 1
    total = group_sum(run, days.total[zero], len(starts))
    found: dict[int, tuple[int, int, int, float, int]] = {}
    for r in np.flatnonzero(length >= NO_RESULTS_DAYS).tolist():
        # Runs are in date order within an activity: the last one kept is the latest.
        found[int(act[starts[r]])] = (
            int(length[r]),
            int(day[starts[r]]),
            int(day[ends[r]]),
            float(total[r]),
            int(days.first_row[zero[starts[r]]]),
        )
    return found


def _no_results_alerts(plan: Plan, log: _Log, acts: _Activities) -> list[Alert]:
    """Three or more consecutive calendar days of an activity's spend all with Results = 0,
    or over 20 % of its spend with Results = 0. Results left empty are unknown, not zero."""
    own = log.own
    if not own.size:
        return []
    runs = _zero_result_runs(log.day_totals())

    count = len(acts.ids)
    act = log.own_act
    spent = group_sum(act, log.own_amount, count)
    zero = own[log.own_zero]
    zero_spent = group_sum(log.act[zero], log.amount[zero], count)
    with np.errstate(all="ignore"):
        share = zero_spent / np.where(spent > 0, spent, np.nan)
    share[np.isnan(share)] = 0.0
    leaking = share > NO_RESULTS_SHARE
    spending = group_size(act, count) > 0
    flagged = np.flatnonzero(spending & leaking)
    flagged = np.union1d(flagged, np.fromiter(runs, dtype="int64", count=len(runs)))
    if not flagged.size:
        return []
    peaks = np.full(count, -1, dtype="int64")
    if zero.size:
        peaks = zero[group_first_max(log.act[zero], log.amount[zero], count)]
    lang, currency = plan.lang, plan.settings.currency
    # Python values taken once: indexing numpy arrays per alert costs more than the alert.
    run_of = [runs.get(a) for a in flagged.tolist()]
    rows = [
        run[4] if run is not None else row
        for run, row in zip(run_of, log.row[peaks[flagged]].tolist(), strict=True)
    ]
    run_days = [(run[1], run[2]) if run is not None else (0, 0) for run in run_of]
    run_firsts, run_lasts = (_isos(d) for d in zip(*run_days, strict=True))
    in_run, in_share = partial(t, lang, "no-results"), partial(t, lang, "no-results:share")
    alerts = []
    for run, first, last, subject, owner, is_leaking, share_of, zero_of, spent_of, cell in zip(
        run_of,
        run_firsts,
        run_lasts,
        acts.ids[flagged].tolist(),
        acts.owners[flagged].tolist(),
        leaking[flagged].tolist(),
        share[flagged].tolist(),
        zero_spent[flagged].tolist(),
        spent[flagged].tolist(),
        spend_cells(plan, "results", rows),
        strict=True,
    ):
        sentences = []
        if run is not None:
            sentences.append(
                in_run(
                    subject=subject,
                    total=money(lang, run[3], currency),
                    days=run[0],
                    first=first,
                    last=last,
                )
            )
        if is_leaking:
            sentences.append(
                in_share(
                    subject=subject,
                    share=f"{share_of * 100:.0f} %",
                    zero=money(lang, zero_of, currency),
                    total=money(lang, spent_of, currency),
                )
            )
        alerts.append(make_alert("no-results", subject, " ".join(sentences), owner, cell))
    return alerts


def _not_logged_alerts(plan: Plan, log: _Log, acts: _Activities, today: dt.date) -> list[Alert]:
    """No spend logged within the last Check every interval while an activity is active
    (its status is active and its dates, where given, overlap that interval)."""
    since = _window_start(plan, today)
    now = pd.Timestamp(today)
    if (log.day >= _window_start_day(plan, today)).any():
        return []
    frame = acts.frame
    active = (
        (frame["status"] == "active")
        & (frame["start"].isna() | (frame["start"] <= now))
        & (frame["end"].isna() | (frame["end"] >= since))
    )
    if not active.any():
        return []
    ids = frame.loc[active, "id"].tolist()
    listed = ", ".join(ids[:MAX_IDS_LISTED]) + (", …" if len(ids) > MAX_IDS_LISTED else "")
    lang = plan.lang
    every = t(lang, f"every.{plan.settings.check_every}")
    if log.empty:
        message = t(lang, "spend-not-logged:never", ids=listed, every=every)
        subject, cell = now.date().isoformat(), None
    else:
        # The newest spend: the latest day, the lowest on the sheet of that day's rows.
        last = np.flatnonzero(log.day == log.day.max())[-1]
        subject = _iso(log.day[last])
        message = t(lang, "spend-not-logged", last=subject, ids=listed, every=every)
        cell = spend_cells(plan, "date", [int(log.row[last])])[0]
    return [make_alert("spend-not-logged", subject, message, plan.settings.budget_controller, cell)]


def spend_alerts(plan: Plan, today: dt.date, ledger: pd.DataFrame | None = None) -> list[Alert]:
    """Every leak in the spend log, as alerts with code, subject, owner and cell."""
    if ledger is None:
        ledger = spend_ledger(plan, today)
    log = _Log(ledger)
    acts = _Activities(plan)
    return [
        *_period_alerts(plan, log),
        *_daily_cap_alerts(plan, log, acts),
        *_after_end_alerts(plan, log, acts),
        *_while_stopped_alerts(plan, log, acts, today),
        *_unknown_activity_alerts(plan, log),
        *_no_results_alerts(plan, log, acts),
        *_not_logged_alerts(plan, log, acts, today),
    ]

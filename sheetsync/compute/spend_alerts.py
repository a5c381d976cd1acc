"""The leaks (SPEC §4 Spend alerts): spend over a day's, ISO week's or month's limit, over an
activity's daily cap, after its end, while it is stopped, on an unknown activity, without
results, and spend not logged at all.

Pure and vectorised over the spend log (`budget.spend_ledger`: only spend with an amount dated
≤ today counts). Limits are strict: spend exactly at a limit is not over it. A period alert
points at the cell of the period's largest spend row; an activity's alert at the row that
shows the leak best (the first after its end, the latest while stopped, and so on).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from sheetsync.compute.alerts import Alert, make_alert
from sheetsync.compute.budget import STOPPED, spend_ledger
from sheetsync.i18n import count_days, money, say, spend_rows
from sheetsync.plan import Plan
from sheetsync.plan.schema import norm

NO_RESULTS_DAYS = 3  # consecutive spend days with 0 results
NO_RESULTS_SHARE = 0.20  # of an activity's spend with 0 results
MAX_IDS_LISTED = 5


def _iso(days: pd.Series) -> list[str]:
    """ISO dates for a column at once (alerts may be thousands in a careless plan)."""
    return pd.to_datetime(days).dt.strftime("%Y-%m-%d").tolist()


def _peaks(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Per group: its total and the sheet row of its largest amount (the earliest on a tie,
    as the ledger is in sheet order)."""
    grouped = frame.groupby(keys, sort=True)["amount"]
    top = grouped.idxmax()
    return pd.DataFrame(
        {"total": grouped.sum(), "peak_row": frame.loc[top.to_numpy(), "row"].to_numpy()},
        index=top.index,
    )


class _Activities:
    """The activity fields an alert needs, as arrays indexed by the ledger's `act`."""

    def __init__(self, plan: Plan) -> None:
        acts = plan.activities.df.reset_index(drop=True)
        self.frame = acts
        self.ids = acts["id"].to_numpy(object)
        self.owners = acts["owner"].to_numpy(object)
        self.statuses = acts["status"].to_numpy(object)
        self.ends = acts["end"].to_numpy("datetime64[ns]")
        self.caps = acts["daily_cap"].to_numpy("float64")


def _iso_monday(dates: pd.Series) -> np.ndarray:
    """The Monday of each date's ISO week, as datetime64[D]: one value per ISO week."""
    days = dates.to_numpy("datetime64[D]")
    weekday = (days.astype("int64") + 3) % 7  # 1970-01-01 was a Thursday: Monday is 0
    return days - weekday.astype("timedelta64[D]")


def _period_label(code: str, period: object) -> str:
    day = pd.Timestamp(period).date() if code != "monthly-limit" else None
    if code == "daily-limit":
        return day.isoformat()
    if code == "weekly-limit":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{int(period) // 100}-{int(period) % 100:02d}"


def _period_alerts(plan: Plan, ledger: pd.DataFrame) -> list[Alert]:
    """Total spend of a day, ISO week or calendar month over its limit in Settings."""
    settings = plan.settings
    lang, currency = plan.lang, settings.currency
    dates = ledger["date"]
    periods = (
        ("daily-limit", settings.daily_limit, lambda: dates.to_numpy("datetime64[D]")),
        ("weekly-limit", settings.weekly_limit, lambda: _iso_monday(dates)),
        ("monthly-limit", settings.monthly_limit, lambda: dates.dt.year * 100 + dates.dt.month),
    )
    alerts: list[Alert] = []
    for code, limit, period_of in periods:
        if limit is None or ledger.empty:
            continue
        frame = ledger[["amount", "row"]].assign(period=np.asarray(period_of()))
        totals = frame.groupby("period")["amount"].sum()
        over_periods = totals.index[totals > limit]
        if over_periods.empty:
            continue
        peaks = _peaks(frame[frame["period"].isin(over_periods)], ["period"])
        for period, total, row in zip(
            peaks.index.tolist(), peaks["total"].tolist(), peaks["peak_row"].tolist(), strict=True
        ):
            subject = _period_label(code, period)
            alerts.append(
                make_alert(
                    code,
                    subject,
                    say(
                        lang,
                        code,
                        subject=subject,
                        total=money(lang, total, currency),
                        limit=money(lang, limit, currency),
                        excess=money(lang, total - limit, currency),
                    ),
                    settings.budget_controller,
                    plan.spend.cell("amount", row),
                )
            )
    return alerts


def _daily_cap_alerts(plan: Plan, ledger: pd.DataFrame, acts: _Activities) -> list[Alert]:
    """An activity's days over its Daily cap: one alert per activity, with how many days and
    its worst day (the earliest of equals), pointing at that day's largest spend row."""
    own = ledger[ledger["act"] >= 0]
    own = own[~np.isnan(acts.caps[own["act"].to_numpy()])]
    if own.empty:
        return []
    totals = own.groupby("act_day")["amount"].sum()
    cap = acts.caps[totals.index.to_numpy() >> 32]
    over = totals[totals.to_numpy() > cap].to_frame("total")
    if over.empty:
        return []
    over["act"] = over.index.to_numpy() >> 32
    days_over = over.groupby("act").size()
    # act_day sorts by day within an activity, so the first maximum is the earliest day.
    worst = over.loc[over.groupby("act")["total"].idxmax().to_numpy()]
    worst_rows = own[own["act_day"].isin(worst.index)]
    worst = worst.join(_peaks(worst_rows, ["act_day"])[["peak_row"]])
    worst["date"] = worst_rows.groupby("act_day")["date"].first()
    lang, currency = plan.lang, plan.settings.currency
    alerts = []
    for act, day, total, row in zip(
        worst["act"].tolist(),
        _iso(worst["date"]),
        worst["total"].tolist(),
        worst["peak_row"].tolist(),
        strict=True,
    ):
        cap_of = float(acts.caps[act])
        alerts.append(
            make_alert(
                "daily-cap",
                acts.ids[act],
                say(
                    lang,
                    "daily-cap",
                    subject=acts.ids[act],
                    cap=money(lang, cap_of, currency),
                    days=count_days(lang, int(days_over[act])),
                    count=int(days_over[act]),
                    day=day,
                    total=money(lang, total, currency),
                    excess=money(lang, total - cap_of, currency),
                ),
                acts.owners[act],
                plan.spend.cell("amount", row),
            )
        )
    return alerts


def _summary_by_activity(rows: pd.DataFrame) -> pd.DataFrame:
    """Per activity: how many rows, how much, the first and last dates and their rows."""
    ordered = rows.sort_values(["date", "row"], kind="stable")
    grouped = ordered.groupby("act")
    summary = pd.DataFrame(
        {
            "rows": grouped.size(),
            "total": grouped["amount"].sum(),
            "first": grouped["date"].first(),
            "last": grouped["date"].last(),
            "first_row": grouped["row"].first(),
            "last_row": grouped["row"].last(),
        }
    )
    return summary.assign(first=_iso(summary["first"]), last=_iso(summary["last"]))


def _after_end_alerts(plan: Plan, ledger: pd.DataFrame, acts: _Activities) -> list[Alert]:
    """Spend dated after the activity's End (its last day still counts as within it)."""
    own = ledger[ledger["act"] >= 0]
    end = acts.ends[own["act"].to_numpy()]
    late = own[own["date"].to_numpy("datetime64[ns]") > end]  # NaT compares False
    if late.empty:
        return []
    lang, currency = plan.lang, plan.settings.currency
    ends = _iso(pd.Series(acts.ends))
    alerts = []
    for s in _summary_by_activity(late).itertuples():
        act = s.Index
        alerts.append(
            make_alert(
                "spend-after-end",
                acts.ids[act],
                say(
                    lang,
                    "spend-after-end",
                    subject=acts.ids[act],
                    end=ends[act],
                    rows=spend_rows(lang, s.rows),
                    total=money(lang, s.total, currency),
                    first=s.first,
                    last=s.last,
                ),
                acts.owners[act],
                plan.spend.cell("date", s.first_row),
            )
        )
    return alerts


def _window_start(plan: Plan, today: dt.date) -> pd.Timestamp:
    """The last Check every interval: since the check one interval ago, both ends included
    (a daily check sees yesterday's and today's spend)."""
    return pd.Timestamp(today) - pd.Timedelta(days=plan.settings.check_every_days)


def _while_stopped_alerts(
    plan: Plan, ledger: pd.DataFrame, acts: _Activities, today: dt.date
) -> list[Alert]:
    """Spend within the last Check every interval on a paused, done or cancelled activity."""
    own = ledger[(ledger["act"] >= 0) & (ledger["date"] >= _window_start(plan, today))]
    stopped = pd.Series(acts.statuses).isin(STOPPED).to_numpy()
    own = own[stopped[own["act"].to_numpy()]]
    if own.empty:
        return []
    lang, currency = plan.lang, plan.settings.currency
    alerts = []
    for s in _summary_by_activity(own).itertuples():
        act = s.Index
        alerts.append(
            make_alert(
                "spend-while-stopped",
                acts.ids[act],
                say(
                    lang,
                    "spend-while-stopped",
                    subject=acts.ids[act],
                    state=say(lang, f"state:{acts.statuses[act]}"),
                    total=money(lang, s.total, currency),
                    since=s.first,
                    last=s.last,
                    rows=spend_rows(lang, s.rows),
                ),
                acts.owners[act],
                plan.spend.cell("amount", s.last_row),
            )
        )
    return alerts


def _unknown_activity_alerts(plan: Plan, ledger: pd.DataFrame) -> list[Alert]:
    """Spend naming an activity ID that is not on the Activities tab, or none at all."""
    unknown = ledger[ledger["act"] < 0]
    if unknown.empty:
        return []
    typed = unknown["activity"].fillna("").astype(object)  # text cells: str or None
    # One alert per ID as the plan matches IDs (trimmed, case-insensitive).
    key_of = {t: norm(t) for t in typed.unique()}
    unknown = unknown.assign(typed=typed, key=typed.map(key_of))
    grouped = unknown.groupby("key", sort=True)  # the ledger is in sheet order
    summary = pd.DataFrame(
        {
            "typed": grouped["typed"].first(),
            "rows": grouped.size(),
            "total": grouped["amount"].sum(),
            "first_row": grouped["row"].first(),
        }
    )
    lang, currency = plan.lang, plan.settings.currency
    alerts = []
    for s in summary.itertuples():
        subject = s.typed if s.Index else "—"
        message_key = "unknown-activity" if s.Index else "unknown-activity:blank"
        alerts.append(
            make_alert(
                "unknown-activity",
                subject,
                say(
                    lang,
                    message_key,
                    subject=subject,
                    rows=spend_rows(lang, s.rows),
                    total=money(lang, s.total, currency),
                ),
                plan.settings.budget_controller,
                plan.spend.cell("activity", s.first_row),
            )
        )
    return alerts


def _zero_result_runs(own: pd.DataFrame) -> pd.DataFrame:
    """Per activity, its latest run of three or more consecutive calendar days on which it
    spent money and every spend row says 0 results."""
    with_results = (~own["zero"]).astype("int64").rename("with_results")
    grouped = pd.concat([own[["act_day", "amount", "row"]], with_results], axis=1).groupby(
        "act_day"
    )
    days = pd.DataFrame(
        {
            "amount": grouped["amount"].sum(),
            "with_results": grouped["with_results"].sum(),
            "first_row": grouped["row"].min(),
        }
    )
    zero_days = days[(days["with_results"] == 0) & (days["amount"] > 0)]
    # act_day sorts by activity, then day: consecutive zero days sit next to each other.
    key = zero_days.index.to_numpy()
    zero_days = zero_days.assign(act=key >> 32, day=(key & 0xFFFFFFFF) - 2**31)
    step = zero_days["day"].diff()
    new_run = (zero_days["act"] != zero_days["act"].shift()) | (step != 1)
    grouped_runs = zero_days.assign(run=new_run.cumsum().to_numpy()).groupby("run")
    runs = pd.DataFrame(
        {
            "act": grouped_runs["act"].first(),
            "days": grouped_runs.size(),
            "first": grouped_runs["day"].first().to_numpy().astype("datetime64[D]"),
            "last": grouped_runs["day"].last().to_numpy().astype("datetime64[D]"),
            "run_total": grouped_runs["amount"].sum(),
            "run_row": grouped_runs["first_row"].first(),
        }
    )
    runs = runs[runs["days"] >= NO_RESULTS_DAYS]
    # Runs are in date order within an activity: the last one is the latest.
    return runs.drop_duplicates("act", keep="last").set_index("act")


def _no_results_alerts(plan: Plan, ledger: pd.DataFrame, acts: _Activities) -> list[Alert]:
    """Three or more consecutive calendar days of an activity's spend all with Results = 0,
    or over 20 % of its spend with Results = 0. Results left empty are unknown, not zero."""
    own = ledger[ledger["act"] >= 0]
    if own.empty:
        return []
    own = own.assign(zero=(own["results"] == 0).to_numpy())  # NaN is not zero
    runs = _zero_result_runs(own)

    spent = own.groupby("act")["amount"].sum()
    zero_rows = own[own["zero"]]
    zero_peaks = _peaks(zero_rows, ["act"]) if len(zero_rows) else pd.DataFrame()
    zero_spent = zero_peaks.get("total", pd.Series(dtype="float64")).reindex(spent.index)
    share = (zero_spent.fillna(0.0) / spent.where(spent > 0)).fillna(0.0)
    leaking = share > NO_RESULTS_SHARE

    flagged = pd.DataFrame({"spent": spent, "share": share, "leaking": leaking})
    flagged = flagged.join(runs, how="left").join(zero_peaks, how="left")
    flagged = flagged[flagged["leaking"] | flagged["days"].notna()]
    if flagged.empty:
        return []
    flagged = flagged.assign(first=_iso(flagged["first"]), last=_iso(flagged["last"]))
    lang, currency = plan.lang, plan.settings.currency
    alerts = []
    for f in flagged.itertuples():
        act = f.Index
        sentences = []
        if not pd.isna(f.days):
            sentences.append(
                say(
                    lang,
                    "no-results",
                    subject=acts.ids[act],
                    total=money(lang, f.run_total, currency),
                    days=int(f.days),
                    first=f.first,
                    last=f.last,
                )
            )
        if f.leaking:
            sentences.append(
                say(
                    lang,
                    "no-results:share",
                    subject=acts.ids[act],
                    share=f"{f.share * 100:.0f} %",
                    zero=money(lang, f.total, currency),
                    total=money(lang, f.spent, currency),
                )
            )
        row = f.run_row if not pd.isna(f.days) else f.peak_row
        alerts.append(
            make_alert(
                "no-results",
                acts.ids[act],
                " ".join(sentences),
                acts.owners[act],
                plan.spend.cell("results", int(row)),
            )
        )
    return alerts


def _not_logged_alerts(
    plan: Plan, ledger: pd.DataFrame, acts: _Activities, today: dt.date
) -> list[Alert]:
    """No spend logged within the last Check every interval while an activity is active
    (its status is active and its dates, where given, overlap that interval)."""
    since = _window_start(plan, today)
    now = pd.Timestamp(today)
    if (ledger["date"] >= since).any():
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
    every = say(lang, f"every.{plan.settings.check_every}")
    if ledger.empty:
        message = say(lang, "spend-not-logged:never", ids=listed, every=every)
        subject, cell = now.date().isoformat(), None
    else:
        last = ledger.sort_values(["date", "row"], kind="stable").iloc[-1]
        subject = last["date"].date().isoformat()
        message = say(lang, "spend-not-logged", last=subject, ids=listed, every=every)
        cell = plan.spend.cell("date", int(last["row"]))
    return [make_alert("spend-not-logged", subject, message, plan.settings.budget_controller, cell)]


def spend_alerts(plan: Plan, today: dt.date, ledger: pd.DataFrame | None = None) -> list[Alert]:
    """Every leak in the spend log, as alerts with code, subject, owner and cell."""
    if ledger is None:
        ledger = spend_ledger(plan, today)
    acts = _Activities(plan)
    return [
        *_period_alerts(plan, ledger),
        *_daily_cap_alerts(plan, ledger, acts),
        *_after_end_alerts(plan, ledger, acts),
        *_while_stopped_alerts(plan, ledger, acts, today),
        *_unknown_activity_alerts(plan, ledger),
        *_no_results_alerts(plan, ledger, acts),
        *_not_logged_alerts(plan, ledger, acts, today),
    ]

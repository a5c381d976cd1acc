"""Alerts over time: each alert's key, since when it is open, and its state today.

Pure: what history remembered of each key (`KeyRecord`) and what people typed in the
Alerts tab's acknowledgement columns (`Acknowledgement`) go in with today's alerts; each
alert's state, the alerts resolved today and the records to remember come out. A second
run on the same day gives the same states: "new" is first seen today, "worse" is got worse
today, "resolved" is resolved today.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from sheetsync.compute.alerts import SEVERITIES, Alert

STATES = ("new", "worse", "ongoing", "acknowledged")
WORSE_GROWTH = 1.10  # an amount over a limit, cap or budget that grew by more than 10 %
_RANK = {severity: len(SEVERITIES) - rank for rank, severity in enumerate(SEVERITIES)}


@dataclass(frozen=True)
class Acknowledgement:
    """What a person typed beside an alert: who, until when (optional), and a note."""

    by: str
    until: dt.date | None = None
    note: str | None = None
    on: dt.date | None = None  # the day sheetsync first read it (so a later "worse" ends it)

    def covers(self, today: dt.date) -> bool:
        return self.until is None or today <= self.until


@dataclass(frozen=True)
class KeyRecord:
    """What history remembers of one alert key of one workbook."""

    key: str
    code: str
    subject: str
    first_seen: dt.date
    last_seen: dt.date
    severity: str
    # The severity and amount a later run compares with to call the alert worse: as first
    # seen, or as when it last got worse.
    amount: float | None = None
    worse_on: dt.date | None = None
    resolved_on: dt.date | None = None
    acknowledgement: Acknowledgement | None = None
    reopened_on: dt.date | None = None  # the day an acknowledgement's Until date passed
    message: str | None = None  # as last seen: the Alerts tab lists a resolved alert with it
    owner: str | None = None

    @property
    def is_open(self) -> bool:
        return self.resolved_on is None


@dataclass(frozen=True)
class AlertState:
    key: str
    state: str  # one of STATES
    first_seen: dt.date
    # The day the alert last got worse, if it ever did: with first_seen, it names the
    # "episode" a notification is about, so one person is never told the same thing twice.
    worse_on: dt.date | None = None
    acknowledgement: Acknowledgement | None = None
    reopened_on: dt.date | None = None
    # What the Alerts tab writes back in its people's columns: the acknowledgement that
    # covers the alert, or, once one ended, only its note (a note alone is kept too).
    written: Acknowledgement | None = None

    @property
    def episode(self) -> str:
        """new, worse and "its acknowledgement ran out" are each a new thing to be told."""
        days = (self.first_seen, self.worse_on, self.reopened_on)
        return "/".join(d.isoformat() if d else "" for d in days)


@dataclass(frozen=True)
class EndedAcknowledgement:
    """An acknowledgement that stopped covering its alert today, and why."""

    key: str
    acknowledgement: Acknowledgement
    reason: str  # worse, expired, resolved


@dataclass
class Lifecycle:
    """Today's view of every alert key: states of the open ones, the ones resolved today."""

    today: dt.date
    states: dict[str, AlertState] = field(default_factory=dict)  # key -> state
    keys: list[str] = field(default_factory=list)  # each alert's key, in the alerts' order
    resolved: list[KeyRecord] = field(default_factory=list)  # resolved today, by key
    ended: list[EndedAcknowledgement] = field(default_factory=list)
    records: list[KeyRecord] = field(default_factory=list)  # what history should remember

    def state_of(self, index: int) -> AlertState:
        return self.states[self.keys[index]]


def alert_keys(alerts: list[Alert]) -> list[str]:
    """Each alert's key; the rare second alert with the same code and subject (a goal and an
    activity with one ID, both without an owner) gets `#2`, in the alerts' stable order."""
    seen: dict[str, int] = {}
    keys = []
    for alert in alerts:
        key = alert.key
        count = seen[key] = seen.get(key, 0) + 1
        keys.append(key if count == 1 else f"{key}#{count}")
    return keys


def _got_worse(alert: Alert, record: KeyRecord) -> bool:
    if _RANK.get(alert.severity, 0) > _RANK.get(record.severity, 0):
        return True
    if alert.amount is None or record.amount is None:
        return False
    if record.amount <= 0:
        return alert.amount > 0
    return alert.amount > record.amount * WORSE_GROWTH


def lifecycle(
    alerts: list[Alert],
    today: dt.date,
    remembered: dict[str, KeyRecord] | None = None,
    acknowledged: dict[str, Acknowledgement] | None = None,
) -> Lifecycle:
    """Each alert's state today, given what history remembered and what people typed in the
    Alerts tab's acknowledgement columns (by key)."""
    remembered = remembered or {}
    acknowledged = acknowledged or {}
    result = Lifecycle(today, keys=alert_keys(alerts))
    for alert, key in zip(alerts, result.keys, strict=True):
        before = remembered.get(key)
        # The record's fields worked out first and the record made once: a big plan has
        # hundreds of alerts, and each dataclass copy costs.
        if before is None or not before.is_open or before.first_seen > today:
            # First seen, or back after it resolved: a new alert, and any old
            # acknowledgement ended with the resolution.
            first_seen, severity, amount, worse_on, reopened_on, old_ack = (
                today, alert.severity, alert.amount, None, None, None
            )  # fmt: skip
        elif _got_worse(alert, before):
            first_seen, severity, amount, worse_on = (
                before.first_seen,
                alert.severity,
                alert.amount,
                today,
            )
            reopened_on, old_ack = before.reopened_on, before.acknowledgement
        else:
            first_seen, severity, amount, worse_on = (
                before.first_seen, before.severity, before.amount, before.worse_on
            )  # fmt: skip
            reopened_on, old_ack = before.reopened_on, before.acknowledgement
        typed = acknowledged.get(key)
        ended_before = len(result.ended)
        ack = _acknowledgement(key, old_ack, worse_on, typed, today, result.ended)
        if result.ended[ended_before:] and result.ended[-1].reason == "expired":
            reopened_on = today
        record = KeyRecord(
            key, alert.code, alert.subject, first_seen, today, severity, amount, worse_on,
            None, ack, reopened_on, alert.message, alert.owner,
        )  # fmt: skip
        if ack is not None:
            state = "acknowledged"
        elif first_seen == today:
            state = "new"
        elif worse_on == today:
            state = "worse"
        else:
            state = "ongoing"
        written = ack
        if ack is None and typed is not None and typed.note:
            written = Acknowledgement("", None, typed.note)
        result.states[key] = AlertState(key, state, first_seen, worse_on, ack, reopened_on, written)
        result.records.append(record)
    for key, record in sorted(remembered.items()):
        if key in result.states:
            continue
        if record.is_open and record.first_seen <= today:
            if record.acknowledgement is not None:
                result.ended.append(EndedAcknowledgement(key, record.acknowledgement, "resolved"))
            record = replace(record, resolved_on=today, acknowledgement=None)
        result.records.append(record)
        if record.resolved_on == today:
            result.resolved.append(record)
    return result


def _acknowledgement(
    key: str,
    before: Acknowledgement | None,
    worse_on: dt.date | None,
    typed: Acknowledgement | None,
    today: dt.date,
    ended: list[EndedAcknowledgement],
) -> Acknowledgement | None:
    """The acknowledgement that covers the alert today, if any. One read before today keeps
    the day it was first read; it ends when the alert got worse after that day, or when its
    Until date has passed."""
    if typed is None or not typed.by:
        return None
    same = before is not None and before.by == typed.by and before.on is not None
    on = before.on if same and before is not None else today
    ack = replace(typed, on=on)
    if worse_on is not None and on is not None and worse_on > on:
        ended.append(EndedAcknowledgement(key, ack, "worse"))
        return None
    if not ack.covers(today):
        ended.append(EndedAcknowledgement(key, ack, "expired"))
        return None
    return ack

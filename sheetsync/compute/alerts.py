"""The alert: one thing in the plan a person should act on, with who and where.

Every rule module returns alerts in this one shape; `sort_alerts` orders them so the most
severe come first and the order is the same every run.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sheetsync.plan.tables import Table

SEVERITIES = ("critical", "warning", "info")

# The stable alert codes (docs/budget.md, docs/accountability.md) and their severity.
SEVERITY_OF = {
    "over-limit": "critical",
    "underfunded": "warning",
    "daily-limit": "critical",
    "weekly-limit": "critical",
    "monthly-limit": "critical",
    "daily-cap": "warning",
    "spend-after-end": "critical",
    "spend-while-stopped": "critical",
    "unknown-activity": "warning",
    "no-results": "warning",
    "spend-not-logged": "warning",
    "goal-no-activity": "warning",
    "non-target-activity": "warning",
    "no-owner": "warning",
    "unknown-person": "info",
    "stale-kpi": "warning",
    "over-budget": "critical",
    "unknown-campaign": "critical",  # cost on a campaign no activity claims
    "spend-mismatch": "warning",
}


@dataclass(frozen=True)
class Alert:
    severity: str
    code: str
    subject: str
    message: str
    owner: str | None = None
    cell: str | None = None
    # Money over a limit, cap or budget (or spent where nothing should be), in the plan's
    # currency: an alert whose amount grows by more than 10 % is "worse" (compute.lifecycle).
    amount: float | None = None

    @property
    def key(self) -> str:
        """The alert's identity from run to run: `daily-cap:A5`, `daily-limit:2026-10-23`."""
        return f"{self.code}:{self.subject}"

    def to_json(self) -> dict:
        # By hand, not dataclasses.asdict: that deep-copies each field, and a big plan's
        # run prints and records thousands of alerts.
        return {
            "severity": self.severity,
            "code": self.code,
            "subject": self.subject,
            "message": self.message,
            "owner": self.owner,
            "cell": self.cell,
            "amount": self.amount,
        }


def make_alert(
    code: str,
    subject: object,
    message: str,
    owner: object = None,
    cell: str | None = None,
    severity: str | None = None,
    amount: float | None = None,
) -> Alert:
    return Alert(
        severity or SEVERITY_OF[code],
        code,
        str(subject),
        message,
        owner if isinstance(owner, str) and owner else None,
        cell,
        amount,
    )


def cells_of(table: Table, column: str, rows: Iterable[int]) -> list[str | None]:
    """`table.cell(column, row)` for many rows: what alerts point at, by the hundred on a big
    plan. The address is the table's own, with only the row number changed (`Table.cells`
    builds a pandas Series, which costs more than the addresses for an alert's few rows)."""
    rows = [int(row) for row in rows]
    first = table.cell(column, 1)
    if first is None:
        return [None] * len(rows)
    prefix = first.removesuffix("1")
    return [f"{prefix}{row}" for row in rows]


_RANK = {severity: rank for rank, severity in enumerate(SEVERITIES)}


def sort_alerts(alerts: list[Alert]) -> list[Alert]:
    """Most severe first; within a severity, the most money at stake first, then the rest by
    subject in natural order (dates oldest first, A2 before A10), not by code."""
    return sorted(alerts, key=_order)


def _order(a: Alert) -> tuple:
    money = -a.amount if a.amount is not None and a.amount == a.amount else math.inf
    return (_RANK[a.severity], money, _natural(a.subject), a.code, a.cell or "")


def _natural(text: str) -> tuple:
    """`A10` after `A9`: runs of digits compare as numbers (tagged, so never against text)."""
    return tuple(
        (0, int(part), "") if "0" <= part[0] <= "9" else (1, 0, part.casefold())
        for part in re.split(r"([0-9]+)", text)
        if part
    )

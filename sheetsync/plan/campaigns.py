"""Which activity each imported campaign is: the Activities tab's Campaigns column holds
campaign names or IDs, comma-separated, `*` standing for any text (`Brand search*`).

A campaign maps to at most one activity; one that two activities claim is a problem naming
both cells, and its cost belongs to neither until one claims it alone.
"""

from __future__ import annotations

import re

import numpy as np

from sheetsync.plan.schema import norm
from sheetsync.plan.tables import ProblemLog, Table


def _pattern(text: str) -> re.Pattern[str]:
    return re.compile(".*".join(re.escape(part) for part in norm(text).split("*")))


def activity_patterns(activities: Table) -> list[tuple[int, re.Pattern[str], str | None]]:
    """(activity position, pattern, its Campaigns cell) for every name or ID typed."""
    frame = activities.df.reset_index(drop=True)
    if "campaigns" not in frame:
        return []
    found = []
    for position, (typed, row) in enumerate(
        zip(frame["campaigns"].tolist(), frame["row"].tolist(), strict=True)
    ):
        if not isinstance(typed, tuple | list):
            continue
        cell = activities.cell("campaigns", row)
        found += [(position, _pattern(t), cell) for t in typed if str(t).strip()]
    return found


def claiming(
    patterns: list[tuple[int, re.Pattern[str], str | None]], campaign: str, campaign_id: str
) -> list[tuple[int, str | None]]:
    """The distinct activities (position, cell) whose patterns match a campaign's name or ID."""
    keys = [norm(k) for k in (campaign, campaign_id) if k]
    seen: dict[int, str | None] = {}
    for position, pattern, cell in patterns:
        if position not in seen and any(pattern.fullmatch(k) for k in keys):
            seen[position] = cell
    return list(seen.items())


def map_campaigns(
    activities: Table, campaigns: list[str], campaign_ids: list[str], log: ProblemLog | None
) -> np.ndarray:
    """Each campaign's activity position, -1 when none (or more than one) claims it; a
    campaign claimed twice is reported once to `log`."""
    patterns = activity_patterns(activities)
    positions = np.full(len(campaigns), -1, dtype="int64")
    if not patterns:
        return positions
    decided: dict[tuple[str, str], int] = {}
    for i, key in enumerate(zip(campaigns, campaign_ids, strict=True)):
        if key not in decided:
            claims = claiming(patterns, *key)
            decided[key] = claims[0][0] if len(claims) == 1 else -1
            if len(claims) > 1 and log is not None:
                log.add(
                    "campaign_two_activities",
                    claims[1][1],
                    value=key[0] or key[1],
                    first=claims[0][1],
                )
        positions[i] = decided[key]
    return positions

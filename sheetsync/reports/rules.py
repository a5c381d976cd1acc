"""Reporting rules as sheetsync names them: each rule's slug (its output key) and tab titles.

A report tab's key is `report:<rule slug>:<period code>`. The slug comes from the rule's
name (the Report column), so it survives the rows being reordered.

How a tab title is made from a rule, for a period code such as `2026-W48`:
1. The base: in English the period's standard name (`Weekly report`, `Monthly report`,
   `Quarterly report`); in Russian the rule's own name (`Еженедельный отчёт`), or the
   period's standard Russian name when the rule has none. When two rules of the same period
   would get the same base (two weekly rules in an English plan), each uses its own name.
2. Characters a sheet name cannot hold become a space (`[ ] : * ?`) or `-` (`/ \\`);
   control characters (a pasted backspace, which would leave a workbook no program opens)
   are dropped; apostrophes at either end are dropped; runs of spaces become one.
3. The title is `<base> <code>` and at most 31 UTF-16 code units (Excel's limit, which Google
   Sheets also keeps when a sheet is downloaded as .xlsx; an emoji counts 2): a longer base
   is cut at a word boundary and ends with `…`; the code is never cut.
4. If two rules still come out the same (compared case-insensitively, as Excel does), the
   second and later ones in Reporting row order get ` (2)`, ` (3)` before the code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from sheetsync.plan import Plan
from sheetsync.plan.schema import norm

MAX_TITLE = 31
CODE_LENGTH = {"week": len("2026-W48"), "month": len("2026-11"), "quarter": len("2026-Q4")}

STANDARD_NAMES = {
    "week": {"en": "Weekly report", "ru": "Еженедельный отчёт"},
    "month": {"en": "Monthly report", "ru": "Ежемесячный отчёт"},
    "quarter": {"en": "Quarterly report", "ru": "Квартальный отчёт"},
}
_SLUG_WORD = {"week": "weekly", "month": "monthly", "quarter": "quarterly"}
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?]")
_SLASHES = re.compile(r"[/\\]")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class ReportRule:
    """One Reporting row: how often, who writes, who reads, who decides."""

    name: str  # the Report column, or the period's standard name when empty
    every: str  # week, month, quarter
    author: str | None
    readers: tuple[str, ...]
    decision_maker: str | None
    slug: str
    base_title: str  # the title without its period code, already fitted to the limit
    row: int  # its sheet row in Reporting

    def title(self, code: str) -> str:
        return f"{self.base_title} {code}"


def slugify(text: str) -> str:
    """`Weekly marketing report` → `weekly-marketing-report` (letters of any script kept)."""
    return "-".join(re.findall(r"\w+", norm(text)))


def clean_title(text: str) -> str:
    text = _SLASHES.sub("-", _NOT_IN_SHEET_NAMES.sub(" ", _CONTROL.sub("", text)))
    return " ".join(text.split()).strip("'").strip()


def units(text: str) -> int:
    """Length in UTF-16 code units, as Excel counts a sheet name (an emoji is 2)."""
    return len(text.encode("utf-16-le")) // 2


def fit(base: str, room: int) -> str:
    """`base` in at most `room` UTF-16 units: cut at a word boundary, ending with `…`."""
    if units(base) <= room:
        return base
    cut = ""
    for ch in base:  # whole characters: a surrogate pair is never split
        if units(cut + ch) > room - 1:
            break
        cut += ch
    space = cut.rfind(" ")
    if space >= room // 2:
        cut = cut[:space]
    return cut.rstrip(" -–—,.;") + "…"


def _text(value: object) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    text = str(value).strip()
    return text or None


def reporting_rules(plan: Plan) -> list[ReportRule]:
    """The plan's Reporting rows that have a period, each with a unique slug and title.

    A row without a period (Every) has no report tab; the checklist's `reporting-complete`
    item already says which rule lacks it.
    """
    lang = "ru" if plan.lang == "ru" else "en"
    rows = [
        r
        for r in plan.reporting.df.to_dict("records")
        if isinstance(r.get("every"), str) and r["every"] in STANDARD_NAMES
    ]
    names = [_text(r.get("report")) for r in rows]
    kinds = [r["every"] for r in rows]

    bases: list[str] = []
    for name, kind in zip(names, kinds, strict=True):
        standard = STANDARD_NAMES[kind][lang]
        bases.append(clean_title(standard if lang == "en" else name or standard))
    if lang == "en":
        shared = [
            sum(k == kind and b == base for b, k in zip(bases, kinds, strict=True)) > 1
            for base, kind in zip(bases, kinds, strict=True)
        ]
        bases = [
            clean_title(name) if twice and name else base
            for base, name, twice in zip(bases, names, shared, strict=True)
        ]
        bases = [b or STANDARD_NAMES[k][lang] for b, k in zip(bases, kinds, strict=True)]

    fitted: list[str] = []
    seen: dict[tuple[str, str], int] = {}
    for base, kind in zip(bases, kinds, strict=True):
        room = MAX_TITLE - 1 - CODE_LENGTH[kind]
        title = fit(base, room)
        key = (kind, title.casefold())
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            suffix = f" ({seen[key]})"
            title = fit(base, room - len(suffix)) + suffix
        fitted.append(title)

    rules: list[ReportRule] = []
    used_slugs: set[str] = set()
    for r, name, kind, title in zip(rows, names, kinds, fitted, strict=True):
        slug = slugify(name or "") or _SLUG_WORD[kind]
        unique, n = slug, 2
        while unique in used_slugs:
            unique, n = f"{slug}-{n}", n + 1
        used_slugs.add(unique)
        readers = r.get("readers")
        rules.append(
            ReportRule(
                name=name or STANDARD_NAMES[kind][lang],
                every=kind,
                author=_text(r.get("author")),
                readers=tuple(readers) if isinstance(readers, tuple | list) else (),
                decision_maker=_text(r.get("decision_maker")),
                slug=unique,
                base_title=title,
                row=int(r["row"]),
            )
        )
    return rules


def report_key(rule: ReportRule, code: str) -> str:
    return f"report:{rule.slug}:{code}"


def split_key(key: str) -> tuple[str, str] | None:
    """(rule slug, period code) of a report tab's key, or None for any other key."""
    parts = key.split(":")
    if len(parts) != 3 or parts[0] != "report":
        return None
    return parts[1], parts[2]

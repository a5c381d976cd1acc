"""`sheetsync import`: bring the ad cabinets' cost exports into the plan.

Each file is read whole (sheetsync.imports) before anything is written; a file that fails
imports nothing, and neither does the rest of the command. The rows join those already on
the Imported spend tab (its store): a file replaces the rows of its platform and account
and campaigns within its dates (cabinets restate recent days), so a re-import never
doubles. Then the
plan is computed and every output tab written in the one write a sync makes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sheetsync.backends.base import Backend
from sheetsync.contracts import WorkbookInfo
from sheetsync.errors import UsageError
from sheetsync.history import History
from sheetsync.i18n import t
from sheetsync.imports import Export, ExportError, Format, read_export
from sheetsync.notify.send import Notifier
from sheetsync.plan import Plan, Table, imported_title
from sheetsync.plan.campaigns import map_campaigns
from sheetsync.plan.schema import IMPORTED
from sheetsync.plan.tables import ProblemLog, empty_frame
from sheetsync.sync import RunResult, open_workbook, run

STORE_COLUMNS = [c.key for c in IMPORTED.columns]
KEY_COLUMNS = ["date", "platform", "account", "campaign", "campaign_id"]
FIGURES = ["cost", "clicks", "impressions", "conversions"]


class ImportFailed(UsageError):
    """A file could not be imported whole: nothing was written (exit 2)."""


@dataclass
class ImportSummary:
    """What an import read and did, for `--json` and the terminal."""

    files: list[dict[str, Any]] = field(default_factory=list)
    campaigns: list[dict[str, Any]] = field(default_factory=list)
    mapped: int = 0
    unmapped: int = 0
    replaced: int = 0
    added: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "campaigns": self.campaigns,
            "mapped": self.mapped,
            "unmapped": self.unmapped,
            "replaced": self.replaced,
            "added": self.added,
        }


@dataclass
class ImportResult:
    run: RunResult
    summary: ImportSummary

    @property
    def problems(self) -> list:
        return self.run.problems

    def to_json(self) -> dict[str, Any]:
        return {**self.run.to_json(), "import": self.summary.to_json()}


def failure(lang: str, path: Path, error: ExportError) -> str:
    """The sentence for a file that cannot be imported: where, why, and that nothing was."""
    where = path.name
    if error.line is not None:
        where = t(lang, "export_where_line", file=path.name, line=error.line)
    reason = t(lang, error.key, **error.values)
    return t(lang, "export_failed", where=where, reason=reason)


def _rows_of(export: Export, today: dt.date) -> pd.DataFrame:
    """An export's rows in the store's columns; a campaign's lines of one day add up (Google
    Ads writes one per network when segmented)."""
    frame = pd.DataFrame(
        {
            "date": pd.to_datetime([r.date for r in export.rows]).astype("datetime64[s]"),
            "platform": [r.platform for r in export.rows],
            "account": [r.account for r in export.rows],
            "campaign": [r.campaign for r in export.rows],
            "campaign_id": [r.campaign_id for r in export.rows],
            **{f: [float(getattr(r, f)) for r in export.rows] for f in FIGURES},
        }
    )
    if frame.empty:
        return _empty_store()
    frame = frame.groupby(KEY_COLUMNS, as_index=False, sort=True)[FIGURES].sum()
    frame["activity"] = None
    frame["file"] = export.path.name
    frame["imported_on"] = pd.Timestamp(today).as_unit("s")
    return frame[STORE_COLUMNS]


def _empty_store() -> pd.DataFrame:
    return empty_frame(IMPORTED)[STORE_COLUMNS]


def merge(store: pd.DataFrame, new: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """The store with the file's period replaced by its rows: (new store, rows replaced).

    The period is the file's first to last date; within it, the stored rows of each
    platform, account and campaign the file holds give way to the file's, a day the cabinet
    no longer reports for that campaign included; a row without an account matches any
    account. Other campaigns' rows stay: a file may hold only some of an account's
    campaigns."""
    if new.empty:
        return store, 0
    first, last = new["date"].min(), new["date"].max()
    # Per platform and campaign, the accounts the file names ("" when it has no Account
    # column): an export without accounts restates the same rows as one with them.
    held: dict[tuple[str, str], set[str]] = {}
    for platform, account, campaign in zip(
        new["platform"], new["account"], new["campaign"], strict=True
    ):
        held.setdefault((platform, campaign), set()).add(account)
    within = ((store["date"] >= first) & (store["date"] <= last)).to_numpy()
    replaced = np.zeros(len(store), dtype=bool)
    for i, (platform, account, campaign) in enumerate(
        zip(
            store["platform"].tolist(),
            store["account"].fillna("").tolist(),
            store["campaign"].tolist(),
            strict=True,
        )
    ):
        accounts = held.get((platform, campaign))
        if within[i] and accounts is not None:
            replaced[i] = account in accounts or "" in accounts or not account
    kept = store[~replaced]
    parts = [p for p in (kept, new) if not p.empty]
    merged = pd.concat(parts, ignore_index=True) if parts else _empty_store()
    return merged, int(replaced.sum())


def _stored(plan: Plan) -> pd.DataFrame:
    frame = plan.imported.df
    if frame.empty:
        return _empty_store()
    store = frame[STORE_COLUMNS].copy()
    store["date"] = store["date"].astype("datetime64[s]")
    store["imported_on"] = store["imported_on"].astype("datetime64[s]")
    return store


def _check_currency(plan: Plan, path: Path, export: Export) -> None:
    wanted = plan.settings.currency
    for row in export.rows:
        if row.currency is not None and row.currency != wanted:
            raise ImportFailed(
                failure(
                    plan.lang,
                    path,
                    ExportError(
                        "export_currency_mismatch", line=row.line, found=row.currency, plan=wanted
                    ),
                )
            )


def add_exports(
    plan: Plan,
    files: list[Path],
    today: dt.date,
    platform: str | None,
    generic: list[Format],
    summary: ImportSummary,
) -> None:
    """Read every file and put the merged store into `plan.imported`, with the rows'
    positions as the Imported spend tab will have them (so alerts point at their cells)."""
    store = _stored(plan)
    fresh: list[pd.DataFrame] = []
    for path in files:
        try:
            export = read_export(path, platform, generic)
        except ExportError as exc:
            raise ImportFailed(failure(plan.lang, path, exc)) from exc
        _check_currency(plan, path, export)
        new = _rows_of(export, today)
        store, replaced = merge(store, new)
        fresh.append(new)
        summary.replaced += replaced
        summary.added += len(new)
        summary.files.append(
            {
                "file": str(path),
                "platform": export.platform,
                "format": export.format,
                "encoding": export.encoding,
                "rows": len(export.rows),
                "skipped_lines": export.skipped,
                "replaced": replaced,
                "first": new["date"].min().date().isoformat() if len(new) else None,
                "last": new["date"].max().date().isoformat() if len(new) else None,
            }
        )
    store = store.sort_values(KEY_COLUMNS, kind="stable").reset_index(drop=True)
    title = plan.imported.title or imported_title_for(plan)
    # The tab's layout (render/imported_tab): a heading line, the header, then the rows.
    store["row"] = np.arange(len(store), dtype="int64") + 3
    log = ProblemLog(plan.lang)
    store["act"] = map_campaigns(
        plan.activities, store["campaign"].tolist(), store["campaign_id"].fillna("").tolist(), log
    )
    # Problems of the tab as it was read are replaced by those of the merged rows.
    plan.problems[:] = [p for p in plan.problems if p.key != "campaign_two_activities"] + log.items
    plan.imported = Table(IMPORTED, title, store, _letters(), 2)
    _summarise(plan, [f for f in fresh if not f.empty], summary)


def imported_title_for(plan: Plan) -> str:
    from sheetsync.i18n import tab_title

    return tab_title(plan.lang, "imported-spend")


def _letters() -> dict[str, str]:
    from sheetsync.contracts import column_letter

    return {c.key: column_letter(i) for i, c in enumerate(IMPORTED.columns)}


def _summarise(plan: Plan, parts: list[pd.DataFrame], summary: ImportSummary) -> None:
    """Per platform and campaign of the files just read: rows, cost, and its activity."""
    if not parts:
        return
    fresh = pd.concat(parts, ignore_index=True)
    fresh["act"] = map_campaigns(
        plan.activities, fresh["campaign"].tolist(), fresh["campaign_id"].tolist(), None
    )
    ids = plan.activities.df.reset_index(drop=True)["id"].tolist()
    for (platform, campaign), rows in fresh.groupby(["platform", "campaign"], sort=True):
        act = int(rows["act"].iloc[0])
        summary.campaigns.append(
            {
                "platform": platform,
                "campaign": campaign,
                "rows": len(rows),
                "cost": round(float(rows["cost"].sum()), 6),
                "activity": ids[act] if act >= 0 else None,
            }
        )
        if act >= 0:
            summary.mapped += len(rows)
        else:
            summary.unmapped += len(rows)


def import_spend(
    workbook: Backend | str | Path,
    files: list[str | Path] | str | Path,
    *,
    today: dt.date | None = None,
    platform: str | None = None,
    dry_run: bool = False,
    generic: list[Format] | None = None,
    state_dir: str | Path | None = None,
    history: History | None = None,
    templates: str | Path | None = None,
    notifier: Notifier | None = None,
) -> ImportResult:
    """Import cost exports into a workbook's Imported spend tab and bring every output tab
    up to date, in one write. Raises ImportFailed (nothing written) when a file cannot be
    imported whole."""
    backend = workbook if not isinstance(workbook, str | Path) else open_workbook(workbook)
    paths = [Path(files)] if isinstance(files, str | Path) else [Path(f) for f in files]
    summary = ImportSummary()

    def prepare(plan: Plan, day: dt.date, info: WorkbookInfo) -> None:
        if plan.imported.title is None:
            title = imported_title_for(plan)
            taken = next((tab for tab in info.tabs if tab.casefold() == title.casefold()), None)
            if taken is not None:
                # A person's tab has the name: the rows would have nowhere to be kept.
                raise ImportFailed(t(plan.lang, "import_tab_taken", tab=taken))
        add_exports(plan, paths, day, platform, generic or [], summary)

    kept = history or History(state_dir)
    try:
        outcome = run(
            backend, today=today, write=True, dry_run=dry_run, history=kept, prepare=prepare,
            templates=Path(templates) if templates is not None else None, notifier=notifier,
        )  # fmt: skip
    finally:
        if history is None:
            kept.close()
    return ImportResult(outcome, summary)


__all__ = ["ImportFailed", "ImportResult", "ImportSummary", "import_spend", "imported_title"]

"""The one place that orders a run: read, parse, compute, render, diff, write.

`run` does every command's work; `sync` and `check` are the library's entry points. A run
writes only when some output tab differs from what its mark says was written, and then
in one backend write.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sheetsync.backends import spreadsheet_id
from sheetsync.backends.base import Backend
from sheetsync.collector import collector_paused
from sheetsync.compute import AlertMemory, Results, compute
from sheetsync.contracts import (
    ApiCalls,
    Changes,
    OutputTab,
    OwnedTab,
    TabUpdate,
    WorkbookInfo,
)
from sheetsync.errors import UsageError
from sheetsync.history import History
from sheetsync.i18n import t, tab_title, tab_titles
from sheetsync.json_output import run_json
from sheetsync.notify.config import NotifyConfig
from sheetsync.notify.send import Delivery, Notifier
from sheetsync.plan import Plan, Problem, imported_title, input_titles, read_plan
from sheetsync.plan.acknowledgements import read_acknowledgements
from sheetsync.plan.tables import address
from sheetsync.render import render_outputs, render_sync
from sheetsync.render.alerts_tab import PEOPLE_FROM
from sheetsync.render.cells import localise_dates
from sheetsync.reports import report_tabs
from sheetsync.reports.model import ReportModel
from sheetsync.reports.periods import parse as parse_period
from sheetsync.typed import typed_cells, written_values

log = logging.getLogger(__name__)

# Report periods and "next week" reach past `today`; near year 9999 they would overflow.
LAST_TODAY = dt.date(9000, 12, 31)


def open_workbook(
    target: str | Path, *, credentials: Any = None, session: Any = None, **options: Any
) -> Backend:
    """A workbook for a local .xlsx path, or a Google spreadsheet ID or URL."""
    text = str(target)
    sid = spreadsheet_id(text)
    if sid is not None:
        try:
            from sheetsync.backends.gsheets import GoogleSheetsBackend
        except ImportError as exc:  # pragma: no cover - the module ships with the package
            raise UsageError(f"The Google Sheets backend cannot load: {exc}") from exc
        return GoogleSheetsBackend(sid, credentials=credentials, session=session, **options)
    from sheetsync.backends.xlsx import XlsxBackend

    return XlsxBackend(Path(text))


def changed_at(day: dt.date, time_zone: str | None) -> dt.datetime:
    """When outputs change, for the Sync tab: the run's `today` at the wall clock's time of
    day, in the plan's time zone (the tab's mark ignores it: see `run`)."""
    try:
        zone = ZoneInfo(time_zone) if time_zone else ZoneInfo("UTC")
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    now = dt.datetime.now(zone)
    return dt.datetime.combine(day, now.time(), zone).replace(second=0, microsecond=0)


def today_in(time_zone: str | None) -> dt.date:
    try:
        zone = ZoneInfo(time_zone) if time_zone else ZoneInfo("UTC")
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return dt.datetime.now(zone).date()


@dataclass
class RunResult:
    """What a run computed and did; `to_json()` is the object `--json` prints."""

    results: Results
    api_calls: ApiCalls
    location: str
    tabs_written: list[str] = field(default_factory=list)
    tabs_deleted: list[str] = field(default_factory=list)
    # Per tab, what the write does (or, in a dry run, would do): see `tab_changes`.
    tab_changes: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    dry_run: bool = False
    wrote: bool = False
    notifications: list[Delivery] = field(default_factory=list)
    history_failed: bool = False  # this run's figures could not be recorded (see recording)

    @property
    def problems(self) -> list[Problem]:
        return self.results.plan.problems

    def to_json(self) -> dict[str, Any]:
        return run_json(self)


def _sheetsync_titles(key: str) -> set[str]:
    return tab_titles(key)


def _folded(titles: object) -> set[str]:
    # Excel and Google Sheets both refuse two tabs whose names differ only in case.
    return {str(t).casefold() for t in titles}


def _conflicts(info: WorkbookInfo, tabs: list[OutputTab]) -> set[str]:
    """Output keys whose title is taken by a person's tab (and not already ours)."""
    owned_titles = _folded(o.title for o in info.owned.values())
    present = _folded(info.tabs)
    return {
        t.key
        for t in tabs
        if t.key not in info.owned
        and t.title.casefold() in present
        and t.title.casefold() not in owned_titles
    }


def plan_changes(info: WorkbookInfo, tabs: list[OutputTab]) -> Changes:
    """Which tabs to write or delete; tabs whose digest matches their mark are left alone."""
    changes = Changes()
    wanted = {t.key for t in tabs}
    blocked = _conflicts(info, tabs)
    for tab in tabs:
        if tab.key in blocked:
            continue
        owned = info.owned.get(tab.key)
        if owned is None:
            # The digest goes with the update: the backend's mark and the history's record
            # of what was written both need it, and a big tab's digest is not free.
            changes.updates.append(TabUpdate(tab, None, tab.mark_digest()))
            continue
        renamed_by_person = owned.title not in _sheetsync_titles(tab.key)
        title_taken = (
            tab.title.casefold() in _folded(info.tabs)
            and tab.title.casefold() != owned.title.casefold()
        )
        if owned.title != tab.title and (renamed_by_person or title_taken):
            # A person renamed it (their name stays), or the new name (a language switch)
            # belongs to a person's tab: keep the current title rather than fight over it.
            tab.title = owned.title
        digest = tab.mark_digest()
        if owned.digest != digest or owned.title != tab.title:
            changes.updates.append(TabUpdate(tab, owned.title, digest))
    for key, owned in info.owned.items():
        if key not in wanted and not key.startswith("report:"):
            changes.deletes.append(owned.title)
    return changes


def run(
    backend: Backend,
    *,
    today: dt.date | None = None,
    write: bool = True,
    dry_run: bool = False,
    history: History | None = None,
    record: bool = True,
    rebuild: bool = False,
    templates: Path | None = None,
    notifier: Notifier | None = None,
    prepare: Callable[[Plan, dt.date, WorkbookInfo], None] | None = None,
) -> RunResult:
    """Read the plan, compute it, and (when `write`) bring the output tabs up to date.

    With a `history`, the computed figures are recorded (when `record`, and not in a dry run)
    and report tabs show the change since the previous report. `rebuild` rewrites final
    report tabs; `templates` is a team's own report template folder. `prepare(plan, today,
    info)` changes the plan read before it is computed (`sheetsync import` adds its rows).
    """
    # The run's big, acyclic allocations would set the cycle collector searching, in vain,
    # many times over (see sheetsync.collector).
    with collector_paused():
        return _run(
            backend, today=today, write=write, dry_run=dry_run, history=history,
            record=record, rebuild=rebuild, templates=templates, notifier=notifier,
            prepare=prepare,
        )  # fmt: skip


def _run(  # noqa: C901 - predates the complexity check: split when next changed
    backend: Backend,
    *,
    today: dt.date | None,
    write: bool,
    dry_run: bool,
    history: History | None,
    record: bool,
    rebuild: bool,
    templates: Path | None,
    notifier: Notifier | None = None,
    prepare: Callable[[Plan, dt.date, WorkbookInfo], None] | None = None,
) -> RunResult:
    info = backend.info()
    titles = input_titles(info)
    if not titles:
        # A file holding only our outputs (or someone else's tabs): syncing it would wipe
        # the outputs and call an empty plan "in order".
        raise UsageError(no_input_tab(backend.location, info.tabs))
    # The Alerts tab comes in the same read: people write acknowledgements in it. So does
    # the Imported spend tab: an output, and also the store of what was imported.
    alerts_tab = info.owned.get("alerts")
    stored = imported_title(info)
    reading = list(titles.values()) + ([alerts_tab.title] if alerts_tab else [])
    reading += [stored] if stored else []
    # Output tabs that may be rewritten come in the same read too: what people typed in them
    # is listed before it is replaced (sheetsync.typed). Final reports are never rewritten.
    outputs = [o for o in info.owned.values() if not o.final]
    reading = list(dict.fromkeys(reading + [o.title for o in outputs]))
    grids = backend.read(reading)
    plan = read_plan(info, grids)
    day = today or today_in(plan.settings.time_zone)
    if day > LAST_TODAY:
        raise UsageError(
            f"today ({day}) is past {LAST_TODAY}, the last day sheetsync computes for."
        )
    if prepare is not None:
        prepare(plan, day, info)
    workbook = history.workbook_key(backend.location) if history is not None else None
    memory = AlertMemory(
        history.alert_records(workbook) if history is not None and workbook else {},
        read_acknowledgements(
            grids.get(alerts_tab.title) if alerts_tab else None, plan.locale.day_first
        ),
    )
    results = compute(plan, day, memory)
    if history is not None and workbook:
        _typed_in_outputs(plan, outputs, grids, history, workbook)
    outcome = RunResult(
        results,
        backend.calls,
        backend.location,
        notes=[n.text(plan.lang) for n in info.notes],
        dry_run=dry_run,
    )

    def remember() -> RunResult:
        # Only a run that succeeded leaves a day in the history: a read or write that
        # failed has raised before this point (exit 4, 5).
        if history is not None and record and not dry_run:
            with recording(outcome, plan.lang):
                history.record(
                    workbook, {**outcome.to_json(), "plan": plan.name, "lang": plan.lang}
                )
                history.record_alerts(workbook, results.lifecycle.records)
        return outcome

    if not write:
        return remember()

    tabs = render_outputs(results)
    # Which report tabs to write, keep or delete is the reports schedule's call.
    finals: list[ReportModel] = []  # reports that became final: e-mailed to their readers
    reports, report_schedule = report_tabs(
        results, info.owned, history=history, workbook=workbook, templates=templates,
        rebuild=rebuild, finals=finals,
    )  # fmt: skip
    tabs.extend(reports)
    for tab in tabs:
        localise_dates(tab, plan.lang)
    # Conflicts join the problems first, so the Sync tab lists them.
    sync_title = tab_title(plan.lang, "sync")
    for key in sorted(_conflicts(info, [*tabs, _titled("sync", sync_title)])):
        wanted = next((t.title for t in tabs if t.key == key), sync_title)
        title = next((t for t in info.tabs if t.casefold() == wanted.casefold()), wanted)
        cell = address(title, "A", 1)
        plan.problems.append(
            Problem(
                cell,
                t(plan.lang, "tab_conflict", cell=cell, value=title, tab=title),
                "tab_conflict",
            )
        )
    # The Sync tab's mark ignores its "last changed" date, so that date moves only when
    # another output does; it is rewritten whenever anything else is.
    # The Sync tab names the workbook the same way however the path was typed, so
    # `-w plan.xlsx` and `-w /abs/plan.xlsx` give the same tab (and no rewrite).
    shown = backend.location if spreadsheet_id(backend.location) else Path(backend.location).name
    if notifier is not None:
        # Told before the write, so the Sync tab of this very write lists what failed.
        where = (
            backend.location
            if spreadsheet_id(backend.location)
            else str(Path(backend.location).resolve())
        )
        outcome.notifications = notifier.run(results, history, workbook, where, dry_run=dry_run)
        outcome.notifications += notifier.deliver_reports(
            results, finals, history, workbook, templates=templates, dry_run=dry_run
        )
        for failed in (d for d in outcome.notifications if d.status == "failed"):
            outcome.notes.append(t(plan.lang, "notify:failed", to=failed.to,
                                          error=failed.error))  # fmt: skip
    sync_probe = render_sync(results, None, shown, outcome.notes)
    localise_dates(sync_probe, plan.lang)
    changes = plan_changes(info, [*tabs, sync_probe])
    changes.deletes.extend(report_schedule.delete)
    if changes:
        # A run for a given --today replays that day: its date alone, the same every time.
        stamp = changed_at(day, plan.settings.time_zone) if today is None else day
        sync_tab = render_sync(results, stamp, shown, outcome.notes)
        localise_dates(sync_tab, plan.lang)
        sync_tab.digest_override = sync_probe.digest()
        sync_tab.title = sync_probe.title
        changes.updates = [u for u in changes.updates if u.tab.key != "sync"]
        if "sync" not in _conflicts(info, [sync_tab]):
            owned = info.owned.get("sync")
            changes.updates.append(TabUpdate(sync_tab, owned.title if owned else None))
    changes.order = output_order(info, changes, [t.key for t in reports])
    # Written in that order too: new tabs are appended where they belong, and the list of
    # tabs written reads as the workbook does.
    place = {title: i for i, title in enumerate(changes.order)}
    changes.updates.sort(key=lambda u: place.get(u.tab.title, len(place)))
    outcome.tabs_written = [u.tab.title for u in changes.updates]
    outcome.tabs_deleted = list(changes.deletes)
    outcome.tab_changes = tab_changes(info, changes)
    if dry_run or not changes:
        return remember()
    written = backend.write(changes)
    if history is not None and record:
        with recording(outcome, plan.lang):
            history.record_written(
                workbook,
                [
                    (u.tab.key, u.digest or u.tab.mark_digest(), written_values(u.tab))
                    for u in changes.updates
                ],
            )
    outcome.location = written.location
    outcome.wrote = written.saved
    log.info("wrote %s to %s", ", ".join(outcome.tabs_written) or "nothing", written.location)
    return remember()


def tab_changes(info: WorkbookInfo, changes: Changes) -> list[dict[str, Any]]:
    """What happens to each tab, for --dry-run and --json: `new` (rows), `rewritten`
    (rows now; a renamed tab says its old title), `final` (a report whose period ended,
    written once more and then kept), `deleted`. The old contents are not read (the
    mark's digest says only that they differ)."""
    out: list[dict[str, Any]] = []
    for update in changes.updates:
        tab = update.tab
        owned = info.owned.get(tab.key)
        change = "new" if update.replace is None else "rewritten"
        if tab.final and (owned is None or not owned.final):
            change = "final"
        entry: dict[str, Any] = {"tab": tab.title, "change": change, "rows": len(tab.rows)}
        if update.replace and update.replace != tab.title:
            entry["was"] = update.replace
        out.append(entry)
    out.extend({"tab": title, "change": "deleted", "rows": None} for title in changes.deletes)
    return out


FIXED_OUTPUTS = ("kpi-status", "budget-control", "alerts", "checklist-score", "owners", "sync")


def output_order(info: WorkbookInfo, changes: Changes, rule_keys: list[str]) -> list[str]:
    """The output tabs' titles in the order they stand after the write: KPI Status first,
    the fixed outputs, then the report tabs grouped by rule (in the Reporting tab's order,
    `rule_keys`), newest period first. A person's tabs keep their places (the backends
    lay these titles out in the slots output tabs hold)."""
    titles = {key: owned.title for key, owned in info.owned.items()}
    for update in changes.updates:
        titles[update.tab.key] = update.tab.title
    deleted = set(changes.deletes)
    titles = {key: title for key, title in titles.items() if title not in deleted}
    fixed = [titles[key] for key in FIXED_OUTPUTS if key in titles]
    rules: list[str] = []
    for key in [*rule_keys, *sorted(titles)]:
        if key.startswith("report:") and key.count(":") >= 2:
            rule = key.rsplit(":", 1)[0]
            if rule not in rules:
                rules.append(rule)

    def newest_first(key: str) -> tuple:
        period = parse_period(key.rsplit(":", 1)[1])
        return (period.end.toordinal() if period else 0, key)

    reports = [
        titles[key]
        for rule in rules
        for key in sorted(
            (k for k in titles if k.rsplit(":", 1)[0] == rule), key=newest_first, reverse=True
        )
    ]
    return fixed + reports


def no_input_tab(location: str, tabs: list[str]) -> str:
    """The refusal for a workbook with none of the plan's input tabs."""
    from sheetsync.plan.schema import INPUT_TABS

    wanted = ", ".join(spec.title("en") for spec in INPUT_TABS)
    found = ", ".join(tabs[:8]) + (", …" if len(tabs) > 8 else "") if tabs else "no tabs"
    return (
        f"{location} has no input tab of a plan ({wanted}, or their Russian names); it has "
        f"{found}. Nothing was read or written. Point --workbook at your plan, or create one "
        "with `sheetsync init`."
    )


def _typed_in_outputs(
    plan: Plan, outputs: list[OwnedTab], grids: dict, history: History, workbook: str
) -> None:
    """Whatever a person typed in an output tab, as a problem with its cell and text (so the
    Sync tab lists it) before a later write replaces it."""
    editable = {"alerts": [(0, PEOPLE_FROM, PEOPLE_FROM + 2)]}
    for owned in outputs:
        grid = grids.get(owned.title)
        remembered = history.written(workbook, owned.key)
        if grid is None or remembered is None or remembered[0] != owned.digest:
            continue  # never written from here, or written since by another machine
        typed = typed_cells(owned.title, grid, remembered[1], editable.get(owned.key, ()))
        for cell, text in typed:
            message = t(plan.lang, "typed_in_output", cell=cell, value=text, tab=owned.title)
            plan.problems.append(Problem(cell, message, "typed_in_output"))


@contextlib.contextmanager
def recording(outcome: RunResult, lang: str) -> Iterator[None]:
    """A history write that fails (the file locked by another process, a full disk) does not
    undo the run: the workbook is as the run left it, and its result stands. The run says
    that this day was not recorded, and the next run records again."""
    try:
        yield
    except (sqlite3.OperationalError, OSError) as exc:
        if outcome.history_failed:
            return
        outcome.history_failed = True
        log.warning("history not recorded: %s", exc)
        reason = "locked" if "locked" in str(exc) or "busy" in str(exc) else "error"
        outcome.notes.append(t(lang, f"note.history_not_recorded.{reason}", error=str(exc)))


def _titled(key: str, title: str) -> OutputTab:
    return OutputTab(key=key, title=title, rows=[])


def sync(
    workbook: Backend | str | Path,
    *,
    today: dt.date | None = None,
    dry_run: bool = False,
    state_dir: str | Path | None = None,
    history: History | None = None,
    rebuild: bool = False,
    templates: str | Path | None = None,
    notify: NotifyConfig | None = None,
) -> RunResult:
    """Pull then push: what cron runs. Returns what was computed and written.

    Figures are recorded in the history of `state_dir` (default `./.sheetsync`), or in the
    `history` given. With `notify` (see sheetsync.notify.config), people and team channels
    are told about their new and worse alerts.
    """
    backend = workbook if hasattr(workbook, "info") else open_workbook(workbook)
    kept = history or History(state_dir)
    notifier = Notifier(notify) if notify is not None and notify.configured else None
    try:
        return run(
            backend, today=today, write=True, dry_run=dry_run, history=kept, rebuild=rebuild,
            templates=Path(templates) if templates is not None else None, notifier=notifier,
        )  # fmt: skip
    finally:
        if history is None:
            kept.close()


def check(workbook: Backend | str | Path, *, today: dt.date | None = None) -> RunResult:
    """Validate and score the plan; write nothing."""
    backend = workbook if hasattr(workbook, "info") else open_workbook(workbook)
    return run(backend, today=today, write=False)

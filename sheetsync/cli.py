"""The command line: parses arguments, calls sync.py, prints for people or as JSON.

Exit codes: 0 done (plan problems are results), 2 usage or config, 3 auth or permission,
4 workbook unreachable, 5 workbook busy.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import logging
import math
import shlex
import shutil
import sqlite3
import sys
import textwrap
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from sheetsync import __version__
from sheetsync.compute.alerts import SEVERITIES
from sheetsync.compute.checklist import Checklist
from sheetsync.config import Config, load_config
from sheetsync.errors import AuthError, BusyError, SheetsyncError, UsageError
from sheetsync.history import FILE_NAME, History
from sheetsync.i18n import code_word, money, severity_word, status_word, t
from sheetsync.notify.send import Notifier
from sheetsync.printable import printable_output
from sheetsync.runlock import workbook_lock
from sheetsync.sync import LAST_TODAY, RunResult, open_workbook, run
from sheetsync.words import WORDS

if TYPE_CHECKING:
    from sheetsync.compute.budget import BudgetSummary
    from sheetsync.plan.schema import TabSpec

log = logging.getLogger("sheetsync")

DEMO_FILE = "sheetsync-demo.xlsx"
# Each language's demo has its own file, so `demo --lang ru` never syncs the English one.
DEMO_FILES = {"en": DEMO_FILE, "ru": "sheetsync-demo-ru.xlsx"}


def _date(text: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-11-27") from None
    if day > LAST_TODAY:
        raise argparse.ArgumentTypeError(
            f"{text} is past {LAST_TODAY.isoformat()}, the last day sheetsync computes for"
        )
    return day


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of printing and exiting, so `main` can answer a usage
    error as every other failure: as JSON under --json, exit 2."""

    def error(self, message: str) -> NoReturn:
        raise _ParseError(self, message)


class _ParseError(Exception):
    def __init__(self, parser: argparse.ArgumentParser, message: str) -> None:
        super().__init__(message)
        self.parser = parser
        self.message = message


# Commands that take the workbook's lock, and so can wait for it.
_LOCKING = ("pull", "push", "sync", "demo", "import")


def _common_options(parser: argparse.ArgumentParser, *, top: bool, wait: bool = True) -> None:
    """The options every command takes, placed before the command (`top`) or after it.

    After the command their defaults are SUPPRESS: one not given there leaves what was
    given before the command (argparse would otherwise reset it to its default)."""

    def default(value: object) -> object:
        return value if top else argparse.SUPPRESS

    parser.add_argument(
        "--workbook",
        "-w",
        metavar="PATH|ID|URL",
        default=default(None),
        help="the plan: a local .xlsx, or a Google spreadsheet ID or URL",
    )
    parser.add_argument(
        "--today",
        type=_date,
        metavar="YYYY-MM-DD",
        default=default(None),
        help="compute as of this date (default: today in the plan's time zone)",
    )
    parser.add_argument(
        "--json", action="store_true", default=default(False), help="print one JSON object"
    )
    parser.add_argument(
        "--quiet",
        "-q",
        action="store_true",
        default=default(False),
        help="print only what needs attention (for cron mail)",
    )
    parser.add_argument(
        "--config",
        metavar="FILE",
        default=default(None),
        help="config file (default ./sheetsync.toml)",
    )
    if wait:
        parser.add_argument(
            "--wait",
            type=float,
            default=default(0.0),
            metavar="SECONDS",
            help="if another run holds this workbook, wait up to SECONDS (default: exit 5 "
            "at once)" + (f"; for {', '.join(_LOCKING)}" if top else ""),
        )
    parser.add_argument(
        "--credentials",
        metavar="FILE",
        default=default(None),
        help="Google service-account or OAuth client JSON",
    )
    parser.add_argument(
        "--templates",
        metavar="DIR",
        default=default(None),
        help="your own report templates (default: the built-in ones)",
    )
    parser.add_argument(
        "--verbose",
        "-v",
        action="store_true",
        default=default(False),
        help="log what happens",
    )


def _command(commands, name: str, help: str, description: str) -> argparse.ArgumentParser:
    parser = commands.add_parser(
        name,
        help=help,
        description=description,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _common_options(parser, top=False, wait=name in _LOCKING)
    return parser


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="sheetsync",
        description="Keep a marketing plan workbook honest: read it, compute where it stands, "
        "write back KPI status, budget control, alerts, checklist, owners and reports.",
        epilog="Options may stand before or after the command: "
        "`sheetsync -w plan.xlsx --quiet sync` is `sheetsync sync -w plan.xlsx --quiet`.",
    )
    _common_options(parser, top=True)
    parser.add_argument("--version", action="version", version=f"sheetsync {__version__}")
    commands = parser.add_subparsers(
        dest="command", metavar="COMMAND", required=True, parser_class=_Parser
    )

    init = _command(
        commands,
        "init",
        "create a new plan workbook",
        "Create a new plan workbook (a local .xlsx, default ./marketing-plan.xlsx): the input "
        "tabs with their headers and dropdowns, empty or (--example) filled with the example "
        "plan. Never overwrites a file.",
    )
    init.add_argument("--example", action="store_true", help="fill in the example plan")
    init.add_argument(
        "--lang", choices=["en", "ru"], default="en", help="language of the tabs (default: en)"
    )
    _command(
        commands,
        "pull",
        "read and validate the plan, record it",
        "Read the plan, report its problems with their cells, and record the computed "
        "figures in the history. Writes nothing to the workbook.",
    )
    push = _command(
        commands,
        "push",
        "compute and write output tabs",
        "Compute the plan and write the output tabs (KPI Status, Budget Control, Alerts, "
        "Checklist Score, Owners, reports, Sync). Input tabs are never written; nothing is "
        "saved when no output would change.",
    )
    sync = _command(
        commands,
        "sync",
        "pull then push (what cron runs)",
        "Pull then push: read and record the plan, then write the output tabs. This is what "
        "cron runs, e.g.\n  0 7 * * *  cd /srv/plan && sheetsync sync --quiet",
    )
    notify = _command(
        commands,
        "notify",
        "tell people about their new and worse alerts",
        "Send each person on the Team tab (with an e-mail) one digest of their alerts that are "
        "new or worse since they were last told, and team channels the new critical ones, "
        "without writing the workbook. Configure [notify] in sheetsync.toml; --dry-run shows "
        "who would get what.",
    )
    notify.add_argument("--dry-run", action="store_true", help="show who would get what")
    for command in (push, sync):
        command.add_argument(
            "--dry-run", action="store_true", help="show what would change; write nothing"
        )
        command.add_argument(
            "--no-notify", action="store_true", help="send no notifications this run"
        )
        command.add_argument(
            "--rebuild",
            action="store_true",
            help="rewrite final report tabs too, and create missing past ones within retention",
        )
    report = _command(
        commands,
        "report",
        "write the current period's report as md or html",
        "Write the current period's report of each Reporting rule as Markdown or one HTML "
        "page, to stdout or --out FILE (the format follows FILE's extension: .md, .html).",
    )
    report.add_argument(
        "--format",
        choices=["md", "html"],
        help="md or html (default: from --out's extension, else md)",
    )
    report.add_argument("--out", metavar="FILE", help="write to FILE (default: stdout)")
    report.add_argument(
        "--force", action="store_true", help="replace --out FILE even if sheetsync did not write it"
    )
    report.add_argument("--rule", metavar="NAME", help="only this Reporting rule")
    history = _command(
        commands,
        "history",
        "show KPIs over time",
        "Show each goal's recorded figures, one line per recorded day, from the history "
        "that every sync and pull keep beside the config.",
    )
    history.add_argument("--goal", metavar="ID", help="only this goal")
    _command(
        commands,
        "check",
        "validate and score; write nothing",
        "Read the plan, compute it and score the checklist; write nothing and record "
        "nothing. Takes no lock, so it runs beside a sync.",
    )
    imports = _command(
        commands,
        "import",
        "import cost exports of the ad cabinets (Google Ads, Meta, Yandex Direct, VK Ads)",
        "Read cost exports (CSV, TSV or XLSX) of Google Ads, Meta Ads Manager, Yandex "
        "Direct, VK Ads or a CSV mapped in sheetsync.toml ([imports.NAME]) into the Imported "
        "spend tab, then bring every output tab up to date. Re-importing a period replaces "
        "its rows. A file that cannot be read whole imports nothing.",
    )
    imports.add_argument("files", nargs="+", metavar="FILE", help="CSV, TSV or XLSX exports")
    imports.add_argument(
        "--platform",
        metavar="NAME",
        help="google-ads, meta, yandex, vk, or a format of sheetsync.toml's [imports.NAME] "
        "(default: told by the file's header)",
    )
    imports.add_argument("--dry-run", action="store_true", help="show what would change")
    imports.add_argument("--no-notify", action="store_true", help="send no notifications this run")
    demo = _command(
        commands,
        "demo",
        f"write the example plan to ./{DEMO_FILE} and sync it",
        f"Write the example plan to ./{DEMO_FILE} (./{DEMO_FILES['ru']} with --lang ru) and "
        "sync it, ready to open. Run again, it syncs the same file.",
    )
    demo.add_argument(
        "--lang",
        choices=["en", "ru"],
        default="en",
        help="language of the example plan, its tabs and reports (default: en)",
    )
    return parser


def _finite(value: object) -> bool:
    """A number that can be printed as one: not None, not NaN, not ±inf (an overflowed sum)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _fmt_pct(value: object) -> str:
    return f"{value * 100:.0f}%" if _finite(value) else "—"


def checklist_lines(checklist: Checklist, width: int = 100) -> list[str]:
    """The checklist as a table for a terminal: the score, then each section with its score
    and its items in two columns, ✓/✗ and the question, then the evidence (both wrapped)."""
    lang = checklist.lang
    lines = [
        f"{t(lang, 'checklist_score')}: {_fmt_pct(checklist.score)} — "
        + t(lang, "items_passed", passed=checklist.passed, total=checklist.total)
    ]
    question_width = min(max(len(i.question) for i in checklist.items), 52)
    evidence_width = max(40, width - question_width - 8)
    for section in checklist.sections:
        passed = t(lang, "section_passed", passed=section.passed, total=section.total)
        lines.append(f"  {section.title} {_fmt_pct(section.score)} ({passed})")
        for item in (i for i in checklist.items if i.section == section.key):
            question = textwrap.wrap(item.question, question_width) or [""]
            evidence = textwrap.wrap(item.evidence, evidence_width)
            mark = "✓" if item.passed else "✗"
            for n in range(max(len(question), len(evidence))):
                left = question[n] if n < len(question) else ""
                right = evidence[n] if n < len(evidence) else ""
                first = mark if n == 0 else " "
                lines.append(f"    {first} {left:<{question_width}}  {right}".rstrip())
    return lines


def checklist_line(checklist: Checklist, most: int = 5) -> str:
    """The checklist in one line: the score, how many items passed, and the failing ones in a
    few words each (at most `most` of them, then how many more)."""
    lang = checklist.lang
    line = f"{t(lang, 'checklist_score')}: {_fmt_pct(checklist.score)} — " + t(
        lang, "items_passed", passed=checklist.passed, total=checklist.total
    )
    failing = [_item_name(lang, item) for item in checklist.items if not item.passed]
    if failing:
        names = failing[:most]
        if len(failing) > most:
            names.append(t(lang, "cli:and_more", count=len(failing) - most))
        line += "; " + t(lang, "cli:to_fix", items=", ".join(names))
    return line + "."


def _item_name(lang: str, item) -> str:
    """An automatic item's short name; a team's own item is its question, shortened."""
    key = f"cli:item:{item.id}"
    if key in WORDS:
        return t(lang, key)
    text = textwrap.shorten(item.question, 48, placeholder="…")
    # "Brand guidelines…" reads as a list entry in lower case; "CRM access" keeps its capitals.
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def budget_lines(budget: BudgetSummary, activities: list[dict], lang: str = "en") -> list[str]:
    """The plan's money in two lines: where the plan stands, and which activities overspend.

    Any figure may be None (absent) or inf (a sum that overflowed): it prints as "—"
    rather than failing the run's summary."""
    currency = budget.currency
    mode = budget.mode if budget.mode in ("bottom-up", "top-down") else "none"
    # The figures the mode has, so one that overflowed shows as "—" instead of vanishing.
    has_limit = budget.limit is not None
    has_required = budget.required is not None
    shown = {
        "limit": has_limit,
        "required": has_required,
        "allocated": True,
        "unallocated": has_limit and mode != "top-down",
        "gap": has_required,
    }
    figures = [
        f"{t(lang, f'cli:budget:{key}')} {money(lang, getattr(budget, key), currency)}"
        for key, show in shown.items()
        if show
    ]
    lines = [
        t(
            lang,
            "cli:budget",
            mode=t(lang, f"cli:budget:mode:{mode}"),
            figures=", ".join(figures) or "—",
            spent=money(lang, budget.spent, currency),
        )
    ]

    def spent_of(a: dict) -> str:
        spent, planned = (money(lang, a.get(k), currency) for k in ("spent", "planned"))
        return t(lang, "cli:spent_of", spent=spent, planned=planned)

    def ids(status: str) -> list[str]:
        return [str(a.get("id")) for a in activities if a.get("status") == status]

    over = [
        f"{a.get('id')} ({spent_of(a)})" for a in activities if a.get("status") == "over-budget"
    ]
    pacing = [
        f"{status_word(lang, status).lower()}: {', '.join(named)}"
        for status, named in (
            ("over-budget", over),
            ("overspending", ids("overspending")),
            ("underspending", ids("underspending")),
        )
        if named
    ]
    if pacing:
        lines.append("  " + "; ".join(pacing))
    return lines


_CHANGED = ("new", "worse")


def human_summary(  # noqa: C901 - predates the complexity check: split when next changed
    result: RunResult, quiet: bool, *, checklist: str = "full", write: bool = True
) -> str:
    """What a person reads in a terminal or in cron mail, in the plan's language.

    `checklist` is "full" (the table, for check and sync) or "short" (one line, for demo);
    `write` is False for commands that never write, which then say nothing about writing."""
    data = result.to_json()
    lang = result.results.plan.lang
    lines: list[str] = []
    if not quiet:
        lines.append(f"{result.results.plan.name} — {data['today']} — {data['workbook']}")
        lines.append("")
        lines.append(t(lang, "cli:kpi_status"))
        for k in data["kpis"]:
            figures = t(
                lang,
                "cli:kpi_line",
                progress=f"{_fmt_pct(k['progress']):>5}",
                expected=f"{_fmt_pct(k['expected']):>5}",
            )
            stale = f"  {t(lang, 'cli:stale')}" if k["stale"] else ""
            lines.append(
                f"  {k['id'] or '—':<6} {status_word(lang, k['status']):<14} {figures}{stale}"
                f"  {k['goal'] or ''}"
            )
        lines.append("")
        lines.extend(budget_lines(result.results.budget, data["activities"], lang))
        lines.append("")
        if checklist == "short":
            lines.append(checklist_line(result.results.checklist))
        else:
            # As wide as the terminal (100 in cron mail), so fewer lines wrap.
            width = min(140, shutil.get_terminal_size((100, 24)).columns)
            lines.extend(checklist_lines(result.results.checklist, width))
    alerts = data["alerts"]
    # Quiet (cron mail): only critical alerts that are new or got worse, so a mail comes
    # when something changed, not every day for the same alert.
    shown = [
        a
        for a in alerts
        if not quiet or (a["severity"] == "critical" and a.get("state", "new") in _CHANGED)
    ]
    if shown:
        if lines:
            lines.append("")
        counts = {s: sum(a["severity"] == s for a in alerts) for s in SEVERITIES}
        lines.append(t(lang, "cli:alerts", counts=t(lang, "alerts_count", **counts)))
        for a in shown:
            severity = severity_word(lang, a["severity"]).lower()
            where = f" [{a['cell']}]" if a["cell"] else ""
            # Who should act: the alert's owner, so cron mail can be forwarded as it is.
            owner = f" → {a['owner']}" if a["owner"] else ""
            state = t(lang, f"alert_state:{a['state']}") if a.get("state") else ""
            lines.append(
                f"  {severity:<8} {state:<12} {code_word(lang, a['code']):<24} {a['message']}"
                f"{where}{owner}"
            )
    problems = data["problems"]
    if problems:
        if lines:
            lines.append("")
        lines.append(t(lang, "cli:problems", count=len(problems)))
        lines.extend(f"  {p['message']}" for p in problems)
    for note in data["notes"]:
        lines.append(t(lang, "cli:note", note=note))
    if not quiet:
        tail = ""
        if data["dry_run"]:
            written, deleted = data["tabs_written"], data["tabs_deleted"]
            tail = (
                t(lang, "cli:dry_run", tabs=", ".join(written))
                if written
                else t(lang, "cli:dry_run_nothing")
            )
            if deleted:
                tail += t(lang, "cli:dry_run_delete", tabs=", ".join(deleted))
            # Then, per tab, what would change.
            for change in data.get("tab_changes", []):
                tail += "\n  " + t(
                    lang,
                    f"cli:dry_run:{change['change']}",
                    tab=change["tab"],
                    rows=change["rows"],
                    was=change.get("was", ""),
                )
        elif data["tabs_written"] or data["tabs_deleted"]:
            tail = t(
                lang, "cli:wrote", tabs=", ".join(data["tabs_written"]), workbook=data["workbook"]
            )
        elif write:
            tail = t(lang, "cli:unchanged")
        if tail:
            lines.extend(["", tail])
    return "\n".join(lines)


def _print_result(result: RunResult, args: argparse.Namespace, wrote_mode: bool) -> None:
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        return
    text = human_summary(result, args.quiet, write=wrote_mode)
    if text.strip():
        print(text)


def _config(args: argparse.Namespace) -> Config:
    return load_config(
        args.config,
        workbook=args.workbook,
        credentials=args.credentials,
        templates=getattr(args, "templates", None),
    )


def _open(config: Config):
    return (
        open_workbook(
            config.workbook,
            credentials=config.credentials,
            retry_seconds=config.retry_seconds,
            state_dir=config.state_dir,
        )
        if _is_google(config.workbook)
        else open_workbook(config.workbook)
    )


def _is_google(target: str) -> bool:
    from sheetsync.sync import spreadsheet_id

    return spreadsheet_id(target) is not None


def cmd_init(args: argparse.Namespace) -> int:
    from sheetsync.backends.xlsx import create_workbook
    from sheetsync.example import empty_tabs as blank
    from sheetsync.example import example_tabs
    from sheetsync.plan.schema import INPUT_TABS

    config = _config(args)
    if _is_google(config.workbook):
        raise UsageError("init creates a local .xlsx; give --workbook a path ending in .xlsx.")
    path = Path(config.workbook)
    if path.exists():
        raise UsageError(t(args.lang, "cli:init_exists", path=path, name=_free_name(path)))
    today = args.today or dt.date.today()
    tabs = example_tabs(today, args.lang, typed=True) if args.example else blank(args.lang)
    create_workbook(path, tabs, _dropdowns(args.lang, INPUT_TABS), _date_format(args.lang))
    if args.json:
        print(json.dumps({"created": str(path), "tabs": list(tabs)}, ensure_ascii=False))
    elif not args.quiet:
        quoted = shlex.quote(str(path))
        print(t(args.lang, "cli:init_created", path=path, tabs=", ".join(tabs)))
        print(t(args.lang, "cli:init_next_example" if args.example else "cli:init_next",
                   path=quoted))  # fmt: skip
    return 0


def _date_format(lang: str) -> str:
    """The date cells' format of a new plan: as the plan's language writes dates."""
    from sheetsync.contracts import number_format

    return number_format("date:ru" if lang == "ru" else "date") or "yyyy-mm-dd"


def _free_name(path: Path) -> str:
    """A name beside `path` that is not taken yet: plan-2.xlsx, plan-3.xlsx…"""
    n = 2
    while (candidate := path.with_name(f"{path.stem}-{n}{path.suffix}")).exists():
        n += 1
    return shlex.quote(str(candidate))


def _dropdowns(lang: str, specs: tuple[TabSpec, ...]) -> dict[str, dict[int, list[str]]]:
    """Enum columns get a dropdown of their words in the plan's language."""
    from sheetsync.plan.tables import enum_choices

    result: dict[str, dict[int, list[str]]] = {}
    for spec in specs:
        cols = {}
        for i, col in enumerate(spec.columns):
            if col.kind.startswith("enum:"):
                cols[i] = enum_choices(col.kind.split(":", 1)[1], lang).split(", ")
            elif col.kind == "yesno":
                cols[i] = ["yes", "no"] if lang == "en" else ["да", "нет"]
        if cols:
            result[spec.title(lang)] = cols
    return result


def cmd_run(args: argparse.Namespace) -> int:
    config = _config(args)
    backend = _open(config)
    write = args.command in ("push", "sync")
    # Runs that write or record take the workbook's lock; check only reads.
    guard = (
        workbook_lock(config.state_dir, config.workbook, wait=getattr(args, "wait", 0.0))
        if args.command != "check"
        else contextlib.nullcontext()
    )
    dry_run = getattr(args, "dry_run", False)
    # push and sync notify (unless --no-notify); check never does.
    notifier = None
    if write and config.notify.configured and not getattr(args, "no_notify", False):
        notifier = Notifier(config.notify)
    with guard, History(config.state_dir) as history:
        result = run(
            backend,
            today=args.today,
            write=write,
            dry_run=dry_run,
            history=history,
            record=args.command != "check",
            rebuild=getattr(args, "rebuild", False),
            templates=config.templates,
            notifier=notifier,
        )
    _print_result(result, args, write)
    _warn_failed(result)
    return 0


def _warn_failed(result: RunResult) -> None:
    """A failed notification is a warning on stderr (cron mails it), never a failed run."""
    for d in result.notifications:
        if d.status == "failed":
            print(
                f"sheetsync: warning: {d.channel} notification to {d.to} not delivered "
                f"({d.error}); it is tried again on the next run.",
                file=sys.stderr,
            )


def cmd_notify(args: argparse.Namespace) -> int:
    """Tell people about their new and worse alerts without writing the workbook;
    `--dry-run` shows who would get what and sends nothing."""
    config = _config(args)
    if not config.notify.configured:
        raise UsageError(
            "No notifications are configured: add a [notify] table to sheetsync.toml "
            '(email = "smtp://…", urls = [...]) or set SHEETSYNC_NOTIFY_EMAIL.'
        )
    backend = _open(config)
    notifier = Notifier(config.notify)
    with (
        workbook_lock(config.state_dir, config.workbook, wait=args.wait),
        History(config.state_dir) as history,
    ):
        result = run(
            backend, today=args.today, write=False, history=history, record=not args.dry_run
        )
        workbook = history.workbook_key(backend.location)
        where = (
            backend.location
            if _is_google(backend.location)
            else str(Path(backend.location).resolve())
        )
        result.notifications = notifier.run(
            result.results, history, workbook, where, dry_run=args.dry_run
        )
    if args.json:
        print(json.dumps({"today": result.results.today.isoformat(),
                          "notifications": [d.to_json() for d in result.notifications]},
                         ensure_ascii=False, indent=2))  # fmt: skip
    elif not args.quiet or any(d.status == "failed" for d in result.notifications):
        lang = result.results.plan.lang
        if not result.notifications:
            print(t(lang, "cli:notify_none"))
        for d in result.notifications:
            print(t(lang, f"cli:notify:{d.status}", to=d.to, count=len(d.keys),
                       subject=d.subject or ""))  # fmt: skip
            if args.verbose or args.dry_run:
                print("    " + ", ".join(d.keys))
    _warn_failed(result)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """Import cost exports into the Imported spend tab, then bring every output up to date."""
    from sheetsync.importer import import_spend
    from sheetsync.imports import generic_formats

    config = _config(args)
    generic = generic_formats(config.imports, str(config.source or "sheetsync.toml"))
    backend = _open(config)
    # Money no activity claims is news for the controller now, as a sync would tell it.
    notifier = None
    if config.notify.configured and not args.no_notify:
        notifier = Notifier(config.notify)
    with (
        workbook_lock(config.state_dir, config.workbook, wait=args.wait),
        History(config.state_dir) as history,
    ):
        outcome = import_spend(
            backend,
            args.files,
            today=args.today,
            platform=args.platform,
            dry_run=args.dry_run,
            generic=generic,
            history=history,
            templates=config.templates,
            notifier=notifier,
        )
    _warn_failed(outcome.run)
    if args.json:
        print(json.dumps(outcome.to_json(), ensure_ascii=False, indent=2))
        return 0
    lang = outcome.run.results.plan.lang
    if not args.quiet:
        print("\n".join(import_lines(outcome.summary.to_json(), lang)))
        print()
    text = human_summary(outcome.run, args.quiet)
    if text.strip():
        print(text)
    return 0


def import_lines(summary: dict, lang: str) -> list[str]:
    """What an import read: per file its platform and rows, per campaign its activity."""
    lines = [
        t(
            lang,
            "cli:import:file",
            file=f["file"],
            platform=f["platform"],
            rows=f["rows"],
            first=f["first"] or "—",
            last=f["last"] or "—",
            replaced=f["replaced"],
        )
        for f in summary["files"]
    ]
    for c in summary["campaigns"]:
        activity = c["activity"] or t(lang, "imported:unmapped")
        lines.append(f"  {c['platform']:<14} {c['campaign']:<32} {c['rows']:>4}  → {activity}")
    lines.append(
        t(
            lang,
            "cli:import:totals",
            mapped=summary["mapped"],
            unmapped=summary["unmapped"],
            replaced=summary["replaced"],
        )
    )
    return lines


def cmd_demo(args: argparse.Namespace) -> int:
    from sheetsync.backends.xlsx import XlsxBackend, create_workbook
    from sheetsync.example import example_tabs
    from sheetsync.plan.schema import INPUT_TABS

    path = Path(args.workbook or DEMO_FILES[args.lang])
    today = args.today or dt.date.today()
    config = _config(args)
    # The same lock as sync: a demo and a sync (or two demos) never write the file at once.
    with (
        workbook_lock(config.state_dir, str(path), wait=args.wait),
        History(config.state_dir) as history,
    ):
        created = not path.exists()
        if created:
            create_workbook(
                path,
                example_tabs(today, args.lang, typed=True),
                _dropdowns(args.lang, INPUT_TABS),
                _date_format(args.lang),
            )
        backend = XlsxBackend(path)
        result = run(
            backend,
            today=args.today,
            write=True,
            history=history,
            templates=config.templates,
        )
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        return 0
    if args.quiet:
        text = human_summary(result, quiet=True)
        if text.strip():
            print(text)
        return 0
    # The banner speaks the demo's language (--lang); the summary, the plan's.
    banner = "cli:demo_wrote" if created else "cli:demo_synced"
    print(t(args.lang, banner, path=path.resolve()))
    print(t(args.lang, "cli:demo_open"))
    print()
    print(human_summary(result, quiet=False, checklist="short"))
    print()
    print(t(args.lang, "cli:full_checklist", path=shlex.quote(str(path))))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """The current period's report of each Reporting rule, as markdown or one HTML page."""
    from sheetsync.reports import export_reports

    fmt = args.format or _format_of(args.out)
    config = _config(args)
    if args.out:
        _check_report_target(Path(args.out), config.workbook, args.force)
    backend = _open(config)
    with History(config.state_dir) as history:
        result = run(backend, today=args.today, write=False, history=history, record=False)
        text = export_reports(
            result.results,
            fmt,
            rule=args.rule,
            history=history,
            workbook=history.workbook_key(backend.location),
            templates=config.templates,
        )
    if not args.out:
        sys.stdout.write(text)
        return 0
    out = Path(args.out)
    try:
        out.write_text(text + f"\n{REPORT_MARK}\n", encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"Cannot write the report to {out}: {exc.strerror}.") from exc
    if args.json:
        print(json.dumps({"format": fmt, "out": str(out)}, ensure_ascii=False))
    elif not args.quiet:
        print(f"Wrote the {fmt} report to {out}.")
    return 0


# The last line of a report written with --out (a comment in both md and HTML): a file that
# ends with it may be replaced by the next `report --out`; any other file only with --force.
REPORT_MARK = "<!-- written by sheetsync report -->"


def _check_report_target(out: Path, workbook: str, force: bool) -> None:
    """Refuse (exit 2) to write a report over the workbook, or over a file sheetsync did not
    write unless --force."""
    if not out.exists():
        return
    if not _is_google(workbook) and out.resolve() == Path(workbook).resolve():
        raise UsageError(
            f"--out {out} is the workbook itself; a report never replaces it. Nothing was "
            "written: give another file name."
        )
    if force:
        return
    try:
        with open(out, "rb") as handle:
            handle.seek(max(0, out.stat().st_size - 200))
            ours = REPORT_MARK.encode() in handle.read()
    except OSError:
        ours = False
    if not ours:
        raise UsageError(
            f"--out {out} exists and is not a report sheetsync wrote; nothing was written. "
            "Give another file name, or add --force to replace it."
        )


def _format_of(out: str | None) -> str:
    """The report format --out's extension names (.html/.htm, .md/.markdown/.txt); md for
    stdout. Another extension is a usage error rather than a file of the wrong kind."""
    if not out:
        return "md"
    suffix = Path(out).suffix.lower()
    if suffix in (".html", ".htm"):
        return "html"
    if suffix in (".md", ".markdown", ".txt", ""):
        return "md"
    raise UsageError(
        f"Cannot tell the report format from {out}: give --format md or html, "
        "or name the file .md or .html."
    )


_SPARKS = "▁▂▃▄▅▆▇█"


def history_lines(path: list[dict], lang: str = "en") -> list[str]:
    """Each goal's recorded figures, one line per day, with its progress as a spark line.

    Values are shown in the goal's own format (a rate as 2.2 %), dates and decimals in the
    plan's language, as on the tabs and in reports."""
    from sheetsync.reports import formats

    def heading(key: str) -> str:
        return t(lang, f"cli:history:{key}")

    lines: list[str] = []
    for goal_id in dict.fromkeys(p["id"] for p in path):
        days = [p for p in path if p["id"] == goal_id]
        last = days[-1]
        sparks = "".join(
            _SPARKS[min(7, max(0, int(p["progress"] * 7.999)))] if _finite(p["progress"]) else " "
            for p in days
        )
        if lines:
            lines.append("")
        metric = last["metric"] or heading("no_metric")
        lines.append(f"{goal_id}  {last['goal'] or ''}  ({metric})")
        lines.append(f"  {heading('progress')} {sparks}")
        lines.append(
            f"  {heading('date'):<10}  {heading('status'):<14} {heading('current'):>10} "
            f"{heading('target'):>10} {heading('progress'):>9} {heading('expected'):>9}"
        )
        for p in days:
            status = status_word(lang, p["status"]) if p["status"] else "—"
            fmt = p.get("format") or "number"
            day = formats.date(dt.date.fromisoformat(p["date"]), lang)
            lines.append(
                f"  {day:<10}  {status:<14} {formats.value(p['current'], fmt, lang):>10} "
                f"{formats.value(p['target'], fmt, lang):>10} "
                f"{formats.percent(p['progress'], lang):>9} "
                f"{formats.percent(p['expected'], lang):>9}"
            )
    return lines


def cmd_history(args: argparse.Namespace) -> int:
    """A KPI over time, from what each sync recorded.

    A local workbook that is not there, or a goal never recorded for a workbook that has
    a history, is a usage error (exit 2), never "no history yet"."""
    config = _config(args)
    if not _is_google(config.workbook) and not Path(config.workbook).exists():
        raise UsageError(
            f"No workbook at {config.workbook}. Point --workbook at your plan "
            "(the file each `sheetsync sync` of it recorded)."
        )
    with History(config.state_dir) as history:
        key = history.workbook_key(config.workbook)
        path = history.kpi_path(key, args.goal)
        recorded = sorted({p["id"] for p in history.kpi_path(key)}) if not path else []
        lang = history.language(key) or "en"
        where = history.path
    if not path and args.goal and recorded:
        raise UsageError(
            f"No goal {args.goal} in the history of {key}; goals recorded: {', '.join(recorded)}."
        )
    if args.json:
        print(json.dumps({"workbook": key, "goal": args.goal, "history": path}, ensure_ascii=False))
        return 0
    if not path:
        what = f"goal {args.goal} of " if args.goal else ""
        print(
            f"No history recorded for {what}{key} in {where} yet: each `sheetsync sync` "
            "(or pull) records one."
        )
        return 0
    print("\n".join(history_lines(path, lang)))
    return 0


def main(argv: list[str] | None = None) -> int:
    # Text typed in cells (ESC/OSC sequences, a backspace) never reaches a terminal or cron
    # mail as control characters: see sheetsync.printable.
    with printable_output():
        return _main(argv)


def _main(argv: list[str] | None) -> int:
    parser = build_parser()
    words = sys.argv[1:] if argv is None else argv
    try:
        args = parser.parse_args(words)
    except _ParseError as exc:
        return _usage_error(exc, as_json="--json" in words)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    handlers = {
        "init": cmd_init,
        "demo": cmd_demo,
        "report": cmd_report,
        "history": cmd_history,
        "notify": cmd_notify,
        "import": cmd_import,
    }
    try:
        with warnings.catch_warnings():
            # A plan with absurd amounts (near 1e308) overflows numpy's and pandas' sums to
            # inf, which the outputs show as "—" and the JSON as null; the RuntimeWarnings
            # would only add lines of numpy internals to cron mail. Other warnings still show.
            warnings.filterwarnings("ignore", category=RuntimeWarning, module="numpy|pandas")
            return handlers.get(args.command, cmd_run)(args)
    except SheetsyncError as exc:
        return _failed(exc, args)
    except KeyboardInterrupt:
        print("sheetsync: interrupted; nothing half-written.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `sheetsync check --json | head` closed the pipe: not an error worth a traceback.
        sys.stderr.close()
        return 0
    except sqlite3.OperationalError as exc:
        # Locked by another process, or a full disk, before anything was written (a run that
        # wrote says so in a note and exits 0: see sync.recording). Nothing is damaged.
        busy = "locked" in str(exc) or "busy" in str(exc)
        return _failed(
            (BusyError if busy else UsageError)(
                f"the history file ({FILE_NAME} in the state folder) cannot be used now: "
                f"{exc}. Nothing was written; run again "
                + ("when the other process is done." if busy else "once that is fixed.")
            ),
            args,
        )
    except sqlite3.DatabaseError as exc:
        # A damaged or foreign history file: say which file and what to do, exit 2.
        return _failed(
            UsageError(
                f"the history file ({FILE_NAME} in the state folder) cannot be used: it is "
                f"damaged or not sheetsync's ({exc}). Move it aside (a new one is started) or "
                "set state_dir in sheetsync.toml."
            ),
            args,
        )
    except OSError as exc:
        # The file system refused (a folder given as the workbook, a full disk, no
        # permission): one sentence and an exit code for cron, never a traceback.
        return _failed(_os_failure(exc, args), args)


def _usage_error(exc: _ParseError, *, as_json: bool) -> int:
    """A command line argparse could not read: its usage and the reason, exit 2; under
    --json also `{"error": {...}}` on stdout, as every other failure."""
    message = exc.message[:1].upper() + exc.message[1:]
    if as_json:
        print(json.dumps({"error": {"exit_code": 2, "message": message}}, ensure_ascii=False))
    exc.parser.print_usage(sys.stderr)
    print(f"{exc.parser.prog}: {message}", file=sys.stderr)
    return 2


def _failed(exc: SheetsyncError, args: argparse.Namespace) -> int:
    if getattr(args, "json", False):
        print(
            json.dumps(
                {"error": {"exit_code": exc.exit_code, "message": exc.message}},
                ensure_ascii=False,
            )
        )
    print(f"sheetsync: {exc.message}", file=sys.stderr)
    return exc.exit_code


def _os_failure(exc: OSError, args: argparse.Namespace) -> SheetsyncError:
    """PermissionError is exit 3 (permission); any other OSError exit 2 (the path given is
    not usable), each naming the path."""
    from sheetsync.backends.file_replace import TEMP_PREFIX

    path = Path(str(exc.filename or getattr(args, "workbook", None) or "the workbook"))
    # A refused temporary file of the atomic save: the folder beside the workbook refused.
    temporary = path.name.startswith(TEMP_PREFIX)
    what = f"a temporary file in {path.parent}" if temporary else str(path)
    if isinstance(exc, PermissionError):
        return AuthError(
            f"cannot read or write {what}: permission denied; check the folder's and the "
            "file's permissions."
        )
    reason = exc.strerror or str(exc)
    return UsageError(f"cannot read or write {what}: {reason[:1].lower()}{reason[1:]}.")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

"""`python -m bench.outputs dump OUT.json [--quick]` and `python -m bench.outputs compare A B`:
every output of sheetsync, cell for cell, to prove a restructuring kept behaviour.

`dump` syncs the example plan (en and ru, as a local .xlsx and through the Sheets fake) on
three days in a row of reporting periods, and the benchmark plan through the Sheets fake,
and writes down everything a person or a script could see: every output tab written (title,
key, each cell's value and style, widths, frozen rows, charts, final, the mark's digest),
the `--json` object, the terminal summary, the markdown and HTML reports, the exact bytes
of the Sheets batchUpdate (as a hash) and of each .xlsx part (as hashes).

`compare` reads two dumps and names the first differences, scenario by scenario. Run
`dump` on the code before a change (e.g. a `git worktree` of the previous commit, with
`PYTHONPATH` set to it) and after, then `compare`.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import io
import json
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

DAYS = (dt.date(2026, 11, 20), dt.date(2026, 11, 27), dt.date(2026, 12, 2))
BENCH_TODAY = dt.date(2026, 11, 27)


def _value(value: object) -> object:
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    if isinstance(value, float):
        return {"float": repr(value)}
    if isinstance(value, bool):
        return {"bool": value}
    return value


def _tab(tab: Any) -> dict[str, Any]:
    return {
        "key": tab.key,
        "title": tab.title,
        "rows": [
            [[_value(c.value), c.fmt, c.fill, c.bold, c.size, c.wrap] for c in row]
            for row in tab.rows
        ],
        "widths": [repr(w) for w in tab.widths],
        "frozen": tab.frozen_rows,
        "charts": [repr(c) for c in tab.charts],
        "final": tab.final,
        "mark_digest": tab.mark_digest(),
    }


class Recorder:
    """Wraps a backend: every write's tabs and deletes are written down before it goes on."""

    def __init__(self, backend: Any, log: list) -> None:
        self._backend = backend
        self._log = log

    def __getattr__(self, name: str) -> Any:
        return getattr(self._backend, name)

    def write(self, changes: Any) -> Any:
        self._log.append(
            {
                "updates": [
                    {"replace": u.replace, **_tab(u.tab)}
                    for u in sorted(changes.updates, key=lambda u: u.tab.key)
                ],
                "deletes": sorted(changes.deletes),
            }
        )
        return self._backend.write(changes)


def _summary(result: Any) -> str:
    from sheetsync.cli import human_summary

    return human_summary(result, quiet=False)


def _runs(open_backend: Any, days: tuple[dt.date, ...], state: Path) -> dict[str, Any]:
    from sheetsync.history import History
    from sheetsync.reports import export_reports
    from sheetsync.sync import run

    out: dict[str, Any] = {}
    with History(state) as history:
        for day in days:
            writes: list = []
            backend = Recorder(open_backend(), writes)
            result = run(backend, today=day, write=True, history=history)
            workbook = history.workbook_key(backend.location)
            out[day.isoformat()] = {
                "writes": writes,
                "json": _stable_json(result.to_json()),
                "summary": _summary(result).replace(str(state.parent), "<folder>"),
                "md": export_reports(result.results, "md", history=history, workbook=workbook),
                "html": export_reports(result.results, "html", history=history, workbook=workbook),
            }
    return out


def _stable_json(data: dict[str, Any]) -> dict[str, Any]:
    data = dict(data)
    data.pop("workbook", None)  # a temporary folder's name
    return json.loads(json.dumps(data, ensure_ascii=False, default=str))


def _xlsx_parts(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        # docProps/core.xml carries the time the example workbook was made, not the sync's.
        names = sorted(n for n in z.namelist() if n != "docProps/core.xml")
        return {n: hashlib.sha256(z.read(n)).hexdigest()[:16] for n in names}


def demo_xlsx(lang: str) -> dict[str, Any]:
    from sheetsync.backends.xlsx import XlsxBackend, create_workbook
    from sheetsync.cli import _dropdowns
    from sheetsync.example import example_tabs
    from sheetsync.plan.schema import INPUT_TABS

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.xlsx"
        create_workbook(path, example_tabs(DAYS[1], lang), _dropdowns(lang, INPUT_TABS))
        out = _runs(lambda: XlsxBackend(path), DAYS, Path(folder) / "state")
        out["xlsx_parts"] = _xlsx_parts(path)
    return out


class _Capture:
    """Keeps a hash of each batchUpdate body the Sheets fake receives."""

    def __init__(self) -> None:
        self.bodies: list[str] = []


def _fake(title: str, tabs: dict, time_zone: str) -> tuple[Any, str, _Capture]:
    from tests.fakes import FakeSheetsAPI

    capture = _Capture()

    class CapturingFake(FakeSheetsAPI):
        def _handle(self, request: Any, adapter: Any) -> Any:
            if request.method == "POST" and ":batchUpdate" in (request.url or ""):
                body = request.body if isinstance(request.body, bytes) else request.body.encode()
                capture.bodies.append(hashlib.sha256(body).hexdigest()[:16] + f" {len(body)}")
            return super()._handle(request, adapter)

    fake = CapturingFake()
    sid = fake.create_spreadsheet(title, tabs, time_zone=time_zone)
    return fake, sid, capture


def demo_sheets(lang: str) -> dict[str, Any]:
    from sheetsync.backends.gsheets import GoogleSheetsBackend
    from sheetsync.example import example_tabs

    fake, sid, capture = _fake("Marketing plan", example_tabs(DAYS[1], lang), "Europe/Berlin")
    with tempfile.TemporaryDirectory() as folder:
        out = _runs(
            lambda: GoogleSheetsBackend(sid, session=fake.session()), DAYS, Path(folder) / "state"
        )
    out["batch_updates"] = capture.bodies
    return out


def bench(quick: bool) -> dict[str, Any]:
    from bench.__main__ import FULL, QUICK
    from bench.plan import bench_plan
    from sheetsync.backends.gsheets import GoogleSheetsBackend

    fake, sid, capture = _fake(
        "Benchmark plan", bench_plan(BENCH_TODAY, **(QUICK if quick else FULL)), "Europe/Berlin"
    )
    with tempfile.TemporaryDirectory() as folder:
        out = _runs(
            lambda: GoogleSheetsBackend(sid, session=fake.session()),
            (BENCH_TODAY,),
            Path(folder) / "state",
        )
    out["batch_updates"] = capture.bodies
    return out


def dump(path: Path, quick: bool) -> None:
    import sheetsync

    print(f"sheetsync from {Path(sheetsync.__file__).parent}", file=sys.stderr)
    scenarios = {
        "demo-en-xlsx": lambda: demo_xlsx("en"),
        "demo-ru-xlsx": lambda: demo_xlsx("ru"),
        "demo-en-sheets": lambda: demo_sheets("en"),
        "demo-ru-sheets": lambda: demo_sheets("ru"),
        "bench-sheets": lambda: bench(quick),
    }
    data = {}
    for name, make in scenarios.items():
        with contextlib.redirect_stdout(io.StringIO()):
            data[name] = make()
        print(f"{name}: done", file=sys.stderr)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True))


def _differences(a: Any, b: Any, where: str, found: list[str], most: int) -> None:
    if len(found) >= most:
        return
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                found.append(f"{where}/{key}: only in {'after' if key in b else 'before'}")
                continue
            _differences(a[key], b[key], f"{where}/{key}", found, most)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            found.append(f"{where}: {len(a)} items before, {len(b)} after")
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            _differences(x, y, f"{where}[{i}]", found, most)
    elif a != b:
        found.append(f"{where}: {str(a)[:200]!r} before, {str(b)[:200]!r} after")


def compare(before: Path, after: Path, most: int = 40) -> int:
    a, b = json.loads(before.read_text()), json.loads(after.read_text())
    found: list[str] = []
    _differences(a, b, "", found, most)
    cells = sum(
        len(row)
        for scenario in b.values()
        for day in scenario.values()
        if isinstance(day, dict) and "writes" in day
        for write in day["writes"]
        for tab in write["updates"]
        for row in tab["rows"]
    )
    if found:
        print("\n".join(found))
        print(f"DIFFERENT: {len(found)}{'+' if len(found) >= most else ''} differences")
        return 1
    print(f"identical: {len(b)} scenarios, {cells} output cells written, json, summaries, reports")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.outputs")
    commands = parser.add_subparsers(dest="command", required=True)
    d = commands.add_parser("dump")
    d.add_argument("out", type=Path)
    d.add_argument("--quick", action="store_true")
    c = commands.add_parser("compare")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    args = parser.parse_args(argv)
    if args.command == "dump":
        dump(args.out, args.quick)
        return 0
    return compare(args.before, args.after)


if __name__ == "__main__":
    sys.exit(main())

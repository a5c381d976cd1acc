"""`python -m bench [--json] [--quick]`: sheetsync against the floor, the naive gspread script
and the local .xlsx backend, on the benchmark plan (docs/benchmark.md), in one run on this machine.

Run it from the repository root (it imports the Sheets fake from `tests.fakes`). What it
measures, each on a fresh copy of the plan in the in-process Sheets fake:

- sheetsync: one full sync (`sheetsync.sync` through gspread and the fake): API calls as
  the fake counted them, bytes sent and received, wall and CPU seconds, and how many of
  those the fake itself spent answering (Google's share in real life); then a second sync
  of the same plan, which must write nothing;
- peak memory, during that first sync: the growth of the process's peak resident memory
  (Linux VmHWM, reset just before the sync, so the generated plan and the fake's stored
  cells are not counted; the fake's work while answering is, so it is an upper bound), and
  the same figure at the moment the write reached the fake (sheetsync's own work only);
- the floor: `json.loads` of the very batchGet answer the sync received, and a pandas
  DataFrame per tab from the decoded values; taken in three rounds, each beside one more
  full sync on a fresh copy of the plan, so that the two are compared best against best
  under the same machine speed (the first sync above is a cold process's, one cron run's:
  its ratio is shown too);
- the naive way: `bench/naive.py`, the gspread script people write by hand;
- xlsx: the same plan as an .xlsx file, synced through the local backend, three times on
  fresh copies of the file, each beside the xlsx floor (python-calamine reading every tab
  of that file); the first sync's peak memory; and a sync of the synced file, which must
  write nothing.

The generated plan and the fake's stored cells are kept out of Python's cycle collector
(`gc.freeze`) before each measure: in real life they live at Google, and their 100,000 rows
would otherwise make every full collection during a measure several times dearer.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

import pandas as pd
import requests

from bench.naive import naive_sync
from bench.plan import as_dates, bench_plan
from sheetsync.plan import input_titles, read_plan
from sheetsync.sync import open_workbook, sync
from tests.fakes import FakeSheetsAPI

TODAY = dt.date(2026, 11, 27)
FULL = {"goals": 200, "activities": 1_000, "spend_rows": 100_000}
QUICK = {"goals": 40, "activities": 200, "spend_rows": 10_000}
GOALS = {"reads": 2, "writes": 1, "floor_ratio": 3.0, "peak_mb": 300.0}


class TimedFake(FakeSheetsAPI):
    """The fake, also keeping the time it spends answering and the last batchGet answer."""

    def __init__(self) -> None:
        super().__init__()
        self.server_seconds = 0.0
        self.server_cpu = 0.0
        self.batch_get_answer: bytes | None = None
        self.probe: Any = None  # called as the write arrives: memory sheetsync used so far
        self.at_write: float | None = None

    def _handle(self, request: requests.PreparedRequest, adapter: Any) -> requests.Response:
        if request.method == "POST" and self.probe is not None and self.at_write is None:
            self.at_write = self.probe()
        started, cpu = time.perf_counter(), time.process_time()
        try:
            response = super()._handle(request, adapter)
        finally:
            self.server_seconds += time.perf_counter() - started
            self.server_cpu += time.process_time() - cpu
        if "values:batchGet" in (request.url or ""):
            self.batch_get_answer = response.content
        return response


def fake_with(tabs: dict[str, list[list]]) -> tuple[TimedFake, str]:
    fake = TimedFake()
    sid = fake.create_spreadsheet("Benchmark plan", tabs, time_zone="Europe/Berlin")
    outside_the_collector()
    return fake, sid


def outside_the_collector() -> None:
    """Keep what the benchmark itself holds (the generated plan, the fake's stored cells:
    Google's side in real life) out of the cycle collector's sweeps.

    Python's full collections walk every live object; the fake's 100,000 stored rows would
    make each sweep during a measure several times dearer than in a real run, where that
    data lives on Google's servers. Frozen objects are skipped; whatever a measure creates
    is still collected as usual. Applied alike before every measure.
    """
    gc.collect()
    gc.freeze()


class PeakMemory:
    """Growth of the process's peak resident memory over a block, in MB.

    Linux's high-water mark (VmHWM) is reset to the current size just before the block, so
    whatever was allocated earlier (the generated plan, the fake's cells) is not counted.
    Where that reset is not possible, tracemalloc's peak over the block is used instead
    (slower, and it counts Python allocations only); `how` says which.
    """

    def __enter__(self) -> PeakMemory:
        gc.collect()
        self.how = "VmHWM"
        try:
            Path("/proc/self/clear_refs").write_text("5")
            self.before = _status_kb("VmRSS")
        except OSError:
            self.how = "tracemalloc"
            tracemalloc.start()
        return self

    def so_far(self) -> float:
        if self.how == "VmHWM":
            return (_status_kb("VmHWM") - self.before) / 1024
        return tracemalloc.get_traced_memory()[1] / 2**20

    def __exit__(self, *exc: object) -> None:
        if self.how == "VmHWM":
            self.mb = (_status_kb("VmHWM") - self.before) / 1024
        else:
            self.mb = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise OSError(f"no {field} in /proc/self/status")


def run_sheetsync(tabs: dict[str, list[list]], state: Path) -> dict[str, Any]:
    """The first, measured sync (it runs before any other measure, so memory is clean) and
    the sync that finds nothing to change."""
    fake, sid = fake_with(tabs)
    backend = open_workbook(sid, session=fake.session(), retry_seconds=30)
    with PeakMemory() as memory:
        fake.probe = memory.so_far
        started, cpu = time.perf_counter(), time.process_time()
        result = sync(backend, today=TODAY, state_dir=state)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    calls = fake.api_calls()
    figures = {
        "reads": calls["read"],
        "writes": calls["write"],
        "seconds": round(seconds, 3),
        "peak_mb": round(memory.mb, 1),
        "peak_mb_how": memory.how,
        # The peak up to the moment the write reaches the fake: all of sheetsync's own work,
        # the request body included, without the fake's decoding and applying of it.
        "peak_mb_until_write": round(fake.at_write or 0.0, 1),
        "bytes_sent": fake.bytes_sent,
        "bytes_received": fake.bytes_received,
        "server_seconds": round(fake.server_seconds, 3),
        "client_seconds": round(seconds - fake.server_seconds, 3),
        "cpu_seconds": round(cpu, 3),
        "client_cpu_seconds": round(cpu - fake.server_cpu, 3),
        "tabs_written": len(result.tabs_written),
        "problems": len(result.problems),
    }
    # A second sync of the same plan changes nothing, so it must write nothing.
    fake.reset_calls()
    again = open_workbook(sid, session=fake.session(), retry_seconds=30)
    started = time.perf_counter()
    sync(again, today=TODAY, state_dir=state)
    figures["unchanged_seconds"] = round(time.perf_counter() - started, 3)
    figures["unchanged_reads"] = fake.api_calls()["read"]
    figures["unchanged_writes"] = fake.api_calls()["write"]
    assert fake.batch_get_answer is not None, "the sync sent no values batchGet"
    figures["_answer"] = fake.batch_get_answer
    figures["read_seconds"] = read_path_seconds(fake, sid)
    return figures


def read_path_seconds(fake: TimedFake, sid: str) -> float:
    """sheetsync's read alone, the part the floor compares with: the metadata and values
    calls, decoding the answers and parsing every input tab into typed tables with cell
    addresses (the fake's time answering left out)."""
    backend = open_workbook(sid, session=fake.session(), retry_seconds=30)
    answering = fake.server_seconds
    started = time.perf_counter()
    info = backend.info()
    read_plan(info, backend.read(list(input_titles(info).values())))
    return round(time.perf_counter() - started - (fake.server_seconds - answering), 3)


def floor_once(answer: bytes) -> tuple[float, float]:
    """Decode the batchGet answer and build one DataFrame per tab: the least any reader does.
    As (wall seconds, CPU seconds)."""
    started, cpu = time.perf_counter(), time.process_time()
    decoded = json.loads(answer)
    frames = []
    for value_range in decoded["valueRanges"]:
        rows = value_range.get("values", [])
        if not rows:
            continue
        width = max(len(r) for r in rows)
        # Sheets trims trailing empty cells, so rows are ragged: pad them first.
        padded = [r + [None] * (width - len(r)) if len(r) < width else r for r in rows[1:]]
        frames.append(pd.DataFrame(padded, columns=range(width)))
    return time.perf_counter() - started, time.process_time() - cpu


def sync_once(tabs: dict[str, list[list]], state: Path) -> tuple[float, float]:
    """One full sync on a fresh copy of the plan: sheetsync's own (wall, CPU) seconds, the
    fake's time answering left out."""
    fake, sid = fake_with(tabs)
    backend = open_workbook(sid, session=fake.session(), retry_seconds=30)
    started, cpu = time.perf_counter(), time.process_time()
    sync(backend, today=TODAY, state_dir=state)
    return (
        time.perf_counter() - started - fake.server_seconds,
        time.process_time() - cpu - fake.server_cpu,
    )


def side_by_side(tabs: dict[str, list[list]], answer: bytes, state: Path, rounds: int = 3):
    """The floor and a full sync, in turns, `rounds` times: this machine's speed drifts by
    a third from one minute to the next (a shared VM), so the two are taken side by side
    and compared best against best. Each round's pair is kept, as (wall, CPU) seconds."""
    pairs = []
    for _ in range(rounds):
        outside_the_collector()
        floor = floor_once(answer)
        pairs.append((floor, sync_once(tabs, state)))
    return pairs


def run_naive(tabs: dict[str, list[list]]) -> dict[str, Any]:
    fake, sid = fake_with(tabs)
    started = time.perf_counter()
    naive_sync(sid, fake.session(), TODAY)
    seconds = time.perf_counter() - started
    calls = fake.api_calls()
    return {
        "reads": calls["read"],
        "writes": calls["write"],
        "seconds": round(seconds, 3),
        "server_seconds": round(fake.server_seconds, 3),
        "bytes_sent": fake.bytes_sent,
        "bytes_received": fake.bytes_received,
    }


def write_xlsx(path: Path, tabs: dict[str, list[list]]) -> None:
    """The plan as an .xlsx a spreadsheet program would save: dates as date cells. Written
    in openpyxl's streaming mode, because only the sync that follows is measured."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell

    book = openpyxl.Workbook(write_only=True)
    for title, rows in as_dates(tabs).items():
        sheet = book.create_sheet(title)
        for row in rows:
            out = []
            for value in row:
                if isinstance(value, dt.date):
                    value = WriteOnlyCell(sheet, value)
                    value.number_format = "yyyy-mm-dd"
                out.append(value)
            sheet.append(out)
    book.save(path)


def xlsx_floor_once(path: Path) -> float:
    """python-calamine reading every tab of the file to Python values: the least any .xlsx
    reader does."""
    from python_calamine import CalamineWorkbook

    started = time.perf_counter()
    book = CalamineWorkbook.from_path(str(path))
    for title in book.sheet_names:
        book.get_sheet_by_name(title).to_python()
    book.close()
    return time.perf_counter() - started


def run_xlsx(tabs: dict[str, list[list]], folder: Path, rounds: int = 3) -> dict[str, Any]:
    """The plan as an .xlsx: full syncs, each on a fresh copy of the file, taken in turns
    with the floor (calamine reading every tab of that same file), best against best; the
    first sync's peak memory; then a sync of the synced file, which must write nothing."""
    source = folder / "benchmark-plan.xlsx"
    write_xlsx(source, tabs)
    pairs = []
    peak_mb = 0.0
    for n in range(rounds):
        path = folder / f"xlsx-round-{n}.xlsx"
        shutil.copyfile(source, path)
        outside_the_collector()
        floor = xlsx_floor_once(path)
        with PeakMemory() as memory:
            started = time.perf_counter()
            sync(path, today=TODAY, state_dir=folder / f"xlsx-state-{n}")
            seconds = time.perf_counter() - started
        if n == 0:
            peak_mb = memory.mb
        pairs.append((floor, seconds))
    synced = folder / "xlsx-round-0.xlsx"
    before = (synced.read_bytes(), synced.stat().st_mtime_ns)
    started = time.perf_counter()
    again = sync(synced, today=TODAY, state_dir=folder / "xlsx-state-0")
    unchanged = time.perf_counter() - started
    return {
        "seconds": round(min(s for _, s in pairs), 3),
        "floor_seconds": round(min(f for f, _ in pairs), 3),
        "rounds": [{"floor": round(f, 3), "sync": round(s, 3)} for f, s in pairs],
        "peak_mb": round(peak_mb, 1),
        "file_mb": round(source.stat().st_size / 2**20, 1),
        "unchanged_seconds": round(unchanged, 3),
        "unchanged_wrote": bool(again.wrote)
        or (synced.read_bytes(), synced.stat().st_mtime_ns) != before,
    }


def measure(size: dict[str, int]) -> dict[str, Any]:
    tabs = bench_plan(TODAY, **size)
    outside_the_collector()
    folder = Path(tempfile.mkdtemp(prefix="sheetsync-bench-"))
    try:
        ours = run_sheetsync(tabs, folder / "state")
        answer = ours.pop("_answer")
        pairs = side_by_side(tabs, answer, folder / "rounds")
        floor = round(min(f[0] for f, _ in pairs), 3)
        floor_cpu = round(min(f[1] for f, _ in pairs), 3)
        ours["client_seconds_best"] = round(min(o[0] for _, o in pairs), 3)
        ours["client_cpu_seconds_best"] = round(min(o[1] for _, o in pairs), 3)
        ours["rounds_cpu"] = [
            {"floor": round(f[1], 3), "sheetsync": round(o[1], 3)} for f, o in pairs
        ]
        naive = run_naive(tabs)
        xlsx = run_xlsx(tabs, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        gc.unfreeze()
    # Best of three rounds against best of three; the first, cold sync's ratio too.
    ratio = ours["client_seconds_best"] / floor if floor else None
    cpu_ratio = ours["client_cpu_seconds_best"] / floor_cpu if floor_cpu else None
    cold_ratio = ours["client_cpu_seconds"] / floor_cpu if floor_cpu else None
    read_ratio = ours["read_seconds"] / floor if floor else None
    xlsx_ratio = xlsx["seconds"] / xlsx["floor_seconds"] if xlsx["floor_seconds"] else None
    return {
        "plan": {
            "goals": size["goals"],
            "activities": size["activities"],
            "spend_rows": size["spend_rows"],
            "actuals_rows": len(tabs["Actuals"]) - 1,
        },
        "sheetsync": ours,
        "floor_seconds": floor,
        "floor_cpu_seconds": floor_cpu,
        "naive": naive,
        "xlsx_seconds": xlsx["seconds"],
        "xlsx_floor_seconds": xlsx["floor_seconds"],
        "xlsx": xlsx,
        "goals": {
            "reads_ok": ours["reads"] <= GOALS["reads"],
            "writes_ok": ours["writes"] <= GOALS["writes"],
            "floor_ratio": round(ratio, 2) if ratio is not None else None,
            "floor_ratio_cpu": round(cpu_ratio, 2) if cpu_ratio is not None else None,
            "floor_ratio_cpu_cold": round(cold_ratio, 2) if cold_ratio is not None else None,
            "floor_ratio_ok": cpu_ratio is not None and cpu_ratio <= GOALS["floor_ratio"],
            "read_floor_ratio": round(read_ratio, 2) if read_ratio is not None else None,
            "peak_mb_ok": ours["peak_mb"] < GOALS["peak_mb"],
            "xlsx_floor_ratio": round(xlsx_ratio, 2) if xlsx_ratio is not None else None,
            "xlsx_floor_ratio_ok": xlsx_ratio is not None and xlsx_ratio <= GOALS["floor_ratio"],
            "xlsx_peak_mb_ok": xlsx["peak_mb"] < GOALS["peak_mb"],
            "xlsx_unchanged_writes_nothing": not xlsx["unchanged_wrote"],
        },
    }


def table(report: dict[str, Any]) -> str:
    ours, naive, plan, ok = report["sheetsync"], report["naive"], report["plan"], report["goals"]
    mb = 2**20

    def mark(passed: bool) -> str:
        return "ok" if passed else "MISSED"

    def line(name: str, reads: object = "", writes: object = "", seconds: float | None = None,
             sent: int | None = None, received: int | None = None) -> str:  # fmt: skip
        text = f"{name:<30}{reads!s:>6}{writes!s:>7}"
        text += f"{seconds:>9.2f}" if seconds is not None else " " * 9
        if sent is not None and received is not None:
            text += f"{sent / mb:>9.1f}{received / mb:>9.1f}"
        return text.rstrip()

    rounds = ", ".join(f"{r['floor']:.2f}/{r['sheetsync']:.2f}" for r in ours["rounds_cpu"])
    xlsx_rounds = ", ".join(f"{r['floor']:.2f}/{r['sync']:.2f}" for r in report["xlsx"]["rounds"])
    lines = [
        f"Plan: {plan['goals']} goals, {plan['activities']} activities, "
        f"{plan['spend_rows']:,} spend rows, {plan['actuals_rows']} actuals",
        "",
        f"{'':<30}{'reads':>6}{'writes':>7}{'seconds':>9}{'sent MB':>9}{'recv MB':>9}",
        line(
            "sheetsync sync",
            ours["reads"],
            ours["writes"],
            ours["seconds"],
            ours["bytes_sent"],
            ours["bytes_received"],
        ),
        line("  the fake answering", seconds=ours["server_seconds"]),
        line("  sheetsync itself", seconds=ours["client_seconds"]),
        line("    best of three more syncs", seconds=ours["client_seconds_best"]),
        line("    of which its read+parse", seconds=ours["read_seconds"]),
        line(
            "sheetsync, nothing changed",
            ours["unchanged_reads"],
            ours["unchanged_writes"],
            ours["unchanged_seconds"],
        ),
        line(
            "naive gspread script",
            naive["reads"],
            naive["writes"],
            naive["seconds"],
            naive["bytes_sent"],
            naive["bytes_received"],
        ),
        line("floor: decode + DataFrames", seconds=report["floor_seconds"]),
        line("xlsx backend sync", seconds=report["xlsx_seconds"]),
        line("xlsx floor: calamine, all tabs", seconds=report["xlsx_floor_seconds"]),
        line("xlsx, nothing changed", seconds=report["xlsx"]["unchanged_seconds"]),
        "",
        f"Peak memory of the sync: {ours['peak_mb']} MB ({ours['peak_mb_how']} growth); "
        f"{ours['peak_mb_until_write']} MB until the write reached the fake.",
        f"sheetsync's own time / the floor, best of three rounds side by side: "
        f"{ok['floor_ratio']}× wall, {ok['floor_ratio_cpu']}× CPU "
        f"(CPU seconds by round, floor/sheetsync: {rounds}); "
        f"the first, cold sync {ok['floor_ratio_cpu_cold']}× CPU; "
        f"its read alone {ok['read_floor_ratio']}× the floor.",
        f"xlsx ({report['xlsx']['file_mb']} MB file): the sync / calamine reading every tab, "
        f"best of three rounds side by side: {ok['xlsx_floor_ratio']}× "
        f"(seconds by round, floor/sync: {xlsx_rounds}); peak memory "
        f"{report['xlsx']['peak_mb']} MB; a second sync "
        f"{'wrote nothing' if ok['xlsx_unchanged_writes_nothing'] else 'WROTE the file'}.",
        f"Goals: reads ≤ 2 {mark(ok['reads_ok'])}; writes ≤ 1 {mark(ok['writes_ok'])}; "
        f"within 3× the floor (CPU) {mark(ok['floor_ratio_ok'])}; "
        f"peak memory < 300 MB {mark(ok['peak_mb_ok'])}; "
        f"xlsx within 3× its floor {mark(ok['xlsx_floor_ratio_ok'])}, "
        f"under 300 MB {mark(ok['xlsx_peak_mb_ok'])}, "
        f"unchanged writes nothing {mark(ok['xlsx_unchanged_writes_nothing'])}.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--quick", action="store_true", help="a plan a tenth the size (for CI): same measures"
    )
    args = parser.parse_args(argv)
    report = measure(QUICK if args.quick else FULL)
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        print(table(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())

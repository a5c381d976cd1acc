"""`python -m bench.scaling [--base quick|full] [--json]`: how a sync's cost grows with the plan.

The plan at 1×, 3× and 10× its goals, activities and spend rows (from the quick plan,
40 goals / 200 activities / 10,000 spend rows, whose 10× is the benchmark plan; or from the
benchmark plan itself with `--base full`). Each size is synced once through the in-process
Sheets fake, in a process of its own so that its peak memory is its own: wall seconds,
sheetsync's own CPU seconds (the fake's time answering taken out), and the growth of peak
resident memory during the sync (VmHWM, as bench/__main__ measures it).
The goal: 10× the plan may cost at most ≈ 12× the time and memory of 1×.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.__main__ import FULL, QUICK, TODAY, PeakMemory, fake_with, outside_the_collector
from bench.plan import bench_plan
from sheetsync.sync import open_workbook, sync

FACTORS = (1, 3, 10)
LIMIT = 12.0  # at most ≈ 12× at 10×


def scaled(base: dict[str, int], factor: int) -> dict[str, int]:
    return {key: value * factor for key, value in base.items()}


def one_size(size: dict[str, int]) -> dict[str, float]:
    """One sync of a plan of this size, in this process: seconds, CPU seconds, peak MB."""
    tabs = bench_plan(TODAY, **size)
    fake, sid = fake_with(tabs)
    outside_the_collector()
    backend = open_workbook(sid, session=fake.session(), retry_seconds=60)
    with tempfile.TemporaryDirectory() as state, PeakMemory() as memory:
        started, cpu = time.perf_counter(), time.process_time()
        sync(backend, today=TODAY, state_dir=Path(state))
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {
        "seconds": round(seconds, 3),
        "cpu_seconds": round(cpu, 3),
        "peak_mb": round(memory.mb, 1),
    }


def measure(base: dict[str, int]) -> list[dict[str, object]]:
    rows = []
    for factor in FACTORS:
        size = scaled(base, factor)
        done = subprocess.run(
            [sys.executable, "-m", "bench.scaling", "--one", json.dumps(size)],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        rows.append({"factor": factor, **size, **json.loads(done.stdout.splitlines()[-1])})
    first = rows[0]
    for row in rows:
        for key in ("seconds", "cpu_seconds", "peak_mb"):
            row[f"{key}_ratio"] = round(float(row[key]) / max(float(first[key]), 1e-9), 2)
    return rows


def table(rows: list[dict[str, object]]) -> str:
    lines = [
        "size   goals  activities  spend rows   seconds (×1x)   own CPU s (×1x)  peak MB (×1x)",
    ]
    for r in rows:
        lines.append(
            f"{r['factor']:>3}×  {r['goals']:>6,} {r['activities']:>11,} {r['spend_rows']:>11,}"
            f"   {r['seconds']:>7.2f} ({r['seconds_ratio']:>5.2f})"
            f"   {r['cpu_seconds']:>7.2f} ({r['cpu_seconds_ratio']:>5.2f})"
            f"   {r['peak_mb']:>7.1f} ({r['peak_mb_ratio']:>5.2f})"
        )
    last = rows[-1]
    worst = max(float(last["cpu_seconds_ratio"]), float(last["peak_mb_ratio"]))
    verdict = "ok" if worst <= LIMIT else "MISSED"
    lines.append(f"10× within ≈ {LIMIT:g}× of 1× (own CPU time and memory): {verdict}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scaling")
    parser.add_argument("--base", choices=["quick", "full"], default="quick")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # a child measuring one size
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(one_size(json.loads(args.one))))
        return 0
    rows = measure(QUICK if args.base == "quick" else FULL)
    print(json.dumps(rows, indent=2) if args.json else table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""When a run holds off Python's cycle collector, and why.

A sync allocates hundreds of thousands of short- and long-lived containers (the decoded
rows of a 100,000-row Spend tab, the tables parsed from them, the output cells) and
creates almost no reference cycles. The cycle collector does not know that: every few
hundred allocations it walks the young objects, and, as they pile up, the whole heap,
finding nothing. On the benchmark plan that search cost about a fifth of a sync's time.

Reference counting frees memory as usual while the collector waits; the few cycles a run
makes are found at the next collection after it. The collector is left as it was found,
so a program that embeds sheetsync and turned it off keeps it off.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector held off for the block, then restored as it was."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()

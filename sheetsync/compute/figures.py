"""One figure read from a table cell, a summary or history: a float, or None where there is none.

Compute, the checklist and the report model all read figures that may be missing (None, NaN,
NaT) or not numbers at all; this is the one place that says how.
"""

from __future__ import annotations

import math


def number_or_none(value: object, *, finite: bool = False) -> float | None:
    """`value` as a float; None when it is missing or not a number. With `finite`, an
    infinite value (a sum that overflowed) is None too: it cannot be shown or written."""
    if value is None:
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    if math.isnan(number) or (finite and math.isinf(number)):
        return None
    return number

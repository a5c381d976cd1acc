"""A generic CSV or XLSX whose headers the user maps in `sheetsync.toml`:

[imports.crm]              # the format's name, also what --platform takes
platform = "Telegram Ads"  # shown on the Imported spend tab (default: the name)
date = "Day"               # header of each field; date, campaign and cost are needed
campaign = "Ad campaign"
cost = "Spend"
clicks = "Clicks"          # optional: campaign_id, account, clicks, impressions,
currency = "EUR"           #   conversions; currency is a code, or a column's header
decimal_comma = false      # how the file writes 12,50 / 12.50 when it cannot tell
day_first = true           # 02/11/2026: 2 November
"""

from __future__ import annotations

from sheetsync.errors import UsageError
from sheetsync.imports.formats import FIELDS, Format
from sheetsync.plan import values as v

_HEADERS = tuple(f for f in FIELDS if f not in ("date_end", "currency"))
_OPTIONS = {"platform", "currency", "decimal_comma", "day_first"}


def generic_formats(table: dict, source: str = "sheetsync.toml") -> list[Format]:
    """The formats the `[imports.NAME]` tables describe."""
    formats = []
    for name, spec in table.items():
        where = f"{source} [imports.{name}]"
        if not isinstance(spec, dict):
            raise UsageError(f"{where} must be a table of header names.")
        unknown = set(spec) - set(_HEADERS) - _OPTIONS
        if unknown:
            raise UsageError(
                f"{where}: unknown key(s) {', '.join(sorted(unknown))}; "
                f"known: {', '.join([*_HEADERS, *sorted(_OPTIONS)])}."
            )
        missing = [f for f in ("date", "cost") if not spec.get(f)]
        if not (spec.get("campaign") or spec.get("campaign_id")):
            missing.append("campaign")
        if missing:
            raise UsageError(f"{where}: say which header holds {', '.join(missing)}.")
        columns: dict[str, tuple[str, ...]] = {f: (str(spec[f]),) for f in _HEADERS if spec.get(f)}
        currency = spec.get("currency")
        fixed = None
        if currency:
            try:
                fixed = v.parse_currency(currency)
            except v.BadValue:
                columns["currency"] = (str(currency),)  # a column's header, then
        formats.append(
            Format(
                key=f"generic:{name}",
                platform=str(spec.get("platform") or name),
                columns=columns,
                required=(("date",), ("campaign", "campaign_id"), ("cost",)),
                decimal_comma=bool(spec.get("decimal_comma", False)),
                day_first=bool(spec.get("day_first", True)),
                currency=fixed,
                notes=", ".join(h for names in columns.values() for h in names),
            )
        )
    return formats

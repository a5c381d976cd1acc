"""Reading the cost exports people download from the ad cabinets.

`read_export(path)` detects the platform from the header (or takes the one asked for),
reads CSV, TSV or XLSX in any encoding the cabinets write, skips title and total lines,
and returns the file's rows, or raises `ExportError` naming the line. One small module per
platform describes its export; `formats` does the reading they share.
"""

from __future__ import annotations

from pathlib import Path

from sheetsync.imports.errors import ExportError
from sheetsync.imports.files import DELIMITERS, decode, is_xlsx, read_bytes, text_lines, xlsx_lines
from sheetsync.imports.formats import Export, ExportRow, Format, find_header, read_lines
from sheetsync.imports.generic import generic_formats
from sheetsync.imports.google_ads import GOOGLE_ADS
from sheetsync.imports.meta_ads import META_ADS
from sheetsync.imports.vk_ads import VK_ADS
from sheetsync.imports.yandex_direct import YANDEX_API, YANDEX_WEB

# Tried in this order; the first whose headers a file carries reads it.
FORMATS: tuple[Format, ...] = (META_ADS, YANDEX_API, GOOGLE_ADS, YANDEX_WEB, VK_ADS)

# What --platform takes: a platform's name picks its formats.
PLATFORMS = {
    "google-ads": (GOOGLE_ADS,),
    "google": (GOOGLE_ADS,),
    "meta": (META_ADS,),
    "facebook": (META_ADS,),
    "yandex": (YANDEX_API, YANDEX_WEB),
    "yandex-direct": (YANDEX_API, YANDEX_WEB),
    "vk": (VK_ADS,),
    "vk-ads": (VK_ADS,),
}

__all__ = [
    "FORMATS", "PLATFORMS", "Export", "ExportError", "ExportRow", "Format", "choose_formats",
    "generic_formats", "read_export",
]  # fmt: skip


def choose_formats(platform: str | None, generic: list[Format]) -> list[Format]:
    """The formats a file is tried against: the one platform asked for, or all of them
    (the user's own mapped formats first: they know their files)."""
    if platform is None:
        return [*generic, *FORMATS]
    wanted = platform.strip().lower()
    mine = [f for f in generic if f.key == f"generic:{wanted}" or f.platform.lower() == wanted]
    if mine:
        return mine
    if wanted in PLATFORMS:
        return list(PLATFORMS[wanted])
    raise ExportError(
        "export_unknown_platform",
        value=platform,
        known=", ".join([*PLATFORMS, *(f.key.split(":", 1)[1] for f in generic)]),
    )


def read_export(
    path: str | Path, platform: str | None = None, generic: list[Format] | None = None
) -> Export:
    """One export file's rows. Raises ExportError when the file cannot be read whole."""
    path = Path(path)
    formats = choose_formats(platform, generic or [])
    data = read_bytes(path)
    candidates: list[tuple[str, list]] = []
    if is_xlsx(path, data):
        candidates.append(("xlsx", xlsx_lines(path)))
    else:
        text, encoding = decode(data)
        for delimiter in DELIMITERS:
            candidates.append((encoding, text_lines(text, delimiter)))
    for encoding, lines in candidates:
        for fmt in formats:
            found = find_header(fmt, lines)
            if found is not None:
                export = read_lines(fmt, path, lines, found)
                export.encoding = encoding
                return export
    raise ExportError(
        "export_unknown_format",
        headers=_headers_seen(candidates),
        formats="; ".join(f"{f.platform} ({f.notes})" for f in formats),
    )


def _headers_seen(candidates: list[tuple[str, list]]) -> str:
    """The line that most looks like a header: the most filled cells among the first few."""
    best: list = []
    for _, lines in candidates:
        for _, cells in lines[:10]:
            filled = [str(c).strip() for c in cells if c is not None and str(c).strip()]
            if len(filled) > len(best):
                best = filled
    return ", ".join(best[:20]) or "—"

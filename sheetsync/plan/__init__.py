"""The typed plan: every input tab as a DataFrame that remembers its cells, plus the problems.

`read_plan` is the one entry point: it takes the workbook's metadata and the grids of its
input tabs and returns a `Plan`. Bad cells become problems with their addresses and count
as empty; nothing here raises on what a person typed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from sheetsync.contracts import Grid, WorkbookInfo
from sheetsync.plan import values as v
from sheetsync.plan.campaigns import map_campaigns
from sheetsync.plan.checks import check_actuals, check_goal_dates, check_spend
from sheetsync.plan.schema import (
    GOALS,
    IMPORTED,
    INPUT_TABS,
    SETTINGS,
    Setting,
    TabSpec,
    match_setting,
    match_tab,
)
from sheetsync.plan.tables import (
    Locale,
    Problem,
    ProblemLog,
    Table,
    address,
    empty_frame,
    enum_words,
    find_header,
    read_table,
)

__all__ = ["Plan", "Problem", "Settings", "Table", "input_titles", "read_plan"]


@dataclass
class Settings:
    plan_name: str | None = None
    currency: str = "USD"
    language: str = "en"
    time_zone: str | None = None
    budget_mode: str | None = None
    budget_limit: float | None = None
    daily_limit: float | None = None
    weekly_limit: float | None = None
    monthly_limit: float | None = None
    budget_controller: str | None = None
    control_method: str | None = None
    check_every: str = "week"
    stale_after_days: int = 14
    report_retention: int = 8
    notify: str = "critical"  # off, critical or all: which alerts people are sent
    # typed, imported or both; None: activities with Campaigns count imported spend, the
    # rest typed spend (compute/budget.spend_ledger).
    spend_source: str | None = None
    cells: dict[str, str] = field(default_factory=dict)  # setting key -> its value's cell

    @property
    def check_every_days(self) -> int:
        return {"day": 1, "week": 7, "month": 30}[self.check_every]


@dataclass
class Plan:
    title: str
    settings: Settings
    team: Table
    goals: Table
    actuals: Table
    activities: Table
    spend: Table
    reporting: Table
    checklist: Table
    problems: list[Problem]
    locale: Locale
    tab_titles: dict[str, str] = field(default_factory=dict)  # input key -> tab title
    # The rows `sheetsync import` keeps on its Imported spend tab, read back, each with
    # `act`: its campaign's activity position, -1 when no activity (alone) claims it.
    imported: Table = field(default_factory=lambda: empty_imported(None))
    # The optional Decisions tab: Date, Decision, By, Activity, Goal (None: not read).
    decisions: Table | None = None

    @property
    def lang(self) -> str:
        return self.settings.language

    @property
    def name(self) -> str:
        return self.settings.plan_name or self.title


IMPORTED_KEY = "imported-spend"  # the output key of the Imported spend tab


def imported_title(info: WorkbookInfo) -> str | None:
    """The title of the Imported spend tab, when the workbook has one (it is owned)."""
    owned = info.owned.get(IMPORTED_KEY)
    return owned.title if owned is not None else None


def empty_imported(title: str | None) -> Table:
    frame = empty_frame(IMPORTED)
    frame["act"] = pd.Series(dtype="int64")
    return Table(IMPORTED, title, frame)


def read_imported(
    title: str | None, grid: Grid | None, activities: Table, locale: Locale, log: ProblemLog
) -> Table:
    """The Imported spend tab read back, each row mapped to its activity."""
    if title is None or grid is None:
        return empty_imported(title)
    table = read_table(IMPORTED, title, grid, locale, log)
    frame = table.df.reset_index(drop=True)
    keep = frame["date"].notna() & frame["cost"].notna()
    frame = frame[keep].reset_index(drop=True)
    frame["campaign_id"] = frame["campaign_id"].fillna("").astype(object)
    frame["account"] = frame["account"].fillna("").astype(object)
    frame["act"] = map_campaigns(
        activities,
        frame["campaign"].fillna("").tolist(),
        frame["campaign_id"].tolist(),
        log,
    )
    table.df = frame
    return table


def input_titles(info: WorkbookInfo) -> dict[str, str]:
    """Which workbook tab holds each input tab (the first that matches, owned tabs excluded)."""
    owned = {t.title for t in info.owned.values()}
    found: dict[str, str] = {}
    for title in info.tabs:
        if title in owned:
            continue
        spec = match_tab(title)
        if spec and spec.key not in found:
            found[spec.key] = title
    return found


def _duplicate_tabs(info: WorkbookInfo, found: dict[str, str], log: ProblemLog) -> None:
    owned = {t.title for t in info.owned.values()}
    for title in info.tabs:
        spec = match_tab(title)
        if spec and title not in owned and found.get(spec.key) != title:
            log.add("duplicate_tab", address(title, "A", 1), tab=found[spec.key], value=title)


@dataclass(frozen=True)
class _SettingsLayout:
    """Where the Settings tab keeps names and values: column positions and the first data row."""

    columns: dict[str, int]
    body_from: int
    headerless: bool


def _settings_layout(grid: Grid | None) -> _SettingsLayout | None:
    """From the header, or, when the first row already names a setting (`Currency | EUR`
    typed straight away), the first two non-empty columns from that row on. None when the
    tab is empty or has no usable header (reading it then reports why)."""
    if grid is None:
        return None
    rows = grid.rows
    first = next((i for i, r in enumerate(rows) if any(not v.is_blank(x) for x in r)), None)
    if first is None:
        return None
    lead = next(x for x in rows[first] if not v.is_blank(x))
    if match_setting(v.parse_text(lead)):
        used = sorted({j for r in rows[first:] for j, x in enumerate(r) if not v.is_blank(x)})
        value_at = used[1] if len(used) > 1 else used[0] + 1
        return _SettingsLayout({"setting": used[0], "value": value_at}, first, True)
    found = find_header(SETTINGS, rows)
    if found is None or not {"setting", "value"} <= found[1].keys():
        return None
    return _SettingsLayout(found[1], found[0] + 1, False)


def _language_of(grid: Grid | None, layout: _SettingsLayout | None) -> str | None:
    """The Language setting, read before anything else because it decides the messages."""
    if grid is None or layout is None:
        return None
    name_at, value_at = layout.columns["setting"], layout.columns["value"]
    for row in grid.rows[layout.body_from :]:
        if len(row) > max(name_at, value_at) and not v.is_blank(row[name_at]):
            setting = match_setting(v.parse_text(row[name_at]))
            if setting and setting.key == "language" and not v.is_blank(row[value_at]):
                try:
                    return v.parse_enum(row[value_at], "language")
                except v.BadValue:
                    return None
    return None


def locale_for(workbook_locale: str | None, language: str) -> Locale:
    """Decimal comma and day-first dates, from the workbook's locale or else its language."""
    code = (workbook_locale or language or "en").replace("-", "_")
    lang = code.split("_")[0].lower()
    comma_languages = {
        "ru",
        "uk",
        "be",
        "kk",
        "de",
        "fr",
        "es",
        "it",
        "pt",
        "nl",
        "pl",
        "cs",
        "sv",
        "fi",
        "da",
        "nb",
        "tr",
        "id",
    }
    month_first = code in ("en_US", "en") or code.startswith("en_US")
    return Locale(decimal_comma=lang in comma_languages, day_first=not month_first)


def _read_settings(
    title: str | None,
    grid: Grid | None,
    layout: _SettingsLayout | None,
    locale: Locale,
    log: ProblemLog,
    fallback_zone: str,
) -> Settings:
    settings = Settings()
    if grid is None or title is None:
        return settings
    if layout is not None and layout.headerless:
        table = read_table(
            SETTINGS, title, grid, locale, log, columns=layout.columns, body_from=layout.body_from
        )
    else:
        table = read_table(SETTINGS, title, grid, locale, log)
    frame = table.df
    if frame.empty:
        return settings
    name_letter = table.letters["setting"]
    value_letter = table.letters["value"]
    first_rows: dict[str, int] = {}
    for setting_name, raw, row in zip(frame["setting"], frame["value"], frame["row"], strict=True):
        if setting_name is None:
            continue
        setting = match_setting(setting_name)
        name_cell = address(title, name_letter, int(row))
        cell = address(title, value_letter, int(row))
        if setting is None:
            log.add("unknown_setting", name_cell, value=setting_name)
            continue
        if raw is None or v.is_blank(raw):
            continue  # an empty value is the default
        if setting.key in first_rows:
            log.add(
                "duplicate_setting",
                name_cell,
                value=setting_name,
                first_row=first_rows[setting.key],
            )
            continue
        first_rows[setting.key] = int(row)
        settings.cells[setting.key] = cell
        try:
            value = _setting_value(setting, raw, locale)
        except v.BadValue as exc:
            extra: dict[str, object] = {}
            if exc.key == "bad_enum":
                extra["choices"] = enum_words(setting.kind.split(":", 1)[1], log.lang)
            if exc.key == "bad_time_zone":
                extra["zone"] = fallback_zone
            log.add(exc.key, cell, value=v.parse_text(raw), **extra)
            continue
        if setting.minimum is not None and value < setting.minimum:
            log.add(
                "setting_too_small",
                cell,
                setting=setting.names[1] if log.lang == "ru" else setting.names[0],
                minimum=setting.minimum,
                value=value,
                default=getattr(settings, setting.key),
            )
            continue
        setattr(settings, setting.key, value)
    return settings


def _setting_value(setting: Setting, raw: object, locale: Locale) -> object:
    kind = setting.kind
    if kind == "money":
        return v.parse_number(raw, locale.decimal_comma)
    if kind == "int":
        number = v.parse_number(raw, locale.decimal_comma)
        if number != int(number):
            raise v.BadValue("not_a_whole_number")
        return int(number)  # below the setting's minimum is its own problem
    if kind.startswith("enum:"):
        return v.parse_enum(raw, kind.split(":", 1)[1])
    if kind == "currency":
        return v.parse_currency(raw)
    if kind == "time_zone":
        return v.parse_time_zone(raw)
    return v.parse_text(raw)


def _resolve_targets(goals: Table, log: ProblemLog) -> None:
    """Turn relative targets (`+25`, `+50%`) into absolute ones against the baseline."""
    frame = goals.df
    if frame.empty:
        frame["target_kind"] = pd.Series(dtype=object)
        frame["target"] = pd.Series(dtype="float64")
        return
    parsed = frame["target"]
    kinds = parsed.map(lambda t: t[1] if isinstance(t, tuple) else None)
    numbers = pd.to_numeric(
        parsed.map(lambda t: t[0] if isinstance(t, tuple) else None), errors="coerce"
    )
    baseline = frame["baseline"]
    absolute = numbers.where(kinds == "abs")
    added = baseline.fillna(0) + numbers
    scaled = baseline * (1 + numbers)
    target = absolute.fillna(added.where(kinds == "add")).fillna(scaled.where(kinds == "pct"))
    no_base = (kinds == "pct") & baseline.isna()
    for row, shown in zip(frame.loc[no_base, "row"], frame.loc[no_base, "target_raw"], strict=True):
        log.add("relative_target_no_baseline", goals.cell("target", row), value=shown)
    frame["target_kind"] = kinds
    frame["target"] = target.astype("float64")


def read_plan(info: WorkbookInfo, grids: dict[str, Grid]) -> Plan:
    """Parse every input tab of a workbook into a Plan (problems included, never raising)."""
    titles = input_titles(info)
    settings_grid = grids.get(titles.get("settings", ""))
    layout = _settings_layout(settings_grid)
    language = _language_of(settings_grid, layout) or "en"
    locale = locale_for(info.locale, language)
    log = ProblemLog(language)
    for title in titles.values():
        for note in grids[title].problems if title in grids else []:
            log.add(note.key, address(note.tab, note.column, note.row), **dict(note.values))
    _duplicate_tabs(info, titles, log)
    workbook_zone = _valid_zone(info.time_zone)
    settings = _read_settings(
        titles.get("settings"), settings_grid, layout, locale, log, workbook_zone or "UTC"
    )
    settings.language = language
    if settings.time_zone is None:
        settings.time_zone = workbook_zone

    tables: dict[str, Table] = {}
    for spec in INPUT_TABS:
        if spec is SETTINGS:
            continue
        title = titles.get(spec.key)
        grid = grids.get(title) if title else None
        if spec is GOALS and title is not None and grid is not None:
            tables[spec.key] = _read_goals(spec, title, grid, locale, log)
        else:
            tables[spec.key] = read_table(spec, title, grid, locale, log)
    if "goals" not in titles:
        log.add(
            "missing_tab",
            GOALS.title(language),
            tab=GOALS.title(language),
            columns=", ".join(GOALS.header(language)),
        )
        tables["goals"].df = _with_target_columns(tables["goals"].df)
    # Rows read but not countable are problems too, never silently skipped.
    check_goal_dates(tables["goals"], log)
    check_spend(tables["spend"], log, settings.currency)
    check_actuals(tables["actuals"], tables["goals"], log)
    stored = imported_title(info)
    imported = read_imported(
        stored, grids.get(stored) if stored else None, tables["activities"], locale, log
    )
    return Plan(
        title=info.title,
        settings=settings,
        team=tables["team"],
        goals=tables["goals"],
        actuals=tables["actuals"],
        activities=tables["activities"],
        spend=tables["spend"],
        reporting=tables["reporting"],
        checklist=tables["checklist"],
        problems=log.items,
        locale=locale,
        tab_titles=titles,
        imported=imported,
        decisions=tables["decisions"],
    )


def _with_target_columns(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    frame["target_raw"] = pd.Series(dtype=object)
    frame["target_kind"] = pd.Series(dtype=object)
    frame["target"] = pd.Series(dtype="float64")
    if "aggregation" in frame:
        frame["aggregation"] = frame["aggregation"].astype(object)
    return frame


_EMPTY = (None, "")  # an empty cell: None, or "" as Google Sheets sends it


def _read_goals(spec: TabSpec, title: str, grid: Grid, locale: Locale, log: ProblemLog) -> Table:
    table = read_table(spec, title, grid, locale, log)
    frame = table.df
    # Keep what the person typed for messages, before targets become absolute numbers.
    letter = table.letters.get("target")
    raw_by_row: dict[int, object] = {}
    if letter is not None and table.header_row is not None:
        col = _letter_index(letter) - grid.first_col
        for i, row in enumerate(grid.rows):
            sheet_row = grid.first_row + i + 1
            if col < len(row) and sheet_row > table.header_row:
                raw_by_row[sheet_row] = row[col]
    frame["target_raw"] = (
        frame["row"]
        .map(lambda r: v.parse_text(raw) if (raw := raw_by_row.get(r)) not in _EMPTY else None)
        .astype(object)
    )
    frame["aggregation"] = frame["aggregation"].fillna("last").astype(object)
    table.df = frame
    _resolve_targets(table, log)
    return table


def _letter_index(letter: str) -> int:
    index = 0
    for ch in letter:
        index = index * 26 + (ord(ch) - 64)
    return index - 1


def _valid_zone(name: str | None) -> str | None:
    """The spreadsheet's own time zone when it is one the zone database knows."""
    if not name:
        return None
    try:
        return v.parse_time_zone(name)
    except v.BadValue:
        return None

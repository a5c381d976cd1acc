"""Report templates: a sandboxed jinja2 environment, and the tab a tab template describes.

Templates live in the top-level `templates/` folder, one sub-folder per language
(`templates/en/report.md.j2`) plus language-neutral parts at the top (`report.css`,
`chart.svg.j2`). A team's own folder (`templates = "…"` in sheetsync.toml, or
`--templates DIR`) is searched first, with the same layout; any template it lacks comes from
the built-in folder. Every template, built-in or not, runs in jinja2's SandboxedEnvironment
with undefined names an error; HTML and SVG templates are autoescaped.

A tab template (`report.tab.j2`) writes one row per line, made with the helpers below so
that whatever text a person typed cannot break the structure:
- `{{ row(a, b, cell(x, fmt="percent", fill="green", bold=true)) }}` — a row of cells, the
  same as the JSON array `[a, b, {"v": x, "fmt": "percent", "fill": "green", "bold": true}]`
  written on its line (which is read too; row() keeps its Cells aside, see `_RowStore`);
- `{{ header("ID", "Goal") }}`, `{{ row(title("…")) }}`, `label(…)`, `section(…)` — styled
  cells;
- `{{ rows("alerts", report.alerts) }}` — a whole table's rows, one line each, made in Python
  as the built-in template's row(cell(…), …) per line would (see `TABLES`): "kpis",
  "activities" (report.spend.activities), "decisions" (with `no_owner="…"` for an unowned
  one) and "alerts"; no lines write no row, as a for loop over none;
- `{{ chart("column", "Progress vs expected", x=0, series=[6, 7], rows=3) }}` — a chart over
  the `rows` data rows just above it and the header row above those (without `rows`: the
  block of non-empty rows just above it, its first row the header);
- an empty line is an empty row; any other line is a row of one text cell.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import importlib.util
import json
import math
import re
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment, safe_range

import sheetsync
from sheetsync.contracts import COLOURS, Cell, Chart, OutputTab
from sheetsync.errors import UsageError
from sheetsync.i18n import money, t
from sheetsync.render.cells import cell
from sheetsync.render.layout import auto_widths
from sheetsync.reports import formats
from sheetsync.reports.model import ActivityLine, AlertLine, Decision, KpiLine


def _builtin_templates() -> Path:
    """The top-level `templates/` folder, installed as `sheetsync.templates` (see pyproject)."""
    spec = importlib.util.find_spec("sheetsync.templates")
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    # Running from a checkout that was never installed.
    return Path(sheetsync.__file__).resolve().parents[1] / "templates"


BUILTIN_TEMPLATES = _builtin_templates()
TAB_TEMPLATE = "report.tab.j2"
EXPORT_TEMPLATES = {"md": "report.md.j2", "html": "report.html.j2"}
FORMATS = ("percent", "number", "int", "date", "text")
CHART_HEIGHT_ROWS = 18  # rows a 320 px chart covers, so stacked charts do not overlap


def search_path(user_folder: Path | None, lang: str) -> list[Path]:
    """Where templates are looked up, first match wins: the team's folder, then built-ins."""
    folders = []
    if user_folder is not None:
        if not user_folder.is_dir():
            raise UsageError(
                f"The templates folder {user_folder} does not exist; fix `templates` in "
                "sheetsync.toml or --templates."
            )
        folders += [user_folder / lang, user_folder]
    return [*folders, BUILTIN_TEMPLATES / lang, BUILTIN_TEMPLATES]


# -- helpers a tab template calls ----------------------------------------------------------
# A tab template calls these thousands of times, so each builds its Cell at once: `cell()`
# is a Cell, `row()` keeps its row's Cells and leaves a marker on the line (`_RowStore`).
# What a cell becomes is defined by the JSON form a line may also take (`_spec`, read back
# by `_decode_cell`); the fast paths below give the very same Cell for the plain values
# and styles nearly every cell has, and anything else takes that JSON path itself.
def _json_value(value: object) -> object:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if hasattr(value, "item"):  # a numpy scalar
        return _json_value(value.item())
    return str(value)


def _spec(
    value: object = None,
    fmt: str | None = None,
    fill: str | None = None,
    bold: bool = False,
    size: int | None = None,
    wrap: bool = False,
) -> dict[str, Any]:
    """A cell as a JSON object: `{"v": value, "fmt": …, "fill": …, …}`, set styles only."""
    if isinstance(value, dt.date) and fmt is None:
        fmt = "date"
    spec: dict[str, Any] = {"v": _json_value(value)}
    for name, given in (("fmt", fmt), ("fill", fill), ("bold", bold), ("size", size),
                        ("wrap", wrap)):  # fmt: skip
        if given:
            spec[name] = given
    return spec


def _spec_of(c: Cell) -> dict[str, Any]:
    """A Cell in the JSON form that decodes to it (for a line that is not a lone row)."""
    return _spec(c.value, c.fmt, c.fill, c.bold, c.size, c.wrap)


def _plain(value: object) -> bool:
    """A value a Cell holds as it is: text, a whole number, a finite float, a bool, None."""
    kind = value.__class__
    return (
        kind is str
        or (kind is float and value - value == 0.0)  # not NaN, not ±inf
        or value is None
        or kind is int
        or kind is bool
    )


_FAST_FORMATS = frozenset(f for f in FORMATS if f != "date")  # a date's text is parsed

# Cells are immutable, and a report repeats many text cells (owners, status words, and the
# alert and decision lines every report of a run shares) and the KPI figures each report of
# a run shows again: a text, empty or figure cell is made once and reused. Keyed by the
# value (exactly a str, or a float other than ±0.0, so 1, 1.0 and True never meet, nor
# -0.0 and 0.0) and the style.
_TEXT_CELLS: dict[tuple, Cell] = {}
_TEXT_CELLS_MAX = 200_000  # then forgotten, so a long-lived process does not grow


def _text_cell(
    value: str | float | None, fmt: str | None, fill: str | None, bold: bool, wrap: bool
) -> Cell:
    key = (value, fmt, fill, bold, wrap)
    made = _TEXT_CELLS.get(key)
    if made is None:
        if len(_TEXT_CELLS) >= _TEXT_CELLS_MAX:
            _TEXT_CELLS.clear()
        made = _TEXT_CELLS[key] = Cell(value, fmt, fill, bold, None, wrap)
    return made


def _cell(
    value: object = None,
    fmt: str | None = None,
    fill: str | None = None,
    bold: bool = False,
    size: int | None = None,
    wrap: bool = False,
    *,
    _loop_vars: object = None,  # jinja's bookkeeping, passed in a loop: see _Sandbox.call
    _block_vars: object = None,
) -> Cell:
    kind = value.__class__
    if size is None and (kind is str or value is None or (kind is float and value)):
        # A cell made before: its style was checked then, and the key's bold and wrap
        # match only what bool() makes the same (True == 1 == 1.0).
        try:
            made = _TEXT_CELLS.get((value, fmt, fill, bold, wrap))
        except TypeError:  # a style a template gave as a list or dict: checked below
            made = None
        if made is not None:
            return made
    if (
        size is None
        and (fill is None or (fill.__class__ is str and fill in COLOURS))
        and (
            fmt is None or (fmt.__class__ is str and (fmt in _FAST_FORMATS or fmt[:6] == "money:"))
        )
    ):
        if kind is str or value is None or (kind is float and value - value == 0.0 and value):
            return _text_cell(value, fmt, fill, bool(bold), bool(wrap))  # not NaN, ±inf, ±0
        if _plain(value):
            return Cell(value, fmt, fill, bool(bold), None, bool(wrap))
    return _decode_cell(_spec(value, fmt, fill, bold, size, wrap))


_BARE_TEXT: dict[str, Cell] = {}  # text given to row() as it is, unstyled: as _TEXT_CELLS


def _bare(value: object) -> Cell:
    """A value given to row() as it is: a text or number cell."""
    if value.__class__ is str:
        made = _BARE_TEXT.get(value)
        if made is None:
            if len(_BARE_TEXT) >= _TEXT_CELLS_MAX:
                _BARE_TEXT.clear()
            made = _BARE_TEXT[value] = Cell(value)
        return made
    if value is None:
        return _EMPTY
    return Cell(value) if _plain(value) else _decode_cell(_json_value(value))


_EMPTY = Cell()


def _as_json(values: tuple[object, ...]) -> str:
    """A row's JSON line: a cell as its JSON object, a bare value as itself."""
    return json.dumps(
        [
            _spec_of(c) if c.__class__ is Cell else c if isinstance(c, dict) else _json_value(c)
            for c in values
        ],
        ensure_ascii=False,
    )


def _row(*cells: object, _loop_vars: object = None, _block_vars: object = None) -> str:
    _check_width(cells)
    return _as_json(cells)


def _check_width(cells: tuple[object, ...] | list[object]) -> None:
    if len(cells) > MAX_COLUMNS:
        raise TemplateLimit(
            f"a row of {len(cells):,} cells is wider than a sheet's {MAX_COLUMNS:,} columns"
        )


def _header(*names: object, _loop_vars: object = None, _block_vars: object = None) -> str:
    return _row(*(_cell(n, bold=True, fill="header") for n in names))


class _RowStore:
    """row() and header() for one render of a tab template: each row's Cells are kept here
    and the line gets a marker naming them, so a 4,000-row report is not encoded to JSON and
    decoded again. The marker carries a random nonce, so no text a person typed can pass
    for one; a line that is not exactly one marker falls back to JSON (see `parse_tab`)."""

    def __init__(self, money_fmt: str = "money:USD") -> None:
        self.nonce = secrets.token_hex(8)
        self.given: dict[str, tuple[object, ...]] = {}  # what row() was called with
        # The Cells of a row given anything but Cells and text, made as row() is called (so
        # a template's mistake, an undefined value, fails where it is); a row of Cells and
        # text (nearly all) is made as its line is read (see parse_tab), one list per row.
        self.made: dict[str, list[Cell]] = {}
        # Closures, not bound methods: the sandbox's shortcut knows them by their code.
        self.row, self.header = _row_helpers(f"\ue000{self.nonce}:", self.given, self.made)
        self.rows = _rows_helper(f"\ue000{self.nonce}:", self.given, self.made, money_fmt)

    def as_json(self, text: str) -> str:
        """The line with each marker written out as the JSON row it stands for."""
        pattern = re.escape("\ue000" + self.nonce) + r":\d+\ue000"
        return re.sub(pattern, lambda m: _marker_json(self.given[m.group(0)]), text)


def _marker_json(given: tuple[object, ...]) -> str:
    return "" if given is _NO_ROWS else _as_json(given)


def _row_helpers(
    prefix: str, given: dict[str, tuple[object, ...]], made: dict[str, list[Cell]]
) -> tuple[Callable[..., str], Callable[..., str]]:
    """row() and header() of one _RowStore."""

    def row(*cells: object, _loop_vars: object = None, _block_vars: object = None) -> str:
        _check_width(cells)
        marker = f"{prefix}{len(given)}\ue000"
        given[marker] = cells
        if not _CELLS_OR_TEXT.issuperset(map(type, cells)):
            made[marker] = [
                c if c.__class__ is Cell else _decode_cell(c) if isinstance(c, dict) else _bare(c)
                for c in cells
            ]
        return marker

    def header(*names: object, _loop_vars: object = None, _block_vars: object = None) -> str:
        return row(*[_cell(n, bold=True, fill="header") for n in names])

    return row, header


_CELLS_OR_TEXT = frozenset({Cell, str})


# -- rows(): a whole table's rows at once ---------------------------------------------------
# The KPI, activity, decision and alert tables are most of a report's rows, and the reports
# of a run share their alert and decision lines (and their KPI lines when no previous report
# changes them). rows("alerts", r.alerts) makes each line's Cells in Python, once per line
# per run, with the very cells the built-in template's row(cell(…), …) per line made, so a
# report's template only places them.
def _kpi_cells(k: KpiLine, money_fmt: str, no_owner: object) -> list[Cell]:
    f = k.fmt
    return [
        _cell(k.id, bold=True),
        _bare(k.goal),
        _bare(k.owner),
        _cell(k.current, fmt=f),
        _cell(k.change, fmt=f),
        _cell(k.target, fmt=f),
        _cell(k.progress, fmt="percent"),
        _cell(k.expected, fmt="percent"),
        _cell(k.status_word, fill=k.colour, bold=True),
    ]


def _activity_cells(a: ActivityLine, money_fmt: str, no_owner: object) -> list[Cell]:
    m = money_fmt
    return [
        _cell(a.id, bold=True),
        _bare(a.activity),
        _bare(a.owner),
        _cell(a.planned, fmt=m),
        _cell(a.spent_in_period, fmt=m),
        _cell(a.spent, fmt=m),
        _cell(a.expected_to_date, fmt=m),
        _cell(a.status_word, fill=a.colour if a.status else None),
    ]


def _decision_cells(d: Decision, money_fmt: str, no_owner: object) -> list[Cell]:
    return [
        _cell(d.subject, bold=True, fill=d.colour),
        _cell(d.text, wrap=True),
        _bare(d.owner or no_owner),
    ]


def _alert_cells(a: AlertLine, money_fmt: str, no_owner: object) -> list[Cell]:
    return [
        _bare(a.subject),
        _cell(a.message, wrap=True),
        _bare(a.owner),
        _cell(a.severity_word, fill=a.colour, bold=True),
    ]


# What rows() takes: the table's name, its line class, and the line's cells.
TABLES: dict[str, tuple[type, Callable[[Any, str, object], list[Cell]]]] = {
    "kpis": (KpiLine, _kpi_cells),
    "activities": (ActivityLine, _activity_cells),
    "decisions": (Decision, _decision_cells),
    "alerts": (AlertLine, _alert_cells),
}
# A line's Cells, by (table, id of the line, money format, no-owner text); the line is kept
# with them so its id is not reused while it is here. Cells are immutable and parse_tab
# copies each row's list, so reports share them.
_LINE_CELLS: dict[tuple, tuple[object, list[Cell]]] = {}
_LINE_CELLS_MAX = 20_000  # a benchmark run's reports hold ~2,000 distinct lines
_TABLE_ROWS: dict[tuple, tuple[tuple, list[list[Cell]]]] = {}  # the same, by whole tuple
# What the marker of rows() given no lines stands for: no row at all. Not `()`, the one
# empty tuple a `row()` of no cells (an empty row) is given too.
_NO_ROWS: Any = object()


def _table_rows(table: object, lines: object, money_fmt: str, no_owner: object) -> list[list[Cell]]:
    known = TABLES.get(table) if table.__class__ is str else None
    if known is None:
        raise jinja2.exceptions.TemplateRuntimeError(
            f"rows() takes one of {', '.join(map(repr, TABLES))}, not {table!r}"
        )
    kind, make = known
    if not isinstance(lines, list | tuple):
        raise jinja2.exceptions.TemplateRuntimeError(
            f"rows({table!r}, …) takes the report's {table} lines (report.{table}…)"
        )
    # The reports of a run hand rows() the very same tuple of alert and decision lines (and
    # of KPI lines, unless a previous report changes them): its rows are looked up at once.
    whole = (table, id(lines), money_fmt, no_owner)
    if lines.__class__ is tuple:
        kept_all = _TABLE_ROWS.get(whole)
        if kept_all is not None:
            return kept_all[1]
    made = []
    for line in lines:
        # Only the report model's own lines: rows() reads their fields past the sandbox.
        if line.__class__ is not kind:
            raise jinja2.exceptions.TemplateRuntimeError(
                f"rows({table!r}, …) takes the report's {table} lines (report.{table}…)"
            )
        key = (table, id(line), money_fmt, no_owner)
        kept = _LINE_CELLS.get(key)
        if kept is None:
            if len(_LINE_CELLS) >= _LINE_CELLS_MAX:
                _LINE_CELLS.clear()
            kept = _LINE_CELLS[key] = (line, make(line, money_fmt, no_owner))
        made.append(kept[1])
    if lines.__class__ is tuple:
        if len(_TABLE_ROWS) >= 100:
            _TABLE_ROWS.clear()
        _TABLE_ROWS[whole] = (lines, made)  # the tuple kept, so its id is not reused
    return made


def _json_rows_helper(money_fmt: str) -> Callable[..., str]:
    """rows() outside a tab template (an export): the JSON lines of the rows, as row()."""

    def rows(
        table: object,
        lines: object,
        no_owner: object = None,
        *,
        _loop_vars: object = None,
        _block_vars: object = None,
    ) -> str:
        return "\n".join(_as_json(tuple(r)) for r in _table_rows(table, lines, money_fmt, no_owner))

    return rows


def _rows_helper(
    prefix: str, given: dict[str, tuple[object, ...]], made: dict[str, list[Cell]], money_fmt: str
) -> Callable[..., str]:
    """rows() of one _RowStore: one marker line per row, as row() leaves (no line for no
    rows, as a for loop over none writes none)."""

    def rows(
        table: object,
        lines: object,
        no_owner: object = None,
        *,
        _loop_vars: object = None,
        _block_vars: object = None,
    ) -> str:
        markers = []
        for cells in _table_rows(table, lines, money_fmt, no_owner):
            marker = f"{prefix}{len(given)}\ue000"
            given[marker] = cells  # type: ignore[assignment]
            made[marker] = cells
            markers.append(marker)
        if not markers:
            marker = f"{prefix}{len(given)}\ue000"
            given[marker] = _NO_ROWS
            return marker
        return "\n".join(markers)

    return rows


def _title(text: object, *, _loop_vars: object = None, _block_vars: object = None) -> Cell:
    return _cell(text, bold=True, size=14, fill="title")


def _section(text: object, *, _loop_vars: object = None, _block_vars: object = None) -> Cell:
    return _cell(text, bold=True, size=12)


def _label(text: object, *, _loop_vars: object = None, _block_vars: object = None) -> Cell:
    return _cell(text, bold=True)


def _chart(
    kind: str,
    title: object,
    x: int = 0,
    series: list[int] | tuple = (),
    rows: int | None = None,
    *,
    _loop_vars: object = None,
    _block_vars: object = None,
) -> str:
    columns = [x, *series] if isinstance(series, list | tuple) else None
    if columns is None or not all(c.__class__ is int and 0 <= c < MAX_COLUMNS for c in columns):
        raise TemplateLimit(
            f"chart() takes x and series as column numbers from 0 to {MAX_COLUMNS - 1}"
        )
    if rows is not None and not (rows.__class__ is int and 0 < rows <= 1_000_000):
        raise TemplateLimit("chart() takes rows as a number of rows from 1 to 1,000,000")
    spec = {"kind": kind, "title": str(title), "x": x, "series": list(series)}
    if rows is not None:
        spec["rows"] = rows
    return json.dumps({"chart": spec}, ensure_ascii=False)


def _md(text: object) -> str:
    """Text safe inside a markdown table cell: pipes escaped, line breaks as spaces."""
    if text is None:
        return ""
    return " ".join(str(text).split()).replace("|", "\\|")


@dataclass(frozen=True)
class Templates:
    """The report templates of one language, from the team's folder and the built-ins."""

    user_folder: Path | None
    lang: str
    currency: str

    def environment(self) -> SandboxedEnvironment:
        return _environment(self.user_folder, self.lang, self.currency)

    def fingerprint(self) -> str:
        """A hash of every template file this language can use, so a changed template
        changes the marks of the reports drawn with it."""
        digest = hashlib.sha256()
        for folder in search_path(self.user_folder, self.lang):
            for path in sorted(folder.glob("*")) if folder.is_dir() else []:
                if path.is_file():
                    digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
        return digest.hexdigest()

    def render_tab(
        self, name: str, key: str, title: str, final: bool, **context: object
    ) -> OutputTab:
        """The OutputTab a tab template draws (see the module's docstring)."""
        store = _RowStore(f"money:{self.currency}")
        text = self.render(name, row=store.row, header=store.header, rows=store.rows, **context)
        try:
            return parse_tab(text, key, title, final, store)
        except TemplateLimit as exc:  # a row or chart written as a JSON line
            folder = self.user_folder or BUILTIN_TEMPLATES
            raise UsageError(
                t(self.lang, "template_error", template=name, detail=exc, folder=folder)
            ) from None

    def render(self, name: str, **context: object) -> str:
        """Render a template within the sandbox's limits. Any failure, a limit or any other
        error, is one UsageError (exit 2) naming the template and its line: nothing is
        written, and no traceback reaches a person."""
        env = self.environment()
        folder = self.user_folder or BUILTIN_TEMPLATES
        outer = getattr(_RENDERING, "budget", None)
        budget = _RENDERING.budget = _Budget()
        try:
            pieces = []
            for piece in env.get_template(name).generate(**context):
                budget.written += len(piece)
                if budget.written > MAX_OUTPUT_CHARS:
                    raise TemplateLimit(f"it wrote more than {MAX_OUTPUT_CHARS:,} characters")
                budget.check_time()
                pieces.append(piece)
            return "".join(pieces)
        except jinja2.exceptions.SecurityError as exc:
            raise UsageError(
                t(self.lang, "template_security", template=_where(exc, name), detail=exc,
                    folder=folder)
            ) from None  # fmt: skip
        except jinja2.exceptions.TemplateSyntaxError as exc:
            where = f"{exc.filename or exc.name or name}, line {exc.lineno}"
            raise UsageError(
                t(self.lang, "template_error", template=where, detail=exc.message, folder=folder)
            ) from None
        except RecursionError:
            raise UsageError(
                t(self.lang, "template_error", template=name, folder=folder,
                    detail="it calls or includes itself without end")
            ) from None  # fmt: skip
        except Exception as exc:  # a limit, 1/0, a filter given a bad argument…
            detail = str(exc) if isinstance(exc, jinja2.TemplateError) else _described(exc)
            raise UsageError(
                t(self.lang, "template_error", template=_where(exc, name), detail=detail,
                    folder=folder)
            ) from None  # fmt: skip
        finally:
            _RENDERING.budget = outer


def _described(exc: BaseException) -> str:
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _where(exc: BaseException, name: str) -> str:
    """`report.tab.j2, line 12`: the template frame nearest the failure (jinja2 rewrites a
    failure's traceback so that its frames carry the template's file and line)."""
    found = None
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2") or filename == "<template>":
            found = (Path(filename).name, tb.tb_lineno)
        tb = tb.tb_next
    if found is None:
        return name
    return f"{found[0] if found[0] != '<template>' else name}, line {found[1]}"


# -- the sandbox and its limits ----------------------------------------------------------
# A team's template is code a person wrote: jinja2's SandboxedEnvironment keeps it from
# Python's internals, and these limits keep it from hanging a sync (which holds the
# workbook's lock) or filling memory. Checked as the template runs: range() steps, calls
# and output pieces each look at the clock.
MAX_RENDER_SECONDS = 10.0
MAX_OUTPUT_CHARS = 20_000_000  # what one template may write
MAX_LOOP_STEPS = 5_000_000  # range() items over one rendering
MAX_CALL_DEPTH = 100  # macros calling macros
MAX_SIZE_ARGUMENT = 100_000  # a width, count or digits given to a filter or a text method
MAX_MADE_TEXT = 1_000_000  # text or a list made by *, a power's digits
MAX_COLUMNS = 16_384  # columns in a spreadsheet row (XFD)
_WIDE_FORMAT = re.compile(r"\d{6,}")  # "%999999d", "{:>999999}": a width of a million or more


class TemplateLimit(jinja2.exceptions.TemplateRuntimeError):
    """A template went past one of the limits above."""


class _Budget:
    """What one rendering has used so far."""

    def __init__(self) -> None:
        self.deadline = time.monotonic() + MAX_RENDER_SECONDS
        self.steps = 0
        self.depth = 0
        self.written = 0

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise TemplateLimit(f"it ran longer than {MAX_RENDER_SECONDS:g} s")


_RENDERING = threading.local()  # the budget of the rendering under way in this thread


def _budget() -> _Budget:
    budget = getattr(_RENDERING, "budget", None)
    if budget is None:  # a template rendered outside Templates.render (a test, a tool)
        budget = _RENDERING.budget = _Budget()
    return budget


class _Steps:
    """range() in a template: jinja2's own bounded range, each step counted and timed."""

    def __init__(self, *args: int) -> None:
        self.items = safe_range(*args)

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, index: Any) -> Any:
        return self.items[index]

    def __iter__(self) -> Iterator[int]:
        budget = _budget()
        for item in self.items:
            budget.steps += 1
            if budget.steps > MAX_LOOP_STEPS:
                raise TemplateLimit(f"its loops ran more than {MAX_LOOP_STEPS:,} steps")
            if budget.steps & 1023 == 0:
                budget.check_time()
            yield item


def _check_sizes(what: str, args: tuple, kwargs: dict) -> None:
    for value in (*args, *kwargs.values()):
        if value.__class__ in (int, float) and abs(value) > MAX_SIZE_ARGUMENT:
            raise TemplateLimit(f"{what} was given {value:,}, more than {MAX_SIZE_ARGUMENT:,}")
        if value.__class__ is str and _WIDE_FORMAT.search(value):
            raise TemplateLimit(f"{what} was given a width of a million or more")


def _limited_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """A filter whose arguments (not the value filtered) are sizes kept within limits."""

    @functools.wraps(function)
    def limited(value: Any, *args: Any, **kwargs: Any) -> Any:
        _check_sizes(f"the filter {name}", args, kwargs)
        if name == "format" and value.__class__ is str and _WIDE_FORMAT.search(value):
            raise TemplateLimit("the filter format was given a width of a million or more")
        return function(value, *args, **kwargs)

    return limited


class _Sandbox(SandboxedEnvironment):
    """jinja2's sandbox, whole, with the limits above added to what it checks."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int | float) and abs(right) > 1_000:
            raise TemplateLimit(f"a power of {right:g} is too large")
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if (
                    isinstance(seq, str | list | tuple)
                    and isinstance(times, int)
                    and len(seq) * times > MAX_MADE_TEXT
                ):
                    raise TemplateLimit(
                        f"repeating {len(seq):,} items {times:,} times is too large"
                    )
        return super().call_binop(context, operator, left, right)

    def call(self, context: Any, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        budget = _budget()
        budget.check_time()
        owner = getattr(obj, "__self__", None)
        if isinstance(owner, str | list | tuple | dict):
            _check_sizes(f"{type(owner).__name__}.{getattr(obj, '__name__', '?')}", args, kwargs)
            if isinstance(owner, str) and _WIDE_FORMAT.search(owner):
                raise TemplateLimit("a text to format holds a width of a million or more")
        budget.depth += 1
        try:
            if budget.depth > MAX_CALL_DEPTH:
                raise TemplateLimit(f"its calls nested more than {MAX_CALL_DEPTH} deep")
            return super().call(context, obj, *args, **kwargs)
        finally:
            budget.depth -= 1


def _digits(digits: object) -> int:
    if digits.__class__ is not int or not 0 <= digits <= 12:  # type: ignore[operator]
        raise TemplateLimit(f"digits must be a whole number from 0 to 12, not {digits!r}")
    return digits  # type: ignore[return-value]


_ENVIRONMENTS: dict[tuple[Path | None, str, str], SandboxedEnvironment] = {}


def _environment(user_folder: Path | None, lang: str, currency: str) -> SandboxedEnvironment:
    key = (user_folder, lang, currency)
    if key in _ENVIRONMENTS:
        return _ENVIRONMENTS[key]
    env = _Sandbox(
        loader=jinja2.FileSystemLoader([str(p) for p in search_path(user_folder, lang)]),
        autoescape=jinja2.select_autoescape(
            # Markdown too: raw HTML a person typed (<img onerror=…>) must not reach a page
            # that renders the .md.
            enabled_extensions=("html", "htm", "xml", "svg", "html.j2", "svg.j2", "md.j2"),
            default_for_string=False,
        ),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # A run renders each template a few times but compiles it once, in every run (the
        # CLI is one run per process): jinja's constant folding costs a third of compiling
        # the tab template (~10 ms) and saves nothing measurable on a report's rendering.
        optimized=False,
    )
    env.filters.update(
        {
            "pct": lambda x, digits=0: formats.percent(x, lang, _digits(digits)),
            "num": lambda x, digits=None: formats.number(
                x, lang, None if digits is None else _digits(digits)
            ),
            "money": lambda x: money(lang, x, currency),
            "kpi": lambda x, fmt="number": formats.value(x, fmt, lang),
            "change": lambda x, fmt="number": formats.change(x, fmt, lang),
            "pts": lambda x: formats.points(x, lang),
            "day": lambda d: formats.date(d, lang),
            "md": _md,
        }
    )
    env.filters.update({name: _limited_filter(name, f) for name, f in env.filters.items()})
    # lipsum(10**8) would write gigabytes; range() is counted (see _Steps).
    env.globals.pop("lipsum", None)
    env.globals.update(
        {
            "range": _Steps,
            "row": _row,
            "rows": _json_rows_helper(f"money:{currency}"),
            "cell": _cell,
            "header": _header,
            "title": _title,
            "section": _section,
            "label": _label,
            "chart": _chart,
            "money_fmt": f"money:{currency}",
            "lang": lang,
        }
    )
    _ENVIRONMENTS[key] = env
    return env


# -- from a rendered tab template to an OutputTab ------------------------------------------
_PLAIN = frozenset({str, int, bool, float})  # a float only when it is not NaN: see below


def _decode_cell(spec: object) -> Cell:
    if not isinstance(spec, dict):
        # Most cells of a big report are bare text or numbers: no cleaning to do.
        if spec.__class__ in _PLAIN and spec == spec:  # NaN != NaN
            return Cell(spec)
        return cell(spec)
    fmt = spec.get("fmt")
    if fmt is not None and not (
        isinstance(fmt, str) and (fmt in FORMATS or fmt.startswith("money:"))
    ):
        fmt = None
    value = spec.get("v")
    if fmt == "date" and isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            fmt = None
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False)
    fill = spec.get("fill")
    size = spec.get("size")
    plain = value is None or (value.__class__ in _PLAIN and value == value)
    return (Cell if plain else cell)(
        value,
        fmt=fmt,
        fill=fill if isinstance(fill, str) and fill in COLOURS else None,
        bold=bool(spec.get("bold")),
        size=size if isinstance(size, int) else None,
        wrap=bool(spec.get("wrap")),
    )


def parse_tab(  # noqa: C901 - predates the complexity check: split when next changed
    text: str, key: str, title: str, final: bool, store: _RowStore | None = None
) -> OutputTab:
    """The OutputTab a rendered tab template describes (see the module's docstring)."""
    rows: list[list[Cell]] = []
    chart_specs: list[tuple[int, dict]] = []
    # A line that is exactly one marker is the row row() was given, made into Cells here (a
    # new list each time: a template may print one row twice).
    given, made = (store.given, store.made) if store is not None else ({}, {})
    for line in text.splitlines():
        stripped = line.strip()
        cells = given.get(stripped)
        if cells is not None:
            if cells is _NO_ROWS:
                continue
            kept = made.get(stripped)
            rows.append(
                list(kept)
                if kept is not None
                else [c if c.__class__ is Cell else _bare(c) for c in cells]
            )
            continue
        if store is not None and store.nonce in stripped:
            stripped = store.as_json(stripped)
        decoded: object = None
        if stripped[:1] in ("[", "{"):
            try:
                decoded = json.loads(stripped)
            except ValueError:
                decoded = None
        if isinstance(decoded, list):
            _check_width(decoded)
            rows.append([_decode_cell(c) for c in decoded])
        elif isinstance(decoded, dict) and isinstance(decoded.get("chart"), dict):
            chart_specs.append((len(rows), decoded["chart"]))
        elif stripped:
            rows.append([Cell(stripped)])
        else:
            rows.append([])
    while rows and not rows[-1]:
        rows.pop()

    charts = []
    bottom = len(rows) + 1
    for at, spec in chart_specs:
        if isinstance(spec.get("rows"), int):
            first = max(0, at - spec["rows"] - 1)
        else:
            first = at
            while first > 0 and rows[first - 1]:
                first -= 1
        if at - first < 2:  # a header and at least one data row
            continue
        series = tuple(int(s) for s in spec.get("series", []) if isinstance(s, int))
        x_col = spec.get("x", 0)
        width = len(rows[first])
        if not isinstance(x_col, int) or not all(0 <= c < width for c in (x_col, *series)):
            raise TemplateLimit(
                f"the chart {str(spec.get('title', ''))!r} draws a column beyond its table's "
                f"{width} columns"
            )
        charts.append(
            Chart(
                kind="line" if spec.get("kind") == "line" else "column",
                title=str(spec.get("title", "")),
                header_row=first,
                first_row=first + 1,
                last_row=at - 1,
                x_col=x_col,
                series_cols=series,
                anchor_row=bottom + CHART_HEIGHT_ROWS * len(charts),
                anchor_col=0,
            )
        )
    return OutputTab(
        key=key,
        title=title,
        rows=rows,
        widths=auto_widths(rows, skip=1),
        frozen_rows=1,
        charts=charts,
        final=final,
    )

"""Report templates: a sandboxed jinja2 environment, and the tab a tab template describes.

Templates live in the top-level `templates/` folder, one sub-folder per language
(`templates/en/report.md.j2`) plus language-neutral parts at the top (`report.css`,
`chart.svg.j2`). A team's own folder (`templates = "…"` in sheetsync.toml, or
`--templates DIR`) is searched first, with the same layout; any template it lacks comes from
the built-in folder. Every template, built-in or not, runs in jinja2's SandboxedEnvironment
with undefined names an error; HTML and SVG templates are autoescaped.

A tab template (`report.tab.j2`) writes one row per line, made with the helpers below so
that whatever text a person typed cannot break the structure:
- `{{ row(a, b, cell(x, fmt="percent", fill="green", bold=true)) }}` — a row of cells; each
  helper call becomes one JSON array on its line;
- `{{ header("ID", "Goal") }}`, `{{ row(title("…")) }}`, `label(…)`, `section(…)` — styled
  cells;
- `{{ chart("column", "Progress vs expected", x=0, series=[6, 7], rows=3) }}` — a chart over
  the `rows` data rows just above it and the header row above those (without `rows`: the
  block of non-empty rows just above it, its first row the header);
- an empty line is an empty row; any other line is a row of one text cell.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import json
import math
import re
import secrets
import types
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

import sheetsync
from sheetsync.errors import UsageError
from sheetsync.i18n import say
from sheetsync.render.layout import auto_widths
from sheetsync.render.model import COLOURS, Cell, Chart, OutputTab, cell
from sheetsync.reports import formats


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


def _cell(
    value: object = None,
    fmt: str | None = None,
    fill: str | None = None,
    bold: bool = False,
    size: int | None = None,
    wrap: bool = False,
) -> dict[str, Any]:
    if isinstance(value, dt.date) and fmt is None:
        fmt = "date"
    spec: dict[str, Any] = {"v": _json_value(value)}
    for name, given in (("fmt", fmt), ("fill", fill), ("bold", bold), ("size", size),
                        ("wrap", wrap)):  # fmt: skip
        if given:
            spec[name] = given
    return spec


def _row(*cells: object) -> str:
    return json.dumps(
        [c if isinstance(c, dict) else _json_value(c) for c in cells], ensure_ascii=False
    )


def _header(*names: object) -> str:
    return _row(*(_cell(n, bold=True, fill="header") for n in names))


class _RowStore:
    """row() and header() for one render of a tab template: each row's cells are kept here
    and the line gets a marker naming them, so a 4,000-row report is not encoded to JSON and
    decoded again. The marker carries a random nonce, so no text a person typed can pass
    for one; a line that is not exactly one marker falls back to JSON (see `parse_tab`)."""

    def __init__(self) -> None:
        self.nonce = secrets.token_hex(8)
        self.cells: dict[str, list[object]] = {}

    def row(self, *cells: object) -> str:
        marker = f"\ue000{self.nonce}:{len(self.cells)}\ue000"
        self.cells[marker] = [c if isinstance(c, dict) else _json_value(c) for c in cells]
        return marker

    def header(self, *names: object) -> str:
        return self.row(*(_cell(n, bold=True, fill="header") for n in names))

    def as_json(self, text: str) -> str:
        """The line with each marker written out as the JSON row it stands for."""
        pattern = re.escape("\ue000" + self.nonce) + r":\d+\ue000"
        return re.sub(
            pattern, lambda m: json.dumps(self.cells[m.group(0)], ensure_ascii=False), text
        )


def _title(text: object) -> dict[str, Any]:
    return _cell(text, bold=True, size=14, fill="title")


def _section(text: object) -> dict[str, Any]:
    return _cell(text, bold=True, size=12)


def _label(text: object) -> dict[str, Any]:
    return _cell(text, bold=True)


def _chart(
    kind: str, title: object, x: int = 0, series: list[int] | tuple = (), rows: int | None = None
) -> str:
    spec = {"kind": kind, "title": str(title), "x": int(x), "series": [int(s) for s in series]}
    if rows is not None:
        spec["rows"] = int(rows)
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
        store = _RowStore()
        text = self.render(name, row=store.row, header=store.header, **context)
        return parse_tab(text, key, title, final, store)

    def render(self, name: str, **context: object) -> str:
        """Render a template, turning every template failure into a clear usage error."""
        env = self.environment()
        folder = self.user_folder or BUILTIN_TEMPLATES
        try:
            return env.get_template(name).render(**context)
        except jinja2.exceptions.SecurityError as exc:
            raise UsageError(
                say(self.lang, "template_security", template=name, detail=exc, folder=folder)
            ) from exc
        except jinja2.exceptions.TemplateSyntaxError as exc:
            where = f"{exc.filename or exc.name or name}, line {exc.lineno}"
            raise UsageError(
                say(self.lang, "template_error", template=where, detail=exc.message, folder=folder)
            ) from exc
        except jinja2.exceptions.TemplateError as exc:
            raise UsageError(
                say(self.lang, "template_error", template=name, detail=exc, folder=folder)
            ) from exc


_DATA_TYPES = frozenset(
    {str, int, float, bool, type(None), tuple, list, dict, dt.date, dt.datetime}
)


class _Sandbox(SandboxedEnvironment):
    """The sandbox, with two shortcuts for what a big report does thousands of times, each
    allowing exactly what the sandbox's own checks would allow: reading a data field of a
    report model (a dataclass) that holds plain data, and calling our own row helpers."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if attribute[:1] != "_" and attribute in getattr(type(obj), "__dataclass_fields__", ()):
            try:
                value = getattr(obj, attribute)
            except AttributeError:
                pass
            else:
                if value.__class__ in _DATA_TYPES or hasattr(value, "__dataclass_fields__"):
                    return value
        return super().getattr(obj, attribute)

    def call(self, context: Any, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        function = getattr(obj, "__func__", obj)
        if isinstance(function, types.FunctionType) and function in _HELPERS:
            kwargs.pop("_loop_vars", None)  # jinja's bookkeeping, as Context.call drops it
            kwargs.pop("_block_vars", None)
            return obj(*args, **kwargs)
        return super().call(context, obj, *args, **kwargs)


_HELPERS = frozenset(
    {_row, _cell, _header, _title, _section, _label, _chart, _RowStore.row, _RowStore.header}
)
_ENVIRONMENTS: dict[tuple[Path | None, str, str], SandboxedEnvironment] = {}


def _environment(user_folder: Path | None, lang: str, currency: str) -> SandboxedEnvironment:
    key = (user_folder, lang, currency)
    if key in _ENVIRONMENTS:
        return _ENVIRONMENTS[key]
    env = _Sandbox(
        loader=jinja2.FileSystemLoader([str(p) for p in search_path(user_folder, lang)]),
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("html", "htm", "xml", "svg", "html.j2", "svg.j2"),
            default_for_string=False,
        ),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        {
            "pct": lambda x, digits=0: formats.percent(x, lang, digits),
            "num": lambda x, digits=None: formats.number(x, lang, digits),
            "money": lambda x: formats.money(x, lang, currency),
            "kpi": lambda x, fmt="number": formats.value(x, fmt, lang),
            "change": lambda x, fmt="number": formats.change(x, fmt, lang),
            "pts": lambda x: formats.points(x, lang),
            "day": lambda d: formats.date(d, lang),
            "md": _md,
        }
    )
    env.globals.update(
        {
            "row": _row,
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
        fill=fill if fill in COLOURS else None,
        bold=bool(spec.get("bold")),
        size=size if isinstance(size, int) else None,
        wrap=bool(spec.get("wrap")),
    )


def parse_tab(
    text: str, key: str, title: str, final: bool, store: _RowStore | None = None
) -> OutputTab:
    """The OutputTab a rendered tab template describes (see the module's docstring)."""
    rows: list[list[Cell]] = []
    chart_specs: list[tuple[int, dict]] = []
    for line in text.splitlines():
        stripped = line.strip()
        if store is not None:
            kept = store.cells.get(stripped)
            if kept is not None:
                rows.append([_decode_cell(c) for c in kept])
                continue
            if store.nonce in stripped:
                stripped = store.as_json(stripped)
        decoded: object = None
        if stripped[:1] in ("[", "{"):
            try:
                decoded = json.loads(stripped)
            except ValueError:
                decoded = None
        if isinstance(decoded, list):
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
        charts.append(
            Chart(
                kind="line" if spec.get("kind") == "line" else "column",
                title=str(spec.get("title", "")),
                header_row=first,
                first_row=first + 1,
                last_row=at - 1,
                x_col=int(spec.get("x", 0)),
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

"""Where a run's settings come from: flags, then the environment, then `sheetsync.toml`.

The config file names the workbook, the credentials file and the state folder, so a cron
line can be just `sheetsync sync --quiet` in the right folder.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from sheetsync.backends import spreadsheet_id
from sheetsync.backends.google_credentials import looks_like_content
from sheetsync.errors import UsageError
from sheetsync.notify.config import NotifyConfig, notify_config

DEFAULT_WORKBOOK = "marketing-plan.xlsx"
DEFAULT_STATE = ".sheetsync"


@dataclass
class Config:
    workbook: str
    credentials: str | None
    state_dir: Path
    templates: Path | None
    retry_seconds: float
    source: Path | None  # the config file read, if any
    notify: NotifyConfig = field(default_factory=NotifyConfig)
    # `[imports.NAME]` tables: generic exports' header maps (sheetsync.imports.generic).
    imports: dict = field(default_factory=dict)

    @property
    def base(self) -> Path:
        return self.source.parent if self.source else Path.cwd()


def load_config(
    path: str | None = None,
    *,
    workbook: str | None = None,
    credentials: str | None = None,
    templates: str | None = None,
    env: dict[str, str] | None = None,
) -> Config:
    env = dict(os.environ) if env is None else env
    source: Path | None = None
    data: dict = {}
    if path:
        source = Path(path)
        if not source.is_file():
            raise UsageError(f"Config file {source} does not exist.")
    elif Path("sheetsync.toml").is_file():
        source = Path("sheetsync.toml")
    if source is not None:
        try:
            data = tomllib.loads(source.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise UsageError(f"{source} is not valid TOML: {exc}") from exc
    known = {
        "workbook",
        "credentials",
        "state_dir",
        "templates",
        "retry_seconds",
        "notify",
        "imports",
    }
    unknown = set(data) - known
    if unknown:
        raise UsageError(
            f"{source}: unknown setting(s) {', '.join(sorted(unknown))}; "
            f"known: {', '.join(sorted(known))}."
        )
    base = source.resolve().parent if source else Path.cwd()

    def relative(value: str | None) -> str | None:
        if value is None:
            return None
        p = Path(value).expanduser()
        return str(p if p.is_absolute() else base / p)

    chosen = workbook or env.get("SHEETSYNC_WORKBOOK") or data.get("workbook")
    if chosen is None:
        chosen = relative(DEFAULT_WORKBOOK) if source else DEFAULT_WORKBOOK
    elif chosen is data.get("workbook") and spreadsheet_id(chosen) is None:
        chosen = relative(chosen)
    creds = credentials or env.get("GOOGLE_APPLICATION_CREDENTIALS")
    if creds is None and data.get("credentials"):
        given = str(data["credentials"])
        # The key's JSON itself stays as it is; a path is taken from the config's folder.
        creds = given if looks_like_content(given) else relative(given)
    state = Path(relative(data.get("state_dir", DEFAULT_STATE)) or DEFAULT_STATE)
    tpl = templates or (relative(data["templates"]) if data.get("templates") else None)
    try:
        retry = float(data.get("retry_seconds", 120))
    except (TypeError, ValueError) as exc:
        raise UsageError(f"{source}: retry_seconds must be a number of seconds.") from exc
    return Config(
        workbook=str(chosen),
        credentials=creds,
        state_dir=state,
        templates=Path(tpl) if tpl else None,
        retry_seconds=retry,
        source=source,
        notify=notify_config(data.get("notify"), env),
        imports=_imports_table(data, source),
    )


def _imports_table(data: dict, source: Path | None) -> dict:
    table = data.get("imports", {})
    if not isinstance(table, dict):
        raise UsageError(f"{source}: imports must be tables, [imports.NAME].")
    return table

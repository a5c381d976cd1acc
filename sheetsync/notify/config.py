"""Where notifications go: the `[notify]` table of sheetsync.toml and SHEETSYNC_NOTIFY_*.

Secrets (the SMTP password, a chat bot's token) live here, never in the shared sheet:

    [notify]
    email = "smtp://user:pass@smtp.example.com:587"  # smtp://, smtp+tls:// or smtp+ssl://
    from = "sheetsync@example.com"
    urls = ["tgram://BOT_TOKEN/CHAT_ID"]              # team channels: any Apprise URL

SHEETSYNC_NOTIFY_EMAIL, SHEETSYNC_NOTIFY_FROM and SHEETSYNC_NOTIFY_URLS (several URLs
separated by spaces or commas) override the file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from sheetsync.errors import UsageError

SCHEMES = {"smtp": ("plain", 25), "smtp+tls": ("starttls", 587), "smtp+ssl": ("ssl", 465)}


@dataclass(frozen=True)
class SmtpServer:
    host: str
    port: int
    security: str  # plain, starttls or ssl
    user: str | None = None
    password: str | None = field(default=None, repr=False)

    @property
    def shown(self) -> str:
        """The server as a message may name it: no user, no password."""
        return f"{self.host}:{self.port}"


@dataclass(frozen=True)
class NotifyConfig:
    email: SmtpServer | None = None
    sender: str | None = None
    urls: tuple[str, ...] = ()

    @property
    def configured(self) -> bool:
        return self.email is not None or bool(self.urls)


def parse_smtp_url(url: str) -> SmtpServer:
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise UsageError(
            f"notify email must start with smtp://, smtp+tls:// or smtp+ssl:// (got {scheme}://)."
        )
    security, default_port = SCHEMES[scheme]
    if not parts.hostname:
        raise UsageError("notify email names no server: smtp://user:pass@host:port.")
    try:
        port = parts.port or default_port
    except ValueError as exc:
        raise UsageError(f"notify email has a port that is not a number: {exc}.") from exc
    return SmtpServer(
        parts.hostname,
        port,
        security,
        unquote(parts.username) if parts.username else None,
        unquote(parts.password) if parts.password else None,
    )


def notify_config(table: dict | None, env: dict[str, str] | None = None) -> NotifyConfig:
    """The notification settings from the `[notify]` table and the environment."""
    env = dict(os.environ) if env is None else env
    table = dict(table or {})
    unknown = set(table) - {"email", "from", "urls"}
    if unknown:
        raise UsageError(
            f"[notify]: unknown setting(s) {', '.join(sorted(unknown))}; known: email, from, urls."
        )
    email = env.get("SHEETSYNC_NOTIFY_EMAIL") or table.get("email")
    sender = env.get("SHEETSYNC_NOTIFY_FROM") or table.get("from")
    urls: list[str]
    if env.get("SHEETSYNC_NOTIFY_URLS"):
        urls = env["SHEETSYNC_NOTIFY_URLS"].replace(",", " ").split()
    else:
        raw = table.get("urls") or []
        if isinstance(raw, str):
            raw = [raw]
        if not isinstance(raw, list) or not all(isinstance(u, str) for u in raw):
            raise UsageError("[notify] urls must be a list of Apprise URLs.")
        urls = raw
    server = parse_smtp_url(email) if email else None
    if server is not None and not sender:
        sender = f"sheetsync@{server.host}"
    return NotifyConfig(server, sender, tuple(urls))

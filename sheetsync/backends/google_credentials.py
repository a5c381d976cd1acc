"""Google credentials from what a person configures: a service-account key, an OAuth client
(gspread's installed-app flow, token cached in the state folder) or an authorised-user file.

A file that is not what it should be is a usage error naming the missing field, so the
person fixes the file, not the code. `Identity` says who sheetsync acts as, for messages
like "share the sheet with ...".
"""

from __future__ import annotations

import json
import logging
import os
import shlex
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sheetsync.errors import AuthError, UsageError

log = logging.getLogger(__name__)

# Only the Sheets API is called; no Drive scope, so a person's consent screen asks for less.
SCOPES = ["https://www.googleapis.com/auth/spreadsheets"]
TOKEN_FILE = "google-oauth-token.json"
SERVICE_ACCOUNT_FIELDS = ("client_email", "private_key", "token_uri")
OAUTH_CLIENT_FIELDS = ("client_id", "client_secret", "auth_uri", "token_uri")
AUTHORIZED_USER_FIELDS = ("client_id", "client_secret", "refresh_token")


GIVEN_AS_JSON = "the credentials given as JSON"


def looks_like_content(value: str) -> bool:
    """A credentials setting holding the key itself (JSON, or a pasted PEM), not a path:
    never to be echoed, nor taken for a file name."""
    text = value.strip()
    return text.startswith("{") or "PRIVATE KEY" in text or "\n" in text or len(text) > 1024


def _parsed_content(value: str) -> dict:
    # The value is never quoted back: any part of it may be the private key.
    try:
        info = json.loads(value)
    except ValueError:
        info = None
    if not isinstance(info, dict):
        raise UsageError(
            "The credentials setting holds text that is neither a file name nor a JSON key "
            "(its content is not shown, as it may hold a private key). Give the path of the "
            "service account's JSON key, or the whole JSON key itself."
        )
    return info


@dataclass(frozen=True)
class Identity:
    """Who the API calls are made as: for a service account, the e-mail to share with."""

    email: str | None = None
    kind: str = "unknown"  # service_account, oauth, authorized_user, unknown
    source: str | None = None  # the credentials file, for messages
    token_file: str | None = None  # where an OAuth sign-in is cached

    @property
    def who(self) -> str:
        if self.email:
            return self.email
        if self.kind in ("oauth", "authorized_user"):
            return "the Google account you signed in with"
        return "the account sheetsync uses"


def load_credentials(
    source: Any, state_dir: str | os.PathLike | None = None, *, interactive: bool | None = None
) -> tuple[Any, Identity]:
    """google-auth credentials and who they are, from a path, a parsed JSON dict or an object."""
    if source is None:
        raise UsageError(
            'No Google credentials. Put `credentials = "service-account.json"` in '
            "sheetsync.toml, pass --credentials FILE, or set GOOGLE_APPLICATION_CREDENTIALS "
            "(see docs/google-sheets.md)."
        )
    if isinstance(source, dict):
        return _from_info(source, "the credentials given", state_dir, interactive)
    if isinstance(source, str) and looks_like_content(source):
        # CI secret stores hand out the key's JSON itself, not a path to it.
        return _from_info(_parsed_content(source), GIVEN_AS_JSON, state_dir, interactive)
    if isinstance(source, str | os.PathLike):
        path = Path(source).expanduser()
        if not path.is_file():
            raise UsageError(
                f"Credentials file {path} does not exist. Point `credentials` in "
                "sheetsync.toml, --credentials or GOOGLE_APPLICATION_CREDENTIALS at the JSON "
                "key of your service account (or your OAuth client), or put the key's JSON "
                "itself there."
            )
        warn_if_others_can_read(path)
        try:
            info = json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise UsageError(f"Credentials file {path} is not valid JSON ({exc}).") from exc
        if not isinstance(info, dict):
            raise UsageError(f"Credentials file {path} does not hold a JSON object.")
        return _from_info(info, str(path), state_dir, interactive)
    # Already a google-auth credentials object (library use).
    email = getattr(source, "service_account_email", None)
    kind = "service_account" if email else "unknown"
    return source, Identity(email=email, kind=kind)


def warn_if_others_can_read(path: Path) -> bool:
    """Warn (and say so) when group or other users of this machine can read the key file:
    whoever can read it can act as the service account."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    if not mode & (stat.S_IRGRP | stat.S_IROTH):
        return False
    log.warning(
        "The credentials file %s can be read by other users of this machine (%s); it holds "
        "a private key or token. Make it yours alone: chmod 600 %s",
        path,
        stat.filemode(mode),
        shlex.quote(str(path)),
    )
    return True


def _missing(info: dict, fields: tuple[str, ...]) -> list[str]:
    return [f for f in fields if not isinstance(info.get(f), str) or not info[f].strip()]


def _from_info(
    info: dict, where: str, state_dir: str | os.PathLike | None, interactive: bool | None
) -> tuple[Any, Identity]:
    if "installed" in info or "web" in info:
        return _oauth(info, where, state_dir, interactive)
    kind = info.get("type")
    if kind is None:
        raise UsageError(
            f'{where} has no "type" field: expected a service-account key '
            '("type": "service_account", as credentials.example.json shows) or an OAuth '
            'client of type "installed".'
        )
    if kind == "service_account":
        missing = _missing(info, SERVICE_ACCOUNT_FIELDS)
        if missing:
            raise UsageError(
                f"{where} is a service-account key without the field(s) "
                f"{', '.join(missing)}; download a new JSON key for the service account "
                "(Google Cloud console → IAM & Admin → Service accounts → Keys)."
            )
        from google.oauth2 import service_account

        try:
            creds = service_account.Credentials.from_service_account_info(info, scopes=SCOPES)
        except (ValueError, TypeError) as exc:
            raise UsageError(
                f"{where}: the service account's private_key cannot be read ({exc}); "
                "download a new JSON key."
            ) from exc
        return creds, Identity(info["client_email"], "service_account", where)
    if kind == "authorized_user":
        missing = _missing(info, AUTHORIZED_USER_FIELDS)
        if missing:
            raise UsageError(
                f"{where} is an authorised-user file without the field(s) {', '.join(missing)}."
            )
        from google.oauth2.credentials import Credentials

        creds = Credentials.from_authorized_user_info(info, SCOPES)
        return creds, Identity(None, "authorized_user", where)
    raise UsageError(
        f'{where} has "type": "{kind}"; sheetsync needs a service-account key '
        '("service_account") or an OAuth client of type "installed".'
    )


def _oauth(
    info: dict, where: str, state_dir: str | os.PathLike | None, interactive: bool | None
) -> tuple[Any, Identity]:
    client = info.get("installed") or info.get("web")
    if not isinstance(client, dict):
        raise UsageError(f'{where}: "installed" must be an object with the OAuth client.')
    missing = _missing(client, OAUTH_CLIENT_FIELDS)
    if missing:
        raise UsageError(
            f"{where} is an OAuth client without the field(s) {', '.join(missing)}; download "
            "it again (Google Cloud console → APIs & Services → Credentials → OAuth client ID "
            "of type Desktop app)."
        )
    from gspread.auth import load_credentials as load_token
    from gspread.auth import local_server_flow, store_credentials

    token = Path(state_dir or ".sheetsync") / TOKEN_FILE
    identity = Identity(None, "oauth", where, str(token))
    try:
        cached = load_token(token)
    except (ValueError, KeyError) as exc:
        raise AuthError(
            f"The saved Google sign-in {token} is unreadable ({exc}); delete it and run "
            "`sheetsync check` in a terminal to sign in again."
        ) from exc
    if cached is not None:
        return cached, identity
    if interactive is None:
        interactive = sys.stdin.isatty()
    if not interactive:
        raise AuthError(
            f"No saved Google sign-in at {token}. Run `sheetsync check` once in a terminal: "
            "it opens a browser to sign in and saves the sign-in there for cron."
        )
    creds = local_server_flow({"installed": client}, SCOPES)
    store_credentials(creds, filename=token)
    os.chmod(token, 0o600)
    return creds, identity

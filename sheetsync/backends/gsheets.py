"""The Google Sheets backend: one metadata GET, one values batchGet, one batchUpdate.

Built on gspread's HTTP client (never its Worksheet helpers, which re-fetch the metadata
on every call). Output tabs carry a developer-metadata mark (`_sheetsync` = key|digest),
which survives a person renaming or moving the tab; they are rewritten in place, so their
sheet ID, position, a person's title and links to them survive too. API errors become
messages a person can act on (share the sheet, enable the API, fix the key file).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import random
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import requests
from gspread.exceptions import APIError
from gspread.urls import SPREADSHEET_BATCH_UPDATE_URL

from sheetsync.backends import sheets_requests as req
from sheetsync.backends import spreadsheet_id as spreadsheet_id_in
from sheetsync.backends.google_credentials import Identity, load_credentials
from sheetsync.backends.google_http import (
    CredentialsRefused,
    GaveUp,
    MaybeApplied,
    RetryPolicy,
    SheetsHTTPClient,
    error_of,
    reasons_of,
)
from sheetsync.collector import collector_paused
from sheetsync.contracts import (
    MARK_NAME,
    ApiCalls,
    Changes,
    Grid,
    Note,
    OwnedTab,
    WorkbookInfo,
    WriteOutcome,
)
from sheetsync.errors import AuthError, BusyError, SheetsyncError, UnreachableError

log = logging.getLogger(__name__)

SHEET_URL = "https://docs.google.com/spreadsheets/d/{}"
# One metadata GET: titles, order, grid sizes, marks, protection, charts, locale, time zone.
METADATA_FIELDS = (
    "properties(title,locale,timeZone),"
    "sheets(properties(sheetId,title,index,sheetType,gridProperties),"
    "developerMetadata(metadataId,metadataKey,metadataValue),"
    "protectedRanges(protectedRangeId,range,warningOnly,unprotectedRanges),"
    "charts(chartId))"
)
READ_PARAMS = {
    "valueRenderOption": "UNFORMATTED_VALUE",
    "dateTimeRenderOption": "SERIAL_NUMBER",
    "majorDimension": "ROWS",
}
_GMT_OFFSET = re.compile(r"^(?:GMT|UTC)([+-])(\d{1,2})(?::?(\d{2}))?$")


def a1_title(title: str) -> str:
    """A whole tab as an A1 range: always quoted, so `Q1 2026` or `A1` are tab names."""
    return "'" + title.replace("'", "''") + "'"


def zone_name(time_zone: str | None) -> str | None:
    """An IANA zone; old spreadsheets say `GMT+03:00`, which is `Etc/GMT-3` (sic)."""
    if not time_zone:
        return None
    m = _GMT_OFFSET.match(time_zone)
    if m and not (m[3] or "00").strip("0"):
        hours = int(m[2])
        return "Etc/GMT" + ("" if hours == 0 else ("-" if m[1] == "+" else "+") + str(hours))
    return time_zone


@dataclass
class SheetState:
    """One tab as the metadata GET shows it."""

    sheet_id: int
    title: str
    index: int
    grid: bool
    mark: str | None = None
    mark_id: int | None = None
    protected: bool = False  # a protected range covering the whole tab
    protection_id: int | None = None
    # Its unprotected blocks (where people may write), as (first row, first col, last col).
    unprotected: list[tuple[int, int, int]] = field(default_factory=list)
    charts: list[int] = field(default_factory=list)
    owned: OwnedTab | None = None


def sheet_states(metadata: dict) -> list[SheetState]:
    states = []
    # Every spreadsheet has a tab, and the request asks for them: no "sheets" is no answer.
    for sheet in metadata["sheets"]:
        props = sheet.get("properties", {})
        sheet_id = int(props.get("sheetId", 0))
        state = SheetState(
            sheet_id=sheet_id,
            title=props.get("title", ""),
            index=int(props.get("index", 0)),
            grid=props.get("sheetType", "GRID") == "GRID",
        )
        for meta in sheet.get("developerMetadata", []):
            if meta.get("metadataKey") == MARK_NAME and state.mark is None:
                state.mark = meta.get("metadataValue", "")
                state.mark_id = meta.get("metadataId")
        for protected in sheet.get("protectedRanges", []):
            bounds = set(protected.get("range", {})) - {"sheetId"}
            if not bounds:
                state.protected = True
                state.protection_id = protected.get("protectedRangeId")
                state.unprotected = [
                    req.editable_block(block) for block in protected.get("unprotectedRanges", [])
                ]
        state.charts = [c["chartId"] for c in sheet.get("charts", []) if "chartId" in c]
        if state.mark:
            state.owned = OwnedTab.parse_mark(state.title, state.mark, sheet_id)
        states.append(state)
    states.sort(key=lambda s: s.index)
    return states


def owned_by_key(states: list[SheetState]) -> tuple[dict[str, SheetState], list[SheetState]]:
    """The tab holding each output key; when a person duplicated one, the first tab wins."""
    owned: dict[str, SheetState] = {}
    extra: list[SheetState] = []
    for state in states:
        if state.owned is None:
            continue
        if state.owned.key in owned:
            extra.append(state)
        else:
            owned[state.owned.key] = state
    return owned, extra


def new_sheet_id(key: str, taken: set[int]) -> int:
    """A sheet ID derived from the output key: the same on a resend, so a write that was in
    fact applied is refused by Google rather than duplicated."""
    sheet_id = int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) % (2**31 - 2) + 1
    while sheet_id in taken:
        sheet_id += 1
    taken.add(sheet_id)
    return sheet_id


class GoogleSheetsBackend:
    """A plan in a Google spreadsheet, reached through the Sheets API v4."""

    def __init__(
        self,
        spreadsheet_id: str,
        *,
        credentials: Any = None,
        session: requests.Session | None = None,
        retry_seconds: float = 120.0,
        state_dir: str | os.PathLike | None = None,
        timeout: float | tuple[float, float] | None = (10.0, 120.0),
        sleep: Callable[[float], None] = time.sleep,
        jitter: Callable[[], float] = random.random,
        clock: Callable[[], float] = time.monotonic,
        interactive: bool | None = None,
    ) -> None:
        import gspread

        self.spreadsheet_id = spreadsheet_id_in(spreadsheet_id) or spreadsheet_id
        self.location = SHEET_URL.format(self.spreadsheet_id)
        self.calls = ApiCalls()
        if credentials is None and session is None:
            credentials = os.environ.get("GOOGLE_APPLICATION_CREDENTIALS")
            if credentials is None:
                load_credentials(None)  # raises: says how to configure credentials
        if credentials is None:
            creds, self.identity = None, Identity()  # the session authenticates (or a fake)
        else:
            creds, self.identity = load_credentials(credentials, state_dir, interactive=interactive)
        policy = RetryPolicy(
            total_seconds=float(retry_seconds), sleep=sleep, jitter=jitter, clock=clock
        )

        def http_client(_auth: Any, given: requests.Session | None) -> SheetsHTTPClient:
            return SheetsHTTPClient(given or requests.Session(), creds, policy, self.calls, timeout)

        self.client = gspread.Client(auth=None, session=session, http_client=http_client)  # type: ignore[arg-type]
        self.http: SheetsHTTPClient = self.client.http_client  # type: ignore[assignment]
        self._states: list[SheetState] | None = None
        self._keys_by_title: dict[str, str] = {}  # owned tab title -> output key, at info()

    # -- reading ---------------------------------------------------------------------------
    def _metadata(self) -> dict:
        return self.http.fetch_sheet_metadata(
            self.spreadsheet_id, params={"fields": METADATA_FIELDS}
        )

    def info(self) -> WorkbookInfo:
        with self._errors("read"), self.http.operation():
            metadata = self._metadata()
        with self._reply("metadata"):
            states = sheet_states(metadata)
            props = metadata.get("properties", {})
            title = str(props.get("title", self.spreadsheet_id))
            locale, time_zone = props.get("locale"), zone_name(props.get("timeZone"))
        self._states = states
        owned, extra = owned_by_key(states)
        self._keys_by_title = {s.title: key for key, s in owned.items()}
        notes = [
            Note("note.duplicate_mark", (("copy", s.title), ("tab", owned[s.owned.key].title)))
            for s in extra
            if s.owned is not None
        ]
        return WorkbookInfo(
            title=title,
            tabs=[s.title for s in states],
            owned={key: s.owned for key, s in owned.items() if s.owned is not None},
            locale=locale,
            time_zone=time_zone,
            notes=notes,
        )

    @contextlib.contextmanager
    def _reply(self, what: str) -> Iterator[None]:
        """A 200 reply of the wrong shape (a proxy's page, an API change) is exit 4, said so."""
        try:
            yield
        except (AttributeError, TypeError, ValueError, KeyError) as exc:
            raise UnreachableError(
                f"Google Sheets answered the {what} request for {self.spreadsheet_id} with a "
                f"reply sheetsync cannot read ({type(exc).__name__}: {exc}). Nothing was "
                "written; if this lasts, check for a proxy between this machine and Google."
            ) from exc

    def read(self, titles: list[str]) -> dict[str, Grid]:
        """The raw cells of these tabs, in one values batchGet."""
        if self._states is None:
            self.info()
        kinds = {s.title: s.grid for s in self._states or []}
        wanted = [t for t in dict.fromkeys(titles) if kinds.get(t)]
        grids = {t: Grid([]) for t in titles if t in kinds and not kinds[t]}
        if not wanted:
            return grids
        with self._errors("read"), self.http.operation():
            try:
                with collector_paused():
                    answer = self.http.values_batch_get(
                        self.spreadsheet_id, [a1_title(t) for t in wanted], params=dict(READ_PARAMS)
                    )
            except APIError as exc:
                gone = _unparsable_title(exc, wanted)
                if gone is None:
                    raise
                raise BusyError(
                    f'The tab "{gone}" was renamed or deleted while sheetsync was reading '
                    "the workbook. Nothing was written; run sync again."
                ) from exc
        with self._reply("values"):
            ranges = answer.get("valueRanges", [])
            for title, value_range in zip(wanted, ranges, strict=False):
                # A whole-tab range starts at A1 whatever is empty. The rows are kept as
                # decoded, not copied: "" (how Sheets says empty) is an empty cell to the plan
                # as None is.
                rows = value_range.get("values", [])
                if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
                    raise TypeError(f"the values of {title} are not rows of cells")
                grids[title] = Grid(rows, 0, 0)
        return grids

    # -- writing ---------------------------------------------------------------------------
    def write(self, changes: Changes) -> WriteOutcome:
        """Everything in one all-or-nothing batchUpdate; nothing at all when nothing changed."""
        if not changes:
            return WriteOutcome(self.location, saved=False)
        with self._errors("write"), self.http.operation() as attempts:
            if self._states is not None:
                states = self._states
            else:
                with self._reply("metadata"):
                    states = sheet_states(self._metadata())
            rebuilt = False
            while True:
                self.check_no_new_conflicts(changes, states)
                body = req.body_bytes(self.requests_for(changes, states))
                try:
                    # Sent as bytes we encoded (gspread's batch_update would have requests
                    # encode it again, padded and ASCII-escaped); the reply is not needed.
                    self.http.request(
                        "post",
                        SPREADSHEET_BATCH_UPDATE_URL % self.spreadsheet_id,
                        data=body,
                        headers={"Content-Type": "application/json"},
                    )
                    break
                except MaybeApplied as exc:
                    # The write may have landed: look before sending it again.
                    attempts.wait(exc.failure)
                    with self._reply("metadata"):
                        states = sheet_states(self._metadata())
                    if self.applied(changes, states):
                        log.info("the write that got no answer had been applied")
                        break
                except APIError as exc:
                    # Refused whole. If a person changed the tabs since the read (deleted an
                    # output tab, say), build the write again on what is there now, once.
                    if exc.response.status_code != 400 or rebuilt:
                        raise
                    with self._reply("metadata"):
                        fresh = sheet_states(self._metadata())
                    if _signature(fresh) == _signature(states):
                        raise
                    states, rebuilt = fresh, True
        self._states = None  # the metadata read in info() is stale now
        return WriteOutcome(self.location, saved=True)

    def requests_for(self, changes: Changes, states: list[SheetState]) -> list[dict | req.Encoded]:
        """The batchUpdate requests that bring these tabs to `changes`, given their state."""
        owned, _ = owned_by_key(states)
        taken = {s.sheet_id for s in states}
        titles = {s.title for s in states}
        out: list[dict | req.Encoded] = []
        # Every sheet after this write, in order, as (sheet ID, title): for the links to
        # cells (by title) and the output tabs' order.
        laid_out = [(s.sheet_id, s.title) for s in sorted(states, key=lambda s: s.index)]
        gids = {title: sid for sid, title in laid_out}
        for update in changes.updates:
            if update.tab.key not in owned:
                sheet_id = new_sheet_id(update.tab.key, set(taken))
                gids.setdefault(update.tab.title, sheet_id)
        for title in changes.deletes:
            key = self._keys_by_title.get(title)
            state = owned.get(key) if key else None
            if state is None:
                continue  # already gone
            out.append({"deleteSheet": {"sheetId": state.sheet_id}})
            titles.discard(state.title)
            laid_out = [(sid, title) for sid, title in laid_out if sid != state.sheet_id]
        for update in changes.updates:
            tab = update.tab
            state = owned.get(tab.key)
            if state is None:
                sheet_id = new_sheet_id(tab.key, taken)
                out.append(req.add_sheet(tab, sheet_id))
                laid_out.append((sheet_id, tab.title))
                out.extend(req.tab_contents(tab, sheet_id, gids=gids))
                out.append(req.protect(sheet_id, tab.editable))
                out.append(req.create_mark(tab, sheet_id, update.digest))
                titles.add(tab.title)
                continue
            new_title = None
            if tab.title != state.title:
                if tab.title in titles:
                    log.warning(
                        "not renaming %r to %r: a tab of that name exists", state.title, tab.title
                    )
                else:
                    new_title = tab.title
                    titles.discard(state.title)
                    titles.add(tab.title)
                    laid_out = [
                        (sid, tab.title if sid == state.sheet_id else title)
                        for sid, title in laid_out
                    ]
            out.append(req.resize_sheet(tab, state.sheet_id, new_title))
            out.extend(req.delete_chart(chart_id) for chart_id in state.charts)
            out.extend(req.tab_contents(tab, state.sheet_id, rewrite=True, gids=gids))
            if not state.protected:
                out.append(req.protect(state.sheet_id, tab.editable))
            elif state.unprotected != tab.editable and state.protection_id is not None:
                # The columns people write in (the Alerts tab's acknowledgements) moved.
                out.append(req.unprotect_blocks(state.protection_id, state.sheet_id, tab.editable))
            if state.mark_id is not None:
                out.append(req.update_mark(tab, state.mark_id, update.digest))
            else:
                out.append(req.create_mark(tab, state.sheet_id, update.digest))
        if changes.order:
            out.extend(req.moves(laid_out, changes.order))
        return out

    def check_no_new_conflicts(self, changes: Changes, states: list[SheetState]) -> None:
        """A tab about to be added whose title a person's tab took since the read."""
        owned, _ = owned_by_key(states)
        person_titles = {s.title for s in states if s.owned is None}
        for update in changes.updates:
            if update.tab.key not in owned and update.tab.title in person_titles:
                raise BusyError(
                    f'A tab named "{update.tab.title}" appeared while sheetsync was writing. '
                    "Nothing was written; run sync again (it will report the name clash)."
                )

    def applied(self, changes: Changes, states: list[SheetState]) -> bool:
        """Whether the spreadsheet already holds every mark this write would leave."""
        owned, _ = owned_by_key(states)
        for update in changes.updates:
            state = owned.get(update.tab.key)
            if state is None or state.mark != req.mark_value(update.tab, update.digest):
                return False
        return all(self._keys_by_title.get(title) not in owned for title in changes.deletes)

    # -- errors ----------------------------------------------------------------------------
    def _errors(self, doing: str) -> _Translate:
        return _Translate(self, doing)

    def explain(self, exc: APIError, doing: str) -> SheetsyncError:
        """A failure Google reported, as a message that says what to do."""
        response = exc.response
        status = response.status_code
        error = error_of(response)
        message = error.get("message") or response.reason or "no message"
        sid = self.spreadsheet_id
        who = self.identity.who
        if status == 403 and _api_disabled(error, message):
            return AuthError(_disabled_message(error, message))
        if status == 403:
            if doing == "write" and "protected" in message.lower():
                return AuthError(
                    f"Google refused to edit a protected range in spreadsheet {sid} "
                    f"({message}). Let {who} edit the output tabs, or remove that protection. "
                    "Nothing was changed."
                )
            if doing == "write":
                return AuthError(
                    f"{who} can read spreadsheet {sid} but not edit it. In Google Sheets click "
                    f"Share and give {who} the Editor role. Nothing was changed."
                )
            return AuthError(
                f"{who} has no access to spreadsheet {sid}. Open "
                f"{self.location}, click Share, add {who} as an Editor, and run again."
            )
        if status == 401:
            fix = (
                f"delete {self.identity.token_file} and run `sheetsync check` in a terminal "
                "to sign in again"
                if self.identity.token_file
                else "check the credentials file, or download a new key"
            )
            return AuthError(f"Google did not accept the credentials ({message}); {fix}.")
        if status == 404:
            return UnreachableError(
                f"No spreadsheet with ID {sid} ({message}). Check the ID or URL in --workbook "
                "or sheetsync.toml (it is the part after /spreadsheets/d/ in the sheet's URL)."
            )
        # Any other refusal leaves the workbook out of reach for this run: exit 4, with
        # what Google said, so cron mail carries the reason.
        if doing == "write":
            return UnreachableError(
                f"Google Sheets refused the write to {sid}: HTTP {status} ({message}). "
                "The update is all-or-nothing, so the spreadsheet is exactly as it was. "
                "If someone edited the output tabs during the run, run sync again."
            )
        return UnreachableError(f"Google Sheets could not read {sid}: HTTP {status} ({message}).")

    def gave_up(self, exc: GaveUp, doing: str) -> UnreachableError:
        sid = self.spreadsheet_id
        left = exc.budget - exc.waited
        if exc.retry_after is not None and exc.retry_after > left:
            # After earlier waits, say what was left of the budget, not the whole of it.
            allowed = (
                f"the {exc.budget:.0f} s of retries allowed"
                if exc.waited == 0
                else f"the {left:.0f} s left of the {exc.budget:.0f} s of retries allowed "
                f"(after {exc.tries} tries)"
            )
            what = (
                f"Google asked to wait {exc.retry_after:.0f} s before trying again "
                f"({exc.failure}), longer than {allowed}"
            )
        else:
            what = (
                f"Google Sheets did not answer after {exc.tries} tries over "
                f"{exc.waited:.0f} s (last: {exc.failure})"
            )
        if doing != "write":
            after = "Nothing was written."
        elif exc.maybe_applied:
            after = (
                "The write may or may not have landed; it is all-or-nothing, so no tab is "
                "half-written, and the next sync finishes the job."
            )
        else:
            after = "Nothing was written."
        return UnreachableError(
            f"{what}, for spreadsheet {sid}. {after} Try again later, or raise "
            "retry_seconds in sheetsync.toml."
        )


def _signature(states: list[SheetState]) -> list[tuple]:
    return [(s.sheet_id, s.title, s.index, s.mark, s.protected, tuple(s.charts)) for s in states]


_UNPARSABLE = re.compile(r"Unable to parse range: (.+)$")


def _unparsable_title(exc: APIError, titles: list[str]) -> str | None:
    """The tab a values read named but no longer found (renamed or deleted meanwhile)."""
    if exc.response.status_code != 400:
        return None
    m = _UNPARSABLE.search(str(error_of(exc.response).get("message", "")))
    if not m:
        return None
    named = m[1].strip()
    for title in titles:
        if named in (a1_title(title), title) or named.startswith(a1_title(title) + "!"):
            return title
    return named


def _api_disabled(error: dict, message: str) -> bool:
    return (
        "SERVICE_DISABLED" in reasons_of(error)
        or "accessNotConfigured" in reasons_of(error)
        or "has not been used in project" in message
        or "it is disabled" in message
    )


def _disabled_message(error: dict, message: str) -> str:
    service = "sheets.googleapis.com"
    url = None
    for detail in error.get("details") or []:
        meta = detail.get("metadata") if isinstance(detail, dict) else None
        if isinstance(meta, dict):
            service = meta.get("service", service)
            url = meta.get("activationUrl", url)
    if url is None and (m := re.search(r"https://console\.developers\.google\.com/\S+", message)):
        url = m[0].rstrip(".")
    project = re.search(r"project (\d+)", message)
    api = "Google Drive API" if "drive" in service else "Google Sheets API"
    where = f" for Google Cloud project {project[1]}" if project else ""
    url = url or f"https://console.cloud.google.com/apis/library/{service}"
    return (
        f"The {api} is not enabled{where}. Enable it at {url} (APIs & Services → Library → "
        f"{api} → Enable), wait a few minutes, and run again."
    )


class _Translate:
    """Turns what gspread, requests and google-auth raise into sheetsync's errors."""

    def __init__(self, backend: GoogleSheetsBackend, doing: str) -> None:
        self.backend = backend
        self.doing = doing

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type | None, exc: BaseException | None, tb: object) -> bool:
        if exc is None or isinstance(exc, SheetsyncError):
            return False
        b = self.backend
        if isinstance(exc, APIError):
            raise b.explain(exc, self.doing) from exc
        if isinstance(exc, GaveUp):
            raise b.gave_up(exc, self.doing) from exc
        if isinstance(exc, CredentialsRefused):
            source = b.identity.source or "the credentials"
            raise AuthError(
                f"Google refused the credentials in {source} ({exc}). For a service account, "
                "create a new JSON key; for a sign-in, delete the saved token and sign in again."
            ) from exc
        if isinstance(exc, requests.exceptions.SSLError):
            raise UnreachableError(
                f"Could not reach Google Sheets securely ({exc}); check the proxy or "
                "certificates on this machine. Nothing was written."
            ) from exc
        if isinstance(exc, requests.exceptions.JSONDecodeError):
            raise UnreachableError(
                f"Google Sheets answered {b.spreadsheet_id} with a reply that is not JSON "
                f"({exc}). Nothing was written; if this lasts, check for a proxy between this "
                "machine and Google."
            ) from exc
        if isinstance(exc, requests.RequestException):
            raise UnreachableError(f"Could not reach Google Sheets ({exc}).") from exc
        return False


__all__ = ["GoogleSheetsBackend", "a1_title", "zone_name"]

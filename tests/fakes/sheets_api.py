"""An in-process, stateful fake of the Google Sheets API v4 (plus the few Drive v3 calls
gspread makes), mounted as a ``requests`` transport adapter so the real gspread talks HTTP
to it. It is strict the way Google is -- it validates every request against the discovery
document, applies a batchUpdate all-or-nothing and answers in Google's shapes -- and it
counts calls and can inject faults: error statuses with Retry-After, non-JSON bodies,
connection errors, timeouts after a write was applied, a person editing between calls.

Building a gspread client on it::

    fake = FakeSheetsAPI()
    spreadsheet_id = fake.create_spreadsheet("Plan", {"Goals": [["ID", "Goal"], ["G1", "x"]]})
    client = gspread.Client(auth=None, session=fake.session())
    worksheet = client.open_by_key(spreadsheet_id).worksheet("Goals")

(``gspread.Client(auth=AnonymousCredentials(), session=fake.session())`` works the same;
for google-auth credentials use ``session=fake.authorized_session(credentials)``, which
also answers the OAuth token endpoint.)
"""

from __future__ import annotations

import datetime as dt
import io
import json
import random
import string
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

from . import batch_update, discovery, field_mask, values_api
from .cell_values import to_serial
from .errors import ApiError, field_violations, invalid, not_found, unimplemented
from .model import (
    DEFAULT_COLUMNS,
    DEFAULT_FORMAT,
    DEFAULT_ROWS,
    DEFAULT_THEME,
    Block,
    Cell,
    Reader,
    Sheet,
    Workbook,
    clamp_block,
    parse_a1,
    spreadsheet_json,
    today_in,
)

SHEETS_HOST = "sheets.googleapis.com"
DRIVE_HOST = "www.googleapis.com"
OAUTH_HOST = "oauth2.googleapis.com"
SPREADSHEET_MIME = "application/vnd.google-apps.spreadsheet"
DEFAULT_ACCOUNT = "sheetsync-test@sheetsync-test.iam.gserviceaccount.com"

# Read-only methods sent as POST; everything else that is not a GET writes.
_READ_ONLY_POSTS = frozenset(
    {
        "sheets.spreadsheets.getByDataFilter",
        "sheets.spreadsheets.values.batchGetByDataFilter",
        "sheets.spreadsheets.developerMetadata.search",
    }
)

_BARE = frozenset({str, int, bool})
_DATE_FORMAT = {"numberFormat": {"type": "DATE", "pattern": "yyyy-mm-dd"}}
_DATE_TIME_FORMAT = {"numberFormat": {"type": "DATE_TIME", "pattern": "yyyy-mm-dd hh:mm:ss"}}


@dataclass
class Exchange:
    """One request and its answer, kept when ``record_exchanges=True``."""

    method: str
    url: str
    method_id: str | None
    request_body: Any
    status: int
    response_body: Any


@dataclass
class _Fault:
    kind: str  # "status", "exception" or "timeout"
    times: int
    method: str | None
    status: int = 0
    retry_after: Any = None
    body: Any = None
    exception: Any = None

    def matches(self, method: str) -> bool:
        return self.method is None or self.method.upper() == method


@dataclass
class _Hook:
    callback: Callable[[], Any]
    method: str | None


class _Answer:
    """What a handler produced, before it becomes a requests.Response."""

    def __init__(
        self,
        status: int,
        payload: Any = None,
        headers: dict[str, str] | None = None,
        method_id: str | None = None,
        raw: bytes | None = None,
    ):
        self.status = status
        self.payload = payload
        self.headers = headers or {}
        self.method_id = method_id
        self.raw = raw


class _DriveError(ApiError):
    """Drive answers errors in its own (older) shape: no status, an ``errors`` list."""

    def to_json(self) -> dict[str, Any]:
        return {
            "error": {
                "code": self.code,
                "message": self.message,
                "errors": [
                    {
                        "message": self.message,
                        "domain": "global",
                        "reason": "notFound" if self.code == 404 else "badRequest",
                        **(
                            {"location": "fileId", "locationType": "parameter"}
                            if self.code == 404
                            else {}
                        ),
                    }
                ],
            }
        }


class FakeAdapter(BaseAdapter):
    """The transport: every request sent through a mounted session lands here."""

    def __init__(self, fake: FakeSheetsAPI):
        super().__init__()
        self.fake = fake

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        if self.fake.transport_hook is not None:
            # e.g. a clock advanced by the time a slow or hanging request takes
            self.fake.transport_hook(request, kwargs.get("timeout"))
        return self.fake._handle(request, self)

    def close(self) -> None:
        return None


class _NoNetworkAdapter(BaseAdapter):
    """Anything not addressed to the fake fails loudly instead of reaching the network."""

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        raise requests.exceptions.ConnectionError(
            f"The Sheets fake refuses to send {request.method} {request.url} to the network.",
            request=request,
        )

    def close(self) -> None:
        return None


class FakeSheetsAPI:
    """A fake Google Sheets API v4 in-process. See the module docstring."""

    def __init__(
        self,
        *,
        validate: bool = True,
        validate_responses: bool = False,
        record_exchanges: bool = False,
        require_auth: bool = False,
        seed: int = 0,
        account_email: str = DEFAULT_ACCOUNT,
        clock: Callable[[], dt.datetime] | None = None,
    ):
        self.validate = validate
        self.validate_responses = validate_responses
        self.record_exchanges = record_exchanges
        self.require_auth = require_auth
        self.account_email = account_email
        self.clock = clock or (lambda: dt.datetime.now(dt.UTC))
        self.calls: list[tuple[str, str]] = []
        self.exchanges: list[Exchange] = []
        self.bytes_sent = 0
        self.bytes_received = 0
        self.token_requests = 0
        self._rng = random.Random(seed)
        self._books: dict[str, Workbook] = {}
        self._denied: dict[str, int] = {}
        self._faults: list[_Fault] = []
        self._hooks: list[_Hook] = []
        self._lock = threading.RLock()
        # Called with (request, timeout) as each request reaches the transport; it may
        # raise (a timeout) or advance a test's clock.
        self.transport_hook: Callable[[requests.PreparedRequest, Any], None] | None = None

    # ----------------------------------------------------------------------------------
    # Transport
    # ----------------------------------------------------------------------------------

    def session(self) -> requests.Session:
        """A requests.Session whose Google API traffic goes to this fake (and nowhere
        else: other URLs raise ConnectionError)."""
        return self.mount(requests.Session())

    def mount(self, session: requests.Session) -> requests.Session:
        """Route an existing session (e.g. google-auth's AuthorizedSession) to the fake."""
        adapter = FakeAdapter(self)
        session.mount("http://", _NoNetworkAdapter())
        session.mount("https://", _NoNetworkAdapter())
        for host in (SHEETS_HOST, DRIVE_HOST, OAUTH_HOST):
            session.mount(f"https://{host}/", adapter)
        return session

    def authorized_session(self, credentials: Any = None) -> requests.Session:
        """google-auth's AuthorizedSession on the fake; token refreshes are answered by
        the fake's OAuth endpoint, so service-account credentials work offline."""
        from google.auth.credentials import AnonymousCredentials
        from google.auth.transport.requests import AuthorizedSession, Request

        session = AuthorizedSession(
            credentials or AnonymousCredentials(), auth_request=Request(self.session())
        )
        return self.mount(session)

    # ----------------------------------------------------------------------------------
    # Faults and hooks
    # ----------------------------------------------------------------------------------

    def fail_next(
        self,
        status: int,
        times: int = 1,
        retry_after: float | int | str | None = None,
        body: str | bytes | dict | None = None,
        *,
        method: str | None = None,
    ) -> None:
        """Answer the next ``times`` requests (of ``method``, if given) with ``status``, in
        Google's JSON error shape unless ``body`` is given (e.g. an HTML 500 page)."""
        self._faults.append(_Fault("status", times, method, status, retry_after, body))

    def fail_next_with(
        self, exception: BaseException | type, times: int = 1, *, method: str | None = None
    ) -> None:
        """Raise ``exception`` (e.g. requests.exceptions.ConnectionError or ReadTimeout)
        instead of answering the next ``times`` requests; nothing is applied."""
        self._faults.append(_Fault("exception", times, method, exception=exception))

    def timeout_after_apply_next(self, times: int = 1, *, method: str | None = None) -> None:
        """Apply the next request on the server, then raise ReadTimeout to the client: the
        write happened but the caller cannot know it."""
        self._faults.append(_Fault("timeout", times, method))

    def on_next_request(self, callback: Callable[[], Any], method: str | None = None) -> None:
        """Run ``callback()`` just before the next request (of ``method``) is handled, e.g.
        a person renaming a tab between sheetsync's read and its write."""
        self._hooks.append(_Hook(callback, method))

    def deny_access(self, spreadsheet_id: str, status: int = 403) -> None:
        """Answer every request about this spreadsheet with 403 (or ``status``), as when
        it is not shared with the service account."""
        self._denied[spreadsheet_id] = status

    def allow_access(self, spreadsheet_id: str) -> None:
        self._denied.pop(spreadsheet_id, None)

    def reset_calls(self) -> None:
        """Forget recorded calls, exchanges and byte counts."""
        with self._lock:
            self.calls.clear()
            self.exchanges.clear()
            self.bytes_sent = 0
            self.bytes_received = 0

    def api_calls(self) -> dict[str, int]:
        """Sheets API calls so far, as {"read": n, "write": m} (Drive not included)."""
        counts = {"read": 0, "write": 0}
        for method, url in self.calls:
            if urlsplit(url).hostname != SHEETS_HOST:
                continue
            method_id = self._method_id(method, url)
            if method == "GET" or method_id in _READ_ONLY_POSTS:
                counts["read"] += 1
            else:
                counts["write"] += 1
        return counts

    # ----------------------------------------------------------------------------------
    # State helpers for tests
    # ----------------------------------------------------------------------------------

    def create_spreadsheet(
        self,
        title: str,
        sheets: dict[str, list[list[Any]]] | None = None,
        locale: str = "en_US",
        time_zone: str = "Etc/GMT",
    ) -> str:
        """A spreadsheet holding ``sheets`` ({title: rows}); values as Sheets stores them:
        numbers (serial dates included), strings, bools, None or "" for empty. ``date`` and
        ``datetime`` objects become serial numbers with a date format, like typed dates."""
        with self._lock:
            workbook = self._new_workbook(title, locale, time_zone, with_default_sheet=False)
            for index, (sheet_title, rows) in enumerate((sheets or {"Sheet1": []}).items()):
                if workbook.by_title(sheet_title) is not None:
                    raise ValueError(f"two tabs named {sheet_title!r} (titles ignore case)")
                sheet_id = 0 if index == 0 else self._unused_sheet_id(workbook)
                width = max((len(row) for row in rows), default=0)
                sheet = Sheet(
                    {
                        "sheetId": sheet_id,
                        "title": sheet_title,
                        "index": index,
                        "sheetType": "GRID",
                        "gridProperties": {
                            "rowCount": max(DEFAULT_ROWS, len(rows)),
                            "columnCount": max(DEFAULT_COLUMNS, width),
                        },
                    }
                )
                sheet.rows = [
                    [
                        value if value.__class__ in _BARE and value != "" else _stored(value)
                        for value in row
                    ]
                    for row in rows
                ]
                sheet.compact()
                workbook.sheets.append(sheet)
            self._books[workbook.spreadsheet_id] = workbook
            return workbook.spreadsheet_id

    def spreadsheet(self, spreadsheet_id: str) -> Workbook:
        """The live state of a spreadsheet, for assertions: ``.properties``, ``.sheets``
        (each a Sheet with ``.properties``, ``.protected_ranges``, ``.charts``,
        ``.conditional_formats``, ``.merges``, ``.row_meta``, ``.column_meta``, cells via
        ``.get(row, col)``) and ``.developer_metadata``. Treat it as read-only."""
        try:
            return self._books[spreadsheet_id]
        except KeyError:
            raise KeyError(f"no spreadsheet {spreadsheet_id!r} in the fake") from None

    def spreadsheet_json(
        self,
        spreadsheet_id: str,
        fields: str | None = None,
        include_grid_data: bool = False,
        ranges: list[str] | None = None,
    ) -> dict[str, Any]:
        """What spreadsheets.get would answer, without going through HTTP or counting."""
        with self._lock:
            workbook = self.spreadsheet(spreadsheet_id)
            return json.loads(
                json.dumps(
                    self._get_spreadsheet(
                        workbook, fields, include_grid_data, ranges or [], validate_mask=False
                    )
                )
            )

    def values(self, spreadsheet_id: str, title: str) -> list[list[Any]]:
        """A tab's unformatted values (dates as serial numbers), trailing empties trimmed."""
        with self._lock:
            workbook = self.spreadsheet(spreadsheet_id)
            sheet = workbook.by_title(title)
            if sheet is None:
                raise KeyError(f"no tab {title!r} in {workbook.title!r}")
            block = Block(sheet, 0, sheet.row_count, 0, sheet.column_count)
            return self._reader(workbook).values(block, "UNFORMATTED_VALUE", "SERIAL_NUMBER")

    def cell(self, spreadsheet_id: str, a1_range: str) -> dict[str, Any]:
        """One cell as CellData (userEnteredValue, formattedValue, userEnteredFormat,
        note, dataValidation...), e.g. ``fake.cell(sid, "'KPI Status'!B2")``."""
        with self._lock:
            workbook = self.spreadsheet(spreadsheet_id)
            sheet, parsed = parse_a1(workbook, a1_range)
            row, col = parsed.start_row or 0, parsed.start_col or 0
            data = self._reader(workbook).cell_data(sheet, row, col, sheet.get(row, col))
            return json.loads(json.dumps(data))

    def set_values(
        self,
        spreadsheet_id: str,
        title: str,
        rows: list[list[Any]],
        value_input: str = "RAW",
        start: str = "A1",
    ) -> None:
        """Write values as a person (``value_input="USER_ENTERED"``) or program would,
        growing the grid if needed. Not counted as an API call."""
        with self._lock:
            workbook = self.spreadsheet(spreadsheet_id).fork()
            sheet, parsed = parse_a1(workbook, f"{_quoted(title)}!{start}")
            values_api.write_values(
                workbook,
                sheet,
                parsed.start_row or 0,
                parsed.start_col or 0,
                (None, None),
                rows,
                "ROWS",
                value_input,
                start,
                grow=True,
            )
            self._commit(workbook)

    def add_sheet(
        self, spreadsheet_id: str, title: str, rows: list[list[Any]] | None = None
    ) -> int:
        """A person adds a tab; returns its sheetId."""
        with self._lock:
            workbook = self.spreadsheet(spreadsheet_id).fork()
            reply = batch_update.apply(
                workbook,
                [{"addSheet": {"properties": {"title": title}}}],
                self._rng,
                self.account_email,
            )
            self._commit(workbook)
        if rows:
            self.set_values(spreadsheet_id, title, rows)
        return reply[0]["addSheet"]["properties"]["sheetId"]

    def rename_sheet(self, spreadsheet_id: str, old: str, new: str) -> None:
        """A person renames a tab (its sheetId and developer metadata stay)."""
        with self._lock:
            workbook = self.spreadsheet(spreadsheet_id).fork()
            sheet = workbook.by_title(old)
            if sheet is None:
                raise KeyError(f"no tab {old!r}")
            batch_update.apply(
                workbook,
                [
                    {
                        "updateSheetProperties": {
                            "properties": {"sheetId": sheet.sheet_id, "title": new},
                            "fields": "title",
                        }
                    }
                ],
                self._rng,
                self.account_email,
            )
            self._commit(workbook)

    def move_sheet(self, spreadsheet_id: str, title: str, index: int) -> None:
        """A person drags a tab to position ``index`` (0-based, after the move)."""
        with self._lock:
            workbook = self.spreadsheet(spreadsheet_id).fork()
            sheet = workbook.by_title(title)
            if sheet is None:
                raise KeyError(f"no tab {title!r}")
            workbook.sheets.remove(sheet)
            workbook.sheets.insert(index, sheet)
            workbook.reindex()
            self._commit(workbook)

    def delete_sheet(self, spreadsheet_id: str, title: str) -> None:
        """A person deletes a tab."""
        with self._lock:
            workbook = self.spreadsheet(spreadsheet_id).fork()
            sheet = workbook.by_title(title)
            if sheet is None:
                raise KeyError(f"no tab {title!r}")
            batch_update.apply(
                workbook,
                [{"deleteSheet": {"sheetId": sheet.sheet_id}}],
                self._rng,
                self.account_email,
            )
            self._commit(workbook)

    def batch_update(self, spreadsheet_id: str, requests_: list[dict[str, Any]]) -> list[dict]:
        """Apply batchUpdate requests directly (a person's edits), returning the replies."""
        with self._lock:
            workbook = self.spreadsheet(spreadsheet_id).fork()
            replies = batch_update.apply(workbook, requests_, self._rng, self.account_email)
            self._commit(workbook)
            return replies

    # ----------------------------------------------------------------------------------
    # Request handling
    # ----------------------------------------------------------------------------------

    def _handle(self, request: requests.PreparedRequest, adapter: FakeAdapter) -> requests.Response:
        method = (request.method or "GET").upper()
        url = request.url or ""
        body = request.body or b""
        if isinstance(body, str):
            body = body.encode("utf-8")
        host = urlsplit(url).hostname
        if host == OAUTH_HOST:
            self.token_requests += 1
            token = {
                "access_token": f"fake-access-token-{self.token_requests}",
                "expires_in": 3599,
                "token_type": "Bearer",
            }
            return self._response(request, adapter, _Answer(200, token), counted=False)
        for hook in list(self._hooks):
            if hook.method is None or hook.method.upper() == method:
                self._hooks.remove(hook)
                hook.callback()
                break
        with self._lock:
            self.calls.append((method, url))
            self.bytes_sent += len(body)
            fault = self._take_fault(method)
            if fault is not None and fault.kind == "exception":
                exception = fault.exception
                if isinstance(exception, type):
                    exception = (
                        exception(f"Injected by the Sheets fake: {method} {url}", request=request)
                        if issubclass(exception, requests.exceptions.RequestException)
                        else exception(f"Injected by the Sheets fake: {method} {url}")
                    )
                raise exception
            if fault is not None and fault.kind == "status":
                answer = self._fault_answer(fault)
            else:
                answer = self._dispatch(method, url, body, request.headers)
            response = self._response(request, adapter, answer)
            if self.record_exchanges:
                self.exchanges.append(
                    Exchange(
                        method,
                        url,
                        answer.method_id,
                        _json_or_none(body),
                        answer.status,
                        _json_or_none(response.content),
                    )
                )
            if fault is not None and fault.kind == "timeout":
                raise requests.exceptions.ReadTimeout(
                    f"Injected by the Sheets fake after applying {method} {url}", request=request
                )
            return response

    def _take_fault(self, method: str) -> _Fault | None:
        for fault in self._faults:
            if fault.matches(method):
                fault.times -= 1
                if fault.times <= 0:
                    self._faults.remove(fault)
                return fault
        return None

    def _fault_answer(self, fault: _Fault) -> _Answer:
        headers: dict[str, str] = {}
        if fault.retry_after is not None:
            headers["Retry-After"] = str(fault.retry_after)
        if fault.body is None:
            return _Answer(fault.status, ApiError(fault.status).to_json(), headers)
        if isinstance(fault.body, dict):
            return _Answer(fault.status, fault.body, headers)
        raw = fault.body.encode("utf-8") if isinstance(fault.body, str) else fault.body
        headers["Content-Type"] = (
            "application/json; charset=UTF-8"
            if raw.lstrip().startswith(b"{")
            else "text/html; charset=UTF-8"
        )
        return _Answer(fault.status, None, headers, raw=raw)

    def _response(
        self,
        request: requests.PreparedRequest,
        adapter: BaseAdapter,
        answer: _Answer,
        counted: bool = True,
    ) -> requests.Response:
        response = requests.Response()
        response.status_code = answer.status
        try:
            response.reason = HTTPStatus(answer.status).phrase
        except ValueError:
            response.reason = "Unknown"
        headers = {"Content-Type": "application/json; charset=UTF-8"}
        if answer.raw is not None:
            content = answer.raw
        elif answer.payload is None:
            content = b""
            headers["Content-Type"] = "text/html"
        else:
            content = json.dumps(answer.payload, ensure_ascii=False, separators=(",", ":")).encode(
                "utf-8"
            )
        headers.update(answer.headers)
        headers["Content-Length"] = str(len(content))
        response.headers = CaseInsensitiveDict(headers)
        response._content = content
        response._content_consumed = True
        response.raw = io.BytesIO(content)
        response.encoding = "utf-8"
        response.url = request.url or ""
        response.request = request
        response.connection = adapter
        if counted:
            self.bytes_received += len(content)
        return response

    def _method_id(self, method: str, url: str) -> str | None:
        try:
            return self._route(method, url)[0]
        except ApiError:
            return None

    def _route(self, method: str, url: str) -> tuple[str, dict[str, Any]]:
        """(method id, path arguments) of a URL, or a 404 like Google's for unknown paths."""
        parts = urlsplit(url)
        segments = [unquote(segment) for segment in parts.path.split("/")][1:]
        host = parts.hostname
        if host == DRIVE_HOST and segments[:3] == ["drive", "v3", "files"]:
            rest = segments[3:]
            if not rest or rest == [""]:
                if method == "POST":
                    return "drive.files.create", {}
                if method == "GET":
                    return "drive.files.list", {}
            elif len(rest) == 1:
                ids = {"fileId": rest[0]}
                route = {
                    "GET": "drive.files.get",
                    "DELETE": "drive.files.delete",
                    "PATCH": "drive.files.update",
                }.get(method)
                if route:
                    return route, ids
            raise unimplemented(f"Drive {method} {parts.path}")
        if host != SHEETS_HOST or segments[:2] != ["v4", "spreadsheets"]:
            raise ApiError(404, f"The requested URL {parts.path} was not found on this server.")
        rest = segments[2:]
        if not rest:
            if method == "POST":
                return "sheets.spreadsheets.create", {}
            raise ApiError(404, f"The requested URL {parts.path} was not found on this server.")
        spreadsheet_id, _, verb = rest[0].partition(":")
        args: dict[str, Any] = {"spreadsheetId": spreadsheet_id}
        if len(rest) == 1:
            if verb == "" and method == "GET":
                return "sheets.spreadsheets.get", args
            if verb == "batchUpdate" and method == "POST":
                return "sheets.spreadsheets.batchUpdate", args
            if verb == "getByDataFilter" and method == "POST":
                return "sheets.spreadsheets.getByDataFilter", args
        elif rest[1].startswith("values"):
            head, _, values_verb = rest[1].partition(":")
            if head == "values" and len(rest) == 2 and values_verb:
                methods = {
                    ("GET", "batchGet"): "sheets.spreadsheets.values.batchGet",
                    ("POST", "batchUpdate"): "sheets.spreadsheets.values.batchUpdate",
                    ("POST", "batchClear"): "sheets.spreadsheets.values.batchClear",
                    ("POST", "batchGetByDataFilter"): (
                        "sheets.spreadsheets.values.batchGetByDataFilter"
                    ),
                    ("POST", "batchUpdateByDataFilter"): (
                        "sheets.spreadsheets.values.batchUpdateByDataFilter"
                    ),
                    ("POST", "batchClearByDataFilter"): (
                        "sheets.spreadsheets.values.batchClearByDataFilter"
                    ),
                }
                found = methods.get((method, values_verb))
                if found:
                    return found, args
            elif head == "values" and len(rest) >= 3:
                range_text = "/".join(rest[2:])
                for suffix, post_id in (
                    (":clear", "sheets.spreadsheets.values.clear"),
                    (":append", "sheets.spreadsheets.values.append"),
                ):
                    if range_text.endswith(suffix) and method == "POST":
                        args["range"] = range_text[: -len(suffix)]
                        return post_id, args
                args["range"] = range_text
                if method == "GET":
                    return "sheets.spreadsheets.values.get", args
                if method == "PUT":
                    return "sheets.spreadsheets.values.update", args
        elif rest[1].startswith("developerMetadata"):
            if rest[1] == "developerMetadata:search" and method == "POST":
                return "sheets.spreadsheets.developerMetadata.search", args
            if rest[1] == "developerMetadata" and len(rest) == 3 and method == "GET":
                args["metadataId"] = rest[2]
                return "sheets.spreadsheets.developerMetadata.get", args
        elif rest[1] == "sheets" and len(rest) == 3 and rest[2].endswith(":copyTo"):
            args["sheetId"] = rest[2][: -len(":copyTo")]
            return "sheets.spreadsheets.sheets.copyTo", args
        raise ApiError(404, f"The requested URL {parts.path} was not found on this server.")

    def _dispatch(self, method: str, url: str, body: bytes, headers: Any) -> _Answer:
        method_id: str | None = None
        try:
            method_id, args = self._route(method, url)
            params = parse_qs(urlsplit(url).query, keep_blank_values=True)
            if self.require_auth and not str(headers.get("Authorization", "")).startswith(
                "Bearer "
            ):
                raise ApiError(401)
            payload = None
            if body:
                try:
                    payload = json.loads(body)
                except ValueError:
                    raise invalid(
                        "Invalid JSON payload received. Unexpected token.\n"
                        + body[:40].decode("utf-8", "replace")
                    ) from None
            if method_id.startswith("drive."):
                return self._drive(method_id, args, params, payload)
            if self.validate:
                self._validate_request(method_id, params, payload)
            status, result = self._sheets(method_id, args, params, payload or {})
            answer = _Answer(status, result, method_id=method_id)
        except ApiError as error:
            return _Answer(error.code, error.to_json(), method_id=method_id)
        if self.validate_responses and answer.payload is not None:
            self._validate_response(method_id, answer.payload)
        return answer

    def _validate_request(self, method_id: str, params: dict, payload: Any) -> None:
        violations = discovery.check_query(method_id, params)
        if violations:
            raise field_violations(violations)
        schema = discovery.request_schema_name(method_id)
        if schema is not None and payload is not None:
            root = (
                "data"
                if method_id
                in (
                    "sheets.spreadsheets.values.update",
                    "sheets.spreadsheets.values.append",
                )
                else ""
            )
            violations = discovery.check_body(schema, payload, root)
            if violations:
                raise field_violations(violations[:20])

    def _validate_response(self, method_id: str, payload: Any) -> None:
        schema = discovery.response_schema_name(method_id)
        if schema is None or "error" in payload:
            return
        violations = discovery.check_body(schema, payload)
        if violations:
            raise AssertionError(
                f"The Sheets fake answered {method_id} with a body outside the discovery "
                f"schema: {violations[:5]}"
            )

    # -- Sheets ------------------------------------------------------------------------

    def _workbook(self, spreadsheet_id: str) -> Workbook:
        if spreadsheet_id in self._denied:
            raise ApiError(self._denied[spreadsheet_id])
        workbook = self._books.get(spreadsheet_id)
        if workbook is None:
            raise not_found()
        return workbook

    def _reader(self, workbook: Workbook) -> Reader:
        return Reader(workbook, lambda: today_in(workbook.time_zone, self.clock()))

    def _commit(self, workbook: Workbook) -> None:
        for sheet in workbook.sheets:
            if workbook.owns(sheet):
                sheet.compact()
        workbook.modified_time = self._timestamp()
        self._books[workbook.spreadsheet_id] = workbook

    def _sheets(
        self, method_id: str, args: dict[str, Any], params: dict, payload: dict[str, Any]
    ) -> tuple[int, Any]:
        if method_id == "sheets.spreadsheets.create":
            return 200, self._create_via_sheets(payload, params)
        workbook = self._workbook(args["spreadsheetId"])
        fields = (params.get("fields") or [None])[0]
        if method_id == "sheets.spreadsheets.get":
            include = (params.get("includeGridData") or ["false"])[0].lower() == "true"
            ranges = params.get("ranges") or []
            return 200, self._get_spreadsheet(workbook, fields, include, ranges)
        reader = self._reader(workbook)
        result: Any
        if method_id == "sheets.spreadsheets.values.get":
            result = values_api.get(workbook, reader, args["range"], params)
        elif method_id == "sheets.spreadsheets.values.batchGet":
            result = values_api.batch_get(workbook, reader, params)
        elif method_id == "sheets.spreadsheets.developerMetadata.get":
            result = self._metadata_get(workbook, args["metadataId"])
        elif method_id == "sheets.spreadsheets.developerMetadata.search":
            result = self._metadata_search(workbook, payload)
        else:
            result = self._write(method_id, workbook, args, params, payload)
        return 200, _select(result, fields)

    def _write(
        self,
        method_id: str,
        workbook: Workbook,
        args: dict[str, Any],
        params: dict,
        payload: dict[str, Any],
    ) -> Any:
        """Every write runs on a fork and is committed only if it completes."""
        txn = workbook.fork()
        if method_id == "sheets.spreadsheets.batchUpdate":
            replies = batch_update.apply(
                txn, payload.get("requests") or [], self._rng, self.account_email
            )
            result: dict[str, Any] = {"spreadsheetId": txn.spreadsheet_id, "replies": replies}
            if payload.get("includeSpreadsheetInResponse"):
                result["updatedSpreadsheet"] = self._spreadsheet_payload(
                    txn,
                    None,
                    bool(payload.get("responseIncludeGridData")),
                    payload.get("responseRanges") or [],
                )
        elif method_id == "sheets.spreadsheets.values.update":
            result = values_api.update(txn, self._reader, args["range"], params, payload)
        elif method_id == "sheets.spreadsheets.values.batchUpdate":
            result = values_api.batch_update(txn, self._reader, params, payload)
        elif method_id == "sheets.spreadsheets.values.append":
            result = values_api.append(txn, self._reader, args["range"], params, payload)
        elif method_id == "sheets.spreadsheets.values.clear":
            result = values_api.clear(txn, args["range"])
        elif method_id == "sheets.spreadsheets.values.batchClear":
            result = values_api.batch_clear(txn, payload)
        else:
            raise unimplemented(method_id)
        self._commit(txn)
        return result

    def _spreadsheet_payload(
        self, workbook: Workbook, tree: field_mask.Tree | None, include: bool, ranges: list[str]
    ) -> dict[str, Any]:
        blocks = None
        if ranges:
            blocks = []
            for range_text in ranges:
                sheet, parsed = parse_a1(workbook, range_text)
                blocks.append(clamp_block(sheet, parsed, range_text))
        # "includeGridData is ignored if a field mask was set": the mask decides.
        with_grid = field_mask.wants(tree, "sheets", "data") if tree is not None else include
        return spreadsheet_json(workbook, self._reader(workbook), blocks, with_grid)

    def _get_spreadsheet(
        self,
        workbook: Workbook,
        fields: str | None,
        include: bool,
        ranges: list[str],
        validate_mask: bool = True,
    ) -> dict[str, Any]:
        tree = _parse_fields(fields, "Spreadsheet" if validate_mask else None)
        payload = self._spreadsheet_payload(workbook, tree, include, ranges)
        return field_mask.select(payload, tree) if tree is not None else payload

    def _create_via_sheets(self, payload: dict[str, Any], params: dict) -> dict[str, Any]:
        properties = payload.get("properties") or {}
        workbook = self._new_workbook(
            properties.get("title") or "Untitled spreadsheet",
            properties.get("locale") or "en_US",
            properties.get("timeZone") or "Etc/GMT",
            with_default_sheet=not payload.get("sheets"),
        )
        requests_ = []
        for sheet in payload.get("sheets") or []:
            if sheet.get("data"):
                raise unimplemented("spreadsheets.create with grid data")
            requests_.append({"addSheet": {"properties": sheet.get("properties") or {}}})
        if requests_:
            batch_update.apply(workbook, requests_, self._rng, self.account_email)
        self._books[workbook.spreadsheet_id] = workbook
        fields = (params.get("fields") or [None])[0]
        return self._get_spreadsheet(workbook, fields, False, [])

    def _metadata_get(self, workbook: Workbook, metadata_id: str) -> dict[str, Any]:
        for item in workbook.developer_metadata:
            if str(item["metadataId"]) == metadata_id:
                return item
        raise not_found()

    def _metadata_search(self, workbook: Workbook, payload: dict[str, Any]) -> dict[str, Any]:
        matched = []
        for data_filter in payload.get("dataFilters") or []:
            lookup = batch_update.data_filter_lookup(None, data_filter)
            for item in workbook.developer_metadata:
                if batch_update.metadata_matches(item, lookup):
                    matched.append({"developerMetadata": item, "dataFilters": [data_filter]})
        return {"matchedDeveloperMetadata": matched} if matched else {}

    # -- Drive -------------------------------------------------------------------------

    def _drive(self, method_id: str, args: dict[str, Any], params: dict, payload: Any) -> _Answer:
        fields = (params.get("fields") or [None])[0]
        if method_id == "drive.files.create":
            payload = payload or {}
            if payload.get("mimeType") != SPREADSHEET_MIME:
                raise unimplemented("Drive files that are not Google spreadsheets")
            workbook = self._new_workbook(
                payload.get("name") or "Untitled spreadsheet", "en_US", "Etc/GMT", True
            )
            self._books[workbook.spreadsheet_id] = workbook
            body = {
                "kind": "drive#file",
                "id": workbook.spreadsheet_id,
                "name": workbook.title,
                "mimeType": SPREADSHEET_MIME,
            }
            return _Answer(200, _select(body, fields), method_id=method_id)
        if method_id == "drive.files.list":
            query = (params.get("q") or [""])[0]
            files = [
                _file_resource(workbook)
                for workbook in self._books.values()
                if _drive_query_matches(query, workbook)
            ]
            body = {"kind": "drive#fileList", "incompleteSearch": False, "files": files}
            return _Answer(200, _select(body, fields), method_id=method_id)
        file_id = args["fileId"]
        workbook = self._books.get(file_id)
        if workbook is None or file_id in self._denied:
            raise _DriveError(404, f"File not found: {file_id}.")
        if method_id == "drive.files.get":
            resource = _file_resource(workbook)
            if not fields:
                resource = {key: resource[key] for key in ("kind", "id", "name", "mimeType")}
            return _Answer(200, _select(resource, fields), method_id=method_id)
        if method_id == "drive.files.delete":
            del self._books[file_id]
            return _Answer(204, None, method_id=method_id)
        if method_id == "drive.files.update":
            name = (payload or {}).get("name")
            if name:
                txn = workbook.fork()
                txn.properties["title"] = name
                self._commit(txn)
                workbook = txn
            resource = _file_resource(workbook)
            return _Answer(200, _select(resource, fields), method_id=method_id)
        raise unimplemented(method_id)

    # -- ids and time ------------------------------------------------------------------

    def _timestamp(self) -> str:
        now = self.clock().astimezone(dt.UTC)
        return now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"

    def _new_workbook(
        self, title: str, locale: str, time_zone: str, with_default_sheet: bool
    ) -> Workbook:
        alphabet = string.ascii_letters + string.digits + "-_"
        while True:
            spreadsheet_id = "1" + "".join(self._rng.choice(alphabet) for _ in range(43))
            if spreadsheet_id not in self._books:
                break
        properties = {
            "title": title,
            "locale": locale,
            "autoRecalc": "ON_CHANGE",
            "timeZone": time_zone,
            "defaultFormat": json.loads(json.dumps(DEFAULT_FORMAT)),
            "spreadsheetTheme": json.loads(json.dumps(DEFAULT_THEME)),
        }
        workbook = Workbook(spreadsheet_id, properties, self._timestamp())
        if with_default_sheet:
            workbook.sheets.append(
                Sheet(
                    {
                        "sheetId": 0,
                        "title": "Sheet1",
                        "index": 0,
                        "sheetType": "GRID",
                        "gridProperties": {
                            "rowCount": DEFAULT_ROWS,
                            "columnCount": DEFAULT_COLUMNS,
                        },
                    }
                )
            )
        return workbook

    def _unused_sheet_id(self, workbook: Workbook) -> int:
        while True:
            candidate = self._rng.randrange(1, 2**31 - 1)
            if workbook.by_id(candidate) is None:
                return candidate


# --------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------


def _quoted(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def _stored(value: Any) -> Any:
    """A value given to create_spreadsheet as Sheets would store it."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return Cell(to_serial(value), fmt=_DATE_TIME_FORMAT)
    if isinstance(value, dt.date):
        return Cell(to_serial(value), fmt=_DATE_FORMAT)
    if value.__class__ is float and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"the Sheets fake cannot store {value!r}")


def _json_or_none(body: bytes) -> Any:
    if not body:
        return None
    try:
        return json.loads(body)
    except ValueError:
        return body


def _parse_fields(fields: str | None, schema: str | None) -> field_mask.Tree | None:
    if not fields:
        return None
    try:
        tree = field_mask.parse(fields)
    except field_mask.FieldMaskError:
        raise invalid(f"Invalid field selection {fields}") from None
    if schema:
        bad = discovery.unknown_mask_paths(tree, schema)
        if bad:
            raise invalid(f"Invalid field selection {bad[0]}")
    return tree


def _select(body: Any, fields: str | None) -> Any:
    if not fields or body is None:
        return body
    try:
        return field_mask.select(body, field_mask.parse(fields))
    except field_mask.FieldMaskError:
        raise invalid(f"Invalid field selection {fields}") from None


def _file_resource(workbook: Workbook) -> dict[str, Any]:
    return {
        "kind": "drive#file",
        "id": workbook.spreadsheet_id,
        "name": workbook.title,
        "mimeType": SPREADSHEET_MIME,
        "createdTime": workbook.created_time,
        "modifiedTime": workbook.modified_time,
    }


def _drive_query_matches(query: str, workbook: Workbook) -> bool:
    """The two clauses gspread writes: ``mimeType="..."`` and ``name = "..."``."""
    import re

    for field, value in re.findall(r"(\w+)\s*=\s*[\"']((?:[^\"'\\]|\\.)*)[\"']", query):
        if field == "mimeType" and value != SPREADSHEET_MIME:
            return False
        if field == "name" and value.replace("\\'", "'") != workbook.title:
            return False
    return True

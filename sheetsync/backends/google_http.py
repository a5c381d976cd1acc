"""HTTP to the Sheets API: gspread's HTTPClient with our own bounded retry policy.

gspread 6.2.1's BackOffHTTPClient retries forever, ignores Retry-After and cannot see the
status of a non-JSON 5xx (its APIError says code -1). This client retries 408, 429, 5xx,
rate-limit 403s, connection errors and timeouts with exponential backoff and jitter,
honours Retry-After, and gives up (`GaveUp`) once the total wait of one operation would
pass a cap. A write that may have been applied is never resent here: it raises
`MaybeApplied` so the backend can re-read the spreadsheet before deciding.
"""

from __future__ import annotations

import email.utils
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import requests
from gspread.exceptions import APIError
from gspread.http_client import HTTPClient

from sheetsync.contracts import ApiCalls

RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
# A Drive-style 403 that means "slow down", not "forbidden".
RATE_LIMIT_REASONS = frozenset(
    {"rateLimitExceeded", "userRateLimitExceeded", "RATE_LIMIT_EXCEEDED"}
)


class GaveUp(Exception):
    """Retries of one operation ran out of their time budget."""

    def __init__(self, failure: str, attempts: Attempts, retry_after: float | None = None):
        super().__init__(failure)
        self.failure = failure
        self.tries = len(attempts.failures)  # every failure was one try
        self.waited = attempts.waited
        self.budget = attempts.policy.total_seconds
        self.retry_after = retry_after
        self.maybe_applied = attempts.maybe_applied


class MaybeApplied(Exception):
    """A write got no answer it can trust (timeout, dropped connection, 5xx): it may have
    been applied, so it must not simply be sent again."""

    def __init__(self, failure: str):
        super().__init__(failure)
        self.failure = failure


class CredentialsRefused(Exception):
    """Google would not give an access token for the credentials (revoked, expired, bad key)."""


@dataclass
class RetryPolicy:
    """Exponential backoff with jitter under a cap on the total wait of one operation."""

    total_seconds: float = 120.0
    first_delay: float = 1.0
    max_delay: float = 32.0
    sleep: Callable[[float], None] = time.sleep
    jitter: Callable[[], float] = random.random  # in [0, 1)

    def delay(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return max(0.0, retry_after)  # the server said how long; believe it
        backoff = min(self.max_delay, self.first_delay * 2**attempt)
        # "Equal jitter": between half and all of the backoff, so clients spread out but
        # never hammer the API with near-zero waits.
        return backoff * (0.5 + self.jitter() / 2)


@dataclass
class Attempts:
    """The retries of one operation (info, read or write), sharing one wait budget."""

    policy: RetryPolicy
    waited: float = 0.0
    maybe_applied: bool = False
    failures: list[str] = field(default_factory=list)

    def wait(self, failure: str, retry_after: float | None = None) -> None:
        """Sleep before the next try, or raise GaveUp when that would pass the budget."""
        self.failures.append(failure)
        delay = self.policy.delay(len(self.failures) - 1, retry_after)
        if self.waited + delay > self.policy.total_seconds:
            raise GaveUp(failure, self, retry_after)
        self.policy.sleep(delay)
        self.waited += delay


def retry_after_seconds(response: requests.Response) -> float | None:
    """Retry-After as seconds: a number of seconds or an HTTP date."""
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def error_of(response: requests.Response) -> dict[str, Any]:
    """Google's error object, or an empty one when the body is not Google's JSON."""
    try:
        body = response.json()
    except ValueError:
        return {}
    error = body.get("error") if isinstance(body, dict) else None
    return error if isinstance(error, dict) else {}


def reasons_of(error: dict[str, Any]) -> set[str]:
    found = {e.get("reason") for e in error.get("errors") or [] if isinstance(e, dict)}
    for detail in error.get("details") or []:
        if isinstance(detail, dict):
            found.add(detail.get("reason"))
    return {r for r in found if r}


def describe_response(response: requests.Response) -> str:
    """`HTTP 503 (The service is currently unavailable.)`: what a person reads."""
    # A non-JSON body is an HTML error page: its status phrase is all a person needs.
    message = error_of(response).get("message") or response.reason or ""
    return f"HTTP {response.status_code}" + (f" ({message})" if message else "")


def _describe_exception(exc: Exception) -> str:
    if isinstance(exc, requests.Timeout):
        return "the request timed out"
    return f"connection failed ({type(exc).__name__})"


_TRANSIENT = (
    requests.ConnectionError,
    requests.Timeout,
    requests.exceptions.ChunkedEncodingError,
)


class SheetsHTTPClient(HTTPClient):
    """gspread's HTTP client over any requests.Session, with bounded retries and call counts.

    `credentials` (google-auth), when given, authorise each request on the session; without
    them the session is used as it is (a session that authenticates itself, or a test fake).
    """

    def __init__(
        self,
        session: requests.Session,
        credentials: Any,
        policy: RetryPolicy,
        calls: ApiCalls,
        timeout: float | tuple[float, float] | None,
    ) -> None:
        super().__init__(auth=None, session=session)  # type: ignore[arg-type]
        self.credentials = credentials
        self.policy = policy
        self.calls = calls
        self.timeout = timeout
        self._attempts: Attempts | None = None

    @contextmanager
    def operation(self) -> Iterator[Attempts]:
        """Every request inside shares one retry budget."""
        outer = self._attempts
        self._attempts = attempts = outer or Attempts(self.policy)
        try:
            yield attempts
        finally:
            self._attempts = outer

    def _authorize(self, method: str, url: str, headers: dict[str, str]) -> None:
        if self.credentials is None:
            return
        import google.auth.exceptions
        from google.auth.transport.requests import Request

        try:
            self.credentials.before_request(Request(self.session), method.upper(), url, headers)
        except google.auth.exceptions.RefreshError as exc:
            raise CredentialsRefused(str(exc)) from exc

    def request(
        self,
        method: str,
        endpoint: str,
        params: Any = None,
        data: Any = None,
        json: Any = None,
        files: Any = None,
        headers: Any = None,
    ) -> requests.Response:
        import google.auth.exceptions

        attempts = self._attempts or Attempts(self.policy)
        write = method.lower() != "get"
        refreshed = False
        while True:
            sent_headers = dict(headers or {})
            try:
                self._authorize(method, endpoint, sent_headers)
            except google.auth.exceptions.TransportError as exc:  # token endpoint unreachable
                attempts.wait(_describe_exception(exc))
                continue
            if write:
                self.calls.write += 1
            else:
                self.calls.read += 1
            try:
                response = self.session.request(
                    method=method,
                    url=endpoint,
                    json=json,
                    params=params,
                    data=data,
                    files=files,
                    headers=sent_headers,
                    timeout=self.timeout,
                )
            except requests.exceptions.SSLError:
                raise  # a certificate problem does not go away by waiting
            except _TRANSIENT as exc:
                failure = _describe_exception(exc)
                if write and not isinstance(exc, requests.ConnectTimeout):
                    attempts.maybe_applied = True
                    raise MaybeApplied(failure) from exc
                attempts.wait(failure)
                continue
            if response.ok:
                return response
            status = response.status_code
            if status == 401 and self.credentials is not None and not refreshed:
                # An access token can expire between check and use: refresh once.
                refreshed = True
                self._refresh()
                continue
            rate_limited = status == 403 and bool(
                reasons_of(error_of(response)) & RATE_LIMIT_REASONS
            )
            if status in RETRY_STATUSES or rate_limited:
                failure = describe_response(response)
                if write and status >= 500:
                    attempts.maybe_applied = True
                    raise MaybeApplied(failure)
                attempts.wait(failure, retry_after_seconds(response))
                continue
            raise APIError(response)

    def _refresh(self) -> None:
        import google.auth.exceptions
        from google.auth.transport.requests import Request

        try:
            self.credentials.refresh(Request(self.session))
        except google.auth.exceptions.RefreshError as exc:
            raise CredentialsRefused(str(exc)) from exc

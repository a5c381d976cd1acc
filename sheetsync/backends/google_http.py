"""HTTP to the Sheets API: gspread's HTTPClient with our own bounded retry policy.

gspread 6.2.1's BackOffHTTPClient retries forever, ignores Retry-After and cannot see the
status of a non-JSON 5xx (its APIError says code -1). This client retries 408, 429, 5xx,
rate-limit 403s, connection errors and timeouts with exponential backoff and jitter (a
Retry-After may lengthen a wait, never shorten it), and gives up (`GaveUp`) once the run's
retry budget, waits and time in requests together, would be passed. A write that may have
been applied is never resent here: it raises `MaybeApplied` so the backend can re-read the
spreadsheet before deciding.
"""

from __future__ import annotations

import email.utils
import math
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
    """Exponential backoff with jitter, under one retry budget for the whole run.

    The budget counts the time spent in requests as well as the waits, so a server that
    hangs cannot stretch a 10 s budget to 18 s: each request gets at most what is left of
    the budget as its timeout, and no retry starts that would pass it. (A run's requests
    take seconds, so the default 120 s is there for the retries.)
    """

    total_seconds: float = 120.0
    first_delay: float = 1.0
    max_delay: float = 32.0
    sleep: Callable[[float], None] = time.sleep
    jitter: Callable[[], float] = random.random  # in [0, 1)
    clock: Callable[[], float] = time.monotonic
    in_requests: float = 0.0  # seconds spent waiting for answers, this run
    slept: float = 0.0  # seconds spent waiting between tries

    def delay(self, attempt: int, retry_after: float | None) -> float:
        """The wait before retry number `attempt` (0 for the first): the backoff, 1, 2, 4 …
        32 s plus up to half again at random, so clients spread out and never hammer the API
        with near-zero waits. Retry-After can only lengthen it."""
        backoff = min(self.max_delay, self.first_delay * 2**attempt)
        wait = backoff * (1 + self.jitter() / 2)
        if retry_after is not None and math.isfinite(retry_after) and retry_after > wait:
            return retry_after
        return wait

    def used(self) -> float:
        return self.in_requests + self.slept

    def left(self) -> float:
        return self.total_seconds - self.used()


@dataclass
class Attempts:
    """The retries of one operation (info, read or write); the budget is the run's."""

    policy: RetryPolicy
    waited: float = 0.0
    maybe_applied: bool = False
    failures: list[str] = field(default_factory=list)

    def wait(self, failure: str, retry_after: float | None = None) -> None:
        """Sleep before the next try, or raise GaveUp when that would pass the budget."""
        self.failures.append(failure)
        policy = self.policy
        delay = policy.delay(len(self.failures) - 1, retry_after)
        if delay > policy.left():
            self.waited = policy.used()
            raise GaveUp(failure, self, retry_after)
        policy.sleep(delay)
        policy.slept += delay
        self.waited = policy.used()


def retry_after_seconds(response: requests.Response) -> float | None:
    """Retry-After as seconds (a number of seconds or an HTTP date), or None when it asks
    for no wait at all: 0, negative, NaN, or a date already past (clock skew)."""
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            return None
        seconds = when.timestamp() - time.time()
    return seconds if math.isfinite(seconds) and seconds > 0 else None


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
            if self.policy.left() <= 0 and attempts.failures:
                raise GaveUp(attempts.failures[-1], attempts)
            if write:
                self.calls.write += 1
            else:
                self.calls.read += 1
            sent = self.policy.clock()
            try:
                response = self.session.request(
                    method=method,
                    url=endpoint,
                    json=json,
                    params=params,
                    data=data,
                    files=files,
                    headers=sent_headers,
                    timeout=self._timeout(),
                )
            except requests.exceptions.SSLError:
                self.policy.in_requests += self.policy.clock() - sent
                raise  # a certificate problem does not go away by waiting
            except _TRANSIENT as exc:
                self.policy.in_requests += self.policy.clock() - sent
                failure = _describe_exception(exc)
                if write and not isinstance(exc, requests.ConnectTimeout):
                    attempts.maybe_applied = True
                    raise MaybeApplied(failure) from exc
                attempts.wait(failure)
                continue
            self.policy.in_requests += self.policy.clock() - sent
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

    def _timeout(self) -> float | tuple[float, float] | None:
        """The configured timeout, cut to what is left of the retry budget."""
        left = max(0.1, self.policy.left())
        if self.timeout is None:
            return left
        if isinstance(self.timeout, tuple):
            return (min(self.timeout[0], left), min(self.timeout[1], left))
        return min(self.timeout, left)

    def _refresh(self) -> None:
        import google.auth.exceptions
        from google.auth.transport.requests import Request

        try:
            self.credentials.refresh(Request(self.session))
        except google.auth.exceptions.RefreshError as exc:
            raise CredentialsRefused(str(exc)) from exc

"""Sheets retries under hostile answers (issue 12): every retry waits at least the backoff,
Retry-After only lengthens a wait, and the run's retry budget counts the time spent in
requests as well as the waits.

The fake answers and counts the real requests gspread sends; time is a stand-in clock that
the waits and the requests' own durations advance, so a 120 s budget is tested in
milliseconds.
"""

from __future__ import annotations

import datetime as dt
import email.utils

import pytest
import requests

import sheetsync
from sheetsync.errors import UnreachableError
from sheetsync.example import example_tabs
from sheetsync.sync import open_workbook
from tests.fakes import FakeSheetsAPI

TODAY = dt.date(2026, 11, 27)


class Clock:
    """Seconds since the run started: advanced by waits and by the requests themselves."""

    def __init__(self) -> None:
        self.now = 0.0
        self.waits: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        assert seconds >= 0
        self.waits.append(seconds)
        self.now += seconds


@pytest.fixture
def fake() -> FakeSheetsAPI:
    return FakeSheetsAPI()


@pytest.fixture
def sid(fake) -> str:
    return fake.create_spreadsheet("Marketing plan", example_tabs(TODAY))


def check(fake, sid, clock: Clock, budget: float, jitter: float = 0.0):
    backend = open_workbook(
        sid,
        session=fake.session(),
        retry_seconds=budget,
        sleep=clock.sleep,
        jitter=lambda: jitter,
        clock=clock,
    )
    return sheetsync.check(backend, today=TODAY)


PAST = email.utils.format_datetime(dt.datetime(2015, 10, 21, 7, 28, tzinfo=dt.UTC), usegmt=True)


@pytest.mark.parametrize("retry_after", ["0", "-5", "NaN", "nan", "-inf", PAST, "soon"])
def test_a_429_storm_asking_for_no_wait_is_backed_off_and_bounded(fake, sid, retry_after):
    clock = Clock()
    fake.fail_next(429, times=100_000, retry_after=retry_after)
    with pytest.raises(UnreachableError) as failure:
        check(fake, sid, clock, budget=120)
    # 1, 2, 4, 8, 16, 32, 32 s: the next 32 s would pass 120 s.
    assert clock.waits == [1, 2, 4, 8, 16, 32, 32]
    assert len(fake.calls) == 8  # real requests, counted by the fake
    assert clock.now <= 120
    assert failure.value.exit_code == 4 and "HTTP 429" in failure.value.message


def test_every_wait_is_at_least_the_backoff_whatever_the_jitter(fake, sid):
    clock = Clock()
    fake.fail_next(503, times=4)
    check(fake, sid, clock, budget=120, jitter=0.999)
    backoff = [1, 2, 4, 8]
    assert len(clock.waits) == 4
    for waited, least in zip(clock.waits, backoff, strict=True):
        assert least <= waited < 1.5 * least


def test_retry_after_only_lengthens_the_wait(fake, sid):
    clock = Clock()
    fake.fail_next(429, times=4, retry_after=3)
    check(fake, sid, clock, budget=120)
    assert clock.waits == [3, 3, 4, 8]  # 3 s asked, longer than 1 and 2; shorter than 4, 8


def test_the_budget_counts_time_spent_in_hanging_requests(fake, sid):
    clock = Clock()
    hang = 60.0  # each read hangs until its timeout (or a minute)

    def hanging(request: requests.PreparedRequest, timeout) -> None:
        read_timeout = timeout[1] if isinstance(timeout, tuple) else timeout
        clock.now += min(hang, read_timeout or hang)
        raise requests.exceptions.ReadTimeout("the server did not answer", request=request)

    fake.transport_hook = hanging
    with pytest.raises(UnreachableError) as failure:
        check(fake, sid, clock, budget=10)
    assert clock.now <= 10 + 0.5, clock.now  # a 10 s budget took 18 s (and more) before
    assert failure.value.exit_code == 4 and "timed out" in failure.value.message
    assert len(fake.calls) <= 4


def test_a_storm_that_ends_within_the_budget_is_waited_out(fake, sid):
    clock = Clock()
    fake.fail_next(429, times=3, retry_after="0")
    result = check(fake, sid, clock, budget=120)
    assert result.results.plan.goals.df.shape[0] > 0
    assert clock.waits == [1, 2, 4]

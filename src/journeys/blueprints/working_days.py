"""Working days of each UK nation, and the deadline of an SLA counted in them.

A **working day** of a nation is a date in UK local time (Europe/London) that
is Monday to Friday and not one of that nation's bank holidays. England, Wales,
Scotland and Northern Ireland have different bank holidays; they come from the
maintained ``holidays`` library (country ``GB``, subdivisions ``ENG``, ``WLS``,
``SCT`` and ``NIR``), substitute days included.

The deadline of *N* working days from an instant is the end of the *N*th
working day after the instant's local date: local midnight at the start of the
following date. The start date itself never counts. ``docs/gaps.md`` gives the
rule with a worked example.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from threading import Lock
from zoneinfo import ZoneInfo

import holidays

from journeys.bodies import Nation

UK_TIME = ZoneInfo("Europe/London")
"""The time zone whose dates working days are: GMT in winter, BST in summer."""

_SUBDIVISIONS: dict[Nation, str] = {
    Nation.ENGLAND: "ENG",
    Nation.WALES: "WLS",
    Nation.SCOTLAND: "SCT",
    Nation.NORTHERN_IRELAND: "NIR",
}


_LOCK = Lock()
"""A calendar fills in a year the first time it is asked about one: one at a time,
as a tracked projection may run in a thread of its own."""


@cache
def _bank_holidays(nation: Nation) -> holidays.HolidayBase:
    # One calendar per nation, filled in year by year as it is asked.
    return holidays.country_holidays("GB", subdiv=_SUBDIVISIONS[nation])


def is_bank_holiday(day: date, nation: Nation) -> bool:
    """Whether ``day`` is a bank holiday (or substitute day) in ``nation``.

    >>> is_bank_holiday(date(2026, 11, 30), Nation.SCOTLAND)  # St Andrew's Day
    True
    >>> is_bank_holiday(date(2026, 11, 30), Nation.ENGLAND)
    False
    """
    with _LOCK:
        return day in _bank_holidays(nation)


def is_working_day(day: date, nation: Nation) -> bool:
    """Whether ``day`` is a working day in ``nation``: a weekday, not a bank holiday.

    >>> is_working_day(date(2026, 3, 17), Nation.NORTHERN_IRELAND)  # St Patrick's Day
    False
    >>> is_working_day(date(2026, 3, 17), Nation.ENGLAND)
    True
    """
    return day.weekday() < 5 and not is_bank_holiday(day, nation)


def local_date(instant: datetime) -> date:
    """The date of ``instant`` (timezone-aware) in UK local time.

    >>> from datetime import UTC
    >>> local_date(datetime(2026, 7, 13, 23, 30, tzinfo=UTC))  # 00:30 BST
    datetime.date(2026, 7, 14)
    """
    if instant.tzinfo is None:
        raise ValueError(f"a working-day clock needs a timezone-aware time, got {instant!r}")
    return instant.astimezone(UK_TIME).date()


def nth_working_day_after(day: date, count: int, nation: Nation) -> date:
    """The ``count``-th working day of ``nation`` after ``day`` (``day`` never counts).

    >>> nth_working_day_after(date(2026, 11, 25), 3, Nation.SCOTLAND)
    datetime.date(2026, 12, 1)
    """
    if count < 1:
        raise ValueError(f"count working days from 1, got {count}")
    found = 0
    while found < count:
        day += timedelta(days=1)
        if is_working_day(day, nation):
            found += 1
    return day


def working_day_deadline(start: datetime, count: int, nation: Nation) -> datetime:
    """The end of the ``count``-th working day of ``nation`` after ``start``'s local
    date, as a UTC time: local midnight at the start of the next date.

    >>> from datetime import UTC
    >>> working_day_deadline(datetime(2026, 11, 25, 14, tzinfo=UTC), 3, Nation.ENGLAND)
    datetime.datetime(2026, 12, 1, 0, 0, tzinfo=datetime.timezone.utc)
    """
    last = nth_working_day_after(local_date(start), count, nation)
    end = datetime.combine(last + timedelta(days=1), time(0), tzinfo=UK_TIME)
    return end.astimezone(UTC)

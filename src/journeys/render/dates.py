"""Dates on pictures: ``"1 May 2025 09:30"``, in UTC, the same under any locale.

``strftime("%b")`` follows the process locale, which would make the DOT of the
same journey differ between machines; the month names are spelled out here.
"""

from __future__ import annotations

from datetime import UTC, datetime

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_moment(moment: datetime) -> str:
    """``moment`` in UTC as ``"1 May 2025 09:30"``, or ``"1 May 2025"`` at midnight.

    >>> from datetime import UTC, datetime
    >>> format_moment(datetime(2025, 5, 1, 9, 30, tzinfo=UTC))
    '1 May 2025 09:30'
    >>> format_moment(datetime(2025, 5, 1, tzinfo=UTC))
    '1 May 2025'
    """
    utc = moment.astimezone(UTC) if moment.tzinfo is not None else moment
    day = _day(utc)
    if (utc.hour, utc.minute, utc.second, utc.microsecond) == (0, 0, 0, 0):
        return day
    return f"{day} {utc.hour:02d}:{utc.minute:02d}"


def format_span(first: datetime, last: datetime) -> str:
    """The moments ``first`` to ``last`` in UTC, as briefly as is still true:
    one moment as :func:`format_moment` writes it, times within one day, else the
    days (a timeline column that holds steps of several days says so).

    >>> from datetime import UTC, datetime
    >>> nine = datetime(2025, 5, 1, 9, 30, tzinfo=UTC)
    >>> format_span(nine, nine)
    '1 May 2025 09:30'
    >>> format_span(nine, datetime(2025, 5, 1, 17, tzinfo=UTC))
    '1 May 2025 09:30-17:00'
    >>> format_span(datetime(2025, 3, 13, tzinfo=UTC), datetime(2025, 4, 12, 8, tzinfo=UTC))
    '13 Mar - 12 Apr 2025'
    >>> format_span(datetime(2025, 12, 30, tzinfo=UTC), datetime(2026, 1, 2, tzinfo=UTC))
    '30 Dec 2025 - 2 Jan 2026'
    """
    start, end = (m.astimezone(UTC) if m.tzinfo is not None else m for m in (first, last))
    if format_moment(start) == format_moment(end):
        return format_moment(start)
    if start.date() == end.date():
        return f"{_day(start)} {start.hour:02d}:{start.minute:02d}-{end.hour:02d}:{end.minute:02d}"
    if start.year == end.year:
        return f"{start.day} {_MONTHS[start.month - 1]} - {_day(end)}"
    return f"{_day(start)} - {_day(end)}"


def _day(moment: datetime) -> str:
    return f"{moment.day} {_MONTHS[moment.month - 1]} {moment.year}"

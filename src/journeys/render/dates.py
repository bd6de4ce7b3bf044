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
    day = f"{utc.day} {_MONTHS[utc.month - 1]} {utc.year}"
    if (utc.hour, utc.minute, utc.second, utc.microsecond) == (0, 0, 0, 0):
        return day
    return f"{day} {utc.hour:02d}:{utc.minute:02d}"

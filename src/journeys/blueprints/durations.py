"""SLA durations written as ISO 8601 durations (``P5D``, ``PT36H``, ``P2W``).

Only weeks, days, hours, minutes and whole seconds are accepted: months and
years have no fixed length, so an SLA written with them would not be a single
duration.
"""

from __future__ import annotations

import re
from datetime import timedelta

_DURATION = re.compile(
    r"(?P<sign>[-+])?P(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?"
    r"(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+)S)?)?"
)


def parse_duration(text: str) -> timedelta:
    """Parse an ISO 8601 duration such as ``P5D`` or ``PT36H`` (a sign is allowed).

    Raise ``ValueError`` naming the text when it is not such a duration.

    >>> parse_duration("P1W2DT3H")
    datetime.timedelta(days=9, seconds=10800)
    """
    match = _DURATION.fullmatch(text.strip().upper())
    parts = {k: v for k, v in match.groupdict().items() if v is not None} if match else {}
    units = {k: int(v) for k, v in parts.items() if k != "sign"}
    if not match or not units or text.strip().upper().endswith("T"):
        raise ValueError(
            f"{text!r} is not an ISO 8601 duration of weeks, days, hours, minutes and "
            "seconds (for example 'P5D' or 'PT36H')"
        )
    duration = timedelta(**units)
    return -duration if parts.get("sign") == "-" else duration


def format_duration(duration: timedelta) -> str:
    """Write ``duration`` as an ISO 8601 duration that :func:`parse_duration` reads back.

    >>> format_duration(timedelta(days=28))
    'P28D'
    >>> format_duration(timedelta(hours=36))
    'P1DT12H'
    """
    if duration.microseconds:
        raise ValueError(f"{duration!r} has a fraction of a second")
    sign = "-" if duration < timedelta(0) else ""
    total = abs(int(duration.total_seconds()))
    days, rest = divmod(total, 86_400)
    hours, rest = divmod(rest, 3_600)
    minutes, seconds = divmod(rest, 60)
    date_part = f"{days}D" if days else ""
    time_part = "".join(
        f"{amount}{unit}"
        for amount, unit in ((hours, "H"), (minutes, "M"), (seconds, "S"))
        if amount
    )
    if not date_part and not time_part:
        return "PT0S"
    return f"{sign}P{date_part}" + (f"T{time_part}" if time_part else "")

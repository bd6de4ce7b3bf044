"""Reading the timestamps of event logs: ISO 8601, with or without a UTC offset.

Journey events need timezone-aware times. A log whose timestamps carry an
offset (``2011-10-11T13:45:40.276+02:00``) is read as written. A naive timestamp
(``2006-07-24T00:00:00``) is read in the time zone the caller names, UTC unless
told otherwise; formats that demand an offset (the journey-events CSV) refuse it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def parse_timezone(name: str) -> tzinfo:
    """The time zone named ``name``: ``UTC``, an IANA name (``Europe/London``) or ``+01:00``.

    Raises ``ValueError`` naming the value when it is none of these.
    """
    text = name.strip()
    if text.upper() in {"UTC", "Z"}:
        return UTC
    if text[:1] in {"+", "-"}:
        try:
            offset = datetime.strptime(text, "%z").utcoffset()
        except ValueError:
            raise ValueError(f"not a UTC offset: {name!r} (expected e.g. +01:00)") from None
        assert offset is not None
        return timezone(offset)
    try:
        return ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"unknown time zone {name!r} (expected UTC, +01:00 or Europe/London)"
        ) from None


def parse_timestamp(
    text: str, *, naive_timezone: tzinfo | None, time_format: str | None = None
) -> datetime:
    """Parse ``text`` as a timezone-aware datetime.

    ``time_format`` is a ``strptime`` format; without one the text must be ISO 8601.
    A timestamp without an offset is placed in ``naive_timezone``; when that is
    ``None`` such a timestamp is refused, and so is one whose UTC time falls outside
    years 1 to 9999. Raises ``ValueError`` naming the value.
    """
    stripped = text.strip()
    if not stripped:
        raise ValueError("empty timestamp")
    try:
        if time_format is None:
            parsed = datetime.fromisoformat(stripped)
        else:
            parsed = datetime.strptime(stripped, time_format)
    except ValueError:
        expected = f"the format {time_format!r}" if time_format else "ISO 8601"
        raise ValueError(f"malformed timestamp {text!r} (expected {expected})") from None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        if naive_timezone is None:
            raise ValueError(f"timestamp {text!r} has no UTC offset (write e.g. +00:00)")
        parsed = parsed.replace(tzinfo=naive_timezone)
    try:
        parsed.astimezone(UTC)
    except OverflowError:
        raise ValueError(
            f"timestamp {text!r} is out of range: in UTC it is not within years 1 to 9999"
        ) from None
    return parsed


def to_microseconds(moment: datetime) -> int:
    """Microseconds since the Unix epoch: a sort key that orders instants, not wall times."""
    return (moment - EPOCH) // _MICROSECOND


def from_microseconds(value: int) -> datetime:
    """The UTC datetime ``value`` microseconds after the Unix epoch."""
    return EPOCH + value * _MICROSECOND

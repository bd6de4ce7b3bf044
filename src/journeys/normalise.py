"""Checking and normalising the arguments of journey commands (strings, times, fact ids).

Each raises :class:`~journeys.errors.InvalidValueError` naming the argument and the
value, before any event is recorded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime

from journeys.errors import InvalidValueError, TimeWentBackwardsError

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""Control characters other than tab, newline and carriage return (C0, DEL and C1)."""


def text(name: str, value: object) -> str:
    """``value`` stripped; it must be a non-empty string without control characters.

    Tab, newline and carriage return are allowed; every other control character
    (NUL, ESC, DEL, the C1 range ...) is refused, since XML cannot hold most of them
    and terminals act on them.
    """
    if not isinstance(value, str):
        raise InvalidValueError(f"{name} must be a string, got {value!r}")
    stripped = value.strip()
    if not stripped:
        raise InvalidValueError(f"{name} must not be empty, got {value!r}")
    control = None if stripped.isprintable() else _CONTROL.search(stripped)
    if control is not None:
        raise InvalidValueError(
            f"{name} must not hold control characters, got {value!r} "
            f"(U+{ord(control.group()):04X} at position {control.start()})"
        )
    return stripped


def utc(name: str, value: object) -> datetime:
    """``value`` in UTC; it must be a timezone-aware datetime."""
    if not isinstance(value, datetime):
        raise InvalidValueError(f"{name} must be a datetime, got {value!r}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidValueError(f"{name} must be timezone-aware, got naive {value.isoformat()}")
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise InvalidValueError(
            f"{name} is out of range: {value.isoformat()} in UTC is not within years 1 to 9999"
        ) from None


def start_time(
    value: object | None, *, journey_start: datetime, completed: datetime
) -> datetime | None:
    """``value`` (an activity's ``started_at``; ``None`` stays ``None``) in UTC:
    timezone-aware, not after the activity ``completed``, not before the journey started."""
    if value is None:
        return None
    began = utc("started_at", value)
    if began > completed:
        raise InvalidValueError(
            f"started_at {began.isoformat()} is after the activity's completion "
            f"(occurred_at {completed.isoformat()})"
        )
    if began < journey_start:
        raise TimeWentBackwardsError(
            f"started_at {began.isoformat()} is before the journey started at "
            f"{journey_start.isoformat()}"
        )
    return began


def fact_ids(values: Iterable[str], *, allow_empty: bool) -> frozenset[str]:
    """``values`` as a set of fact ids (not a bare string; empty only if allowed)."""
    if isinstance(values, str):
        raise InvalidValueError(f"items must be a collection of strings, not the string {values!r}")
    try:
        items = frozenset(text("item", value) for value in values)
    except TypeError:
        raise InvalidValueError(f"items must be a collection of strings, got {values!r}") from None
    if not items and not allow_empty:
        raise InvalidValueError("items must name at least one fact")
    return items

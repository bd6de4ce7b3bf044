"""Checking and normalising the arguments of journey commands (strings, times, fact ids).

Each raises :class:`~journeys.errors.InvalidValueError` naming the argument and the
value, before any event is recorded.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from journeys.errors import InvalidValueError


def text(name: str, value: object) -> str:
    """``value`` stripped; it must be a non-empty string."""
    if not isinstance(value, str):
        raise InvalidValueError(f"{name} must be a string, got {value!r}")
    stripped = value.strip()
    if not stripped:
        raise InvalidValueError(f"{name} must not be empty, got {value!r}")
    return stripped


def utc(name: str, value: object) -> datetime:
    """``value`` in UTC; it must be a timezone-aware datetime."""
    if not isinstance(value, datetime):
        raise InvalidValueError(f"{name} must be a datetime, got {value!r}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidValueError(f"{name} must be timezone-aware, got naive {value.isoformat()}")
    return value.astimezone(UTC)


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

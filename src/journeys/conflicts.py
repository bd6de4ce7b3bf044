"""Retrying an operation that another writer got to first.

A save whose journey or life another writer changed first records nothing and
raises :class:`~journeys.errors.ConflictError`; :func:`retry_on_conflict` runs
the operation again, which reloads what it changes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from journeys.errors import ConflictError

__all__ = ["retry_on_conflict"]

T = TypeVar("T")


def retry_on_conflict(operation: Callable[[], T], *, attempts: int = 5) -> T:
    """Run ``operation`` and run it again, up to ``attempts`` times, on :class:`ConflictError`.

    ``operation`` must load what it changes afresh each time (for example call
    an app command, or ``get_journey`` then ``save``), so a retry sees the other
    writer's events. A conflicting save records nothing, so retrying never
    records an event twice. Returns what ``operation`` returns; after
    ``attempts`` conflicts the last :class:`ConflictError` is raised, and any
    other error at once. There is no pause between attempts: a conflict means
    the other writer has just finished.

    >>> from datetime import UTC, datetime
    >>> from journeys import JourneyApp
    >>> app = JourneyApp.in_memory()
    >>> when = datetime(2025, 3, 3, tzinfo=UTC)
    >>> journey = app.start_journey(citizen="c-1", trigger="death", nation="wales",
    ...                             occurred_at=when)
    >>> retry_on_conflict(lambda: app.touchpoint(journey, "dwp", "call", occurred_at=when))
    """
    if attempts < 1:
        raise ValueError(f"attempts must be at least 1, got {attempts}")
    for attempt in range(1, attempts + 1):
        try:
            return operation()
        except ConflictError:
            if attempt == attempts:
                raise
    raise AssertionError("unreachable")  # pragma: no cover

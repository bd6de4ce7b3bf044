"""The store's own errors, as :class:`~journeys.errors.StoreError` saying what to do.

eventsourcing and the database drivers raise their own exceptions when a store is
locked by another writer (SQLite's ``database is locked``), when an app is used
after :meth:`~journeys.JourneyApp.close`, or when the database cannot be reached.
The reading, saving, opening and tracking paths run inside :func:`store_errors`,
which turns them into a :class:`~journeys.errors.StoreError` whose message says
what went wrong and what to do.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import ParamSpec, TypeVar

from eventsourcing.persistence import ConnectionPoolClosedError, IntegrityError, PersistenceError

from journeys.errors import StoreError

LOCKED = "the store is locked by another writer: try again when it has finished"
CLOSED = "this app was closed: open the store again"

STORE_FAILURES: tuple[type[BaseException], ...] = (
    ConnectionPoolClosedError,
    PersistenceError,
    sqlite3.Error,
)
"""The exceptions :func:`store_errors` translates."""

P = ParamSpec("P")
T = TypeVar("T")


def store_error(error: BaseException, doing: str) -> StoreError:
    """``error`` (one of :data:`STORE_FAILURES`) as a :class:`StoreError` that begins
    ``cannot {doing}:`` and says what to do."""
    if isinstance(error, ConnectionPoolClosedError):
        return StoreError(f"cannot {doing}: {CLOSED}")
    text = str(error)
    if "locked" in text or "busy" in text:
        return StoreError(f"cannot {doing}: {LOCKED}")
    return StoreError(f"cannot {doing}: {text or type(error).__name__}")


@contextmanager
def store_errors(doing: str) -> Iterator[None]:
    """Raise the store failures of the ``with`` block as :class:`StoreError`.

    An ``IntegrityError`` (another writer first) is left to the caller, which
    knows whether it is a conflict.
    """
    try:
        yield
    except IntegrityError:
        raise
    except STORE_FAILURES as error:
        raise store_error(error, doing) from error


def translating(doing: str) -> Callable[[Callable[P, T]], Callable[P, T]]:
    """Decorate a function so that it runs inside :func:`store_errors` (``doing``)."""

    def decorate(function: Callable[P, T]) -> Callable[P, T]:
        @wraps(function)
        def translated(*args: P.args, **kwargs: P.kwargs) -> T:
            try:
                return function(*args, **kwargs)
            except IntegrityError:
                raise
            except STORE_FAILURES as error:
                raise store_error(error, doing) from error

        return translated

    return decorate

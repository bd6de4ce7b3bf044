"""Where a store's columns come from: its database's JSON, or decoded events.

A plain SQLite or PostgreSQL store is read in the database
(:mod:`journeys.columns.stored_columns`). An encrypted or compressed store, or
one in memory, can only be read through the application, which decodes every
event: that is the same frame, made slower, and :func:`how_read` says which
way a store is read and why.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, cast

import polars as pl

from journeys.columns.from_events import frame_from_events
from journeys.columns.schema import event_schema
from journeys.columns.stored_columns import Dialect, page_frame, page_query
from journeys.event_registry import JOURNEY_EVENTS

if TYPE_CHECKING:
    from journeys.application import JourneyApp

__all__ = ["DEFAULT_PAGE_ROWS", "ReadPath", "how_read", "read_frame", "read_frames"]

DEFAULT_PAGE_ROWS = 100_000
"""Rows read per query: about 20 MB of columns, whatever the store's size."""

_NIL = "0" * 32


class ReadPath(enum.Enum):
    """How a store's journey events become columns."""

    SQLITE_JSON = "sqlite-json"
    """Fields taken out of the stored JSON by SQLite, page by page."""
    POSTGRES_JSON = "postgres-json"
    """Fields taken out of the stored JSON by PostgreSQL, page by page."""
    DECODED = "decoded"
    """Every event decoded by the application (encrypted, compressed or in-memory stores)."""


def how_read(app: JourneyApp) -> tuple[ReadPath, str]:
    """The way :func:`read_frames` reads ``app``'s store, and why, in a sentence."""
    module = app.persistence_module
    if module not in ("eventsourcing.sqlite", "eventsourcing.postgres"):
        return ReadPath.DECODED, "an in-memory store is read by decoding its events"
    if app.seal.record.cipher or app.seal.citizen_keys:
        return ReadPath.DECODED, "an encrypted store's events can only be read by decoding them"
    if app.mapper.compressor is not None:
        return ReadPath.DECODED, "a compressed store's events can only be read by decoding them"
    if module == "eventsourcing.sqlite":
        return ReadPath.SQLITE_JSON, "read in SQLite from the stored JSON"
    return ReadPath.POSTGRES_JSON, "read in PostgreSQL from the stored JSON"


def read_frames(
    app: JourneyApp,
    *,
    page_rows: int = DEFAULT_PAGE_ROWS,
    first: str | None = None,
    stop: str | None = None,
) -> Iterator[pl.DataFrame]:
    """The store's journey events as frames of up to ``page_rows`` rows, sorted by
    ``(journey, version)`` across frames (see :mod:`journeys.columns.schema`).

    ``first`` (inclusive) and ``stop`` (exclusive) limit the journeys read to a
    range of ids, as 32 lower-case hex digits: the partitions of a run over many
    workers. A store read by decoding (see :func:`how_read`) is sorted in memory
    and then cut into pages.
    """
    if isinstance(page_rows, bool) or not isinstance(page_rows, int) or page_rows < 1:
        raise ValueError(f"page_rows must be a whole number >= 1, got {page_rows!r}")
    path, _ = how_read(app)
    if path is ReadPath.DECODED:
        yield from _decoded(app, page_rows, first, stop)
        return
    dialect: Dialect = "sqlite" if path is ReadPath.SQLITE_JSON else "postgres"
    datastore = cast(Any, app.factory).datastore
    table = cast(Any, app.recorder).events_table_name
    if dialect == "postgres":
        table = f"{_identifier(datastore.schema)}.{_identifier(table)}"
    query = page_query(dialect, table, before=stop is not None)
    topics = json.dumps(JOURNEY_EVENTS.topics)
    key = (_key(first or _NIL, dialect), 0)
    while True:
        bound = (_key(stop, dialect),) if stop is not None else ()
        with datastore.transaction(commit=False) as cursor:
            cursor.execute(query, (*key, *bound, topics, page_rows))
            rows = cursor.fetchall()
        if dialect == "postgres":
            # psycopg's rows are dicts (the store's connections are configured so).
            rows = [tuple(row.values()) for row in rows]
        if not rows:
            return
        yield page_frame(rows)
        last = rows[-1]
        key = (_key(last[0], dialect), last[1])
        if len(rows) < page_rows:
            return


def read_frame(
    app: JourneyApp, *, first: str | None = None, stop: str | None = None
) -> pl.DataFrame:
    """Every journey event of the store in one frame (see :func:`read_frames`)."""
    frames = list(read_frames(app, first=first, stop=stop))
    return pl.concat(frames) if frames else event_schema().to_frame()


def _key(journey: str, dialect: Dialect) -> str:
    if dialect == "sqlite":
        return journey
    return f"{journey[:8]}-{journey[8:12]}-{journey[12:16]}-{journey[16:20]}-{journey[20:]}"


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _decoded(
    app: JourneyApp, page_rows: int, first: str | None, stop: str | None
) -> Iterator[pl.DataFrame]:
    frame = frame_from_events(event for _, event in app.read_events(topics=JOURNEY_EVENTS.topics))
    if first is not None:
        frame = frame.filter(pl.col("journey") >= first)
    if stop is not None:
        frame = frame.filter(pl.col("journey") < stop)
    yield from frame.sort("journey", "version").iter_slices(page_rows)

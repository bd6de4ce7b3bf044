"""Reading a store's journey events straight into columns, without event objects.

Decoding a stored event into a Python object costs more than everything the
analysis then does with it, so a plain (unencrypted) SQLite or PostgreSQL store
is read with one query per page that returns each event's stored JSON as text,
and Polars parses a whole page of it at once into the columns (its JSON decoder
runs in Rust, on every row together). Pages follow the events' primary key,
``(journey, version)``, so rows come sorted by journey and each page is bounded,
whatever the store's size.

The frame is exactly what :func:`~journeys.columns.frame_from_events` gives for
the decoded events (a property test checks it on both databases). Related
objects, which few events have, are made into their flat text in Python, row by
row.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import polars as pl

from journeys.columns.schema import EventColumn, event_columns, event_schema
from journeys.event_registry import JOURNEY_EVENTS, EventRegistry, FieldKind
from journeys.related import RelatedObject, objects_text

__all__ = ["Dialect", "page_frame", "page_query"]

Dialect = Literal["sqlite", "postgres"]
"""The SQL the query is written in."""

_ISO = "%Y-%m-%dT%H:%M:%S%.f%:z"


def _stored(inner: pl.DataType) -> pl.DataType:
    """eventsourcing's JSON of a value it transcodes: ``{"_type_": ..., "_data_": ...}``."""
    return pl.Struct({"_data_": inner})


# How each kind of field is stored in an event's JSON.
_STORED: dict[FieldKind, pl.DataType] = {
    FieldKind.TEXT: pl.String(),
    FieldKind.BODY: pl.String(),
    FieldKind.NUMBER: pl.Float64(),
    FieldKind.NATION: _stored(pl.String()),
    FieldKind.TIME: _stored(pl.String()),
    FieldKind.ITEMS: _stored(pl.List(pl.String())),
    FieldKind.OBJECTS: _stored(pl.List(_stored(pl.List(pl.String())))),
}


def page_query(dialect: Dialect, table: str, *, before: bool = False) -> str:
    """The query for one page of rows after a ``(journey, version)`` key: each row's
    journey id (32 hex digits), version, topic and stored JSON text.

    Its parameters are the key's journey and version, the exclusive upper journey
    bound when ``before`` (for a range of journeys), the topics to read, and the
    page's row limit.
    """
    if dialect == "sqlite":
        journey, state, mark = "originator_id", "CAST(state AS TEXT)", "?"
        topics = "SELECT value FROM json_each(?)"
    else:
        journey = "replace(originator_id::text, '-', '')"
        state, mark = "convert_from(state, 'UTF8')", "%s"
        topics = "SELECT json_array_elements_text(%s::json)"
    upper = f" AND originator_id < {mark}" if before else ""
    return (
        f"SELECT {journey} AS journey, originator_version AS version, topic, {state} AS state "
        f"FROM {table} WHERE (originator_id, originator_version) > ({mark}, {mark}){upper} "
        f"AND topic IN ({topics}) ORDER BY originator_id, originator_version LIMIT {mark}"
    )


def page_frame(
    rows: Sequence[Sequence[Any]], registry: EventRegistry = JOURNEY_EVENTS
) -> pl.DataFrame:
    """The frame of one page of rows read by :func:`page_query`."""
    columns = event_columns(registry)
    raw = pl.DataFrame(
        [list(column) for column in zip(*rows, strict=True)] if rows else None,
        schema={
            "journey": pl.String(),
            "version": pl.Int64(),
            "topic": pl.String(),
            "state": pl.String(),
        },
        orient="col",
    )
    stored = pl.Struct(
        {
            "occurred_at": _STORED[FieldKind.TIME],
            **{column.name: _STORED[column.kind] for column in columns},
        }
    )
    names = {event_type.topic: event_type.name for event_type in registry}
    event = pl.col("topic").replace_strict(names, return_dtype=pl.Enum(registry.names))
    return (
        raw.with_columns(pl.col("state").str.json_decode(stored))
        .unnest("state")
        .select(
            "journey",
            "version",
            _time(pl.col("occurred_at")).alias("occurred_at"),
            event.alias("event"),
            *(_field(column, registry) for column in columns),
        )
        .cast(event_schema(registry))
    )


def _time(stored: pl.Expr) -> pl.Expr:
    return stored.struct.field("_data_").str.to_datetime(_ISO, time_unit="us", time_zone="UTC")


def _field(column: EventColumn, registry: EventRegistry) -> pl.Expr:
    value = pl.col(column.name)
    topics = [registry.named(name).topic for name in column.events]
    has_field = pl.col("topic").is_in(topics)
    if column.kind is FieldKind.TIME:
        value = _time(value)
    elif column.kind is FieldKind.NATION:
        value = value.struct.field("_data_")
    elif column.kind is FieldKind.ITEMS:
        # An event stored before its type had the field reads an empty set.
        value = value.struct.field("_data_").list.sort().fill_null([])
    elif column.kind is FieldKind.OBJECTS:
        value = (
            value.struct.field("_data_")
            .map_elements(_objects_text, return_dtype=pl.String())
            .fill_null("")
        )
    return pl.when(has_field).then(value).otherwise(None).alias(column.name)


def _objects_text(stored: pl.Series) -> str:
    """Related objects as stored (each ``{"_data_": [id, type, qualifier]}``), flat."""
    return objects_text(RelatedObject(*item["_data_"]) for item in stored.to_list())

"""Reading a store's journey events straight into columns, with the database's JSON.

Decoding a stored event into a Python object costs more than everything the
analysis then does with it, so a plain (unencrypted) SQLite or PostgreSQL store
is read with one query per page that takes each field out of the stored JSON in
the database: the rows arrive as strings and numbers and become columns at
once. Pages follow the events' primary key, ``(journey, version)``, so rows come
sorted by journey and each page is bounded, whatever the store's size.

The frame is exactly what :func:`~journeys.columns.frame_from_events` gives for
the decoded events (a property test checks it on both databases). A value this
reading cannot turn into a column in the database (related objects, which few
events have) is made into their flat text in Python, row by row.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, Literal

import polars as pl

from journeys.columns.schema import EventColumn, event_columns, event_schema
from journeys.event_registry import JOURNEY_EVENTS, EventRegistry, FieldKind
from journeys.related import RelatedObject, objects_text

__all__ = ["Dialect", "page_frame", "page_query"]

Dialect = Literal["sqlite", "postgres"]
"""The SQL the query is written in."""

# The stored JSON of a value of each kind: plain, or eventsourcing's {"_type_", "_data_"}.
_WRAPPED = frozenset({FieldKind.NATION, FieldKind.TIME, FieldKind.ITEMS, FieldKind.OBJECTS})
_ISO = "%Y-%m-%dT%H:%M:%S%.f%:z"
_OCCURRED_AT = EventColumn("occurred_at", FieldKind.TIME, ())


def page_query(
    dialect: Dialect,
    table: str,
    registry: EventRegistry = JOURNEY_EVENTS,
    *,
    before: bool = False,
) -> str:
    """The query for one page of rows after a ``(journey, version)`` key.

    Its parameters are the key's journey and version, the exclusive upper journey
    bound when ``before`` (for a range of journeys), and the page's row limit.
    """
    extracted = (_OCCURRED_AT, *event_columns(registry))
    # Each field is taken only from the event types that have it (parsing the JSON is
    # the query's cost), and named, since psycopg's rows are dicts by column name.
    fields = ", ".join(
        f'{_only_in(column, registry, _extract(dialect, column))} AS "{column.name}"'
        for column in extracted
    )
    topics = ", ".join(_quoted(event_type.topic) for event_type in registry)
    if dialect == "sqlite":
        journey, state = "originator_id", "CAST(state AS TEXT)"
        mark = "?"
    else:
        journey, state = (
            "replace(originator_id::text, '-', '')",
            "convert_from(state, 'UTF8')::jsonb",
        )
        mark = "%s"
    upper = f" AND originator_id < {mark}" if before else ""
    key = "originator_id"
    return (
        f"SELECT journey, version, topic, {fields} FROM ("
        f"SELECT {journey} AS journey, originator_version AS version, topic, {state} AS s "
        f"FROM {table} WHERE topic IN ({topics}) "
        f"AND ({key}, originator_version) > ({mark}, {mark}){upper} "
        f"ORDER BY originator_id, originator_version LIMIT {mark}) AS page"
    )


def _extract(dialect: Dialect, column: EventColumn) -> str:
    path = (column.name, "_data_") if column.kind in _WRAPPED else (column.name,)
    if dialect == "sqlite":
        # json_extract gives an array's JSON text, a string's value, a number as a number.
        return "json_extract(s, " + _quoted("$." + ".".join(path)) + ")"
    pointer = "'{" + ",".join(path) + "}'"
    if column.kind in (FieldKind.ITEMS, FieldKind.OBJECTS):
        return f"(s #> {pointer})::text"
    if column.kind is FieldKind.NUMBER:
        return f"(s #>> {pointer})::float8"
    return f"s #>> {pointer}"


def _only_in(column: EventColumn, registry: EventRegistry, extract: str) -> str:
    if not column.events:  # occurred_at: every event has it
        return extract
    topics = ", ".join(_quoted(registry.named(name).topic) for name in column.events)
    return f"CASE WHEN topic IN ({topics}) THEN {extract} END"


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def page_frame(
    rows: Sequence[Sequence[Any]], registry: EventRegistry = JOURNEY_EVENTS
) -> pl.DataFrame:
    """The frame of one page of rows read by :func:`page_query`."""
    columns = event_columns(registry)
    names = {event_type.topic: event_type.name for event_type in registry}
    raw = pl.DataFrame(
        [list(column) for column in zip(*rows, strict=True)] if rows else None,
        schema={
            "journey": pl.String(),
            "version": pl.Int64(),
            "topic": pl.String(),
            "occurred_at": pl.String(),
            **{column.name: _raw_type(column.kind) for column in columns},
        },
        orient="col",
    )
    event = pl.col("topic").replace_strict(names, return_dtype=pl.Enum(registry.names))
    return raw.select(
        "journey",
        "version",
        pl.col("occurred_at").str.to_datetime(_ISO, time_unit="us", time_zone="UTC"),
        event.alias("event"),
        *(_field(column, registry) for column in columns),
    ).cast(event_schema(registry))


def _raw_type(kind: FieldKind) -> pl.DataType:
    return pl.Float64() if kind is FieldKind.NUMBER else pl.String()


def _field(column: EventColumn, registry: EventRegistry) -> pl.Expr:
    value = pl.col(column.name)
    topics = [registry.named(name).topic for name in column.events]
    has_field = pl.col("topic").is_in(topics)
    if column.kind is FieldKind.TIME:
        value = value.str.to_datetime(_ISO, time_unit="us", time_zone="UTC")
    elif column.kind is FieldKind.ITEMS:
        # An event stored before its type had the field reads an empty set.
        value = value.str.json_decode(pl.List(pl.String())).list.sort().fill_null([])
    elif column.kind is FieldKind.OBJECTS:
        value = value.map_elements(_objects_text, return_dtype=pl.String()).fill_null("")
    return pl.when(has_field).then(value).otherwise(None).alias(column.name)


def _objects_text(stored: str) -> str:
    """Related objects as stored (``[{"_data_": [id, type, qualifier]} ...]``), flat."""
    return objects_text(RelatedObject(*item["_data_"]) for item in json.loads(stored))

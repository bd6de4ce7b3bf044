"""The columns of journey events: one row per event, one column per registry field.

Every journey event becomes one row with four columns every event has —
``journey`` (the journey's id as 32 hex digits), ``version`` (the event's
position in its journey, from 1), ``occurred_at`` (UTC, microseconds) and
``event`` (the registry's interchange name) — and one column for each field
name in :data:`~journeys.event_registry.JOURNEY_EVENTS`, in registry order. A
field shared by several event types (``body``, ``items``, ``outcome`` ...) is
one column. A row holds ``null`` in the columns its event type does not have.

Field kinds map to column types: text, body ids and nations are strings (a
nation as its value), items are sorted lists of strings, times are UTC
datetimes, numbers are floats, and related objects are their flat text
(:func:`journeys.related.objects_text`, ``""`` for none).
"""

from __future__ import annotations

import attrs
import polars as pl

from journeys.errors import JourneysError
from journeys.event_registry import JOURNEY_EVENTS, EventRegistry, FieldKind

__all__ = ["KEY_COLUMNS", "EventColumn", "event_columns", "event_schema"]

TIME = pl.Datetime("us", "UTC")

KEY_COLUMNS: tuple[str, ...] = ("journey", "version", "occurred_at", "event")
"""The columns every row has, in order; rows are sorted by the first two."""

_TYPES: dict[FieldKind, pl.DataType] = {
    FieldKind.TEXT: pl.String(),
    FieldKind.BODY: pl.String(),
    FieldKind.NATION: pl.String(),
    FieldKind.ITEMS: pl.List(pl.String()),
    FieldKind.TIME: TIME,
    FieldKind.NUMBER: pl.Float64(),
    FieldKind.OBJECTS: pl.String(),
}


@attrs.frozen
class EventColumn:
    """One field column: its name, what it holds, and the event types that have it."""

    name: str
    kind: FieldKind
    events: tuple[str, ...]

    @property
    def dtype(self) -> pl.DataType:
        """The column's Polars type."""
        return _TYPES[self.kind]


def event_columns(registry: EventRegistry = JOURNEY_EVENTS) -> tuple[EventColumn, ...]:
    """The field columns of ``registry``'s event types, in the order first met.

    Read at call time, so an event type registered later has its columns. Two
    types naming one field with different kinds cannot share a column: that is
    refused with a :class:`~journeys.errors.JourneysError`.
    """
    kinds: dict[str, FieldKind] = {}
    events: dict[str, list[str]] = {}
    for event_type in registry:
        for field in event_type.fields:
            known = kinds.setdefault(field.name, field.kind)
            if known is not field.kind:
                raise JourneysError(
                    f"field {field.name!r} is {known.value} in one event type and "
                    f"{field.kind.value} in {event_type.name!r}: they cannot share a column"
                )
            events.setdefault(field.name, []).append(event_type.name)
    return tuple(EventColumn(name, kinds[name], tuple(events[name])) for name in kinds)


def event_schema(registry: EventRegistry = JOURNEY_EVENTS) -> pl.Schema:
    """The columns and their Polars types: :data:`KEY_COLUMNS` then each field."""
    return pl.Schema(
        {
            "journey": pl.String(),
            "version": pl.Int64(),
            "occurred_at": TIME,
            "event": pl.Enum(registry.names),
            **{column.name: column.dtype for column in event_columns(registry)},
        }
    )

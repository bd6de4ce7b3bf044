"""Journey events already in memory, as columns (see :mod:`journeys.columns.schema`).

This is the reference reading: every other source of columns must give exactly
the frame this gives for the same events. It is also how an encrypted store is
read, since only the application can decrypt its events.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import polars as pl

from journeys.bodies import Nation
from journeys.columns.schema import event_columns, event_schema
from journeys.event_registry import JOURNEY_EVENTS, EventRegistry, FieldKind
from journeys.journey import Journey
from journeys.related import objects_text

__all__ = ["frame_from_events"]


def frame_from_events(
    events: Iterable[Journey.Event], registry: EventRegistry = JOURNEY_EVENTS
) -> pl.DataFrame:
    """One row per event, in the order given (sort by ``journey, version`` if needed)."""
    columns = event_columns(registry)
    keys: dict[str, list[Any]] = {"journey": [], "version": [], "occurred_at": [], "event": []}
    fields: dict[str, list[Any]] = {column.name: [] for column in columns}
    kinds = {column.name: column.kind for column in columns}
    for event in events:
        event_type = registry.of(event)
        keys["journey"].append(event.originator_id.hex)
        keys["version"].append(event.originator_version)
        keys["occurred_at"].append(event.occurred_at)
        keys["event"].append(event_type.name)
        own = event_type.field_names
        for name, values in fields.items():
            values.append(_value(kinds[name], getattr(event, name)) if name in own else None)
    return pl.DataFrame({**keys, **fields}, schema=event_schema(registry))


def _value(kind: FieldKind, value: Any) -> Any:
    if value is None:
        return None
    if kind is FieldKind.ITEMS:
        return sorted(value)
    if kind is FieldKind.NATION:
        return value.value if isinstance(value, Nation) else str(value)
    if kind is FieldKind.OBJECTS:
        return objects_text(value)
    if kind is FieldKind.NUMBER:
        return float(value)
    return value

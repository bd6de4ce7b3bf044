"""A journey event's field values as the strings that flat formats hold.

The journey-events CSV, OCEL 2.0 attributes and XES attributes all hold strings:
each field is written by its :class:`~journeys.event_registry.FieldKind`, so a
new event type's fields are written with no change here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from journeys.errors import EventLogError
from journeys.event_registry import EventField, FieldKind
from journeys.journey import Journey
from journeys.related import objects_text

ITEM_SEPARATOR = ";"
"""What separates the items of a set of facts in one string."""


def field_text(
    field: EventField, value: Any, event: Journey.Event, *, separator_name: str
) -> str | None:
    """The string for ``value`` of ``field`` of ``event`` (``None`` stays ``None``).

    A nation is written as its value; items sorted and ``;``-joined (an item
    holding ``;`` is refused, the error calling ``;`` ``separator_name``); a
    time as ISO 8601; related objects as :func:`~journeys.related.objects_text`
    writes them (none: ``None``, as for an unset field); text and body ids as they are.
    """
    if value is None:
        return None
    if field.kind is FieldKind.NATION:
        return str(value.value)
    if field.kind is FieldKind.ITEMS:
        return joined_items(value, event, separator_name=separator_name)
    if field.kind is FieldKind.OBJECTS:
        return objects_text(value) or None
    if field.kind is FieldKind.TIME:
        return str(value.isoformat())
    return str(value)


def joined_items(items: Iterable[str], event: Journey.Event, *, separator_name: str) -> str:
    """``items`` sorted and ``;``-joined; an item holding ``;`` is an error naming it."""
    for item in items:
        if ITEM_SEPARATOR in item:
            raise EventLogError(
                f"item {item!r} of journey {event.originator_id} contains "
                f"{ITEM_SEPARATOR!r}, {separator_name}",
                value=item,
            )
    return ITEM_SEPARATOR.join(sorted(items))

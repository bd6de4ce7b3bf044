"""What the OCEL 2.0 export declares: object types, event types and their attributes.

Event types and their attributes come from the journey event registry: an event's
fields that name bodies are relationships to body objects (qualified as below),
the ``started`` event's citizen is the citizen object (``subject``), and every
other field is a string attribute. The object types are this format's own.
"""

from __future__ import annotations

from journeys.event_registry import JOURNEY_EVENTS, EventField, EventType, FieldKind
from journeys.journey import Journey

STATIC_TIME = "1970-01-01T00:00:00Z"
"""The time OCEL 2.0 gives attribute values that do not change."""

STARTED = JOURNEY_EVENTS.of(Journey.Started)
"""The event that creates the journey and citizen objects."""

SUBJECT_FIELD = "citizen"
"""The field of the ``started`` event written as the citizen object (``subject``)."""

BODY_QUALIFIERS: dict[str, str] = {"body": "holder", "from_body": "sender", "to_body": "recipient"}
"""The relationship qualifier of each body field (any other: the field's name)."""

HANDOFF_FIELD = "handoff"
"""Events with this field relate the hand-off object, its sender and its recipient."""


def body_qualifier(field: EventField) -> str:
    """The qualifier relating the body object a body field names."""
    return BODY_QUALIFIERS.get(field.name, field.name)


def is_subject(event_type: EventType, field: EventField) -> bool:
    """Whether ``field`` is written as the citizen object rather than an attribute."""
    return event_type is STARTED and field.name == SUBJECT_FIELD


def attribute_fields(event_type: EventType) -> tuple[EventField, ...]:
    """The fields of ``event_type`` written as event attributes (not as related objects)."""
    return tuple(
        field
        for field in event_type.fields
        if field.kind is not FieldKind.BODY and not is_subject(event_type, field)
    )


def body_fields(event_type: EventType) -> tuple[EventField, ...]:
    """The fields of ``event_type`` written as relationships to body objects."""
    return tuple(field for field in event_type.fields if field.kind is FieldKind.BODY)


EVENT_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    event_type.name: tuple(field.name for field in attribute_fields(event_type))
    for event_type in JOURNEY_EVENTS
}
"""Each OCEL event type (journey event name) and its (string) attributes."""

OBJECT_TYPES: dict[str, tuple[str, ...]] = {
    "citizen": (),
    "journey": EVENT_ATTRIBUTES[STARTED.name],
    "case": ("service",),
    "handoff": ("items",),
    "body": ("name", "tier", "nations", "govuk_slug", "gss", "ods"),
}
"""Each OCEL object type and its (string) attributes (a journey's: its start's)."""


def strip_prefix(value: str, prefix: str) -> str | None:
    """``value`` without ``prefix``, or ``None`` if it lacks it or is nothing more."""
    return value[len(prefix) :] if value.startswith(prefix) and len(value) > len(prefix) else None

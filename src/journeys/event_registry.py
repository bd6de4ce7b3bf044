"""The journey event registry: every journey event class, its name and its fields.

Everything that handles journey events by type derives from this one list: the
application's topics, the interchange names and columns of the CSV, OCEL and
XES formats, replaying an imported row through the journey's commands, the
bodies checked against the catalogue, the gap rules' dispatch and the pictures.
Adding an event type is one class on :class:`~journeys.journey.Journey`, one
entry here, and the rules that care about it.

>>> from journeys.event_registry import JOURNEY_EVENTS
>>> JOURNEY_EVENTS.named("handoff_sent").field_names
('handoff', 'from_body', 'to_body', 'items')
"""

from __future__ import annotations

import dataclasses
import enum
import inspect
import typing
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from typing import Any

import attrs
from eventsourcing.utils import get_topic

from journeys.bodies import Nation
from journeys.errors import InvalidValueError
from journeys.journey import Journey
from journeys.related import RelatedObject, parse_objects

__all__ = ["JOURNEY_EVENTS", "EventField", "EventRegistry", "EventType", "FieldKind", "register"]


class FieldKind(enum.Enum):
    """What a field of a journey event holds, which tells formats how to write it."""

    TEXT = "text"
    """A non-empty string."""
    BODY = "body"
    """A body id, checked against the catalogue."""
    ITEMS = "items"
    """A set of fact ids (written sorted, ``;``-separated in flat formats)."""
    NATION = "nation"
    """A :class:`~journeys.bodies.Nation` (written as its value)."""
    TIME = "time"
    """A timezone-aware datetime (written as ISO 8601 with its UTC offset)."""
    NUMBER = "number"
    """A real number (written as Python writes a float)."""
    OBJECTS = "objects"
    """A set of :class:`~journeys.related.RelatedObject` (an event's other objects, not
    facts: written ``type:id[:qualifier]``, percent-encoded and ``;``-separated; see
    :mod:`journeys.related`)."""


@attrs.frozen
class EventField:
    """One field of a journey event (``occurred_at`` aside: every event has it).

    ``optional`` fields may be left out when replaying an event through its
    command, which then uses its default (``None``, ``"closed"``, no items ...).
    """

    name: str
    kind: FieldKind
    optional: bool


@attrs.frozen
class EventType:
    """A registered journey event class: its interchange name, command and fields."""

    cls: type[Journey.Event]
    name: str
    """The snake_case interchange name (the CSV's ``event``, the OCEL event type)."""
    command: Callable[..., Any] = attrs.field(repr=False)
    """The :class:`~journeys.journey.Journey` method (or ``Journey.start``) that records it."""
    fields: tuple[EventField, ...]

    @property
    def topic(self) -> str:
        """eventsourcing's topic of the class (to select it from the notification log)."""
        return get_topic(self.cls)

    @property
    def field_names(self) -> tuple[str, ...]:
        """The names of :attr:`fields`, in the class's order."""
        return tuple(field.name for field in self.fields)

    @property
    def body_fields(self) -> tuple[str, ...]:
        """The names of the fields that hold body ids."""
        return tuple(field.name for field in self.fields if field.kind is FieldKind.BODY)

    def values(self, event: Journey.Event) -> dict[str, Any]:
        """The event's own field values by name (``occurred_at`` aside)."""
        return {name: getattr(event, name) for name in self.field_names}

    def bodies(self, event: Journey.Event) -> tuple[str, ...]:
        """The body ids the event names."""
        return tuple(getattr(event, name) for name in self.body_fields)

    def replay(self, journey: Journey, values: Mapping[str, Any], occurred_at: datetime) -> None:
        """Record this event on ``journey`` through its command, from field values by
        name (an optional field that is absent or ``None`` takes the command's default).

        The command checks the values, so a broken journey rule raises its usual
        :class:`~journeys.errors.JourneyRuleError`.
        """
        self.command(journey, occurred_at=occurred_at, **self._arguments(values))

    def start(self, values: Mapping[str, Any], occurred_at: datetime, **extra: Any) -> Journey:
        """A new journey from the values of its ``started`` event (``extra``: ``id=``)."""
        return typing.cast(
            Journey, self.command(occurred_at=occurred_at, **self._arguments(values), **extra)
        )

    def _arguments(self, values: Mapping[str, Any]) -> dict[str, Any]:
        arguments: dict[str, Any] = {}
        for field in self.fields:
            value = values.get(field.name)
            if value is None and field.optional:
                continue
            if field.kind is FieldKind.TIME and isinstance(value, str):
                value = _time(field.name, value)
            if field.kind is FieldKind.OBJECTS and isinstance(value, str):
                value = parse_objects(value)
            arguments[field.name] = value
        return arguments


def _time(name: str, text: str) -> datetime:
    """A time field read from a flat format: ISO 8601 with a UTC offset."""
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InvalidValueError(f"{name} is not an ISO 8601 time: {text!r}") from None
    if value.tzinfo is None:
        raise InvalidValueError(f"{name} has no UTC offset: {text!r}")
    return value


class EventRegistry:
    """The registered journey event types, by class and by interchange name."""

    def __init__(self, types: tuple[EventType, ...]) -> None:
        self.types = types
        self._by_class: dict[type[Journey.Event], EventType] = {t.cls: t for t in types}
        self._by_name: dict[str, EventType] = {t.name: t for t in types}
        if len(self._by_class) != len(types) or len(self._by_name) != len(types):
            raise ValueError("each journey event class and name is registered once")

    def __iter__(self) -> Iterator[EventType]:
        return iter(self.types)

    def __len__(self) -> int:
        return len(self.types)

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    @property
    def names(self) -> tuple[str, ...]:
        """Every interchange name, in registry order."""
        return tuple(self._by_name)

    @property
    def topics(self) -> tuple[str, ...]:
        """Every event class's topic, to select journey events from the notification log."""
        return tuple(t.topic for t in self.types)

    def named(self, name: str) -> EventType:
        """The event type called ``name`` (``KeyError`` if there is none)."""
        return self._by_name[name]

    def of(self, event: Journey.Event | type[Journey.Event]) -> EventType:
        """The event type of an event or event class (``KeyError`` if not registered)."""
        return self._by_class[event if isinstance(event, type) else type(event)]

    def name_of(self, event: Journey.Event) -> str:
        """The interchange name of ``event`` (``"handoff_sent"`` ...)."""
        return self._by_class[type(event)].name


def register(
    cls: type[Journey.Event], name: str, command: Callable[..., Any], *bodies: str
) -> EventType:
    """Describe ``cls``: its fields come from the class, ``bodies`` names those holding
    body ids, and a field is optional where ``command`` has a default for it."""
    own = [f.name for f in dataclasses.fields(cls)]
    names = own[own.index("occurred_at") + 1 :]
    hints = typing.get_type_hints(cls)
    defaults = inspect.signature(command).parameters
    fields = []
    for field_name in names:
        parameter = defaults.get(field_name)
        if parameter is None:
            raise TypeError(f"{command.__qualname__} has no parameter {field_name!r}")
        fields.append(
            EventField(
                field_name,
                _kind(hints[field_name], is_body=field_name in bodies),
                optional=parameter.default is not inspect.Parameter.empty,
            )
        )
    return EventType(cls, name, command, tuple(fields))


def _kind(hint: object, *, is_body: bool) -> FieldKind:
    if is_body:
        return FieldKind.BODY
    if hint is Nation:
        return FieldKind.NATION
    if hint is datetime or datetime in typing.get_args(hint):
        return FieldKind.TIME
    if hint is float or float in typing.get_args(hint):
        return FieldKind.NUMBER
    if typing.get_origin(hint) is frozenset:
        if RelatedObject in typing.get_args(hint):
            return FieldKind.OBJECTS
        return FieldKind.ITEMS
    return FieldKind.TEXT


JOURNEY_EVENTS = EventRegistry(
    (
        register(Journey.Started, "started", Journey.start),
        register(Journey.CaseOpened, "case_opened", Journey.open_case, "body"),
        register(Journey.CaseClosed, "case_closed", Journey.close_case, "body"),
        register(Journey.Touchpoint, "touchpoint", Journey.touchpoint, "body"),
        register(
            Journey.InformationProvided, "information_provided", Journey.provide_information, "body"
        ),
        register(
            Journey.InformationRequested,
            "information_requested",
            Journey.request_information,
            "body",
        ),
        register(Journey.HandoffSent, "handoff_sent", Journey.send_handoff, "from_body", "to_body"),
        register(Journey.HandoffAccepted, "handoff_accepted", Journey.accept_handoff),
        register(Journey.HandoffRejected, "handoff_rejected", Journey.reject_handoff),
        register(Journey.FeedbackGiven, "feedback_given", Journey.give_feedback, "body"),
        register(Journey.ComplaintMade, "complaint_made", Journey.make_complaint, "body"),
        register(Journey.ComplaintResolved, "complaint_resolved", Journey.resolve_complaint),
        register(Journey.Ended, "ended", Journey.end),
    )
)
"""Every journey event type. Add a new event class here (and to the rules that care)."""

"""Writing journeys as OCEL 2.0 JSON (see :mod:`journeys.interop.ocel` for the format).

Events are streamed to a temporary file while their objects are collected (memory
grows with journeys and bodies, not events), then the document is written whole.
Attributes and body relationships come from the journey event registry; the
lifecycles of case and hand-off objects are this format's own knowledge.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import IO, Any
from uuid import UUID

import attrs

from journeys.application import JourneyApp
from journeys.bodies import Catalogue
from journeys.errors import EventLogError
from journeys.event_registry import JOURNEY_EVENTS, EventType
from journeys.interop.event_source import JourneySource, flat_events
from journeys.interop.field_text import field_text, joined_items
from journeys.interop.ocel_schema import (
    EVENT_ATTRIBUTES,
    HANDOFF_FIELD,
    OBJECT_TYPES,
    STATIC_TIME,
    attribute_fields,
    body_fields,
    body_qualifier,
)
from journeys.journey import Journey

_SEPARATOR_NAME = "the separator of items in exported logs"


@attrs.define
class _JourneyState:
    """What the writer must remember about one journey to relate its later events."""

    citizen: str
    cases_opened: int = 0
    open_cases: dict[tuple[str, str], str] = attrs.field(factory=dict)
    handoffs: dict[str, tuple[str, str]] = attrs.field(factory=dict)


class _OcelWriter:
    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.objects: dict[str, dict[str, Any]] = {}
        self.journeys: dict[UUID, _JourneyState] = {}

    def event(self, event: Journey.Event) -> dict[str, Any]:
        """The OCEL event of ``event``, adding the objects it creates."""
        event_type = JOURNEY_EVENTS.of(event)
        values = event_type.values(event)
        journey = f"journey:{event.originator_id}"
        if isinstance(event, Journey.Started):
            citizen = self.add_object(f"citizen:{event.citizen}", "citizen", {}, {})
            self.add_object(
                journey, "journey", _attributes(event_type, event, values), {citizen: "subject"}
            )
            self.journeys[event.originator_id] = _JourneyState(citizen=citizen)
        state = self.journeys.get(event.originator_id)
        if state is None:
            raise EventLogError(
                f"journey {event.originator_id} has events before its started event",
                value=str(event.originator_id),
            )
        # Body objects are described before the case or hand-off object naming them.
        bodies = {
            self.body(values[field.name]): body_qualifier(field)
            for field in body_fields(event_type)
        }
        attributes = _attributes(event_type, event, values)
        relations: dict[str, str] = {journey: "journey", state.citizen: "subject"}
        if isinstance(event, Journey.HandoffSent):
            self._send(event, state, journey)
        if HANDOFF_FIELD in values:
            relations.update(self._handoff_relations(event, state, values[HANDOFF_FIELD]))
        relations.update(bodies)
        if isinstance(event, Journey.CaseOpened | Journey.CaseClosed):
            relations[self._case(event, state, journey)] = "case"
        if isinstance(event, Journey.Ended):
            del self.journeys[event.originator_id]
        return {
            "id": f"{event.originator_id}:{event.originator_version}",
            "type": event_type.name,
            "time": event.occurred_at.isoformat(),
            "attributes": [
                {"name": name, "value": value}
                for name, value in attributes.items()
                if value is not None
            ],
            "relationships": [
                {"objectId": object_id, "qualifier": qualifier}
                for object_id, qualifier in relations.items()
            ],
        }

    def _send(self, event: Journey.HandoffSent, state: _JourneyState, journey: str) -> None:
        sender, recipient = self.body(event.from_body), self.body(event.to_body)
        self.add_object(
            f"handoff:{event.originator_id}:{event.handoff}",
            "handoff",
            {"items": joined_items(event.items, event, separator_name=_SEPARATOR_NAME)},
            {journey: "journey", sender: "sender", recipient: "recipient"},
        )
        state.handoffs[event.handoff] = (sender, recipient)

    def _handoff_relations(
        self, event: Journey.Event, state: _JourneyState, handoff: str
    ) -> dict[str, str]:
        sender, recipient = state.handoffs[handoff]
        object_id = f"handoff:{event.originator_id}:{handoff}"
        return {object_id: "handoff", sender: "sender", recipient: "recipient"}

    def _case(
        self, event: Journey.CaseOpened | Journey.CaseClosed, state: _JourneyState, journey: str
    ) -> str:
        key = (event.body, event.service)
        if isinstance(event, Journey.CaseClosed):
            return state.open_cases.pop(key)
        state.cases_opened += 1
        case = self.add_object(
            f"case:{event.originator_id}:{state.cases_opened}",
            "case",
            {"service": event.service},
            {journey: "journey", self.body(event.body): "holder"},
        )
        state.open_cases[key] = case
        return case

    def body(self, body_id: str) -> str:
        """The id of the body object of ``body_id``, described from the catalogue once."""
        object_id = f"body:{body_id}"
        if object_id not in self.objects:
            body = self.catalogue.require(body_id)
            values = {
                "name": body.name,
                "tier": body.tier.value,
                "nations": ";".join(sorted(n.value for n in body.nations)),
                "govuk_slug": body.govuk_slug,
                "gss": body.gss,
                "ods": body.ods,
            }
            self.add_object(object_id, "body", values, {})
        return object_id

    def add_object(
        self,
        object_id: str,
        object_type: str,
        values: Mapping[str, str | None],
        relations: Mapping[str, str],
    ) -> str:
        """Describe an object the first time it is met; return its id."""
        if object_id not in self.objects:
            self.objects[object_id] = {
                "id": object_id,
                "type": object_type,
                "attributes": [
                    {"name": name, "time": STATIC_TIME, "value": value}
                    for name, value in values.items()
                    if value is not None
                ],
                "relationships": [
                    {"objectId": target, "qualifier": qualifier}
                    for target, qualifier in relations.items()
                ],
            }
        return object_id


def _attributes(
    event_type: EventType, event: Journey.Event, values: Mapping[str, Any]
) -> dict[str, str | None]:
    """The event's attribute values by name (``None``: an optional field left unset)."""
    return {
        field.name: field_text(field, values[field.name], event, separator_name=_SEPARATOR_NAME)
        for field in attribute_fields(event_type)
    }


def write_ocel(
    source: JourneySource, path: str | Path, *, catalogue: Catalogue | None = None
) -> int:
    """Write journeys as an OCEL 2.0 JSON file; return the number of events written.

    ``source`` is a :class:`~journeys.application.JourneyApp` (whose catalogue is
    used unless ``catalogue`` is given) or journey events, each journey's in
    order from its ``started`` event. Body objects are described from the
    catalogue (the bundled UK one when neither is given).
    """
    if catalogue is None:
        if isinstance(source, JourneyApp):
            catalogue = source.catalogue
        else:
            from journeys.data import uk_catalogue

            catalogue = uk_catalogue()
    writer = _OcelWriter(catalogue)
    count = 0
    with tempfile.TemporaryFile("w+", encoding="utf-8") as events:
        for event in flat_events(source):
            events.write("," if count else "")
            events.write("\n    " + _dumps(writer.event(event)))
            count += 1
        events.seek(0)
        with Path(path).open("w", encoding="utf-8") as handle:
            _write_document(handle, writer.objects.values(), events)
    return count


def _write_document(handle: IO[str], objects: Iterable[dict[str, Any]], events: IO[str]) -> None:
    def types(table: Mapping[str, tuple[str, ...]]) -> str:
        return ",".join(
            "\n    "
            + _dumps({"name": name, "attributes": [{"name": a, "type": "string"} for a in names]})
            for name, names in table.items()
        )

    handle.write('{\n  "objectTypes": [' + types(OBJECT_TYPES) + "\n  ],\n")
    handle.write('  "eventTypes": [' + types(EVENT_ATTRIBUTES) + "\n  ],\n")
    handle.write('  "objects": [')
    handle.write(",".join("\n    " + _dumps(obj) for obj in objects))
    handle.write('\n  ],\n  "events": [')
    while chunk := events.read(1 << 16):
        handle.write(chunk)
    handle.write("\n  ]\n}\n")


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))

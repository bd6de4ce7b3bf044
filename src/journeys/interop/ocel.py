"""OCEL 2.0 JSON: journeys as an object-centric event log, and back.

Object types (ids in brackets):

- ``citizen`` (``citizen:<reference>``);
- ``journey`` (``journey:<uuid>``), attributes ``trigger``, ``nation``;
  related to its citizen as ``subject``;
- ``case`` (``case:<journey uuid>:<n>``, the n-th case opened in the journey),
  attribute ``service``; related to its ``journey`` and its body as ``holder``;
- ``handoff`` (``handoff:<journey uuid>:<hand-off id>``), attribute ``items``;
  related to its ``journey``, its ``sender`` and its ``recipient`` bodies;
- ``body`` (``body:<id>``), attributes ``name``, ``tier``, ``nations`` (``;``-joined)
  and, when known, ``govuk_slug``, ``gss``, ``ods``.

Event types are the journey event names (``started``, ``case_opened`` ...), with
the event's own values as attributes (``items`` ``;``-joined). Event ids are
``<journey uuid>:<version>``; times are ISO 8601 in UTC. Every event is related
to its ``journey`` and its citizen (``subject``); events at one body relate it as
``holder``; case events relate their ``case``; hand-off events relate the
``handoff`` and both bodies (``sender``, ``recipient``).

Object attributes are static, so they carry the time ``1970-01-01T00:00:00Z``
as OCEL 2.0 does for values that never change.

:func:`write_ocel` streams events to the file while it collects the objects
(memory grows with journeys and bodies, not with events). :class:`OcelLog` reads
this library's own export back into journeys with their original ids; an OCEL
JSON document is one JSON value, so it is read whole.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import IO, Any
from uuid import UUID

import attrs

from journeys.application import JourneyApp
from journeys.bodies import Body, Catalogue
from journeys.closing import ClosesOnExit
from journeys.errors import EventLogError, JourneyRuleError
from journeys.interop.event_source import JourneySource, flat_events
from journeys.interop.timestamps import parse_timestamp
from journeys.interop.vocabulary import EVENT_CLASSES, event_name
from journeys.journey import Journey

STATIC_TIME = "1970-01-01T00:00:00Z"
"""The time OCEL 2.0 gives attribute values that do not change."""

OBJECT_TYPES: dict[str, tuple[str, ...]] = {
    "citizen": (),
    "journey": ("trigger", "nation"),
    "case": ("service",),
    "handoff": ("items",),
    "body": ("name", "tier", "nations", "govuk_slug", "gss", "ods"),
}
"""Each OCEL object type and its (string) attributes."""

EVENT_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "started": ("trigger", "nation"),
    "case_opened": ("service", "via_handoff"),
    "case_closed": ("service", "outcome"),
    "touchpoint": ("activity", "service"),
    "information_provided": ("items",),
    "information_requested": ("items",),
    "handoff_sent": ("handoff", "items"),
    "handoff_accepted": ("handoff",),
    "handoff_rejected": ("handoff", "reason"),
    "ended": ("outcome",),
}
"""Each OCEL event type (journey event name) and its (string) attributes."""


# --- writing ----------------------------------------------------------------------------


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
        journey = f"journey:{event.originator_id}"
        if isinstance(event, Journey.Started):
            citizen = self.add_object(f"citizen:{event.citizen}", "citizen", {}, {})
            self.add_object(
                journey,
                "journey",
                {"trigger": event.trigger, "nation": event.nation.value},
                {citizen: "subject"},
            )
            self.journeys[event.originator_id] = _JourneyState(citizen=citizen)
        state = self.journeys.get(event.originator_id)
        if state is None:
            raise EventLogError(
                f"journey {event.originator_id} has events before its started event",
                value=str(event.originator_id),
            )
        relations: dict[str, str] = {journey: "journey", state.citizen: "subject"}
        attributes: dict[str, str | None] = {}
        if isinstance(event, Journey.Started):
            attributes = {"trigger": event.trigger, "nation": event.nation.value}
        elif isinstance(event, Journey.CaseOpened | Journey.CaseClosed):
            body = self.body(event.body)
            key = (event.body, event.service)
            if isinstance(event, Journey.CaseOpened):
                state.cases_opened += 1
                case = self.add_object(
                    f"case:{event.originator_id}:{state.cases_opened}",
                    "case",
                    {"service": event.service},
                    {journey: "journey", body: "holder"},
                )
                state.open_cases[key] = case
                attributes = {"service": event.service, "via_handoff": event.via_handoff}
            else:
                case = state.open_cases.pop(key)
                attributes = {"service": event.service, "outcome": event.outcome}
            relations.update({body: "holder", case: "case"})
        elif isinstance(event, Journey.Touchpoint):
            relations[self.body(event.body)] = "holder"
            attributes = {"activity": event.activity, "service": event.service}
        elif isinstance(event, Journey.InformationProvided | Journey.InformationRequested):
            relations[self.body(event.body)] = "holder"
            attributes = {"items": _joined(event.items, event)}
        elif isinstance(event, Journey.HandoffSent):
            sender, recipient = self.body(event.from_body), self.body(event.to_body)
            handoff = self.add_object(
                f"handoff:{event.originator_id}:{event.handoff}",
                "handoff",
                {"items": _joined(event.items, event)},
                {journey: "journey", sender: "sender", recipient: "recipient"},
            )
            state.handoffs[event.handoff] = (sender, recipient)
            relations.update({handoff: "handoff", sender: "sender", recipient: "recipient"})
            attributes = {"handoff": event.handoff, "items": _joined(event.items, event)}
        elif isinstance(event, Journey.HandoffAccepted | Journey.HandoffRejected):
            sender, recipient = state.handoffs[event.handoff]
            handoff = f"handoff:{event.originator_id}:{event.handoff}"
            relations.update({handoff: "handoff", sender: "sender", recipient: "recipient"})
            attributes = {"handoff": event.handoff}
            if isinstance(event, Journey.HandoffRejected):
                attributes["reason"] = event.reason
        elif isinstance(event, Journey.Ended):
            attributes = {"outcome": event.outcome}
            del self.journeys[event.originator_id]
        return {
            "id": f"{event.originator_id}:{event.originator_version}",
            "type": event_name(event),
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

    def body(self, body_id: str) -> str:
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


def _joined(items: frozenset[str], event: Journey.Event) -> str:
    for item in items:
        if ";" in item:
            raise EventLogError(
                f"item {item!r} of journey {event.originator_id} contains ';', "
                "the separator of items in exported logs",
                value=item,
            )
    return ";".join(sorted(items))


# --- reading ----------------------------------------------------------------------------


@attrs.frozen
class _OcelEvent:
    index: int
    id: str
    kind: str
    occurred_at: datetime
    values: dict[str, str] = attrs.field(hash=False)
    related: dict[str, str] = attrs.field(hash=False)
    """Object id by qualifier."""


class OcelLog(ClosesOnExit):
    """An OCEL 2.0 JSON file written by :func:`write_ocel`, read back as journeys.

    Journeys keep the ids they were exported with, so importing the same file
    twice adds nothing. Bodies the catalogue lacks are taken from the file's body
    objects (:attr:`new_bodies`).
    """

    def __init__(self, path: str | Path, *, catalogue: Catalogue) -> None:
        self.path = Path(path)
        self.catalogue = catalogue
        self._new: dict[str, Body] = {}
        self._document: dict[str, list[_OcelEvent]] | None = None

    @property
    def new_bodies(self) -> tuple[Body, ...]:
        """Body objects of the file whose ids the catalogue lacked."""
        return tuple(self._new.values())

    def journeys(self) -> Iterator[Journey]:
        """Every journey of the file with pending events, in order of first appearance."""
        by_journey = self._read()
        for journey_object, events in by_journey.items():
            yield self._journey(journey_object, events)

    def close(self) -> None:
        """Forget the document read."""
        self._document = None

    # --- parsing ----------------------------------------------------------------------

    def _fail(self, message: str, value: object = None) -> EventLogError:
        return EventLogError(message, source=self.path, value=value)

    def _read(self) -> dict[str, list[_OcelEvent]]:
        if self._document is not None:
            return self._document
        try:
            with self.path.open(encoding="utf-8-sig") as handle:
                document = json.load(handle)
        except FileNotFoundError:
            raise self._fail("file not found") from None
        except (OSError, UnicodeDecodeError) as error:
            raise self._fail(f"cannot read file: {error}") from None
        except json.JSONDecodeError as error:
            raise EventLogError(
                f"not valid JSON: {error.msg} (column {error.colno})",
                source=self.path,
                line=error.lineno,
            ) from None
        except RecursionError:
            # The json module parses nested arrays and objects recursively.
            raise self._fail("not valid JSON: nested too deeply") from None
        if not isinstance(document, dict):
            raise self._fail("an OCEL 2.0 JSON document is an object")
        objects = self._objects(document.get("objects"))
        raw_events = document.get("events")
        if not isinstance(raw_events, list):
            raise self._fail("'events' must be a list")
        by_journey: dict[str, list[_OcelEvent]] = {}
        for index, raw in enumerate(raw_events, start=1):
            event = self._event(index, raw)
            journey = event.related.get("journey")
            if journey is None or objects.get(journey, {}).get("type") != "journey":
                raise self._fail(f"event {index} ({event.id!r}) is related to no journey", event.id)
            by_journey.setdefault(journey, []).append(event)
        self._document = by_journey
        return by_journey

    def _objects(self, raw_objects: object) -> dict[str, dict[str, Any]]:
        if not isinstance(raw_objects, list):
            raise self._fail("'objects' must be a list")
        objects: dict[str, dict[str, Any]] = {}
        for index, raw in enumerate(raw_objects, start=1):
            if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
                raise self._fail(f"object {index} has no string id", raw)
            values: dict[str, str] = {}
            for attribute in self._list(raw, "attributes", f"object {index}"):
                if isinstance(attribute, dict) and isinstance(attribute.get("name"), str):
                    values.setdefault(attribute["name"], str(attribute.get("value", "")))
            objects[raw["id"]] = {"type": raw.get("type"), "values": values}
            if raw.get("type") == "body":
                self._body_object(raw["id"], values)
        return objects

    def _body_object(self, object_id: str, values: dict[str, str]) -> None:
        body_id = _strip_prefix(object_id, "body:")
        if body_id is None:
            raise self._fail(f"body object id {object_id!r} does not start with 'body:'", object_id)
        if body_id in self.catalogue or body_id in self._new:
            return
        try:
            self._new[body_id] = Body(
                id=body_id,
                name=values.get("name") or body_id,
                tier=values.get("tier", ""),
                nations=[n for n in values.get("nations", "").split(";") if n],
                govuk_slug=values.get("govuk_slug") or None,
                gss=values.get("gss") or None,
                ods=values.get("ods") or None,
            )
        except ValueError as error:
            raise self._fail(f"body object {object_id!r}: {error}", object_id) from None

    def _list(self, raw: dict[str, Any], key: str, where: str) -> list[Any]:
        value = raw.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self._fail(f"{where}: {key!r} must be a list", value)
        return value

    def _event(self, index: int, raw: object) -> _OcelEvent:
        if not isinstance(raw, dict):
            raise self._fail(f"event {index} is not an object", raw)
        event_id = raw.get("id")
        kind = raw.get("type")
        where = f"event {index} ({event_id!r})"
        if not isinstance(event_id, str) or not isinstance(kind, str):
            raise self._fail(f"{where} needs a string id and type", raw)
        if kind not in EVENT_CLASSES:
            raise self._fail(f"{where}: unknown event type {kind!r}", kind)
        try:
            occurred_at = parse_timestamp(str(raw.get("time", "")), naive_timezone=None)
        except ValueError as error:
            raise self._fail(f"{where}: time: {error}", raw.get("time")) from None
        values: dict[str, str] = {}
        for attribute in self._list(raw, "attributes", where):
            if not isinstance(attribute, dict) or not isinstance(attribute.get("name"), str):
                raise self._fail(f"{where}: malformed attribute", attribute)
            values[attribute["name"]] = str(attribute.get("value", ""))
        related: dict[str, str] = {}
        for relation in self._list(raw, "relationships", where):
            if not isinstance(relation, dict) or not isinstance(relation.get("objectId"), str):
                raise self._fail(f"{where}: malformed relationship", relation)
            related[str(relation.get("qualifier", ""))] = relation["objectId"]
        return _OcelEvent(index, event_id, kind, occurred_at, values, related)

    # --- building -----------------------------------------------------------------------

    def _journey(self, journey_object: str, events: list[_OcelEvent]) -> Journey:
        ordered = sorted(events, key=lambda event: event.occurred_at)
        first = ordered[0]
        journey_uuid = _strip_prefix(journey_object, "journey:")
        try:
            identity = UUID(journey_uuid or "")
        except ValueError:
            raise self._fail(
                f"journey object id {journey_object!r} is not 'journey:<uuid>'", journey_object
            ) from None
        if first.kind != "started":
            raise self._fail(
                f"event {first.index} ({first.id!r}): journey {journey_object!r} "
                f"does not begin with a started event",
                first.kind,
            )
        citizen = _strip_prefix(first.related.get("subject", ""), "citizen:")
        if not citizen:
            raise self._fail(f"event {first.index} ({first.id!r}) names no citizen", first.id)
        current = first
        try:
            journey = Journey.start(
                citizen=citizen,
                trigger=first.values.get("trigger", ""),
                nation=first.values.get("nation", ""),
                occurred_at=first.occurred_at,
                id=identity,
            )
            for current in ordered[1:]:
                self._apply(journey, current)
        except JourneyRuleError as error:
            raise self._fail(
                f"event {current.index} ({current.id!r}): {error}", current.id
            ) from None
        return journey

    def _apply(self, journey: Journey, event: _OcelEvent) -> None:
        values, when = event.values, event.occurred_at
        kind = event.kind
        if kind == "started":
            raise JourneyRuleError(f"journey {journey.id} has a second started event")
        if kind in {"case_opened", "case_closed", "touchpoint"} or kind.startswith("information"):
            body = self._body(event, "holder")
            if kind == "case_opened":
                journey.open_case(
                    body,
                    values.get("service", ""),
                    occurred_at=when,
                    via_handoff=values.get("via_handoff"),
                )
            elif kind == "case_closed":
                journey.close_case(
                    body,
                    values.get("service", ""),
                    occurred_at=when,
                    outcome=values.get("outcome", "closed"),
                )
            elif kind == "touchpoint":
                journey.touchpoint(
                    body,
                    values.get("activity", ""),
                    occurred_at=when,
                    service=values.get("service"),
                )
            elif kind == "information_provided":
                journey.provide_information(body, _split(values.get("items", "")), occurred_at=when)
            else:
                journey.request_information(body, _split(values.get("items", "")), occurred_at=when)
        elif kind == "handoff_sent":
            journey.send_handoff(
                values.get("handoff", ""),
                from_body=self._body(event, "sender"),
                to_body=self._body(event, "recipient"),
                items=_split(values.get("items", "")),
                occurred_at=when,
            )
        elif kind == "handoff_accepted":
            journey.accept_handoff(values.get("handoff", ""), occurred_at=when)
        elif kind == "handoff_rejected":
            journey.reject_handoff(
                values.get("handoff", ""), occurred_at=when, reason=values.get("reason", "rejected")
            )
        else:
            journey.end(occurred_at=when, outcome=values.get("outcome", "completed"))

    def _body(self, event: _OcelEvent, qualifier: str) -> str:
        body = _strip_prefix(event.related.get(qualifier, ""), "body:")
        if not body:
            raise self._fail(
                f"event {event.index} ({event.id!r}) has no body related as {qualifier!r}",
                event.id,
            )
        if body not in self.catalogue and body not in self._new:
            raise self._fail(
                f"event {event.index} ({event.id!r}): body {body!r} is neither in the "
                "catalogue nor among the file's body objects",
                body,
            )
        return body


def read_ocel(path: str | Path, *, catalogue: Catalogue) -> Iterator[Journey]:
    """The journeys of an OCEL 2.0 JSON file written by :func:`write_ocel`.

    See :class:`OcelLog`.
    """
    with OcelLog(path, catalogue=catalogue) as log:
        yield from log.journeys()


def _strip_prefix(value: str, prefix: str) -> str | None:
    return value[len(prefix) :] if value.startswith(prefix) and len(value) > len(prefix) else None


def _split(text: str) -> list[str]:
    return [item for item in text.split(";") if item]

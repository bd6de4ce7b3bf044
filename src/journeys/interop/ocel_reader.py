"""Reading OCEL 2.0 JSON written by :func:`~journeys.interop.write_ocel` back into journeys.

See :mod:`journeys.interop.ocel` for the format. Each event is replayed through
its journey command from the journey event registry: body fields from the
related body objects (by qualifier), the ``started`` event's citizen from its
``subject``, every other field from the attribute of its name. An OCEL JSON
document is one JSON value, so it is read whole.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from uuid import UUID

import attrs

from journeys.bodies import Body, Catalogue
from journeys.closing import ClosesOnExit
from journeys.errors import EventLogError, JourneyRuleError
from journeys.event_registry import JOURNEY_EVENTS, EventType, FieldKind
from journeys.interop.field_text import ITEM_SEPARATOR
from journeys.interop.ocel_schema import (
    STARTED,
    SUBJECT_FIELD,
    body_qualifier,
    is_subject,
    strip_prefix,
)
from journeys.interop.timestamps import parse_timestamp
from journeys.journey import Journey


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
    objects (:attr:`new_bodies`). ``document`` is the file's JSON value when the
    caller has read it already (as :func:`~journeys.interop.ocel2.open_ocel` has).
    """

    def __init__(self, path: str | Path, *, catalogue: Catalogue, document: object = None) -> None:
        self.path = Path(path)
        self.catalogue = catalogue
        self._new: dict[str, Body] = {}
        self._document: dict[str, list[_OcelEvent]] | None = None
        self._loaded = document
        """The file's JSON value when the caller has read it already (``None``: read it)."""

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
        document = self._loaded if self._loaded is not None else self._load()
        self._loaded = None
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

    def _load(self) -> object:
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
        return document

    def _objects(self, raw_objects: object) -> dict[str, dict[str, Any]]:
        if not isinstance(raw_objects, list):
            raise self._fail("'objects' must be a list")
        objects: dict[str, dict[str, Any]] = {}
        for index, raw in enumerate(raw_objects, start=1):
            if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
                raise self._fail(f"object {index} has no string id", raw)
            values: dict[str, str] = {}
            for attribute in json_list(raw, "attributes", f"object {index}", self._fail):
                if isinstance(attribute, dict) and isinstance(attribute.get("name"), str):
                    values.setdefault(attribute["name"], str(attribute.get("value", "")))
            objects[raw["id"]] = {"type": raw.get("type"), "values": values}
            if raw.get("type") == "body":
                self._body_object(raw["id"], values)
        return objects

    def _body_object(self, object_id: str, values: dict[str, str]) -> None:
        body_id = strip_prefix(object_id, "body:")
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

    def _event(self, index: int, raw: object) -> _OcelEvent:
        if not isinstance(raw, dict):
            raise self._fail(f"event {index} is not an object", raw)
        event_id = raw.get("id")
        kind = raw.get("type")
        where = f"event {index} ({event_id!r})"
        if not isinstance(event_id, str) or not isinstance(kind, str):
            raise self._fail(f"{where} needs a string id and type", raw)
        if kind not in JOURNEY_EVENTS:
            raise self._fail(f"{where}: unknown event type {kind!r}", kind)
        try:
            occurred_at = parse_timestamp(str(raw.get("time", "")), naive_timezone=None)
        except ValueError as error:
            raise self._fail(f"{where}: time: {error}", raw.get("time")) from None
        values: dict[str, str] = {}
        for attribute in json_list(raw, "attributes", where, self._fail):
            if not isinstance(attribute, dict) or not isinstance(attribute.get("name"), str):
                raise self._fail(f"{where}: malformed attribute", attribute)
            values[attribute["name"]] = str(attribute.get("value", ""))
        related: dict[str, str] = {}
        for relation in json_list(raw, "relationships", where, self._fail):
            if not isinstance(relation, dict) or not isinstance(relation.get("objectId"), str):
                raise self._fail(f"{where}: malformed relationship", relation)
            related[str(relation.get("qualifier", ""))] = relation["objectId"]
        return _OcelEvent(index, event_id, kind, occurred_at, values, related)

    # --- building -----------------------------------------------------------------------

    def _journey(self, journey_object: str, events: list[_OcelEvent]) -> Journey:
        ordered = sorted(events, key=lambda event: event.occurred_at)
        first = ordered[0]
        journey_uuid = strip_prefix(journey_object, "journey:")
        try:
            identity = UUID(journey_uuid or "")
        except ValueError:
            raise self._fail(
                f"journey object id {journey_object!r} is not 'journey:<uuid>'", journey_object
            ) from None
        if first.kind != STARTED.name:
            raise self._fail(
                f"event {first.index} ({first.id!r}): journey {journey_object!r} "
                f"does not begin with a {STARTED.name} event",
                first.kind,
            )
        citizen = strip_prefix(first.related.get("subject", ""), "citizen:")
        if not citizen:
            raise self._fail(f"event {first.index} ({first.id!r}) names no citizen", first.id)
        current = first
        try:
            values = {**self._field_values(STARTED, first), SUBJECT_FIELD: citizen}
            journey = STARTED.start(values, first.occurred_at, id=identity)
            for current in ordered[1:]:
                event_type = JOURNEY_EVENTS.named(current.kind)
                if event_type is STARTED:
                    raise JourneyRuleError(
                        f"journey {journey.id} has a second {STARTED.name} event"
                    )
                values = self._field_values(event_type, current)
                event_type.replay(journey, values, current.occurred_at)
        except JourneyRuleError as error:
            raise self._fail(
                f"event {current.index} ({current.id!r}): {error}", current.id
            ) from None
        return journey

    def _field_values(self, event_type: EventType, event: _OcelEvent) -> dict[str, Any]:
        """The values to replay ``event`` with (a missing optional one: ``None``, the default)."""
        values: dict[str, Any] = {}
        for field in event_type.fields:
            if is_subject(event_type, field):
                continue
            if field.kind is FieldKind.BODY:
                values[field.name] = self._body(event, body_qualifier(field))
                continue
            text = event.values.get(field.name)
            if text is None and field.optional:
                values[field.name] = None
            elif field.kind is FieldKind.ITEMS:
                values[field.name] = _split(text or "")
            else:
                values[field.name] = text or ""
        return values

    def _body(self, event: _OcelEvent, qualifier: str) -> str:
        body = strip_prefix(event.related.get(qualifier, ""), "body:")
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


def json_list(
    raw: dict[str, Any], key: str, where: str, fail: Callable[[str, object], EventLogError]
) -> list[Any]:
    """``raw[key]`` of an OCEL JSON document, which must be a list (missing: empty);
    anything else raises ``fail``'s error for the message and the value."""
    value = raw.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise fail(f"{where}: {key!r} must be a list", value)
    return value


def read_ocel(path: str | Path, *, catalogue: Catalogue) -> Iterator[Journey]:
    """The journeys of an OCEL 2.0 JSON file written by :func:`write_ocel`.

    See :class:`OcelLog`.
    """
    with OcelLog(path, catalogue=catalogue) as log:
        yield from log.journeys()


def _split(text: str) -> list[str]:
    return [item for item in text.split(ITEM_SEPARATOR) if item]

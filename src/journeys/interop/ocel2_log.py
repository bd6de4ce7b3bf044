"""OCEL 2.0 logs from any tool, read as journeys of one object type.

The three OCEL 2.0 serialisations (JSON, XML, SQLite; see
:mod:`journeys.interop.ocel2_json`, :mod:`journeys.interop.ocel2_xml` and
:mod:`journeys.interop.ocel2_sqlite`) are read into the same intermediate form:
the log's objects (id and type) and its events (:class:`Ocel2Event`: id, type,
time, the attributes that name a body, and the event-to-object relations), both
in file order. :class:`Ocel2Log` then builds journeys from them as activity logs
are built (:mod:`journeys.interop.activity_journey`):

- the user chooses the **journey object type** (``journey_object_type``); a log
  with a single object type needs no choice, one with several is refused with an
  error listing them;
- each object of that type is one case: journey id ``journey_id(source, object
  id)``, citizen ``"<source>:<object id>"``;
- its events are every event related (E2O) to it, in time order (ties in file
  order); each becomes a touchpoint whose activity is the event's type;
- the body of each event comes from the mapping's activities, else from the
  event attribute named like the activity log's resource column (default
  ``org:resource``), else the group column's (``org:group``), else the fallback
  body (see :mod:`journeys.interop.body_resolver`).

Objects of the chosen type that no event relates are skipped
(:attr:`Ocel2Log.empty_objects`). Object attributes and object-to-object
relations are not part of a journey and are not read into it.

The events' other related objects (ids, types and qualifiers) are kept on each
touchpoint (its ``objects``, see :mod:`journeys.related`) and given by
:meth:`Ocel2Log.related_objects`; see :doc:`bring-your-own-log`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import Protocol

import attrs

from journeys.bodies import Body, Catalogue
from journeys.closing import ClosesOnExit
from journeys.errors import EventLogError
from journeys.interop.activity_journey import ActivityEvent, ActivityJourneyBuilder
from journeys.interop.body_resolver import BodyResolver
from journeys.interop.import_limits import ImportLimits, over_limit
from journeys.interop.mapping import LogMapping
from journeys.journey import Journey
from journeys.related import RelatedObject

__all__ = [
    "OCEL1_REFUSED",
    "BodyAttributes",
    "Ocel2Event",
    "Ocel2Log",
    "Ocel2Reader",
    "OcelObject",
    "OcelRelation",
    "RelatedObject",
]

OCEL1_REFUSED = (
    "this is an OCEL 1.0 log: OCEL 2.0 is the supported standard "
    "(PM4Py converts one: pm4py.write_ocel2(pm4py.read_ocel(path), new_path))"
)
"""The message refusing an OCEL 1.0 document."""


@attrs.frozen
class OcelRelation:
    """One event-to-object relation: the object's id and the relation's qualifier."""

    object_id: str
    qualifier: str


@attrs.frozen
class OcelObject:
    """One object of the log: its id and type, and where it is in the file."""

    id: str
    type: str
    where: str


@attrs.frozen
class Ocel2Event:
    """One event of an OCEL 2.0 log, as the three readers give it.

    ``attributes`` holds the event's attribute values as text (readers may keep
    only those asked for); ``where`` describes its place in the file for error
    messages (``"event 3 ('e3')"``) and ``line`` its line when the format has lines.
    """

    id: str
    type: str
    occurred_at: datetime
    attributes: Mapping[str, str] = attrs.field(hash=False)
    relations: tuple[OcelRelation, ...]
    where: str
    line: int | None = None


@attrs.frozen
class BodyAttributes:
    """The event attributes that name an event's body, as an activity log's columns do.

    ``resource`` is read first, then ``group`` (see
    :mod:`journeys.interop.body_resolver`); an event may have neither.
    """

    resource: str = "org:resource"
    group: str = "org:group"

    @property
    def names(self) -> frozenset[str]:
        """Both attribute names (what the readers keep of each event's attributes)."""
        return frozenset((self.resource, self.group))


class Ocel2Reader(Protocol):
    """Reads one OCEL 2.0 file into its objects and events, in file order."""

    path: Path

    def read(self, keep: frozenset[str]) -> Iterator[OcelObject | Ocel2Event]:
        """Every object and event of the file, in file order, each event with the
        attributes named in ``keep`` that it has.

        Raises :class:`~journeys.errors.EventLogError` naming the file, the position
        and the value for anything malformed.
        """


@attrs.frozen
class _Loaded:
    journey_type: str
    order: tuple[str, ...]
    """The journey objects with events, in file order."""
    events: Mapping[str, list[Ocel2Event]] = attrs.field(hash=False)
    types: Mapping[str, str] = attrs.field(hash=False)
    empty: int


class Ocel2Log(ClosesOnExit):
    """An OCEL 2.0 log read as one journey per object of the journey object type.

    The file is read once (by ``reader``) and its events kept, so both passes of an
    import rebuild the journeys from memory; memory grows with the log's events.
    ``limits`` bound the events related to one journey object
    (``events_per_case``) and the size of an event's type and kept attribute
    values (``value_size``).
    """

    def __init__(
        self,
        reader: Ocel2Reader,
        *,
        catalogue: Catalogue,
        mapping: LogMapping | None = None,
        attributes: BodyAttributes | None = None,
        journey_object_type: str | None = None,
        source: str | None = None,
        limits: ImportLimits | None = None,
    ) -> None:
        self.reader = reader
        self.limits = limits if limits is not None else ImportLimits()
        self.attributes = attributes if attributes is not None else BodyAttributes()
        self.path = reader.path
        self.journey_object_type = journey_object_type
        self.source = source if source is not None else self.path.name
        self.resolver = BodyResolver(catalogue, mapping or LogMapping())
        self._builder = ActivityJourneyBuilder(self.resolver, source=self.source, path=self.path)
        self._loaded: _Loaded | None = None

    @property
    def new_bodies(self) -> tuple[Body, ...]:
        """Bodies met so far that the catalogue lacked (see the generated catalogue)."""
        return self.resolver.new_bodies

    @property
    def empty_objects(self) -> int:
        """Objects of the journey object type that no event relates (skipped)."""
        return self._load().empty

    @property
    def chosen_object_type(self) -> str:
        """The journey object type: the one given, or the log's only object type."""
        return self._load().journey_type

    def journeys(self) -> Iterator[Journey]:
        """One journey per object of the journey object type that has events, in file order.

        Raises :class:`~journeys.errors.EventLogError` for a malformed file, an
        object type to choose or one the log lacks, or an event breaking a journey rule.
        """
        loaded = self._load()
        for object_id in loaded.order:
            events = loaded.events[object_id]
            yield self._builder.build(
                object_id,
                [
                    _activity_event(event, self.attributes, _others(event, object_id, loaded))
                    for event in events
                ],
                where=f"{loaded.journey_type} object",
            )

    def related_objects(self) -> dict[str, list[tuple[RelatedObject, ...]]]:
        """For each journey object, the objects each of its events relates besides it.

        One tuple per event, in the journey's order (ids, types and qualifiers, in
        the file's order): what each touchpoint's ``objects`` holds, as a set.
        """
        loaded = self._load()
        return {
            object_id: [_others(event, object_id, loaded) for event in loaded.events[object_id]]
            for object_id in loaded.order
        }

    def close(self) -> None:
        """Forget the events read."""
        self._loaded = None

    def _load(self) -> _Loaded:
        if self._loaded is not None:
            return self._loaded
        types: dict[str, str] = {}
        type_order: dict[str, None] = {}
        objects: list[str] = []
        events: list[Ocel2Event] = []
        for item in self.reader.read(self.attributes.names):
            if isinstance(item, OcelObject):
                if item.id in types:
                    raise EventLogError(
                        f"{item.where}: object id {item.id!r} is used by an earlier object",
                        source=self.path,
                        value=item.id,
                    )
                types[item.id] = item.type
                type_order.setdefault(item.type, None)
                objects.append(item.id)
            else:
                self._check_sizes(item)
                events.append(item)
        journey_type = self._journey_type(tuple(type_order))
        by_object: dict[str, list[Ocel2Event]] = {}
        for event in events:
            for relation in event.relations:
                kind = types.get(relation.object_id)
                if kind is None:
                    raise EventLogError(
                        f"{event.where} relates object {relation.object_id!r}, "
                        "which the log does not declare",
                        source=self.path,
                        line=event.line,
                        value=relation.object_id,
                    )
                if kind == journey_type:
                    related = by_object.setdefault(relation.object_id, [])
                    if not related or related[-1] is not event:
                        if len(related) >= self.limits.events_per_case:
                            raise over_limit(
                                self.path,
                                f"{event.where}: {journey_type} object "
                                f"{relation.object_id!r} has too many events",
                                "events_per_case",
                                self.limits,
                                line=event.line,
                            )
                        related.append(event)
        for related in by_object.values():
            related.sort(key=lambda event: event.occurred_at)  # stable: ties in file order
        order = tuple(o for o in objects if types[o] == journey_type and o in by_object)
        empty = sum(1 for o in objects if types[o] == journey_type) - len(order)
        self._loaded = _Loaded(journey_type, order, by_object, types, empty)
        return self._loaded

    def _check_sizes(self, event: Ocel2Event) -> None:
        limit = self.limits.value_size
        named = [("its type", event.type), *event.attributes.items()]
        for name, value in named:
            if len(value) > limit:
                what = f"{event.where}: the value of {name!r} is too long"
                if name == "its type":
                    what = f"{event.where}: its type is too long"
                raise over_limit(
                    self.path, what, "value_size", self.limits, unit=" characters", line=event.line
                )

    def _journey_type(self, types: tuple[str, ...]) -> str:
        listed = ", ".join(repr(t) for t in types) or "none"
        chosen = self.journey_object_type
        if chosen is not None:
            if chosen not in types:
                raise EventLogError(
                    f"the log has no objects of type {chosen!r}; its object types: {listed}",
                    source=self.path,
                    value=chosen,
                )
            return chosen
        if len(types) == 1:
            return types[0]
        raise EventLogError(
            "choose the journey object type (journey_object_type, or --journey-object-type): "
            f"the log's object types are {listed}",
            source=self.path,
            value=listed,
        )


def _others(event: Ocel2Event, journey_object: str, loaded: _Loaded) -> tuple[RelatedObject, ...]:
    """The objects ``event`` relates other than ``journey_object``, in the file's order."""
    return tuple(
        RelatedObject(r.object_id, loaded.types[r.object_id], r.qualifier)
        for r in event.relations
        if r.object_id != journey_object
    )


def _activity_event(
    event: Ocel2Event, attributes: BodyAttributes, objects: tuple[RelatedObject, ...]
) -> ActivityEvent:
    return ActivityEvent(
        activity=event.type,
        occurred_at=event.occurred_at,
        resource=(event.attributes.get(attributes.resource) or "").strip() or None,
        group=(event.attributes.get(attributes.group) or "").strip() or None,
        line=event.line,
        objects=frozenset(objects),
    )

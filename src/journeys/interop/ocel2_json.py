"""OCEL 2.0 JSON (``.jsonocel``, ``.json``) from any tool.

The document (``objectTypes``, ``eventTypes``, ``objects``, ``events``) is one
JSON value, so it is read whole. :func:`open_ocel_json` tells this library's own
export (:func:`~journeys.interop.write_ocel`: ``journey`` objects, and only the
export's object types) from any other tool's log: the first is
replayed into the journeys it was exported from (:class:`~journeys.interop.OcelLog`),
the second is read as one journey per object of the journey object type
(:class:`~journeys.interop.ocel2_log.Ocel2Log`).

An OCEL 1.0 JSON document (its keys start with ``ocel:``) is refused: OCEL 2.0 is
the supported standard.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, tzinfo
from pathlib import Path
from typing import Any, TypeGuard

from journeys.bodies import Catalogue
from journeys.errors import EventLogError
from journeys.interop.import_limits import ImportLimits
from journeys.interop.mapping import LogMapping
from journeys.interop.ocel2_log import (
    OCEL1_REFUSED,
    BodyAttributes,
    Ocel2Event,
    Ocel2Log,
    OcelObject,
    OcelRelation,
)
from journeys.interop.ocel_reader import OcelLog, json_list
from journeys.interop.ocel_schema import OBJECT_TYPES
from journeys.interop.timestamps import parse_timestamp

OWN_JOURNEY_TYPE = "journey"
"""The object type of the journeys in this library's own OCEL export."""


def load_ocel_json(path: Path) -> dict[str, Any]:
    """The OCEL 2.0 JSON document at ``path`` (an object), read whole.

    Raises :class:`~journeys.errors.EventLogError` for a missing or unreadable
    file, invalid JSON, a document that is not an object, or an OCEL 1.0 document.
    """
    try:
        with path.open(encoding="utf-8-sig") as handle:
            document = json.load(handle)
    except FileNotFoundError:
        raise EventLogError("file not found", source=path) from None
    except (OSError, UnicodeDecodeError) as error:
        raise EventLogError(f"cannot read file: {error}", source=path) from None
    except json.JSONDecodeError as error:
        raise EventLogError(
            f"not valid JSON: {error.msg} (column {error.colno})", source=path, line=error.lineno
        ) from None
    except RecursionError:
        # The json module parses nested arrays and objects recursively.
        raise EventLogError("not valid JSON: nested too deeply", source=path) from None
    if not isinstance(document, dict):
        raise EventLogError("an OCEL 2.0 JSON document is an object", source=path)
    old = next((key for key in document if str(key).startswith("ocel:")), None)
    if old is not None:
        raise EventLogError(OCEL1_REFUSED, source=path, value=old)
    return document


def is_own_export(document: dict[str, Any]) -> bool:
    """Whether ``document`` is this library's own OCEL export (or a tool's rewrite of it).

    True when some object is a ``journey`` and every object's type is one of the
    export's (:data:`~journeys.interop.ocel.OBJECT_TYPES`: ``citizen``, ``journey``,
    ``case``, ``handoff``, ``body``), whatever its events: an export with a bad
    event is then refused for that event rather than read as another tool's log.
    """
    objects = document.get("objects")
    if not isinstance(objects, list):
        return False
    # A type that is not text (a mutated or foreign document) is no type of the export.
    types = {
        o.get("type") if isinstance(o, dict) and isinstance(o.get("type"), str) else None
        for o in objects
    }
    return OWN_JOURNEY_TYPE in types and types <= set(OBJECT_TYPES)


def open_ocel_json(
    path: str | Path,
    *,
    catalogue: Catalogue,
    mapping: LogMapping | None = None,
    attributes: BodyAttributes | None = None,
    timezone: tzinfo = UTC,
    source: str | None = None,
    journey_object_type: str | None = None,
    limits: ImportLimits | None = None,
) -> OcelLog | Ocel2Log:
    """The OCEL 2.0 JSON log at ``path``, read as journeys.

    This library's own export (see :func:`is_own_export`) is replayed into its
    journeys unless another ``journey_object_type`` than ``journey`` is asked for;
    any other log becomes one journey per object of ``journey_object_type``
    (see :class:`~journeys.interop.ocel2_log.Ocel2Log`).
    """
    path = Path(path)
    document = load_ocel_json(path)
    if journey_object_type in (None, OWN_JOURNEY_TYPE) and is_own_export(document):
        return OcelLog(path, catalogue=catalogue, document=document)
    return Ocel2Log(
        Ocel2JsonReader(path, document, timezone=timezone),
        catalogue=catalogue,
        mapping=mapping,
        attributes=attributes,
        journey_object_type=journey_object_type,
        source=source,
        limits=limits,
    )


class Ocel2JsonReader:
    """The objects and events of an OCEL 2.0 JSON document already loaded."""

    def __init__(self, path: Path, document: dict[str, Any], *, timezone: tzinfo = UTC) -> None:
        self.path = path
        self.document = document
        self.timezone = timezone

    def read(self, keep: frozenset[str]) -> Iterator[OcelObject | Ocel2Event]:
        """The document's objects, then its events (see :class:`Ocel2Reader`)."""
        for key in ("objects", "events"):
            if not isinstance(self.document.get(key), list):
                raise self._fail(f"{key!r} must be a list", self.document.get(key))
        for index, raw in enumerate(self.document["objects"], 1):
            if not isinstance(raw, dict):
                raise self._fail(f"object {index} is not a JSON object", raw)
            object_id, kind = raw.get("id"), raw.get("type")
            if not _text(object_id) or not _text(kind):
                raise self._fail(f"object {index} needs a non-empty string id and type", raw)
            yield OcelObject(object_id, kind, f"object {index} ({object_id!r})")
        for index, raw in enumerate(self.document["events"], 1):
            yield self._event(index, raw, keep)

    def _event(self, index: int, raw: object, keep: frozenset[str]) -> Ocel2Event:
        if not isinstance(raw, dict):
            raise self._fail(f"event {index} is not a JSON object", raw)
        event_id, kind, time = raw.get("id"), raw.get("type"), raw.get("time")
        if not _text(event_id) or not _text(kind):
            raise self._fail(f"event {index} needs a non-empty string id and type", raw)
        where = f"event {index} ({event_id!r})"
        if not isinstance(time, str):
            raise self._fail(f"{where}: 'time' must be a string", time)
        try:
            occurred_at = parse_timestamp(time, naive_timezone=self.timezone)
        except ValueError as error:
            raise self._fail(f"{where}: time: {error}", time) from None
        attributes: dict[str, str] = {}
        for attribute in json_list(raw, "attributes", where, self._fail):
            name = attribute.get("name") if isinstance(attribute, dict) else None
            if not isinstance(name, str):
                raise self._fail(f"{where}: an attribute needs a string name", attribute)
            if name in keep:
                attributes[name] = _value_text(attribute.get("value"))
        relations: list[OcelRelation] = []
        for relation in json_list(raw, "relationships", where, self._fail):
            object_id = relation.get("objectId") if isinstance(relation, dict) else None
            qualifier = relation.get("qualifier", "") if isinstance(relation, dict) else None
            if not _text(object_id) or not isinstance(qualifier, str):
                raise self._fail(
                    f"{where}: a relationship needs a string objectId and qualifier", relation
                )
            relations.append(OcelRelation(object_id, qualifier))
        return Ocel2Event(event_id, kind, occurred_at, attributes, tuple(relations), where)

    def _fail(self, message: str, value: object = None) -> EventLogError:
        return EventLogError(message, source=self.path, value=_short(value))


def _text(value: object) -> TypeGuard[str]:
    return isinstance(value, str) and bool(value.strip())


def _value_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _short(value: object) -> object:
    """A value small enough to quote in an error message."""
    if isinstance(value, dict | list):
        text = json.dumps(value, ensure_ascii=False, default=str)
        return text if len(text) <= 200 else text[:200] + "..."
    return value

"""OCEL 2.0 SQLite (``.sqlite``, ``.sqlite3``) from any tool, read-only.

The database is opened read-only (URI ``mode=ro``, ``query_only``, untrusted
schema) and only its tables are read, never its views. The OCEL 2.0 tables:

- ``object`` (``ocel_id``, ``ocel_type``): the objects, read in row order;
- ``event`` (``ocel_id``, ``ocel_type``): the events, read in row order;
- ``event_map_type`` (``ocel_type``, ``ocel_type_map``): the table
  ``event_<ocel_type_map>`` holding each event type's ``ocel_time`` and attributes;
- ``event_object`` (``ocel_event_id``, ``ocel_object_id``, ``ocel_qualifier``):
  the event-to-object relations.

The times and the attributes that name bodies are read type table by type table,
then events and their relations are streamed by one query in row order. Object
attributes (``object_<type>``) and ``object_object`` are not needed for journeys.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any

from journeys.errors import EventLogError
from journeys.interop.ocel2_log import Ocel2Event, OcelObject, OcelRelation
from journeys.interop.timestamps import parse_timestamp

REQUIRED_TABLES = ("event", "object", "event_object", "event_map_type")
"""The tables every OCEL 2.0 SQLite database has (and this reader needs)."""

_EVENTS = """
SELECT e._rowid_, e.ocel_id, e.ocel_type, eo.ocel_object_id, eo.ocel_qualifier
FROM event AS e LEFT JOIN event_object AS eo ON eo.ocel_event_id = e.ocel_id
ORDER BY e._rowid_, eo._rowid_
"""


class Ocel2SqliteReader:
    """The objects and events of an OCEL 2.0 SQLite database, in row order."""

    def __init__(self, path: str | Path, *, timezone: tzinfo = UTC) -> None:
        self.path = Path(path)
        self.timezone = timezone

    def read(self, keep: frozenset[str]) -> Iterator[OcelObject | Ocel2Event]:
        """Every object, then every event (see :class:`Ocel2Reader`)."""
        if not self.path.is_file():
            raise EventLogError("file not found", source=self.path)
        try:
            with closing(self._connect()) as connection:
                tables = self._tables(connection)
                for number, (object_id, kind) in enumerate(
                    connection.execute("SELECT ocel_id, ocel_type FROM object ORDER BY _rowid_"), 1
                ):
                    where = f"object {number} ({object_id!r})"
                    if not _text(object_id) or not _text(kind):
                        raise self._fail(f"{where} needs a non-empty text id and type", kind)
                    yield OcelObject(object_id, kind, where)
                details = self._details(connection, tables, keep)
                yield from self._events(connection, details)
        except sqlite3.Error as error:
            raise self._fail(f"cannot read the OCEL 2.0 SQLite database: {error}") from None
        except UnicodeDecodeError as error:
            raise self._fail(f"the database holds text that is not UTF-8: {error}") from None

    def _connect(self) -> sqlite3.Connection:
        uri = self.path.resolve().as_uri() + "?mode=ro"
        connection = sqlite3.connect(uri, uri=True)
        connection.execute("PRAGMA query_only = ON")
        connection.execute("PRAGMA trusted_schema = OFF")
        return connection

    def _tables(self, connection: sqlite3.Connection) -> set[str]:
        tables = {
            str(name)
            for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        missing = [name for name in REQUIRED_TABLES if name not in tables]
        if missing:
            raise self._fail(
                "not an OCEL 2.0 SQLite database: it has no table " + ", ".join(missing),
                missing[0],
            )
        return tables

    def _details(
        self, connection: sqlite3.Connection, tables: set[str], keep: frozenset[str]
    ) -> dict[str, dict[str, tuple[Any, dict[str, str]]]]:
        """For each event type, each event's time and kept attributes by event id."""
        details: dict[str, dict[str, tuple[Any, dict[str, str]]]] = {}
        for kind, suffix in connection.execute(
            "SELECT ocel_type, ocel_type_map FROM event_map_type"
        ):
            table = f"event_{suffix}"
            if table not in tables:
                raise self._fail(f"event type {kind!r}: its table {table!r} is missing", table)
            cursor = connection.execute(f"SELECT * FROM {_quoted(table)}")
            names = [column[0] for column in cursor.description]
            if "ocel_id" not in names or "ocel_time" not in names:
                raise self._fail(f"table {table!r} lacks ocel_id or ocel_time", table)
            index, time = names.index("ocel_id"), names.index("ocel_time")
            kept = [(i, name) for i, name in enumerate(names) if name in keep]
            rows: dict[str, tuple[Any, dict[str, str]]] = {}
            for row in cursor:
                values = {name: str(row[i]) for i, name in kept if row[i] is not None}
                rows[str(row[index])] = (row[time], values)
            details[str(kind)] = rows
        return details

    def _events(
        self,
        connection: sqlite3.Connection,
        details: dict[str, dict[str, tuple[Any, dict[str, str]]]],
    ) -> Iterator[Ocel2Event]:
        number = 0
        current: tuple[int, str, str] | None = None
        relations: list[OcelRelation] = []
        for rowid, event_id, kind, object_id, qualifier in connection.execute(_EVENTS):
            if current is None or rowid != current[0]:
                if current is not None:
                    yield self._event(number, current, relations, details)
                number += 1
                if not _text(event_id) or not _text(kind):
                    raise self._fail(f"event {number} needs a non-empty text id and type", kind)
                current, relations = (rowid, event_id, kind), []
            if object_id is not None:
                if type(object_id) is not str or not object_id or object_id.isspace():
                    raise self._fail(
                        f"event {number} ({event_id!r}): a relation names no object", object_id
                    )
                relations.append(OcelRelation(object_id, str(qualifier or "")))
        if current is not None:
            yield self._event(number, current, relations, details)

    def _event(
        self,
        number: int,
        current: tuple[int, str, str],
        relations: list[OcelRelation],
        details: dict[str, dict[str, tuple[Any, dict[str, str]]]],
    ) -> Ocel2Event:
        _, event_id, kind = current
        where = f"event {number} ({event_id!r})"
        if kind not in details:
            raise self._fail(f"{where}: event type {kind!r} is not in event_map_type", kind)
        found = details[kind].get(event_id)
        if found is None:
            raise self._fail(f"{where} has no row in the table of its type {kind!r}", event_id)
        time, attributes = found
        return Ocel2Event(
            event_id, kind, self._time(time, where), attributes, tuple(relations), where
        )

    def _time(self, value: object, where: str) -> datetime:
        try:
            return parse_timestamp(str(value), naive_timezone=self.timezone)
        except ValueError as error:
            raise self._fail(f"{where}: ocel_time: {error}", value) from None

    def _fail(self, message: str, value: object = None) -> EventLogError:
        return EventLogError(message, source=self.path, value=value)


def _text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _quoted(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'

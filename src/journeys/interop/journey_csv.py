"""The journey-events CSV: one row per journey event, in any order of journeys.

The header names these columns (in any order)::

    journey,occurred_at,event,body,service,activity,handoff,to_body,items,outcome,
    trigger,nation,citizen,reason,started_at,objects

``journey``, ``occurred_at`` and ``event`` are required; a missing optional column
reads as empty. ``event`` is one of the journey event names (``started``,
``case_opened`` ... ``ended``); ``occurred_at`` (and a touchpoint's
``started_at``, when its activity took time) is ISO 8601 with a UTC offset;
``items`` are ``;``-separated; a touchpoint's ``objects`` (the other objects its
event related in an object-centric log) are ``type:id`` or ``type:id:qualifier``,
``;``-separated, with ``%``, ``;`` and ``:`` percent-encoded (see
:mod:`journeys.related`). Per event the row needs:

=======================  ===========================================  ==================
event                    required                                      optional
=======================  ===========================================  ==================
started                  citizen, trigger, nation
case_opened              body, service                                 handoff (via)
case_closed              body, service                                 outcome ("closed")
touchpoint               body, activity                                service, started_at,
                                                                       objects
information_provided     body, items
information_requested    body, items
handoff_sent             handoff, body (the sender), to_body           items
handoff_accepted         handoff
handoff_rejected         handoff                                       reason ("rejected")
ended                                                                  outcome ("completed")
=======================  ===========================================  ==================

These follow from :data:`~journeys.event_registry.JOURNEY_EVENTS`: an event's
columns are its fields, named like them except ``from_body`` (the ``body``
column) and ``via_handoff`` (the ``handoff`` column), and a field is required
when its command has no default for it. A newly registered event type is read
and written the same way, its new fields' columns after these.

Other columns of a row are ignored, except that every non-empty ``body`` and
``to_body`` must be in the catalogue. A journey's rows may appear anywhere in the
file; within a journey they are ordered by ``occurred_at``, ties kept in file
order, and the first must be ``started``. The ``journey`` column is the case id in
the file: the journey's id is :func:`~journeys.journey.journey_id` of the source
name (the file's name unless told otherwise) and that case id.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from journeys.bodies import Catalogue, parse_nation
from journeys.errors import EventLogError, JourneyRuleError
from journeys.event_registry import JOURNEY_EVENTS, EventField, EventType, FieldKind
from journeys.interop.csv_rows import CsvRows
from journeys.interop.event_source import JourneySource, flat_events
from journeys.interop.field_text import ITEM_SEPARATOR, field_text
from journeys.interop.import_limits import ImportLimits
from journeys.interop.staging import StagedLog, StagedRow, StagingTable
from journeys.interop.timestamps import parse_timestamp
from journeys.journey import Journey, journey_id

_COLUMN_ALIASES: dict[str, str] = {"from_body": "body", "via_handoff": "handoff"}
"""Fields whose column is not named like the field: a hand-off's sender is the
row's ``body``, and the hand-off a case was opened through is its ``handoff``."""


def _column(field: EventField) -> str:
    return _COLUMN_ALIASES.get(field.name, field.name)


_DOCUMENTED_COLUMNS: tuple[str, ...] = (
    "journey",
    "occurred_at",
    "event",
    "body",
    "service",
    "activity",
    "handoff",
    "to_body",
    "items",
    "outcome",
    "trigger",
    "nation",
    "citizen",
    "reason",
    "started_at",
    "objects",
)
# The registry's own order would shuffle the documented header, so today's columns
# keep their order and a new event type's new fields are appended after them.
_FIELD_COLUMNS: tuple[str, ...] = tuple(
    dict.fromkeys(_column(field) for event_type in JOURNEY_EVENTS for field in event_type.fields)
)

JOURNEY_CSV_COLUMNS: tuple[str, ...] = _DOCUMENTED_COLUMNS + tuple(
    column for column in _FIELD_COLUMNS if column not in _DOCUMENTED_COLUMNS
)
"""The columns of the journey-events CSV, in the order the writer writes them."""

REQUIRED_COLUMNS: tuple[str, ...] = ("journey", "occurred_at", "event")
"""Columns every journey-events CSV header must have."""

_BODY_COLUMNS: tuple[str, ...] = tuple(
    column
    for column in JOURNEY_CSV_COLUMNS
    if any(
        _column(field) == column and field.kind is FieldKind.BODY
        for event_type in JOURNEY_EVENTS
        for field in event_type.fields
    )
)
"""Columns holding body ids: checked against the catalogue on every row."""

_STARTED = JOURNEY_EVENTS.of(Journey.Started)
_SEPARATOR_NAME = "the journey-events CSV's item separator"
# Staged rows keep the columns after journey and occurred_at, in this order.
_STAGED = JOURNEY_CSV_COLUMNS[2:]
_FIELD = {name: index for index, name in enumerate(_STAGED)}


def is_journey_csv_header(header: Sequence[str]) -> bool:
    """Whether a CSV header is a journey-events CSV's (it has the required columns)."""
    names = {name.strip() for name in header}
    return all(column in names for column in REQUIRED_COLUMNS)


class JourneyCsvLog(StagedLog):
    """A journey-events CSV file read as journeys, as often as asked.

    The first call of :meth:`journeys` stages every row in a temporary SQLite
    file, checking each (columns, event names, timestamps, body ids); every call
    then rebuilds the journeys from the staged rows. Close it (or use it as a
    context manager) to delete the staging file. ``limits`` bound a field's size
    and a journey's events (:class:`~journeys.interop.import_limits.ImportLimits`).
    """

    def __init__(
        self,
        path: str | Path,
        *,
        catalogue: Catalogue,
        source: str | None = None,
        limits: ImportLimits | None = None,
    ) -> None:
        self.path = Path(path)
        self.limits = limits if limits is not None else ImportLimits()
        self.catalogue = catalogue
        self.source = source if source is not None else self.path.name

    @property
    def new_bodies(self) -> tuple[()]:
        """A journey-events CSV names catalogue bodies only: it never adds any."""
        return ()

    def journeys(self) -> Iterator[Journey]:
        """Every journey in the file, in order of first appearance, with pending events.

        Raises :class:`~journeys.errors.EventLogError` naming the file, the line and
        the value for the first bad row or broken journey rule.
        """
        for case_id, rows in self._cases():
            journey = self._journey(case_id, rows)
            rows.clear()  # the staging table's list: free it before the journey is used
            yield journey

    # --- staging: every row checked on its own ---------------------------------------

    def _stage(self, staging: StagingTable) -> None:
        rows = CsvRows(self.path, limits=self.limits)
        header = rows.header
        try:
            self._check_header(header)
        except EventLogError:
            rows.close()
            raise
        index = {name: header.index(name) for name in header}
        for line, raw in rows:
            values = {
                name: (raw[index[name]].strip() if name in index else "")
                for name in JOURNEY_CSV_COLUMNS
            }
            occurred_at = self._check_row(line, values)
            staging.add(values["journey"], occurred_at, line, [values[n] for n in _STAGED])

    def _check_header(self, header: tuple[str, ...]) -> None:
        def fail(message: str, value: str) -> EventLogError:
            return EventLogError(message, source=self.path, line=1, value=value)

        unknown = [name for name in header if name not in JOURNEY_CSV_COLUMNS]
        if unknown:
            expected = ",".join(JOURNEY_CSV_COLUMNS)
            raise fail(f"unknown column {unknown[0]!r} (expected {expected})", unknown[0])
        missing = [name for name in REQUIRED_COLUMNS if name not in header]
        if missing:
            needs = ",".join(REQUIRED_COLUMNS)
            message = f"missing column {missing[0]!r} (the header needs {needs})"
            raise fail(message, ",".join(header))

    def _check_row(self, line: int, values: dict[str, str]) -> datetime:
        def fail(message: str, value: object) -> EventLogError:
            return EventLogError(message, source=self.path, line=line, value=value)

        if not values["journey"]:
            raise fail("empty journey", values["journey"])
        kind = values["event"]
        if kind not in JOURNEY_EVENTS:
            raise fail(
                f"unknown event {kind!r} (expected one of: {', '.join(JOURNEY_EVENTS.names)})",
                kind,
            )
        try:
            occurred_at = parse_timestamp(values["occurred_at"], naive_timezone=None)
        except ValueError as error:
            raise fail(f"occurred_at: {error}", values["occurred_at"]) from None
        event_type = JOURNEY_EVENTS.named(kind)
        # Missing values, then nations, body ids and item lists: the first check that
        # fails is the one reported, whatever the event type.
        for field in event_type.fields:
            column = _column(field)
            if not field.optional and not values[column]:
                raise fail(f"{kind} needs a value in column {column!r}", values[column])
        for field in event_type.fields:
            column = _column(field)
            if field.kind is FieldKind.NATION and values[column]:
                try:
                    parse_nation(values[column])
                except ValueError as error:
                    raise fail(str(error), values[column]) from None
        for column in _BODY_COLUMNS:
            body = values[column]
            if body and body not in self.catalogue:
                raise fail(f"unknown body id {body!r}: it is not in the catalogue", body)
        for field in event_type.fields:
            column = _column(field)
            # A required set of facts names at least one (the commands refuse an empty one).
            if field.kind is FieldKind.ITEMS and not field.optional and not _items(values[column]):
                raise fail(f"{kind} needs at least one item", values[column])
        return occurred_at

    # --- building: the journey rules --------------------------------------------------

    def _journey(self, case_id: str, rows: list[StagedRow]) -> Journey:
        first = rows[0]
        if _field(first, "event") != _STARTED.name:
            raise EventLogError(
                f"journey {case_id!r} does not begin with a {_STARTED.name} event "
                f"(its earliest event is {_field(first, 'event')!r})",
                source=self.path,
                line=first.line,
                value=case_id,
            )
        with self._journey_rules(first):
            journey = _STARTED.start(
                _values(_STARTED, first), first.occurred_at, id=journey_id(self.source, case_id)
            )
        for row in rows[1:]:
            event_type = JOURNEY_EVENTS.named(_field(row, "event"))
            if event_type is _STARTED:
                raise EventLogError(
                    f"journey {case_id!r} has a second {_STARTED.name} event",
                    source=self.path,
                    line=row.line,
                    value=case_id,
                )
            with self._journey_rules(row):
                event_type.replay(journey, _values(event_type, row), row.occurred_at)
        return journey

    @contextmanager
    def _journey_rules(self, row: StagedRow) -> Iterator[None]:
        """Report a broken journey rule as an error naming the file, line and value."""
        try:
            yield
        except JourneyRuleError as error:
            value = _field(row, "handoff") or _field(row, "body") or _field(row, "event")
            raise EventLogError(str(error), source=self.path, line=row.line, value=value) from None


def read_journey_csv(
    path: str | Path, *, catalogue: Catalogue, source: str | None = None
) -> Iterator[Journey]:
    """The journeys of a journey-events CSV file, each with its events pending.

    Journeys come in order of first appearance in the file; ``source`` (default:
    the file's name) and each row's ``journey`` value give the journey ids. Rows
    are staged on disk, so memory does not grow with the file. Raises
    :class:`~journeys.errors.EventLogError` naming the file, line and value.
    """
    with JourneyCsvLog(path, catalogue=catalogue, source=source) as log:
        yield from log.journeys()


def write_journey_csv(source: JourneySource, path: str | Path | IO[str]) -> int:
    """Write journey events as a journey-events CSV; return the number of rows.

    ``source`` is a :class:`~journeys.application.JourneyApp` (every recorded
    journey) or an iterable of journey events. The ``journey`` column is the
    journey's id. ``path`` is a file path or an open text stream.
    """
    if isinstance(path, str | Path):
        with Path(path).open("w", encoding="utf-8", newline="") as handle:
            return write_journey_csv(source, handle)
    writer = csv.writer(path, lineterminator="\n")
    writer.writerow(JOURNEY_CSV_COLUMNS)
    count = 0
    for event in flat_events(source):
        writer.writerow(_row(event))
        count += 1
    return count


# --- helpers ----------------------------------------------------------------------------


def _field(row: StagedRow, name: str) -> str:
    return row.fields[_FIELD[name]]


def _items(text: str) -> list[str]:
    return [item.strip() for item in text.split(ITEM_SEPARATOR) if item.strip()]


def _values(event_type: EventType, row: StagedRow) -> dict[str, Any]:
    """The field values of a staged row, for replaying it (empty: ``None``, the default)."""
    values: dict[str, Any] = {}
    for field in event_type.fields:
        text = _field(row, _column(field))
        if not text:
            values[field.name] = None
        elif field.kind is FieldKind.ITEMS:
            values[field.name] = _items(text)
        else:
            values[field.name] = text
    return values


def _row(event: Journey.Event) -> list[str]:
    """The CSV row of one journey event."""
    event_type = JOURNEY_EVENTS.of(event)
    values = dict.fromkeys(JOURNEY_CSV_COLUMNS, "")
    values["journey"] = str(event.originator_id)
    values["occurred_at"] = event.occurred_at.isoformat()
    values["event"] = event_type.name
    for field in event_type.fields:
        text = field_text(field, getattr(event, field.name), event, separator_name=_SEPARATOR_NAME)
        values[_column(field)] = "" if text is None else text
    return [values[name] for name in JOURNEY_CSV_COLUMNS]

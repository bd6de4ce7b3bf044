"""XES event logs (IEEE 1849): ``.xes`` and gzip-compressed ``.xes.gz``.

Reading streams the file trace by trace (see :mod:`journeys.interop.xes_traces`),
clearing each trace once read, so memory holds one trace at a time, within
:class:`~journeys.interop.xes_limits.XesLimits` (events and elements per trace,
elements outside traces, attribute value and markup sizes). A DOCTYPE that
declares entities is refused before parsing (see :mod:`journeys.interop.xml_prolog`).

A trace is a case: its ``concept:name`` is the case id. An event is a
touchpoint: ``concept:name`` is the activity, ``time:timestamp`` the time,
``org:resource`` and ``org:group`` feed the body (see
:mod:`journeys.interop.body_resolver`). An interval log's start times come from
``start_timestamp`` or lifecycle ``start``/``complete`` pairs (see
:mod:`journeys.interop.intervals`). An event's ``objects`` attribute (as the
export writes a touchpoint's related objects, see :mod:`journeys.related`) is
kept on its touchpoint. Global attribute defaults
(``<global>``) are not applied: an event without its own ``time:timestamp``
is an error. Traces without events are skipped (:attr:`XesLog.empty_traces`).

Writing is :mod:`journeys.interop.xes_writer`'s (``write_xes`` is re-exported here).
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any, BinaryIO, cast

from lxml import etree

from journeys.bodies import Body, Catalogue
from journeys.closing import ClosesOnExit
from journeys.errors import EventLogError, InvalidValueError
from journeys.interop.activity_journey import ActivityEvent, ActivityJourneyBuilder
from journeys.interop.body_resolver import BodyResolver
from journeys.interop.import_limits import ImportLimits, over_limit
from journeys.interop.intervals import LifecycleEvent, paired
from journeys.interop.mapping import LogMapping
from journeys.interop.timestamps import parse_timestamp
from journeys.interop.xes_limits import XesLimits
from journeys.interop.xes_traces import trace_elements
from journeys.interop.xes_writer import (
    OBJECTS_ATTRIBUTE,
    START_TIMESTAMP,
    XES_NAMESPACE,
    write_xes,
)
from journeys.interop.xml_prolog import refuse_entity_declarations
from journeys.journey import Journey
from journeys.related import RelatedObject, parse_objects

__all__ = ["XES_NAMESPACE", "XesLog", "read_xes", "write_xes"]

_GZIP_MAGIC = b"\x1f\x8b"


class XesLog(ClosesOnExit):
    """An XES file read as journeys, once per call of :meth:`journeys`.

    Each call streams the file again, so a caller can check the whole log in a
    first pass and import it in a second without holding it in memory.
    ``limits`` bound what one trace, and the rest of the file, may hold.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        catalogue: Catalogue,
        mapping: LogMapping | None = None,
        timezone: tzinfo = UTC,
        source: str | None = None,
        limits: XesLimits | ImportLimits | None = None,
    ) -> None:
        self.path = Path(path)
        self.limits = limits if limits is not None else XesLimits()
        self.timezone = timezone
        self.source = source if source is not None else self.path.name
        self.resolver = BodyResolver(catalogue, mapping or LogMapping())
        self._builder = ActivityJourneyBuilder(self.resolver, source=self.source, path=self.path)
        self.empty_traces = 0
        """Traces without events skipped by the latest pass."""

    @property
    def new_bodies(self) -> tuple[Body, ...]:
        """Bodies met so far that the catalogue lacked (generated: see the body resolver)."""
        return self.resolver.new_bodies

    def journeys(self) -> Iterator[Journey]:
        """Every trace with events as a journey with pending events, in file order.

        Raises :class:`~journeys.errors.EventLogError` naming the file and the
        position (line, trace number, case id) for malformed XML, truncated or
        corrupt gzip data, a DOCTYPE declaring entities, a trace without a case
        id, a repeated case id, an event without an activity or a timestamp, or a
        file past one of :attr:`limits`.
        """
        self._refuse_entity_declarations()
        self.empty_traces = 0
        seen: set[str] = set()
        number = 0
        case_id: str | None = None
        with ExitStack() as stack:
            stream = stack.enter_context(self._open())
            trace_iterator = trace_elements(stream, limits=self.limits, source=self.path)
            while True:
                try:
                    trace = next(trace_iterator)
                except StopIteration:
                    break
                except etree.XMLSyntaxError as error:
                    raise EventLogError(
                        f"malformed XML {_after(number, case_id)}: {error.msg}",
                        source=self.path,
                        line=error.lineno or None,
                    ) from None
                except (EOFError, zlib.error, gzip.BadGzipFile) as error:
                    raise EventLogError(
                        f"truncated or corrupt gzip data {_after(number, case_id)}: {error}",
                        source=self.path,
                    ) from None
                number += 1
                if number == 1:
                    self._refuse_parsed_entities(trace)
                case_id = self._case_id(trace, number)
                if case_id in seen:
                    raise EventLogError(
                        f"trace {number}: case id {case_id!r} is used by an earlier trace",
                        source=self.path,
                        line=_line(trace),
                        value=case_id,
                    )
                seen.add(case_id)
                events = paired(
                    [
                        self._event(child, number, case_id)
                        for child in trace
                        if isinstance(child.tag, str) and _local(child.tag) == "event"
                    ]
                )
                trace.clear()  # its elements are read: free them before the journey is used
                if not events:
                    self.empty_traces += 1
                    continue
                journey = self._builder.build(case_id, events, where=f"trace {number}")
                del events  # held by the journey now: not twice while it is saved
                yield journey

    # --- reading ----------------------------------------------------------------------

    def _open(self) -> BinaryIO:
        try:
            with self.path.open("rb") as probe:
                compressed = probe.read(2) == _GZIP_MAGIC
            if compressed:
                return cast(BinaryIO, gzip.open(self.path, "rb"))
            return self.path.open("rb")
        except FileNotFoundError:
            raise EventLogError("file not found", source=self.path) from None
        except OSError as error:
            raise EventLogError(f"cannot read file: {error.strerror}", source=self.path) from None

    def _refuse_entity_declarations(self) -> None:
        with self._open() as stream:
            try:
                refuse_entity_declarations(stream, source=self.path)
            except (EOFError, zlib.error, gzip.BadGzipFile) as error:
                raise EventLogError(
                    f"truncated or corrupt gzip data: {error}", source=self.path
                ) from None

    def _refuse_parsed_entities(self, trace: etree._Element) -> None:
        # A second guard for encodings the byte scan cannot read (UTF-16 ...).
        dtd: Any = trace.getroottree().docinfo.internalDTD
        if dtd is not None and dtd.entities():
            raise EventLogError(
                "the DOCTYPE declares entities: refused", source=self.path, value="<!ENTITY"
            )

    def _case_id(self, trace: etree._Element, number: int) -> str:
        for child in trace:
            if isinstance(child.tag, str) and child.get("key") == "concept:name":
                value = self._value(child, f"trace {number}").strip()
                if value:
                    return value
        raise EventLogError(
            f"trace {number} has no concept:name (its case id)",
            source=self.path,
            line=_line(trace),
        )

    def _event(self, element: etree._Element, number: int, case_id: str) -> LifecycleEvent:
        values: dict[str, str] = {}
        where = f"trace {number} (case {case_id!r})"
        for child in element:
            if isinstance(child.tag, str):
                key = child.get("key")
                if key is not None:
                    values[key] = self._value(child, where)
        activity = values.get("concept:name", "").strip()
        if not activity:
            raise EventLogError(
                f"{where}: event without concept:name (its activity)",
                source=self.path,
                line=_line(element),
            )
        if "time:timestamp" not in values:
            raise EventLogError(
                f"{where}: event {activity!r} has no time:timestamp",
                source=self.path,
                line=_line(element),
                value=activity,
            )
        start = values.get(START_TIMESTAMP, "").strip()
        event = ActivityEvent(
            activity=activity,
            occurred_at=self._time(values, "time:timestamp", where, element),
            resource=values.get("org:resource", "").strip() or None,
            group=values.get("org:group", "").strip() or None,
            line=_line(element),
            started_at=self._time(values, START_TIMESTAMP, where, element) if start else None,
            objects=self._objects(values, where, element),
        )
        return LifecycleEvent(
            event,
            values.get("lifecycle:transition"),
            values.get("lifecycle:instance", "").strip() or None,
        )

    def _time(
        self, values: dict[str, str], key: str, where: str, element: etree._Element
    ) -> datetime:
        try:
            return parse_timestamp(values[key], naive_timezone=self.timezone)
        except ValueError as error:
            raise EventLogError(
                f"{where}: {key}: {error}", source=self.path, line=_line(element), value=values[key]
            ) from None

    def _objects(
        self, values: dict[str, str], where: str, element: etree._Element
    ) -> frozenset[RelatedObject]:
        """The event's related objects: its ``objects`` attribute, as our export writes it."""
        text = values.get(OBJECTS_ATTRIBUTE, "")
        try:
            return parse_objects(text)
        except InvalidValueError as error:
            raise EventLogError(
                f"{where}: {error}", source=self.path, line=_line(element), value=text
            ) from None

    def _value(self, element: etree._Element, where: str) -> str:
        value = element.get("value") or ""
        if len(value) > self.limits.value_size:
            what = f"{where}: the value of {element.get('key')!r} is too long"
            unit = " characters"
            raise over_limit(
                self.path, what, "value_size", self.limits, unit=unit, line=_line(element)
            )
        return value

    def close(self) -> None:
        """Nothing to release: each pass opens and closes the file itself."""


def read_xes(
    path: str | Path,
    *,
    catalogue: Catalogue,
    mapping: LogMapping | None = None,
    timezone: tzinfo = UTC,
    source: str | None = None,
    limits: XesLimits | ImportLimits | None = None,
) -> Iterator[Journey]:
    """The journeys of an XES file, trace by trace, each with its events pending.

    See :class:`XesLog`; bodies the catalogue lacks are generated as the mapping says.
    """
    log = XesLog(
        path, catalogue=catalogue, mapping=mapping, timezone=timezone, source=source, limits=limits
    )
    yield from log.journeys()


def _line(element: etree._Element) -> int | None:
    line: object = element.sourceline
    return line if isinstance(line, int) else None


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _after(number: int, case_id: str | None) -> str:
    if number == 0:
        return "before the first trace"
    return f"after trace {number} (case {case_id!r})"

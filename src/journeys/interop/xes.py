"""XES event logs (IEEE 1849): ``.xes`` and gzip-compressed ``.xes.gz``.

Reading streams the file trace by trace (see :mod:`journeys.interop.xes_traces`),
clearing each trace once read, so memory holds one trace at a time, within
:class:`~journeys.interop.xes_limits.XesLimits` (events and elements per trace,
elements outside traces, attribute value and markup sizes). A DOCTYPE that
declares entities is refused before parsing (see :mod:`journeys.interop.xml_prolog`).

A trace is a case: its ``concept:name`` is the case id. An event is a
touchpoint: ``concept:name`` is the activity, ``time:timestamp`` the time,
``org:resource`` and ``org:group`` feed the body (see
:mod:`journeys.interop.body_resolver`). Global attribute defaults
(``<global>``) are not applied: an event without its own ``time:timestamp``
is an error. Traces without events are skipped (:attr:`XesLog.empty_traces`).

Writing produces one trace per journey that has touchpoints (``concept:name``
= the journey id, plus the ``started`` event's fields: ``citizen``, ``trigger``
and ``nation``) with one event per touchpoint (``concept:name`` = activity,
``time:timestamp``, ``org:group`` = body id, ``lifecycle:transition`` =
``complete``, then the touchpoint's other fields that are set, such as
``service``, under their own names).
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from datetime import UTC, tzinfo
from pathlib import Path
from typing import IO, Any, BinaryIO, cast

from lxml import etree

from journeys.bodies import Body, Catalogue
from journeys.closing import ClosesOnExit
from journeys.errors import EventLogError
from journeys.event_registry import JOURNEY_EVENTS, EventType
from journeys.interop.activity_journey import ActivityEvent, ActivityJourneyBuilder
from journeys.interop.body_resolver import BodyResolver
from journeys.interop.event_source import JourneySource, journey_histories
from journeys.interop.field_text import field_text
from journeys.interop.mapping import LogMapping
from journeys.interop.timestamps import parse_timestamp
from journeys.interop.xes_limits import XesLimits, limit_error
from journeys.interop.xes_traces import trace_elements
from journeys.interop.xml_prolog import scan_prolog
from journeys.journey import Journey

XES_NAMESPACE = "http://www.xes-standard.org/"
_STARTED = JOURNEY_EVENTS.of(Journey.Started)
"""Its fields are the trace's attributes."""
_TOUCHPOINT = JOURNEY_EVENTS.of(Journey.Touchpoint)
"""The one journey event that is an XES event."""
_STANDARD_FIELDS = ("activity", "body")
"""Touchpoint fields written under XES's standard keys (``concept:name``, ``org:group``)."""
_SEPARATOR_NAME = "the separator of items in exported logs"
_GZIP_MAGIC = b"\x1f\x8b"
_EXTENSIONS = (
    ("Concept", "concept", "http://www.xes-standard.org/concept.xesext"),
    ("Time", "time", "http://www.xes-standard.org/time.xesext"),
    ("Organizational", "org", "http://www.xes-standard.org/org.xesext"),
    ("Lifecycle", "lifecycle", "http://www.xes-standard.org/lifecycle.xesext"),
)


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
        limits: XesLimits | None = None,
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
        """Bodies met so far that the catalogue lacked (see the generated catalogue)."""
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
                events = [
                    self._event(child, number, case_id)
                    for child in trace
                    if isinstance(child.tag, str) and _local(child.tag) == "event"
                ]
                if not events:
                    self.empty_traces += 1
                    continue
                events.sort(key=lambda event: event.occurred_at)
                yield self._builder.build(case_id, events, where=f"trace {number}")

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
                prolog = scan_prolog(stream)
            except ValueError as error:
                raise EventLogError(str(error), source=self.path) from None
            except (EOFError, zlib.error, gzip.BadGzipFile) as error:
                raise EventLogError(
                    f"truncated or corrupt gzip data: {error}", source=self.path
                ) from None
        if prolog.declares_entities:
            raise EventLogError(
                "the DOCTYPE declares entities, which event logs never need and which can "
                "expand without bound or read other files: refused",
                source=self.path,
                line=prolog.doctype_line,
                value="<!ENTITY",
            )

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

    def _event(self, element: etree._Element, number: int, case_id: str) -> ActivityEvent:
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
        try:
            occurred_at = parse_timestamp(values["time:timestamp"], naive_timezone=self.timezone)
        except ValueError as error:
            raise EventLogError(
                f"{where}: time:timestamp: {error}",
                source=self.path,
                line=_line(element),
                value=values["time:timestamp"],
            ) from None
        return ActivityEvent(
            activity=activity,
            occurred_at=occurred_at,
            resource=values.get("org:resource", "").strip() or None,
            group=values.get("org:group", "").strip() or None,
            line=_line(element),
        )

    def _value(self, element: etree._Element, where: str) -> str:
        value = element.get("value") or ""
        if len(value) > self.limits.value_size:
            what = f"{where}: the value of {element.get('key')!r} is too long"
            unit = " characters"
            raise limit_error(
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
    limits: XesLimits | None = None,
) -> Iterator[Journey]:
    """The journeys of an XES file, trace by trace, each with its events pending.

    See :class:`XesLog`; bodies the catalogue lacks are generated as the mapping says.
    """
    log = XesLog(
        path, catalogue=catalogue, mapping=mapping, timezone=timezone, source=source, limits=limits
    )
    yield from log.journeys()


def write_xes(source: JourneySource, path: str | Path | IO[bytes]) -> int:
    """Write the touchpoints of journeys as an XES log; return the number of traces.

    ``source`` is a :class:`~journeys.application.JourneyApp` or journey events.
    A path ending in ``.gz`` is gzip-compressed. Journeys without touchpoints
    are left out.
    """
    if isinstance(path, str | Path):
        target = Path(path)
        with target.open("wb") as raw:
            if target.name.endswith(".gz"):
                with gzip.GzipFile(filename=target.name[:-3], mode="wb", fileobj=raw) as zipped:
                    return _write(source, cast(IO[bytes], zipped))
            return write_xes(source, raw)
    return _write(source, path)


def _write(source: JourneySource, handle: IO[bytes]) -> int:
    def tag(name: str) -> str:
        return f"{{{XES_NAMESPACE}}}{name}"

    traces = 0
    with etree.xmlfile(handle, encoding="utf-8") as xml:
        xml.write_declaration()
        with xml.element(
            tag("log"),
            {"xes.version": "1849-2016", "xes.features": ""},
            nsmap={None: XES_NAMESPACE},
        ):
            for name, prefix, uri in _EXTENSIONS:
                xml.write("\n  ")
                with xml.element(tag("extension"), name=name, prefix=prefix, uri=uri):
                    pass
            xml.write("\n  ")
            with xml.element(tag("classifier"), name="Activity", keys="concept:name"):
                pass
            for history in journey_histories(source):
                touchpoints = [e for e in history if isinstance(e, _TOUCHPOINT.cls)]
                if not touchpoints:
                    continue
                traces += 1
                xml.write("\n  ")
                with xml.element(tag("trace")):
                    _attribute(xml, tag, "string", "concept:name", str(history[0].originator_id))
                    started = history[0]
                    if isinstance(started, _STARTED.cls):
                        for key, value in _extra_attributes(started, _STARTED, ()):
                            _attribute(xml, tag, "string", key, value)
                    for touchpoint in touchpoints:
                        xml.write("\n    ")
                        with xml.element(tag("event")):
                            _touchpoint(xml, tag, touchpoint)
                    xml.write("\n  ")
            xml.write("\n")
    return traces


def _touchpoint(xml: Any, tag: Callable[[str], str], touchpoint: Journey.Event) -> None:
    values = _TOUCHPOINT.values(touchpoint)
    _attribute(xml, tag, "string", "concept:name", values["activity"])
    _attribute(xml, tag, "date", "time:timestamp", touchpoint.occurred_at.isoformat())
    _attribute(xml, tag, "string", "org:group", values["body"])
    _attribute(xml, tag, "string", "lifecycle:transition", "complete")
    for key, value in _extra_attributes(touchpoint, _TOUCHPOINT, _STANDARD_FIELDS):
        _attribute(xml, tag, "string", key, value)


def _extra_attributes(
    event: Journey.Event, event_type: EventType, standard: tuple[str, ...]
) -> Iterator[tuple[str, str]]:
    """The event's fields other than ``standard`` as attributes named like them (if set)."""
    for field in event_type.fields:
        if field.name in standard:
            continue
        text = field_text(field, getattr(event, field.name), event, separator_name=_SEPARATOR_NAME)
        if text is not None:
            yield field.name, text


def _attribute(
    xml: Any,
    tag: Callable[[str], str],
    kind: str,
    key: str,
    value: str,
) -> None:
    with xml.element(tag(kind), key=key, value=value):
        pass


def _line(element: etree._Element) -> int | None:
    line: object = element.sourceline
    return line if isinstance(line, int) else None


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _after(number: int, case_id: str | None) -> str:
    if number == 0:
        return "before the first trace"
    return f"after trace {number} (case {case_id!r})"

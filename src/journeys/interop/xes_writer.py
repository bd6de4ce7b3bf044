"""Writing journeys' touchpoints as an XES log (IEEE 1849).

One trace per journey that has touchpoints (``concept:name`` = the journey id,
plus the ``started`` event's fields: ``citizen``, ``trigger`` and ``nation``)
with one event per touchpoint: ``concept:name`` = activity, ``time:timestamp``,
``start_timestamp`` when the touchpoint has a start (an interval log, as PM4Py
reads them), ``org:group`` = body id, ``lifecycle:transition`` = ``complete``,
then the touchpoint's other fields that are set, such as ``service``, under
their own names. :mod:`journeys.interop.xes` reads it back.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, cast

from lxml import etree

from journeys.event_registry import JOURNEY_EVENTS, EventType
from journeys.interop.event_source import JourneySource, journey_histories
from journeys.interop.field_text import field_text
from journeys.journey import Journey

__all__ = ["OBJECTS_ATTRIBUTE", "START_TIMESTAMP", "XES_NAMESPACE", "write_xes"]

XES_NAMESPACE = "http://www.xes-standard.org/"
_STARTED = JOURNEY_EVENTS.of(Journey.Started)
"""Its fields are the trace's attributes."""
_TOUCHPOINT = JOURNEY_EVENTS.of(Journey.Touchpoint)
"""The one journey event that is an XES event."""
_STANDARD_FIELDS = ("activity", "body", "started_at")
"""Touchpoint fields written under XES's own keys (``concept:name``, ``org:group``,
``start_timestamp``)."""
OBJECTS_ATTRIBUTE = "objects"
"""The event attribute holding a touchpoint's related objects (see :mod:`journeys.related`),
written like the other fields, under its name, when there are any."""
START_TIMESTAMP = "start_timestamp"
"""The event attribute of interval logs (PM4Py's): when the activity started."""
_SEPARATOR_NAME = "the separator of items in exported logs"
_EXTENSIONS = (
    ("Concept", "concept", "http://www.xes-standard.org/concept.xesext"),
    ("Time", "time", "http://www.xes-standard.org/time.xesext"),
    ("Organizational", "org", "http://www.xes-standard.org/org.xesext"),
    ("Lifecycle", "lifecycle", "http://www.xes-standard.org/lifecycle.xesext"),
)


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
    if values["started_at"] is not None:
        _attribute(xml, tag, "date", START_TIMESTAMP, values["started_at"].isoformat())
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

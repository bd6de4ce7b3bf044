"""The traces of an XES document, streamed one at a time within :class:`XesLimits`.

lxml's ``iterparse`` (entity resolution, DTD loading and network access off, no
huge-tree relaxations) reads the document through a :class:`MarkupGuard`; every
element's start is counted, so a trace with too many events or elements, or too
many elements outside traces, is refused while it is read, before it fills memory.
Each trace is freed, with the elements before it, once the next one is asked for.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from journeys.errors import EventLogError
from journeys.interop.import_limits import ImportLimits, over_limit
from journeys.interop.xes_limits import MarkupGuard, XesLimits
from journeys.interop.xml_reading import hardened_iterparse, release


def trace_elements(
    stream: BinaryIO, *, limits: XesLimits | ImportLimits, source: Path
) -> Iterator[etree._Element]:
    """Each ``trace`` element of the document in ``stream``, complete, in file order.

    Raises :class:`~journeys.errors.EventLogError` past a limit; lxml's
    ``XMLSyntaxError`` and the gzip module's errors pass through.
    """
    guard = MarkupGuard(stream, limits=limits, source=source)
    context = hardened_iterparse(guard)
    depth = 0
    trace_depth = 0
    """The depth of the trace being read; 0 outside traces."""
    number = events = elements = outside = 0
    region = 0
    """Where the current trace, or the stretch of the log outside traces, began."""
    for kind, element in context:
        if kind == "start":
            depth += 1
            if guard.offset - region > limits.bytes_per_trace:
                what = f"trace {number}" if trace_depth else "the log between two traces"
                raise _error(source, f"{what}: too many bytes", "bytes_per_trace", limits, element)
            if trace_depth:
                elements += 1
                if elements > limits.elements_per_trace:
                    raise _error(
                        source,
                        f"trace {number}: too many elements",
                        "elements_per_trace",
                        limits,
                        element,
                    )
                if depth == trace_depth + 1 and _local(element.tag) == "event":
                    events += 1
                    if events > limits.events_per_trace:
                        raise _error(
                            source,
                            f"trace {number}: too many events",
                            "events_per_trace",
                            limits,
                            element,
                        )
            elif _local(element.tag) == "trace":
                trace_depth, number, events, elements = depth, number + 1, 0, 0
                region = guard.offset
            elif depth > 1:
                outside += 1
                if outside > limits.elements_outside_traces:
                    raise _error(
                        source,
                        "too many elements outside traces",
                        "elements_outside_traces",
                        limits,
                        element,
                    )
            continue
        if depth == trace_depth:
            trace_depth, region = 0, guard.offset
            yield element
            release(element)
        depth -= 1


def _error(
    source: Path, what: str, name: str, limits: XesLimits | ImportLimits, element: etree._Element
) -> EventLogError:
    line: object = element.sourceline
    return over_limit(source, what, name, limits, line=line if isinstance(line, int) else None)


def _local(tag: object) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""

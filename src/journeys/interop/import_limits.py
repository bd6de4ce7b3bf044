"""Limits that keep an import's memory bounded by the work, not by the file.

Whatever the format, an import holds one case (trace, CSV case, OCEL journey
object) in memory while it rebuilds its journey, and one attribute value or CSV
field while it reads it. A small file can name millions of events for one case,
or hold a field of gigabytes; read naively, memory grows with the file.
:class:`ImportLimits` bounds each shape, for every format, with defaults far
above what real logs hold; a log past one is refused with an
:class:`~journeys.errors.EventLogError` naming the file, the position, the limit
and how to raise it, before anything is saved.

:class:`~journeys.interop.xes_limits.XesLimits` is the XES reader's own subset
(``events_per_trace`` is ``events_per_case``, ``bytes_per_trace`` is
``bytes_per_case``): ``read_xes(limits=XesLimits(...))`` and
``import_log(xes_limits=...)`` keep working, and :meth:`ImportLimits.from_xes`
turns one into the other.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from journeys.errors import EventLogError

if TYPE_CHECKING:
    from journeys.interop.xes_limits import XesLimits

DEFAULT_EVENTS_PER_CASE = 100_000
"""Events in one case (an XES trace, an activity CSV case, a journey of the
journey-events CSV, an OCEL journey object)."""
DEFAULT_VALUE_SIZE = 1024 * 1024
"""Characters of one attribute value or CSV field."""
DEFAULT_BYTES_PER_CASE = 128 * 1024 * 1024
"""Bytes of one XES trace (decompressed); characters of one CSV case's fields."""
DEFAULT_ELEMENTS_PER_TRACE = 1_000_000
DEFAULT_ELEMENTS_OUTSIDE_TRACES = 10_000
DEFAULT_MARKUP_SIZE = 4 * 1024 * 1024

_CLI_OPTIONS = {
    "events_per_case": "--max-events-per-case",
    "value_size": "--max-value-size",
}
"""The ``journeys import`` options that raise a limit."""

_XES_NAMES = {"events_per_trace": "events_per_case", "bytes_per_trace": "bytes_per_case"}
"""XesLimits field names that ImportLimits names after the case, not the trace."""


def _positive(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if value < 1:
        owner = type(instance).__name__
        raise ValueError(f"{owner}.{attribute.name} must be at least 1, got {value}")


@attrs.frozen
class ImportLimits:
    """The most a log may hold of each thing an import's memory grows with.

    For every format:

    ``events_per_case``: events in one case (an XES trace, the rows of one case of
    an activity CSV or one journey of a journey-events CSV, the events related to
    one OCEL journey object): a case is held whole while its journey is built.
    ``value_size``: characters of one XES attribute value, CSV field, or OCEL event
    attribute value or event type.
    ``bytes_per_case``: bytes (decompressed) of one XES trace and of the log
    between two traces; characters of the fields of one CSV case.

    For XES only (see :class:`~journeys.interop.xes_limits.XesLimits`):
    ``elements_per_trace``, ``elements_outside_traces`` and ``markup_size``.

    Rows, traces and journeys in a file are not limited: they are streamed (CSV
    through an on-disk staging table), except an OCEL 2.0 log's events, which are
    all held while it is read.
    """

    events_per_case: int = attrs.field(default=DEFAULT_EVENTS_PER_CASE, validator=_positive)
    value_size: int = attrs.field(default=DEFAULT_VALUE_SIZE, validator=_positive)
    bytes_per_case: int = attrs.field(default=DEFAULT_BYTES_PER_CASE, validator=_positive)
    elements_per_trace: int = attrs.field(default=DEFAULT_ELEMENTS_PER_TRACE, validator=_positive)
    elements_outside_traces: int = attrs.field(
        default=DEFAULT_ELEMENTS_OUTSIDE_TRACES, validator=_positive
    )
    markup_size: int = attrs.field(default=DEFAULT_MARKUP_SIZE, validator=_positive)

    @property
    def events_per_trace(self) -> int:
        """``events_per_case``, under the XES reader's name."""
        return self.events_per_case

    @property
    def bytes_per_trace(self) -> int:
        """``bytes_per_case``, under the XES reader's name."""
        return self.bytes_per_case

    @classmethod
    def from_xes(cls, limits: XesLimits) -> ImportLimits:
        """The import limits with the bounds of ``limits`` (other formats: defaults)."""
        return cls(
            events_per_case=limits.events_per_trace,
            value_size=limits.value_size,
            bytes_per_case=limits.bytes_per_trace,
            elements_per_trace=limits.elements_per_trace,
            elements_outside_traces=limits.elements_outside_traces,
            markup_size=limits.markup_size,
        )

    def how_to_raise(self, name: str) -> str:
        """Which limit ``name`` (a field, or an XesLimits field) is, and how to raise it."""
        field = _XES_NAMES.get(name, name)
        option = _CLI_OPTIONS.get(field)
        cli = f" (journeys import {option} N)" if option else ""
        return (
            f"ImportLimits.{field}; if the log is genuine, pass "
            f"limits=ImportLimits({field}=...) with a higher value{cli}"
        )

    def value_of(self, name: str) -> int:
        """The limit ``name`` (a field, or an XesLimits field)."""
        value = getattr(self, _XES_NAMES.get(name, name))
        assert isinstance(value, int)
        return value


def over_limit(
    source: Path,
    what: str,
    name: str,
    limits: ImportLimits | XesLimits,
    *,
    unit: str = "",
    line: int | None = None,
) -> EventLogError:
    """The error for a log past limit ``name`` of ``limits``, saying how to raise it."""
    limit = limits.value_of(name)
    return EventLogError(
        f"{what}: over the limit of {limit:,}{unit} ({limits.how_to_raise(name)})",
        source=source,
        line=line,
        value=limit,
    )

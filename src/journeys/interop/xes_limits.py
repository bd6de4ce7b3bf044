"""Limits that keep reading an XES file bounded by the work, not by the file.

A small compressed file can hold millions of events in one trace, millions of
elements outside any trace, or a comment of gigabytes; read naively, each
grows memory with the file. :class:`XesLimits` bounds each shape; its defaults
are far above what real logs hold. A file past a limit is refused with an
:class:`~journeys.errors.EventLogError` naming the file, the limit and how to
raise it. :class:`~journeys.interop.import_limits.ImportLimits`, which
``import_log`` and ``journeys import`` take, holds the same bounds for every
format; the XES reader takes either.

:class:`MarkupGuard` checks the raw bytes before lxml sees them, because
libxml2's incremental parser buffers a comment, processing instruction, CDATA
section or tag until its end arrives: the parser's own size checks come too late.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import BinaryIO

import attrs

from journeys.interop.import_limits import (
    DEFAULT_BYTES_PER_CASE,
    DEFAULT_ELEMENTS_OUTSIDE_TRACES,
    DEFAULT_ELEMENTS_PER_TRACE,
    DEFAULT_EVENTS_PER_CASE,
    DEFAULT_MARKUP_SIZE,
    DEFAULT_VALUE_SIZE,
    ImportLimits,
    over_limit,
)

_SPECIAL = re.compile(rb"<(?:!--|!\[CDATA\[|\?)")
_CLOSING = {b"<!--": b"-->", b"<![CDATA[": b"]]>", b"<?": b"?>"}
_KINDS = {b"-->": "a comment", b"]]>": "a CDATA section", b"?>": "a processing instruction"}
_LONGEST_OPENING = len(b"<![CDATA[")


def _positive(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if value < 1:
        raise ValueError(f"XesLimits.{attribute.name} must be at least 1, got {value}")


@attrs.frozen
class XesLimits:
    """The most an XES file may hold of each thing that memory grows with.

    ``events_per_trace``: events in one trace (a trace is held whole while read).
    ``elements_per_trace``: elements in one trace, events and their attributes.
    ``elements_outside_traces``: elements of the log that are in no trace
    (extensions, globals, classifiers, log attributes).
    ``bytes_per_trace``: bytes of one trace, and of the log between two traces
    (as decompressed), checked at each element's start, so up to one read more.
    ``value_size``: characters of one attribute value read from a trace or event.
    ``markup_size``: bytes of one comment, processing instruction, CDATA
    section, or stretch from one tag to the next (a tag with its attributes
    and the text after it), checked read by read, so up to one read more.
    """

    events_per_trace: int = attrs.field(default=DEFAULT_EVENTS_PER_CASE, validator=_positive)
    elements_per_trace: int = attrs.field(default=DEFAULT_ELEMENTS_PER_TRACE, validator=_positive)
    elements_outside_traces: int = attrs.field(
        default=DEFAULT_ELEMENTS_OUTSIDE_TRACES, validator=_positive
    )
    bytes_per_trace: int = attrs.field(default=DEFAULT_BYTES_PER_CASE, validator=_positive)
    value_size: int = attrs.field(default=DEFAULT_VALUE_SIZE, validator=_positive)
    markup_size: int = attrs.field(default=DEFAULT_MARKUP_SIZE, validator=_positive)

    def how_to_raise(self, name: str) -> str:
        """Which limit ``name`` is, and how to raise it."""
        return (
            f"XesLimits.{name}; if the log is genuine, pass limits=XesLimits({name}=...) "
            "with a higher value"
        )

    def value_of(self, name: str) -> int:
        """The limit ``name``."""
        value = getattr(self, name)
        assert isinstance(value, int)
        return value


class MarkupGuard:
    """A binary stream that refuses markup longer than ``limits.markup_size`` as it reads.

    Only byte patterns are looked at, so it is cheap: ``<`` never appears
    unescaped in attribute values or text, so the distance between two ``<``
    bounds a tag and the text after it; comments, processing instructions and
    CDATA sections are followed to their end.
    """

    def __init__(self, stream: BinaryIO, *, limits: XesLimits | ImportLimits, source: Path) -> None:
        self._stream = stream
        self._limits = limits
        self._limit = limits.markup_size
        self._source = source
        self._carry = b""
        """The last bytes read, that may begin an opening or closing split across reads."""
        self._base = 0
        """The offset in the file of the first byte of ``_carry``."""
        self._lines = 0
        """Newlines before ``_base``."""
        self._closing: bytes | None = None
        self._opened = 0
        """Where the current construct, or the stretch since the last ``<``, began."""
        self._opened_line = 1

    @property
    def offset(self) -> int:
        """Bytes read so far."""
        return self._base + len(self._carry)

    def read(self, size: int = -1) -> bytes:
        """Read at most ``size`` bytes (never more than the limit), checking them."""
        step = self._limit if size is None or size < 0 else min(size, self._limit)
        chunk = self._stream.read(step)
        self._check(self._carry + chunk)
        return chunk

    def close(self) -> None:
        """Close the underlying stream."""
        self._stream.close()

    def _check(self, data: bytes) -> None:
        base, position = self._base, 0
        while True:
            if self._closing is not None:
                end = data.find(self._closing, position)
                if end < 0:
                    self._refuse_past(base + len(data), _KINDS[self._closing])
                    position = max(position, len(data) - len(self._closing) + 1)
                    break
                position = end + len(self._closing)
                self._refuse_past(base + position, _KINDS[self._closing])
                self._closing = None
                self._mark(data, base, position)
                continue
            special = _SPECIAL.search(data, position)
            stop = special.start() if special is not None else len(data)
            first = data.find(b"<", position, stop)
            if first < 0:
                self._refuse_past(base + stop, "a tag or text")
            else:
                self._refuse_past(base + first, "a tag or text")
                self._mark(data, base, data.rfind(b"<", position, stop))
            if special is None:
                # An opening may be split across reads: keep its first bytes.
                position = max(position, len(data) - _LONGEST_OPENING + 1)
                break
            self._closing = _CLOSING[special.group()]
            self._mark(data, base, special.start())
            position = special.end()
        self._lines += data.count(b"\n", 0, position)
        self._base = base + position
        self._carry = data[position:]

    def _mark(self, data: bytes, base: int, index: int) -> None:
        if base + index > self._opened:
            self._opened = base + index
            self._opened_line = self._lines + data.count(b"\n", 0, index) + 1

    def _refuse_past(self, offset: int, what: str) -> None:
        if offset - self._opened > self._limit:
            raise over_limit(
                self._source,
                f"{what} too long",
                "markup_size",
                self._limits,
                unit=" bytes",
                line=self._opened_line,
            )

"""Hostile XES files cannot make an import slow or large: a linear prolog scan, and limits."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from types import FrameType
from typing import Any

import pytest

from journeys.interop.xml_prolog import Prolog, scan_prolog

# --- the prolog scan is linear ------------------------------------------------------


class ShortReads(io.RawIOBase):
    """A stream that hands out at most ``step`` bytes a read, counting what it gives."""

    def __init__(self, data: bytes, step: int) -> None:
        self._data = memoryview(data)
        self._step = step
        self.given = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        size = self._step if size < 0 else min(size, self._step)
        chunk = bytes(self._data[self.given : self.given + size])
        self.given += len(chunk)
        return chunk


class TooMuchWork(Exception):
    """The scan ran more Python lines than its budget."""


def lines_run(budget: int, call: Any, *args: Any) -> int:
    """Run ``call(*args)`` counting the Python lines it runs; stop past ``budget``."""
    count = 0

    def tracer(frame: FrameType, event: str, arg: object) -> Any:
        nonlocal count
        if event == "line":
            count += 1
            if count > budget:
                raise TooMuchWork(count)
        return tracer

    previous = sys.gettrace()
    sys.settrace(tracer)
    try:
        call(*args)
    finally:
        sys.settrace(previous)
    return count


def prologs(size: int) -> Iterator[tuple[str, bytes, Prolog]]:
    """Long prologs of each shape the scan walks through, then a root element."""
    head = b'<?xml version="1.0"?>\n'
    none = Prolog(False, False, None)
    yield "whitespace", head + b" \n" * (size // 2) + b"<log/>", none
    yield "comment", head + b"<!--" + b"x>" * (size // 2) + b"-->\n<log/>", none
    subset = b"<!ELEMENT a ANY>\n" * (size // 17)
    yield "doctype", head + b"<!DOCTYPE log [" + subset + b"]>\n<log/>", Prolog(True, False, 2)
    entity = head + b"<!DOCTYPE log [" + subset + b'<!ENTITY a "b">]>\n<log/>'
    yield "entity", entity, Prolog(True, True, 2)


@pytest.mark.parametrize("shape", ["whitespace", "comment", "doctype", "entity"])
def test_the_prolog_scan_does_work_linear_in_its_size(shape: str) -> None:
    # 256 KiB read 1 KiB at a time: a scan that starts again from byte 0 on each read
    # runs ~256 times the lines it needs and is stopped by the budget (a few lines per
    # byte would already be linear); the scan runs a few lines per read and token.
    size = 256 * 1024
    (data, expected) = next((d, p) for name, d, p in prologs(size) if name == shape)
    stream = ShortReads(data, 1024)
    result: list[Prolog] = []
    work = lines_run(2 * len(data), lambda: result.append(scan_prolog(stream)))  # type: ignore[arg-type]
    assert result == [expected]
    assert stream.given <= len(data)
    if shape in {"whitespace", "comment"}:
        # Nothing in these prologs needs a Python step per byte.
        assert work < 100 * (len(data) // 1024)


def test_a_prolog_split_anywhere_is_scanned_the_same() -> None:
    data = b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- a -- comment -->\n<!DOCTYPE log [\n'
    data += b'<!-- <!ENTITY in a comment -->\n<!ATTLIST log a CDATA "<!ENTITY">]>\n<log/>'
    for step in (1, 2, 3, 5, 7, 64):
        assert scan_prolog(ShortReads(data, step)) == Prolog(True, False, 3)  # type: ignore[arg-type]
    declares = data.replace(b"<!ATTLIST", b'<!ENTITY b "c"><!ATTLIST')
    for step in (1, 2, 3, 5, 7, 64):
        assert scan_prolog(ShortReads(declares, step)) == Prolog(True, True, 3)  # type: ignore[arg-type]

"""Hostile XES files cannot make an import slow or large: a linear prolog scan, and limits."""

from __future__ import annotations

import gzip
import io
import sys
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

from journeys import Journey, JourneyApp, uk_catalogue
from journeys.errors import EventLogError
from journeys.interop import import_log, read_xes
from journeys.interop.xes_limits import MarkupGuard, XesLimits
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


# --- limits ---------------------------------------------------------------------------

HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<log xmlns="http://www.xes-standard.org/">\n'
EVENT = (
    '<event><string key="concept:name" value="Apply"/>'
    '<date key="time:timestamp" value="2025-03-01T09:00:00+00:00"/></event>\n'
)


def xes(tmp_path: Path, body: str, *, name: str = "log.xes") -> Path:
    path = tmp_path / name
    text = HEAD + body + "</log>\n"
    if name.endswith(".gz"):
        path.write_bytes(gzip.compress(text.encode()))
    else:
        path.write_text(text, encoding="utf-8")
    return path


def trace_of(events: int, case: str = "c1", extra: str = "") -> str:
    return f'<trace><string key="concept:name" value="{case}"/>{extra}{EVENT * events}</trace>\n'


def read(path: Path, limits: XesLimits) -> list[Journey]:
    return list(read_xes(path, catalogue=uk_catalogue(), limits=limits))


def refused(path: Path, limits: XesLimits, name: str) -> EventLogError:
    with pytest.raises(EventLogError) as raised:
        read(path, limits)
    message = str(raised.value)
    assert message.startswith(str(path))
    assert f"over the limit of {getattr(limits, name):,}" in message
    assert f"XesLimits.{name}" in message
    assert f"XesLimits({name}=...)" in message
    return raised.value


@pytest.mark.parametrize("name", ["log.xes", "log.xes.gz"])
def test_a_trace_with_more_events_than_the_limit_is_refused(tmp_path: Path, name: str) -> None:
    limits = XesLimits(events_per_trace=5)
    assert len(read(xes(tmp_path, trace_of(5), name=name), limits)) == 1
    error = refused(xes(tmp_path, trace_of(6), name=name), limits, "events_per_trace")
    assert "trace 1: too many events" in str(error)


def test_a_trace_with_more_elements_than_the_limit_is_refused(tmp_path: Path) -> None:
    # Each event holds three elements; the trace's case id is one more.
    limits = XesLimits(elements_per_trace=16)
    assert len(read(xes(tmp_path, trace_of(5)), limits)) == 1
    error = refused(xes(tmp_path, trace_of(6)), limits, "elements_per_trace")
    assert error.line == 8


def test_more_elements_outside_traces_than_the_limit_are_refused(tmp_path: Path) -> None:
    limits = XesLimits(elements_outside_traces=3)
    global_ = '<global scope="event"><string key="concept:name" value="x"/></global>\n'
    assert len(read(xes(tmp_path, global_ + '<string key="a" value="b"/>' + trace_of(1)), limits))
    # Elements after the last trace count too: nothing frees them before the end.
    body = trace_of(1) + '<string key="a" value="b"/>\n' * 4
    refused(xes(tmp_path, body), limits, "elements_outside_traces")


def test_a_trace_or_stretch_between_traces_of_more_bytes_than_the_limit_is_refused(
    tmp_path: Path,
) -> None:
    # Checked at each element's start against the bytes read, so within one read
    # (lxml's, tens of KiB): the files are far on either side of the limit.
    limits = XesLimits(bytes_per_trace=64 * 1024)
    assert len(read(xes(tmp_path, trace_of(100) + trace_of(100, case="c2")), limits)) == 2
    error = refused(xes(tmp_path, trace_of(3000)), limits, "bytes_per_trace")
    assert "trace 1: too many bytes" in str(error)
    outside = ('<string key="a" value="' + "v" * 1000 + '"/>\n') * 300
    error = refused(xes(tmp_path, trace_of(1) + outside), limits, "bytes_per_trace")
    assert "the log between two traces: too many bytes" in str(error)


def test_an_attribute_value_longer_than_the_limit_is_refused(tmp_path: Path) -> None:
    limits = XesLimits(value_size=30)
    assert len(read(xes(tmp_path, trace_of(1, case="c" * 30)), limits)) == 1
    error = refused(xes(tmp_path, trace_of(1, case="c" * 31)), limits, "value_size")
    assert "'concept:name' is too long" in str(error)
    long_group = '<string key="org:group" value="' + "g" * 31 + '"/>'
    event = EVENT.replace("</event>", long_group + "</event>")
    body = '<trace><string key="concept:name" value="c"/>' + event + "</trace>"
    refused(xes(tmp_path, body), limits, "value_size")


@pytest.mark.parametrize(
    ("shape", "what"),
    [
        ("<!--" + "x>" * 50_000 + "-->", "a comment too long"),
        ("<?pi " + "x>" * 50_000 + "?>", "a processing instruction too long"),
        ("<string key='a' value='" + "&gt;>" * 20_000 + "'/>", "a tag or text too long"),
    ],
    ids=["comment", "processing instruction", "attribute"],
)
def test_markup_longer_than_the_limit_is_refused_before_it_is_all_read(
    tmp_path: Path, shape: str, what: str
) -> None:
    limits = XesLimits(markup_size=1024)
    path = xes(tmp_path, trace_of(1) + shape + "\n" + trace_of(1, case="c2"))
    error = refused(path, limits, "markup_size")
    assert what in str(error)
    assert error.line == 5
    # The guard stops reading one read past the limit, whatever follows.
    stream = ShortReads(path.read_bytes(), 4096)
    guard = MarkupGuard(stream, limits=limits, source=path)  # type: ignore[arg-type]
    with pytest.raises(EventLogError):
        read_all(guard, 4096)
    assert stream.given < 3 * 1024 + len(HEAD) + len(trace_of(1))


def test_the_markup_guard_passes_any_split_of_a_good_document_through(tmp_path: Path) -> None:
    body = '<!-- <trace> --><?pi <!-- ?>\n<string key="a" value="&lt;x&gt;"/>'
    body += trace_of(2) + "<![CDATA[ <!-- ]]>" + trace_of(1, case="c2")
    data = (HEAD + body + "</log>").encode()
    limits = XesLimits(markup_size=400)
    for step in (1, 2, 3, 5, 8, 13, 400):
        guard = MarkupGuard(ShortReads(data, step), limits=limits, source=tmp_path)  # type: ignore[arg-type]
        assert read_all(guard, step) == data


def read_all(guard: MarkupGuard, step: int) -> bytes:
    chunks = []
    while chunk := guard.read(step):
        chunks.append(chunk)
    return b"".join(chunks)


def test_limits_must_be_positive() -> None:
    with pytest.raises(ValueError, match="events_per_trace must be at least 1"):
        XesLimits(events_per_trace=0)


def test_an_import_past_a_default_limit_writes_nothing(tmp_path: Path) -> None:
    outside = '<string key="a" value="b"/>\n' * (XesLimits().elements_outside_traces + 1)
    path = xes(tmp_path, trace_of(1) + outside)
    with JourneyApp.sqlite(tmp_path / "journeys.db") as app:
        with pytest.raises(EventLogError, match="elements_outside_traces"):
            import_log(app, path)
        assert app.max_position() in (None, 0)


def test_import_log_passes_xes_limits_on(tmp_path: Path) -> None:
    """import_log reads XES with the limits it is given (and writes nothing past them)."""
    from journeys import JourneyApp, import_log
    from journeys.errors import EventLogError
    from journeys.interop import XesLimits

    events = "".join(
        f'<event><string key="concept:name" value="a{n}"/>'
        f'<date key="time:timestamp" value="2025-01-01T00:00:0{n}+00:00"/></event>'
        for n in range(3)
    )
    log = tmp_path / "three.xes"
    log.write_text(
        f'<log><trace><string key="concept:name" value="c1"/>{events}</trace></log>',
        encoding="utf-8",
    )
    app = JourneyApp.in_memory()
    with pytest.raises(EventLogError, match="events_per_trace"):
        import_log(app, log, xes_limits=XesLimits(events_per_trace=2))
    assert app.max_position() == 0
    assert import_log(app, log, xes_limits=XesLimits(events_per_trace=3)).journeys == 1

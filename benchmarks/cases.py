"""The measured operations: each of ours, and the baseline it is compared with.

Every function does its work once and returns the number of events it handled,
so the runner can time it and the probe can measure its peak memory.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from eventsourcing.application import Application
from eventsourcing.persistence import JSONTranscoder

from journeys import Journey, JourneyApp, uk_catalogue
from journeys.analysis import Analysis, GapTracker, analyse
from journeys.interop import import_log
from journeys.render.journey_map import DEFAULT_TOP_EDGES, DEFAULT_TOP_NODES, select
from journeys.transcodings import register_journey_transcodings

BATCH = 500


class PlainApplication(Application):  # type: ignore[type-arg]
    """eventsourcing's Application with the journey transcodings and nothing else."""

    name = "JourneyApp"  # the same tables as JourneyApp, so both read the same store

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        register_journey_transcodings(transcoder)


# --- ingest -----------------------------------------------------------------------------


def ingest_journeyapp(env: dict[str, str], journeys: Iterable[Journey]) -> int:
    """Save journeys through JourneyApp, ``BATCH`` journeys per transaction."""
    events = 0
    with JourneyApp(env) as app:
        batch: list[Journey] = []
        for journey in journeys:
            events += len(journey.pending_events)
            batch.append(journey)
            if len(batch) == BATCH:
                app.save(*batch)
                batch = []
        app.save(*batch)
    return events


def ingest_plain_loop(env: dict[str, str], journeys: Iterable[Journey]) -> int:
    """eventsourcing's plain loop: one ``save`` per aggregate."""
    events = 0
    app = PlainApplication(env)
    for journey in journeys:
        events += len(journey.pending_events)
        app.save(journey)
    app.close()
    return events


# --- XES import -------------------------------------------------------------------------


def xes_import(xes: Path, store: Path) -> int:
    """Parse, check and store an XES log into a fresh SQLite store; return the number
    of XES events imported, the unit PM4Py's count is in.

    The importer stores each XES event as a touchpoint and adds a Started and an Ended
    event around each trace, so those two per journey are not counted.
    """
    with JourneyApp.sqlite(store) as app:
        report = import_log(app, xes)
    return report.events - 2 * report.imported


def pm4py_read_xes(xes: Path) -> int:
    """PM4Py's read_xes: it only parses."""
    import pm4py

    return len(pm4py.read_xes(str(xes)))


# --- batch analysis -----------------------------------------------------------------------


def batch_analysis(events: list[Journey.Event]) -> int:
    """The whole gap analysis of events in memory."""
    analyse(events, catalogue=uk_catalogue())
    return len(events)


def events_dataframe(events: list[Journey.Event]) -> Any:
    """The same events as a PM4Py-ready DataFrame (case, activity, timestamp)."""
    import pandas

    return pandas.DataFrame(
        {
            "case:concept:name": [str(event.originator_id) for event in events],
            "concept:name": [_activity(event) for event in events],
            "time:timestamp": [event.occurred_at for event in events],
        }
    )


def _activity(event: Journey.Event) -> str:
    body = getattr(event, "body", None) or getattr(event, "from_body", None) or ""
    return f"{type(event).__name__}:{body}"


def pm4py_performance_dfg(dataframe: Any) -> int:
    """PM4Py's performance directly-follows graph of the same events."""
    import pm4py

    pm4py.discover_performance_dfg(dataframe)
    return len(dataframe)


# --- projection catch-up ---------------------------------------------------------------------


def projection_catch_up(env: dict[str, str]) -> int:
    """Rebuild the gap projection from the first event (view and position reset first)."""
    with JourneyApp(env) as app:
        tracker = GapTracker(app)
        tracker.reset()
        processed = tracker.catch_up()
        tracker.close()
    return processed


def raw_read_and_decode(env: dict[str, str]) -> int:
    """eventsourcing alone: read every journey event from the log and decode it."""
    from journeys.application import JOURNEY_EVENT_TOPICS

    app = PlainApplication(env)
    position, count = 0, 0
    while True:
        notifications = app.recorder.select_notifications(
            start=position, limit=2000, topics=JOURNEY_EVENT_TOPICS, inclusive_of_start=False
        )
        if not notifications:
            break
        for notification in notifications:
            app.mapper.to_domain_event(notification)
        count += len(notifications)
        position = notifications[-1].id
    app.close()
    return count


def columns_of_store(env: dict[str, str]) -> int:
    """Every journey event of the store read into columns (``journeys.columns``)."""
    from journeys.columns import read_frames

    with JourneyApp(env) as app:
        return sum(frame.height for frame in read_frames(app))


# --- rendering ---------------------------------------------------------------------------


def analysis_of_store(store: Path) -> Analysis:
    """The batch analysis of an SQLite store."""
    with JourneyApp.sqlite(store) as app:
        return analyse(app)


#: The maps drawn: as render_map draws by default (its busiest touchpoints and
#: transitions); kept to 300 touchpoints with every transition between them, the size
#: the rendering target names ("at most 300 nodes after aggregation"); and everything.
MAP_LIMITS: dict[str, tuple[int | None, int | None]] = {
    "default": (DEFAULT_TOP_NODES, DEFAULT_TOP_EDGES),
    "300-touchpoint": (300, None),
    "whole": (None, None),
}


def render_map_svg(analysis: Analysis, backend: str, limits: str) -> int:
    """Draw an analysis's journey map with the ``MAP_LIMITS`` named ``limits`` to SVG;
    return the number of touchpoints drawn."""
    from journeys import render_map
    from journeys.render import to_svg

    top_nodes, top_edges = MAP_LIMITS[limits]
    graph = render_map(analysis, catalogue=uk_catalogue(), top_nodes=top_nodes, top_edges=top_edges)
    to_svg(graph, backend=backend)
    nodes, _ = select(analysis.journey_map, top_nodes, top_edges, "count")
    return len(nodes)


def store_events(store: Path) -> list[Journey.Event]:
    """Every journey event of an SQLite store, in memory."""
    with JourneyApp.sqlite(store) as app:
        return [event for _, event in app.read_events()]


def count_rows(store: Path, table: str) -> int:
    with sqlite3.connect(store) as connection:
        return int(connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])

"""Rich tables that summarise an analysis for people at a terminal, and the console
they are printed on.

Cells are folded, never cut short with an ellipsis, and when the output is not a
terminal (a pipe, a file) the console is wide enough for whole lines: ids can be
copied from the output as they are.
"""

from __future__ import annotations

import sys

from rich.console import Console
from rich.table import Table

from journeys.analysis import Analysis, DurationStats, FindingKind, JourneyMap, MapEdge
from journeys.render.durations import human_duration

KIND_TITLES = {
    FindingKind.HANDOFF_LATENCY: "hand-off latency",
    FindingKind.DROPPED_HANDOFF: "dropped hand-offs",
    FindingKind.REJECTED_HANDOFF: "rejected hand-offs",
    FindingKind.UNHELD_TIME: "unheld time",
    FindingKind.COLD_TRANSFER: "cold transfers",
    FindingKind.REASK: "re-asks",
    FindingKind.SLA_BREACH: "SLA breaches",
    FindingKind.MISSING_STEP: "missing steps",
    FindingKind.UNEXPECTED_STEP: "unexpected steps",
    FindingKind.LIFE_REASK: "asked again across journeys",
    FindingKind.MISSED_TRIGGER: "missed triggers",
}
CONFORMANCE_KINDS = frozenset(
    {FindingKind.SLA_BREACH, FindingKind.MISSING_STEP, FindingKind.UNEXPECTED_STEP}
)


PIPED_WIDTH = 10_000
"""Width of the console when the output is not a terminal: no row is wrapped."""

MAP_ROWS = 12
"""How many transitions the journey-map table shows."""


def output_console() -> Console:
    """The console to print tables on: the terminal's width, or wide enough for
    whole rows when the output is piped or redirected."""
    if sys.stdout.isatty():
        return Console()
    return Console(width=PIPED_WIDTH, soft_wrap=True)


def new_table(title: str, *columns: str, right: tuple[str, ...] = ()) -> Table:
    """A table of ``columns`` (``right`` ones right-justified) whose cells fold onto
    further lines on a narrow terminal rather than being cut short."""
    table = Table(title=title)
    for name in columns:
        table.add_column(name, justify="right" if name in right else "left", overflow="fold")
    return table


def _duration(stats: DurationStats | None, name: str) -> str:
    return "" if stats is None else human_duration(stats.statistic(name))


def findings_table(analysis: Analysis) -> Table:
    """One row per finding kind: how many, and how long they lasted."""
    table = new_table(
        "Findings by kind",
        *("kind", "count", "median", "p90", "total"),
        right=("count", "median", "p90", "total"),
    )
    for kind in FindingKind:
        stats = DurationStats.of(f.duration_seconds for f in analysis.of_kind(kind))
        if kind in CONFORMANCE_KINDS and stats is None:
            continue  # only shown when a blueprint was checked and found something
        table.add_row(
            KIND_TITLES[kind],
            str(stats.count if stats else 0),
            _duration(stats, "median"),
            _duration(stats, "p90"),
            _duration(stats, "total"),
        )
    return table


def worst_boundaries_table(analysis: Analysis, *, limit: int = 12) -> Table:
    """The gaps that cost citizens most time, by the boundary they cross."""
    rows = [row for row in analysis.by_tier_pair if row.kind is not FindingKind.HANDOFF_LATENCY]
    rows.sort(key=lambda row: (-row.stats.total, row.kind.value, row.boundary))
    table = new_table(
        "Worst gaps by boundary (total time lost)",
        *("boundary", "kind", "count", "median", "total"),
        right=("count", "median", "total"),
    )
    for row in rows[:limit]:
        table.add_row(
            row.boundary,
            KIND_TITLES[row.kind],
            str(row.count),
            human_duration(row.stats.median),
            human_duration(row.stats.total),
        )
    crossings = [
        row
        for row in analysis.by_nation_crossing
        if row.boundary == "cross-nation" and row.kind is not FindingKind.HANDOFF_LATENCY
    ]
    for row in crossings:
        table.add_row(
            "across a nation border",
            KIND_TITLES[row.kind],
            str(row.count),
            human_duration(row.stats.median),
            human_duration(row.stats.total),
        )
    return table


def journey_map_table(journey_map: JourneyMap, *, limit: int = MAP_ROWS) -> Table:
    """The journey map's transitions that took citizens most time in all, at its
    granularity."""
    edges = sorted(
        journey_map.edges,
        key=lambda edge: (-edge.stats.total, _node_text(edge.source), _node_text(edge.target)),
    )
    table = new_table(
        f"Slowest transitions (journey map by {journey_map.granularity.value})",
        *("from", "to", "count", "median", "total"),
        right=("count", "median", "total"),
    )
    for edge in edges[:limit]:
        table.add_row(*_edge_cells(edge))
    return table


def _edge_cells(edge: MapEdge) -> tuple[str, ...]:
    return (
        _node_text(edge.source),
        _node_text(edge.target),
        str(edge.count),
        human_duration(edge.stats.median),
        human_duration(edge.stats.total),
    )


def _node_text(node: tuple[str | None, str | None]) -> str:
    """``body: label``, or whichever of them the granularity keeps."""
    return ": ".join(part for part in node if part is not None)


def journeys_line(analysis: Analysis, source: str) -> str:
    """A one-line account of what was analysed."""
    as_of = f", as of {analysis.as_of.isoformat()}" if analysis.as_of else ""
    return (
        f"{analysis.journeys_started} journeys from {source}: {analysis.journeys_ended} ended, "
        f"{analysis.journeys_open} open{as_of}"
    )

"""Rich tables that summarise an analysis for people at a terminal."""

from __future__ import annotations

from rich.table import Table

from journeys.analysis import Analysis, DurationStats, FindingKind
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
}
CONFORMANCE_KINDS = frozenset(
    {FindingKind.SLA_BREACH, FindingKind.MISSING_STEP, FindingKind.UNEXPECTED_STEP}
)


def _duration(stats: DurationStats | None, name: str) -> str:
    return "" if stats is None else human_duration(stats.statistic(name))


def findings_table(analysis: Analysis) -> Table:
    """One row per finding kind: how many, and how long they lasted."""
    table = Table(title="Findings by kind")
    for column in ("kind", "count", "median", "p90", "total"):
        table.add_column(column, justify="left" if column == "kind" else "right")
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
    table = Table(title="Worst gaps by boundary (total time lost)")
    for column in ("boundary", "kind", "count", "median", "total"):
        table.add_column(
            column, justify="right" if column in ("count", "median", "total") else "left"
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


def journeys_line(analysis: Analysis, source: str) -> str:
    """A one-line account of what was analysed."""
    as_of = f", as of {analysis.as_of.isoformat()}" if analysis.as_of else ""
    return (
        f"{analysis.journeys_started} journeys from {source}: {analysis.journeys_ended} ended, "
        f"{analysis.journeys_open} open{as_of}"
    )

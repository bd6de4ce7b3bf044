"""Rich tables that summarise an analysis for people at a terminal, and the console
they are printed on.

Cells are folded, never cut short with an ellipsis, and when the output is not a
terminal (a pipe, a file) the console is wide enough for whole lines: ids can be
copied from the output as they are.

Published (``journeys analyse --publish``), the tables show each count below the
threshold as ``<10`` and leave blank every statistic resting on one, as the JSON
does (:mod:`journeys.analysis.publishing`); :class:`Cells` does this and counts
what it withheld for the footnote.
"""

from __future__ import annotations

import sys
from pathlib import Path

import attrs
from rich.console import Console
from rich.table import Table

from journeys.analysis import Analysis, DurationStats, FindingKind, JourneyMap, MapEdge
from journeys.analysis.publishing import check_threshold, count_text, is_suppressed
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


def print_written(console: Console, *paths: Path | None) -> None:
    """Say ``wrote PATH`` for each output file given (names shown as text, never markup)."""
    for path in paths:
        if path is not None:
            console.print(f"wrote {path}", markup=False)


def _threshold(threshold: int | None) -> int | None:
    return None if threshold is None else check_threshold(threshold)


@attrs.define
class Cells:
    """How a table writes counts: as they are, or — publishing, with a ``threshold`` —
    each count below it as ``"<10"`` and each statistic resting on one as blank,
    counting the cells withheld (``withheld``) for the :meth:`footnote`."""

    threshold: int | None = attrs.field(default=None, converter=_threshold)
    withheld: int = 0

    def hides(self, *counts: int) -> bool:
        """Whether any of ``counts`` is withheld (never, unless publishing)."""
        return self.threshold is not None and any(
            is_suppressed(count, self.threshold) for count in counts
        )

    def count(self, count: int) -> str:
        """``count`` as a cell: ``"<10"`` if withheld (as the pictures write it)."""
        if self.hides(count):
            self.withheld += 1
        return count_text(count, self.threshold)

    def stat(self, text: str, *counts: int) -> str:
        """``text``, a statistic resting on ``counts``: blank if any of them is withheld."""
        if text and self.hides(*counts):
            self.withheld += 1
            return ""
        return text

    def footnote(self) -> str | None:
        """What publishing withheld (``None`` unless publishing)."""
        if self.threshold is None:
            return None
        return (
            f"Published: counts below {self.threshold} are shown as <{self.threshold} and "
            f"the figures resting on them left blank ({self.withheld} cells withheld), so "
            "that no small group of citizens can be picked out."
        )


def new_table(title: str, *columns: str, right: tuple[str, ...] = ()) -> Table:
    """A table of ``columns`` (``right`` ones right-justified) whose cells fold onto
    further lines on a narrow terminal rather than being cut short."""
    table = Table(title=title)
    for name in columns:
        table.add_column(name, justify="right" if name in right else "left", overflow="fold")
    return table


def _duration(stats: DurationStats | None, name: str) -> str:
    return "" if stats is None else human_duration(stats.statistic(name))


def findings_table(analysis: Analysis, cells: Cells | None = None) -> Table:
    """One row per finding kind: how many, and how long they lasted."""
    cells = cells if cells is not None else Cells()
    table = new_table(
        "Findings by kind",
        *("kind", "count", "median", "p90", "total"),
        right=("count", "median", "p90", "total"),
    )
    for kind in FindingKind:
        stats = DurationStats.of(f.duration_seconds for f in analysis.of_kind(kind))
        if kind in CONFORMANCE_KINDS and stats is None:
            continue  # only shown when a blueprint was checked and found something
        count = stats.count if stats else 0
        table.add_row(
            KIND_TITLES[kind],
            cells.count(count),
            cells.stat(_duration(stats, "median"), count),
            cells.stat(_duration(stats, "p90"), count),
            cells.stat(_duration(stats, "total"), count),
        )
    return table


def worst_boundaries_table(
    analysis: Analysis, *, limit: int = 12, cells: Cells | None = None
) -> Table:
    """The gaps that cost citizens most time, by the boundary they cross (published,
    the rows of withheld counts come last, so their order says nothing either)."""
    cells = cells if cells is not None else Cells()
    rows = [row for row in analysis.by_tier_pair if row.kind is not FindingKind.HANDOFF_LATENCY]
    rows.sort(
        key=lambda row: (cells.hides(row.count), -row.stats.total, row.kind.value, row.boundary)
    )
    table = new_table(
        "Worst gaps by boundary (total time lost)",
        *("boundary", "kind", "count", "median", "total"),
        right=("count", "median", "total"),
    )
    for row in rows[:limit]:
        table.add_row(
            row.boundary,
            KIND_TITLES[row.kind],
            cells.count(row.count),
            cells.stat(human_duration(row.stats.median), row.count),
            cells.stat(human_duration(row.stats.total), row.count),
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
            cells.count(row.count),
            cells.stat(human_duration(row.stats.median), row.count),
            cells.stat(human_duration(row.stats.total), row.count),
        )
    return table


def journey_map_table(
    journey_map: JourneyMap, *, limit: int = MAP_ROWS, cells: Cells | None = None
) -> Table:
    """The journey map's transitions that took citizens most time in all, at its
    granularity (published, the transitions of withheld counts come last)."""
    cells = cells if cells is not None else Cells()
    edges = sorted(
        journey_map.edges,
        key=lambda edge: (
            cells.hides(edge.count),
            -edge.stats.total,
            _node_text(edge.source),
            _node_text(edge.target),
        ),
    )
    table = new_table(
        f"Slowest transitions (journey map by {journey_map.granularity.value})",
        *("from", "to", "count", "median", "total"),
        right=("count", "median", "total"),
    )
    for edge in edges[:limit]:
        table.add_row(*_edge_cells(edge, cells))
    return table


def _edge_cells(edge: MapEdge, cells: Cells) -> tuple[str, ...]:
    return (
        _node_text(edge.source),
        _node_text(edge.target),
        cells.count(edge.count),
        cells.stat(human_duration(edge.stats.median), edge.count),
        cells.stat(human_duration(edge.stats.total), edge.count),
    )


def _node_text(node: tuple[str | None, str | None]) -> str:
    """``body: label``, or whichever of them the granularity keeps."""
    return ": ".join(part for part in node if part is not None)


def journeys_line(analysis: Analysis, source: str, cells: Cells | None = None) -> str:
    """A one-line account of what was analysed."""
    cells = cells if cells is not None else Cells()
    as_of = f", as of {analysis.as_of.isoformat()}" if analysis.as_of else ""
    cohort = f" ({analysis.filtered_by})" if analysis.filtered_by else ""
    return (
        f"{cells.count(analysis.journeys_started)} journeys from {source}{cohort}: "
        f"{cells.count(analysis.journeys_ended)} ended, "
        f"{cells.count(analysis.journeys_open)} open{as_of}"
    )

"""``journeys demo``: simulate a UK population, find the gaps between bodies, draw them.

The demo writes a seeded population of journeys through the bundled blueprints
into an SQLite store, brings the tracked gap projection up to date, and writes
the journey map, the hand-off network, the timeline of the journey with the
most kinds of gap and the analysis as JSON. Journey ids are deterministic, so
running it again on the same store adds nothing and only redraws.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from uuid import UUID

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from journeys.analysis import (
    GAP_KINDS,
    Analysis,
    FindingKind,
    GapTracker,
)
from journeys.application import JourneyApp
from journeys.blueprints import bundled_blueprints
from journeys.cli.options import JourneysCommandError
from journeys.cli.tables import findings_table, journeys_line, worst_boundaries_table
from journeys.errors import JourneysError
from journeys.output_files import make_folder, write_text
from journeys.render import render_map, render_network, render_timeline, write_graph
from journeys.simulation import SimulationCounts, simulate_into

DEFAULT_CITIZENS = 2000
"""About 3,000 journeys and 113,000 events: the demo takes well under a minute on two cores."""

MAP_TOUCHPOINTS, MAP_TRANSITIONS = 30, 45
"""The journey map keeps the touchpoints citizens waited longest to reach, and the
transitions between them that took longest in all: a picture people can read."""

NETWORK_BOUNDARIES = 25
"""The hand-off network keeps the boundaries crossed most often (hand-offs, cold
transfers, re-asks and unheld time together)."""


@click.command("demo")
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("journeys-demo.db"),
    show_default=True,
    help="SQLite store to simulate into (created if missing; reused if present).",
)
@click.option(
    "--citizens",
    type=click.IntRange(min=1),
    default=DEFAULT_CITIZENS,
    show_default=True,
    help="How many citizens to simulate (each lives one to three journeys).",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the population.")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("out"),
    show_default=True,
    help="Folder for map.svg, network.svg, timeline.svg and gaps.json.",
)
@click.option("--fresh", is_flag=True, help="Delete the store first and start over.")
def demo_command(db: Path, citizens: int, seed: int, out: Path, fresh: bool) -> None:
    """Simulate citizens' journeys across the UK and show the gaps between bodies.

    Uses the bundled blueprints (birth, bereavement, hospital discharge, moving
    house, moving to Scotland, turning 18, State Pension age) in all four nations.
    Running it again on the same store adds no journeys: it only catches up and
    redraws.
    """
    console = Console()
    if fresh:
        _delete_store(db)
    try:
        make_folder(out)
        with JourneyApp.sqlite(db) as app, _progress(console) as progress:
            counts = _simulate(app, citizens=citizens, seed=seed, progress=progress)
            analysis = _find_gaps(app, progress)
            written = _draw(app, analysis, out, progress)
    except JourneysError as error:
        raise JourneysCommandError.from_error(error) from error
    console.print(
        f"{counts.journeys} journeys ({counts.events} events) simulated into {db}"
        + (f"; {counts.skipped} were already there" if counts.skipped else "")
    )
    console.print(journeys_line(analysis, str(db)))
    console.print(findings_table(analysis))
    console.print(worst_boundaries_table(analysis))
    for path in written:
        console.print(f"wrote {path}")


def _delete_store(db: Path) -> None:
    # SQLite keeps a write-ahead log and a shared-memory file beside the store.
    for path in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        path.unlink(missing_ok=True)


def _progress(console: Console) -> Progress:
    return Progress(
        TextColumn("{task.description:<22}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )


def _simulate(app: JourneyApp, *, citizens: int, seed: int, progress: Progress) -> SimulationCounts:
    task = progress.add_task("Simulating citizens", total=citizens)

    def advance(counts: SimulationCounts) -> None:
        progress.update(task, completed=counts.citizens)

    return simulate_into(app, bundled_blueprints(), citizens=citizens, seed=seed, progress=advance)


def _find_gaps(app: JourneyApp, progress: Progress) -> Analysis:
    """Bring the store's gap projection up to date and return its analysis."""
    tracker = GapTracker(app)
    try:
        start = tracker.position
        task = progress.add_task("Finding gaps", total=max(app.max_position() - start, 1))

        tracker.catch_up(on_page=lambda position: progress.update(task, completed=position - start))
        progress.update(task, completed=progress.tasks[task].total)
        return tracker.analysis()
    finally:
        tracker.close()


def most_kinds_of_gap(analysis: Analysis) -> UUID | None:
    """The journey with the most kinds of gap (then the most gaps, then the smallest id)."""
    ranked = ranked_by_kinds_of_gap(analysis)
    return ranked[0] if ranked else None


def ranked_by_kinds_of_gap(analysis: Analysis) -> list[UUID]:
    """Journeys with a gap, most kinds of gap first (then most gaps, then smallest id)."""
    kinds: dict[UUID, set[FindingKind]] = defaultdict(set)
    gaps: dict[UUID, int] = defaultdict(int)
    for finding in analysis.findings:
        if finding.kind in GAP_KINDS:
            kinds[finding.journey].add(finding.kind)
            gaps[finding.journey] += 1
    return sorted(kinds, key=lambda journey: (-len(kinds[journey]), -gaps[journey], str(journey)))


def _draw(app: JourneyApp, analysis: Analysis, out: Path, progress: Progress) -> list[Path]:
    task = progress.add_task("Drawing", total=4)
    catalogue = app.catalogue

    written = [
        write_graph(
            render_map(
                analysis,
                catalogue=catalogue,
                top_nodes=MAP_TOUCHPOINTS,
                top_edges=MAP_TRANSITIONS,
                rank_by="delay",
                title="Journey map of the simulated population: where citizens wait longest",
            ),
            out / "map.svg",
        )
    ]
    progress.advance(task)
    written.append(
        write_graph(
            render_network(
                analysis,
                catalogue=catalogue,
                top_edges=NETWORK_BOUNDARIES,
                title="Hand-off network of the simulated population",
            ),
            out / "network.svg",
        )
    )
    progress.advance(task)
    ranked = ranked_by_kinds_of_gap(analysis)
    if ranked:
        timeline = render_timeline(app.journey_events(ranked[0]), catalogue=catalogue)
        written.append(write_graph(timeline, out / "timeline.svg"))
    progress.advance(task)
    written.append(write_text(out / "gaps.json", json.dumps(analysis.to_json(), indent=2) + "\n"))
    progress.advance(task)
    return written

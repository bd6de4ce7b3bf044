"""``journeys demo``: simulate a UK population, find the gaps between bodies, draw them.

The demo writes a seeded population of journeys through the bundled blueprints
into an SQLite store, brings the tracked gap projection up to date, and writes
the journey map, the hand-off network, the timeline of the journey with the
most kinds of gap and the analysis as JSON. Journey ids are deterministic, so
running it again on the same store adds nothing and only redraws. The simulated
citizens also speak (:data:`DEMO_VOICE`): they give feedback after some steps and
sometimes complain, with scores that fall with the gaps they met, so the
experience analysis has a known effect to show, and the demo draws the
experience curve of the blueprint with the most answers (``experience.svg``).

With ``--lives`` it simulates whole lives instead (each citizen a sequence of
life events over decades, :func:`~journeys.simulation.simulate_lives_into`),
reports the life-level gaps among the others, and also draws the lifeline of the
life with the most findings (``lifeline.svg`` and ``lifeline.png``).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path
from uuid import UUID

import click
from eventsourcing.utils import get_topic
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from journeys.analysis import (
    GAP_KINDS,
    LIFE_KINDS,
    Analysis,
    FindingKind,
    GapTracker,
)
from journeys.analysis.experience_model import StageExperience
from journeys.application import JourneyApp
from journeys.blueprints import Blueprint, bundled_blueprints
from journeys.cli.options import JourneysCommandError
from journeys.cli.tables import (
    KIND_TITLES,
    findings_table,
    journeys_line,
    new_table,
    worst_boundaries_table,
)
from journeys.errors import JourneysError
from journeys.journey import Journey
from journeys.output_files import make_folder, write_text
from journeys.render import render_life, render_map, render_network, render_timeline, write_graph
from journeys.render.experience import ExperienceCurve
from journeys.simulation import (
    DEFAULT_UNTIL,
    SimulationCounts,
    Voice,
    simulate_into,
    simulate_lives_into,
)

DEFAULT_CITIZENS = 2000
"""About 3,000 journeys and 98,000 events (feedback and complaints among them): the demo
takes well under a minute on two cores."""

DEFAULT_LIVES = 300
"""Whole lives simulated by ``--lives`` alone: about 1,200 journeys and 44,000 events."""

DEMO_VOICE = Voice()
"""What the demo's citizens say: the simulator's default voice (feedback after about a
third of the steps, scores lowered by the gaps met; see the Simulation page)."""

DEFAULT_DB, DEFAULT_LIVES_DB = Path("journeys-demo.db"), Path("journeys-lives.db")
"""The demo's store, and the store of ``--lives`` (lives and a population kept apart)."""

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
    default=None,
    help=f"SQLite store to simulate into (created if missing; reused if present) "
    f"[default: {DEFAULT_DB}, with --lives {DEFAULT_LIVES_DB}].",
)
@click.option(
    "--citizens",
    type=click.IntRange(min=1),
    default=DEFAULT_CITIZENS,
    show_default=True,
    help="How many citizens to simulate (each lives one to three journeys).",
)
@click.option(
    "--lives",
    type=click.IntRange(min=1),
    is_flag=False,
    flag_value=DEFAULT_LIVES,
    default=None,
    metavar="[N]",
    help=f"Simulate N whole lives instead (cradle to grave; N defaults to {DEFAULT_LIVES}), "
    "report the life-level gaps and draw the lifeline of the life with the most findings.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the population.")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("out"),
    show_default=True,
    help="Folder for map.svg, network.svg, timeline.svg, experience.svg and gaps.json "
    "(and lifeline.svg and lifeline.png with --lives).",
)
@click.option("--fresh", is_flag=True, help="Delete the store first and start over.")
def demo_command(
    db: Path | None, citizens: int, lives: int | None, seed: int, out: Path, fresh: bool
) -> None:
    """Simulate citizens' journeys across the UK and show the gaps between bodies.

    Uses the bundled blueprints (birth, pregnancy, bereavement, a death reported
    to the coroner, hospital discharge, moving house, moving to Scotland, turning
    16, turning 18, job loss, becoming a carer, a care home, starting school with
    special educational needs, children's to adult mental health services, State
    Pension age) in all four nations. With --lives, each citizen lives a whole life of them.
    Running it again on the same store adds no journeys: it only catches up and
    redraws.
    """
    console = Console()
    if db is None:
        db = DEFAULT_DB if lives is None else DEFAULT_LIVES_DB
    if fresh:
        _delete_store(db)
    lifeline: str | None = None
    try:
        make_folder(out)
        with JourneyApp.sqlite(db) as app, _progress(console) as progress:
            if lives is None:
                counts = _simulate(app, citizens=citizens, seed=seed, progress=progress)
                analysis = _find_gaps(app, progress)
            else:
                counts = _simulate_lives(app, lives=lives, seed=seed, progress=progress)
                # Lives run until DEFAULT_UNTIL: a linked journey missing by then is late.
                analysis = _find_gaps(app, progress, as_of=DEFAULT_UNTIL)
            written = _draw(app, analysis, out, progress)
            if lives is not None:
                lifeline = life_with_most_findings(app, analysis)
                if lifeline is not None:
                    written.extend(_draw_lifeline(app, analysis, lifeline, out))
    except JourneysError as error:
        raise JourneysCommandError.from_error(error) from error
    simulated = "journeys" if lives is None else f"journeys of {lives} lives"
    console.print(
        f"{counts.journeys} {simulated} ({counts.events} events) simulated into {db}"
        + (f"; {counts.skipped} were already there" if counts.skipped else "")
    )
    console.print(journeys_line(analysis, str(db)))
    console.print(findings_table(analysis))
    console.print(worst_boundaries_table(analysis))
    if analysis.experience.gaps_and_sentiment:
        console.print(sentiment_table(analysis))
    if lives is not None:
        console.print(_life_line(analysis, lifeline))
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

    return simulate_into(
        app,
        bundled_blueprints(),
        citizens=citizens,
        seed=seed,
        voice=DEMO_VOICE,
        progress=advance,
    )


def _simulate_lives(
    app: JourneyApp, *, lives: int, seed: int, progress: Progress
) -> SimulationCounts:
    task = progress.add_task("Simulating lives", total=lives)

    def advance(counts: SimulationCounts) -> None:
        progress.update(task, completed=counts.citizens)

    return simulate_lives_into(
        app, bundled_blueprints(), citizens=lives, seed=seed, voice=DEMO_VOICE, progress=advance
    )


def _find_gaps(app: JourneyApp, progress: Progress, as_of: datetime | None = None) -> Analysis:
    """Bring the store's gap projection up to date and return its analysis (with
    ``as_of``: as it stands then)."""
    tracker = GapTracker(app)
    try:
        start = tracker.position
        task = progress.add_task("Finding gaps", total=max(app.max_position() - start, 1))

        tracker.catch_up(on_page=lambda position: progress.update(task, completed=position - start))
        progress.update(task, completed=progress.tasks[task].total)
        return tracker.analysis(as_of=as_of)
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
    task = progress.add_task("Drawing", total=5)
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
    curve = _experience_curve(analysis)
    if curve is not None:
        written.append(curve.write(out / "experience.svg"))
    progress.advance(task)
    written.append(write_text(out / "gaps.json", json.dumps(analysis.to_json(), indent=2) + "\n"))
    progress.advance(task)
    return written


def sentiment_table(analysis: Analysis) -> Table:
    """Gaps and sentiment at any boundary: how journeys that met each kind of gap
    scored against those that did not (``journeys analyse`` shows every boundary)."""
    table = new_table(
        "How journeys with each gap scored against those without (matched on trigger "
        "and nation; an association, not a cause)",
        *("gap", "with", "without", "difference", "95% interval"),
        right=("with", "without", "difference", "95% interval"),
    )
    for row in analysis.experience.gaps_and_sentiment:
        if row.boundary is not None:
            continue
        difference = "" if row.difference is None else f"{row.difference:+.2f}"
        interval = (
            ""
            if row.ci_low is None or row.ci_high is None
            else f"{row.ci_low:+.2f} to {row.ci_high:+.2f}"
        )
        table.add_row(
            KIND_TITLES[FindingKind(row.kind)],
            str(row.journeys_with),
            str(row.journeys_without),
            difference,
            interval,
        )
    return table


def most_answered_blueprint(analysis: Analysis) -> tuple[Blueprint, tuple[StageExperience, ...]]:
    """The bundled blueprint whose stages drew the most answers (then the smallest id),
    with its stages; its stages hold no answer when the analysis holds no feedback."""
    ranked = []
    for blueprint_id, blueprint in sorted(bundled_blueprints().items()):
        stages = analysis.experience_by_stage(blueprint)
        ranked.append((-sum(stage.scores.responses for stage in stages), blueprint_id, stages))
    _, blueprint_id, stages = min(ranked, key=lambda entry: entry[:2])
    return bundled_blueprints()[blueprint_id], stages


def _experience_curve(analysis: Analysis) -> ExperienceCurve | None:
    """The experience curve of the most answered blueprint (``None``: no feedback)."""
    from journeys.render import render_experience  # draws with matplotlib: load it late
    from journeys.render.experience_chart import default_title

    blueprint, stages = most_answered_blueprint(analysis)
    answers = sum(stage.scores.responses for stage in stages)
    if not answers:
        return None
    return render_experience(stages, title=default_title(blueprint.title, answers))


def life_with_most_findings(app: JourneyApp, analysis: Analysis) -> str | None:
    """The citizen whose life has the most life-level findings (then the most gaps,
    then the smallest reference); ``None`` if no life has a gap of either sort."""
    citizens = {
        event.originator_id: event.citizen
        for _, event in app.read_events(topics=(get_topic(Journey.Started),))
        if isinstance(event, Journey.Started)
    }
    life_level: Counter[str] = Counter()
    gaps: Counter[str] = Counter()
    for finding in analysis.findings:
        citizen = citizens.get(finding.journey)
        if citizen is None:
            continue
        if finding.kind in LIFE_KINDS:
            life_level[citizen] += 1
        elif finding.kind in GAP_KINDS:
            gaps[citizen] += 1
    ranked = sorted(set(life_level) | set(gaps), key=lambda c: (-life_level[c], -gaps[c], c))
    return ranked[0] if ranked else None


def _draw_lifeline(app: JourneyApp, analysis: Analysis, citizen: str, out: Path) -> list[Path]:
    """The lifeline of ``citizen`` with the findings of ``analysis``, as SVG and PNG."""
    graph = render_life(app, citizen, findings=analysis.findings, as_of=DEFAULT_UNTIL)
    return [write_graph(graph, out / "lifeline.svg"), write_graph(graph, out / "lifeline.png")]


def _life_line(analysis: Analysis, lifeline: str | None) -> str:
    """The line that sums up the life-level gaps and names the life drawn."""
    counts = analysis.counts()
    found = ", ".join(
        f"{counts[kind.value]} {KIND_TITLES[kind].lower()}"
        for kind in sorted(LIFE_KINDS, key=lambda kind: kind.value)
    )
    drawn = f"; the lifeline is {lifeline}'s" if lifeline is not None else ""
    return f"Life-level gaps: {found}{drawn}"

"""``journeys analyse``: the hand-off gaps in a store or a journey-events CSV file."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import click

from journeys.analysis import Analysis, GapTracker, Granularity, LifeEvents, analyse
from journeys.analysis.filters import JourneyFilter
from journeys.analysis.publishing import DEFAULT_THRESHOLD
from journeys.application import JourneyApp
from journeys.blueprints import (
    Blueprint,
    bundled_blueprints,
    load_blueprint,
    load_bundled_blueprint,
)
from journeys.bodies import Catalogue
from journeys.cli.experience_tables import experience_tables
from journeys.cli.filter_options import filter_options
from journeys.cli.inputs import db_option, events_csv_argument, open_input
from journeys.cli.options import (
    JourneysCommandError,
    as_of_option,
    catalogue_option,
    check_outputs,
    granularity_option,
    output_option,
    parse_as_of,
)
from journeys.cli.publish_options import publish_options, published_threshold
from journeys.cli.tables import (
    Cells,
    findings_table,
    journey_map_table,
    journeys_line,
    output_console,
    print_written,
    worst_boundaries_table,
)
from journeys.errors import JourneysError
from journeys.output_files import write_text


@click.command("analyse")
@events_csv_argument
@db_option
@catalogue_option
@as_of_option
@output_option(
    "--json",
    "json_path",
    help="Write the whole analysis as JSON (schema version 2); its journey map is at "
    "--granularity.",
)
@granularity_option
@click.option(
    "--blueprint",
    "blueprint_names",
    multiple=True,
    metavar="NAME|FILE",
    help="Check journeys against a blueprint: a bundled one by id (e.g. bereavement), "
    "'bundled' for all of them, or a TOML file. Repeat for several.",
)
@click.option(
    "--life-events",
    "life_events_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar="FILE",
    help="A life-event table of your own (TOML, as the bundled life_events.toml): which "
    "facts each life event changes and which journey should follow which, for the "
    "life-level gaps.",
)
@click.option(
    "--track/--no-track",
    default=False,
    help="Keep a gap projection in the store and bring it up to date (fast on "
    "later runs) instead of reading every event.",
)
@click.option(
    "--reset",
    is_flag=True,
    help="With --track: forget the stored projection and rebuild it from the first event "
    "(after upgrading journeys or changing --blueprint; erasures rebuild it by themselves).",
)
@publish_options(
    "Make the tables and the JSON fit to publish: every count below --suppress-below "
    "(and every figure resting on one) is withheld, the per-journey findings are left out "
    "of the JSON, and the output says so."
)
@filter_options
def analyse_command(
    events_csv: Path | None,
    db: Path | None,
    catalogue_path: Path | None,
    as_of_text: str | None,
    json_path: Path | None,
    granularity: Granularity,
    blueprint_names: tuple[str, ...],
    life_events_path: Path | None,
    track: bool,
    reset: bool,
    publish: bool,
    threshold: int | None,
    where: JourneyFilter | None,
) -> None:
    """Find the gaps between bodies in a store or a journey-events CSV file.

    Prints the findings by kind, the worst gaps by boundary and the slowest
    transitions of the journey map at --granularity; and, when citizens gave
    feedback or complained, their experience by body, gaps against scores and the
    bodies they never spoke of. The filter options (--nation, --trigger ...) analyse
    only the journeys they keep, exactly as if the store held no others.
    """
    as_of = parse_as_of(as_of_text)
    if reset and not track:
        raise click.UsageError("--reset rebuilds the tracked projection: use it with --track")
    if track and where is not None:
        raise click.UsageError(
            "--track keeps the projection of every journey: filter options analyse a cohort "
            "by reading the store (leave out --track)"
        )
    published = published_threshold(publish, threshold)
    cells = Cells(published) if published is not None else Cells()
    check_outputs(json_path)
    try:
        life = LifeEvents.from_toml(life_events_path) if life_events_path else None
        source = open_input(db, events_csv, catalogue_path)
        try:
            blueprints = [
                b for name in blueprint_names for b in load_blueprints(name, source.catalogue)
            ]
            analysis = _analyse(
                source.app,
                track=track and events_csv is None,
                reset=reset,
                as_of=as_of,
                blueprints=blueprints,
                life=life,
                where=where,
            )
        finally:
            source.close()
        if json_path is not None:
            data = analysis.to_json(
                granularity=granularity, publish=publish, threshold=published or DEFAULT_THRESHOLD
            )
            write_text(json_path, json.dumps(data, indent=2) + "\n")
    except JourneysError as error:
        raise JourneysCommandError.from_error(error) from error
    console = output_console()
    console.print(journeys_line(analysis, source.description, cells))
    console.print(findings_table(analysis, cells))
    console.print(worst_boundaries_table(analysis, cells=cells))
    console.print(journey_map_table(analysis.map(granularity), cells=cells))
    for table in experience_tables(analysis, cells):
        console.print(table)
    footnote = cells.footnote()
    if footnote is not None:
        console.print(footnote, markup=False)
    print_written(console, json_path)


def load_blueprints(name: str, catalogue: Catalogue) -> list[Blueprint]:
    """The blueprints ``--blueprint`` names: ``bundled``, a bundled id, or a TOML file."""
    if name == "bundled":
        return list(bundled_blueprints().values())
    path = Path(name)
    if path.suffix.lower() == ".toml" or path.exists():
        return [load_blueprint(path, catalogue=catalogue)]
    return [load_bundled_blueprint(name)]


def _analyse(
    app: JourneyApp,
    *,
    track: bool,
    reset: bool,
    as_of: datetime | None,
    blueprints: list[Blueprint],
    life: LifeEvents | None,
    where: JourneyFilter | None,
) -> Analysis:
    if not track:
        return analyse(app, as_of=as_of, blueprint=blueprints or None, life=life, where=where)
    tracker = GapTracker(app, blueprint=blueprints)
    try:
        if reset:
            tracker.reset()
        tracker.catch_up()
        return tracker.analysis(as_of=as_of, life=life)
    finally:
        tracker.close()

"""``journeys render``: draw a journey timeline, a citizen's lifeline, the journey map, the
hand-off network or a blueprint's experience curve."""

from __future__ import annotations

from pathlib import Path

import click

from journeys.analysis import Granularity
from journeys.analysis.filters import JourneyFilter
from journeys.cli.filter_options import filter_options
from journeys.cli.inputs import db_option, events_csv_argument, open_input
from journeys.cli.options import (
    JourneysCommandError,
    as_of_option,
    catalogue_option,
    check_outputs,
    granularity_option,
    parse_as_of,
)
from journeys.cli.publish_options import publish_options, published_threshold
from journeys.cli.render_kinds import blueprint_named, draw_experience, draw_graph
from journeys.errors import JourneysError
from journeys.render.backends import BACKEND_ENV_KEY, Backend
from journeys.render.experience import CHART_FORMATS
from journeys.render.journey_map import (
    DEFAULT_TOP_EDGES,
    DEFAULT_TOP_NODES,
    RANK_BY,
    STATISTICS,
)
from journeys.render.map_colours import COLOUR_BY
from journeys.render.output import FORMATS, write_graph

KINDS = ("timeline", "life", "map", "network", "experience")
COHORT_KINDS = ("map", "network", "experience")
"""The kinds the filter options narrow to a cohort of journeys (and --publish publishes)."""


@click.command("render")
@events_csv_argument
@db_option
@catalogue_option
@as_of_option
@click.option(
    "--kind",
    type=click.Choice(KINDS),
    required=True,
    help="timeline: one journey as swimlanes; life: one citizen's journeys on one time axis "
    "(--citizen); map: the journey map; network: the hand-off network; experience: how a "
    "blueprint's journeys felt, stage by stage (--blueprint).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="File to write; its extension picks the format: .svg, .png, .dot (or .gv); "
    "an experience curve is .svg or .png.",
)
@click.option(
    "--journey",
    "journey_text",
    default=None,
    metavar="ID",
    help="The journey to draw as a timeline: its UUID, its case id in the imported log "
    "(N77802), or source:case when several logs hold that case (roadtraffic.xes:N77802); "
    "`journeys list` lists them. Default: the journey with the most gap findings (ties: "
    "the smallest id).",
)
@click.option(
    "--citizen",
    default=None,
    metavar="REF",
    help="The citizen whose journeys --kind life draws: their pseudonymous reference.",
)
@click.option(
    "--blueprint",
    "blueprint_name",
    default=None,
    metavar="ID",
    help="The blueprint whose stages --kind experience draws: a bundled one by id "
    "(e.g. bereavement) or a blueprint TOML file.",
)
@click.option(
    "--backend",
    type=click.Choice([b.value for b in Backend] + ["auto"]),
    default=None,
    help=f"Graphviz to draw with: system `dot`, the WebAssembly build, or auto (a system "
    f"`dot` of Graphviz 8.0 or later, else the WebAssembly build). Default: "
    f"${BACKEND_ENV_KEY}, else auto.",
)
@granularity_option
@click.option(
    "--top-nodes",
    type=click.IntRange(min=0),
    default=DEFAULT_TOP_NODES,
    show_default=True,
    help="Map: keep the top N nodes (0: all of them).",
)
@click.option(
    "--top-edges",
    type=click.IntRange(min=0),
    default=DEFAULT_TOP_EDGES,
    show_default=True,
    help="Map: keep the top M edges; network: the M boundaries crossed most often "
    "(0: all of them).",
)
@click.option(
    "--rank-by",
    type=click.Choice(RANK_BY),
    default="count",
    show_default=True,
    help="Map: what --top-nodes/--top-edges keep: most frequent, or most total delay.",
)
@click.option(
    "--statistic",
    type=click.Choice(STATISTICS),
    default="median",
    show_default=True,
    help="Map: the duration statistic that colours and labels edges.",
)
@click.option(
    "--colour-by",
    type=click.Choice(COLOUR_BY),
    default="time",
    show_default=True,
    help="Map: colour the transitions by time, or the touchpoints by the mean score of "
    "the feedback about them (experience).",
)
@publish_options(
    "Draw the map, network or experience curve fit to publish: every count below "
    "--suppress-below reads <N and every figure resting on one (a median, a score, a "
    "colour) is left out; the title says so. A timeline or lifeline, one person's "
    "journeys, is never published."
)
@filter_options
def render_command(
    events_csv: Path | None,
    db: Path | None,
    catalogue_path: Path | None,
    as_of_text: str | None,
    kind: str,
    output: Path,
    journey_text: str | None,
    citizen: str | None,
    blueprint_name: str | None,
    backend: str | None,
    granularity: Granularity,
    top_nodes: int,
    top_edges: int,
    rank_by: str,
    statistic: str,
    colour_by: str,
    publish: bool,
    threshold: int | None,
    where: JourneyFilter | None,
) -> None:
    """Draw a timeline, lifeline, journey map, hand-off network or experience curve.

    Reads the same inputs as `journeys analyse`. A timeline draws one journey
    (--journey, or the one with the most gap findings); a lifeline the journeys
    of one citizen (--citizen); the map and the network draw every journey; an
    experience curve the feedback about one blueprint's stages (--blueprint).
    The filter options (--nation, --trigger ...) draw a map, network or
    experience curve of a cohort: only the journeys they keep. --publish draws
    one fit to publish, counts below --suppress-below (10) withheld.
    """
    formats = CHART_FORMATS if kind == "experience" else FORMATS
    if output.suffix.lower() not in formats:
        raise click.BadParameter(
            f"{output.name!r} has no known extension for --kind {kind} "
            f"(use {', '.join(sorted(formats))})",
            param_hint="--output",
        )
    as_of = parse_as_of(as_of_text)
    journey = _parse_journey(journey_text)
    citizen = _parse_citizen(citizen, kind)
    blueprint_name = _parse_blueprint(blueprint_name, kind)
    if colour_by != "time" and kind != "map":
        raise click.BadParameter("only --kind map is coloured", param_hint="--colour-by")
    if where is not None and kind not in COHORT_KINDS:
        raise click.BadParameter(
            f"--kind {kind} draws chosen journeys; the filter options narrow "
            f"{', '.join(COHORT_KINDS)}",
            param_hint="--nation/--trigger/...",
        )
    published = _published(kind, publish, threshold)
    check_outputs(output)
    try:
        source = open_input(db, events_csv, catalogue_path)
        try:
            if blueprint_name is not None:
                curve = draw_experience(
                    source.app,
                    blueprint_named(blueprint_name, source.catalogue),
                    as_of=as_of,
                    where=where,
                    publish=published,
                )
                curve.write(output)
                click.echo(f"wrote {output}")
                return
            graph = draw_graph(
                source.app,
                source.catalogue,
                kind=kind,
                as_of=as_of,
                journey=journey,
                citizen=citizen,
                granularity=granularity,
                # 0 on the command line means no limit.
                top_nodes=top_nodes or None,
                top_edges=top_edges or None,
                rank_by=rank_by,
                statistic=statistic,
                colour_by=colour_by,
                where=where,
                publish=published,
            )
        finally:
            source.close()
        write_graph(graph, output, backend=backend)
    except JourneysError as error:
        raise JourneysCommandError.from_error(error) from error
    click.echo(f"wrote {output}")


def _published(kind: str, publish: bool, threshold: int | None) -> int | None:
    """The threshold a published picture withholds counts below (``None``: not
    published); --suppress-below without --publish, and --publish of one person's
    journeys, are usage errors."""
    published = published_threshold(publish, threshold)
    if published is not None and kind not in COHORT_KINDS:
        raise click.UsageError(
            f"--kind {kind} draws one person's journeys, never publishable as statistics: "
            f"--publish draws {', '.join(COHORT_KINDS)}"
        )
    return published


def _parse_journey(text: str | None) -> str | None:
    """The ``--journey`` reference, resolved once the store is open (in
    :mod:`journeys.cli.render_kinds`)."""
    if text is None:
        return None
    if not text.strip():
        raise click.BadParameter("give a journey id or case id", param_hint="--journey")
    return text.strip()


def _parse_citizen(text: str | None, kind: str) -> str | None:
    """The ``--citizen`` reference: required by ``--kind life``, refused by the others."""
    if kind != "life":
        if text is not None:
            raise click.BadParameter("only --kind life draws a citizen", param_hint="--citizen")
        return None
    if text is None or not text.strip():
        raise click.BadParameter(
            "--kind life needs the citizen's reference (--citizen REF)", param_hint="--citizen"
        )
    return text.strip()


def _parse_blueprint(text: str | None, kind: str) -> str | None:
    """The ``--blueprint`` name: required by ``--kind experience``, refused by the others."""
    if kind != "experience":
        if text is not None:
            raise click.BadParameter(
                "only --kind experience draws a blueprint", param_hint="--blueprint"
            )
        return None
    if text is None or not text.strip():
        raise click.BadParameter(
            "--kind experience needs a blueprint (--blueprint ID, e.g. bereavement)",
            param_hint="--blueprint",
        )
    return text.strip()

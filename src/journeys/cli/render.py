"""``journeys render``: draw a journey timeline, a citizen's lifeline, the journey map or
the hand-off network."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from uuid import UUID

import click

from journeys.analysis import GAP_KINDS, Analysis, Granularity, analyse
from journeys.application import JourneyApp
from journeys.bodies import Catalogue
from journeys.cli.inputs import db_option, events_csv_argument, open_input
from journeys.cli.options import (
    JourneysCommandError,
    as_of_option,
    catalogue_option,
    check_outputs,
    granularity_option,
    parse_as_of,
)
from journeys.errors import (
    AmbiguousJourneyError,
    JourneyNotFoundError,
    JourneysError,
    RenderError,
)
from journeys.journey_refs import resolve_journey
from journeys.render.backends import BACKEND_ENV_KEY, Backend
from journeys.render.journey_map import (
    DEFAULT_TOP_EDGES,
    DEFAULT_TOP_NODES,
    RANK_BY,
    STATISTICS,
)
from journeys.render.output import FORMATS, HasSource, write_graph

KINDS = ("timeline", "life", "map", "network")


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
    "(--citizen); map: the journey map; network: the hand-off network.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="File to write; its extension picks the format: .svg, .png, .dot (or .gv).",
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
def render_command(
    events_csv: Path | None,
    db: Path | None,
    catalogue_path: Path | None,
    as_of_text: str | None,
    kind: str,
    output: Path,
    journey_text: str | None,
    citizen: str | None,
    backend: str | None,
    granularity: Granularity,
    top_nodes: int,
    top_edges: int,
    rank_by: str,
    statistic: str,
) -> None:
    """Draw a timeline, journey map or hand-off network from a store or a CSV file.

    Reads the same inputs as `journeys analyse`. A timeline draws one journey
    (--journey, or the one with the most gap findings); a lifeline the journeys
    of one citizen (--citizen); the map and the network draw every journey.
    """
    if output.suffix.lower() not in FORMATS:
        raise click.BadParameter(
            f"{output.name!r} has no known extension (use {', '.join(sorted(FORMATS))})",
            param_hint="--output",
        )
    as_of = parse_as_of(as_of_text)
    journey = _parse_journey(journey_text)
    citizen = _parse_citizen(citizen, kind)
    check_outputs(output)
    try:
        source = open_input(db, events_csv, catalogue_path)
        try:
            graph = _draw(
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
            )
        finally:
            source.close()
        write_graph(graph, output, backend=backend)
    except JourneysError as error:
        raise JourneysCommandError.from_error(error) from error
    click.echo(f"wrote {output}")


def _parse_journey(text: str | None) -> str | None:
    """The ``--journey`` reference, resolved once the store is open (:func:`_journey`)."""
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


def _journey(app: JourneyApp, ref: str) -> UUID:
    """The journey ``--journey`` names: a UUID, a case id or ``source:case``."""
    try:
        return resolve_journey(app, ref)
    except (JourneyNotFoundError, AmbiguousJourneyError) as error:
        raise click.BadParameter(str(error), param_hint="--journey") from None


def _draw(
    app: JourneyApp,
    catalogue: Catalogue,
    *,
    kind: str,
    as_of: datetime | None,
    journey: str | None,
    citizen: str | None,
    granularity: Granularity,
    top_nodes: int | None,
    top_edges: int | None,
    rank_by: str,
    statistic: str,
) -> HasSource:
    from journeys.render import render_map, render_network

    if kind == "timeline":
        return _draw_timeline(app, catalogue, journey=journey, as_of=as_of)
    if kind == "life":
        assert citizen is not None
        return _draw_life(app, catalogue, citizen=citizen, as_of=as_of)
    analysis = analyse(app, as_of=as_of)
    if kind == "network":
        return render_network(analysis, catalogue=catalogue, top_edges=top_edges)
    return render_map(
        analysis.map(granularity),
        catalogue=catalogue,
        top_nodes=top_nodes,
        top_edges=top_edges,
        rank_by=rank_by,
        statistic=statistic,
    )


def _draw_timeline(
    app: JourneyApp, catalogue: Catalogue, *, journey: str | None, as_of: datetime | None
) -> HasSource:
    """The timeline of the journey ``journey`` names, or of the journey with the most
    gap findings, from one analysis either way."""
    from journeys.render import render_timeline

    if journey is not None:
        # The journey's own events are all its analysis needs: render_timeline runs it.
        events = app.journey_events(_journey(app, journey))
        return render_timeline(events, catalogue=catalogue, as_of=as_of)
    journeys = sorted(app.journey_ids(), key=str)
    if not journeys:
        raise RenderError("there is no journey to draw: the store is empty")
    analysis = analyse(app, as_of=as_of)
    chosen = most_findings(journeys, analysis)
    # The choice's findings are drawn, not found again.
    return render_timeline(
        app.journey_events(chosen), catalogue=catalogue, as_of=as_of, findings=analysis.findings
    )


def _draw_life(
    app: JourneyApp, catalogue: Catalogue, *, citizen: str, as_of: datetime | None
) -> HasSource:
    """The lifeline of ``citizen``; a reference with no journeys is a bad ``--citizen``,
    as an unknown ``--journey`` is."""
    from journeys.render import render_life

    try:
        return render_life(app, citizen, catalogue=catalogue, as_of=as_of)
    except JourneyNotFoundError as error:
        if error.journey_id != citizen:
            raise
        raise click.BadParameter(str(error), param_hint="--citizen") from None


def most_findings(journeys: Sequence[UUID], analysis: Analysis) -> UUID:
    """Of ``journeys`` (not empty), the one with the most gap findings in ``analysis``
    (ties, and no findings: the smallest id)."""
    counts: Counter[UUID] = Counter(f.journey for f in analysis.findings if f.kind in GAP_KINDS)
    return min(journeys, key=lambda journey: (-counts[journey], str(journey)))

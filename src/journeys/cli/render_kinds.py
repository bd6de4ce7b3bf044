"""What ``journeys render`` draws, kind by kind: the timeline, the lifeline, the journey
map, the hand-off network and the experience curve, each from an open store.

:mod:`journeys.cli.render` reads and checks the options, then calls one of these;
a bad ``--journey`` or ``--citizen`` found only once the store is open is a
``click.BadParameter`` here too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from uuid import UUID

import click

from journeys.analysis import GAP_KINDS, Analysis, Granularity, analyse
from journeys.analysis.filters import JourneyFilter
from journeys.application import JourneyApp
from journeys.blueprints import Blueprint, load_blueprint, load_bundled_blueprint
from journeys.bodies import Catalogue
from journeys.errors import AmbiguousJourneyError, JourneyNotFoundError, RenderError
from journeys.journey_refs import resolve_journey
from journeys.render.experience import ExperienceCurve
from journeys.render.output import HasSource

__all__ = [
    "blueprint_named",
    "draw_experience",
    "draw_graph",
    "draw_life",
    "draw_timeline",
    "most_findings",
]


def blueprint_named(name: str, catalogue: Catalogue) -> Blueprint:
    """The blueprint ``name`` names: a TOML file, or a bundled blueprint's id."""
    path = Path(name)
    if path.suffix.lower() == ".toml" or path.exists():
        return load_blueprint(path, catalogue=catalogue)
    return load_bundled_blueprint(name)


def _journey(app: JourneyApp, ref: str) -> UUID:
    """The journey ``--journey`` names: a UUID, a case id or ``source:case``."""
    try:
        return resolve_journey(app, ref)
    except (JourneyNotFoundError, AmbiguousJourneyError) as error:
        raise click.BadParameter(str(error), param_hint="--journey") from None


def draw_graph(
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
    colour_by: str,
    where: JourneyFilter | None = None,
    publish: int | None = None,
) -> HasSource:
    """The picture of ``kind`` (any but the experience curve): one journey's timeline,
    a citizen's lifeline, or the map or network of the journeys ``where`` keeps."""
    from journeys.render import render_map, render_network

    if kind == "timeline":
        return draw_timeline(app, catalogue, journey=journey, as_of=as_of)
    if kind == "life":
        assert citizen is not None
        return draw_life(app, catalogue, citizen=citizen, as_of=as_of)
    analysis = analyse(app, as_of=as_of, where=where)
    cohort = f", {where.describe()}" if where is not None else ""
    if kind == "network":
        return render_network(
            analysis,
            catalogue=catalogue,
            top_edges=top_edges,
            title=f"Hand-off network{cohort}" if cohort else None,
            publish=publish,
        )
    if colour_by == "experience" and not analysis.experience.by_node:
        raise RenderError(
            "cannot colour the map by experience: the store holds no feedback from "
            "journeys (record it with give_feedback, or import a feedback CSV)"
        )
    return render_map(
        analysis.map(granularity),
        title=f"Journey map ({granularity.value} granularity){cohort}" if cohort else None,
        catalogue=catalogue,
        top_nodes=top_nodes,
        top_edges=top_edges,
        rank_by=rank_by,
        statistic=statistic,
        colour_by=colour_by,
        experience=analysis.experience,
        publish=publish,
    )


def draw_experience(
    app: JourneyApp,
    blueprint: Blueprint,
    *,
    as_of: datetime | None,
    where: JourneyFilter | None = None,
    publish: int | None = None,
) -> ExperienceCurve:
    """The experience curve of ``blueprint``'s journeys in the store (those ``where``
    keeps)."""
    from journeys.render import render_experience
    from journeys.render.experience_chart import default_title

    analysis = analyse(app, as_of=as_of, where=where)
    stages = analysis.experience_by_stage(blueprint)
    answers = sum(stage.scores.responses for stage in stages)
    if not answers:
        nations = ", ".join(sorted(nation.value for nation in blueprint.nations))
        kept = f", among {where.describe()}" if where is not None else ""
        raise RenderError(
            f"no feedback in the store is about the stages of blueprint {blueprint.id!r} "
            f"(journeys of trigger {blueprint.trigger!r} in {nations}){kept}: nothing to draw"
        )
    cohort = where.describe() if where is not None else None
    title = default_title(blueprint.title, answers, cohort=cohort, threshold=publish)
    return render_experience(stages, title=title, publish=publish)


def draw_timeline(
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


def draw_life(
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

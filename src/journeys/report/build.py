"""Building the report page and writing it whole (see :mod:`journeys.report`)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from journeys.analysis.filters import JourneyFilter
from journeys.application import JourneyApp
from journeys.output_files import check_writable, write_text
from journeys.render.backends import Backend
from journeys.report.data import DEFAULT_TIMELINES, DEFAULT_VARIANTS, ReportData, assemble
from journeys.report.escape import inline_svg
from journeys.report.page import page


def build_report(
    app: JourneyApp,
    *,
    where: JourneyFilter | None = None,
    as_of: datetime | None = None,
    timelines: int = DEFAULT_TIMELINES,
    top_variants: int = DEFAULT_VARIANTS,
    title: str | None = None,
    source: str = "journeys store",
    backend: Backend | str | None = None,
) -> str:
    """The report of the journeys of ``app`` that ``where`` keeps, as one HTML page.

    ``as_of`` closes open journeys as for :func:`~journeys.analysis.analyse`;
    ``timelines`` is how many journeys' timelines the page holds (those with the
    most gaps); ``top_variants`` how many variants each table lists; ``source``
    names the store in the page's heading; ``backend`` the Graphviz backend.

    Raises:
        RenderError: when a picture cannot be drawn (no Graphviz backend).
        AnalysisError: when the analysis cannot be run as asked.
    """
    data = assemble(
        app,
        source=source,
        where=where,
        as_of=as_of,
        timelines=timelines,
        top_variants=top_variants,
        title=title,
    )
    return _page(data, app, backend)


def write_report(
    app: JourneyApp,
    path: str | Path,
    *,
    where: JourneyFilter | None = None,
    as_of: datetime | None = None,
    timelines: int = DEFAULT_TIMELINES,
    top_variants: int = DEFAULT_VARIANTS,
    title: str | None = None,
    source: str = "journeys store",
    backend: Backend | str | None = None,
) -> Path:
    """Write :func:`build_report` of ``app`` (with the same options) to ``path`` whole
    and return the path. Nothing is written when the report cannot be made, and a
    failed write leaves no half-written file.

    Raises:
        OutputError: when ``path`` cannot be written (checked before any work).
    """
    check_writable(path)
    page = build_report(
        app,
        where=where,
        as_of=as_of,
        timelines=timelines,
        top_variants=top_variants,
        title=title,
        source=source,
        backend=backend,
    )
    return write_text(path, page)


def _page(data: ReportData, app: JourneyApp, backend: Backend | str | None) -> str:
    from journeys.render import render_map, render_network, render_timeline, to_svg
    from journeys.render.journey_map import DEFAULT_TOP_EDGES
    from journeys.render.variants import render_variants

    catalogue = app.catalogue
    analysis = data.analysis
    map_svg = to_svg(render_map(analysis, catalogue=catalogue), backend=backend)
    # As `journeys render` draws it: the busiest boundaries (the title says how many).
    network = render_network(analysis, catalogue=catalogue, top_edges=DEFAULT_TOP_EDGES)
    network_svg = to_svg(network, backend=backend)
    variants_svg = to_svg(render_variants(data.overview.variants), backend=backend)
    timelines = {
        str(journey): inline_svg(
            to_svg(
                render_timeline(
                    data.events[journey],
                    catalogue=catalogue,
                    as_of=analysis.as_of,
                    findings=[f for f in analysis.findings if f.journey == journey],
                ),
                backend=backend,
            ),
            element_id=f"timeline-svg-{journey}",
        )
        for journey in data.timeline_ids
    }
    return page(
        data,
        map_svg=inline_svg(map_svg, element_id="map-svg"),
        network_svg=inline_svg(network_svg, element_id="network-svg"),
        variants_svg=inline_svg(variants_svg, element_id="variants-svg"),
        timelines=timelines,
    )

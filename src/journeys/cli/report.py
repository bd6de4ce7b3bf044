"""``journeys report``: the analysis of a store as one self-contained HTML page."""

from __future__ import annotations

from pathlib import Path

import click

from journeys.analysis.filters import JourneyFilter
from journeys.cli.filter_options import filter_options
from journeys.cli.inputs import db_option, events_csv_argument, open_input
from journeys.cli.options import (
    JourneysCommandError,
    as_of_option,
    catalogue_option,
    check_outputs,
    parse_as_of,
)
from journeys.errors import JourneysError
from journeys.render.backends import Backend
from journeys.report import DEFAULT_TIMELINES, DEFAULT_VARIANTS, write_report


@click.command("report")
@events_csv_argument
@db_option
@catalogue_option
@as_of_option
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The HTML file to write (one file: open it in any browser, or email it).",
)
@click.option(
    "--timelines",
    type=click.IntRange(min=0),
    default=DEFAULT_TIMELINES,
    show_default=True,
    help="How many journeys' timelines the finder can show: those with the most gaps.",
)
@click.option(
    "--top-variants",
    type=click.IntRange(min=1),
    default=DEFAULT_VARIANTS,
    show_default=True,
    help="How many variants each variants table lists.",
)
@click.option("--title", default=None, help="The page's title. Default: Journeys report.")
@click.option(
    "--backend",
    type=click.Choice([b.value for b in Backend] + ["auto"]),
    default=None,
    help="Graphviz to draw the pictures with (as for `journeys render`).",
)
@filter_options
def report_command(
    events_csv: Path | None,
    db: Path | None,
    catalogue_path: Path | None,
    as_of_text: str | None,
    output: Path,
    timelines: int,
    top_variants: int,
    title: str | None,
    backend: str | None,
    where: JourneyFilter | None,
) -> None:
    """Write the analysis of a store (or a CSV file) as one HTML page.

    The page holds the headline figures, the findings by kind and boundary, the
    journey map and hand-off network (pan, zoom, hover), the top variants, a tab
    per nation and per life event, and a journey finder with timelines. The
    filter options restrict it to some journeys.
    """
    if output.suffix.lower() not in (".html", ".htm"):
        raise click.BadParameter(f"{output.name!r} is not an .html file", param_hint="--output")
    as_of = parse_as_of(as_of_text)
    check_outputs(output)
    try:
        source = open_input(db, events_csv, catalogue_path)
        try:
            write_report(
                source.app,
                output,
                where=where,
                as_of=as_of,
                timelines=timelines,
                top_variants=top_variants,
                title=title,
                source=source.description,
                backend=backend,
            )
        finally:
            source.close()
    except JourneysError as error:
        raise JourneysCommandError.from_error(error) from error
    click.echo(f"wrote {output}")

"""``journeys variants``: the distinct paths journeys take, most common first."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.table import Table

from journeys.analysis import Granularity
from journeys.analysis.filters import JourneyFilter
from journeys.analysis.variants import Variants, variants
from journeys.cli.filter_options import filter_options
from journeys.cli.inputs import db_option, events_csv_argument, open_input
from journeys.cli.options import (
    JourneysCommandError,
    as_of_option,
    catalogue_option,
    check_drawing_format,
    check_outputs,
    granularity_option,
    output_option,
    parse_as_of,
    top_option,
)
from journeys.cli.tables import new_table, output_console, print_written
from journeys.errors import JourneysError
from journeys.output_files import write_text
from journeys.render.durations import human_duration


@click.command("variants")
@events_csv_argument
@db_option
@catalogue_option
@as_of_option
@granularity_option
@top_option("How many variants to show, most common first.")
@output_option("--json", "json_path", help="Also write the top variants as JSON.")
@output_option("-o", "--output", help="Also draw the top variants (.svg, .png or .dot).")
@filter_options
def variants_command(
    events_csv: Path | None,
    db: Path | None,
    catalogue_path: Path | None,
    as_of_text: str | None,
    granularity: Granularity,
    top: int,
    json_path: Path | None,
    output: Path | None,
    where: JourneyFilter | None,
) -> None:
    """Print the distinct paths journeys take, with counts, shares and durations."""
    check_drawing_format(output, "--output")
    as_of = parse_as_of(as_of_text)
    check_outputs(json_path, output)
    try:
        source = open_input(db, events_csv, catalogue_path)
        try:
            found = variants(source.app, granularity=granularity, where=where, top=top, as_of=as_of)
        finally:
            source.close()
        if json_path is not None:
            write_text(json_path, json.dumps(found.to_json(), indent=2) + "\n")
        if output is not None:
            from journeys.render import write_graph
            from journeys.render.variants import render_variants

            write_graph(render_variants(found), output)
    except JourneysError as error:
        raise JourneysCommandError.from_error(error) from error
    console = output_console()
    console.print(variants_table(found))
    print_written(console, json_path, output)


def variants_table(found: Variants) -> Table:
    """The variants as a rich table."""
    scope = found.filtered_by or "all journeys"
    title = (
        f"Top {len(found.variants)} of {found.distinct} variants of {found.journeys} "
        f"journeys ({scope}, {found.granularity.value})"
    )
    table = new_table(
        title,
        "#",
        "journeys",
        "share",
        "median",
        "path",
        right=("#", "journeys", "share", "median"),
    )
    for variant in found.variants:
        median = variant.durations.median if variant.durations else None
        table.add_row(
            str(variant.rank),
            str(variant.count),
            f"{variant.share:.1%}",
            human_duration(median) if median is not None else "",
            variant.path_text,
        )
    if found.left_out:
        table.caption = f"{found.left_out} journeys take other variants"
    return table

"""``journeys list``: the journeys of a store, one row each, with their case ids and gaps.

At a terminal the rows are a table; piped, they are tab-separated lines under a
header line (ids never shortened), and with ``--json`` a JSON array of objects.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path

import click
from rich.table import Table

from journeys.analysis import JourneyRow, journey_rows
from journeys.bodies import Nation, parse_nation
from journeys.cli.inputs import db_option, events_csv_argument, open_input
from journeys.cli.options import JourneysCommandError, as_of_option, catalogue_option, parse_as_of
from journeys.cli.tables import new_table, output_console
from journeys.errors import JourneysError

COLUMNS = ("id", "source", "case", "trigger", "nation", "outcome", "events", "gaps")
"""The columns of the table and of the tab-separated lines (``--json`` adds more)."""


def _nation(
    _context: click.Context, _parameter: click.Parameter, value: str | None
) -> Nation | None:
    if value is None:
        return None
    try:
        return parse_nation(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


@click.command("list")
@events_csv_argument
@db_option
@catalogue_option
@as_of_option
@click.option(
    "--nation",
    default=None,
    callback=_nation,
    metavar="NATION",
    help="Only journeys in this nation (england, wales, scotland, northern-ireland).",
)
@click.option("--trigger", default=None, help="Only journeys started by this life event.")
@click.option("--body", default=None, help="Only journeys that touched this body (its id).")
@click.option(
    "--outcome",
    default=None,
    help="Only journeys that ended with this outcome (the journey's own, e.g. completed).",
)
@click.option(
    "--limit", type=click.IntRange(min=1), default=None, help="List the first N journeys only."
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of objects instead.")
def list_command(
    events_csv: Path | None,
    db: Path | None,
    catalogue_path: Path | None,
    as_of_text: str | None,
    nation: Nation | None,
    trigger: str | None,
    body: str | None,
    outcome: str | None,
    limit: int | None,
    as_json: bool,
) -> None:
    """List the journeys of a store (or CSV file), in the order they started.

    Each row gives the journey's id, the source and case id it was imported from
    (blank for journeys recorded otherwise), its trigger, nation and outcome
    (blank while open), how many events it has and how many gaps one analysis of
    the store finds in it. Pass a case id (or source:case) or an id to
    `journeys render --kind timeline --journey`.
    """
    as_of = parse_as_of(as_of_text)
    try:
        source = open_input(db, events_csv, catalogue_path)
        try:
            if body is not None and body not in source.catalogue:
                raise click.BadParameter(
                    f"unknown body id {body!r}: it is not in the catalogue", param_hint="--body"
                )
            rows = journey_rows(
                source.app,
                nation=nation,
                trigger=trigger,
                body=body,
                outcome=outcome,
                limit=limit,
                as_of=as_of,
            )
        finally:
            source.close()
    except JourneysError as error:
        raise JourneysCommandError.from_error(error) from error
    if as_json:
        click.echo(json.dumps([row.to_json() for row in rows], indent=2, ensure_ascii=False))
    elif sys.stdout.isatty():
        output_console().print(_table(rows))
    else:
        click.echo("\t".join(COLUMNS))
        for row in rows:
            click.echo("\t".join(_cell(value) for value in _cells(row)))


def _cells(row: JourneyRow) -> tuple[str, ...]:
    return (
        str(row.id),
        row.case.source if row.case else "",
        row.case.case if row.case else "",
        row.trigger,
        row.nation.value,
        row.outcome or "",
        str(row.events),
        str(row.gaps),
    )


def _cell(value: str) -> str:
    """``value`` on one tab-free line, so each row stays one line of fields."""
    return " ".join(value.split()) if any(c in value for c in "\t\r\n") else value


def _table(rows: Sequence[JourneyRow]) -> Table:
    """The rows as a table: ids whole, other values folded onto more lines when the
    terminal is narrow (never cut short)."""
    table = new_table(f"{len(rows)} journeys", *COLUMNS, right=("events", "gaps"))
    table.columns[0].no_wrap = True
    table.columns[0].min_width = 36
    for row in rows:
        table.add_row(*_cells(row))
    return table

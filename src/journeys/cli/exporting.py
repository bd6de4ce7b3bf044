"""``journeys export``: write a store's journeys as OCEL 2.0, XES, a journey-events CSV
or Parquet columns.

Each file is written to a temporary file next to it and renamed when complete, so
an export that fails leaves no truncated file (and an older export in place). An
output that cannot be written (its folder missing, say) is refused before the
store is read.
"""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console

from journeys.application import JourneyApp
from journeys.cli.options import (
    JourneysCommandError,
    catalogue_option,
    check_outputs,
    load_catalogue,
)
from journeys.errors import InputError, JourneysError
from journeys.interop.csv_bodies import journey_csv_bodies_path
from journeys.interop.journey_csv import write_journey_csv
from journeys.interop.ocel import write_ocel
from journeys.interop.xes import write_xes
from journeys.output_files import written_whole

_OUTPUT = click.Path(dir_okay=False, writable=True, path_type=Path)


@click.command("export")
@click.option(
    "--db",
    "db",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="SQLite store to read (with the bodies it keeps).",
)
@click.option("--ocel", "ocel_path", type=_OUTPUT, default=None, help="Write OCEL 2.0 JSON here.")
@click.option(
    "--xes",
    "xes_path",
    type=_OUTPUT,
    default=None,
    help="Write the touchpoints as XES here (.xes, or .xes.gz compressed).",
)
@click.option(
    "--csv", "csv_path", type=_OUTPUT, default=None, help="Write a journey-events CSV here."
)
@click.option(
    "--parquet",
    "parquet_path",
    type=_OUTPUT,
    default=None,
    help="Write the journey events as Parquet columns here (needs journeys[frames]).",
)
@catalogue_option
def export_command(
    *,
    db: Path,
    ocel_path: Path | None,
    xes_path: Path | None,
    csv_path: Path | None,
    parquet_path: Path | None,
    catalogue_path: Path | None,
) -> None:
    """Export every journey in the store (give one or more of --ocel, --xes, --csv,
    --parquet)."""
    if ocel_path is None and xes_path is None and csv_path is None and parquet_path is None:
        raise click.UsageError(
            "name at least one output: --ocel FILE, --xes FILE, --csv FILE or --parquet FILE"
        )
    check_outputs(
        ocel_path,
        xes_path,
        csv_path,
        parquet_path,
        journey_csv_bodies_path(csv_path) if csv_path is not None else None,
    )
    console = Console(soft_wrap=True)
    try:
        if not db.exists():
            raise InputError("no such store", source=db, value=str(db))
        catalogue = load_catalogue(catalogue_path) if catalogue_path is not None else None
        with JourneyApp.sqlite(db, catalogue=catalogue) as app:
            if ocel_path is not None:
                with written_whole(ocel_path) as temporary:
                    events = write_ocel(app, temporary)
                console.print(f"OCEL 2.0: {events:,} events written to {ocel_path}", markup=False)
            if xes_path is not None:
                try:
                    with written_whole(xes_path) as temporary:
                        traces = write_xes(app, temporary)
                except ValueError as error:
                    # lxml refuses NUL and other control characters, which a store
                    # written before journey commands refused them may still hold.
                    raise InputError(
                        f"cannot write XES: {error}", source=xes_path, value=str(xes_path)
                    ) from error
                console.print(f"XES: {traces:,} traces written to {xes_path}", markup=False)
            if csv_path is not None:
                with written_whole(csv_path) as temporary:
                    rows = write_journey_csv(app, temporary)
                console.print(f"CSV: {rows:,} events written to {csv_path}", markup=False)
                # The CSV names bodies by id: their definitions go beside it.
                bodies_path = journey_csv_bodies_path(csv_path)
                with written_whole(bodies_path) as temporary:
                    temporary.write_text(app.stored_bodies.to_toml(), encoding="utf-8")
                console.print(f"CSV: its bodies written to {bodies_path}", markup=False)
            if parquet_path is not None:
                from journeys.columns import how_read, write_parquet

                rows = write_parquet(app, parquet_path)
                _, how = how_read(app)
                console.print(
                    f"Parquet: {rows:,} events written to {parquet_path} ({how})", markup=False
                )
    except JourneysError as error:
        raise JourneysCommandError.from_error(error) from error

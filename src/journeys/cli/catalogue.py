"""``journeys catalogue``: check a catalogue file, or a store's bodies, and list them.

As a table for people, or with ``--json``, ``--csv`` or ``--toml`` as every body
with all its fields, named as in the catalogue's TOML and CSV files: the CSV and
TOML outputs are themselves catalogue files, and the JSON output is the TOML
document's ``body`` array with absent codes as ``null``. With ``--db`` the bodies
are the ones the store keeps; ``--record FILE`` records a file's bodies in it
(``--replace`` to change definitions it already has).
"""

from __future__ import annotations

from pathlib import Path

import click
from rich.table import Table

from journeys.application import JourneyApp
from journeys.bodies import Catalogue
from journeys.cli.options import JourneysCommandError, catalogue_option, load_catalogue
from journeys.cli.tables import new_table, output_console
from journeys.errors import InputError, JourneysError

CODES = (("govuk", "govuk_slug"), ("gss", "gss"), ("ods", "ods"))
"""The codes the table shows, by their short names."""

FORMATS = ("json", "csv", "toml")


@click.command("catalogue")
@catalogue_option
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="List the bodies this SQLite store keeps (the ones its events name) instead.",
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help='Print the bodies as JSON: {"body": [...]}, the fields named as in a TOML catalogue.',
)
@click.option(
    "--csv",
    "as_csv",
    is_flag=True,
    help="Print the bodies as a CSV catalogue (id,name,tier,nations,govuk_slug,gss,ods).",
)
@click.option("--toml", "as_toml", is_flag=True, help="Print the bodies as a TOML catalogue.")
@click.option(
    "--record",
    "record_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar="FILE",
    help="With --db: record the bodies of this catalogue file (.toml or .csv) in the store.",
)
@click.option(
    "--replace",
    is_flag=True,
    help="With --record: change the definitions the store already has (names, tiers, nations).",
)
def catalogue_command(
    *,
    catalogue_path: Path | None,
    db: Path | None,
    as_json: bool,
    as_csv: bool,
    as_toml: bool,
    record_path: Path | None,
    replace: bool,
) -> None:
    """Check a catalogue of bodies and list them (the bundled UK one by default).

    With --db, the bodies a store keeps; --record FILE --replace corrects them.
    """
    chosen = [name for name, flag in zip(FORMATS, (as_json, as_csv, as_toml), strict=True) if flag]
    if len(chosen) > 1:
        raise click.UsageError(f"give one of --json, --csv and --toml, not {len(chosen)}")
    if record_path is not None and db is None:
        raise click.UsageError("--record records bodies in a store: give it with --db")
    if replace and record_path is None:
        raise click.UsageError(
            "--replace changes the bodies --record records: use it with --record"
        )
    if db is not None and catalogue_path is not None:
        raise click.UsageError("give either --db or --catalogue, not both")
    try:
        catalogue = (
            _store_bodies(db, record_path, replace=replace)
            if db is not None
            else load_catalogue(catalogue_path)
        )
    except JourneysError as error:
        raise JourneysCommandError.from_error(error) from error
    if record_path is not None and not chosen:
        click.echo(f"{len(catalogue)} bodies in {db}, recorded from {record_path}")
    elif chosen:
        click.echo(formatted(catalogue, chosen[0]), nl=False)
    else:
        output_console().print(bodies_table(catalogue))


def _store_bodies(db: Path, record_path: Path | None, *, replace: bool) -> Catalogue:
    """The bodies the store ``db`` keeps, after recording those of ``record_path``."""
    if not db.exists():
        raise InputError("no such store", source=db, value=str(db))
    recorded = Catalogue.load(record_path) if record_path is not None else None
    with JourneyApp.sqlite(db) as app:
        if recorded is not None:
            app.record_bodies(recorded.bodies(), replace=replace)
        return app.stored_bodies


def formatted(catalogue: Catalogue, format: str) -> str:
    """The catalogue as ``json``, ``csv`` or ``toml`` text (ending with a newline)."""
    if format == "json":
        return catalogue.to_json() + "\n"
    if format == "csv":
        return catalogue.to_csv()
    return catalogue.to_toml()


def bodies_table(catalogue: Catalogue) -> Table:
    """One row per body: id, name, tier, nations, codes and the URL of each of its
    sources (one a line), never cut short."""
    table = new_table(
        f"{len(catalogue)} bodies", "id", "name", "tier", "nations", "codes", "sources"
    )
    for body in catalogue.bodies():
        codes = ", ".join(
            f"{short}={getattr(body, field)}" for short, field in CODES if getattr(body, field)
        )
        nations = ", ".join(sorted(n.value for n in body.nations))
        sources = "\n".join(source.url for source in body.sources)
        table.add_row(body.id, body.name, body.tier.value, nations, codes, sources)
    return table

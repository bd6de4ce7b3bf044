"""``journeys catalogue``: check a catalogue file and list its bodies.

As a table for people, or with ``--json`` or ``--csv`` as every body with all its
fields, named as in the catalogue's TOML and CSV files: the CSV output is itself
a catalogue file, and the JSON output is the TOML document's ``body`` array with
absent codes as ``null``.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import click
from rich.table import Table

from journeys.bodies import Body, Catalogue
from journeys.cli.options import JourneysCommandError, catalogue_option, load_catalogue
from journeys.cli.tables import new_table, output_console
from journeys.errors import JourneysError

FIELDS = ("id", "name", "tier", "nations", "govuk_slug", "gss", "ods")
"""A body's fields, in the order of the catalogue's CSV columns and TOML keys."""

CODES = (("govuk", "govuk_slug"), ("gss", "gss"), ("ods", "ods"))
"""The codes the table shows, by their short names."""


@click.command("catalogue")
@catalogue_option
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
def catalogue_command(catalogue_path: Path | None, as_json: bool, as_csv: bool) -> None:
    """Check a catalogue of bodies and list them (the bundled UK one by default)."""
    if as_json and as_csv:
        raise click.UsageError("give --json or --csv, not both")
    try:
        catalogue = load_catalogue(catalogue_path)
    except JourneysError as error:
        raise JourneysCommandError.from_error(error) from error
    if as_json:
        click.echo(catalogue_json(catalogue))
    elif as_csv:
        click.echo(catalogue_csv(catalogue), nl=False)
    else:
        output_console().print(bodies_table(catalogue))


def body_fields(body: Body) -> dict[str, Any]:
    """``body``'s fields as a TOML catalogue names them (nations as a sorted list;
    absent codes are ``None``)."""
    return {
        "id": body.id,
        "name": body.name,
        "tier": body.tier.value,
        "nations": sorted(nation.value for nation in body.nations),
        "govuk_slug": body.govuk_slug,
        "gss": body.gss,
        "ods": body.ods,
    }


def catalogue_json(catalogue: Catalogue) -> str:
    """The catalogue as JSON: ``{"body": [...]}``, one object per body, in order."""
    return json.dumps(
        {"body": [body_fields(body) for body in catalogue.bodies()]},
        indent=2,
        ensure_ascii=False,
    )


def catalogue_csv(catalogue: Catalogue) -> str:
    """The catalogue as a CSV catalogue file (nations joined by ``;``) that
    :meth:`~journeys.bodies.Catalogue.from_csv_text` reads back equal."""
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    for body in catalogue.bodies():
        fields = body_fields(body)
        fields["nations"] = ";".join(fields["nations"])
        writer.writerow({name: "" if value is None else value for name, value in fields.items()})
    return text.getvalue()


def bodies_table(catalogue: Catalogue) -> Table:
    """One row per body: id, name, tier, nations and codes, never cut short."""
    table = new_table(f"{len(catalogue)} bodies", "id", "name", "tier", "nations", "codes")
    for body in catalogue.bodies():
        codes = ", ".join(
            f"{short}={getattr(body, field)}" for short, field in CODES if getattr(body, field)
        )
        nations = ", ".join(sorted(n.value for n in body.nations))
        table.add_row(body.id, body.name, body.tier.value, nations, codes)
    return table

"""``journeys catalogue``: check a catalogue file and list its bodies."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from journeys.cli.options import JourneysCommandError, catalogue_option, load_catalogue
from journeys.errors import JourneysError


@click.command("catalogue")
@catalogue_option
def catalogue_command(catalogue_path: Path | None) -> None:
    """Check a catalogue of bodies and list them (the bundled UK one by default)."""
    try:
        catalogue = load_catalogue(catalogue_path)
    except JourneysError as error:
        raise JourneysCommandError.from_error(error) from error
    table = Table(title=f"{len(catalogue)} bodies")
    for column in ("id", "name", "tier", "nations", "codes"):
        table.add_column(column)
    for body in catalogue.bodies():
        codes = ", ".join(
            f"{name}={value}"
            for name, value in (("govuk", body.govuk_slug), ("gss", body.gss), ("ods", body.ods))
            if value
        )
        nations = ", ".join(sorted(n.value for n in body.nations))
        table.add_row(body.id, body.name, body.tier.value, nations, codes)
    Console().print(table)

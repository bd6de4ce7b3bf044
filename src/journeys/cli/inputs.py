"""The inputs ``journeys analyse`` and ``journeys render`` read: a store or a CSV file.

A store is an SQLite file (``--db PATH``) or whatever eventsourcing's environment
keys name (``PERSISTENCE_MODULE``, ``POSTGRES_*``); a journey-events CSV file is
read whole, checked against the catalogue and the journey rules, before anything
is analysed.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import attrs
import click

from journeys.application import JourneyApp
from journeys.bodies import Catalogue
from journeys.cli.options import load_catalogue
from journeys.errors import InputError
from journeys.interop.journey_csv import read_journey_csv
from journeys.journey import Journey


@attrs.frozen
class AnalysisInput:
    """Journey events to analyse, with the catalogue that classifies their bodies."""

    app: JourneyApp
    catalogue: Catalogue
    description: str

    def events(self) -> Iterator[Journey.Event]:
        """Every journey event, in recorded order."""
        for _, event in self.app.read_events():
            yield event

    def close(self) -> None:
        """Release the store."""
        self.app.close()


def open_input(
    db: Path | None, events_csv: Path | None, catalogue_path: Path | None
) -> AnalysisInput:
    """Open the store or CSV file the user named (exactly one source)."""
    if db is not None and events_csv is not None:
        raise click.UsageError("give either --db or an events CSV file, not both")
    if events_csv is not None:
        catalogue = load_catalogue(catalogue_path)
        app = JourneyApp.in_memory(catalogue=catalogue)
        app.save(*read_journey_csv(events_csv, catalogue=catalogue))
        return AnalysisInput(app, catalogue, str(events_csv))
    if db is not None:
        if not db.exists():
            raise InputError("no such store", source=db, value=str(db))
        # The store keeps its own bodies: an explicit catalogue only adds to them.
        app = JourneyApp.sqlite(db, catalogue=_explicit(catalogue_path))
        return AnalysisInput(app, app.catalogue, str(db))
    if not os.environ.get("PERSISTENCE_MODULE"):
        raise click.UsageError(
            "name the journeys to read: --db PATH (SQLite), an events CSV file, or a store "
            "through eventsourcing's environment keys (PERSISTENCE_MODULE, POSTGRES_*)"
        )
    app = JourneyApp(catalogue=_explicit(catalogue_path))
    return AnalysisInput(app, app.catalogue, app.persistence_module)


def _explicit(catalogue_path: Path | None) -> Catalogue | None:
    return Catalogue.load(catalogue_path) if catalogue_path is not None else None


db_option = click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="SQLite store to read. Without it (and without a CSV file), the store named by "
    "eventsourcing's environment keys (PERSISTENCE_MODULE, POSTGRES_*).",
)
events_csv_argument = click.argument(
    "events_csv",
    required=False,
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
)

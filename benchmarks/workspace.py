"""Inputs for the benchmark: a seeded simulated population, in the forms each case reads.

For each size the workspace holds the population in an SQLite store (and, when
asked, a PostgreSQL schema), as an XES file, and knows how to make the same
journeys again (for ingest runs, which consume them). Everything is derived from
the simulator with one seed, so every figure is about the same events.
"""

from __future__ import annotations

import math
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import attrs

from journeys import Journey, JourneyApp
from journeys.blueprints import Blueprint, bundled_blueprints
from journeys.simulation import simulate, simulate_into

SEED = 20251121
EVENTS_PER_CITIZEN = 56  # measured on the bundled blueprints with the default behaviour


def blueprints() -> list[Blueprint]:
    """The bundled blueprints the population is drawn from."""
    return list(bundled_blueprints().values())


def citizens_for(events: int) -> int:
    """How many simulated citizens make about ``events`` events."""
    return max(1, math.ceil(events / EVENTS_PER_CITIZEN))


def journeys(citizens: int) -> Iterator[Journey]:
    """The population's journeys, freshly built (their events pending)."""
    return simulate(blueprints(), citizens=citizens, seed=SEED)


def postgres_env(schema: str) -> dict[str, str]:
    """eventsourcing keys for the benchmark's PostgreSQL schema."""
    return {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": "test",
        "POSTGRES_HOST": "127.0.0.1",
        "POSTGRES_PORT": "5432",
        "POSTGRES_USER": "postgres",
        "POSTGRES_PASSWORD": "",
        "POSTGRES_SCHEMA": schema,
    }


def sqlite_env(path: Path) -> dict[str, str]:
    """eventsourcing keys for an SQLite store at ``path``."""
    return {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(path)}


@attrs.define
class Workspace:
    """The population of one size, stored in every form the cases read."""

    size: int
    folder: Path
    citizens: int
    events: int = 0

    @classmethod
    def create(cls, size: int) -> Workspace:
        folder = Path(tempfile.mkdtemp(prefix=f"journeys-bench-{size}-"))
        return cls(size=size, folder=folder, citizens=citizens_for(size))

    @property
    def store(self) -> Path:
        """The SQLite store holding the population."""
        return self.folder / "population.db"

    @property
    def xes(self) -> Path:
        """The population's touchpoints and cases as an XES log."""
        return self.folder / "population.xes"

    @property
    def postgres_schema(self) -> str:
        return f"journeys_bench_{self.size}"

    def fill_sqlite(self) -> None:
        """Simulate the population into the SQLite store (once)."""
        with JourneyApp(sqlite_env(self.store)) as app:
            counts = simulate_into(app, blueprints(), citizens=self.citizens, seed=SEED)
        self.events = counts.events

    def fill_postgres(self) -> None:
        """Simulate the population into a fresh PostgreSQL schema (once)."""
        drop_postgres_schema(self.postgres_schema)
        create_postgres_schema(self.postgres_schema)
        with JourneyApp(postgres_env(self.postgres_schema)) as app:
            simulate_into(app, blueprints(), citizens=self.citizens, seed=SEED)

    def write_xes(self) -> None:
        from journeys.interop import write_xes

        with JourneyApp(sqlite_env(self.store)) as app:
            write_xes(app, self.xes)

    def remove(self, *, postgres: bool) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        if postgres:
            drop_postgres_schema(self.postgres_schema)


def _postgres(statement: str) -> None:
    import psycopg

    with psycopg.connect(
        dbname="test", host="127.0.0.1", user="postgres", autocommit=True
    ) as connection:
        connection.execute(statement)  # type: ignore[arg-type]


def create_postgres_schema(schema: str) -> None:
    _postgres(f'CREATE SCHEMA "{schema}"')


def drop_postgres_schema(schema: str) -> None:
    _postgres(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')

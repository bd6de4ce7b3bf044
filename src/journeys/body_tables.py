"""Where a store keeps its bodies: a table of body definitions beside the events.

The table ``journeys_bodies`` (in SQLite's file, or PostgreSQL's schema) holds
one row per body the store's events name: a key (the body id, or in an encrypted
store a keyed hash of it) and its definition, as bytes that
:mod:`journeys.stored_bodies` encodes (and encrypts, in an encrypted
store). An in-memory store keeps the same rows in memory, beside its recorder.
Rows are only added or, when asked, replaced; two writers adding the same body
at once leave one row, and each reads back which. Like an insert of events, an
addition checks the store's seal record in its transaction, so an app opened
before the store was encrypted cannot add a definition in clear.
"""

from __future__ import annotations

import weakref
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, cast

from journeys.errors import StoreError
from journeys.privacy.seal import seal_changed
from journeys.privacy.seal_tables import (
    SEAL_TABLE,
    MemorySealTable,
    SealRecord,
    SQLiteSealTable,
    record_from_row,
)
from journeys.store_errors import STORE_FAILURES, store_error

if TYPE_CHECKING:
    from eventsourcing.persistence import ApplicationRecorder, InfrastructureFactory
    from eventsourcing.postgres import PostgresDatastore, PostgresFactory
    from eventsourcing.sqlite import SQLiteDatastore, SQLiteFactory

BODY_TABLE = "journeys_bodies"


class BodyTable(ABC):
    """The body rows of one store: ``{row key: definition bytes}``, written by an app
    that found the store sealed as ``seal`` says."""

    seal: SealRecord

    @abstractmethod
    def read(self) -> dict[str, bytes]:
        """Every row."""

    @abstractmethod
    def add(self, rows: Mapping[str, bytes], *, replace: bool) -> dict[str, bytes]:
        """Add ``rows`` in one transaction, keeping a row already stored unless
        ``replace``; returns the rows stored for those ids afterwards."""


_MEMORY: weakref.WeakKeyDictionary[ApplicationRecorder, dict[str, bytes]] = (
    weakref.WeakKeyDictionary()
)


class MemoryBodyTable(BodyTable):
    """The rows of an in-memory store, kept with its recorder."""

    def __init__(self, recorder: ApplicationRecorder, seal: SealRecord) -> None:
        self.rows = _MEMORY.setdefault(recorder, {})
        self.seal = seal
        self._seal_table = MemorySealTable(recorder)

    def read(self) -> dict[str, bytes]:
        return dict(self.rows)

    def add(self, rows: Mapping[str, bytes], *, replace: bool) -> dict[str, bytes]:
        if self._seal_table.read() != self.seal:
            raise seal_changed()
        for body_id, definition in rows.items():
            if replace or body_id not in self.rows:
                self.rows[body_id] = definition
        return {body_id: self.rows[body_id] for body_id in rows}


class SQLiteBodyTable(BodyTable):
    """The rows in the SQLite file, table ``journeys_bodies``."""

    def __init__(self, datastore: SQLiteDatastore, seal: SealRecord) -> None:
        self.datastore = datastore
        self.seal = seal
        with _errors(), self.datastore.transaction(commit=False) as cursor:
            cursor.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (BODY_TABLE,))
            if cursor.fetchone() is not None:
                return  # no write lock needed to open a store made before
        with _errors(), self.datastore.transaction(commit=True) as cursor:
            cursor.execute(
                f"CREATE TABLE IF NOT EXISTS {BODY_TABLE} "
                "(id TEXT PRIMARY KEY, definition BLOB NOT NULL)"
            )

    def read(self) -> dict[str, bytes]:
        with _errors(), self.datastore.transaction(commit=False) as cursor:
            cursor.execute(f"SELECT id, definition FROM {BODY_TABLE}")
            return {row["id"]: bytes(row["definition"]) for row in cursor.fetchall()}

    def add(self, rows: Mapping[str, bytes], *, replace: bool) -> dict[str, bytes]:
        verb = "INSERT OR REPLACE" if replace else "INSERT OR IGNORE"
        with _errors(), self.datastore.transaction(commit=True) as cursor:
            cursor.executemany(
                f"{verb} INTO {BODY_TABLE} (id, definition) VALUES (?, ?)", rows.items()
            )
            # The insert took the write lock, so this reads the latest record.
            if SQLiteSealTable.read_in(cursor) != self.seal:
                raise seal_changed()
            stored: dict[str, bytes] = {}
            for body_id in rows:
                cursor.execute(f"SELECT definition FROM {BODY_TABLE} WHERE id = ?", (body_id,))
                stored[body_id] = bytes(cursor.fetchone()["definition"])
            return stored


class PostgresBodyTable(BodyTable):
    """The rows in the PostgreSQL schema, table ``journeys_bodies``."""

    def __init__(self, datastore: PostgresDatastore, seal: SealRecord) -> None:
        from psycopg.sql import SQL, Identifier

        self.datastore = datastore
        self.seal = seal
        self._table = SQL("{0}.{1}").format(Identifier(datastore.schema), Identifier(BODY_TABLE))
        self._seal_row = SQL(
            "SELECT cipher, citizen_keys, key_check FROM {0}.{1} FOR SHARE"
        ).format(Identifier(datastore.schema), Identifier(SEAL_TABLE))
        try:
            with _errors(), self.datastore.transaction(commit=True) as cursor:
                cursor.execute(
                    SQL(
                        "CREATE TABLE IF NOT EXISTS {0} (id TEXT PRIMARY KEY, definition BYTEA "
                        "NOT NULL)"
                    ).format(self._table)
                )
        except StoreError:
            # Two processes creating the table at once: one of them wins the race.
            self.read()

    def read(self) -> dict[str, bytes]:
        from psycopg.sql import SQL

        with _errors(), self.datastore.transaction(commit=False) as cursor:
            cursor.execute(SQL("SELECT id, definition FROM {0}").format(self._table))
            return {row["id"]: bytes(row["definition"]) for row in cursor.fetchall()}

    def add(self, rows: Mapping[str, bytes], *, replace: bool) -> dict[str, bytes]:
        from psycopg.sql import SQL

        conflict = "UPDATE SET definition = excluded.definition" if replace else "NOTHING"
        with _errors(), self.datastore.transaction(commit=True) as cursor:
            # FOR SHARE: a sealing (which updates the row) waits for this to commit.
            cursor.execute(self._seal_row)
            row = cursor.fetchone()
            if record_from_row(row) != self.seal:
                raise seal_changed()
            cursor.executemany(
                SQL(
                    "INSERT INTO {0} (id, definition) VALUES (%s, %s) ON CONFLICT (id) DO "
                    + conflict
                ).format(self._table),
                list(rows.items()),
            )
            cursor.execute(
                SQL("SELECT id, definition FROM {0} WHERE id = ANY(%s)").format(self._table),
                (list(rows),),
            )
            return {row["id"]: bytes(row["definition"]) for row in cursor.fetchall()}


def body_table(
    factory: InfrastructureFactory, recorder: ApplicationRecorder, seal: SealRecord
) -> BodyTable:
    """The body table of the store of ``factory`` (created if missing), for an app that
    found the store sealed as ``seal`` says."""
    module = type(factory).__module__
    if module == "eventsourcing.sqlite":
        return SQLiteBodyTable(cast("SQLiteFactory", factory).datastore, seal)
    if module == "eventsourcing.postgres":
        return PostgresBodyTable(cast("PostgresFactory", factory).datastore, seal)
    return MemoryBodyTable(recorder, seal)


@contextmanager
def _errors() -> Iterator[None]:
    try:
        yield
    except StoreError:
        raise
    except Exception as error:  # the drivers' own, told apart by type or module
        if isinstance(error, STORE_FAILURES) or type(error).__module__.startswith("psycopg"):
            raise store_error(error, "read or write the store's bodies") from error
        raise

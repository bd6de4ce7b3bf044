"""Where a store's seal record lives: a one-row table beside the events.

The table ``journeys_store`` (in SQLite's file, or PostgreSQL's schema) holds at
most one row: whether the store's events are encrypted with a ``CIPHER_KEY``,
whether they are sealed with citizen keys, and the key check value of the
``CIPHER_KEY``. An in-memory store keeps the same record in memory, beside its
recorder. :mod:`journeys.privacy.seal` decides what the record means.
"""

from __future__ import annotations

import weakref
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, cast

import attrs
from eventsourcing.persistence import PersistenceError

from journeys.errors import StoreError

if TYPE_CHECKING:
    from eventsourcing.persistence import InfrastructureFactory, StoredEvent
    from eventsourcing.postgres import PostgresDatastore, PostgresFactory
    from eventsourcing.sqlite import SQLiteDatastore, SQLiteFactory

SEAL_TABLE = "journeys_store"


@attrs.frozen
class SealRecord:
    """How a store is sealed: ``cipher`` (events encrypted with a ``CIPHER_KEY``,
    whose check value is ``key_check``) and ``citizen_keys``."""

    cipher: bool
    citizen_keys: bool
    key_check: bytes | None = attrs.field(default=None, repr=False)

    @property
    def sealed(self) -> bool:
        """Whether the store's events are protected at all."""
        return self.cipher or self.citizen_keys


class SealTable(ABC):
    """The seal record of one store (absent until a sealed app first opens it)."""

    @abstractmethod
    def read(self) -> SealRecord | None:
        """The record, or ``None`` when the store was never sealed."""

    @abstractmethod
    def write(self, record: SealRecord, *, replacing: SealRecord | None) -> bool:
        """Store ``record`` if the stored one is still ``replacing`` (``None``: no row).

        Returns whether it was stored; when another writer changed the record
        first, nothing is written and the caller reads it again.
        """


_MEMORY: weakref.WeakKeyDictionary[object, SealRecord] = weakref.WeakKeyDictionary()


class MemorySealTable(SealTable):
    """The record of an in-memory store, kept with its recorder."""

    def __init__(self, recorder: object) -> None:
        self.recorder = recorder

    def read(self) -> SealRecord | None:
        return _MEMORY.get(self.recorder)

    def write(self, record: SealRecord, *, replacing: SealRecord | None) -> bool:
        if _MEMORY.get(self.recorder) != replacing:
            return False
        _MEMORY[self.recorder] = record
        return True


class SQLiteSealTable(SealTable):
    """The record in the SQLite file, table ``journeys_store``."""

    def __init__(self, datastore: SQLiteDatastore) -> None:
        self.datastore = datastore
        with _errors(), self.datastore.transaction(commit=True) as cursor:
            cursor.execute(
                f"CREATE TABLE IF NOT EXISTS {SEAL_TABLE} (id INTEGER PRIMARY KEY CHECK (id = 1), "
                "cipher INTEGER NOT NULL, citizen_keys INTEGER NOT NULL, key_check BLOB)"
            )

    def read(self) -> SealRecord | None:
        with _errors(), self.datastore.transaction(commit=False) as cursor:
            return self.read_in(cursor)

    @staticmethod
    def read_in(cursor: Any) -> SealRecord | None:
        """The record, read with ``cursor`` (in its transaction)."""
        cursor.execute(f"SELECT cipher, citizen_keys, key_check FROM {SEAL_TABLE}")
        return _record(cursor.fetchone())

    def write(self, record: SealRecord, *, replacing: SealRecord | None) -> bool:
        with _errors(), self.datastore.transaction(commit=True) as cursor:
            cursor.execute(f"SELECT cipher, citizen_keys, key_check FROM {SEAL_TABLE}")
            if _record(cursor.fetchone()) != replacing:
                return False
            cursor.execute(
                f"INSERT OR REPLACE INTO {SEAL_TABLE} (id, cipher, citizen_keys, key_check) "
                "VALUES (1, ?, ?, ?)",
                (int(record.cipher), int(record.citizen_keys), record.key_check),
            )
            return True


class PostgresSealTable(SealTable):
    """The record in the PostgreSQL schema, table ``journeys_store``."""

    def __init__(self, datastore: PostgresDatastore) -> None:
        from psycopg.sql import SQL, Identifier

        self.datastore = datastore
        self._table = SQL("{0}.{1}").format(Identifier(datastore.schema), Identifier(SEAL_TABLE))
        self._select = SQL("SELECT cipher, citizen_keys, key_check FROM {0}").format(self._table)
        try:
            with _errors(), self.datastore.transaction(commit=True) as cursor:
                cursor.execute(
                    SQL(
                        "CREATE TABLE IF NOT EXISTS {0} (id INTEGER PRIMARY KEY CHECK (id = 1), "
                        "cipher BOOLEAN NOT NULL, citizen_keys BOOLEAN NOT NULL, key_check BYTEA)"
                    ).format(self._table)
                )
        except StoreError:
            # Two processes creating the table at once: one of them wins the race.
            self.read()

    def read(self) -> SealRecord | None:
        with _errors(), self.datastore.transaction(commit=False) as cursor:
            cursor.execute(self._select)
            return _record(cursor.fetchone())

    def write(self, record: SealRecord, *, replacing: SealRecord | None) -> bool:
        from psycopg.sql import SQL

        with _errors(), self.datastore.transaction(commit=True) as cursor:
            # The row lock (or, with no row yet, the primary key) serialises two writers.
            cursor.execute(self._select + SQL(" FOR UPDATE"))
            if _record(cursor.fetchone()) != replacing:
                return False
            cursor.execute(
                SQL(
                    "INSERT INTO {0} (id, cipher, citizen_keys, key_check) VALUES (1, %s, %s, %s) "
                    "ON CONFLICT (id) DO UPDATE SET cipher = excluded.cipher, "
                    "citizen_keys = excluded.citizen_keys, key_check = excluded.key_check"
                ).format(self._table),
                (record.cipher, record.citizen_keys, record.key_check),
            )
            return True


def guard_postgres_inserts(
    table: PostgresSealTable, recorder: Any, expected: SealRecord | None, changed: Exception
) -> None:
    """Make ``recorder`` (eventsourcing's PostgreSQL application recorder, saving through
    its insert function) check the record in each insert's transaction.

    The transaction takes ``SHARE`` mode on ``journeys_store``, so that a sealing (an
    insert or update there) waits for it to end and cannot commit between the read
    and the insert; concurrent inserts do not wait for each other. When the record
    is not ``expected``, ``changed`` is raised and nothing is inserted. Without the
    insert function (``POSTGRES_ENABLE_DB_FUNCTIONS=n``) the recorder is left as it is.
    """
    datastore = table.datastore
    if not datastore.enable_db_functions:
        return
    from eventsourcing.persistence import InterfaceError, OperationalError
    from eventsourcing.utils import retry
    from psycopg.sql import SQL

    lock = SQL("LOCK TABLE {0} IN SHARE MODE").format(table._table)

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def insert_events(stored_events: Sequence[StoredEvent], **_: Any) -> Sequence[int]:
        rows = [
            recorder.construct_pg_stored_event(
                originator_id=e.originator_id,
                originator_version=e.originator_version,
                topic=e.topic,
                state=e.state,
            )
            for e in stored_events
        ]
        with datastore.get_connection() as conn, conn.transaction(), conn.cursor() as curs:
            curs.execute(lock)
            curs.execute(table._select)
            if _record(curs.fetchone()) != expected:
                raise changed
            curs.execute(recorder.sql_invoke_pg_function_insert_events, (rows,), prepare=True)
            name = recorder.pg_function_name_insert_events
            return [row[name] for row in curs.fetchall()]

    setattr(recorder, "insert_events", insert_events)  # noqa: B010 (an instance's method)


def seal_table(factory: InfrastructureFactory, recorder: object) -> SealTable:
    """The seal table of the store of ``factory`` (created if missing)."""
    module = type(factory).__module__
    if module == "eventsourcing.sqlite":
        return SQLiteSealTable(cast("SQLiteFactory", factory).datastore)
    if module == "eventsourcing.postgres":
        return PostgresSealTable(cast("PostgresFactory", factory).datastore)
    return MemorySealTable(recorder)


def _record(row: Any) -> SealRecord | None:
    if row is None:
        return None
    check = row["key_check"]
    return SealRecord(
        cipher=bool(row["cipher"]),
        citizen_keys=bool(row["citizen_keys"]),
        key_check=bytes(check) if check is not None else None,
    )


@contextmanager
def _errors() -> Iterator[None]:
    try:
        yield
    except PersistenceError as error:
        raise StoreError(f"cannot read or write the store's seal record: {error}") from error
    except Exception as error:
        if type(error).__module__.startswith("psycopg"):
            raise StoreError(f"cannot read or write the store's seal record: {error}") from error
        raise

"""Where a store's seal record lives: a one-row table beside the events.

The table ``journeys_store`` (in SQLite's file, or PostgreSQL's schema) holds
one row, written by the first app that opens the store: whether the store's
events are encrypted with a ``CIPHER_KEY``, whether they are sealed with citizen
keys, and the key check value of the ``CIPHER_KEY``. An in-memory store keeps
the same record in memory, beside its recorder. :mod:`journeys.privacy.seal`
decides what the record means.
"""

from __future__ import annotations

import weakref
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, cast

import attrs
from eventsourcing.persistence import PersistenceError

from journeys.errors import StoreError

if TYPE_CHECKING:
    from eventsourcing.persistence import ApplicationRecorder, InfrastructureFactory, StoredEvent
    from eventsourcing.postgres import (
        PostgresApplicationRecorder,
        PostgresDatastore,
        PostgresFactory,
    )
    from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteDatastore, SQLiteFactory

SEAL_TABLE = "journeys_store"


@attrs.frozen
class SealRecord:
    """How a store is sealed: ``cipher`` (events encrypted with a ``CIPHER_KEY``,
    whose check value is ``key_check``) and ``citizen_keys``."""

    cipher: bool
    citizen_keys: bool
    key_check: bytes | None = attrs.field(default=None, repr=False)


class SealTable(ABC):
    """The seal record of one store (absent until an app of this version opens it)."""

    @abstractmethod
    def read(self) -> SealRecord | None:
        """The record, or ``None`` when there is none yet."""

    @abstractmethod
    def write(
        self, record: SealRecord, *, replacing: SealRecord | None, unless_events: str | None = None
    ) -> bool:
        """Store ``record`` if the stored one is still ``replacing`` (``None``: no row).

        Returns whether it was stored; when another writer changed the record
        first, nothing is written and the caller reads it again. With
        ``unless_events``, a store that holds events is refused with a
        :class:`~journeys.errors.StoreError` of that message (checked in the same
        transaction, after the record is locked).
        """


_MEMORY: weakref.WeakKeyDictionary[ApplicationRecorder, SealRecord] = weakref.WeakKeyDictionary()


class MemorySealTable(SealTable):
    """The record of an in-memory store, kept with its recorder."""

    def __init__(self, recorder: ApplicationRecorder) -> None:
        self.recorder = recorder

    def read(self) -> SealRecord | None:
        return _MEMORY.get(self.recorder)

    def write(
        self, record: SealRecord, *, replacing: SealRecord | None, unless_events: str | None = None
    ) -> bool:
        if _MEMORY.get(self.recorder) != replacing:
            return False
        if unless_events and self.recorder.max_notification_id():
            raise StoreError(unless_events)
        _MEMORY[self.recorder] = record
        return True


class SQLiteSealTable(SealTable):
    """The record in the SQLite file, table ``journeys_store``."""

    def __init__(self, datastore: SQLiteDatastore, events_table: str) -> None:
        self.datastore = datastore
        self.events_table = events_table
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
        return record_from_row(cursor.fetchone())

    def write(
        self, record: SealRecord, *, replacing: SealRecord | None, unless_events: str | None = None
    ) -> bool:
        values = (int(record.cipher), int(record.citizen_keys), record.key_check)
        with _errors(), self.datastore.transaction(commit=True) as cursor:
            # The write comes first: it takes the write lock (waiting for other writers),
            # so what it compares is the latest record; a read first could be stale.
            if replacing is None:
                cursor.execute(
                    f"INSERT OR IGNORE INTO {SEAL_TABLE} (id, cipher, citizen_keys, key_check) "
                    "VALUES (1, ?, ?, ?)",
                    values,
                )
            else:
                cursor.execute(
                    f"UPDATE {SEAL_TABLE} SET cipher = ?, citizen_keys = ?, key_check = ? "
                    "WHERE id = 1 AND cipher = ? AND citizen_keys = ? AND key_check IS ?",
                    (
                        *values,
                        int(replacing.cipher),
                        int(replacing.citizen_keys),
                        replacing.key_check,
                    ),
                )
            cursor.execute("SELECT changes() AS changed")
            if cursor.fetchone()["changed"] != 1:
                return False
            if unless_events:
                cursor.execute(f"SELECT 1 FROM {self.events_table} LIMIT 1")
                if cursor.fetchone() is not None:
                    raise StoreError(unless_events)
            return True


class PostgresSealTable(SealTable):
    """The record in the PostgreSQL schema, table ``journeys_store``."""

    def __init__(self, datastore: PostgresDatastore, events_table: str) -> None:
        from psycopg.sql import SQL, Identifier

        self.datastore = datastore
        self._table = SQL("{0}.{1}").format(Identifier(datastore.schema), Identifier(SEAL_TABLE))
        self._any_event = SQL("SELECT 1 FROM {0}.{1} LIMIT 1").format(
            Identifier(datastore.schema), Identifier(events_table)
        )
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
            return record_from_row(cursor.fetchone())

    def write(
        self, record: SealRecord, *, replacing: SealRecord | None, unless_events: str | None = None
    ) -> bool:
        from psycopg.sql import SQL

        with _errors(), self.datastore.transaction(commit=True) as cursor:
            # The row lock (or, with no row yet, the primary key) serialises two writers,
            # and waits for every insert that checked the row (FOR SHARE) to commit.
            cursor.execute(self._select + SQL(" FOR UPDATE"))
            if record_from_row(cursor.fetchone()) != replacing:
                return False
            if unless_events:
                cursor.execute(self._any_event)
                if cursor.fetchone() is not None:
                    raise StoreError(unless_events)
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
    table: PostgresSealTable,
    recorder: Any,
    expected: SealRecord,
    changed: Callable[[], Exception],
) -> None:
    """Make ``recorder`` (eventsourcing's PostgreSQL application recorder, saving through
    its insert function) check the record in the statement that inserts the events.

    The statement calls the insert function only for a record row that still is
    ``expected``, which it locks ``FOR SHARE``: a sealing (which updates the row)
    waits for the insert to commit, and an insert waiting for a sealing finds the
    changed row and inserts nothing; inserts do not wait for each other. Then what
    ``changed()`` returns is raised. Without the insert function
    (``POSTGRES_ENABLE_DB_FUNCTIONS=n``) the recorder is left as it is.
    """
    datastore = table.datastore
    if not datastore.enable_db_functions:
        return
    from eventsourcing.persistence import InterfaceError, OperationalError
    from eventsourcing.utils import retry
    from psycopg.sql import SQL, Identifier

    statement = SQL(
        "SELECT {schema}.{function}((%s)) AS notification_id FROM ("
        "SELECT 1 FROM {table} WHERE id = 1 AND cipher = %s AND citizen_keys = %s "
        "AND key_check IS NOT DISTINCT FROM %s::bytea FOR SHARE) AS seal"
    ).format(
        schema=Identifier(datastore.schema),
        function=Identifier(recorder.pg_function_name_insert_events),
        table=table._table,
    )
    seal = (expected.cipher, expected.citizen_keys, expected.key_check)

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
        with datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(statement, (rows, *seal), prepare=True)
            ids = [row["notification_id"] for row in curs.fetchall()]
        if stored_events and not ids:
            raise changed()
        return ids

    setattr(recorder, "insert_events", insert_events)  # noqa: B010 (an instance's method)


def seal_table(factory: InfrastructureFactory, recorder: ApplicationRecorder) -> SealTable:
    """The seal table of the store of ``factory`` (created if missing)."""
    module = type(factory).__module__
    if module == "eventsourcing.sqlite":
        events = cast("SQLiteApplicationRecorder", recorder).events_table_name
        return SQLiteSealTable(cast("SQLiteFactory", factory).datastore, events)
    if module == "eventsourcing.postgres":
        events = cast("PostgresApplicationRecorder", recorder).events_table_name
        return PostgresSealTable(cast("PostgresFactory", factory).datastore, events)
    return MemorySealTable(recorder)


def record_from_row(row: Any) -> SealRecord | None:
    """The record in a row of the table (``None`` for no row)."""
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

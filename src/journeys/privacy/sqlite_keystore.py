"""The SQLite key store: two tables in the same file as the events.

Deleting a key must remove its bytes from the disk, not only from the table:
every write runs with ``PRAGMA secure_delete`` (SQLite then overwrites deleted
content with zeros), and an erasure checkpoints the write-ahead log, whose older
frames would otherwise still hold the page with the key. The same goes for the
life id an erasure moves the citizen's life rows away from (:attr:`events_table`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING
from uuid import UUID, uuid4

from eventsourcing.persistence import PersistenceError
from eventsourcing.sqlite import SQLiteCursor, SQLiteDatastore

from journeys.errors import StoreError
from journeys.privacy.citizen_keys import CitizenKey, unwrap, wrap
from journeys.privacy.keystore import CHUNK, ERASURES_TABLE, KEYS_TABLE, LINKS_TABLE, KeyStore

if TYPE_CHECKING:
    from eventsourcing.persistence import Cipher


class SQLiteKeyStore(KeyStore):
    """Keeps keys and links in tables ``journeys_citizen_keys`` and ``journeys_citizen_links``."""

    def __init__(self, datastore: SQLiteDatastore, master: Cipher | None) -> None:
        super().__init__(master)
        self.datastore = datastore
        self.events_table: str | None = None
        """The app's events table, in the same file: when set, an erasure moves the
        life's rows in it to a random id (:meth:`erase`)."""
        with self._writing() as cursor:
            cursor.execute(
                f"CREATE TABLE IF NOT EXISTS {KEYS_TABLE} "
                "(subject TEXT PRIMARY KEY, secret BLOB NOT NULL)"
            )
            cursor.execute(
                f"CREATE TABLE IF NOT EXISTS {LINKS_TABLE} "
                "(aggregate_id TEXT PRIMARY KEY, subject TEXT NOT NULL)"
            )
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {LINKS_TABLE}_subject ON {LINKS_TABLE} (subject)"
            )
            cursor.execute(
                f"CREATE TABLE IF NOT EXISTS {ERASURES_TABLE} "
                "(id INTEGER PRIMARY KEY CHECK (id = 1), erasures INTEGER NOT NULL)"
            )

    @staticmethod
    def present(datastore: SQLiteDatastore) -> bool:
        """Whether the database already has a key store."""
        with datastore.transaction(commit=False) as cursor:
            cursor.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (KEYS_TABLE,)
            )
            return cursor.fetchone() is not None

    def links(self, aggregates: Collection[UUID]) -> dict[UUID, UUID]:
        found: dict[UUID, UUID] = {}
        with self._reading() as cursor:
            for chunk in _chunks(aggregates):
                cursor.execute(
                    f"SELECT aggregate_id, subject FROM {LINKS_TABLE} "
                    f"WHERE aggregate_id IN ({_marks(chunk)})",
                    chunk,
                )
                found.update(
                    (UUID(row["aggregate_id"]), UUID(row["subject"])) for row in cursor.fetchall()
                )
        return found

    def link(self, subjects: Mapping[UUID, UUID]) -> None:
        new_keys = [
            (subject.hex, wrap(CitizenKey.generate().secret, self.master))
            for subject in set(subjects.values())
        ]
        with self._writing() as cursor:
            # A key another writer made first is kept: both then read the same one.
            cursor.executemany(
                f"INSERT INTO {KEYS_TABLE} (subject, secret) VALUES (?, ?) "
                "ON CONFLICT (subject) DO NOTHING",
                new_keys,
            )
            cursor.executemany(
                f"INSERT INTO {LINKS_TABLE} (aggregate_id, subject) VALUES (?, ?) "
                "ON CONFLICT (aggregate_id) DO UPDATE SET subject = excluded.subject",
                [(aggregate.hex, subject.hex) for aggregate, subject in subjects.items()],
            )

    def keys(self, aggregates: Collection[UUID]) -> dict[UUID, CitizenKey]:
        stored: dict[UUID, bytes] = {}
        with self._reading() as cursor:
            for chunk in _chunks(aggregates):
                cursor.execute(
                    f"SELECT l.aggregate_id, k.secret FROM {LINKS_TABLE} AS l "
                    f"JOIN {KEYS_TABLE} AS k ON k.subject = l.subject "
                    f"WHERE l.aggregate_id IN ({_marks(chunk)})",
                    chunk,
                )
                stored.update(
                    (UUID(row["aggregate_id"]), row["secret"]) for row in cursor.fetchall()
                )
        return {aggregate: unwrap(secret, self.master) for aggregate, secret in stored.items()}

    def erase(self, subject: UUID) -> list[UUID]:
        """As :meth:`KeyStore.erase`; and, in the same transaction, move the stored
        events of the life ``subject`` in :attr:`events_table` to a random id (see
        :meth:`journeys.privacy.linking.CitizenLinks.erase`)."""
        with self._writing() as cursor:
            cursor.execute(
                f"SELECT aggregate_id FROM {LINKS_TABLE} WHERE subject = ?", (subject.hex,)
            )
            unlinked = [UUID(row["aggregate_id"]) for row in cursor.fetchall()]
            cursor.execute(f"DELETE FROM {LINKS_TABLE} WHERE subject = ?", (subject.hex,))
            cursor.execute(f"DELETE FROM {KEYS_TABLE} WHERE subject = ?", (subject.hex,))
            if unlinked or cursor.sqlite_cursor.rowcount > 0:
                cursor.execute(
                    f"INSERT INTO {ERASURES_TABLE} (id, erasures) VALUES (1, 1) "
                    "ON CONFLICT (id) DO UPDATE SET erasures = erasures + 1"
                )
            if self.events_table is not None:
                # Positions (rowids) stay; secure_delete zeroes the old id's bytes.
                cursor.execute(
                    f"UPDATE {self.events_table} SET originator_id = ? WHERE originator_id = ?",
                    (uuid4().hex, subject.hex),
                )
        self._checkpoint()
        return unlinked

    def erasures(self) -> int:
        with self._reading() as cursor:
            cursor.execute(f"SELECT erasures FROM {ERASURES_TABLE} WHERE id = 1")
            row = cursor.fetchone()
        return int(row["erasures"]) if row else 0

    # --- connections ----------------------------------------------------------------------

    @contextmanager
    def _writing(self) -> Iterator[SQLiteCursor]:
        try:
            with self.datastore.transaction(commit=True) as cursor:
                # Per connection, and cheap: zero what this transaction deletes or moves.
                cursor.execute("PRAGMA secure_delete = ON")
                yield cursor
        except PersistenceError as error:
            raise StoreError(f"cannot write the key store: {error}") from error

    @contextmanager
    def _reading(self) -> Iterator[SQLiteCursor]:
        try:
            with self.datastore.transaction(commit=False) as cursor:
                yield cursor
        except PersistenceError as error:
            raise StoreError(f"cannot read the key store: {error}") from error

    def _checkpoint(self) -> None:
        # Copy the zeroed pages into the database file and empty the log. A reader
        # in another process can hold older frames back; they are overwritten at
        # the next checkpoint (see the Data protection page).
        with (
            self.datastore.get_connection(commit=True) as connection,
            connection.cursor() as cursor,
        ):
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _chunks(aggregates: Collection[UUID]) -> Iterator[list[str]]:
    ids = [aggregate.hex for aggregate in aggregates]
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _marks(chunk: list[str]) -> str:
    return ", ".join("?" for _ in chunk)

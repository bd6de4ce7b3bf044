"""The PostgreSQL key store: two tables in the same schema as the events.

PostgreSQL keeps a deleted row's bytes until VACUUM reuses its space, and its
write-ahead log, replicas and backups keep them longer: the Data protection
page says what the operator must do so that an erased key is gone for good
(and why a store with a ``CIPHER_KEY`` keeps its citizen keys encrypted).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any
from uuid import UUID, uuid4

import psycopg
from eventsourcing.persistence import PersistenceError
from eventsourcing.postgres import PostgresDatastore
from psycopg.sql import SQL, Composed, Identifier

from journeys.errors import StoreError
from journeys.privacy.citizen_keys import CitizenKey, unwrap, wrap
from journeys.privacy.keystore import CHUNK, ERASURES_TABLE, KEYS_TABLE, LINKS_TABLE, KeyStore

if TYPE_CHECKING:
    from eventsourcing.persistence import Cipher


class PostgresKeyStore(KeyStore):
    """Keeps keys and links in tables ``journeys_citizen_keys`` and ``journeys_citizen_links``."""

    def __init__(self, datastore: PostgresDatastore, master: Cipher | None) -> None:
        super().__init__(master)
        self.datastore = datastore
        self.events_table: str | None = None
        """The app's events table, in the same schema: when set, an erasure moves the
        life's rows in it to a random id (:meth:`erase`)."""
        if not self._complete(datastore):
            self._create_tables()

    @staticmethod
    def present(datastore: PostgresDatastore, table: str = KEYS_TABLE) -> bool:
        """Whether the schema already has a key store (or its ``table``)."""
        with _errors("read"), datastore.transaction(commit=False) as cursor:
            cursor.execute(
                "SELECT to_regclass(%s) IS NOT NULL AS present",
                (f'"{datastore.schema}"."{table}"',),
            )
            row = cursor.fetchone()
            return bool(row and row["present"])

    @classmethod
    def _complete(cls, datastore: PostgresDatastore) -> bool:
        """Whether every table is there (a store made by an older version lacks one)."""
        return cls.present(datastore) and cls.present(datastore, ERASURES_TABLE)

    def _create_tables(self) -> None:
        try:
            with _errors("create"), self.datastore.transaction(commit=True) as cursor:
                cursor.execute(
                    SQL(
                        "CREATE TABLE IF NOT EXISTS {0} "
                        "(subject UUID PRIMARY KEY, secret BYTEA NOT NULL)"
                    ).format(self._table(KEYS_TABLE))
                )
                cursor.execute(
                    SQL(
                        "CREATE TABLE IF NOT EXISTS {0} "
                        "(aggregate_id UUID PRIMARY KEY, subject UUID NOT NULL)"
                    ).format(self._table(LINKS_TABLE))
                )
                cursor.execute(
                    SQL("CREATE INDEX IF NOT EXISTS {0} ON {1} (subject)").format(
                        Identifier(f"{LINKS_TABLE}_subject"), self._table(LINKS_TABLE)
                    )
                )
                cursor.execute(
                    SQL(
                        "CREATE TABLE IF NOT EXISTS {0} "
                        "(id INTEGER PRIMARY KEY CHECK (id = 1), erasures BIGINT NOT NULL)"
                    ).format(self._table(ERASURES_TABLE))
                )
        except StoreError:
            # Two processes creating the tables at once: one of them wins the race.
            if not self._complete(self.datastore):
                raise

    def links(self, aggregates: Collection[UUID]) -> dict[UUID, UUID]:
        query = SQL("SELECT aggregate_id, subject FROM {0} WHERE aggregate_id = ANY(%s)").format(
            self._table(LINKS_TABLE)
        )
        return self._by_aggregate(query, aggregates, "subject")

    def link(self, subjects: Mapping[UUID, UUID]) -> None:
        new_keys = [
            (subject, wrap(CitizenKey.generate().secret, self.master))
            for subject in set(subjects.values())
        ]
        with _errors("write"), self.datastore.transaction(commit=True) as cursor:
            # A key another writer made first is kept: both then read the same one.
            cursor.executemany(
                SQL(
                    "INSERT INTO {0} (subject, secret) VALUES (%s, %s) "
                    "ON CONFLICT (subject) DO NOTHING"
                ).format(self._table(KEYS_TABLE)),
                new_keys,
            )
            cursor.executemany(
                SQL(
                    "INSERT INTO {0} (aggregate_id, subject) VALUES (%s, %s) "
                    "ON CONFLICT (aggregate_id) DO UPDATE SET subject = excluded.subject"
                ).format(self._table(LINKS_TABLE)),
                list(subjects.items()),
            )

    def keys(self, aggregates: Collection[UUID]) -> dict[UUID, CitizenKey]:
        query = SQL(
            "SELECT l.aggregate_id, k.secret FROM {0} AS l "
            "JOIN {1} AS k ON k.subject = l.subject WHERE l.aggregate_id = ANY(%s)"
        ).format(self._table(LINKS_TABLE), self._table(KEYS_TABLE))
        stored = self._by_aggregate(query, aggregates, "secret")
        return {aggregate: unwrap(secret, self.master) for aggregate, secret in stored.items()}

    def erase(self, subject: UUID) -> list[UUID]:
        """As :meth:`KeyStore.erase`; and, in the same transaction, move the stored
        events of the life ``subject`` in :attr:`events_table` to a random id (see
        :meth:`journeys.privacy.linking.CitizenLinks.erase`)."""
        with _errors("write"), self.datastore.transaction(commit=True) as cursor:
            cursor.execute(
                SQL("DELETE FROM {0} WHERE subject = %s RETURNING aggregate_id").format(
                    self._table(LINKS_TABLE)
                ),
                (subject,),
            )
            unlinked = [row["aggregate_id"] for row in cursor.fetchall()]
            cursor.execute(
                SQL("DELETE FROM {0} WHERE subject = %s").format(self._table(KEYS_TABLE)),
                (subject,),
            )
            if unlinked or cursor.rowcount:
                cursor.execute(
                    SQL(
                        "INSERT INTO {0} AS e (id, erasures) VALUES (1, 1) "
                        "ON CONFLICT (id) DO UPDATE SET erasures = e.erasures + 1"
                    ).format(self._table(ERASURES_TABLE))
                )
            if self.events_table is not None:
                # Positions (notification ids) stay; the old row versions stay in the
                # table's file until VACUUM, as deleted keys do.
                ids: tuple[Any, Any] = (uuid4(), subject)
                if self.datastore.originator_id_type == "text":
                    ids = (str(ids[0]), str(subject))
                cursor.execute(
                    SQL("UPDATE {0} SET originator_id = %s WHERE originator_id = %s").format(
                        self._table(self.events_table)
                    ),
                    ids,
                )
        return unlinked

    def erasures(self) -> int:
        with _errors("read"), self.datastore.transaction(commit=False) as cursor:
            cursor.execute(
                SQL("SELECT erasures FROM {0} WHERE id = 1").format(self._table(ERASURES_TABLE))
            )
            row = cursor.fetchone()
        return int(row["erasures"]) if row else 0

    def _by_aggregate(
        self, query: Composed, aggregates: Collection[UUID], column: str
    ) -> dict[UUID, Any]:
        """``column`` by ``aggregate_id`` of the rows ``query`` selects for ``aggregates``,
        asked a chunk of ids at a time."""
        found: dict[UUID, Any] = {}
        with _errors("read"), self.datastore.transaction(commit=False) as cursor:
            for chunk in _chunks(aggregates):
                cursor.execute(query, (chunk,))
                found.update((row["aggregate_id"], row[column]) for row in cursor.fetchall())
        return found

    def _table(self, name: str) -> Composed:
        return SQL("{0}.{1}").format(Identifier(self.datastore.schema), Identifier(name))


@contextmanager
def _errors(action: str) -> Iterator[None]:
    try:
        yield
    except (psycopg.Error, PersistenceError) as error:
        raise StoreError(f"cannot {action} the key store: {error}") from error


def _chunks(aggregates: Collection[UUID]) -> Iterator[list[Any]]:
    ids = list(aggregates)
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]

"""The key store: citizen keys, and which citizen each journey and life belongs to.

It lives in the same database as the events (the in-memory store keeps it in
memory) and holds two tables:

- **keys**: a citizen's *subject* (the id of their :class:`~journeys.life.Life`,
  a UUID derived from the pseudonymous reference, so the reference itself is not
  stored here) → their key, encrypted with ``CIPHER_KEY`` when the store has one;
- **links**: an aggregate id (a journey, or the life itself) → its subject;

and a one-row table counting the erasures, so that a tracked projection built
before the last of them knows it must be rebuilt.

Erasing a citizen deletes their key and every link to it, moves their life's
event rows from the derived life id to a random one (SQLite and PostgreSQL; the
in-memory store leaves them), and counts the erasure, in one transaction.
Afterwards nothing in the store links their journeys to them or to each other,
no id in it can be computed from their reference, and their sealed events
cannot be opened.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, cast
from uuid import UUID

from journeys.privacy.citizen_keys import CitizenKey

if TYPE_CHECKING:
    from eventsourcing.persistence import Cipher, InfrastructureFactory
    from eventsourcing.postgres import PostgresFactory
    from eventsourcing.sqlite import SQLiteFactory

KEYS_TABLE = "journeys_citizen_keys"
LINKS_TABLE = "journeys_citizen_links"
ERASURES_TABLE = "journeys_citizen_erasures"
# SQLite allows 32766 bound parameters; stay well under it.
CHUNK = 500


class KeyStore(ABC):
    """Citizen keys and links, kept beside the events.

    ``master`` is the store's ``CIPHER_KEY`` cipher, if it has one: keys are kept
    encrypted with it.
    """

    def __init__(self, master: Cipher | None) -> None:
        self.master = master

    @abstractmethod
    def links(self, aggregates: Collection[UUID]) -> dict[UUID, UUID]:
        """The subject of each of ``aggregates`` that is linked to one."""

    @abstractmethod
    def link(self, subjects: Mapping[UUID, UUID]) -> None:
        """Link each aggregate id to its subject, creating the key of any subject
        that has none, in one transaction."""

    @abstractmethod
    def keys(self, aggregates: Collection[UUID]) -> dict[UUID, CitizenKey]:
        """The key of each of ``aggregates`` that is linked to a subject with a key."""

    @abstractmethod
    def erase(self, subject: UUID) -> list[UUID]:
        """Delete ``subject``'s key and every link to it, and count the erasure if it
        deleted anything, in one transaction.

        Returns the aggregates that were linked to it (empty if none).
        """

    @abstractmethod
    def erasures(self) -> int:
        """How many erasures deleted something from this store (its erasure generation)."""


def keystore_present(factory: InfrastructureFactory) -> bool:
    """Whether the database of ``factory`` already has a key store."""
    backend = _backend(factory)
    if backend == "sqlite":
        from journeys.privacy.sqlite_keystore import SQLiteKeyStore

        return SQLiteKeyStore.present(cast("SQLiteFactory", factory).datastore)
    if backend == "postgres":
        from journeys.privacy.postgres_keystore import PostgresKeyStore

        return PostgresKeyStore.present(cast("PostgresFactory", factory).datastore)
    return False


def keystore_for(factory: InfrastructureFactory, master: Cipher | None) -> KeyStore:
    """The key store in the database of ``factory`` (its tables are created if missing)."""
    backend = _backend(factory)
    if backend == "sqlite":
        from journeys.privacy.sqlite_keystore import SQLiteKeyStore

        return SQLiteKeyStore(cast("SQLiteFactory", factory).datastore, master)
    if backend == "postgres":
        from journeys.privacy.postgres_keystore import PostgresKeyStore

        return PostgresKeyStore(cast("PostgresFactory", factory).datastore, master)
    from journeys.privacy.memory_keystore import MemoryKeyStore

    return MemoryKeyStore(master)


def _backend(factory: InfrastructureFactory) -> str:
    # By module name: importing eventsourcing.postgres needs psycopg, which an
    # SQLite user need not install.
    module = type(factory).__module__
    return {"eventsourcing.sqlite": "sqlite", "eventsourcing.postgres": "postgres"}.get(
        module, "memory"
    )

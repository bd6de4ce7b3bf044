"""A sealed store knows it is sealed: the seal record, checked when opening and writing.

Every store records in itself (:mod:`journeys.privacy.seal_tables`) whether its
events are encrypted (``CIPHER_KEY``) and whether they are sealed with citizen
keys, with a key check value of the ``CIPHER_KEY``: an HMAC-SHA256, under the
key, of a fixed text. It tells a wrong key from the right one without revealing
either.

:meth:`StoreSeal.open` compares an app's settings with the record before the app
writes anything, and refuses (:class:`~journeys.errors.StoreError`) an app
without the store's ``CIPHER_KEY``, with another key, or with a key for a store
that holds events in clear. An app without citizen keys on a store that has
them takes them on, as before. A store made before this record existed is
probed once: its first event tells whether it is encrypted, and with this key.

An app opened before another app sealed the store finds out when it saves: the
record is checked in the transaction that inserts the events (on SQLite after
the insert, holding the write lock; on PostgreSQL in the insert's statement,
which locks the record row ``FOR SHARE``), and a changed record refuses the
insert. PostgreSQL without its insert function (``POSTGRES_ENABLE_DB_FUNCTIONS=n``)
reads it just before each save instead (:meth:`StoreSeal.check`).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from uuid import UUID

from journeys.errors import StoreError
from journeys.privacy.citizen_keys import is_sealed
from journeys.privacy.seal_tables import (
    PostgresSealTable,
    SealRecord,
    SealTable,
    SQLiteSealTable,
    guard_postgres_inserts,
    seal_table,
)

if TYPE_CHECKING:
    from eventsourcing.persistence import (
        ApplicationRecorder,
        Cipher,
        InfrastructureFactory,
        Mapper,
        StoredEvent,
    )

__all__ = ["SealRecord", "StoreSeal", "key_check", "seal_changed"]

_CHECK_TEXT = b"journeys store key check v1"
_ATTEMPTS = 5


def key_check(cipher_key: str) -> bytes:
    """The key check value of ``cipher_key``: HMAC-SHA256 of a fixed text under it."""
    return hmac.new(cipher_key.encode("utf-8"), _CHECK_TEXT, hashlib.sha256).digest()


class StoreSeal:
    """The seal record of one app's store, as the app found (or made) it when it opened."""

    def __init__(self, table: SealTable, record: SealRecord) -> None:
        self.table = table
        self.record = record
        """The record as this app knows it."""

    def guard(self, recorder: ApplicationRecorder) -> StoreSeal:
        """Make ``recorder`` read the record in each insert's transaction and refuse
        the insert when it changed (SQLite: after the insert, holding the write lock,
        which rolls it back; PostgreSQL: in the insert's statement, see
        :func:`~journeys.privacy.seal_tables.guard_postgres_inserts`); returns this seal."""
        if isinstance(self.table, PostgresSealTable):
            guard_postgres_inserts(self.table, recorder, self.record, seal_changed)
            return self
        if not isinstance(self.table, SQLiteSealTable):
            return self
        insert = recorder._insert_events  # type: ignore[attr-defined]

        def guarded(cursor: Any, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Any:
            # Insert first: it takes the write lock (waiting for other writers), after
            # which the read sees the latest record; a changed one rolls the insert back.
            inserted = insert(cursor, stored_events, **kwargs)
            if SQLiteSealTable.read_in(cursor) != self.record:
                raise seal_changed()
            return inserted

        setattr(recorder, "_insert_events", guarded)  # noqa: B010 (an instance's method)
        return self

    @property
    def citizen_keys(self) -> bool:
        """Whether the store seals events with citizen keys."""
        return self.record.citizen_keys

    @classmethod
    def open(
        cls,
        factory: InfrastructureFactory,
        recorder: ApplicationRecorder,
        mapper: Mapper[UUID],
        *,
        cipher_key: str | None,
        citizen_keys: bool,
    ) -> StoreSeal:
        """The seal of the store of ``factory``, checked against an app's settings.

        ``cipher_key`` is the app's ``CIPHER_KEY`` (``None`` without one), and
        ``citizen_keys`` whether it uses citizen keys. The first app on a store
        writes the record; an app with citizen keys on a store without them adds
        them, and an app with a key on an empty store that is not encrypted makes
        it encrypted. Raises :class:`~journeys.errors.StoreError`, having written
        no event, when the settings do not fit the store.
        """
        cipher = mapper.cipher if cipher_key else None
        wanted = SealRecord(
            cipher=cipher is not None,
            citizen_keys=citizen_keys,
            key_check=key_check(cipher_key) if cipher_key and cipher is not None else None,
        )
        table = seal_table(factory, recorder)
        for _ in range(_ATTEMPTS):
            stored = table.read()
            if stored is None:
                _probe(recorder, cipher, compressed=mapper.compressor is not None)
                if table.write(wanted, replacing=None):
                    return cls(table, wanted).guard(recorder)
                continue
            target = _target(stored, wanted)
            if target == stored:
                return cls(table, stored).guard(recorder)
            encrypting = target.cipher and not stored.cipher
            if table.write(target, replacing=stored, unless_events=_PLAIN if encrypting else None):
                return cls(table, target).guard(recorder)
        raise StoreError("the store's seal record keeps changing under this app: open it again")

    def check(self) -> None:
        """Refuse to write when the store was sealed, or sealed differently, since this
        app opened it: one read of the record, on PostgreSQL without its insert
        function only (otherwise the insert's transaction checks, see :meth:`guard`;
        memory needs nothing)."""
        if (
            not isinstance(self.table, PostgresSealTable)
            or self.table.datastore.enable_db_functions
        ):
            return
        if self.table.read() != self.record:
            raise seal_changed()


def seal_changed() -> StoreError:
    return StoreError(
        "the store was sealed (encrypted or given citizen keys) by another app after "
        "this one opened it, so nothing was written: open the store again, with its "
        "CIPHER_KEY if it has one"
    )


_PLAIN = (
    "this store is not encrypted, but a CIPHER_KEY was given: open it without one "
    "(to encrypt, import its events into a new store opened with the key)"
)


def _target(stored: SealRecord, wanted: SealRecord) -> SealRecord:
    """The record once an app with the settings ``wanted`` has opened the store."""
    if stored.cipher and not wanted.cipher:
        raise StoreError(
            "this store is encrypted: open it with its CIPHER_KEY (set CIPHER_KEY, or pass "
            "cipher_key=); nothing was written"
        )
    if stored.cipher and not hmac.compare_digest(stored.key_check or b"", wanted.key_check or b""):
        raise StoreError(
            "this CIPHER_KEY is not the key of this encrypted store: open it with the key it "
            "was created with; nothing was written"
        )
    return SealRecord(
        cipher=wanted.cipher,
        citizen_keys=stored.citizen_keys or wanted.citizen_keys,
        key_check=wanted.key_check,
    )


def _probe(recorder: ApplicationRecorder, cipher: Cipher | None, *, compressed: bool) -> None:
    """Check a store that has no seal record yet (made before there was one) against
    the app's ``CIPHER_KEY``, from its first event."""
    first = recorder.select_notifications(start=None, limit=1)
    if not first:
        return
    state = first[0].state
    plain = state[:1] == b"{" or is_sealed(state)
    if cipher is None:
        if not plain and not compressed:
            raise StoreError(
                "this store's events are encrypted: open it with its CIPHER_KEY (set "
                "CIPHER_KEY, or pass cipher_key=); nothing was written"
            )
        return
    if plain:
        raise StoreError(
            "this store holds events that are not encrypted, but a CIPHER_KEY was given: "
            "open it without one"
        )
    try:
        cipher.decrypt(state)
    except Exception:  # what the cipher raises is its own to choose
        raise StoreError(
            "this CIPHER_KEY does not decrypt this store's events: open it with the key it "
            "was created with; nothing was written"
        ) from None

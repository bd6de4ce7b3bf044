"""Linking what an app saves to its citizens' keys.

With citizen keys, every journey and life is linked in the
:class:`~journeys.privacy.keystore.KeyStore` to its citizen's *subject* (the id
of their :class:`~journeys.life.Life`), whose key seals its events.
:class:`CitizenLinks` makes those links as the app saves, refuses a journey of
an erased citizen, fetches keys for reads and erases citizens. Without citizen
keys it links nothing and every read and write goes on as eventsourcing's own.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Protocol, runtime_checkable
from uuid import UUID

from journeys.errors import ConflictError, ErasedError, StoreError
from journeys.journey import Journey
from journeys.life import Life, life_id
from journeys.privacy.citizen_keys import is_sealed, require_cryptography
from journeys.privacy.keystore import KeyStore, keystore_for, keystore_present
from journeys.privacy.mapper import SealingMapper
from journeys.privacy.settings import citizen_keys_wanted

if TYPE_CHECKING:
    from eventsourcing.persistence import AggregateRecorder, InfrastructureFactory, Mapper


@runtime_checkable
class _BesideTheEvents(Protocol):
    """A key store in the same database as the events (SQLite, PostgreSQL): given
    their table, its erasures move the life's rows to a random id."""

    events_table: str | None


class CitizenLinks:
    """The citizen keys of one app's store, as the app saves, reads and erases.

    Make one with :meth:`open`. :attr:`keystore` is ``None`` when the store does
    not use citizen keys.
    """

    def __init__(
        self, mapper: SealingMapper, recorder: AggregateRecorder, keystore: KeyStore | None
    ) -> None:
        self.mapper = mapper
        self.recorder = recorder
        self.keystore = keystore
        """Where citizen keys live, or ``None`` when the store does not use them."""

    @classmethod
    def open(
        cls,
        factory: InfrastructureFactory,
        mapper: Mapper[UUID],
        recorder: AggregateRecorder,
        setting: str | None,
    ) -> CitizenLinks:
        """The links of the store of ``factory``, whose events ``mapper`` converts.

        The store uses citizen keys when ``setting`` (the ``JOURNEYS_CITIZEN_KEYS``
        value) asks for them, or when it already has a key store, so that no event
        of a store with citizen keys is ever stored unsealed. Then ``mapper`` seals
        and opens events with the keys.
        """
        assert isinstance(mapper, SealingMapper)
        if not citizen_keys_wanted(setting) and not keystore_present(factory):
            return cls(mapper, recorder, None)
        require_cryptography()
        keystore = keystore_for(factory, master=mapper.cipher)
        events_table = getattr(recorder, "events_table_name", None)
        if isinstance(keystore, _BesideTheEvents) and isinstance(events_table, str):
            keystore.events_table = events_table
        mapper.keystore = keystore
        return cls(mapper, recorder, keystore)

    def keys_for(self, aggregates: Collection[UUID]) -> AbstractContextManager[None]:
        """Fetch the citizen keys of ``aggregates`` in one query, for the reads and
        writes of the ``with`` block (a no-op without citizen keys)."""
        return self.mapper.keys_for(aggregates)

    def link(
        self, journeys: Sequence[Journey], entries: Sequence[Life | Life.JourneyAdded]
    ) -> list[UUID]:
        """Link the journeys and life ``entries`` about to be saved to their citizens'
        keys (made for a citizen seen for the first time), and return their ids
        (none without citizen keys).

        A journey is linked when it starts; a life whenever it is saved (a citizen
        recorded again after an erasure gets a new key). A stored journey with no
        key belongs to an erased citizen (:class:`~journeys.errors.ErasedError`),
        unless its events were stored before the store had citizen keys. A journey
        starting with the id of a stored journey of another citizen is a
        :class:`~journeys.errors.ConflictError`.
        """
        if self.keystore is None:
            return []
        subjects = {journey.id: life_id(journey.citizen) for journey in journeys}
        for entry in entries:
            life = entry.id if isinstance(entry, Life) else entry.originator_id
            subjects[life] = life
        starting = {
            journey.id
            for journey in journeys
            if any(isinstance(event, Journey.Started) for event in journey.pending_events)
        }
        linked = self.keystore.links(subjects)
        to_link: dict[UUID, UUID] = {}
        for aggregate, subject in subjects.items():
            current = linked.get(aggregate)
            if current == subject:
                continue
            if aggregate in starting:
                # A link left by a save that failed is replaced; one to a stored journey
                # means that journey already exists for another citizen.
                if current is not None and self.recorder.select_events(aggregate, limit=1):
                    raise ConflictError(f"journey {aggregate} is recorded for another citizen")
            elif aggregate != subject and self._stored_sealed(aggregate):
                raise ErasedError(aggregate)
            to_link[aggregate] = subject
        if to_link:
            self.keystore.link(to_link)
        return list(subjects)

    def _stored_sealed(self, aggregate: UUID) -> bool:
        """Whether the first stored event of ``aggregate`` is sealed with a citizen key."""
        first = self.recorder.select_events(aggregate, limit=1)
        if not first:
            return False
        state = first[0].state
        if self.mapper.cipher is not None:
            state = self.mapper.cipher.decrypt(state)
        if self.mapper.compressor is not None:
            state = self.mapper.compressor.decompress(state)
        return is_sealed(state)

    def erase(self, citizen: str) -> int:
        """Delete the key of ``citizen`` and every link to it, in one transaction, and
        return how many of their journeys were linked to it.

        A life's id is a UUID5 of the citizen reference: left in the store, it would
        let anyone holding the reference confirm that the citizen was recorded, and
        how many journeys they had. So the same transaction moves the life's sealed
        events to a random id, under which their rows (which the store's positions
        need) say nothing of whose they were; a citizen recorded again begins a new
        life. It does so on every call: erasing a citizen erased before this was done
        moves their life's rows too (and returns 0). The in-memory store leaves them
        as they are: it has no files, and ends with its process.

        Raises :class:`~journeys.errors.StoreError` when the store has no citizen keys.
        """
        if self.keystore is None:
            raise StoreError(
                "this store has no citizen keys, so a citizen cannot be erased: "
                "open new stores with citizen_keys=True (see the Data protection page)"
            )
        subject = life_id(citizen)
        return sum(1 for aggregate in self.keystore.erase(subject) if aggregate != subject)

    def erasures(self) -> int:
        """How many erasures deleted something from the store (0 without citizen keys)."""
        return 0 if self.keystore is None else self.keystore.erasures()

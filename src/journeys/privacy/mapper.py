"""``SealingMapper``: eventsourcing's mapper, plus sealing with citizen keys.

An event is stored as: its JSON state (eventsourcing's transcoder, with the
event class's ``class_version``), sealed with its citizen's key when the app
has citizen keys, then compressed and encrypted with ``CIPHER_KEY`` when those
are configured. Reading undoes the same steps in reverse; eventsourcing's own
mapper does the JSON and the upcasting, so this class only adds the seal.

Keys are looked up by aggregate id in the :class:`~journeys.privacy.keystore.KeyStore`.
A reader that knows which aggregates it is about to read calls :meth:`keys_for`
first, so one query fetches the keys of a whole page of events; the keys are
forgotten when the page is done, so an erasure in another process takes effect
at this process's next read.
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import (
    Cipher,
    Compressor,
    Mapper,
    MapperDeserialisationError,
    StoredEvent,
    Transcoder,
)

from journeys.errors import ErasedError, StoreError
from journeys.privacy.citizen_keys import CitizenKey, is_sealed
from journeys.privacy.keystore import KeyStore


class SealingMapper(Mapper[UUID]):
    """Converts journey and life events to stored events and back.

    With no :attr:`keystore` it behaves as eventsourcing's ``Mapper``, except
    that it refuses, with a clear message, to read an event sealed with a
    citizen key. With one, every event is sealed with the key of the citizen its
    aggregate is linked to, and an event whose key was erased raises
    :class:`~journeys.errors.ErasedError`.
    """

    def __init__(
        self,
        transcoder: Transcoder,
        compressor: Compressor | None = None,
        cipher: Cipher | None = None,
    ) -> None:
        super().__init__(transcoder, compressor=compressor, cipher=cipher)
        # Does the JSON and the upcasting; this class adds the seal around it.
        self._json = Mapper[UUID](transcoder)
        self.keystore: KeyStore | None = None
        self._prefetched = threading.local()

    # --- writing ------------------------------------------------------------------------

    def to_stored_event(self, domain_event: DomainEventProtocol[UUID]) -> StoredEvent:
        stored = self._json.to_stored_event(domain_event)
        if self.keystore is None and self.compressor is None and self.cipher is None:
            return stored  # the common case: nothing to add, nothing to copy
        state = stored.state
        if self.keystore is not None:
            aggregate_id = _uuid(stored.originator_id)
            state = self._sealing_key(aggregate_id).seal(aggregate_id, state)
        if self.compressor is not None:
            state = self.compressor.compress(state)
        if self.cipher is not None:
            state = self.cipher.encrypt(state)
        return StoredEvent(
            originator_id=stored.originator_id,
            originator_version=stored.originator_version,
            topic=stored.topic,
            state=state,
        )

    # --- reading ------------------------------------------------------------------------

    def to_domain_event(self, stored_event: StoredEvent) -> DomainEventProtocol[UUID]:
        state = stored_event.state
        if self.cipher is None and self.compressor is None and not is_sealed(state):
            return self._read_json(stored_event)  # the common case: nothing to open
        try:
            if self.cipher is not None:
                state = self.cipher.decrypt(state)
            if self.compressor is not None:
                state = self.compressor.decompress(state)
        except Exception as error:  # what the cipher or compressor raises is theirs to choose
            raise StoreError(
                f"cannot decrypt the event {stored_event.originator_id} "
                f"v{stored_event.originator_version}: is CIPHER_KEY right? ({error})"
            ) from error
        if is_sealed(state):
            state = self._open(stored_event, state)
        if state is not stored_event.state:
            stored_event = StoredEvent(
                originator_id=stored_event.originator_id,
                originator_version=stored_event.originator_version,
                topic=stored_event.topic,
                state=state,
            )
        return self._read_json(stored_event)

    def _read_json(self, stored_event: StoredEvent) -> DomainEventProtocol[UUID]:
        try:
            return self._json.to_domain_event(stored_event)
        except MapperDeserialisationError as error:
            hint = "" if self.cipher else " (if the store is encrypted, set its CIPHER_KEY)"
            raise StoreError(f"cannot read a stored event{hint}: {error}") from error

    def _open(self, stored_event: StoredEvent, sealed: bytes) -> bytes:
        if self.keystore is None:
            raise StoreError(
                "this store seals events with citizen keys: open it with citizen_keys=True "
                "(or JOURNEYS_CITIZEN_KEYS=true)"
            )
        aggregate_id = _uuid(stored_event.originator_id)
        key = self._lookup(aggregate_id)
        if key is None or not key.opens(aggregate_id, sealed):
            # No key, or a newer one (a citizen recorded again after an erasure).
            raise ErasedError(aggregate_id)
        return key.open(aggregate_id, sealed)

    # --- keys ---------------------------------------------------------------------------

    @contextmanager
    def keys_for(self, aggregates: Collection[UUID]) -> Iterator[None]:
        """Fetch the keys of ``aggregates`` in one query, for the events read or written
        inside the ``with`` block (in this thread)."""
        if self.keystore is None:
            yield
            return
        previous = getattr(self._prefetched, "keys", None)
        found = self.keystore.keys(aggregates)
        # Aggregates without a key are remembered too: erased ones are not asked for again.
        self._prefetched.keys = {aggregate: found.get(aggregate) for aggregate in aggregates}
        try:
            yield
        finally:
            self._prefetched.keys = previous

    def _sealing_key(self, aggregate_id: UUID) -> CitizenKey:
        key = self._lookup(aggregate_id)
        if key is None:
            # JourneyApp.save links every aggregate it saves first; anything else
            # would be stored unsealed, which a store with citizen keys never does.
            raise StoreError(f"{aggregate_id} has no citizen key: save it through JourneyApp.save")
        return key

    def _lookup(self, aggregate_id: UUID) -> CitizenKey | None:
        assert self.keystore is not None
        prefetched: dict[UUID, CitizenKey | None] | None = getattr(self._prefetched, "keys", None)
        if prefetched is not None and aggregate_id in prefetched:
            return prefetched[aggregate_id]
        return self.keystore.keys((aggregate_id,)).get(aggregate_id)


def _uuid(originator_id: UUID | str) -> UUID:
    return originator_id if isinstance(originator_id, UUID) else UUID(originator_id)

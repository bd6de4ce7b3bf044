"""The in-memory key store (tests, notebooks): dictionaries under one lock."""

from __future__ import annotations

import threading
from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING
from uuid import UUID

from journeys.privacy.citizen_keys import CitizenKey, unwrap, wrap
from journeys.privacy.keystore import KeyStore

if TYPE_CHECKING:
    from eventsourcing.persistence import Cipher


class MemoryKeyStore(KeyStore):
    """Keeps keys and links in this process's memory."""

    def __init__(self, master: Cipher | None) -> None:
        super().__init__(master)
        self._keys: dict[UUID, bytes] = {}
        self._links: dict[UUID, UUID] = {}
        self._erasures = 0
        self._lock = threading.Lock()

    def links(self, aggregates: Collection[UUID]) -> dict[UUID, UUID]:
        with self._lock:
            return {a: self._links[a] for a in aggregates if a in self._links}

    def link(self, subjects: Mapping[UUID, UUID]) -> None:
        with self._lock:
            for subject in set(subjects.values()) - self._keys.keys():
                self._keys[subject] = wrap(CitizenKey.generate().secret, self.master)
            self._links.update(subjects)

    def keys(self, aggregates: Collection[UUID]) -> dict[UUID, CitizenKey]:
        with self._lock:
            stored = {
                aggregate: self._keys[self._links[aggregate]]
                for aggregate in aggregates
                if aggregate in self._links and self._links[aggregate] in self._keys
            }
        return {aggregate: unwrap(secret, self.master) for aggregate, secret in stored.items()}

    def erase(self, subject: UUID) -> list[UUID]:
        with self._lock:
            unlinked = [a for a, linked in self._links.items() if linked == subject]
            for aggregate in unlinked:
                del self._links[aggregate]
            if self._keys.pop(subject, None) is not None or unlinked:
                self._erasures += 1
        return unlinked

    def erasures(self) -> int:
        with self._lock:
            return self._erasures

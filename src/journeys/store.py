"""Opening a journey store: eventsourcing's application machinery, set up for journeys.

:class:`JourneyStore` is the part of :class:`~journeys.application.JourneyApp`
that eventsourcing calls while the app is built: the environment's defaults,
the sealing mapper, the journey transcoder, and opening the store (retried when
two apps open the same store at once). It records no event itself; it checks
the app's ``CIPHER_KEY`` and citizen keys against the store's seal record
(:mod:`journeys.privacy.seal`) before anything else can be written, and reads
the bodies the store keeps (:mod:`journeys.stored_bodies`).
"""

from __future__ import annotations

import random
import time
from collections.abc import Mapping
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import (
    JSONTranscoder,
    Mapper,
    Transcoder,
)
from eventsourcing.utils import Environment, TopicError

from journeys.bodies import Catalogue
from journeys.body_tables import body_table
from journeys.closing import ClosesOnExit
from journeys.errors import StoreError
from journeys.privacy.body_pseudonyms import BodyPseudonyms
from journeys.privacy.keystore import keystore_present
from journeys.privacy.mapper import SealingMapper
from journeys.privacy.seal import StoreSeal
from journeys.privacy.settings import (
    CIPHER_KEY_ENV,
    CITIZEN_KEYS_ENV,
    citizen_keys_wanted,
    with_default_cipher_topic,
)
from journeys.store_errors import STORE_FAILURES, store_error, store_errors
from journeys.stored_bodies import StoredBodies
from journeys.transcoder import JourneyTranscoder
from journeys.transcodings import register_journey_transcodings

__all__ = ["JourneyStore"]

_OPEN_ATTEMPTS = 10


def _opening_collision(error: BaseException) -> bool:
    """Whether ``error`` is another app opening the same store at the same moment."""
    text = str(error)
    return "concurrently updated" in text or "database is locked" in text


class JourneyStore(ClosesOnExit, Application[UUID]):
    """An eventsourcing application opened on a journey store (the base of
    :class:`~journeys.application.JourneyApp`).

    ``env`` holds eventsourcing's environment keys (``PERSISTENCE_MODULE`` ...);
    a store that cannot be opened raises :class:`~journeys.errors.StoreError`, and
    so does an encrypted store opened without its ``CIPHER_KEY`` or with another
    key, or a store that is not encrypted opened with a key: checked against the
    store's :attr:`seal` before anything is written.
    """

    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        try:
            self._open_store(env)
        except STORE_FAILURES as error:
            raise store_error(error, "open the journey store") from error
        except (OSError, ValueError) as error:
            raise StoreError(f"cannot open the journey store: {error}") from error
        except (ImportError, TopicError) as error:
            raise StoreError(
                f"cannot open the journey store: {error} (encryption needs the "
                'encryption extra: pip install "journeys[encryption]")'
            ) from error
        try:
            with store_errors("open the journey store"):
                self.seal: StoreSeal = StoreSeal.open(
                    self.factory,
                    self.recorder,
                    self.mapper,
                    cipher_key=self.env.get(CIPHER_KEY_ENV),
                    citizen_keys=citizen_keys_wanted(self.env.get(CITIZEN_KEYS_ENV))
                    or keystore_present(self.factory),
                )
            with store_errors("read the store's bodies"):
                self._bodies = StoredBodies(
                    body_table(self.factory, self.recorder, self.seal.record),
                    self.mapper.cipher if self.seal.record.cipher else None,
                    self.body_pseudonyms,
                )
        except BaseException:
            self.close()
            raise

    def _open_store(self, env: Mapping[str, str] | None) -> None:
        # Two apps opening the same new store together can collide: eventsourcing runs
        # CREATE OR REPLACE FUNCTION each time a PostgreSQL store is opened, which
        # PostgreSQL refuses twice at once ("tuple concurrently updated"), and SQLite
        # answers "database is locked" at once, without waiting, to the switch to WAL
        # mode while another connection creates the tables. Both pass: try again.
        for attempt in range(1, _OPEN_ATTEMPTS + 1):
            try:
                super().__init__(env)
                return
            except STORE_FAILURES as error:
                if not _opening_collision(error) or attempt == _OPEN_ATTEMPTS:
                    raise
                if hasattr(self, "factory"):
                    self.factory.close()
                time.sleep(random.uniform(0.01, 0.05) * attempt)

    @property
    def body_pseudonyms(self) -> BodyPseudonyms | None:
        """Pseudonymous ids for bodies an import generates from a log's values: in an
        encrypted store only (``None`` otherwise); see
        :mod:`journeys.privacy.body_pseudonyms`."""
        key = self.env.get(CIPHER_KEY_ENV)
        return BodyPseudonyms.from_cipher_key(key) if key and self.seal.record.cipher else None

    @property
    def stored_bodies(self) -> Catalogue:
        """The bodies recorded in the store (see :mod:`journeys.stored_bodies`)."""
        return Catalogue(self._bodies.bodies.values())

    def construct_env(self, name: str, env: Mapping[str, str] | None = None) -> Environment:
        """eventsourcing's environment, with two defaults of this library's: the
        ``cryptography`` cipher when a ``CIPHER_KEY`` is given, and PostgreSQL's
        insert function for saves.

        eventsourcing otherwise sends a save's inserts through one psycopg pipeline,
        which was seen to deadlock (client and server each waiting to be read) on a
        bulk save of 500 journeys; the insert function takes the batch as one
        statement. ``POSTGRES_ENABLE_DB_FUNCTIONS=n`` restores the pipeline.
        """
        environment = with_default_cipher_topic(super().construct_env(name, env))
        environment.setdefault("POSTGRES_ENABLE_DB_FUNCTIONS", "y")
        return Environment(name, environment)

    def construct_mapper(self) -> Mapper[UUID]:
        """A :class:`~journeys.privacy.SealingMapper`: eventsourcing's mapper, plus
        citizen keys when the store has them."""
        return self.factory.mapper(
            transcoder=self.construct_transcoder(), mapper_class=SealingMapper
        )

    def construct_transcoder(self) -> Transcoder:
        """The faster journey transcoder (same bytes as eventsourcing's), unless the
        environment names another with ``TRANSCODER_TOPIC``."""
        if self.env.get("TRANSCODER_TOPIC"):
            return super().construct_transcoder()
        transcoder = JourneyTranscoder()
        self.register_transcodings(transcoder)
        return transcoder

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        """eventsourcing's transcodings, and those of journey event values."""
        super().register_transcodings(transcoder)
        register_journey_transcodings(transcoder)

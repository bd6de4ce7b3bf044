"""``JourneyApp``: record citizens' journeys in an event store and read them back.

Persistence is eventsourcing's own, chosen by its environment keys
(``PERSISTENCE_MODULE``, ``SQLITE_DBNAME``, ``POSTGRES_*``). The one-line
constructors :meth:`JourneyApp.in_memory`, :meth:`JourneyApp.sqlite` and
:meth:`JourneyApp.postgres` set those keys for you.

There is one way to record events: call a :class:`~journeys.journey.Journey`'s
command methods (``Journey.start``, ``open_case``, ``send_handoff``, ``end`` ...),
then :meth:`JourneyApp.save`, which checks the bodies the events name against
the app's catalogue and records every pending event of every journey given in
one transaction (bulk loads save many at once). The app's commands
(``app.start_journey``, ``app.open_case(journey_id, ...)`` ... ``app.end_journey``)
are the journey's commands addressed by id: each loads the journey, calls the
journey method of the same parameters and saves it, one event in one
transaction (see :mod:`journeys.commands`).

Personal data: ``cipher_key`` (eventsourcing's ``CIPHER_KEY``) encrypts every
stored event; ``citizen_keys`` (``JOURNEYS_CITIZEN_KEYS``) seals each citizen's
events with their own key, which :meth:`JourneyApp.erase_citizen` deletes. See
:mod:`journeys.privacy`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol, MutableOrImmutableAggregate
from eventsourcing.persistence import IntegrityError, Recording

from journeys.bodies import Body, Catalogue
from journeys.collector import collector_paused
from journeys.commands import journey_command, journey_starter
from journeys.conflicts import retry_on_conflict
from journeys.errors import ConflictError
from journeys.event_registry import JOURNEY_EVENTS
from journeys.journey import Journey
from journeys.journey_reads import JourneyReads
from journeys.journey_refs import CaseRef, imported_case, resolve_journey
from journeys.life import LifeIndex
from journeys.privacy.keystore import KeyStore
from journeys.privacy.linking import CitizenLinks
from journeys.privacy.settings import CITIZEN_KEYS_ENV, privacy_env
from journeys.store_errors import store_errors, translating
from journeys.voice import body_feedback as _body_feedback
from journeys.voice.body_feedback_record import BodyFeedbackRecord

__all__ = [
    "CATALOGUE_ENV_KEY",
    "JOURNEY_EVENT_TOPICS",
    "CaseRef",
    "JourneyApp",
    "imported_case",
    "resolve_journey",
    "retry_on_conflict",
]

CATALOGUE_ENV_KEY = "JOURNEYS_CATALOGUE"
"""Environment key naming a catalogue file (TOML or CSV) for apps built from the environment."""

JOURNEY_EVENT_TOPICS: tuple[str, ...] = JOURNEY_EVENTS.topics
"""Topics of every journey event, to select them from the notification log."""


class JourneyApp(JourneyReads):
    """An event-sourced application that records journeys and citizens' lives.

    Build one with :meth:`in_memory`, :meth:`sqlite` or :meth:`postgres`, or
    from eventsourcing's environment keys with ``JourneyApp()``. The catalogue
    defaults to the file named by ``JOURNEYS_CATALOGUE``, else the bundled UK
    catalogue.

    Record events with a journey's command methods and :meth:`save`; the app's
    commands (:meth:`start_journey`, :meth:`open_case` ... :meth:`end_journey`)
    are the same methods addressed by journey id. Read them back with the reads
    of :class:`~journeys.journey_reads.JourneyReads` (:meth:`get_journey`,
    :meth:`life`, :meth:`read_events` ...).

    A store once opened with citizen keys keeps them: later apps on it use them
    whether or not they ask (so no event of it is ever stored unsealed). An
    encrypted store refuses an app without its key, or with another, before
    anything is written (see :class:`~journeys.store.JourneyStore`).
    """

    name = "JourneyApp"

    def __init__(
        self, env: Mapping[str, str] | None = None, *, catalogue: Catalogue | None = None
    ) -> None:
        super().__init__(env)
        try:
            wanted = "true" if self.seal.citizen_keys else self.env.get(CITIZEN_KEYS_ENV)
            self._links = CitizenLinks.open(self.factory, self.mapper, self.recorder, wanted)
            self._lives = LifeIndex(self.recorder, self._links.mapper)
            explicit = catalogue is not None or bool(self.env.get(CATALOGUE_ENV_KEY))
            self.catalogue: Catalogue = self._bodies.catalogue_for(
                catalogue
                if catalogue is not None
                else _default_catalogue(self.env.get(CATALOGUE_ENV_KEY)),
                explicit=explicit,
            )
        except BaseException:
            self.close()
            raise

    # --- construction -----------------------------------------------------------------

    @classmethod
    def in_memory(
        cls,
        *,
        catalogue: Catalogue | None = None,
        cipher_key: str | None = None,
        citizen_keys: bool = False,
    ) -> JourneyApp:
        """An app whose events live in this process's memory (tests, notebooks).

        ``cipher_key`` and ``citizen_keys`` are as for :meth:`sqlite`.
        """
        return cls(
            {
                "PERSISTENCE_MODULE": "eventsourcing.popo",
                **privacy_env(cipher_key=cipher_key, citizen_keys=citizen_keys),
            },
            catalogue=catalogue,
        )

    @classmethod
    def sqlite(
        cls,
        path: str | Path,
        *,
        catalogue: Catalogue | None = None,
        cipher_key: str | None = None,
        citizen_keys: bool = False,
    ) -> JourneyApp:
        """An app whose events live in the SQLite file at ``path`` (created if missing).

        ``cipher_key`` (default: the environment's ``CIPHER_KEY``; make one with
        :func:`journeys.privacy.new_cipher_key`) encrypts every stored event.
        ``citizen_keys=True`` seals each citizen's events with their own key, so
        that :meth:`erase_citizen` can erase them. Both need the ``encryption`` extra.
        """
        return cls(
            {
                "PERSISTENCE_MODULE": "eventsourcing.sqlite",
                "SQLITE_DBNAME": str(path),
                **privacy_env(cipher_key=cipher_key, citizen_keys=citizen_keys),
            },
            catalogue=catalogue,
        )

    @classmethod
    def postgres(
        cls,
        *,
        dbname: str,
        host: str = "127.0.0.1",
        port: int = 5432,
        user: str = "postgres",
        password: str = "",
        schema: str | None = None,
        catalogue: Catalogue | None = None,
        cipher_key: str | None = None,
        citizen_keys: bool = False,
    ) -> JourneyApp:
        """An app whose events live in a PostgreSQL database (needs the ``postgres`` extra).

        ``cipher_key`` and ``citizen_keys`` are as for :meth:`sqlite`.
        """
        env = {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": dbname,
            "POSTGRES_HOST": host,
            "POSTGRES_PORT": str(port),
            "POSTGRES_USER": user,
            "POSTGRES_PASSWORD": password,
        }
        if schema:
            env["POSTGRES_SCHEMA"] = schema
        env.update(privacy_env(cipher_key=cipher_key, citizen_keys=citizen_keys))
        return cls(env, catalogue=catalogue)

    @property
    def persistence_module(self) -> str:
        """The eventsourcing persistence module in use (``eventsourcing.sqlite`` ...)."""
        return self.env.get("PERSISTENCE_MODULE") or "eventsourcing.popo"

    def record_bodies(self, bodies: Iterable[Body], *, replace: bool = False) -> None:
        """Record ``bodies``' definitions in the store (and in :attr:`catalogue`).

        A body the store already defines otherwise raises
        :class:`~journeys.errors.CatalogueConflictError` and nothing is recorded,
        unless ``replace``: then the store's definition becomes this one (a name,
        tier or nations corrected). Saves record the bodies their events name by
        themselves; this is for changing a definition, or recording bodies ahead.
        """
        bodies = list(bodies)
        with store_errors("record the bodies"):
            self._bodies.record(bodies, replace=replace)
        known = {body.id for body in bodies}
        self.catalogue = Catalogue(
            [*(body for body in self.catalogue.bodies() if body.id not in known), *bodies]
        )

    @property
    def keystore(self) -> KeyStore | None:
        """Where citizen keys live, or ``None`` when the store does not use them."""
        return self._links.keystore

    # --- recording ----------------------------------------------------------------------

    @translating("record the events")
    def save(
        self,
        *objs: MutableOrImmutableAggregate[UUID] | DomainEventProtocol[UUID] | None,
        **kwargs: Any,
    ) -> list[Recording[UUID]]:
        """Record the pending events of ``objs`` in one transaction.

        Every body a journey event names must be in the catalogue
        (:class:`~journeys.errors.UnknownBodyError` otherwise), and a journey's
        start is added to its citizen's :class:`~journeys.life.Life` in the same
        transaction. If another writer got there first, nothing is recorded and
        :class:`~journeys.errors.ConflictError` is raised: reload and retry. A store
        locked by another writer, or an app already closed, raises
        :class:`~journeys.errors.StoreError` saying what to do; nothing is recorded.

        With citizen keys, each journey and life saved is first linked to its
        citizen's key (made for a citizen seen for the first time); a journey of
        an erased citizen is refused with :class:`~journeys.errors.ErasedError`.
        """
        journeys = [obj for obj in objs if isinstance(obj, Journey)]
        named: set[str] = set()
        for journey in journeys:
            named.update(self._named_bodies(journey))
        self.seal.check()  # sealed by another app since this one opened? Then write nothing.
        unrecorded = self._bodies.unrecorded(self.catalogue[body_id] for body_id in named)
        if unrecorded:
            self._bodies.record(unrecorded)
        # Life index entries go first, so the latest notification of a save is always a
        # journey event: waiting for max_position() then suits topic-filtered projections.
        entries = self._lives.entries(journeys)
        aggregates = self._links.link(journeys, entries)
        try:
            with self.mapper_keys(aggregates), collector_paused():
                return super().save(*entries, *objs, **kwargs)
        except IntegrityError as error:
            raise ConflictError(
                f"another writer recorded events for the same journey or life first: {error}"
            ) from error

    def _named_bodies(self, journey: Journey) -> set[str]:
        """The bodies ``journey``'s pending events name, each checked in the catalogue."""
        named: set[str] = set()
        for event in journey.pending_events:
            assert isinstance(event, Journey.Event)
            named.update(JOURNEY_EVENTS.of(event).bodies(event))
        for body_id in named:
            self.catalogue.require(body_id)
        return named

    # --- commands: the journey's own, addressed by id (one event, one transaction) --------

    start_journey = journey_starter(Journey.start)
    open_case = journey_command(Journey.open_case)
    close_case = journey_command(Journey.close_case)
    touchpoint = journey_command(Journey.touchpoint)
    provide_information = journey_command(Journey.provide_information)
    request_information = journey_command(Journey.request_information)
    send_handoff = journey_command(Journey.send_handoff)
    accept_handoff = journey_command(Journey.accept_handoff)
    reject_handoff = journey_command(Journey.reject_handoff)
    give_feedback = journey_command(Journey.give_feedback)
    make_complaint = journey_command(Journey.make_complaint)
    resolve_complaint = journey_command(Journey.resolve_complaint)
    end_journey = journey_command(Journey.end)

    # --- body-level feedback and erasure ------------------------------------------------

    def record_body_feedback(self, records: Iterable[BodyFeedbackRecord]) -> int:
        """Record counts of feedback not tied to a journey (see
        :mod:`journeys.voice.body_feedback`); returns how many were new (importing the
        same counts again adds nothing). Checked whole first: a bad record records nothing."""
        return _body_feedback.record_body_feedback(self, records)

    def body_feedback(self) -> Iterator[BodyFeedbackRecord]:
        """Every body-level feedback record in the store, in the order recorded."""
        return _body_feedback.read_body_feedback(self)

    @translating("erase the citizen")
    def erase_citizen(self, citizen: str) -> int:
        """Erase ``citizen`` (a pseudonymous reference) by deleting their citizen key.

        Their events stay in the store but nobody can read them any more: reading
        one of their journeys raises :class:`~journeys.errors.ErasedError`, and
        :meth:`read_events`, :func:`~journeys.analyse`, the gap tracker and the
        exports skip them. The key and every link to it are deleted, and the rows
        of their life moved from the id derived from ``citizen`` to a random one,
        in one transaction (see :mod:`journeys.privacy.keystore`). Returns how many
        of the citizen's journeys were erased.

        Needs a store with citizen keys (:class:`~journeys.errors.StoreError`
        otherwise). The erasure is counted (:meth:`erasures`): a tracked projection
        built before it is rebuilt without the citizen at its next catch-up.
        """
        return self._links.erase(citizen)


def _default_catalogue(path: str | None) -> Catalogue:
    if path:
        return Catalogue.load(path)
    from journeys.data import uk_catalogue

    return uk_catalogue()

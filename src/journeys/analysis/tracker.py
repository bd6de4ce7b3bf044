"""``GapTracker``: keep a gap projection of an app you already have, in its own store.

It catches up in pages (each folded and recorded in one transaction by
:class:`~journeys.analysis.projection.GapProjection`), rebuilds the projection
when citizens were erased since some of it was folded, and follows new events —
by subscription where the store pushes them, by polling SQLite, which cannot.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import InfrastructureFactory, Tracking
from eventsourcing.projection import ApplicationSubscription
from eventsourcing.utils import Environment

from journeys.analysis.batch import checked_blueprints
from journeys.analysis.life_events import LifeEvents
from journeys.analysis.projection import GapProjection
from journeys.analysis.result import Analysis
from journeys.analysis.views import GapView, view_class_for
from journeys.application import JOURNEY_EVENT_TOPICS, JourneyApp
from journeys.blueprints import Blueprint
from journeys.bodies import Catalogue
from journeys.collector import collector_paused
from journeys.errors import ErasedError
from journeys.privacy.erased import ErasedJourneys
from journeys.store_errors import store_errors

__all__ = ["GapTracker"]


class GapTracker:
    """Keeps a gap projection of ``app`` in the same store as its events.

    >>> from journeys import JourneyApp
    >>> from journeys.analysis import GapTracker
    >>> tracker = GapTracker(JourneyApp.in_memory())
    >>> tracker.catch_up()
    0
    """

    def __init__(
        self,
        app: JourneyApp,
        *,
        page_size: int = 2000,
        blueprint: Blueprint | Iterable[Blueprint] | None = None,
    ) -> None:
        if page_size < 1:
            raise ValueError(f"page_size must be at least 1, got {page_size}")
        blueprints = checked_blueprints(blueprint, app.catalogue)
        self.app = app
        self.page_size = page_size
        view_class = view_class_for(app.persistence_module)
        self._factory = InfrastructureFactory.construct(
            Environment(GapProjection.name, dict(app.env))
        )
        with store_errors("open the gap projection"):
            view = self._factory.tracking_recorder(view_class)
        assert isinstance(view, GapView)
        self.view = view
        self.projection = GapProjection(self.view, blueprints=blueprints)
        self.erased = ErasedJourneys()
        """The journeys of erased citizens this tracker skipped (this process only; since
        the last rebuild)."""
        self._lock = threading.RLock()
        # One catch-up at a time, and none while follow()'s subscription folds an event:
        # a rebuild must not interleave with another path's folds.

    @property
    def position(self) -> int:
        """The notification id of the last event processed (0 before the first)."""
        return self.view.max_tracking_id(self.app.name) or 0

    def catch_up(self, *, on_page: Callable[[int], None] | None = None) -> int:
        """Process every event recorded since :attr:`position`; return how many.

        ``on_page``, if given, is called after each page with the notification id
        reached (to drive a progress bar, say).
        """
        with self._lock, store_errors("bring the gap projection up to date"):
            self._rebuild_if_erased()
            position = self.position
            self.projection.check_design(position)
            pages = self.app.read_event_pages(
                after=position, page_size=self.page_size, erased=self.erased
            )
            processed = 0
            with collector_paused():
                for page in pages:
                    self.projection.process_page(self.app.name, page)
                    processed += len(page)
                    if on_page is not None:
                        on_page(page[-1][0])
        return processed

    def _rebuild_if_erased(self) -> None:
        """Reset the projection if citizens were erased since some of it was folded (the
        next pages then start from the first event, skipping their events); note the
        store's erasure generation for the updates to come."""
        erasures = self.app.erasures()
        stale = self.projection.built_before(erasures, self.position)
        if stale:
            self.projection.reset(self.app.name)
            self.erased.ids.clear()
            self.erased.events = 0
        self.projection.erasures = erasures

    def reset(self) -> None:
        """Forget the projection, so the next :meth:`catch_up` rebuilds it from the first
        event (after upgrading the library, for instance). One transaction.

        Erasures need no reset: :meth:`catch_up` and :meth:`analysis` rebuild a
        projection folded before the store's last erasure by themselves."""
        with self._lock, store_errors("reset the gap projection"):
            self.projection.reset(self.app.name)

    def analysis(
        self,
        *,
        as_of: datetime | None = None,
        catalogue: Catalogue | None = None,
        life: LifeEvents | None = None,
    ) -> Analysis:
        """The analysis so far (catalogue: the app's, unless given; ``life``: the
        life-event table, the bundled one unless given).

        If citizens were erased since some of the projection was folded, it is rebuilt
        first (:meth:`catch_up` from the first event), so no erased journey is in it."""
        with self._lock:
            with store_errors("bring the gap projection up to date"):
                stale = self.projection.built_before(self.app.erasures(), self.position)
            if stale:
                self.catch_up()
            return self.projection.analysis(
                catalogue=catalogue if catalogue is not None else self.app.catalogue,
                as_of=as_of,
                life=life,
                body_feedback=list(self.app.body_feedback()),
            )

    def follow(self, stop: threading.Event, *, poll_interval: float = 1.0) -> None:
        """Keep the projection up to date until ``stop`` is set.

        Catches up first, then pulls new events every ``poll_interval`` seconds. On
        the in-memory and PostgreSQL stores it also subscribes to them, so new events
        arrive at once; the pull then only bounds the delay should a notification be
        missed (eventsourcing's subscriptions can miss one written while they start).
        An error in either path stops both and is raised here.
        """
        self.catch_up()
        if self.app.persistence_module == "eventsourcing.sqlite":
            while not stop.wait(poll_interval):
                self.catch_up()
            return
        subscription = _ReadableSubscription(
            self.app, self.erased, gt=self.position, topics=JOURNEY_EVENT_TOPICS
        )
        failures: list[BaseException] = []
        poller = threading.Thread(
            target=self._poll_until_stopped,
            args=(stop, subscription, poll_interval, failures),
            daemon=True,
        )
        poller.start()
        try:
            with subscription:
                for event, tracking in subscription:
                    with self._lock:
                        self.projection.process_event(event, tracking)
        finally:
            stop.set()
            poller.join()
        if failures:
            raise failures[0]

    def _poll_until_stopped(
        self,
        stop: threading.Event,
        subscription: ApplicationSubscription[Any],
        poll_interval: float,
        failures: list[BaseException],
    ) -> None:
        try:
            while not stop.wait(poll_interval):
                self.catch_up()
        except BaseException as error:  # handed to follow(), which raises it in its caller
            failures.append(error)
        finally:
            subscription.stop()

    def close(self) -> None:
        """Close the view's database connections."""
        self._factory.close()


class _ReadableSubscription(ApplicationSubscription[UUID]):
    """eventsourcing's subscription, skipping (and counting) erased citizens' events."""

    def __init__(
        self, app: JourneyApp, erased: ErasedJourneys, *, gt: int, topics: Sequence[str]
    ) -> None:
        super().__init__(app, gt=gt, topics=topics)
        self._erased = erased

    def __next__(self) -> tuple[DomainEventProtocol[UUID], Tracking]:
        while True:
            try:
                return super().__next__()
            except ErasedError as error:
                # The notification was taken from the subscription: go on to the next.
                self._erased.add(UUID(str(error.originator_id)))

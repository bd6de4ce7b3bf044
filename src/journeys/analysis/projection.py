"""The tracked, resumable gap projection over a ``JourneyApp``'s notification log.

:class:`GapProjection` is an eventsourcing ``Projection``: give it to
eventsourcing's ``ProjectionRunner`` to follow an in-memory or PostgreSQL store
live. It folds pages of events into its view, one transaction per page (view and
tracking position together), so it resumes after a restart exactly where it
stopped; it refuses a view built with other blueprints or by an earlier format.
:class:`~journeys.analysis.tracker.GapTracker` drives one for an app you already have.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, cast
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection

from journeys.analysis.batch import check_as_of
from journeys.analysis.citizen_fold import CITIZEN_FORMAT
from journeys.analysis.engine import GapEngine
from journeys.analysis.life_events import LifeEvents
from journeys.analysis.result import Analysis
from journeys.analysis.tally import Tally
from journeys.analysis.touched import journeys_of, lives_of
from journeys.analysis.views import GapView, ViewUpdate
from journeys.analysis.views.base import TALLY_FORMAT
from journeys.application import JOURNEY_EVENT_TOPICS
from journeys.blueprints import Blueprint, blueprint_to_toml
from journeys.bodies import Catalogue
from journeys.errors import AnalysisError
from journeys.journey import Journey
from journeys.voice.body_feedback_record import BodyFeedbackRecord


class GapProjection(Projection[GapView]):
    """Folds journey events into a :class:`~journeys.analysis.views.GapView`.

    It caches the folds of open journeys in memory and loads any it does not
    have from the view, so it can be stopped and restarted at any event.
    """

    name = "GapProjection"
    topics = JOURNEY_EVENT_TOPICS

    def __init__(self, view: GapView, *, blueprints: Iterable[Blueprint] = ()) -> None:
        super().__init__(view)
        self._blueprints = tuple(blueprints)
        self.design = design_key(self._blueprints)
        """Which blueprints this projection checks (one key for all of them)."""
        self.erasures = 0
        """The store's erasure generation when the events being folded were read: each
        update records it, so that :meth:`built_before` can tell a view to rebuild."""
        self._engine = GapEngine(blueprints=self._blueprints)
        self._positions: dict[str, int] = {}
        self._design_checked = False
        self._lock = threading.Lock()

    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        """Process one event (eventsourcing's ``ProjectionRunner`` calls this)."""
        self.process_batch([(domain_event, tracking)])

    def process_batch(self, batch: Sequence[tuple[DomainEventProtocol[UUID], Tracking]]) -> None:
        """Fold ``batch`` and record it, with its last tracking position, in one transaction.

        Events at or before the position already recorded are skipped: two paths (a
        subscription and a catch-up pull) may deliver the same event, and the view's
        position decides, so nothing is counted twice.
        """
        if batch:
            page = [(tracking.notification_id, cast(Journey.Event, e)) for e, tracking in batch]
            self.process_page(batch[0][1].application_name, page)

    def process_page(
        self, application_name: str, page: Sequence[tuple[int, Journey.Event]]
    ) -> None:
        """Fold a page of ``(notification id, event)`` pairs read from
        ``application_name`` (as :meth:`journeys.JourneyApp.read_event_pages` gives
        them) and record it, with its last position, in one transaction.

        Like :meth:`process_batch`, it skips events at or before the recorded position.
        """
        with self._lock:
            if not page:
                return
            position = self._position(application_name)
            self.check_design(position)
            if page[0][0] <= position:
                page = [item for item in page if item[0] > position]
                if not page:
                    return
            events = [event for _, event in page]
            self._fold(events, Tracking(application_name, page[-1][0]))

    def _fold(self, events: list[Journey.Event], last: Tracking) -> None:
        """Fold ``events`` (all after the recorded position) and record them with ``last``."""
        engine = self._engine
        touched = journeys_of(events)
        engine.folds.update(self.view.load_folds(touched - engine.folds.keys()))
        # The citizen folds are loaded for each batch, not cached: there is one per
        # citizen ever seen, and a batch touches few.
        citizens = lives_of(events, touched, engine.folds)
        engine.citizens.clear()
        engine.citizens.update(self.view.load_citizens(citizens))
        engine.tally = Tally()
        try:
            engine.apply_all(events)
            open_now = engine.folds
            self.view.record(
                ViewUpdate(
                    delta=engine.tally,
                    changed_folds=tuple(open_now[j] for j in touched if j in open_now),
                    ended_journeys=tuple(j for j in touched if j not in open_now),
                    tracking=last,
                    design=self.design,
                    erasures=self.erasures,
                    changed_citizens=tuple(
                        engine.citizens[c] for c in sorted(citizens) if c in engine.citizens
                    ),
                )
            )
        except BaseException:
            # The cached folds may be ahead of the view now: reload them next time.
            engine.folds.clear()
            self._positions.clear()
            raise
        finally:
            engine.citizens.clear()
        self._positions[last.application_name] = last.notification_id

    def _position(self, application_name: str) -> int:
        """The last notification id recorded from ``application_name`` (0 before any)."""
        position = self._positions.get(application_name)
        if position is None:
            position = self._positions[application_name] = (
                self.view.max_tracking_id(application_name) or 0
            )
        return position

    def check_design(self, position: int) -> None:
        """Refuse a view folded with other blueprints (or none), at ``position`` in its
        log: its conformance findings would cover only some journeys, without a word."""
        if self._design_checked:
            return
        stored = self.view.designs() or ({"none"} if position else set())
        if stored - {self.design}:
            raise AnalysisError(
                f"this store's gap projection was built {_describe(stored)}, not "
                f"{_describe({self.design})}: reset it (GapTracker.reset(), or journeys "
                "analyse --track --reset) to rebuild it"
            )
        if stored and self.view.citizen_formats() != {CITIZEN_FORMAT}:
            raise AnalysisError(
                "this store's gap projection was built by an earlier version of journeys, "
                "without what the life-level gaps need: reset it (GapTracker.reset(), or "
                "journeys analyse --track --reset) to rebuild it"
            )
        if stored and self.view.tally_formats() != {TALLY_FORMAT}:
            raise AnalysisError(
                "this store's gap projection was built by an earlier version of journeys, "
                "without the citizen's feedback, complaints and channels: reset it "
                "(GapTracker.reset(), or journeys analyse --track --reset) to rebuild it"
            )
        self._design_checked = True

    def built_before(self, erasures: int, position: int) -> bool:
        """Whether some of the view was folded before the store's erasure generation
        ``erasures`` (a view recorded before generations were, at ``position`` > 0 in its
        log, counts as generation 0): it may hold what erased citizens' events gave."""
        stored = self.view.erasures() or ({0} if position else set())
        return any(generation < erasures for generation in stored)

    def reset(self, application_name: str) -> None:
        """Forget everything projected from ``application_name``, in memory and in the
        view (one transaction), so processing starts again from its first event."""
        with self._lock:
            self._engine.folds.clear()
            self._engine.citizens.clear()
            self._positions.clear()
            self._design_checked = False
            self.view.clear(application_name)

    def analysis(
        self,
        *,
        catalogue: Catalogue,
        as_of: datetime | None = None,
        life: LifeEvents | None = None,
        body_feedback: Iterable[BodyFeedbackRecord] = (),
    ) -> Analysis:
        """The analysis of everything processed so far (the same as a batch run's);
        ``life``: the life-event table of the life-level gaps (the bundled one unless
        given — it is read when the analysis is built, so it needs no reset);
        ``body_feedback``: body-level feedback counts for the experience results."""
        self.check_design(0)
        engine = GapEngine(
            self.view.tally(),
            {fold.journey: fold for fold in self.view.open_folds()},
            citizens={citizen.life: citizen for citizen in self.view.citizen_folds()},
            blueprints=self._blueprints,
        )
        return Analysis.build(
            engine,
            catalogue=catalogue,
            as_of=check_as_of(as_of),
            life=life,
            body_feedback=body_feedback,
        )


def design_key(blueprints: Sequence[Blueprint]) -> str:
    """One key for the blueprints a projection checks: their ids and a digest of their
    content, so that a view knows whether it was built with the same designs."""
    if not blueprints:
        return "none"
    text = "\n".join(blueprint_to_toml(blueprint) for blueprint in blueprints)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return f"{','.join(blueprint.id for blueprint in blueprints)}@{digest}"


def _describe(designs: set[str]) -> str:
    keys = sorted(designs)
    if keys == ["none"]:
        return "without blueprints"
    return "with blueprints " + " and ".join(key.replace("none", "(none)") for key in keys)

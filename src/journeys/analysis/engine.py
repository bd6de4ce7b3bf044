"""The gap engine: a pure, incremental fold over journey events.

``GapEngine.apply(event)`` updates the open journey's :class:`JourneyFold` and
adds what it observed to the engine's :class:`Tally`. It does no I/O: the batch
:func:`~journeys.analysis.analyse` and the tracked
:class:`~journeys.analysis.projection.GapProjection` both drive it, and
:meth:`GapEngine.close_open_journeys` is the one place journeys still open are
closed at an analysis ``as_of``.

The engine is made of parts (:mod:`journeys.analysis.rules`): one rule per kind
of gap, each reading like its definition on the Gaps page, the record of the
citizen's voice (feedback, complaints, channels), the holding tracker and the
hand-offs in flight they share, and the journey map's directly-follows steps.
For each event class the engine calls the parts that handle it, rules first, so
every rule sees the shared state as it was before the event. One
reading had to be chosen: a *run* of touchpoints at one body is broken by a
touchpoint at another body or by any case being opened, so that a gap, once
reported, is never covered again by a later touchpoint.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from uuid import UUID

from journeys.analysis.citizen_fold import CitizenFold
from journeys.analysis.directly_follows import DirectlyFollows
from journeys.analysis.fold import JourneyFold
from journeys.analysis.holding import Holding
from journeys.analysis.in_flight import HandoffsInFlight
from journeys.analysis.reporting import Classify, Reporter
from journeys.analysis.rules.base import Handler, Part
from journeys.analysis.rules.cold_transfer import ColdTransfer
from journeys.analysis.rules.conformance import Conformance
from journeys.analysis.rules.dropped import DroppedHandoff
from journeys.analysis.rules.latency import HandoffLatency
from journeys.analysis.rules.life import LifeLevel
from journeys.analysis.rules.reask import Reask
from journeys.analysis.rules.rejected import RejectedHandoff
from journeys.analysis.rules.unheld import UnheldTime
from journeys.analysis.rules.voice import CitizenVoice
from journeys.analysis.tally import Tally
from journeys.blueprints import Blueprint
from journeys.errors import AnalysisError
from journeys.event_registry import JOURNEY_EVENTS
from journeys.journey import Journey


class GapEngine:
    """Folds journey events into a :class:`Tally` and the folds of open journeys.

    Events of one journey must arrive in version order; events of different
    journeys may interleave freely. With ``classify``, every finding gets its
    boundary as it is made. With ``blueprints``, each journey is also checked
    against the blueprint for its trigger and nation (``sla_breach``,
    ``missing_step``, ``unexpected_step``), and an open journey's hand-off still
    within its SLA at ``as_of`` is in flight rather than dropped.

    Besides the folds of open journeys, it keeps one :class:`CitizenFold` per
    citizen in :attr:`citizens`, keyed by life id (kept after their journeys end): the record the
    life-level gaps are worked out from when an analysis is built.
    """

    def __init__(
        self,
        tally: Tally | None = None,
        folds: dict[UUID, JourneyFold] | None = None,
        *,
        citizens: dict[UUID, CitizenFold] | None = None,
        classify: Classify | None = None,
        blueprints: Iterable[Blueprint] = (),
    ) -> None:
        self._report = Reporter(tally if tally is not None else Tally(), classify)
        self.folds: dict[UUID, JourneyFold] = folds if folds is not None else {}
        self.citizens: dict[UUID, CitizenFold] = citizens if citizens is not None else {}
        report = self._report
        designs = list(blueprints)
        conformance = Conformance(report, designs) if designs else None
        deadline = conformance.handoff_deadline if conformance else None
        unheld = UnheldTime(report)
        life = self._life = LifeLevel(self.citizens)
        # Rules read the shared state before the trackers change it.
        self.parts: tuple[Part, ...] = (
            HandoffLatency(report),
            RejectedHandoff(report),
            DroppedHandoff(report, deadline),
            unheld,
            ColdTransfer(report),
            Reask(report),
            life,
            *((conformance,) if conformance else ()),
            CitizenVoice(report),
            Holding(taken_on=unheld.taken_on),
            HandoffsInFlight(report),
            DirectlyFollows(report),
        )
        self._handlers: dict[type[Journey.Event], tuple[Handler, ...]] = {
            event_type.cls: tuple(
                handler
                for part in self.parts
                if (handler := part.handlers().get(event_type.cls)) is not None
            )
            for event_type in JOURNEY_EVENTS
        }
        self._closers = tuple(
            part.close for part in self.parts if type(part).close is not Part.close
        )

    @property
    def tally(self) -> Tally:
        """What the engine has observed (findings of ended journeys, map, counts)."""
        return self._report.tally

    @tally.setter
    def tally(self, tally: Tally) -> None:
        self._report.tally = tally

    def apply_all(self, events: Iterable[Journey.Event]) -> None:
        """Fold each event in turn.

        This is the engine's hot loop: it keeps the current journey's fold while
        consecutive events belong to it (compared by the UUID's integer, which is
        cheap), instead of hashing every event's journey id.
        """
        dispatch, folds = self._handlers, self.folds
        self._life.forget()  # the citizen folds may have been replaced since the last call
        started, ended = Journey.Started, Journey.Ended  # looked up once, not per event
        current: int | None = None
        fold: JourneyFold | None = None
        for event in events:
            kind = type(event)
            if kind is started:
                fold = self._started(event)  # type: ignore[arg-type]
                current = event.originator_id.int
                continue
            key = event.originator_id.int
            if key != current or fold is None:
                fold = folds.get(event.originator_id)
                if fold is None:
                    raise AnalysisError(
                        f"event {kind.__name__} (version {event.originator_version}) of "
                        f"journey {event.originator_id} arrived without the journey's earlier "
                        "events"
                    )
                current = key
            version = event.originator_version
            if version != fold.version + 1:
                raise AnalysisError(
                    f"journey {event.originator_id}: expected version {fold.version + 1}, "
                    f"got {version} ({kind.__name__})"
                )
            try:
                handlers = dispatch[kind]
            except KeyError:
                raise AnalysisError(f"not a journey event: {event!r}") from None
            fold.version = version
            fold.last_at = event.occurred_at
            for handle in handlers:
                handle(fold, event)
            if kind is ended:
                self._ended(fold, event.occurred_at)
                current = None  # its fold is gone

    def apply(self, event: Journey.Event) -> None:
        """Fold one journey event."""
        self.apply_all((event,))

    # --- closing ---------------------------------------------------------------------

    def close(self, fold: JourneyFold, at: datetime, into: Tally, *, ended: bool) -> None:
        """Add to ``into`` what closing ``fold`` at ``at`` finds: dropped hand-offs,
        trailing unheld time, the journey's last node as an end and, with
        blueprints, its conformance. ``fold`` is not changed.

        ``ended``: closed by the journey's ``Ended`` event; otherwise by an analysis
        ``as_of``, where a hand-off still within its design's SLA is in flight.
        """
        running = self._report.tally
        self._report.tally = into
        try:
            for close in self._closers:
                close(fold, at, ended=ended)
        finally:
            self._report.tally = running

    def close_open_journeys(self, as_of: datetime) -> Tally:
        """What closing every open journey at ``as_of`` finds (pure: the folds are kept)."""
        closed = Tally()
        for fold in self.folds.values():
            if as_of < fold.last_at:
                raise AnalysisError(
                    f"as_of {as_of.isoformat()} is before the latest event of open journey "
                    f"{fold.journey} ({fold.last_at.isoformat()})"
                )
            self.close(fold, as_of, closed, ended=False)
        return closed

    # --- a journey's first and last events ---------------------------------------------

    def _started(self, event: Journey.Started) -> JourneyFold:
        if event.originator_id in self.folds:
            raise AnalysisError(f"journey {event.originator_id} started twice")
        fold = self.folds[event.originator_id] = JourneyFold.started(
            event.originator_id, event.occurred_at, event.originator_version
        )
        self.tally.journeys_started += 1
        for handle in self._handlers[Journey.Started]:
            handle(fold, event)
        return fold

    def _ended(self, fold: JourneyFold, at: datetime) -> None:
        # The parts report into the running tally already: no need to redirect them.
        for close in self._closers:
            close(fold, at, ended=True)
        self.tally.journeys_ended += 1
        del self.folds[fold.journey]

"""The gap engine: a pure, incremental fold over journey events.

``GapEngine.apply(event)`` updates the open journey's :class:`JourneyFold` and
adds what it observed to the engine's :class:`Tally`. It does no I/O: the batch
:func:`~journeys.analysis.analyse` and the tracked
:class:`~journeys.analysis.projection.GapProjection` both drive it.

The rules implement the design brief's "What a gap is" exactly; the Gaps page
of the documentation works through each with an example. One reading had to be
chosen: a *run* of touchpoints at one body is broken by a touchpoint at another
body or by any case being opened, so that a gap, once reported, is never
covered again by a later touchpoint.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Collection, Iterable
from datetime import datetime, timedelta
from typing import Any, cast
from uuid import UUID

from journeys.analysis.findings import Finding, FindingKind
from journeys.analysis.fold import JourneyFold
from journeys.analysis.tally import Tally
from journeys.bodies import Boundary
from journeys.errors import AnalysisError
from journeys.journey import Journey

Handler = Callable[[JourneyFold, Any], None]
Classify = Callable[[str | None, str | None], Boundary]
"""Classifies the boundary between two bodies (``Catalogue.boundary``)."""
HandoffSla = Callable[[UUID, str, str], timedelta | None]
"""The SLA a design sets on hand-offs of a journey from one body to another."""


class GapEngine:
    """Folds journey events into a :class:`Tally` and the folds of open journeys.

    Events of one journey must arrive in version order; events of different
    journeys may interleave freely. With ``classify``, every finding gets its
    boundary as it is made.
    """

    def __init__(
        self,
        tally: Tally | None = None,
        folds: dict[UUID, JourneyFold] | None = None,
        *,
        classify: Classify | None = None,
        handoff_sla: HandoffSla | None = None,
    ) -> None:
        self.tally = tally if tally is not None else Tally()
        self.folds: dict[UUID, JourneyFold] = folds if folds is not None else {}
        self._classify = classify
        self._handoff_sla = handoff_sla
        self._handlers: dict[type[Journey.Event], Handler] = {
            Journey.CaseOpened: self._case_opened,
            Journey.CaseClosed: self._case_closed,
            Journey.Touchpoint: self._touchpoint,
            Journey.InformationProvided: self._information_provided,
            Journey.InformationRequested: self._information_requested,
            Journey.HandoffSent: self._handoff_sent,
            Journey.HandoffAccepted: self._handoff_accepted,
            Journey.HandoffRejected: self._handoff_rejected,
            Journey.Ended: self._ended,
        }

    def apply_all(self, events: Iterable[Journey.Event]) -> None:
        """Fold each event in turn.

        This is the engine's hot loop: it keeps the current journey's fold while
        consecutive events belong to it (compared by the UUID's integer, which is
        cheap), instead of hashing every event's journey id.
        """
        handlers, folds = self._handlers, self.folds
        current: int | None = None
        fold: JourneyFold | None = None
        for event in events:
            kind = type(event)
            if kind is Journey.Started:
                self._started(cast(Journey.Started, event))
                current = None
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
            handler = handlers.get(kind)
            if handler is None:
                raise AnalysisError(f"not a journey event: {event!r}")
            fold.version = version
            fold.last_at = event.occurred_at
            handler(fold, event)
            if kind is Journey.Ended:
                current = None  # its fold is gone

    def apply(self, event: Journey.Event) -> None:
        """Fold one journey event."""
        self.apply_all((event,))

    # --- closing ---------------------------------------------------------------------

    def close(self, fold: JourneyFold, at: datetime, into: Tally, *, ended: bool) -> None:
        """Add to ``into`` what closing ``fold`` at ``at`` finds: dropped hand-offs,
        trailing unheld time and the journey's last node as an end. ``fold`` is
        not changed.

        At the journey's end every unanswered hand-off is dropped; closed by an
        ``as_of`` time (``ended=False``), one still within its design's SLA is in
        flight, not dropped.
        """
        for handoff, (from_body, to_body, items, sent_at) in fold.pending.items():
            if not ended and self._within_sla(fold.journey, from_body, to_body, at - sent_at):
                continue
            self._find(
                into,
                FindingKind.DROPPED_HANDOFF,
                fold,
                from_body,
                to_body,
                sent_at,
                at,
                items=items,
                handoff=handoff,
            )
        if not fold.open_cases and at > fold.held_until:
            self._find(
                into, FindingKind.UNHELD_TIME, fold, fold.last_holder, None, fold.held_until, at
            )
        if fold.last_step is not None:
            into.ends[fold.last_step[0]] += 1

    def close_open_journeys(self, as_of: datetime) -> Tally:
        """Close every open journey at ``as_of`` (pure: the folds are kept)."""
        closed = Tally()
        for fold in self.folds.values():
            if as_of < fold.last_at:
                raise AnalysisError(
                    f"as_of {as_of.isoformat()} is before the latest event of open journey "
                    f"{fold.journey} ({fold.last_at.isoformat()})"
                )
            self.close(fold, as_of, closed, ended=False)
        return closed

    def _within_sla(self, journey: UUID, from_body: str, to_body: str, waited: timedelta) -> bool:
        if self._handoff_sla is None:
            return False
        sla = self._handoff_sla(journey, from_body, to_body)
        return sla is not None and waited <= sla

    # --- handlers -----------------------------------------------------------------------

    def _find(
        self,
        into: Tally,
        kind: FindingKind,
        fold: JourneyFold,
        from_body: str | None,
        to_body: str | None,
        start: datetime,
        end: datetime,
        *,
        items: Collection[str] = (),
        handoff: str | None = None,
        detail: str | None = None,
    ) -> None:
        into.findings.append(
            Finding(
                kind,
                fold.journey,
                from_body,
                to_body,
                start,
                end,
                tuple(sorted(items)) if items else (),
                handoff,
                detail,
                self._classify(from_body, to_body) if self._classify else None,
            )
        )

    def _started(self, event: Journey.Started) -> None:
        if event.originator_id in self.folds:
            raise AnalysisError(f"journey {event.originator_id} started twice")
        self.folds[event.originator_id] = JourneyFold(
            event.originator_id, event.occurred_at, event.originator_version
        )
        self.tally.journeys_started += 1

    def _take_on(self, fold: JourneyFold, body: str, at: datetime) -> None:
        """A new hold starts at ``at``: report the unheld time before it, if any."""
        if not fold.open_cases and at > fold.held_until:
            self._find(
                self.tally,
                FindingKind.UNHELD_TIME,
                fold,
                fold.last_holder,
                body,
                fold.held_until,
                at,
            )

    def _step(self, fold: JourneyFold, body: str, label: str, at: datetime) -> None:
        node = (body, label)
        tally = self.tally
        previous = fold.last_step
        if previous is None:
            tally.starts[node] += 1
        else:
            edge = (previous[0], node)
            durations = tally.transitions.get(edge)
            if durations is None:
                durations = tally.transitions[edge] = array("d")
            durations.append((at - previous[1]).total_seconds())
        tally.visits[node] += 1
        fold.last_step = (node, at)

    def _case_opened(self, fold: JourneyFold, event: Journey.CaseOpened) -> None:
        body, at = event.body, event.occurred_at
        if fold.cases_opened and body not in fold.bodies_held and body not in fold.accepted_into:
            carrier: str | None
            if fold.open_cases:
                carrier, since = next(reversed(fold.open_cases))[0], at
            else:
                carrier, since = fold.last_holder, fold.held_until
            self._find(self.tally, FindingKind.COLD_TRANSFER, fold, carrier, body, since, at)
        self._take_on(fold, body, at)
        fold.open_cases[(body, event.service)] = at
        fold.run_body = None
        fold.held_until = at
        fold.bodies_held.add(body)
        fold.cases_opened += 1
        self._step(fold, body, event.service, at)

    def _case_closed(self, fold: JourneyFold, event: Journey.CaseClosed) -> None:
        del fold.open_cases[(event.body, event.service)]
        fold.held_until = event.occurred_at
        if not fold.open_cases:
            fold.last_holder = event.body

    def _touchpoint(self, fold: JourneyFold, event: Journey.Touchpoint) -> None:
        body, at = event.body, event.occurred_at
        if fold.run_body != body:
            self._take_on(fold, body, at)
            fold.run_body = body
        fold.held_until = at
        if not fold.open_cases:
            fold.last_holder = body
        fold.bodies_held.add(body)
        self._step(fold, body, event.activity, at)

    def _information_provided(self, fold: JourneyFold, event: Journey.InformationProvided) -> None:
        for item in event.items:
            fold.told.setdefault(item, {}).setdefault(event.body, event.occurred_at)

    def _information_requested(
        self, fold: JourneyFold, event: Journey.InformationRequested
    ) -> None:
        asker = event.body
        carried = fold.carried.get(asker, set())
        asked_again: dict[str, list[tuple[str, datetime]]] = {}
        for item in event.items:
            tellers = fold.told.get(item)
            if not tellers or item in carried:
                continue
            others = [(at, body) for body, at in tellers.items() if body != asker]
            if others:
                first_at, first_body = min(others)
                asked_again.setdefault(first_body, []).append((item, first_at))
        for teller, told in sorted(asked_again.items()):
            self._find(
                self.tally,
                FindingKind.REASK,
                fold,
                teller,
                asker,
                min(at for _, at in told),
                event.occurred_at,
                items=[item for item, _ in told],
            )

    def _handoff_sent(self, fold: JourneyFold, event: Journey.HandoffSent) -> None:
        fold.pending[event.handoff] = (
            event.from_body,
            event.to_body,
            tuple(sorted(event.items)),
            event.occurred_at,
        )
        self.tally.handoffs_sent[(event.from_body, event.to_body)] += 1

    def _handoff_accepted(self, fold: JourneyFold, event: Journey.HandoffAccepted) -> None:
        from_body, to_body, items, sent_at = fold.pending.pop(event.handoff)
        self._find(
            self.tally,
            FindingKind.HANDOFF_LATENCY,
            fold,
            from_body,
            to_body,
            sent_at,
            event.occurred_at,
            items=items,
            handoff=event.handoff,
        )
        fold.accepted_into.add(to_body)
        if items:
            fold.carried.setdefault(to_body, set()).update(items)

    def _handoff_rejected(self, fold: JourneyFold, event: Journey.HandoffRejected) -> None:
        from_body, to_body, items, sent_at = fold.pending.pop(event.handoff)
        self._find(
            self.tally,
            FindingKind.REJECTED_HANDOFF,
            fold,
            from_body,
            to_body,
            sent_at,
            event.occurred_at,
            items=items,
            handoff=event.handoff,
            detail=event.reason,
        )

    def _ended(self, fold: JourneyFold, event: Journey.Ended) -> None:
        self.close(fold, event.occurred_at, self.tally, ended=True)
        self.tally.journeys_ended += 1
        del self.folds[fold.journey]

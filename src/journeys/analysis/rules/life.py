"""The life-level part: what each journey event tells the citizen's :class:`CitizenFold`.

The two life-level gaps (``life_reask`` and ``missed_trigger``, defined on the
Gaps page) span a citizen's journeys. This part only records: the journey's
trigger, start and bodies, each fact the state was given (told by the citizen,
or carried by an accepted hand-off), each fact asked for. The findings are worked
out when an analysis is built (:func:`journeys.analysis.life_gaps.life_findings`),
from the whole of each citizen's record, so that they do not depend on the order
in which the journeys were folded.

It must run before the hand-offs in flight forget an accepted hand-off's items.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from uuid import UUID

from journeys.analysis.citizen_fold import CitizenFold, LifeJourney
from journeys.analysis.fold import JourneyFold
from journeys.analysis.rules.base import Handler, Part
from journeys.errors import AnalysisError
from journeys.journey import Journey
from journeys.life import life_id

_life_id = functools.lru_cache(maxsize=1 << 14)(life_id)
"""``life_id``, remembered for recent citizens (a citizen's journeys come together)."""


class LifeLevel(Part):
    """Keeps each citizen's record in ``citizens`` (the engine's, keyed by life id)."""

    def __init__(self, citizens: dict[UUID, CitizenFold]) -> None:
        self.citizens = citizens
        self.forget()

    def handlers(self) -> Mapping[type[Journey.Event], Handler]:
        return {
            Journey.Started: self.started,
            Journey.CaseOpened: self.took_on,
            Journey.Touchpoint: self.took_on,
            Journey.CaseClosed: self.closed,
            Journey.InformationProvided: self.provided,
            Journey.InformationRequested: self.requested,
            Journey.HandoffAccepted: self.accepted,
        }

    def forget(self) -> None:
        """Drop the cached record of the last journey (the engine calls it whenever it
        starts folding, since its citizen folds may have been replaced meanwhile)."""
        self._last: tuple[JourneyFold, CitizenFold, LifeJourney] | None = None

    def _record(self, fold: JourneyFold) -> tuple[JourneyFold, CitizenFold, LifeJourney]:
        """``fold``'s citizen fold and journey record, cached while consecutive events
        belong to one journey (an identity check instead of hashing two UUIDs)."""
        last = self._last
        if last is not None and last[0] is fold:
            return last
        life = self.citizens.get(fold.life) if fold.life is not None else None
        if life is None:
            raise AnalysisError(
                f"journey {fold.journey}: its citizen's fold was not given to the engine "
                "(resume a saved engine with its citizen folds as well as its journey folds)"
            )
        last = self._last = (fold, life, life.journeys[fold.life_number])
        return last

    def started(self, fold: JourneyFold, event: Journey.Started) -> None:
        key = fold.life = _life_id(event.citizen)
        life = self.citizens.get(key)
        if life is None:
            life = self.citizens[key] = CitizenFold(key)
        fold.life_number = len(life.journeys)
        journey = LifeJourney(fold.journey, event.trigger, event.occurred_at)
        life.journeys.append(journey)
        self._last = (fold, life, journey)

    def took_on(self, fold: JourneyFold, event: Journey.CaseOpened | Journey.Touchpoint) -> None:
        journey = self._record(fold)[2]
        if journey.first_body is None:
            journey.first_body = event.body
        journey.last_body = event.body

    def closed(self, fold: JourneyFold, event: Journey.CaseClosed) -> None:
        self._record(fold)[2].last_body = event.body

    def provided(self, fold: JourneyFold, event: Journey.InformationProvided) -> None:
        if event.items:
            self._record(fold)[1].given.append(
                (event.occurred_at, event.body, fold.life_number, tuple(sorted(event.items)))
            )

    def accepted(self, fold: JourneyFold, event: Journey.HandoffAccepted) -> None:
        _, to_body, items, _ = fold.pending[event.handoff]
        if items:  # already sorted
            self._record(fold)[1].given.append(
                (event.occurred_at, to_body, fold.life_number, items)
            )

    def requested(self, fold: JourneyFold, event: Journey.InformationRequested) -> None:
        if event.items:
            self._record(fold)[1].asked.append(
                (event.occurred_at, event.body, fold.life_number, tuple(sorted(event.items)))
            )

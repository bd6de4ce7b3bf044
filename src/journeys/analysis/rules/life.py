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

from collections.abc import Mapping
from uuid import UUID

from journeys.analysis.citizen_fold import CitizenFold, LifeJourney
from journeys.analysis.fold import JourneyFold
from journeys.analysis.rules.base import Handler, Part
from journeys.errors import AnalysisError
from journeys.journey import Journey
from journeys.life import life_id


class LifeLevel(Part):
    """Keeps each citizen's record in ``citizens`` (the engine's, keyed by life id)."""

    def __init__(self, citizens: dict[UUID, CitizenFold]) -> None:
        self.citizens = citizens

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

    def _life(self, fold: JourneyFold) -> CitizenFold:
        life = self.citizens.get(fold.life) if fold.life is not None else None
        if life is None:
            raise AnalysisError(
                f"journey {fold.journey}: its citizen's fold was not given to the engine "
                "(resume a saved engine with its citizen folds as well as its journey folds)"
            )
        return life

    def started(self, fold: JourneyFold, event: Journey.Started) -> None:
        key = fold.life = life_id(event.citizen)
        life = self.citizens.get(key)
        if life is None:
            life = self.citizens[key] = CitizenFold(key)
        life.journeys[fold.journey] = LifeJourney(event.trigger, event.occurred_at)

    def took_on(self, fold: JourneyFold, event: Journey.CaseOpened | Journey.Touchpoint) -> None:
        journey = self._life(fold).journeys[fold.journey]
        if journey.first_body is None:
            journey.first_body = event.body
        journey.last_body = event.body

    def closed(self, fold: JourneyFold, event: Journey.CaseClosed) -> None:
        self._life(fold).journeys[fold.journey].last_body = event.body

    def provided(self, fold: JourneyFold, event: Journey.InformationProvided) -> None:
        given = self._life(fold).given
        for item in event.items:
            given.setdefault(item, []).append((event.occurred_at, event.body, fold.journey))

    def accepted(self, fold: JourneyFold, event: Journey.HandoffAccepted) -> None:
        _, to_body, items, _ = fold.pending[event.handoff]
        given = self._life(fold).given
        for item in items:
            given.setdefault(item, []).append((event.occurred_at, to_body, fold.journey))

    def requested(self, fold: JourneyFold, event: Journey.InformationRequested) -> None:
        if event.items:
            self._life(fold).asked.append(
                (event.occurred_at, event.body, fold.journey, tuple(sorted(event.items)))
            )

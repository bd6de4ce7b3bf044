"""``journey_rows``: one row per stored journey, with its gap count, for listing and filtering.

:func:`journey_rows` reads the store's events once, summarising each journey
(its start, events, bodies and outcome) as the same events go through one
:func:`~journeys.analysis.analyse`, whose findings give each journey's gap count.
``journeys list`` prints these rows.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any
from uuid import UUID

import attrs

from journeys.analysis.batch import analyse
from journeys.analysis.findings import GAP_KINDS
from journeys.analysis.journey_facts import JourneyFacts, folding_facts
from journeys.application import JourneyApp
from journeys.bodies import Nation, parse_nation
from journeys.errors import AnalysisError
from journeys.journey import Journey
from journeys.journey_refs import CaseRef, imported_case


@attrs.frozen
class JourneyRow:
    """One journey of a store, as ``journeys list`` shows it.

    ``case`` is the imported log's case the journey was made from (``None`` for a
    journey recorded otherwise: see :func:`~journeys.application.imported_case`).
    ``outcome`` is the journey's own outcome, given when it ended
    (:meth:`Journey.end <journeys.Journey.end>`), ``None`` while it is open.
    ``events`` counts its recorded events, ``gaps`` its findings of the
    :data:`~journeys.analysis.GAP_KINDS` (hand-off latencies are measures, not
    gaps), and ``bodies`` are the bodies it touched, sorted: those its events are
    at, and the receivers of the hand-offs it sent once they answered (accepted or
    rejected); a hand-off never answered does not touch its receiver.
    """

    id: UUID
    case: CaseRef | None
    trigger: str
    nation: Nation
    started_at: datetime
    outcome: str | None
    events: int
    gaps: int
    bodies: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        """The row as JSON-ready data (``source`` and ``case`` are ``null`` when not imported)."""
        return {
            "id": str(self.id),
            "source": self.case.source if self.case else None,
            "case": self.case.case if self.case else None,
            "trigger": self.trigger,
            "nation": self.nation.value,
            "started_at": self.started_at.isoformat(),
            "outcome": self.outcome,
            "events": self.events,
            "gaps": self.gaps,
            "bodies": list(self.bodies),
        }


@attrs.define
class _Summary(JourneyFacts):
    # The journey's facts, as the filters fold them, and how many events it has.
    events: int = 0

    def add(self, event: Journey.Event) -> None:
        self.events += 1
        super().add(event)

    def row(self, gaps: int) -> JourneyRow:
        started = self.started
        return JourneyRow(
            id=started.originator_id,
            case=imported_case(started.citizen, started.originator_id),
            trigger=started.trigger,
            nation=started.nation,
            started_at=started.occurred_at,
            outcome=self.outcome,
            events=self.events,
            gaps=gaps,
            bodies=tuple(sorted(self.bodies)),
        )


def journey_rows(
    app: JourneyApp,
    *,
    nation: Nation | str | None = None,
    trigger: str | None = None,
    body: str | None = None,
    outcome: str | None = None,
    limit: int | None = None,
    as_of: datetime | None = None,
) -> list[JourneyRow]:
    """One :class:`JourneyRow` per journey of ``app``, in the order they were started.

    Filters keep the journeys of ``nation``, started by ``trigger``, that touched
    ``body`` (see :attr:`JourneyRow.bodies`), or that ended with ``outcome``; ``limit``
    keeps the first that many. Gaps are counted by one analysis of every journey
    (``as_of`` as for :func:`~journeys.analysis.analyse`: it closes open journeys,
    so their unanswered hand-offs count as dropped). Journeys of erased citizens
    are not listed. An unknown ``nation`` or a ``limit`` below 1 is an
    :class:`~journeys.errors.AnalysisError`.
    """
    wanted_nation = _nation(nation)
    if limit is not None and limit < 1:
        raise AnalysisError(f"limit must be at least 1, got {limit}")
    summaries: dict[UUID, _Summary] = {}
    events = (event for _, event in app.read_events())
    analysis = analyse(
        folding_facts(events, summaries, _Summary), catalogue=app.catalogue, as_of=as_of
    )
    gaps = Counter(f.journey for f in analysis.findings if f.kind in GAP_KINDS)
    rows = []
    for journey, summary in summaries.items():
        started = summary.started
        if (
            (wanted_nation is not None and started.nation is not wanted_nation)
            or (trigger is not None and started.trigger != trigger)
            or (body is not None and body not in summary.bodies)
            or (outcome is not None and summary.outcome != outcome)
        ):
            continue
        rows.append(summary.row(gaps[journey]))
        if limit is not None and len(rows) == limit:
            break
    return rows


def _nation(nation: Nation | str | None) -> Nation | None:
    if nation is None or isinstance(nation, Nation):
        return nation
    try:
        return parse_nation(nation)
    except ValueError as error:
        raise AnalysisError(str(error)) from None

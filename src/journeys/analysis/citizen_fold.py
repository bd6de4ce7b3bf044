"""The per-citizen state of the gap engine: what the life-level gaps need to know.

The engine folds per journey; the life-level gaps span a citizen's journeys, so
the engine also keeps one :class:`CitizenFold` per citizen, keyed by the id of
their life (:func:`journeys.life.life_id` of ``Journey.Started.citizen``: the
gap view never holds the citizen reference itself). It records facts, not findings: each journey's
trigger, start and bodies, every fact given to the state and every fact asked
for. The life-level findings are worked out from it when an analysis is built
(:mod:`journeys.analysis.life_gaps`), so they do not depend on the order in which
the journeys of a citizen were folded, nor on how they were chunked.

A tracked projection saves these folds beside the journey folds (as JSON derived
from the class, :mod:`.state_codec`) and clears them with the rest of the view
when it rebuilds after an erasure.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import attrs

from journeys.analysis import state_codec
from journeys.errors import AnalysisError

CITIZEN_FORMAT = 1
"""The format of saved citizen folds; another format cannot be resumed."""

Facts = tuple[datetime, str, int, tuple[str, ...]]
"""``(when, body, journey, sorted items)``: facts given to (or asked for by) ``body`` in
the citizen's journey number ``journey`` (its place in :attr:`CitizenFold.journeys`).
One tuple per event, holding numbers rather than UUIDs: the record of every citizen
is kept, and few objects the garbage collector must follow keep folding fast."""


@attrs.define(eq=True)
class LifeJourney:
    """One journey of the citizen as the life-level gaps see it.

    ``first_body`` is the first body to take the citizen on (case or touchpoint),
    ``last_body`` the last to open, touch or close a case in it so far.
    """

    journey: UUID
    trigger: str
    started_at: datetime
    first_body: str | None = None
    last_body: str | None = None


@attrs.define(eq=True)
class CitizenFold:
    """The gap engine's state for one citizen (mutable, internal)."""

    life: UUID
    """The citizen's life id (:func:`journeys.life.life_id`)."""
    # In the order folded (a journey's number is its place here).
    journeys: list[LifeJourney] = attrs.Factory(list)
    # Every time the state was given facts (told, or carried by an accepted hand-off),
    # and every request for facts, in the order folded.
    given: list[Facts] = attrs.Factory(list)
    asked: list[Facts] = attrs.Factory(list)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable form, read back by :meth:`from_dict`."""
        return {"format": CITIZEN_FORMAT, **state_codec.to_json(self)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CitizenFold:
        """Rebuild a citizen fold from :meth:`to_dict`'s output (another format is an
        :class:`~journeys.errors.AnalysisError`: reset the projection)."""
        if data.get("format") != CITIZEN_FORMAT:
            raise AnalysisError(
                "the gap projection was saved by an earlier version of journeys: reset it "
                "(GapTracker.reset()) and catch up again"
            )
        return state_codec.from_json(cls, data)

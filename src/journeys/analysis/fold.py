"""The per-journey state of the gap engine, and how it is stored between runs.

A :class:`JourneyFold` holds what the engine must remember about one open
journey to recognise gaps in its later events. Its fields are grouped by the
part of the engine that owns them (the holding tracker, the hand-offs in flight,
each rule); every part reads them, only the owner writes. It is dropped when the
journey ends, so the engine's memory grows with open journeys, not with events.

Folds are saved as JSON derived from the class itself (:mod:`.state_codec`), so
a new field is saved and resumed without further code.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import attrs

from journeys.analysis import state_codec
from journeys.analysis.tally import NodeKey
from journeys.bodies import Nation
from journeys.errors import AnalysisError

PendingHandoff = tuple[str, str, tuple[str, ...], datetime]
"""``(from_body, to_body, sorted items, sent_at)`` of a hand-off not yet answered."""

FOLD_FORMAT = 5
"""The format of saved folds; a fold saved in another format cannot be resumed
(5 added the journey's trigger and nation, and its open complaints)."""


@attrs.define(eq=True)
class StepTimes:
    """When a journey first and last had a (body, service) step, and closed its case."""

    first_at: datetime
    last_at: datetime
    is_case: bool
    closed_at: datetime | None = None


@attrs.define(eq=True)
class SentHandoff:
    """A hand-off as conformance sees it: when it was sent and how it was answered."""

    from_body: str
    to_body: str
    sent_at: datetime
    accepted_at: datetime | None = None
    rejected: bool = False


@attrs.define(eq=True)
class ConformanceRecord:
    """What conformance keeps of a journey that a blueprint covers.

    ``candidates`` are the ``(blueprint id, nation)`` designs it may be judged
    against (several blueprints can share a trigger).
    """

    candidates: tuple[tuple[str, Nation], ...]
    steps: dict[tuple[str, str], StepTimes] = attrs.Factory(dict)
    handoffs: dict[str, SentHandoff] = attrs.Factory(dict)


@attrs.define(eq=True)
class JourneyFold:
    """The gap engine's state for one open journey (mutable, internal)."""

    journey: UUID
    started_at: datetime
    version: int
    last_at: datetime

    # The holding tracker: who holds the citizen, and since when.
    # (body, service) -> opened at; insertion order gives the latest-opened case.
    open_cases: dict[tuple[str, str], datetime] = attrs.Factory(dict)
    # The citizen is held (by a case or a touchpoint run) at least until held_until;
    # last_holder is the body whose hold ended there (None before the first hold).
    held_until: datetime = attrs.Factory(lambda self: self.started_at, takes_self=True)
    last_holder: str | None = None
    # The body of the current run of touchpoints (None when no run is active).
    run_body: str | None = None
    bodies_held: set[str] = attrs.Factory(set)
    cases_opened: int = 0

    # Hand-offs in flight: sent and not yet answered.
    pending: dict[str, PendingHandoff] = attrs.Factory(dict)

    # The cold-transfer rule: bodies an accepted hand-off brought the citizen to.
    accepted_into: set[str] = attrs.Factory(set)

    # The re-ask rule: item -> {body: first time the citizen told that body}, and the
    # items accepted hand-offs carried to each body.
    told: dict[str, dict[str, datetime]] = attrs.Factory(dict)
    carried: dict[str, set[str]] = attrs.Factory(dict)

    # The journey map: the last node counted and when it completed; and, from the
    # journey's first step with a start time, the steps held back until it closes
    # (node, start, completion), since a step recorded later may have started earlier.
    last_step: tuple[NodeKey, datetime] | None = None
    held_steps: list[tuple[NodeKey, datetime, datetime]] | None = None

    # Conformance, when the engine checks blueprints and one covers this journey.
    conformance: ConformanceRecord | None = None

    # The life-level gaps: the id of the citizen's life (their CitizenFold's key), and
    # this journey's number in it.
    life: UUID | None = None
    life_number: int = 0

    # The citizen's voice: the journey's trigger and nation (set when it starts, so each
    # piece of feedback can be compared like with like), and the body each complaint
    # not yet resolved was made to.
    trigger: str = ""
    nation: str = ""
    complaints: dict[str, str] = attrs.Factory(dict)

    @classmethod
    def started(cls, journey: UUID, started_at: datetime, version: int) -> JourneyFold:
        """The fold of a journey that has just started."""
        return cls(journey, started_at, version, started_at)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable form, read back by :meth:`from_dict`."""
        return {"format": FOLD_FORMAT, **state_codec.to_json(self)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> JourneyFold:
        """Rebuild a fold from :meth:`to_dict`'s output.

        A fold saved by an earlier version of journeys (another format) is an
        :class:`~journeys.errors.AnalysisError`: reset the projection and catch up.
        """
        if data.get("format") != FOLD_FORMAT:
            raise AnalysisError(
                "the gap projection was saved by an earlier version of journeys: reset it "
                "(GapTracker.reset()) and catch up again"
            )
        return state_codec.from_json(cls, data)

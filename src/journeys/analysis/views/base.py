"""The gap view: where a tracked projection keeps the analysis between runs.

A view stores the engine's tally (findings, transitions, node and hand-off
counts, and the citizen's voice: feedback, complaints, bodies' journeys and
channels), the folds of open journeys, the citizen folds (what the life-level gaps
are worked out from) and the tracking position, and writes each
batch of them in one transaction, so a crash never counts an event twice or
loses one. There is one view class per store: in memory, SQLite, PostgreSQL.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Collection
from uuid import UUID

import attrs
from eventsourcing.persistence import Tracking, TrackingRecorder

from journeys.analysis.citizen_fold import CitizenFold
from journeys.analysis.fold import JourneyFold
from journeys.analysis.tally import Tally

TALLY_FORMAT = 2
"""The format of the tally a view stores (2 added the citizen's voice: feedback,
complaints, the journeys each body took the citizen on in, and channels). A view
whose updates were saved in another format is refused until it is rebuilt."""


@attrs.frozen
class ViewUpdate:
    """One batch for a view: what the batch added, and the folds it changed."""

    delta: Tally
    changed_folds: tuple[JourneyFold, ...]
    ended_journeys: tuple[UUID, ...]
    tracking: Tracking
    design: str = "none"
    """Which blueprints the projection checks (:func:`journeys.analysis.projection.design_key`)."""
    erasures: int = 0
    """The store's erasure generation (:meth:`journeys.JourneyApp.erasures`) when the
    projection started reading the events of this update."""
    changed_citizens: tuple[CitizenFold, ...] = ()
    """The citizen folds (life-level state) the batch changed; they are never deleted
    but with the whole view."""


class GapView(TrackingRecorder, ABC):
    """A materialised view of the gap analysis, with its tracking position."""

    @abstractmethod
    def record(self, update: ViewUpdate) -> None:
        """Write ``update`` and its tracking position in one transaction."""

    @abstractmethod
    def load_folds(self, journeys: Collection[UUID]) -> dict[UUID, JourneyFold]:
        """The stored folds of those of ``journeys`` that are open."""

    @abstractmethod
    def load_citizens(self, lives: Collection[UUID]) -> dict[UUID, CitizenFold]:
        """The stored citizen folds of those of ``lives`` (life ids) the view has."""

    @abstractmethod
    def citizen_folds(self) -> list[CitizenFold]:
        """The fold of every citizen seen."""

    @abstractmethod
    def tally(self) -> Tally:
        """Everything recorded so far, as one tally."""

    @abstractmethod
    def open_folds(self) -> list[JourneyFold]:
        """The folds of every open journey."""

    @abstractmethod
    def designs(self) -> set[str]:
        """The designs (blueprint sets) the recorded updates were folded with."""

    @abstractmethod
    def erasures(self) -> set[int]:
        """The store's erasure generations the recorded updates were folded at."""

    @abstractmethod
    def citizen_formats(self) -> set[int]:
        """The formats of the citizen folds the recorded updates saved (none in a view
        built before there were citizen folds)."""

    @abstractmethod
    def tally_formats(self) -> set[int]:
        """The formats of the tally the recorded updates saved (:data:`TALLY_FORMAT`;
        none in a view built before the tally held the citizen's voice)."""

    @abstractmethod
    def clear(self, application_name: str) -> None:
        """Forget everything, and the position in ``application_name``'s log, in one
        transaction (the next catch-up starts from the first event)."""

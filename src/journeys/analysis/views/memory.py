"""The in-memory gap view (tests, notebooks)."""

from __future__ import annotations

from collections.abc import Collection
from uuid import UUID

from eventsourcing.popo import POPOTrackingRecorder

from journeys.analysis.citizen_fold import CITIZEN_FORMAT, CitizenFold
from journeys.analysis.fold import JourneyFold
from journeys.analysis.tally import Tally
from journeys.analysis.views import rows
from journeys.analysis.views.base import TALLY_FORMAT, GapView, ViewUpdate


class POPOGapView(POPOTrackingRecorder, GapView):
    """Keeps the view in this process's memory; each update is applied under one lock."""

    def __init__(self) -> None:
        super().__init__()
        self._tally = Tally()
        # Folds are stored serialised, as in the database views, so the cache of a
        # projection never shares (and mutates) the view's copy.
        self._folds: dict[UUID, str] = {}
        self._citizens: dict[UUID, str] = {}
        self._designs: set[str] = set()
        self._erasures: set[int] = set()
        self._citizen_formats: set[int] = set()
        self._tally_formats: set[int] = set()

    def record(self, update: ViewUpdate) -> None:
        changed = {fold.journey: rows.fold_json(fold) for fold in update.changed_folds}
        citizens = {c.life: rows.citizen_json(c) for c in update.changed_citizens}
        with self._database_lock:
            # Everything that can fail happens before the first change, so an update
            # is applied whole or not at all.
            self._assert_tracking_uniqueness(update.tracking)
            self._insert_tracking(update.tracking)
            self._tally.merge(update.delta)
            self._designs.add(update.design)
            self._erasures.add(update.erasures)
            self._citizen_formats.add(CITIZEN_FORMAT)
            self._tally_formats.add(TALLY_FORMAT)
            for journey in update.ended_journeys:
                self._folds.pop(journey, None)
            self._folds.update(changed)
            self._citizens.update(citizens)

    def load_folds(self, journeys: Collection[UUID]) -> dict[UUID, JourneyFold]:
        with self._database_lock:
            return {
                journey: rows.fold_from_json(self._folds[journey])
                for journey in journeys
                if journey in self._folds
            }

    def load_citizens(self, lives: Collection[UUID]) -> dict[UUID, CitizenFold]:
        with self._database_lock:
            return {
                life: rows.citizen_from_json(self._citizens[life])
                for life in lives
                if life in self._citizens
            }

    def citizen_folds(self) -> list[CitizenFold]:
        with self._database_lock:
            return [rows.citizen_from_json(text) for text in self._citizens.values()]

    def tally(self) -> Tally:
        with self._database_lock:
            return self._tally.copy()

    def open_folds(self) -> list[JourneyFold]:
        with self._database_lock:
            return [rows.fold_from_json(text) for text in self._folds.values()]

    def designs(self) -> set[str]:
        with self._database_lock:
            return set(self._designs)

    def erasures(self) -> set[int]:
        with self._database_lock:
            return set(self._erasures)

    def citizen_formats(self) -> set[int]:
        with self._database_lock:
            return set(self._citizen_formats)

    def tally_formats(self) -> set[int]:
        with self._database_lock:
            return set(self._tally_formats)

    def clear(self, application_name: str) -> None:
        with self._database_lock:
            self._citizen_formats.clear()
            self._tally_formats.clear()
            self._tally = Tally()
            self._designs.clear()
            self._erasures.clear()
            self._folds.clear()
            self._citizens.clear()
            self._max_tracking_ids.pop(application_name, None)

"""The per-journey state of the gap engine, and how it is stored between runs.

A :class:`JourneyFold` holds what the engine must remember about one open
journey to recognise gaps in its later events: open cases, who last held the
citizen and until when, the current touchpoint run, hand-offs in flight, facts
told and facts carried. It is dropped when the journey ends, so the engine's
memory grows with open journeys, not with events.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from journeys.analysis.tally import NodeKey

PendingHandoff = tuple[str, str, tuple[str, ...], datetime]
"""``(from_body, to_body, sorted items, sent_at)`` of a hand-off not yet answered."""


class JourneyFold:
    """The gap engine's state for one open journey (mutable, internal)."""

    __slots__ = (
        "accepted_into",
        "bodies_held",
        "carried",
        "cases_opened",
        "held_until",
        "journey",
        "last_at",
        "last_holder",
        "last_step",
        "open_cases",
        "pending",
        "run_body",
        "started_at",
        "told",
        "version",
    )

    def __init__(self, journey: UUID, started_at: datetime, version: int) -> None:
        self.journey = journey
        self.started_at = started_at
        self.last_at = started_at
        self.version = version
        # (body, service) -> opened at; insertion order gives the latest-opened case.
        self.open_cases: dict[tuple[str, str], datetime] = {}
        # The citizen is held (by a case or a touchpoint run) at least until held_until;
        # last_holder is the body whose hold ended there (None before the first hold).
        self.held_until = started_at
        self.last_holder: str | None = None
        # The body of the current run of touchpoints (None when no run is active).
        self.run_body: str | None = None
        self.bodies_held: set[str] = set()
        self.accepted_into: set[str] = set()
        self.carried: dict[str, set[str]] = {}
        # item -> {body: first time the citizen told that body}
        self.told: dict[str, dict[str, datetime]] = {}
        self.pending: dict[str, PendingHandoff] = {}
        self.cases_opened = 0
        self.last_step: tuple[NodeKey, datetime] | None = None

    # --- storage -------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable form, read back by :meth:`from_dict`."""
        return {
            "journey": str(self.journey),
            "started_at": self.started_at.isoformat(),
            "last_at": self.last_at.isoformat(),
            "version": self.version,
            "open_cases": [
                [body, service, at.isoformat()] for (body, service), at in self.open_cases.items()
            ],
            "held_until": self.held_until.isoformat(),
            "last_holder": self.last_holder,
            "run_body": self.run_body,
            "bodies_held": sorted(self.bodies_held),
            "accepted_into": sorted(self.accepted_into),
            "carried": {body: sorted(items) for body, items in sorted(self.carried.items())},
            "told": {
                item: {body: at.isoformat() for body, at in sorted(bodies.items())}
                for item, bodies in sorted(self.told.items())
            },
            "pending": [
                [handoff, from_body, to_body, sorted(items), sent_at.isoformat()]
                for handoff, (from_body, to_body, items, sent_at) in self.pending.items()
            ],
            "cases_opened": self.cases_opened,
            "last_step": (
                None
                if self.last_step is None
                else [self.last_step[0][0], self.last_step[0][1], self.last_step[1].isoformat()]
            ),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> JourneyFold:
        """Rebuild a fold from :meth:`to_dict`'s output."""
        when = datetime.fromisoformat
        fold = cls(UUID(data["journey"]), when(data["started_at"]), data["version"])
        fold.last_at = when(data["last_at"])
        fold.open_cases = {(body, service): when(at) for body, service, at in data["open_cases"]}
        fold.held_until = when(data["held_until"])
        fold.last_holder = data["last_holder"]
        fold.run_body = data["run_body"]
        fold.bodies_held = set(data["bodies_held"])
        fold.accepted_into = set(data["accepted_into"])
        fold.carried = {body: set(items) for body, items in data["carried"].items()}
        fold.told = {
            item: {body: when(at) for body, at in bodies.items()}
            for item, bodies in data["told"].items()
        }
        fold.pending = {
            handoff: (from_body, to_body, tuple(items), when(sent_at))
            for handoff, from_body, to_body, items, sent_at in data["pending"]
        }
        fold.cases_opened = data["cases_opened"]
        step = data["last_step"]
        fold.last_step = None if step is None else ((step[0], step[1]), when(step[2]))
        return fold

    def __eq__(self, other: object) -> bool:
        return isinstance(other, JourneyFold) and self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]  # mutable: not hashable

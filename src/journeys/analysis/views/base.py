"""The gap view: where a tracked projection keeps the analysis between runs.

A view stores the engine's tally (findings, transitions, node and hand-off
counts), the folds of open journeys and the tracking position, and writes each
batch of them in one transaction, so a crash never counts an event twice or
loses one. There is one view class per store: in memory, SQLite, PostgreSQL.
"""

from __future__ import annotations

import json
import sys
from abc import ABC, abstractmethod
from array import array
from collections.abc import Collection, Iterable
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import attrs
from eventsourcing.persistence import Tracking, TrackingRecorder

from journeys.analysis.findings import Finding, FindingKind
from journeys.analysis.fold import JourneyFold
from journeys.analysis.tally import Tally


@attrs.frozen
class ViewUpdate:
    """One batch for a view: what the batch added, and the folds it changed."""

    delta: Tally
    changed_folds: tuple[JourneyFold, ...]
    ended_journeys: tuple[UUID, ...]
    tracking: Tracking
    design: str = "none"
    """Which blueprints the projection checks (:func:`journeys.analysis.projection.design_key`)."""


class GapView(TrackingRecorder, ABC):
    """A materialised view of the gap analysis, with its tracking position."""

    @abstractmethod
    def record(self, update: ViewUpdate) -> None:
        """Write ``update`` and its tracking position in one transaction."""

    @abstractmethod
    def load_folds(self, journeys: Collection[UUID]) -> dict[UUID, JourneyFold]:
        """The stored folds of those of ``journeys`` that are open."""

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
    def clear(self, application_name: str) -> None:
        """Forget everything, and the position in ``application_name``'s log, in one
        transaction (the next catch-up starts from the first event)."""


# --- row codecs shared by the SQL views ---------------------------------------------------

FINDING_COLUMNS = (
    "kind",
    "journey",
    "from_body",
    "to_body",
    "start_at",
    "end_at",
    "duration_seconds",
    "items",
    "handoff",
    "detail",
)


def finding_row(finding: Finding, *, times_as_text: bool) -> tuple[Any, ...]:
    """``finding`` as a row of :data:`FINDING_COLUMNS`."""
    start: Any = finding.start.isoformat() if times_as_text else finding.start
    end: Any = finding.end.isoformat() if times_as_text else finding.end
    return (
        str(finding.kind),
        str(finding.journey),
        finding.from_body,
        finding.to_body,
        start,
        end,
        finding.duration_seconds,
        json.dumps(finding.items) if finding.items else "[]",
        finding.handoff,
        finding.detail,
    )


def finding_from_row(row: Any) -> Finding:
    """Read back a row written by :func:`finding_row` (text or native times)."""
    return Finding(
        kind=FindingKind(row["kind"]),
        journey=UUID(row["journey"]),
        from_body=row["from_body"],
        to_body=row["to_body"],
        start=_time(row["start_at"]),
        end=_time(row["end_at"]),
        items=tuple(json.loads(row["items"])),
        handoff=row["handoff"],
        detail=row["detail"],
    )


DESIGN_COUNTER = "design:"
"""Counters named ``design:<key>`` count the updates folded with each design, so a view
knows which blueprints it was built with (and the counters are cleared with the rest)."""


def counter_rows(update: ViewUpdate) -> list[tuple[str, int]]:
    """The counter increments of ``update``: journeys started and ended, and its design."""
    delta = update.delta
    return [
        ("journeys_started", delta.journeys_started),
        ("journeys_ended", delta.journeys_ended),
        (DESIGN_COUNTER + update.design, 1),
    ]


def tally_from_rows(
    *,
    findings: Iterable[Any],
    transitions: Iterable[Any],
    nodes: Iterable[Any],
    handoffs: Iterable[Any],
    counters: Iterable[Any],
) -> Tally:
    """Rebuild a tally from the rows of the SQL views' tables (rows are mappings)."""
    tally = Tally()
    tally.findings = [finding_from_row(row) for row in findings]
    for row in transitions:
        edge = ((row["from_body"], row["from_label"]), (row["to_body"], row["to_label"]))
        tally.transitions.setdefault(edge, array("d")).extend(unpack_durations(row["durations"]))
    for row in nodes:
        node = (row["body"], row["label"])
        for counter, column in (
            (tally.visits, "visits"),
            (tally.starts, "starts"),
            (tally.ends, "ends"),
        ):
            if row[column]:
                counter[node] = row[column]
    for row in handoffs:
        tally.handoffs_sent[(row["from_body"], row["to_body"])] = row["sent"]
    values = {row["name"]: row["value"] for row in counters}
    tally.journeys_started = values.get("journeys_started", 0)
    tally.journeys_ended = values.get("journeys_ended", 0)
    return tally


def _time(value: str | datetime) -> datetime:
    when = datetime.fromisoformat(value) if isinstance(value, str) else value
    return when.astimezone(UTC)


def pack_durations(values: array[float]) -> bytes:
    """Durations as little-endian float64 bytes."""
    if sys.byteorder == "big":  # pragma: no cover - the machines here are little-endian
        values = array("d", values)
        values.byteswap()
    return values.tobytes()


def unpack_durations(data: bytes) -> array[float]:
    """Read back :func:`pack_durations`."""
    values = array("d")
    values.frombytes(bytes(data))
    if sys.byteorder == "big":  # pragma: no cover
        values.byteswap()
    return values


def fold_json(fold: JourneyFold) -> str:
    """A fold as JSON text."""
    return json.dumps(fold.to_dict(), separators=(",", ":"))


def fold_from_json(text: str | dict[str, Any]) -> JourneyFold:
    """Read back :func:`fold_json` (or an already-parsed JSON value)."""
    data = json.loads(text) if isinstance(text, str) else text
    return JourneyFold.from_dict(data)

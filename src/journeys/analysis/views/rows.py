"""Rows: how the SQL gap views write a view update and read a tally back.

The SQLite and PostgreSQL views differ in their SQL; the rows they write and read
are the same, and are made here.
"""

from __future__ import annotations

import json
import sys
from array import array
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from journeys.analysis.citizen_fold import CITIZEN_FORMAT, CitizenFold
from journeys.analysis.findings import Finding, FindingKind
from journeys.analysis.fold import JourneyFold
from journeys.analysis.tally import FeedbackRecord, Tally
from journeys.analysis.views.base import TALLY_FORMAT, ViewUpdate

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


ERASURES_COUNTER = "erasures:"
"""Counters named ``erasures:<n>`` count the updates folded at the store's erasure
generation ``n``, so a view knows whether citizens were erased since it was built."""


CITIZENS_COUNTER = "citizens:"
"""Counters named ``citizens:<format>`` count the updates that saved citizen folds in
that format, so a view built before there were citizen folds (or in another format)
is refused rather than silently missing the life-level gaps of what it folded."""


TALLY_COUNTER = "tally:"
"""Counters named ``tally:<format>`` count the updates that saved the tally in that
format (:data:`~journeys.analysis.views.base.TALLY_FORMAT`), so a view built before
the tally held the citizen's voice is refused rather than silently missing it."""


def counter_rows(update: ViewUpdate) -> list[tuple[str, int]]:
    """The counter increments of ``update``: journeys started and ended, its design, its
    erasure generation, its citizen folds' format and its tally's format."""
    delta = update.delta
    return [
        ("journeys_started", delta.journeys_started),
        ("journeys_ended", delta.journeys_ended),
        (DESIGN_COUNTER + update.design, 1),
        (ERASURES_COUNTER + str(update.erasures), 1),
        (CITIZENS_COUNTER + str(CITIZEN_FORMAT), 1),
        (TALLY_COUNTER + str(TALLY_FORMAT), 1),
    ]


FEEDBACK_COLUMNS = (
    "journey",
    "journey_trigger",  # not "trigger": a keyword of SQL
    "journey_nation",
    "body",
    "about",
    "instrument",
    "answer",
    "score",
    "themes",
    "channel",
    "occurred_at",
)


def feedback_row(record: FeedbackRecord, *, times_as_text: bool) -> tuple[Any, ...]:
    """``record`` as a row of :data:`FEEDBACK_COLUMNS` (themes as a JSON list)."""
    return (
        str(record.journey),
        record.trigger,
        record.nation,
        record.body,
        record.about,
        record.instrument,
        record.answer,
        record.score,
        json.dumps(record.themes),
        record.channel,
        record.occurred_at.isoformat() if times_as_text else record.occurred_at,
    )


def feedback_from_row(row: Any) -> FeedbackRecord:
    """Read back a row written by :func:`feedback_row` (text or native times)."""
    score = row["score"]
    return FeedbackRecord(
        journey=UUID(row["journey"]),
        trigger=row["journey_trigger"],
        nation=row["journey_nation"],
        body=row["body"],
        about=row["about"],
        instrument=row["instrument"],
        answer=row["answer"],
        score=None if score is None else float(score),
        themes=tuple(json.loads(row["themes"])),
        channel=row["channel"],
        occurred_at=_time(row["occurred_at"]),
    )


def complaint_rows(delta: Tally) -> list[tuple[Any, ...]]:
    """``(body, status, complaints)`` per body and status (``made`` or an outcome)."""
    return [(*key, count) for key, count in delta.complaints.items()]


def body_journey_rows(delta: Tally) -> list[tuple[Any, ...]]:
    """``(body, journeys)`` per body that took a citizen on."""
    return list(delta.body_journeys.items())


def channel_rows(delta: Tally) -> list[tuple[Any, ...]]:
    """``(body, channel, uses)`` per body and channel."""
    return [(*key, count) for key, count in delta.channels.items()]


TALLY_TABLES = (
    "findings",
    "transitions",
    "nodes",
    "handoffs",
    "counters",
    "feedback",
    "complaints",
    "body_journeys",
    "channels",
)
"""The SQL views' tables a tally is read back from (each a keyword of :func:`tally_from_rows`)."""

ORDERED_TABLES = frozenset({"findings", "transitions", "feedback"})
"""The tables whose rows are read back in the order they were written (by ``id``)."""


def tally_from_rows(
    *,
    findings: Iterable[Any],
    transitions: Iterable[Any],
    nodes: Iterable[Any],
    handoffs: Iterable[Any],
    counters: Iterable[Any],
    feedback: Iterable[Any],
    complaints: Iterable[Any],
    body_journeys: Iterable[Any],
    channels: Iterable[Any],
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
    tally.feedback = [feedback_from_row(row) for row in feedback]
    for row in complaints:
        tally.complaints[(row["body"], row["status"])] = row["complaints"]
    for row in body_journeys:
        tally.body_journeys[row["body"]] = row["journeys"]
    for row in channels:
        tally.channels[(row["body"], row["channel"])] = row["uses"]
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


def citizen_json(citizen: CitizenFold) -> str:
    """A citizen fold as JSON text."""
    return json.dumps(citizen.to_dict(), separators=(",", ":"))


def citizen_from_json(text: str | dict[str, Any]) -> CitizenFold:
    """Read back :func:`citizen_json` (or an already-parsed JSON value)."""
    data = json.loads(text) if isinstance(text, str) else text
    return CitizenFold.from_dict(data)


def transition_rows(delta: Tally) -> list[tuple[Any, ...]]:
    """``(from_body, from_label, to_body, to_label, packed durations)`` per edge."""
    return [
        (*source, *target, pack_durations(values))
        for (source, target), values in delta.transitions.items()
    ]


def node_rows(delta: Tally) -> list[tuple[Any, ...]]:
    """``(body, label, visits, starts, ends)`` per node the update counts."""
    nodes = set(delta.visits) | set(delta.starts) | set(delta.ends)
    return [
        (*node, delta.visits.get(node, 0), delta.starts.get(node, 0), delta.ends.get(node, 0))
        for node in nodes
    ]


def handoff_rows(delta: Tally) -> list[tuple[Any, ...]]:
    """``(from_body, to_body, sent)`` per pair of bodies."""
    return [(*pair, count) for pair, count in delta.handoffs_sent.items()]


class CounterNames:
    """A SQL view's :meth:`~journeys.analysis.views.GapView.designs` and
    :meth:`~journeys.analysis.views.GapView.erasures`, read from the names of its
    counters (the view says how to find counters by the start of their names)."""

    def _counters_named(self, prefix: str) -> set[str]:
        raise NotImplementedError

    def designs(self) -> set[str]:
        """The designs (blueprint sets) the recorded updates were folded with."""
        return self._counters_named(DESIGN_COUNTER)

    def erasures(self) -> set[int]:
        """The store's erasure generations the recorded updates were folded at."""
        return {int(count) for count in self._counters_named(ERASURES_COUNTER)}

    def citizen_formats(self) -> set[int]:
        """The formats of the citizen folds the recorded updates saved."""
        return {int(count) for count in self._counters_named(CITIZENS_COUNTER)}

    def tally_formats(self) -> set[int]:
        """The formats of the tally the recorded updates saved."""
        return {int(count) for count in self._counters_named(TALLY_COUNTER)}

"""Saving a feedback file: every row checked first, then journeys and counts written.

:func:`save_feedback` takes a :class:`~journeys.interop.feedback_rows.FeedbackFile`
and, saving nothing yet, finds each answer's journey, checks its body against the
app's catalogue and records it on the loaded journey (so the journey's own rules
apply: an answer dated before the journey's last event is refused, naming the file,
line and value). Answers whose journey is not found are refused, or counted at
body level when ``unmatched="body-level"``. Only when every row passed are the
journeys saved (in transactions of :data:`JOURNEYS_PER_TRANSACTION`) and the
body-level counts recorded.

Importing the same file again adds nothing: an answer the journey already holds
(same body, subject, instrument, answer and time) is skipped, and body-level
counts have deterministic ids (:mod:`journeys.voice.body_feedback`).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Literal
from uuid import UUID

import attrs

from journeys.errors import JourneyRuleError, UnknownBodyError
from journeys.interop.feedback_journeys import JourneyIndex
from journeys.interop.feedback_rows import (
    BodyAnswer,
    FeedbackFile,
    FeedbackFileError,
    JourneyAnswer,
    monthly_counts,
)
from journeys.journey import Journey
from journeys.store_errors import store_errors
from journeys.voice.body_feedback import body_feedback_id, checked_record
from journeys.voice.body_feedback_record import BodyFeedbackRecord

if TYPE_CHECKING:
    from journeys.application import JourneyApp

__all__ = ["JOURNEYS_PER_TRANSACTION", "FeedbackReport", "Unmatched", "save_feedback"]

JOURNEYS_PER_TRANSACTION = 500
"""Journeys saved per transaction (every row is checked before the first)."""

Unmatched = Literal["refuse", "body-level"]
"""What becomes of an answer whose journey is not found."""


@attrs.frozen
class FeedbackReport:
    """What a feedback import did."""

    path: Path
    format: str
    source: str
    rows: int
    """Rows (stories) read."""
    on_journeys: int
    """Answers recorded on journeys now."""
    on_journeys_already: int
    """Answers the journeys held already (an import run again)."""
    body_records: int
    """Body-level counts (one per body, subject and month) recorded now."""
    body_records_already: int
    body_answers: int
    """Answers in the body-level counts recorded now."""
    skipped: Mapping[str, int]
    """Rows left out, by reason."""
    seconds: float

    def summary(self) -> str:
        """One line saying what was written."""
        parts = []
        if self.on_journeys or self.on_journeys_already:
            parts.append(
                f"{self.on_journeys:,} answers recorded on journeys "
                f"({self.on_journeys_already:,} already there)"
            )
        if self.body_records or self.body_records_already:
            parts.append(
                f"{self.body_records:,} body-level counts of {self.body_answers:,} answers "
                f"recorded ({self.body_records_already:,} already there)"
            )
        parts.extend(f"{count:,} skipped ({why})" for why, count in self.skipped.items())
        written = "; ".join(parts) if parts else "nothing to record"
        return (
            f"{self.path.name} ({self.format}): {self.rows:,} rows; {written}; "
            f"{self.seconds:.2f} s."
        )


def save_feedback(
    app: JourneyApp, feedback: FeedbackFile, *, unmatched: Unmatched = "refuse"
) -> FeedbackReport:
    """Check every answer of ``feedback``, then write them to ``app``'s store; see the
    module documentation. Raises :class:`~journeys.interop.feedback_rows.FeedbackFileError`
    (nothing written) for the first row that cannot be recorded."""
    began = time.perf_counter()
    body_answers = list(feedback.body_answers)
    matched: dict[UUID, list[JourneyAnswer]] = {}
    if feedback.journey_answers:
        index = JourneyIndex(app)
        for answer in feedback.journey_answers:
            found = index.find(answer.reference) if answer.reference is not None else None
            if isinstance(found, UUID):
                matched.setdefault(found, []).append(answer)
                continue
            if isinstance(found, tuple):
                raise _error(
                    feedback,
                    answer,
                    f"reference {answer.reference!r} names journeys of several logs: give "
                    f"one of {', '.join(found)}",
                )
            if unmatched == "body-level":
                body_answers.append(_body_answer(answer))
                continue
            raise _error(
                feedback,
                answer,
                f"no journey in the store has reference {answer.reference!r} (list them with "
                "`journeys list`; import with --unmatched body-level to count such rows for "
                "their body instead)",
            )
    for body_answer in body_answers:
        _require_body(app, feedback, body_answer.body, body_answer.line)
    journeys, added, already = _recorded(app, feedback, matched)
    records = [*monthly_counts(body_answers, feedback.source), *feedback.body_counts]
    for record in records:
        _check_record(app, feedback, record)
    with store_errors("read the body feedback"):
        new_answers = sum(
            sum(record.answers.values())
            for record in records
            if not app.recorder.select_events(body_feedback_id(checked_record(record)), limit=1)
        )
    for start in range(0, len(journeys), JOURNEYS_PER_TRANSACTION):
        app.save(*journeys[start : start + JOURNEYS_PER_TRANSACTION])
    written = app.record_body_feedback(records)
    return FeedbackReport(
        path=feedback.path,
        format=feedback.format,
        source=feedback.source,
        rows=feedback.rows,
        on_journeys=added,
        on_journeys_already=already,
        body_records=written,
        body_records_already=len(records) - written,
        body_answers=new_answers,
        skipped=dict(feedback.skipped),
        seconds=time.perf_counter() - began,
    )


def _recorded(
    app: JourneyApp, feedback: FeedbackFile, matched: Mapping[UUID, list[JourneyAnswer]]
) -> tuple[list[Journey], int, int]:
    """The journeys with their new answers pending, and how many answers were added and
    found already recorded."""
    journeys: list[Journey] = []
    added = already = 0
    for journey_id, answers in matched.items():
        events = app.journey_events(journey_id)
        held = {
            _key(event.body, event.about, event.instrument, event.answer, event.occurred_at)
            for event in events
            if isinstance(event, Journey.FeedbackGiven)
        }
        last = events[-1].occurred_at
        journey = _rebuilt(events)
        for answer in sorted(answers, key=lambda a: (a.occurred_at, a.line)):
            _require_body(app, feedback, answer.body, answer.line)
            key = _key(
                answer.body, answer.about, answer.instrument, answer.answer, answer.occurred_at
            )
            if key in held:
                already += 1
                continue
            if answer.occurred_at < last:
                raise _error(
                    feedback,
                    answer,
                    f"feedback dated {answer.occurred_at.isoformat()} is before the last event "
                    f"of journey {answer.reference} ({last.isoformat()})",
                )
            try:
                journey.give_feedback(
                    answer.body,
                    answer.about,
                    answer.instrument,
                    answer.answer,
                    occurred_at=answer.occurred_at,
                    themes=answer.themes,
                    channel=answer.channel,
                    reference=answer.comment_ref,
                )
            except JourneyRuleError as problem:
                raise _error(feedback, answer, f"journey {answer.reference}: {problem}") from None
            held.add(key)
            added += 1
        if journey.pending_events:
            journeys.append(journey)
    return journeys, added, already


def _rebuilt(events: list[Journey.Event]) -> Journey:
    """The journey from its events (already read, so not read again)."""
    journey: Journey | None = None
    for event in events:
        journey = event.mutate(journey)
    assert journey is not None
    return journey


def _key(body: str, about: str, instrument: str, answer: str, when: object) -> tuple[object, ...]:
    return (body, about, instrument, answer.casefold(), when)


def _body_answer(answer: JourneyAnswer) -> BodyAnswer:
    return BodyAnswer(
        body=answer.body,
        about=answer.about,
        instrument=answer.instrument,
        answer=answer.answer,
        occurred_on=answer.occurred_at.date(),
        line=answer.line,
    )


def _require_body(app: JourneyApp, feedback: FeedbackFile, body: str, line: int) -> None:
    try:
        app.catalogue.require(body)
    except UnknownBodyError:
        raise FeedbackFileError(
            f"unknown body id {body!r}: it is not in the catalogue",
            source=feedback.path,
            line=line,
            value=body,
        ) from None


def _check_record(app: JourneyApp, feedback: FeedbackFile, record: BodyFeedbackRecord) -> None:
    try:
        checked_record(record)
        app.catalogue.require(record.body)
    except (JourneyRuleError, UnknownBodyError) as problem:
        raise FeedbackFileError(
            f"counts for {record.body!r} ({record.period_start}..{record.period_end}): {problem}",
            source=feedback.path,
        ) from None


def _error(feedback: FeedbackFile, answer: JourneyAnswer, message: str) -> FeedbackFileError:
    return FeedbackFileError(
        message,
        source=feedback.path,
        line=answer.line,
        column=answer.column,
        value=answer.reference,
    )
